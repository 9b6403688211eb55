package embed

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// step is a canned reply a fake server gives before it serves normally.
type step struct {
	status     int
	retryAfter string
	body       string
}

// recorder is the bookkeeping of a fake embedding server: the canned replies
// it has yet to give, and what it received.
type recorder struct {
	mu    sync.Mutex
	steps []step
	paths []string
	auth  []string // Authorization header of each request; "" when absent
	sizes []int    // texts per request
}

// start records r and, while canned replies remain, writes the next one and
// reports true.
func (rec *recorder) start(w http.ResponseWriter, r *http.Request, texts int) bool {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.paths = append(rec.paths, r.URL.Path)
	rec.auth = append(rec.auth, r.Header.Get("Authorization"))
	rec.sizes = append(rec.sizes, texts)
	if len(rec.steps) == 0 {
		return false
	}
	s := rec.steps[0]
	rec.steps = rec.steps[1:]
	if s.retryAfter != "" {
		w.Header().Set("Retry-After", s.retryAfter)
	}
	http.Error(w, s.body, s.status)
	return true
}

func (rec *recorder) requests() (paths, auth []string, sizes []int) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]string(nil), rec.paths...), append([]string(nil), rec.auth...), append([]int(nil), rec.sizes...)
}

// sleeper records the waits between retries instead of sleeping.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return ctx.Err()
}

func (s *sleeper) recorded() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// rawVector is what the fake servers return for text: not unit length, and
// different for texts of different lengths.
func rawVector(text string) []float32 {
	return []float32{float32(len(text)) + 1, 3, 4}
}

// unitVector is rawVector(text) scaled to unit length.
func unitVector(text string) []float32 {
	v := rawVector(text)
	n := float32(math.Sqrt(float64(v[0]*v[0] + 25)))
	return []float32{v[0] / n, 3 / n, 4 / n}
}

func near(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(float64(a[i]-b[i])) > 1e-6 {
			return false
		}
	}
	return true
}

// closedURL returns the address of a server that has stopped listening.
func closedURL(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	return srv.URL
}

func TestNormalise(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	tests := []struct {
		name    string
		in      []float32
		want    []float32
		wantErr string
	}{
		{"scaled", []float32{3, 4}, []float32{0.6, 0.8}, ""},
		{"unit already", []float32{0, 1, 0}, []float32{0, 1, 0}, ""},
		{"empty", nil, nil, "empty vector"},
		{"zero", []float32{0, 0}, nil, "zero vector"},
		{"nan", []float32{1, nan}, nil, "NaN"},
		{"inf", []float32{inf, 1}, nil, "Inf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := append([]float32(nil), tt.in...)
			err := normalise(v)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("normalise(%v) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || !near(v, tt.want) {
				t.Errorf("normalise(%v) = %v, %v, want %v, nil", tt.in, v, err, tt.want)
			}
		})
	}
}

func TestServerMessage(t *testing.T) {
	long := strings.Repeat("é", 150)
	tests := []struct {
		name, body, want string
	}{
		{"ollama", `{"error":"model 'x' not found"}`, "model 'x' not found"},
		{"openai", `{"error":{"message":"Rate limit reached","type":"requests"}}`, "Rate limit reached"},
		{"text", "404 page not found\n", "404 page not found"},
		{"html", "<html>\n  <body>Bad   Gateway</body>\n</html>", "<html> <body>Bad Gateway</body> </html>"},
		{"empty", "", ""},
		{"long", long, strings.Repeat("é", 100) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := serverMessage([]byte(tt.body)); got != tt.want {
				t.Errorf("serverMessage(%q) = %q, want %q", tt.body, got, tt.want)
			}
		})
	}
}

func TestNewClientDefaults(t *testing.T) {
	tests := []struct {
		name        string
		r           Remote
		wantTimeout time.Duration
		wantRetries int
	}{
		{"zero", Remote{}, defaultTimeout, defaultMaxRetries},
		{"set", Remote{Timeout: time.Second, MaxRetries: 2}, time.Second, 2},
		{"no retries", Remote{MaxRetries: -1}, defaultTimeout, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := newClient("test", "http://localhost:1", "m", tt.r)
			if err != nil {
				t.Fatal(err)
			}
			if c.timeout != tt.wantTimeout || c.retries != tt.wantRetries || c.hc == nil || c.sleep == nil {
				t.Errorf("newClient(%+v) = timeout %v, retries %d, want %v, %d and a client and sleep",
					tt.r, c.timeout, c.retries, tt.wantTimeout, tt.wantRetries)
			}
		})
	}
}

func TestNewClientRejectsBadURL(t *testing.T) {
	for _, base := range []string{"localhost:11434", "ftp://host", "http://", "http://user:hunter2@/x"} {
		t.Run(base, func(t *testing.T) {
			_, err := newClient("ollama", base, "m", Remote{})
			if err == nil {
				t.Fatalf("newClient(%q) succeeded, want an error", base)
			}
			if !strings.Contains(err.Error(), "EMBED_BASE_URL") || strings.Contains(err.Error(), "hunter2") {
				t.Errorf("newClient(%q) error = %q, want it to name EMBED_BASE_URL and hide any password", base, err)
			}
		})
	}
}

// silentServer never answers: each handler waits until the client hangs up
// or the test ends.
func silentServer(t *testing.T) *httptest.Server {
	t.Helper()
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // the server notices a hang-up only after the body
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(done) }) // runs first: cleanups run last-in first-out
	return srv
}

func TestRequestTimeout(t *testing.T) {
	srv := silentServer(t)
	e, err := Ollama(Remote{BaseURL: srv.URL, Timeout: 50 * time.Millisecond, sleep: (&sleeper{}).sleep})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Embed(context.Background(), "slow")
	if err == nil || !strings.Contains(err.Error(), "no reply within 50ms") || !strings.Contains(err.Error(), srv.URL) {
		t.Errorf("Embed on a silent server: error = %v, want one naming %s and the 50ms timeout", err, srv.URL)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Embed on a silent server: error = %v, want it to wrap context.DeadlineExceeded", err)
	}
}

func TestCallerCancels(t *testing.T) {
	srv := silentServer(t)
	e, err := OpenAI(Remote{BaseURL: srv.URL + "/v1", Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := e.Embed(ctx, "x"); !errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "no reply within") {
		t.Errorf("Embed with an expiring context: error = %v, want the caller's context.DeadlineExceeded", err)
	}
}

func TestPasswordHiddenWhenUnreachable(t *testing.T) {
	base := strings.Replace(closedURL(t), "http://", "http://user:hunter2@", 1)
	e, err := Ollama(Remote{BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Embed(context.Background(), "x")
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "unreachable") {
		t.Errorf("Embed via a closed server: error = %v, want it unreachable without the password", err)
	}
}

func TestHTTPClientTimeout(t *testing.T) {
	srv := silentServer(t)
	e, err := Ollama(Remote{BaseURL: srv.URL, HTTPClient: &http.Client{Timeout: 30 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Embed(context.Background(), "x"); err == nil || !strings.Contains(err.Error(), "no reply in time") {
		t.Errorf("Embed through a client with a 30ms timeout: error = %v, want it to say no reply came in time", err)
	}
}
