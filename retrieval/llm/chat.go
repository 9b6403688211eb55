package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"archivist/retrieval"
)

// maxReplyBytes bounds the body read from a plain reply or an error reply.
const maxReplyBytes = 4 << 20

// chatRequest is the body of POST /chat/completions.
type chatRequest struct {
	Model       string              `json:"model"`
	Messages    []retrieval.Message `json:"messages"`
	Stream      bool                `json:"stream"`
	Temperature *float64            `json:"temperature,omitempty"`
}

// chatResponse is a plain reply, or one event of a streamed reply (which
// carries Delta instead of Message).
type chatResponse struct {
	Choices []struct {
		Message      struct{ Content string } `json:"message"`
		Delta        struct{ Content string } `json:"delta"`
		FinishReason string                   `json:"finish_reason"`
	} `json:"choices"`
	Error *apiError `json:"error"`
}

// apiError is the error object OpenAI-compatible servers send.
type apiError struct {
	Message string `json:"message"`
	Type    string `json:"type"`
}

// statusError is a reply whose HTTP status is not 200.
type statusError struct {
	code       int
	message    string // the server's own message, if it sent one
	retryAfter string // the Retry-After header, if any
}

func (e *statusError) Error() string {
	s := fmt.Sprintf("HTTP %d %s", e.code, http.StatusText(e.code))
	if e.message != "" {
		s += ": " + e.message
	}
	return s
}

// transportError is a request that got no reply: refused, reset, timed out.
type transportError struct{ err error }

func (e *transportError) Error() string { return e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

func (c *Client) requestBody(req retrieval.GenerateRequest) ([]byte, error) {
	return json.Marshal(chatRequest{
		Model:       c.model,
		Messages:    req.Messages,
		Stream:      req.Stream != nil,
		Temperature: c.temp,
	})
}

// attempt sends one request, holding a slot of the semaphore, and reads the
// reply. delivered reports whether any text reached stream, after which the
// call must not be retried.
func (c *Client) attempt(ctx context.Context, body []byte, stream func(string)) (text string, delivered bool, err error) {
	select {
	case c.sem <- struct{}{}:
		defer func() { <-c.sem }()
	case <-ctx.Done():
		return "", false, ctx.Err()
	}
	ctx, cancel := context.WithTimeoutCause(ctx, c.timeout,
		fmt.Errorf("no complete reply within %v", c.timeout))
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return "", false, err
	}
	req.Header.Set("Content-Type", "application/json")
	if stream != nil {
		req.Header.Set("Accept", "text/event-stream")
	} else {
		req.Header.Set("Accept", "application/json")
	}
	if c.apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.apiKey)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return "", false, &transportError{timeoutCause(ctx, err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", false, readStatusError(resp)
	}
	if stream != nil && strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		text, delivered, err = readStream(resp.Body, stream)
		return text, delivered, timeoutCause(ctx, err)
	}
	// A plain reply: asked for one, or a server that ignored "stream".
	text, err = readPlain(resp.Body)
	if err != nil {
		return "", false, timeoutCause(ctx, err)
	}
	if stream != nil {
		stream(text)
	}
	return text, stream != nil, nil
}

// readPlain decodes a non-streamed reply.
func readPlain(r io.Reader) (string, error) {
	var reply chatResponse
	if err := json.NewDecoder(io.LimitReader(r, maxReplyBytes)).Decode(&reply); err != nil {
		return "", fmt.Errorf("decode reply: %w", err)
	}
	if reply.Error != nil {
		return "", fmt.Errorf("server error: %s", reply.Error.Message)
	}
	if len(reply.Choices) == 0 {
		return "", errors.New("reply has no choices")
	}
	text := reply.Choices[0].Message.Content
	if strings.TrimSpace(text) == "" {
		return "", errors.New("reply is empty")
	}
	return text, nil
}

// readStatusError turns a non-200 reply into a statusError carrying the
// server's message, shortened.
func readStatusError(resp *http.Response) error {
	e := &statusError{code: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxReplyBytes))
	var reply struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(raw, &reply) == nil && len(reply.Error) > 0 {
		// OpenAI sends {"error": {"message": ...}}; some servers {"error": "..."}.
		var obj apiError
		var str string
		if json.Unmarshal(reply.Error, &obj) == nil && obj.Message != "" {
			e.message = obj.Message
		} else if json.Unmarshal(reply.Error, &str) == nil {
			e.message = str
		}
	}
	if e.message == "" {
		e.message = string(raw)
	}
	e.message = shorten(strings.Join(strings.Fields(e.message), " "), 200)
	return e
}

// timeoutCause replaces a deadline error caused by the per-attempt timeout
// with that cause, so the message says what happened.
func timeoutCause(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil {
		return err
	}
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, ctx.Err()) {
		return fmt.Errorf("%w (%w)", cause, context.DeadlineExceeded)
	}
	return err
}

// shorten cuts s to at most n bytes at a rune boundary, marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
