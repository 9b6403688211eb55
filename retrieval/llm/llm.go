// Package llm is a client for OpenAI-compatible chat-completions servers
// (Ollama, vLLM, llama.cpp's server, LM Studio, OpenAI) that implements
// retrieval.Generator.
//
// It sends POST {BaseURL}/chat/completions, plain or streamed as server-sent
// events, bounds each attempt with a timeout, retries rate limits (429) and
// server errors (5xx) with exponential backoff and jitter, honouring a
// Retry-After of up to 30s, and bounds the number of calls in flight. Its
// errors name the server and the model, never the API key.
package llm

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"archivist/retrieval"
	"archivist/retrieval/internal/httpretry"
)

// Defaults used where Config leaves a field zero.
const (
	DefaultTimeout       = 60 * time.Second
	DefaultMaxRetries    = 2
	DefaultMaxConcurrent = 4
)

// Config says which server and model a Client talks to. BaseURL and Model are
// required; every other field has a useful zero value.
type Config struct {
	// BaseURL is the API's base URL including its version path, for example
	// "http://localhost:11434/v1" for Ollama; "/chat/completions" is appended.
	BaseURL string
	// Model is the model name the server knows, for example "llama3.1".
	Model string
	// APIKey, when set, is sent as "Authorization: Bearer APIKey".
	APIKey string
	// Timeout bounds each HTTP attempt, from sending the request to reading
	// the last byte of the reply; 0 means DefaultTimeout. The caller's context
	// bounds the whole call, retries included.
	Timeout time.Duration
	// MaxRetries is how many times a call is retried after a 429, a 5xx or a
	// transport error; 0 means DefaultMaxRetries, negative means never.
	MaxRetries int
	// MaxConcurrent bounds the requests in flight at once; 0 means
	// DefaultMaxConcurrent.
	MaxConcurrent int
	// HTTPClient sends the requests; nil means a client without a timeout of
	// its own (Timeout applies).
	HTTPClient *http.Client
	// Temperature, when set, is sent as the sampling temperature; nil leaves
	// the server's default.
	Temperature *float64
}

// Client is a retrieval.Generator backed by a chat-completions server. It is
// safe for concurrent use.
type Client struct {
	endpoint string // BaseURL's path + "/chat/completions", its query kept
	server   string // BaseURL without user info, for names and errors
	model    string
	apiKey   string
	timeout  time.Duration
	retries  int
	temp     *float64
	http     *http.Client
	// sem holds one token per request in flight; its capacity is MaxConcurrent.
	sem chan struct{}

	// policy is the wait between retries, retryPolicy; tests shorten it
	// and pin its jitter.
	policy httpretry.Policy
	// sleep waits d or until ctx is done; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

var _ retrieval.Generator = (*Client)(nil)

// New returns a Client for cfg. It reports an error naming the field when
// BaseURL is not an absolute http or https URL or Model is empty.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(cfg.BaseURL))
	switch {
	case cfg.BaseURL == "":
		return nil, errors.New("llm: BaseURL is empty")
	case err != nil:
		return nil, fmt.Errorf("llm: BaseURL %q is not a URL", redactURL(cfg.BaseURL))
	case (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return nil, fmt.Errorf("llm: BaseURL %q must be an http:// or https:// URL with a host", u.Redacted())
	}
	if strings.TrimSpace(cfg.Model) == "" {
		return nil, errors.New("llm: Model is empty")
	}
	if cfg.Timeout < 0 || cfg.MaxConcurrent < 0 {
		return nil, errors.New("llm: Timeout and MaxConcurrent must not be negative")
	}
	c := &Client{
		endpoint: u.JoinPath("chat", "completions").String(),
		model:    strings.TrimSpace(cfg.Model),
		apiKey:   cfg.APIKey,
		timeout:  cmp.Or(cfg.Timeout, DefaultTimeout),
		retries:  cmp.Or(cfg.MaxRetries, DefaultMaxRetries),
		temp:     cfg.Temperature,
		http:     cfg.HTTPClient,
		sem:      make(chan struct{}, cmp.Or(cfg.MaxConcurrent, DefaultMaxConcurrent)),
		policy:   retryPolicy,
		sleep:    httpretry.Sleep,
	}
	u.User = nil
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	c.server = u.String()
	if c.retries < 0 {
		c.retries = 0
	}
	if c.http == nil {
		c.http = &http.Client{}
	}
	return c, nil
}

// Name describes the client as "openai-compatible:MODEL at BASEURL", without
// the API key or any user info in the URL.
func (c *Client) Name() string {
	return fmt.Sprintf("openai-compatible:%s at %s", c.model, c.server)
}

// Generate asks the server to complete req.Messages and returns the reply's
// text. When req.Stream is non-nil the reply is streamed and Stream receives
// each piece of text as it arrives; the returned text is the whole reply.
// A streamed call is not retried once text has been delivered.
func (c *Client) Generate(ctx context.Context, req retrieval.GenerateRequest) (string, error) {
	if len(req.Messages) == 0 {
		return "", c.errorf("no messages to send")
	}
	body, err := c.requestBody(req)
	if err != nil {
		return "", c.errorf("encode request: %w", err)
	}
	text, err := c.do(ctx, body, req.Stream)
	if err != nil {
		return "", c.wrap(err)
	}
	return text, nil
}

// errorf returns an error naming the server and model.
func (c *Client) errorf(format string, args ...any) error {
	return c.wrap(fmt.Errorf(format, args...))
}

// wrap prefixes err with the client's name and removes the API key from its
// text, in case a server or proxy echoed it.
func (c *Client) wrap(err error) error {
	if c.apiKey != "" && strings.Contains(err.Error(), c.apiKey) {
		err = &redactedError{msg: strings.ReplaceAll(err.Error(), c.apiKey, "[redacted]"), err: err}
	}
	return fmt.Errorf("%s: %w", c.Name(), err)
}

// redactURL hides the password of a URL-like string that url.Parse rejected.
func redactURL(s string) string {
	if at := strings.LastIndex(s, "@"); at >= 0 {
		if scheme := strings.Index(s, "://"); scheme >= 0 && scheme < at {
			return s[:scheme+3] + "…" + s[at:]
		}
	}
	return s
}

// redactedError is an error whose text had the API key removed; it still
// unwraps to the original, so errors.Is keeps working.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
