package retrieval

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"archivist/retrieval/internal/store"
)

// dirState is every file of dir with its size and time, to show that
// nothing was written.
func dirState(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if info, err := d.Info(); err == nil {
			out[p] = fmt.Sprint(info.ModTime(), info.Mode(), info.Size())
		}
		return nil
	})
	return out
}

func TestCheckIndex(t *testing.T) {
	ctx := context.Background()
	t0, t1 := time.Unix(1_700_000_000, 0), time.Unix(1_700_000_500, 0)
	saved := fstest.MapFS{"tencent.md": file(tencent, t0), "ferry.md": file(ferry, t0)}
	tests := []struct {
		name   string
		corpus fstest.MapFS
		want   IndexCheck
	}{
		{"unchanged", saved, IndexCheck{Files: 2}},
		{"touched, same text", fstest.MapFS{"tencent.md": file(tencent, t1), "ferry.md": file(ferry, t0)}, IndexCheck{Files: 2}},
		{"one edited", fstest.MapFS{"tencent.md": file(tencent+"More.\n", t1), "ferry.md": file(ferry, t0)}, IndexCheck{Files: 2, Changed: 1}},
		{"one added, one removed", fstest.MapFS{"new.md": file(ferry+"New.\n", t0), "ferry.md": file(ferry, t0)}, IndexCheck{Files: 2, Changed: 1, Removed: 1}},
		{"index only", nil, IndexCheck{}},
	}
	dir := t.TempDir()
	a := testArchive(t, saved, dir)
	rep, err := a.Update(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before := dirState(t, dir)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{IndexDir: dir}
			if tt.corpus != nil {
				cfg.Corpus = tt.corpus
			}
			got, err := CheckIndex(ctx, cfg)
			if err != nil {
				t.Fatalf("CheckIndex: %v", err)
			}
			want := tt.want
			want.Articles, want.Chunks, want.Embedder = rep.Articles, rep.Chunks, rep.Embedder
			if got != want {
				t.Errorf("CheckIndex = %+v, want %+v", got, want)
			}
		})
	}
	after := dirState(t, dir)
	if len(after) != len(before) {
		t.Errorf("CheckIndex changed the index folder: %v, was %v", after, before)
	}
	for p, s := range before {
		if after[p] != s {
			t.Errorf("CheckIndex changed %s: %s, was %s", p, after[p], s)
		}
	}
}

func TestCheckIndexErrors(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{"ferry.md": file(ferry, time.Unix(0, 0))}
	dir := t.TempDir()
	if _, err := testArchive(t, fsys, dir).Update(ctx); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, store.SnapshotFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, flip(data, len(data)/2), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "none")
	tests := []struct {
		name string
		dir  string
		want error
	}{
		{"missing", missing, fs.ErrNotExist},
		{"corrupt", dir, ErrCorruptSnapshot},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CheckIndex(ctx, Config{Corpus: fsys, IndexDir: tt.dir})
			if !errors.Is(err, tt.want) {
				t.Errorf("CheckIndex = %v, want an error wrapping %v", err, tt.want)
			}
		})
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("CheckIndex created the missing index folder")
	}
}
