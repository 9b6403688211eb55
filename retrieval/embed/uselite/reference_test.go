package uselite

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// reference is testdata/reference.json, written by testdata/reference.js
// with the model's own JavaScript implementation.
type reference struct {
	Cases []struct {
		Text      string    `json:"text"`
		IDs       []int32   `json:"ids"`
		Embedding []float32 `json:"embedding"`
	} `json:"cases"`
}

func readReference(t *testing.T) reference {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

var (
	loadOnce  sync.Once
	loaded    *Model
	loadedErr error
)

// testModel loads the model from ARCHIVIST_MODEL_DIR or DefaultDir, or
// skips the test when it has not been fetched.
func testModel(tb testing.TB) *Model {
	tb.Helper()
	dir := os.Getenv("ARCHIVIST_MODEL_DIR")
	if dir == "" {
		var err error
		if dir, err = DefaultDir(); err != nil {
			tb.Skipf("no model folder: %v", err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, graphFile)); err != nil {
		tb.Skipf("model not fetched into %s (set ARCHIVIST_MODEL_DIR or run Fetch): %v", dir, err)
	}
	loadOnce.Do(func() { loaded, loadedErr = Load(dir) })
	if loadedErr != nil {
		tb.Fatalf("Load(%s): %v", dir, loadedErr)
	}
	return loaded
}

// caseName names a reference case by its index and first few runes.
func caseName(i int, text string) string {
	r := []rune(text)
	return fmt.Sprintf("%02d_%s", i, string(r[:min(len(r), 16)]))
}

func cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	return dot / math.Sqrt(na*nb)
}

func TestTokenIDsMatchReference(t *testing.T) {
	m := testModel(t)
	for i, c := range readReference(t).Cases {
		t.Run(caseName(i, c.Text), func(t *testing.T) {
			if got := m.tok.encode(c.Text); !slices.Equal(got, c.IDs) {
				t.Errorf("encode(%q) = %v, want %v", c.Text, got, c.IDs)
			}
		})
	}
}

// TestEmbedMatchesReference runs every reference text through each fp32
// tile kernel this machine can run.
func TestEmbedMatchesReference(t *testing.T) {
	m := testModel(t).fp32()
	saved := kernel
	defer func() { kernel = saved }()
	for name, k := range availableKernels() {
		kernel = k
		worst := 1.0
		for i, c := range readReference(t).Cases {
			t.Run(name+"/"+caseName(i, c.Text), func(t *testing.T) {
				got, err := m.Embed(context.Background(), c.Text)
				if err != nil {
					t.Fatalf("Embed(%q): %v", c.Text, err)
				}
				cos := cosine(got, c.Embedding)
				if cos < 0.9999 {
					t.Errorf("cosine(Embed(%q), reference) = %.6f, want >= 0.9999", c.Text, cos)
				}
				worst = min(worst, cos)
			})
		}
		t.Logf("%s kernel: lowest cosine to the reference 1 - %.2g", name, 1-worst)
	}
}

// TestEmbedInt8NearReference runs every reference text through the 8-bit
// path, which must stay within cosine 0.99 of the reference (the fp32 path
// is within 0.9999).
func TestEmbedInt8NearReference(t *testing.T) {
	m := testModel(t)
	if m.Kernel() != "int8-vnni" {
		t.Skipf("the model runs on %s", m.Kernel())
	}
	worst := 1.0
	for i, c := range readReference(t).Cases {
		got, err := m.Embed(context.Background(), c.Text)
		if err != nil {
			t.Fatalf("Embed(%q): %v", c.Text, err)
		}
		cos := cosine(got, c.Embedding)
		if cos < 0.99 {
			t.Errorf("%s: cosine(Embed(%q), reference) = %.6f, want >= 0.99", caseName(i, c.Text), c.Text, cos)
		}
		worst = min(worst, cos)
	}
	t.Logf("int8 kernel: lowest cosine to the reference %.5f", worst)
}

// TestNoVNNIFallback loads the model as on a CPU without AVX512-VNNI: it
// must choose the best fp32 kernel and match the reference as fp32 does.
func TestNoVNNIFallback(t *testing.T) {
	testModel(t) // skips when the model is absent
	defer selectKernels(hostCPU)
	f := hostCPU
	f.vnni = false
	selectKernels(f)
	dir := os.Getenv("ARCHIVIST_MODEL_DIR")
	if dir == "" {
		dir, _ = DefaultDir()
	}
	m, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := "fp32-" + kernelName; m.Kernel() != want {
		t.Errorf("Kernel() without VNNI = %s, want %s", m.Kernel(), want)
	}
	for i, c := range readReference(t).Cases {
		got, err := m.Embed(context.Background(), c.Text)
		if err != nil {
			t.Fatalf("Embed(%q): %v", c.Text, err)
		}
		if cos := cosine(got, c.Embedding); cos < 0.9999 {
			t.Errorf("%s: cosine(Embed(%q), reference) = %.6f, want >= 0.9999", caseName(i, c.Text), c.Text, cos)
		}
	}
}
