package embed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	chromem "github.com/philippgille/chromem-go"
)

const (
	defaultOpenAIModel = string(chromem.EmbeddingModelOpenAI3Small)
	// openAIBatch is how many texts go in one /embeddings request.
	openAIBatch = 64
)

// OpenAI returns an embedder backed by an OpenAI-compatible server. r.BaseURL
// is the API's base URL including "/v1" and is required. r.Model is required
// too, except on OpenAI's own API where it defaults to
// "text-embedding-3-small". The embedder is named "openai:"+model. It sends
// up to 64 texts per request to BaseURL+"/embeddings".
func OpenAI(r Remote) (Embedder, error) {
	base := strings.TrimRight(r.BaseURL, "/")
	if base == "" {
		return Embedder{}, errors.New("openai embedder: EMBED_BASE_URL is required (the API's base URL, including /v1)")
	}
	model := r.Model
	if model == "" {
		if !isOpenAI(base) {
			return Embedder{}, fmt.Errorf("openai embedder at %s: EMBED_MODEL is required (the server's embedding model)", redact(base))
		}
		model = defaultOpenAIModel
	}
	c, err := newClient("openai-compatible server", base, model, r)
	if err != nil {
		return Embedder{}, err
	}
	o := &openAI{c: c}
	return remoteEmbedder("openai:"+model, openAIBatch, o.embed), nil
}

// openAI embeds through the OpenAI embeddings API.
type openAI struct{ c *client }

// embed returns the normalised vectors of texts, in order.
func (o *openAI) embed(ctx context.Context, texts []string) ([][]float32, error) {
	r, err := o.c.post(ctx, "/embeddings", map[string]any{"model": o.c.model, "input": texts})
	if err != nil {
		return nil, err
	}
	if r.status != http.StatusOK {
		return nil, o.fail(r)
	}
	var out struct {
		Data []struct {
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		} `json:"data"`
	}
	if err := json.Unmarshal(r.body, &out); err != nil {
		return nil, fmt.Errorf("%s: model %q: decode /embeddings reply: %w", o.c.where(), o.c.model, err)
	}
	// The API tags each vector with its input's index and may answer out of
	// order; a server that leaves every index 0 is taken to answer in order.
	indexed := false
	for _, d := range out.Data {
		indexed = indexed || d.Index != 0
	}
	vs := make([][]float32, len(out.Data))
	for i, d := range out.Data {
		if !indexed {
			vs[i] = d.Embedding
			continue
		}
		if d.Index < 0 || d.Index >= len(vs) || vs[d.Index] != nil {
			return nil, fmt.Errorf("%s: model %q: reply has a bad or repeated index %d", o.c.where(), o.c.model, d.Index)
		}
		vs[d.Index] = d.Embedding
	}
	return o.c.vectors(vs, len(texts))
}

// fail explains a reply that carries no vectors.
func (o *openAI) fail(r reply) error {
	switch {
	case (r.status == http.StatusUnauthorized || r.status == http.StatusForbidden) && o.c.key == "":
		return fmt.Errorf("%s: model %q: %s: set EMBED_API_KEY", o.c.where(), o.c.model, o.c.describe(r))
	case r.status == http.StatusUnauthorized || r.status == http.StatusForbidden:
		return fmt.Errorf("%s: model %q: the API key was refused: %s", o.c.where(), o.c.model, o.c.describe(r))
	case r.status == http.StatusNotFound:
		return fmt.Errorf("%s: model %q not found, or no embeddings API at this base URL (does it end in /v1?): %s", o.c.where(), o.c.model, o.c.describe(r))
	}
	return fmt.Errorf("%s: model %q: %s", o.c.where(), o.c.model, o.c.describe(r))
}

// isOpenAI reports whether base is OpenAI's own API.
func isOpenAI(base string) bool {
	u, err := url.Parse(base)
	ours, _ := url.Parse(chromem.BaseURLOpenAI)
	return err == nil && strings.EqualFold(u.Hostname(), ours.Hostname())
}
