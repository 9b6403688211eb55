//go:build unix

package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"archivist/retrieval/embed"
)

// A named pipe given as the corpus file is skipped, named, never read: a
// read would block for good.
func TestUpdateSkipsANamedPipe(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "ferry.md"), []byte(ferry), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(root, "pipe.txt"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	h := embed.Hash(64)
	a, err := Open(context.Background(), Config{Corpus: os.DirFS(root), File: "pipe.txt", Embed: h.Embed, EmbedderName: h.Name})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	rep, err := a.Update(ctx)
	if err != nil {
		t.Fatalf("Update with a named pipe: %v", err)
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].Path != "pipe.txt" || !strings.Contains(rep.Skipped[0].Error, "not a regular file") {
		t.Errorf("Update skipped %+v, want pipe.txt as not a regular file", rep.Skipped)
	}
}
