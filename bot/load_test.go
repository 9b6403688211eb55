package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"archivist/bot/discordtest"
)

// TestLoad sends 200 /ask interactions at once from 50 users (4 each).
// Every one must be acknowledged within Discord's 3 seconds and then
// answered, or told it is rate limited; none may be lost. It logs the p50
// and p95 time from dispatch to acknowledgement and to answer. Under -race
// the time limits are generous; the checks on loss are not.
func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		rateLimit   int
		wantLimited int
	}{
		{"default rate limit", 0, 0},
		{"3 a minute", 3, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			load(t, Config{RateLimit: tt.rateLimit}, tt.wantLimited)
		})
	}
}

func load(t *testing.T, cfg Config, wantLimited int) {
	const (
		n     = 200
		users = 50
		work  = 10 * time.Millisecond // each answer's simulated work
	)
	ackLimit, answerLimit := 3*time.Second, 30*time.Second
	if raceEnabled {
		ackLimit, answerLimit = 10*time.Second, 120*time.Second
	}
	h := startBot(t, cfg)
	h.answerer.mu.Lock()
	h.answerer.work = work
	h.answerer.mu.Unlock()

	events := make([]event, n)
	for i := range events {
		events[i] = h.interaction(t, "interaction_ask.json").set("member.user.id", fmt.Sprint("load-user-", i%users))
	}
	sent := make([]time.Time, n)
	dispatched := make([]time.Duration, n) // how long Dispatch took
	var wg sync.WaitGroup
	for i, e := range events {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), waitFor)
			defer cancel()
			sent[i] = time.Now()
			if err := h.fake.Dispatch(ctx, "INTERACTION_CREATE", e); err != nil {
				t.Error(err)
			}
			dispatched[i] = time.Since(sent[i])
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	var ack, answer []time.Duration
	limited := 0
	for i, e := range events {
		token := e.str("token")
		cb := h.wait(t, discordtest.RouteCallback, token)
		ack = append(ack, cb.At.Sub(sent[i]))
		var body callback
		if err := cb.Decode(&body); err != nil {
			t.Fatal(err)
		}
		if body.Type == typeMessage {
			if body.Data == nil || !strings.Contains(body.Data.Content, "questions a minute") {
				t.Errorf("interaction %d answered at once with %s, want a rate-limit message", i, cb.Body)
			}
			limited++
			answer = append(answer, cb.At.Sub(sent[i]))
			continue
		}
		m := h.finalEdit(t, token)
		if !strings.Contains(m.all(), "1 June 1998") {
			t.Errorf("interaction %d answered %q, want the answer", i, m.all())
		}
		edit := h.wait(t, discordtest.RouteEditOriginal, token)
		answer = append(answer, edit.At.Sub(sent[i]))
	}
	if limited != wantLimited {
		t.Errorf("%d rate limited, want %d", limited, wantLimited)
	}
	slices.Sort(ack)
	slices.Sort(dispatched)
	slices.Sort(answer)
	if ack[n-1] > ackLimit {
		t.Errorf("slowest acknowledgement took %v, want at most %v", ack[n-1], ackLimit)
	}
	if answer[n-1] > answerLimit {
		t.Errorf("slowest answer took %v, want at most %v", answer[n-1], answerLimit)
	}
	t.Logf("%d /ask from %d users (race=%v, %v of work each, MaxInFlight %d): %d rate limited; "+
		"acknowledged p50 %v p95 %v max %v; answered p50 %v p95 %v max %v",
		n, users, raceEnabled, work, h.bot.cfg.MaxInFlight, limited,
		pct(ack, 50), pct(ack, 95), ack[n-1], pct(answer, 50), pct(answer, 95), answer[n-1])
	t.Logf("dispatch itself took p50 %v p95 %v max %v", pct(dispatched, 50), pct(dispatched, 95), dispatched[n-1])
	if t.Failed() {
		t.Logf("logs:\n%s", h.logs.String())
	}
}

// pct returns the p-th percentile of sorted ds, rounded to a millisecond.
func pct(ds []time.Duration, p int) time.Duration {
	i := (len(ds)*p+99)/100 - 1
	return ds[max(i, 0)].Round(time.Millisecond)
}
