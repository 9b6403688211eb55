// Package embed provides the embedders archivist can index with: the
// model-free hash embedder, and clients for Ollama and OpenAI-compatible
// embedding servers. The built-in neural model lives in package uselite.
//
// Every embedder is a chromem.EmbeddingFunc that returns normalised vectors,
// paired with a name that records which embedder and model made them, so a
// saved index never mixes vector spaces.
package embed

import (
	"context"

	chromem "github.com/philippgille/chromem-go"
)

// Embedder is an embedding function with the name of its embedder and model,
// for example "hash:512" or "ollama:nomic-embed-text".
type Embedder struct {
	Name string
	// Embed returns the normalised vector of one text; it must be safe for
	// concurrent use.
	Embed chromem.EmbeddingFunc
	// Batch, when non-nil, embeds many texts at once (faster for local models).
	Batch func(ctx context.Context, texts []string) ([][]float32, error)
	// VectorWeight is the weight that suits these vectors in hybrid ranking
	// against BM25 (docs/EVAL.md); 0 leaves the retrieval default.
	VectorWeight float64
	// Semantic says the vectors carry meaning (a sentence encoder), not
	// hashed words: they can then be trusted where a question's words are
	// not the article's.
	Semantic bool
}

// Weights measured on the dev questions (docs/EVAL.md): sentence-encoder
// vectors earn more weight than hashed words, which mostly repeat BM25.
const (
	HashVectorWeight   = 0.35
	NeuralVectorWeight = 0.5
)
