package embed

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
)

const (
	defaultOllamaURL   = "http://localhost:11434"
	defaultOllamaModel = "nomic-embed-text"
	// ollamaBatch is how many texts go in one /api/embed request: a local
	// model on a small CPU must embed them all within Remote.Timeout.
	ollamaBatch = 32
)

// Ollama returns an embedder backed by an Ollama server. r.BaseURL is the
// server's origin, default "http://localhost:11434" (a trailing "/api" is
// dropped); r.Model defaults to "nomic-embed-text". The embedder is named
// "ollama:"+model. It embeds through /api/embed, many texts per request, and
// falls back to one text per request on the legacy /api/embeddings route
// when the server predates /api/embed (Ollama before 0.3.4). A model the
// server lacks fails with an error that says how to pull it.
func Ollama(r Remote) (Embedder, error) {
	base := strings.TrimSuffix(strings.TrimRight(r.BaseURL, "/"), "/api")
	if base == "" {
		base = defaultOllamaURL
	}
	model := r.Model
	if model == "" {
		model = defaultOllamaModel
	}
	c, err := newClient("ollama", base, model, r)
	if err != nil {
		return Embedder{}, err
	}
	o := &ollama{c: c}
	return remoteEmbedder("ollama:"+model, ollamaBatch, o.embed), nil
}

// ollama embeds through an Ollama server's native API.
type ollama struct {
	c *client
	// legacy is set once the server has shown it lacks /api/embed.
	legacy atomic.Bool
}

// embed returns the normalised vectors of texts, in order.
func (o *ollama) embed(ctx context.Context, texts []string) ([][]float32, error) {
	if !o.legacy.Load() {
		r, err := o.c.post(ctx, "/api/embed", map[string]any{"model": o.c.model, "input": texts})
		if err != nil {
			return nil, err
		}
		switch {
		case r.status == http.StatusOK:
			var out struct {
				Embeddings [][]float32 `json:"embeddings"`
			}
			if err := json.Unmarshal(r.body, &out); err != nil {
				return nil, fmt.Errorf("%s: model %q: decode /api/embed reply: %w", o.c.where(), o.c.model, err)
			}
			return o.c.vectors(out.Embeddings, len(texts))
		case r.status == http.StatusNotFound && !hasJSONError(r.body):
			// Ollama answers a missing model with a JSON error, a missing
			// route with plain text: this server predates /api/embed.
			o.legacy.Store(true)
		default:
			return nil, o.fail(r)
		}
	}
	vs := make([][]float32, len(texts))
	for i, text := range texts {
		r, err := o.c.post(ctx, "/api/embeddings", map[string]any{"model": o.c.model, "prompt": text})
		if err != nil {
			return nil, err
		}
		if r.status != http.StatusOK {
			return nil, o.fail(r)
		}
		var out struct {
			Embedding []float32 `json:"embedding"`
		}
		if err := json.Unmarshal(r.body, &out); err != nil {
			return nil, fmt.Errorf("%s: model %q: decode /api/embeddings reply: %w", o.c.where(), o.c.model, err)
		}
		vs[i] = out.Embedding
	}
	return o.c.vectors(vs, len(texts))
}

// fail explains a reply that carries no vectors.
func (o *ollama) fail(r reply) error {
	if r.status == http.StatusNotFound && hasJSONError(r.body) {
		return fmt.Errorf("%s: model %q not found: run `ollama pull %s`", o.c.where(), o.c.model, o.c.model)
	}
	if r.status == http.StatusNotFound {
		return fmt.Errorf("%s: model %q: no Ollama embedding API at this address: %s", o.c.where(), o.c.model, o.c.describe(r))
	}
	return fmt.Errorf("%s: model %q: %s", o.c.where(), o.c.model, o.c.describe(r))
}

// hasJSONError reports whether body is a JSON object with an "error" field.
func hasJSONError(body []byte) bool {
	var e struct {
		Error json.RawMessage `json:"error"`
	}
	return json.Unmarshal(body, &e) == nil && len(e.Error) > 0
}
