package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"archivist/bot/discordtest"
)

// TestServeAnswersThroughDiscord runs `archivist serve` against the fake
// Discord: the wiring from the environment to an answered /ask.
func TestServeAnswersThroughDiscord(t *testing.T) {
	fake := discordtest.NewServer(discordtest.Options{})
	defer fake.Close()
	env := testEnv(t)
	env["DISCORD_TOKEN"] = "test-token-not-secret"
	env["DISCORD_API_URL"] = fake.URL

	srv := startServe(t, env)
	ctx, stderr := srv.ctx, srv.stderr

	wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
	defer wcancel()
	reg, err := fake.Wait(wctx, discordtest.Match(discordtest.RouteGlobalCommands, ""))
	if err != nil {
		t.Fatalf("commands never registered: %v; log:\n%s", err, stderr.String())
	}
	// With no ALLOWED_GUILD_IDS and no ALLOW_DMS, DMs are answered, so
	// the commands may be used in DMs too.
	if !bytes.Contains(reg.Body, []byte(`"contexts":[0,1]`)) {
		t.Errorf("commands registered as %s, want contexts [0,1] (guilds and DMs)", reg.Body)
	}

	ask, token := askEvent(t, fake, "How many researchers did Tencent's AI lab have?")
	if err := fake.Dispatch(wctx, "INTERACTION_CREATE", ask); err != nil {
		t.Fatal(err)
	}
	edit, err := fake.Wait(wctx, func(c discordtest.Call) bool {
		return discordtest.Match(discordtest.RouteEditOriginal, token)(c) && bytes.Contains(c.Body, []byte("30 researchers"))
	})
	if err != nil {
		t.Fatalf("no answer edited in: %v; log:\n%s", err, stderr.String())
	}
	if !bytes.Contains(edit.Body, []byte(`"parse":[]`)) {
		t.Errorf("the answer's edit lacks allowed_mentions parse []: %s", edit.Body)
	}

	srv.stop(t)
	if strings.Contains(stderr.String(), env["DISCORD_TOKEN"]) {
		t.Error("the log holds the token")
	}
}

// TestServeTokenRejected runs `archivist serve` against a Discord that
// refuses the token and echoes it back: serve exits 1 with one line that
// says so, and the token is nowhere on stderr.
func TestServeTokenRejected(t *testing.T) {
	fake := discordtest.NewServer(discordtest.Options{})
	defer fake.Close()
	fake.RejectToken()
	env := testEnv(t)
	env["DISCORD_TOKEN"] = "secret-token-XYZ"
	env["DISCORD_API_URL"] = fake.URL
	env["LOG_LEVEL"] = "debug"

	_, stderr, code := run(t, env, "serve")
	if code != exitFailure {
		t.Errorf("serve exit %d, want %d", code, exitFailure)
	}
	if !strings.Contains(stderr, "Discord rejected the token (HTTP 401)") || !strings.Contains(stderr, "DISCORD_TOKEN") {
		t.Errorf("stderr = %q, want it to say Discord rejected the token and name DISCORD_TOKEN", stderr)
	}
	if strings.Contains(stderr, "secret-token-XYZ") {
		t.Errorf("stderr holds the token:\n%s", stderr)
	}
	if len(fake.Calls(nil)) == 0 {
		t.Errorf("serve never reached the fake Discord")
	}
}

// serving is `archivist serve` running in the background.
type serving struct {
	ctx    context.Context // ends when the test stops serve
	stderr *lockedBuffer
	cancel context.CancelFunc
	done   chan int
}

// startServe runs `archivist serve` with env as its environment, in the
// background; Cleanup stops it if the test has not.
func startServe(t *testing.T, env map[string]string) *serving {
	t.Helper()
	return startServeWith(t, env, nil)
}

// startServeWith is startServe with set, when not nil, called on the Main
// before it runs.
func startServeWith(t *testing.T, env map[string]string, set func(*Main)) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{ctx: ctx, stderr: &lockedBuffer{}, cancel: cancel, done: make(chan int, 1)}
	m := &Main{Stdout: io.Discard, Stderr: s.stderr, Getenv: func(k string) string { return env[k] }}
	if set != nil {
		set(m)
	}
	go func() {
		s.done <- m.Run(ctx, []string{"serve"})
	}()
	t.Cleanup(cancel)
	return s
}

// stop cancels serve and checks that it exits 0 within 30 s.
func (s *serving) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.done:
		if code != 0 {
			t.Errorf("serve exit %d after cancel, want 0; log:\n%s", code, s.stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
}
