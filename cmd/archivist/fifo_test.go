//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestIndexSkipsNamedPipe runs index over a corpus that holds a named pipe:
// it must finish, and name the pipe in skipped, rather than wait for ever
// for a writer.
func TestIndexSkipsNamedPipe(t *testing.T) {
	env := testEnv(t)
	pipe := filepath.Join(env["ARCHIVE_DIR"], "pipe.txt")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	type result struct {
		out, stderr string
		code        int
	}
	done := make(chan result, 1)
	go func() {
		out, stderr, code := run(t, env, "index", "--json")
		done <- result{out, stderr, code}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(30 * time.Second):
		// Let a reader stuck in open go, so that the test ends.
		for {
			if w, err := os.OpenFile(pipe, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				w.Close()
			}
			select {
			case <-done:
				t.Fatal("index still running after 30s: it opened the named pipe")
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	if r.code != 0 {
		t.Fatalf("index exit %d, stderr %s", r.code, r.stderr)
	}
	var rep struct {
		Articles int
		Skipped  []struct{ Path, Error string }
	}
	if err := json.Unmarshal([]byte(r.out), &rep); err != nil {
		t.Fatalf("index --json printed %q: %v", r.out, err)
	}
	want := struct{ Path, Error string }{"pipe.txt", "not a regular file (named pipe)"}
	if rep.Articles != 4 || len(rep.Skipped) != 1 || rep.Skipped[0] != want {
		t.Errorf("index = %d articles, skipped %v; want 4 articles and %v", rep.Articles, rep.Skipped, want)
	}
}
