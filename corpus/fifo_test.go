//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package corpus

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// mkfifos makes a named pipe at each name under dir.
func mkfifos(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, name := range names {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(path, 0o644); err != nil {
			t.Skipf("cannot make a named pipe: %v", err)
		}
	}
}

// within runs f and fails the test when it has not returned after d. Any
// reader stuck opening one of the named pipes is then let go, by opening
// their other ends until f returns, so that the test ends instead of
// hanging.
func within(t *testing.T, d time.Duration, pipes []string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		return
	case <-time.After(d):
	}
	for {
		for _, p := range pipes {
			if w, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				w.Close()
			}
		}
		select {
		case <-done:
			t.Fatalf("still reading after %v: a named pipe was opened", d)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// TestNamedPipeOnDisk checks that a named pipe in the corpus, or a link to
// one, is skipped without being opened: opening it waits for a writer that
// never comes.
func TestNamedPipeOnDisk(t *testing.T) {
	dir := t.TempDir()
	mkfifos(t, dir, "pipe.txt", "news/feed.jsonl", "pipe-without-extension")
	for name, data := range map[string]string{"a.txt": "A regular file.", "news/b.md": "Another regular file."} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{"to-pipe.md": "pipe.txt", "to-a.txt": "news/b.md"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	pipes := []string{filepath.Join(dir, "pipe.txt"), filepath.Join(dir, "news", "feed.jsonl")}
	fsys := os.DirFS(dir)
	wantSkipped := []Skipped{
		{"news/feed.jsonl", "not a regular file (named pipe)"},
		{"pipe.txt", "not a regular file (named pipe)"},
		{"to-pipe.md", "not a regular file (named pipe)"},
	}

	t.Run("Files", func(t *testing.T) {
		files, skipped, err := Files(fsys)
		if err != nil {
			t.Fatalf("Files: %v", err)
		}
		if diff := cmp.Diff([]string{"a.txt", "news/b.md", "to-a.txt"}, files); diff != "" {
			t.Errorf("Files (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(wantSkipped, skipped); diff != "" {
			t.Errorf("Files skipped (-want +got):\n%s", diff)
		}
	})
	t.Run("Read", func(t *testing.T) {
		within(t, 5*time.Second, pipes, func() {
			arts, _, skipped, err := Read(fsys, Options{})
			if err != nil {
				t.Errorf("Read: %v", err)
			}
			if len(arts) != 2 {
				t.Errorf("Read gave %d articles, want 2 (a.txt and news/b.md)", len(arts))
			}
			if diff := cmp.Diff(wantSkipped, skipped); diff != "" {
				t.Errorf("Read skipped (-want +got):\n%s", diff)
			}
		})
	})
	// The single-file case: ReadFile is given the pipe's name itself.
	for _, name := range []string{"pipe.txt", "news/feed.jsonl", "to-pipe.md"} {
		t.Run("ReadFile "+name, func(t *testing.T) {
			within(t, 5*time.Second, pipes, func() {
				arts, skipped := ReadFile(fsys, name, Options{})
				want := []Skipped{{name, "not a regular file (named pipe)"}}
				if len(arts) != 0 || !cmp.Equal(want, skipped) {
					t.Errorf("ReadFile(%s) = %d articles, skipped %v; want none, %v", name, len(arts), skipped, want)
				}
			})
		})
	}
}
