package bot

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"archivist/bot/discordtest"
	"archivist/retrieval"
)

// question is one Question a recordedMetrics was told of.
type question struct {
	source  Source
	outcome Outcome
	took    time.Duration
}

// recordedMetrics is a Metrics that remembers what it is told.
type recordedMetrics struct {
	mu          sync.Mutex // guards the fields below
	questions   []question
	searches    []Outcome
	fallbacks   int
	reloads     []bool
	gateway     []bool
	rateLimited []string
	changed     chan struct{} // closed and replaced on every call
}

func newRecordedMetrics() *recordedMetrics {
	return &recordedMetrics{changed: make(chan struct{})}
}

func (m *recordedMetrics) record(f func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f()
	close(m.changed)
	m.changed = make(chan struct{})
}

func (m *recordedMetrics) Question(s Source, o Outcome, took time.Duration) {
	m.record(func() { m.questions = append(m.questions, question{s, o, took}) })
}
func (m *recordedMetrics) Search(o Outcome) { m.record(func() { m.searches = append(m.searches, o) }) }
func (m *recordedMetrics) LLMFallback()     { m.record(func() { m.fallbacks++ }) }
func (m *recordedMetrics) Reload(ok bool, _ time.Duration, _ retrieval.Report) {
	m.record(func() { m.reloads = append(m.reloads, ok) })
}
func (m *recordedMetrics) Gateway(up bool) { m.record(func() { m.gateway = append(m.gateway, up) }) }
func (m *recordedMetrics) RateLimited(request string) {
	m.record(func() { m.rateLimited = append(m.rateLimited, request) })
}

// wait waits until cond, called with m.mu held, holds.
func (m *recordedMetrics) wait(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(waitFor)
	for {
		m.mu.Lock()
		ok, ch := cond(), m.changed
		m.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			m.mu.Lock()
			defer m.mu.Unlock()
			t.Fatalf("%s: never recorded; questions %v, searches %v, gateway %v", what, m.questions, m.searches, m.gateway)
		}
	}
}

// TestMetricsOutcomes asks questions that end every way, each as its own
// user, and checks the one Question each records.
func TestMetricsOutcomes(t *testing.T) {
	t.Parallel()
	m := newRecordedMetrics()
	cfg := sharedConfig()
	cfg.Metrics = m
	cfg.RateLimit = 1
	h := startBot(t, cfg)
	ask := func(user, q string) event {
		return h.interaction(t, "interaction_ask.json").set("member.user.id", user).set("data.options.0.value", q)
	}
	mention := func(user, q string) event {
		return h.message(t, "message_mention.json").set("author.id", user).set("content", "<@"+h.fake.BotID()+"> "+q)
	}
	tests := []struct {
		name string
		send func(t *testing.T)
		want question
	}{
		{"slash answered", func(t *testing.T) { h.finalEdit(t, h.interact(t, ask("u-1", "When did the bridge open?"))) },
			question{SourceSlash, OutcomeAnswered, 1}},
		{"slash abstained", func(t *testing.T) { h.finalEdit(t, h.interact(t, ask("u-2", "Who painted the moon?"))) },
			question{SourceSlash, OutcomeAbstained, 1}},
		{"slash failed", func(t *testing.T) { h.finalEdit(t, h.interact(t, ask("u-3", "explode"))) },
			question{SourceSlash, OutcomeFailed, 0}},
		{"slash refused: bad date", func(t *testing.T) {
			e := ask("u-4", "When did the bridge open?")
			e["data"].(map[string]any)["options"] = append(e["data"].(map[string]any)["options"].([]any),
				map[string]any{"name": "from", "type": 3, "value": "31/12/2019"})
			h.callbackOf(t, h.interact(t, e))
		}, question{SourceSlash, OutcomeRefused, 0}},
		{"slash rate limited", func(t *testing.T) {
			h.finalEdit(t, h.interact(t, ask("u-5", "When did the bridge open?")))
			m.wait(t, "the first question", func() bool { return len(m.questions) > 0 })
			m.mu.Lock()
			m.questions = nil
			m.mu.Unlock()
			h.callbackOf(t, h.interact(t, ask("u-5", "When did the bridge open?")))
		}, question{SourceSlash, OutcomeRateLimited, 0}},
		{"mention answered", func(t *testing.T) {
			e := mention("u-6", "When did the bridge open?")
			h.dispatch(t, "MESSAGE_CREATE", e)
			h.replyTo(t, e.str("id"))
		}, question{SourceMention, OutcomeAnswered, 1}},
		{"mention refused: no question", func(t *testing.T) {
			e := mention("u-7", "")
			h.dispatch(t, "MESSAGE_CREATE", e)
			h.replyTo(t, e.str("id"))
		}, question{SourceMention, OutcomeRefused, 0}},
		{"DM answered", func(t *testing.T) {
			e := h.message(t, "message_dm.json").set("author.id", "u-8")
			h.dispatch(t, "MESSAGE_CREATE", e)
			h.replyTo(t, e.str("id"))
		}, question{SourceDM, OutcomeAnswered, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m.mu.Lock()
			m.questions = nil
			m.mu.Unlock()
			tt.send(t)
			m.wait(t, tt.name, func() bool { return len(m.questions) > 0 })
			m.mu.Lock()
			got := m.questions
			m.mu.Unlock()
			if len(got) != 1 {
				t.Fatalf("recorded %v, want one question", got)
			}
			if got[0].source != tt.want.source || got[0].outcome != tt.want.outcome || (got[0].took > 0) != (tt.want.took > 0) {
				t.Errorf("recorded %v, want %s %s with a duration: %v", got[0], tt.want.source, tt.want.outcome, tt.want.took > 0)
			}
		})
	}

	t.Run("search, fallback, reload and a 429", func(t *testing.T) {
		h.fake.RateLimit(discordtest.RouteCallback, 50*time.Millisecond, 1)
		e := h.interaction(t, "interaction_search.json").set("member.user.id", "u-search")
		h.finalEdit(t, h.interact(t, e))
		h.finalEdit(t, h.interact(t, ask("u-fallback", "fallback: when did the bridge open?")))
		h.reloadOutcome(t, h.reloadBy(t, adminUser, memberPerms))
		m.wait(t, "search, fallback and reload", func() bool {
			return len(m.searches) == 1 && m.fallbacks == 1 && len(m.reloads) == 1 && len(m.rateLimited) == 1
		})
		m.mu.Lock()
		defer m.mu.Unlock()
		if got, want := fmt.Sprint(m.searches, m.reloads, m.rateLimited), fmt.Sprint([]Outcome{OutcomeAnswered}, []bool{true}, []string{"ack"}); got != want {
			t.Errorf("searches, reloads, 429s = %s, want %s", got, want)
		}
	})
}

// TestMetricsGateway drops the gateway and refuses it for a while: the
// bot records it down, then up again once it reconnects.
func TestMetricsGateway(t *testing.T) {
	t.Parallel()
	m := newRecordedMetrics()
	h := startBot(t, Config{Metrics: m})
	m.wait(t, "connected", func() bool { return slices.Equal(m.gateway, []bool{true}) })

	h.fake.RefuseGateway(true)
	h.fake.DropConnection()
	m.wait(t, "disconnected", func() bool { return slices.Equal(m.gateway, []bool{true, false}) })
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	if err := h.fake.WaitGateway(ctx, func(s discordtest.GatewayStats) bool { return s.Refused > 0 }); err != nil {
		t.Fatal(err)
	}
	h.fake.RefuseGateway(false)
	m.wait(t, "reconnected", func() bool { return len(m.gateway) == 3 })
	m.mu.Lock()
	got := slices.Clone(m.gateway)
	m.mu.Unlock()
	if !slices.Equal(got, []bool{true, false, true}) {
		t.Errorf("gateway = %v, want [true false true]", got)
	}
}
