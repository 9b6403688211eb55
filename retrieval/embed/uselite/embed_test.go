package uselite

import (
	"context"
	"errors"
	"io/fs"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestEmbedEmptyText(t *testing.T) {
	m := testModel(t)
	for _, text := range []string{"", " ", "\t\n", "\u00a0"} {
		if _, err := m.Embed(context.Background(), text); !errors.Is(err, ErrEmptyText) {
			t.Errorf("Embed(%q) error = %v, want ErrEmptyText", text, err)
		}
	}
	if _, err := m.EmbedBatch(context.Background(), []string{"fine", " "}); !errors.Is(err, ErrEmptyText) {
		t.Errorf("EmbedBatch with a blank text: error = %v, want ErrEmptyText", err)
	}
}

func TestEmbedBatchMatchesEmbed(t *testing.T) {
	m := testModel(t)
	ctx := context.Background()
	texts := append([]string{"short query", benchChunks[0] + " " + benchChunks[1]}, benchChunks...)
	got, err := m.EmbedBatch(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(texts) {
		t.Fatalf("EmbedBatch returned %d vectors, want %d", len(got), len(texts))
	}
	for i, text := range texts {
		want, err := m.Embed(ctx, text)
		if err != nil {
			t.Fatal(err)
		}
		if len(got[i]) != Dim {
			t.Fatalf("vector %d has %d values, want %d", i, len(got[i]), Dim)
		}
		for j := range want {
			if got[i][j] != want[j] {
				t.Fatalf("EmbedBatch()[%d][%d] = %v, want Embed's %v", i, j, got[i][j], want[j])
			}
		}
		// chromem-go treats a vector as normalised within 1e-6.
		var sq float64
		for _, v := range got[i] {
			sq += float64(v) * float64(v)
		}
		if norm := math.Sqrt(sq); math.Abs(norm-1) >= 1e-6 {
			t.Errorf("vector %d has norm %v, want 1 within 1e-6", i, norm)
		}
	}
	if out, err := m.EmbedBatch(ctx, nil); err != nil || len(out) != 0 {
		t.Errorf("EmbedBatch(nil) = %v, %v; want empty, nil", out, err)
	}
}

func TestEmbedReadsFirst128Tokens(t *testing.T) {
	m := testModel(t)
	ctx := context.Background()
	long := strings.Repeat(benchChunks[2]+" ", 3)
	if n := len(m.tok.encode(long)); n <= maxTokens {
		t.Fatalf("test text has %d tokens, want more than %d", n, maxTokens)
	}
	a, err := m.Embed(ctx, long)
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.Embed(ctx, long+" and a tail that the model never reads")
	if err != nil {
		t.Fatal(err)
	}
	if cos := cosine(a, b); cos < 0.999999 {
		t.Errorf("cosine of texts equal in their first 128 tokens = %v, want 1", cos)
	}
}

func TestEmbedConcurrent(t *testing.T) {
	m := testModel(t)
	ctx := context.Background()
	want, err := m.EmbedBatch(ctx, benchChunks)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range benchChunks {
				i := (i + g) % len(benchChunks)
				got, err := m.Embed(ctx, benchChunks[i])
				if err != nil {
					t.Error(err)
					return
				}
				if cos := cosine(got, want[i]); cos < 0.999999 {
					t.Errorf("concurrent Embed(chunk %d) cosine = %v, want 1", i, cos)
				}
			}
		})
	}
	wg.Wait()
}

func TestEmbedCancelled(t *testing.T) {
	m := testModel(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.Embed(ctx, "hello"); !errors.Is(err, context.Canceled) {
		t.Errorf("Embed with a cancelled context: error = %v, want context.Canceled", err)
	}
	texts := make([]string, 64)
	for i := range texts {
		texts[i] = benchChunks[i%len(benchChunks)]
	}
	if _, err := m.EmbedBatch(ctx, texts); !errors.Is(err, context.Canceled) {
		t.Errorf("EmbedBatch with a cancelled context: error = %v, want context.Canceled", err)
	}
}

func TestLoadMissing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nothing-here")
	_, err := Load(dir)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load(missing) error = %v, want one wrapping fs.ErrNotExist", err)
	}
	if !strings.Contains(err.Error(), "EMBEDDER=hash") {
		t.Errorf("Load(missing) error = %q, want it to mention EMBEDDER=hash", err)
	}
}
