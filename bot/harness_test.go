package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"archivist/bot/discordtest"
)

// testToken is the bot token of every test: no log may contain it.
const testToken = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GsEcRt.s3cr3t-t0ken-never-logged"

// waitFor bounds every wait on the fake Discord.
const waitFor = 20 * time.Second

// syncBuffer is a bytes.Buffer safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// slogTo returns a debug-level JSON logger writing to w.
func slogTo(w *syncBuffer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// harness is a Bot running against a fake Discord.
type harness struct {
	fake     *discordtest.Server
	answerer *fakeAnswerer
	bot      *Bot
	logs     *syncBuffer
	stop     func() error // cancels Run and returns its error
}

// startBot runs a bot with cfg (its Token and APIURL set to the fake's)
// and waits until it has registered its commands. Cleanup stops it and
// checks what every test must hold: Run returns nil, no log holds the
// token, and every message sent carried allowed_mentions parse [].
func startBot(t *testing.T, cfg Config) *harness {
	t.Helper()
	return startBotWith(t, cfg, nil)
}

// startBotWith is startBot with prepare, when set, called on the fake
// before the bot connects.
func startBotWith(t *testing.T, cfg Config, prepare func(*discordtest.Server)) *harness {
	t.Helper()
	fake := discordtest.NewServer(discordtest.Options{})
	if prepare != nil {
		prepare(fake)
	}
	h := &harness{fake: fake, answerer: newFakeAnswerer(), logs: &syncBuffer{}}
	cfg.Token = testToken
	cfg.APIURL = fake.URL
	b, err := New(cfg, h.answerer, slogTo(h.logs))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h.bot = b
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- b.Run(ctx) }()
	var once sync.Once
	var runErr error
	h.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-errc:
			case <-time.After(waitFor):
				runErr = context.DeadlineExceeded
			}
		})
		return runErr
	}
	t.Cleanup(func() {
		if err := h.stop(); err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
		fake.Close()
		if strings.Contains(h.logs.String(), "s3cr3t") {
			t.Errorf("the logs hold the token:\n%s", h.logs.String())
		}
		checkNoMentions(t, fake.Calls(nil))
	})
	wctx, wcancel := context.WithTimeout(context.Background(), waitFor)
	defer wcancel()
	registered := func(c discordtest.Call) bool {
		return c.Route == discordtest.RouteGuildCommands || c.Route == discordtest.RouteGlobalCommands
	}
	if _, err := fake.Wait(wctx, registered); err != nil {
		select {
		case err := <-errc:
			t.Fatalf("Run = %v before registering commands", err)
		default:
		}
		t.Fatalf("commands never registered: %v", err)
	}
	for !strings.Contains(h.logs.String(), `"msg":"bot ready"`) {
		if wctx.Err() != nil {
			t.Fatalf("no start-up log line:\n%s", h.logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	return h
}

// checkNoMentions checks that every message the bot sent, edited or
// acknowledged carried allowed_mentions with an empty parse list. A
// deferred update (type 6), which sends no message, carries none.
func checkNoMentions(t *testing.T, calls []discordtest.Call) {
	t.Helper()
	for _, c := range calls {
		switch c.Route {
		case discordtest.RouteCallback, discordtest.RouteEditOriginal, discordtest.RouteFollowup,
			discordtest.RouteEditFollowup, discordtest.RouteChannelMessage:
		default:
			continue
		}
		var body struct {
			Type            int          `json:"type"`
			Data            *messageBody `json:"data"`
			AllowedMentions *struct {
				Parse *[]string `json:"parse"`
			} `json:"allowed_mentions"`
		}
		if err := c.Decode(&body); err != nil {
			t.Errorf("%s: %v", c.Route, err)
			continue
		}
		if c.Route == discordtest.RouteCallback && body.Type == 6 && body.Data == nil {
			continue
		}
		am := body.AllowedMentions
		if body.Data != nil {
			am = body.Data.AllowedMentions
		}
		if am == nil || am.Parse == nil || len(*am.Parse) != 0 {
			t.Errorf("%s %s sent allowed_mentions %s, want {\"parse\": []}", c.Method, c.Path, c.Body)
		}
	}
}

// messageBody is the part of a sent message the tests read: the body of an
// edit or a channel message, or the data of an interaction response.
type messageBody struct {
	Content         string            `json:"content"`
	Flags           int               `json:"flags"`
	Embeds          []embedBody       `json:"embeds"`
	Components      []json.RawMessage `json:"components"`
	AllowedMentions *struct {
		Parse *[]string `json:"parse"`
	} `json:"allowed_mentions"`
	Reference *struct {
		MessageID string `json:"message_id"`
	} `json:"message_reference"`
}

type embedBody struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Fields      []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"fields"`
	Footer *struct {
		Text string `json:"text"`
	} `json:"footer"`
}

// callback is an interaction response as recorded.
type callback struct {
	Type int          `json:"type"`
	Data *messageBody `json:"data"`
}

// all returns the message's text: content, embed titles, descriptions,
// fields and footers.
func (m messageBody) all() string {
	var b strings.Builder
	b.WriteString(m.Content)
	for _, e := range m.Embeds {
		b.WriteString("\n" + e.Title + "\n" + e.Description)
		for _, f := range e.Fields {
			b.WriteString("\n" + f.Name + "\n" + f.Value)
		}
		if e.Footer != nil {
			b.WriteString("\n" + e.Footer.Text)
		}
	}
	return b.String()
}

// event is a gateway payload from testdata, to edit and dispatch.
type event map[string]any

// loadEvent reads testdata/name.
func loadEvent(t *testing.T, name string) event {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var e event
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return e
}

// set sets the value at a dotted path such as "member.user.id" or
// "data.options.0.value", creating objects on the way.
func (e event) set(path string, v any) event {
	keys := strings.Split(path, ".")
	var cur any = map[string]any(e)
	for i, k := range keys {
		last := i == len(keys)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				c[k] = v
				return e
			}
			if c[k] == nil {
				c[k] = map[string]any{}
			}
			cur = c[k]
		case []any:
			n, _ := strconv.Atoi(k)
			if last {
				c[n] = v
				return e
			}
			cur = c[n]
		}
	}
	return e
}

func (e event) str(key string) string {
	s, _ := e[key].(string)
	return s
}

// interaction loads an interaction from testdata with a fresh id and token.
func (h *harness) interaction(t *testing.T, name string) event {
	id := h.fake.Snowflake()
	return loadEvent(t, name).set("id", id).set("token", "token-"+id).set("application_id", h.fake.AppID())
}

// message loads a message from testdata with a fresh id.
func (h *harness) message(t *testing.T, name string) event {
	return loadEvent(t, name).set("id", h.fake.Snowflake())
}

// dispatch sends a gateway event to the bot.
func (h *harness) dispatch(t *testing.T, typ string, e event) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	if err := h.fake.Dispatch(ctx, typ, e); err != nil {
		t.Fatal(err)
	}
}

// ask dispatches e as an interaction and returns its token.
func (h *harness) interact(t *testing.T, e event) string {
	t.Helper()
	h.dispatch(t, "INTERACTION_CREATE", e)
	return e.str("token")
}

// wait returns the first successful call on route with the token.
func (h *harness) wait(t *testing.T, route, token string) discordtest.Call {
	t.Helper()
	return h.waitMatch(t, discordtest.Match(route, token))
}

func (h *harness) waitMatch(t *testing.T, match func(discordtest.Call) bool) discordtest.Call {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	c, err := h.fake.Wait(ctx, match)
	if err != nil {
		t.Fatalf("%v\nlogs:\n%s", err, h.logs.String())
	}
	return c
}

// callbackOf waits for the interaction's response and decodes it.
func (h *harness) callbackOf(t *testing.T, token string) callback {
	t.Helper()
	var cb callback
	if err := h.wait(t, discordtest.RouteCallback, token).Decode(&cb); err != nil {
		t.Fatal(err)
	}
	if cb.Data == nil {
		cb.Data = &messageBody{}
	}
	return cb
}

// finalEdit waits for the edit of the interaction's reply that ends it: the
// one with no "Writing" footer.
func (h *harness) finalEdit(t *testing.T, token string) messageBody {
	t.Helper()
	c := h.waitMatch(t, func(c discordtest.Call) bool {
		return discordtest.Match(discordtest.RouteEditOriginal, token)(c) && !bytes.Contains(c.Body, []byte("Writing the answer"))
	})
	var m messageBody
	if err := c.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// replyTo waits for the channel message that replies to message id.
func (h *harness) replyTo(t *testing.T, id string) messageBody {
	t.Helper()
	var m messageBody
	h.waitMatch(t, func(c discordtest.Call) bool {
		if !discordtest.Match(discordtest.RouteChannelMessage, "")(c) {
			return false
		}
		var b messageBody
		if c.Decode(&b) != nil || b.Reference == nil || b.Reference.MessageID != id {
			return false
		}
		m = b
		return true
	})
	return m
}
