package embed

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"archivist/retrieval/internal/httpretry"
)

// The Ollama and OpenAI clients below speak HTTP themselves rather than wrap
// chromem.NewEmbeddingFuncOllama and chromem.NewEmbeddingFuncOpenAICompat:
// those build their own http.Client (so Remote.HTTPClient could not be
// honoured), report a failed status only as text (so 429 and 5xx cannot be
// told apart for retries, nor Retry-After read), always send an Authorization
// header even with no key, embed one text per request (no batches), and use
// Ollama's legacy /api/embeddings route only.

// Remote configures a client for an embedding server.
type Remote struct {
	// BaseURL is where the server's API lives; see Ollama and OpenAI.
	BaseURL string
	// Model names the embedding model on the server.
	Model string
	// APIKey, when set, is sent as a bearer token; it never appears in an
	// error or in the embedder's name.
	APIKey string
	// Timeout bounds each HTTP request, and each retry has its own; 0 means
	// 30s.
	Timeout time.Duration
	// MaxRetries is how many times a request answered 429 or 5xx is sent
	// again, after the server's Retry-After when it sends a valid one, else
	// after an exponential backoff with jitter (0.5s doubling up to 20s); 0
	// means 4, negative means none. A server that asks to wait more than two
	// minutes, or past the context's deadline, fails the call at once.
	MaxRetries int
	// HTTPClient sends the requests; nil means http.DefaultClient.
	HTTPClient *http.Client

	// sleep waits between retries; nil means httpretry.Sleep. Tests replace
	// it so that they neither wait nor depend on the clock.
	sleep func(ctx context.Context, d time.Duration) error
}

const (
	defaultTimeout    = 30 * time.Second
	defaultMaxRetries = 4
	// maxReply bounds a reply's body: 64 vectors of 3,072 numbers in JSON
	// are about 4 MB.
	maxReply = 64 << 20
)

// retryPolicy is the wait between retries: a backoff of 0.5s doubling up to
// 20s, with jitter, and a Retry-After of up to two minutes.
var retryPolicy = httpretry.Policy{Base: 500 * time.Millisecond, Max: 20 * time.Second, MaxRetryAfter: 2 * time.Minute}

// client is the HTTP side shared by the Ollama and OpenAI embedders. It is
// safe for concurrent use.
type client struct {
	kind    string // "ollama" or "openai-compatible server", for errors
	base    string // BaseURL without a trailing slash
	shown   string // base with any password redacted, for errors
	model   string
	key     string
	hc      *http.Client
	timeout time.Duration
	retries int
	sleep   func(ctx context.Context, d time.Duration) error

	dim atomic.Int64 // dimension of the first vector returned; 0 until then
}

func newClient(kind, base, model string, r Remote) (*client, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s: EMBED_BASE_URL %s is not an http or https URL", kind, redact(base))
	}
	c := &client{
		kind: kind, base: base, shown: u.Redacted(), model: model, key: r.APIKey,
		hc: r.HTTPClient, timeout: r.Timeout, retries: r.MaxRetries, sleep: r.sleep,
	}
	if c.hc == nil {
		c.hc = http.DefaultClient
	}
	if c.timeout <= 0 {
		c.timeout = defaultTimeout
	}
	switch {
	case c.retries == 0:
		c.retries = defaultMaxRetries
	case c.retries < 0:
		c.retries = 0
	}
	if c.sleep == nil {
		c.sleep = httpretry.Sleep
	}
	return c, nil
}

// where names the server in errors: "ollama at http://localhost:11434".
func (c *client) where() string { return c.kind + " at " + c.shown }

// reply is one HTTP response, read in full.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// post sends in as JSON to path and returns the first reply that is neither
// 429 nor 5xx, sending the request again after a wait while retries remain.
// It returns an error when the server cannot be reached, does not answer in
// time, or still answers 429 or 5xx after the last retry.
func (c *client) post(ctx context.Context, path string, in any) (reply, error) {
	payload, err := json.Marshal(in)
	if err != nil {
		return reply{}, fmt.Errorf("%s: encode request: %w", c.where(), err)
	}
	for attempt := 0; ; attempt++ {
		r, err := c.once(ctx, path, payload)
		if err != nil || !httpretry.Retryable(r.status) {
			return r, err
		}
		if attempt >= c.retries {
			return reply{}, fmt.Errorf("%s: model %q: %s (gave up after %d attempts)", c.where(), c.model, c.describe(r), attempt+1)
		}
		wait, ok := retryPolicy.Delay(ctx, attempt, r.header.Get("Retry-After"))
		if !ok {
			return reply{}, fmt.Errorf("%s: model %q: %s (asks to retry after %s)", c.where(), c.model, c.describe(r), wait.Round(time.Second))
		}
		if err := c.sleep(ctx, wait); err != nil {
			return reply{}, fmt.Errorf("%s: model %q: waiting to retry: %w", c.where(), c.model, err)
		}
	}
}

// once sends one request, bounded by the client's timeout.
func (c *client) once(ctx context.Context, path string, payload []byte) (reply, error) {
	rctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, c.base+path, bytes.NewReader(payload))
	if err != nil {
		return reply{}, fmt.Errorf("%s: %w", c.where(), err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return reply{}, c.transportError(ctx, rctx, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxReply))
	if err != nil {
		return reply{}, c.transportError(ctx, rctx, err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// transportError explains a request that got no reply: the caller gave up
// (ctx is done), the server was too slow (the request's rctx expired, or the
// HTTP client's own timeout fired), or it could not be reached.
func (c *client) transportError(ctx, rctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("%s: model %q: %w", c.where(), c.model, cerr)
	}
	if rctx.Err() != nil {
		return fmt.Errorf("%s: model %q: no reply within %s: %w", c.where(), c.model, c.timeout, rctx.Err())
	}
	// The *url.Error repeats the address we already name; keep its cause.
	var uerr *url.Error
	if errors.As(err, &uerr) {
		if uerr.Timeout() {
			return fmt.Errorf("%s: model %q: no reply in time: %w", c.where(), c.model, uerr.Err)
		}
		err = uerr.Err
	}
	return fmt.Errorf("%s is unreachable (model %q): %w", c.where(), c.model, err)
}

// describe summarises a failed reply: its status and what the server said,
// with the API key scrubbed in case the server echoed it.
func (c *client) describe(r reply) string {
	s := fmt.Sprintf("%d %s", r.status, http.StatusText(r.status))
	if msg := serverMessage(r.body); msg != "" {
		s += ": " + msg
	}
	if c.key != "" {
		s = strings.ReplaceAll(s, c.key, "[redacted]")
	}
	return s
}

// vectors checks and normalises the vectors the server returned for want
// texts, in place.
func (c *client) vectors(vs [][]float32, want int) ([][]float32, error) {
	if len(vs) != want {
		return nil, fmt.Errorf("%s: model %q: got %d vectors for %d texts", c.where(), c.model, len(vs), want)
	}
	for i, v := range vs {
		if err := normalise(v); err != nil {
			return nil, fmt.Errorf("%s: model %q: vector %d: %w", c.where(), c.model, i, err)
		}
		c.dim.CompareAndSwap(0, int64(len(v)))
		if d := c.dim.Load(); int64(len(v)) != d {
			return nil, fmt.Errorf("%s: model %q: got a vector of %d dimensions, earlier ones had %d", c.where(), c.model, len(v), d)
		}
	}
	return vs, nil
}

// batched embeds texts in consecutive groups of at most size, in order.
func batched(ctx context.Context, texts []string, size int, embed func(context.Context, []string) ([][]float32, error)) ([][]float32, error) {
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += size {
		vs, err := embed(ctx, texts[start:min(start+size, len(texts))])
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
	}
	return out, nil
}

// normalise scales v to unit length in place; it rejects an empty vector, a
// zero vector, and one holding NaN or infinity.
func normalise(v []float32) error {
	if len(v) == 0 {
		return errors.New("empty vector")
	}
	var sum float64
	for _, x := range v {
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("vector holds %v", x)
		}
		sum += f * f
	}
	if sum == 0 {
		return errors.New("zero vector")
	}
	inv := 1 / math.Sqrt(sum)
	for i, x := range v {
		v[i] = float32(float64(x) * inv)
	}
	return nil
}

// serverMessage extracts what a failed reply says: the "error" string of
// Ollama, the "error.message" of OpenAI, or else the body's first 200 bytes.
func serverMessage(body []byte) string {
	var e struct {
		Error json.RawMessage `json:"error"`
	}
	var msg string
	if json.Unmarshal(body, &e) == nil && len(e.Error) > 0 {
		var s string
		var o struct {
			Message string `json:"message"`
		}
		switch {
		case json.Unmarshal(e.Error, &s) == nil:
			msg = s
		case json.Unmarshal(e.Error, &o) == nil:
			msg = o.Message
		}
	}
	if msg == "" {
		msg = string(body)
	}
	msg = strings.Join(strings.Fields(msg), " ")
	if len(msg) > 200 {
		msg = strings.ToValidUTF8(msg[:200], "") + "…"
	}
	return msg
}

// redact quotes raw with any password in it hidden.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	return strconv.Quote(u.Redacted())
}

// remoteEmbedder wraps a server's batch call as an Embedder: Embed is a
// batch of one, and Batch splits texts into requests of at most size.
func remoteEmbedder(name string, size int, embed func(context.Context, []string) ([][]float32, error)) Embedder {
	return Embedder{
		Name:         name,
		VectorWeight: NeuralVectorWeight,
		Semantic:     true,
		Embed: func(ctx context.Context, text string) ([]float32, error) {
			vs, err := embed(ctx, []string{text})
			if err != nil {
				return nil, err
			}
			return vs[0], nil
		},
		Batch: func(ctx context.Context, texts []string) ([][]float32, error) {
			return batched(ctx, texts, size, embed)
		},
	}
}
