package embed

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"
)

func hashEmbed(t *testing.T, e Embedder, text string) []float32 {
	t.Helper()
	v, err := e.Embed(context.Background(), text)
	if err != nil {
		t.Fatalf("%s.Embed(%q): %v", e.Name, text, err)
	}
	return v
}

func dot(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func TestHashNameAndDim(t *testing.T) {
	tests := []struct {
		dim      int
		wantName string
		wantLen  int
	}{
		{0, "hash:512", DefaultHashDim},
		{-3, "hash:512", DefaultHashDim},
		{64, "hash:64", 64},
		{1024, "hash:1024", 1024},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.dim), func(t *testing.T) {
			e := Hash(tt.dim)
			if e.Name != tt.wantName {
				t.Errorf("Hash(%d).Name = %q, want %q", tt.dim, e.Name, tt.wantName)
			}
			if got := len(hashEmbed(t, e, "some words")); got != tt.wantLen {
				t.Errorf("Hash(%d) vector length = %d, want %d", tt.dim, got, tt.wantLen)
			}
		})
	}
}

func TestHashNormalised(t *testing.T) {
	e := Hash(0)
	for _, text := range []string{
		"", "!!! ...", "word", "word word word word",
		"The Federal Reserve raised interest rates by a quarter point on Wednesday.",
		"Ünïcödé wörds and 2016 numbers, café au lait",
	} {
		t.Run(text, func(t *testing.T) {
			if n := math.Sqrt(dot(hashEmbed(t, e, text), hashEmbed(t, e, text))); math.Abs(n-1) > 1e-5 {
				t.Errorf("|Embed(%q)| = %v, want 1", text, n)
			}
		})
	}
}

func TestHashDeterministic(t *testing.T) {
	const text = "Council approves the new budget for schools"
	a := hashEmbed(t, Hash(256), text)
	b := hashEmbed(t, Hash(256), text)
	if !slices.Equal(a, b) {
		t.Errorf("two Hash(256) embedders disagree on %q", text)
	}
	// Case and punctuation are not words.
	if c := hashEmbed(t, Hash(256), "COUNCIL approves -- the new budget, for schools!"); !slices.Equal(a, c) {
		t.Errorf("Embed differs when only case and punctuation change")
	}
}

func TestHashEmptyText(t *testing.T) {
	e := Hash(0)
	empty := hashEmbed(t, e, "")
	for _, text := range []string{"   ", "?!", "\n\t"} {
		if got := hashEmbed(t, e, text); !slices.Equal(got, empty) {
			t.Errorf("Embed(%q) differs from Embed(\"\"), want the same fixed unit vector", text)
		}
	}
	if n := dot(empty, empty); math.Abs(n-1) > 1e-6 {
		t.Errorf("|Embed(\"\")|² = %v, want 1 so that cosine similarity stays defined", n)
	}
}

func TestHashSimilarity(t *testing.T) {
	e := Hash(0)
	tests := []struct {
		query, related, unrelated string
	}{
		{
			"city council budget vote",
			"The city council will vote on the school budget next week.",
			"A rare comet will be visible from the northern hemisphere.",
		},
		{
			"interest rates inflation",
			"Inflation rose again, and the bank raised interest rates.",
			"The team won the championship after extra time.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q := hashEmbed(t, e, tt.query)
			rel, unrel := dot(q, hashEmbed(t, e, tt.related)), dot(q, hashEmbed(t, e, tt.unrelated))
			if rel <= unrel {
				t.Errorf("cos(%q, related) = %.3f, cos(unrelated) = %.3f, want related higher", tt.query, rel, unrel)
			}
		})
	}
}

func TestHashWordOrder(t *testing.T) {
	e := Hash(0)
	a, b := hashEmbed(t, e, "dog bites man"), hashEmbed(t, e, "man bites dog")
	// Same words, different bigrams: similar, not identical.
	if cos := dot(a, b); cos >= 0.99 || cos <= 0.3 {
		t.Errorf("cos(dog bites man, man bites dog) = %.3f, want within (0.3, 0.99)", cos)
	}
}

func TestHashConcurrent(t *testing.T) {
	e := Hash(128)
	want := hashEmbed(t, e, "shared text")
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Go(func() {
			v, err := e.Embed(context.Background(), "shared text")
			if err != nil || !slices.Equal(v, want) {
				errs <- fmt.Sprintf("concurrent Embed: error %v, same vector %v, want nil, true", err, slices.Equal(v, want))
			}
		})
	}
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Error(msg)
	}
}

func ExampleHash() {
	e := Hash(0)
	v, _ := e.Embed(context.Background(), "Hello, world")
	fmt.Println(e.Name, len(v))
	// Output: hash:512 512
}
