package main

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"archivist/bot/discordtest"
)

// TestServeShards runs two `archivist serve`, shards 0 and 1 of 2, on one
// fake Discord and one index folder: a question in each of four guilds is
// answered once, by the process of the guild's shard; a /reload in shard 0
// reaches shard 1, which then answers from the new article.
func TestServeShards(t *testing.T) {
	fake := discordtest.NewServer(discordtest.Options{})
	defer fake.Close()
	env := testEnv(t)
	env["DISCORD_TOKEN"] = "test-token-not-secret"
	env["DISCORD_API_URL"] = fake.URL
	env["LOG_LEVEL"] = "debug"
	env["ADMIN_USER_IDS"] = "1000000000000000400" // the user of interaction_ask.json
	env["DISCORD_SHARD_COUNT"] = "2"

	var srvs []*serving
	for id := range 2 {
		e := maps.Clone(env)
		e["DISCORD_SHARD_ID"] = strconv.Itoa(id)
		srvs = append(srvs, startServeWith(t, e, func(m *Main) { m.FollowEvery = 100 * time.Millisecond }))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	logs := func() string {
		return "shard 0:\n" + srvs[0].stderr.String() + "\nshard 1:\n" + srvs[1].stderr.String()
	}
	if err := fake.WaitGateway(ctx, func(st discordtest.GatewayStats) bool { return st.LiveShards == 2 }); err != nil {
		t.Fatalf("two shards never live: %v; logs:\n%s", err, logs())
	}

	// interact dispatches a fresh /ask of question in guild (a /reload
	// when question is empty) and waits for an edit of its reply that
	// contains want; it returns the interaction's id.
	interact := func(guild, question, want string) string {
		t.Helper()
		ev, _ := askEvent(t, fake, question)
		id := fake.Snowflake()
		ev["id"], ev["token"], ev["guild_id"] = id, "token-"+id, guild
		ev["guild"].(map[string]any)["id"] = guild
		if question == "" {
			ev["data"] = map[string]any{"id": "1100000000000000014", "name": "reload", "type": 1}
		}
		if err := fake.Dispatch(ctx, "INTERACTION_CREATE", ev); err != nil {
			t.Fatal(err)
		}
		if _, err := fake.Wait(ctx, func(c discordtest.Call) bool {
			return discordtest.Match(discordtest.RouteEditOriginal, "token-"+id)(c) && bytes.Contains(c.Body, []byte(want))
		}); err != nil {
			t.Fatalf("guild %s: no reply with %q: %v; logs:\n%s", guild, want, err, logs())
		}
		if n := len(fake.Calls(discordtest.Match(discordtest.RouteCallback, "token-"+id))); n != 1 {
			t.Errorf("guild %s: %d interaction responses, want 1", guild, n)
		}
		return id
	}
	// handledBy checks that the interaction id reached the process of
	// guild's shard alone.
	handledBy := func(guild, id string) {
		t.Helper()
		want := discordtest.ShardOf(guild, 2)
		for n, s := range srvs {
			if got := strings.Contains(s.stderr.String(), "interaction="+id); got != (n == want) {
				t.Errorf("guild %s (shard %d): shard %d saw interaction %s = %v, want %v", guild, want, n, id, got, n == want)
			}
		}
	}

	var guilds []string
	for k := uint64(1); k <= 4; k++ {
		guilds = append(guilds, strconv.FormatUint(k<<22|k, 10)) // shards 1, 0, 1, 0
	}
	for _, g := range guilds {
		handledBy(g, interact(g, "How many researchers did Tencent's AI lab have?", "30 researchers"))
	}
	if n := len(fake.Calls(discordtest.Match(discordtest.RouteGlobalCommands, ""))); n != 1 {
		t.Errorf("%d command registrations, want 1 (by shard 0)", n)
	}

	// A new article, and /reload in a guild of shard 0.
	article := "---\nid: lighthouse\ntitle: Lighthouse relit\npublished: 2021-04-09\n---\n" +
		"The old lighthouse on Gannet Point was restored and relit in April 2021. Its lamp can be seen 23 nautical miles away.\n"
	if err := os.WriteFile(filepath.Join(env["ARCHIVE_DIR"], "lighthouse.md"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	handledBy(guilds[1], interact(guilds[1], "", "Reload done"))
	for !strings.Contains(srvs[1].stderr.String(), "index reloaded") {
		if ctx.Err() != nil {
			t.Fatalf("shard 1 never loaded the index shard 0 saved; logs:\n%s", logs())
		}
		time.Sleep(20 * time.Millisecond)
	}
	handledBy(guilds[0], interact(guilds[0], "How far away can the lamp of the Gannet Point lighthouse be seen?", "23 nautical miles"))

	for _, s := range srvs {
		s.stop(t)
		if strings.Contains(s.stderr.String(), env["DISCORD_TOKEN"]) {
			t.Error("a log holds the token")
		}
	}
}
