package embed

import (
	"context"
	"fmt"
	"math"
	"slices"
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
		Name:         fmt.Sprintf("hash:%d", dim),
		VectorWeight: HashVectorWeight,
		Embed: func(_ context.Context, text string) ([]float32, error) {
			return hashVector(text, dim), nil
		},
	}
}

func hashVector(text string, dim int) []float32 {
	// Hash every word and bigram, then count equal hashes by sorting: a
	// feature seen c times adds ±(1 + ln c) to its bucket, so a repeated
	// word counts less than a new one.
	var feats []uint32
	var prev string
	words(text, func(w string) {
		h := fnv32a(fnvOffset, w)
		feats = append(feats, h)
		if prev != "" {
			feats = append(feats, fnv32a((fnv32a(fnvOffset, prev)^' ')*fnvPrime, w))
		}
		prev = w
	})
	slices.Sort(feats)
	v := make([]float32, dim)
	for i := 0; i < len(feats); {
		j := i + 1
		for j < len(feats) && feats[j] == feats[i] {
			j++
		}
		w := float32(1 + math.Log(float64(j-i)))
		if h := feats[i]; h>>31 == 1 {
			v[h%uint32(dim)] -= w
		} else {
			v[h%uint32(dim)] += w
		}
		i = j
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

// The 32-bit FNV-1a hash, as hash/fnv computes it, without allocating.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// fnv32a continues the FNV-1a hash h over s.
func fnv32a(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime
	}
	return h
}

// words calls f with the lower-cased words and numbers of text.
func words(text string, f func(string)) {
	text = strings.ToLower(text)
	start := -1
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			f(text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		f(text[start:])
	}
}
