package embed

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"strings"
	"unicode"
)

// DefaultHashDim is the dimension of the hash embedder's vectors.
const DefaultHashDim = 512

// Hash returns the model-free embedder: feature-hashed word and word-bigram
// counts (log-scaled, signed to spread collisions), normalised to unit length.
// It matches words, not meanings, and needs no model, key or server. Text
// with no words embeds to a zero vector's stand-in: a fixed unit vector.
func Hash(dim int) Embedder {
	if dim <= 0 {
		dim = DefaultHashDim
	}
	return Embedder{
		Name: fmt.Sprintf("hash:%d", dim),
		Embed: func(_ context.Context, text string) ([]float32, error) {
			return hashVector(text, dim), nil
		},
	}
}

func hashVector(text string, dim int) []float32 {
	counts := make(map[uint32]float64)
	var prev string
	for w := range words(text) {
		add(counts, w, dim)
		if prev != "" {
			add(counts, prev+" "+w, dim)
		}
		prev = w
	}
	v := make([]float32, dim)
	for key, c := range counts {
		i, sign := key>>1, float64(1)
		if key&1 == 1 {
			sign = -1
		}
		v[i] += float32(sign * (1 + math.Log(c)))
	}
	var norm float64
	for _, x := range v {
		norm += float64(x) * float64(x)
	}
	if norm == 0 {
		v[0] = 1
		return v
	}
	inv := float32(1 / math.Sqrt(norm))
	for i := range v {
		v[i] *= inv
	}
	return v
}

// add counts feature f; the key packs the bucket and a sign bit.
func add(counts map[uint32]float64, f string, dim int) {
	h := fnv.New32a()
	h.Write([]byte(f))
	sum := h.Sum32()
	counts[(sum%uint32(dim))<<1|(sum>>31)]++
}

// words yields the lower-cased words and numbers of text.
func words(text string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsNumber(r)
		}) {
			if !yield(f) {
				return
			}
		}
	}
}
