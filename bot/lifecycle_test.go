package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"archivist/bot/discordtest"
)

func TestNewChecksConfig(t *testing.T) {
	a := newFakeAnswerer()
	tests := []struct {
		name string
		cfg  Config
		a    Answerer
		want string
	}{
		{"no token", Config{}, a, "no token"},
		{"no answerer", Config{Token: testToken}, nil, "no answerer"},
		{"API URL with a path", Config{Token: testToken, APIURL: "http://127.0.0.1:9/api"}, a, "has a path"},
		{"API URL not http", Config{Token: testToken, APIURL: "ftp://example"}, a, "not an http(s) origin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg, tt.a, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New = %v, want an error saying %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("New's error %q holds the token", err)
			}
		})
	}
	if _, err := New(Config{Token: testToken, APIURL: "http://127.0.0.1:8080/"}, a, nil); err != nil {
		t.Errorf("New with an origin and a trailing slash = %v, want nil", err)
	}
}

func TestRunFailsWithoutDiscord(t *testing.T) {
	t.Parallel()
	fake := discordtest.NewServer(discordtest.Options{})
	fake.Fail(discordtest.RouteGateway, 401, 1)
	defer fake.Close()
	logs := &syncBuffer{}
	b, err := New(Config{Token: testToken, APIURL: fake.URL}, newFakeAnswerer(), slogTo(logs))
	if err != nil {
		t.Fatal(err)
	}
	err = b.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "open gateway") {
		t.Errorf("Run = %v, want an error opening the gateway", err)
	}
	if strings.Contains(err.Error()+logs.String(), "s3cr3t") {
		t.Errorf("the error or the logs hold the token: %v\n%s", err, logs.String())
	}
}

// TestGatewayDrop drops the gateway connection twice: the bot resumes its
// session the first time, identifies again when the session is gone, and
// answers /ask after each.
func TestGatewayDrop(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	if n := len(h.fake.Calls(discordtest.Match(discordtest.RouteGlobalCommands, ""))); n != 1 {
		t.Errorf("%d global command overwrites, want 1 (no guild configured)", n)
	}
	if !strings.Contains(h.logs.String(), `"commands":"global"`) {
		t.Errorf("start-up log lacks the global scope")
	}
	ask := func(user string) {
		t.Helper()
		if got := h.askAbout(t, user, "When did the bridge open?"); !strings.Contains(got, "1 June 1998") {
			t.Errorf("answer = %q, want the bridge's date", got)
		}
	}
	ask("u-1")
	waitGateway := func(what string, cond func(discordtest.GatewayStats) bool) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), waitFor)
		defer cancel()
		if err := h.fake.WaitGateway(ctx, cond); err != nil {
			st := h.fake.Gateway()
			st.Token = "(hidden)"
			t.Fatalf("%s: %v; gateway %+v", what, err, st)
		}
	}

	h.fake.DropConnection()
	waitGateway("resume", func(s discordtest.GatewayStats) bool { return s.Resumes == 1 && s.Live })
	ask("u-2")
	if got := h.fake.Gateway().Identifies; got != 1 {
		t.Errorf("%d identifies after a resume, want 1", got)
	}

	// discordgo may race its own reconnects here and identify more than
	// once (seen once in many runs under -race); what matters is that it
	// identifies again and answers.
	h.fake.InvalidateSessions()
	h.fake.DropConnection()
	waitGateway("identify again", func(s discordtest.GatewayStats) bool { return s.Identifies >= 2 && s.Live })
	ask("u-3")
}

// TestRateLimitedRequests makes Discord answer 429 to an acknowledgement
// and to an edit: the bot waits retry_after and sends them again.
func TestRateLimitedRequests(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	const retryAfter = 400 * time.Millisecond
	h.fake.RateLimit(discordtest.RouteCallback, retryAfter, 1)
	h.fake.RateLimit(discordtest.RouteEditOriginal, retryAfter, 1)

	sent := time.Now()
	token := h.interact(t, h.interaction(t, "interaction_ask.json"))
	m := h.finalEdit(t, token)
	if !strings.Contains(m.all(), "1 June 1998") {
		t.Errorf("answer = %q, want the bridge's date", m.all())
	}
	for _, route := range []string{discordtest.RouteCallback, discordtest.RouteEditOriginal} {
		calls := h.fake.Calls(func(c discordtest.Call) bool { return c.Route == route && c.Token == token })
		if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 200 {
			var st []int
			for _, c := range calls {
				st = append(st, c.Status)
			}
			t.Fatalf("%s answered %v, want [429 200]", route, st)
		}
		if gap := calls[1].At.Sub(calls[0].At); gap < retryAfter {
			t.Errorf("%s retried after %v, want at least retry_after %v", route, gap, retryAfter)
		}
	}
	ack := h.fake.Calls(discordtest.Match(discordtest.RouteCallback, token))[0]
	if d := ack.At.Sub(sent); d > 3*time.Second {
		t.Errorf("acknowledged after %v, want under 3 s despite the 429", d)
	}
}

// TestShutdown cancels Run while answers are in flight: a short one
// finishes before Run returns; one longer than ShutdownTimeout is cancelled
// and its user told.
func TestShutdown(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{ShutdownTimeout: 1500 * time.Millisecond})
	h.answerer.setSlow(500 * time.Millisecond)
	short := h.interact(t, h.interaction(t, "interaction_ask.json").set("member.user.id", "u-short").
		set("data.options.0.value", "slow bridge"))
	h.callbackOf(t, short)
	start := time.Now()
	if err := h.stop(); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	took := time.Since(start)
	edits := h.fake.Calls(discordtest.Match(discordtest.RouteEditOriginal, short))
	if len(edits) != 1 || !strings.Contains(string(edits[0].Body), "1 June 1998") {
		t.Errorf("the answer in flight was not sent before Run returned: %d edits", len(edits))
	}
	if took > 10*time.Second {
		t.Errorf("Run took %v to return, want the shutdown bounded", took)
	}
}

func TestShutdownIsBounded(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{ShutdownTimeout: 300 * time.Millisecond})
	h.answerer.setSlow(time.Hour)
	long := h.interact(t, h.interaction(t, "interaction_ask.json").set("member.user.id", "u-long").
		set("data.options.0.value", "slow bridge"))
	h.callbackOf(t, long)
	start := time.Now()
	if err := h.stop(); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("Run took %v to return, want about ShutdownTimeout plus the gateway's close", took)
	}
	edits := h.fake.Calls(discordtest.Match(discordtest.RouteEditOriginal, long))
	if len(edits) != 1 || !strings.Contains(string(edits[0].Body), msgStopping) {
		t.Errorf("edits = %d, want one telling the user %q", len(edits), msgStopping)
	}
}

// TestTokenNeverLogged runs failures of every kind at debug level and
// checks that no log line holds the token (startBot's cleanup checks it
// for every other test too).
func TestTokenNeverLogged(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	h.fake.Fail(discordtest.RouteEditOriginal, 500, 1)
	h.fake.Fail(discordtest.RouteChannelMessage, 403, 1)
	a := h.interact(t, h.interaction(t, "interaction_ask.json"))
	h.waitMatch(t, func(c discordtest.Call) bool { return c.Route == discordtest.RouteEditOriginal && c.Token == a })
	h.askAbout(t, "u-explode", "explode")
	dm := h.message(t, "message_dm.json")
	h.dispatch(t, "MESSAGE_CREATE", dm)
	h.waitMatch(t, func(c discordtest.Call) bool {
		return c.Route == discordtest.RouteChannelMessage && strings.Contains(string(c.Body), dm.str("id"))
	})
	for !strings.Contains(h.logs.String(), "reply to message") {
		time.Sleep(10 * time.Millisecond)
	}
	h.stop()
	logs := h.logs.String()
	for _, want := range []string{"edit interaction reply", "500", "reply to message", "unexpected EOF"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, "s3cr3t") {
		t.Errorf("logs hold the token")
	}
}

// TestBusy holds the only answer slot: a second question waits its turn
// for QueueTimeout, then is told the bot is busy.
func TestBusy(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{MaxInFlight: 1, QueueTimeout: 200 * time.Millisecond})
	h.answerer.setSlow(2 * time.Second)
	slow := h.interact(t, h.interaction(t, "interaction_ask.json").set("member.user.id", "u-slow").
		set("data.options.0.value", "slow bridge"))
	h.callbackOf(t, slow)
	for len(h.answerer.questions()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	waiting := h.interact(t, h.interaction(t, "interaction_ask.json").set("member.user.id", "u-waiting"))
	if got := h.finalEdit(t, waiting).Content; got != msgBusy {
		t.Errorf("second question got %q, want %q", got, msgBusy)
	}
	if got := h.finalEdit(t, slow).all(); !strings.Contains(got, "1 June 1998") {
		t.Errorf("first question got %q, want its answer", got)
	}
}

// TestTokenRejected runs the bot against a Discord that refuses its token
// and echoes it back in the 401's message (issue #11, item 4): Run's error
// says plainly that Discord rejected the token, and neither it nor the log
// holds the token.
func TestTokenRejected(t *testing.T) {
	t.Parallel()
	fake := discordtest.NewServer(discordtest.Options{})
	defer fake.Close()
	fake.RejectToken()
	logs := &syncBuffer{}
	b, err := New(Config{Token: testToken, APIURL: fake.URL}, newFakeAnswerer(), slogTo(logs))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	err = b.Run(ctx)
	if err == nil {
		t.Fatal("Run = nil, want an error")
	}
	if !errors.Is(err, ErrTokenRejected) || !strings.Contains(err.Error(), "Discord rejected the token (HTTP 401)") {
		t.Errorf("Run = %q, want it to say Discord rejected the token (HTTP 401)", err)
	}
	if calls := fake.Calls(nil); len(calls) == 0 || !strings.Contains(string(calls[0].Header.Get("Authorization")), "s3cr3t") {
		t.Fatalf("the fake saw no request with the token; the test proves nothing")
	}
	if strings.Contains(err.Error()+logs.String(), "s3cr3t") {
		t.Errorf("the error or the logs hold the token: %v\n%s", err, logs.String())
	}
}
