package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"archivist/bot/discordtest"

	"github.com/gorilla/websocket"
)

// shard is one Bot of several on one fake Discord.
type shard struct {
	answerer *fakeAnswerer
	logs     *syncBuffer
}

// startShard runs a bot as shard id of count on fake, and waits until it is
// ready; Cleanup stops it and checks that Run returned nil and that no log
// holds the token.
func startShard(t *testing.T, fake *discordtest.Server, cfg Config, id, count int) *shard {
	t.Helper()
	sh := &shard{answerer: newFakeAnswerer(), logs: &syncBuffer{}}
	cfg.Token, cfg.APIURL = testToken, fake.URL
	cfg.ShardID, cfg.ShardCount = id, count
	b, err := New(cfg, sh.answerer, slogTo(sh.logs))
	if err != nil {
		t.Fatalf("New(shard %d of %d): %v", id, count, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-errc:
			if err != nil {
				t.Errorf("shard %d: Run = %v, want nil", id, err)
			}
		case <-time.After(waitFor):
			t.Errorf("shard %d: Run did not return after cancel", id)
		}
		if strings.Contains(sh.logs.String(), "s3cr3t") {
			t.Errorf("shard %d's logs hold the token", id)
		}
	})
	deadline := time.Now().Add(waitFor)
	for !strings.Contains(sh.logs.String(), `"msg":"bot ready"`) {
		select {
		case err := <-errc:
			t.Fatalf("shard %d: Run = %v before it was ready", id, err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("shard %d never ready:\n%s", id, sh.logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	return sh
}

// TestShards runs two bots, shards 0 and 1 of 2, on one fake Discord, and
// asks a question in each of six guilds spread over both, and one in a DM:
// each is answered exactly once, by the shard Discord sends its guild's
// events to (the DM by shard 0), and only shard 0 registers the commands.
func TestShards(t *testing.T) {
	t.Parallel()
	fake := discordtest.NewServer(discordtest.Options{RecommendedShards: 4})
	t.Cleanup(fake.Close)
	cfg := Config{DMs: DMsAllowed}
	shards := []*shard{startShard(t, fake, cfg, 0, 2), startShard(t, fake, cfg, 1, 2)}
	if st := fake.Gateway(); st.LiveShards != 2 {
		t.Fatalf("%d shards live on the fake, want 2", st.LiveShards)
	}

	var guilds []string
	for k := uint64(1); k <= 6; k++ {
		guilds = append(guilds, strconv.FormatUint(k<<22|k, 10)) // shards 1, 0, 1, 0, 1, 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	h := &harness{fake: fake, logs: &syncBuffer{}}
	var wg sync.WaitGroup
	for n, g := range guilds {
		question := "When did the bridge open? (guild " + strconv.Itoa(n) + ")"
		e := h.interaction(t, "interaction_ask.json").set("guild_id", g).set("guild.id", g).
			set("member.user.id", "u-shard-"+g).set("data.options.0.value", question)
		token := e.str("token")
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fake.Dispatch(ctx, "INTERACTION_CREATE", e); err != nil {
				t.Error(err)
				return
			}
			if _, err := fake.Wait(ctx, func(c discordtest.Call) bool {
				return discordtest.Match(discordtest.RouteEditOriginal, token)(c) && strings.Contains(string(c.Body), "1998")
			}); err != nil {
				t.Errorf("guild %s: no answer: %v", g, err)
			}
			if n := len(fake.Calls(discordtest.Match(discordtest.RouteCallback, token))); n != 1 {
				t.Errorf("guild %s: %d interaction responses, want 1", g, n)
			}
		}()
	}
	dm := h.message(t, "message_dm.json").set("author.id", "u-shard-dm").set("content", "What did the council vote on? (DM)")
	if err := fake.Dispatch(ctx, "MESSAGE_CREATE", dm); err != nil {
		t.Fatal(err)
	}
	h.replyTo(t, dm.str("id"))
	wg.Wait()

	for n, g := range guilds {
		question := "(guild " + strconv.Itoa(n) + ")"
		want := discordtest.ShardOf(g, 2)
		for id, sh := range shards {
			asked := slices.ContainsFunc(sh.answerer.questions(), func(q string) bool { return strings.HasSuffix(q, question) })
			if asked != (id == want) {
				t.Errorf("guild %s (shard %d): shard %d asked = %v, want %v", g, want, id, asked, id == want)
			}
		}
	}
	for id, sh := range shards {
		asked := slices.ContainsFunc(sh.answerer.questions(), func(q string) bool { return strings.HasSuffix(q, "(DM)") })
		if asked != (id == 0) {
			t.Errorf("DM: shard %d asked = %v, want %v", id, asked, id == 0)
		}
		if got := len(sh.answerer.questions()); got == 0 {
			t.Errorf("shard %d answered nothing, want the questions of its guilds", id)
		}
	}
	if n := len(fake.Calls(discordtest.Match(discordtest.RouteGlobalCommands, ""))); n != 1 {
		t.Errorf("%d command registrations, want 1 (by shard 0 alone)", n)
	}
	if !strings.Contains(shards[0].logs.String(), "Discord recommends 4 shards") {
		t.Errorf("shard 0 did not log Discord's recommended shard count:\n%s", shards[0].logs.String())
	}
	if strings.Contains(shards[1].logs.String(), "Discord recommends") {
		t.Errorf("shard 1 logged the recommended shard count too; want shard 0 alone to")
	}
}

func TestShardConfig(t *testing.T) {
	for _, c := range []struct {
		id, count int
		ok        bool
	}{
		{0, 0, true}, {0, 1, true}, {1, 2, true}, {3, 4, true},
		{1, 0, false}, {2, 2, false}, {-1, 2, false}, {0, -1, false},
	} {
		_, err := New(Config{Token: "t", ShardID: c.id, ShardCount: c.count}, newFakeAnswerer(), nil)
		if (err == nil) != c.ok {
			t.Errorf("New(shard %d of %d) = %v, want ok %v", c.id, c.count, err, c.ok)
		}
	}
}

func TestShardCloseErrors(t *testing.T) {
	for code, want := range map[int]error{closeShardingRequired: ErrShardingRequired, closeInvalidShard: ErrInvalidShard} {
		err := clean(testToken, fmt.Errorf("open: %w", &websocket.CloseError{Code: code, Text: "x"}))
		if !errors.Is(err, want) {
			t.Errorf("clean(close %d) = %v, want %v", code, err, want)
		}
	}
}
