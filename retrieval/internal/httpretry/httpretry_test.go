package httpretry

import (
	"context"
	"errors"
	"math"
	"net/http"
	"testing"
	"time"
)

func TestRetryable(t *testing.T) {
	tests := []struct {
		status int
		want   bool
	}{
		{200, false},
		{301, false},
		{400, false},
		{401, false},
		{403, false},
		{404, false},
		{408, false},
		{413, false},
		{429, true},
		{499, false},
		{500, true},
		{502, true},
		{503, true},
		{504, true},
		{599, true},
		{600, false},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			if got := Retryable(tt.status); got != tt.want {
				t.Errorf("Retryable(%d) = %v, want %v", tt.status, got, tt.want)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header string
		want   time.Duration
		wantOK bool
	}{
		{"absent", "", 0, false},
		{"blank", "  ", 0, false},
		{"seconds", "3", 3 * time.Second, true},
		{"zero", "0", 0, true},
		{"spaces around", " 7 ", 7 * time.Second, true},
		{"leading zeros", "007", 7 * time.Second, true},
		{"negative", "-5", 0, false},
		{"plus sign", "+5", 0, false},
		{"fraction", "0.5", 0, false},
		{"unit", "5s", 0, false},
		{"garbage", "soon", 0, false},
		{"two values", "5, 6", 0, false},
		{"a day", "86400", 24 * time.Hour, true},
		{"largest Duration", "9223372036", 9223372036 * time.Second, true},
		{"beyond a Duration", "9223372037", math.MaxInt64, true},
		{"beyond uint64", "99999999999999999999999", math.MaxInt64, true},
		{"IMF-fixdate", "Sat, 28 Nov 2026 10:01:30 GMT", 90 * time.Second, true},
		{"RFC 850 date", "Saturday, 28-Nov-26 10:00:10 GMT", 10 * time.Second, true},
		{"asctime date", "Sat Nov 28 10:00:05 2026", 5 * time.Second, true},
		{"date now", "Sat, 28 Nov 2026 10:00:00 GMT", 0, false},
		{"date past", "Sat, 28 Nov 2026 09:00:00 GMT", 0, false},
		{"date far future", "Fri, 31 Dec 9999 23:59:59 GMT", math.MaxInt64, true},
		{"malformed date", "Sat, 31 Nov 2026 10:00:00 GMT", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := RetryAfter(tt.header, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("RetryAfter(%q) = %v, %v, want %v, %v", tt.header, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// lowest and highest are jitter sources that pick either end of the range.
func lowest(n int64) int64  { return 0 }
func highest(n int64) int64 { return n - 1 }

func TestBackoff(t *testing.T) {
	tests := []struct {
		name     string
		p        Policy
		attempt  int
		wantLow  time.Duration // with the lowest jitter
		wantHigh time.Duration // with the highest jitter
	}{
		{"defaults, first", Policy{}, 0, 250 * time.Millisecond, 500 * time.Millisecond},
		{"defaults, doubles", Policy{}, 1, 500 * time.Millisecond, time.Second},
		{"defaults, third", Policy{}, 3, 2 * time.Second, 4 * time.Second},
		{"defaults, capped", Policy{}, 6, 10 * time.Second, 20 * time.Second},
		{"huge attempt stays capped", Policy{}, 1000, 10 * time.Second, 20 * time.Second},
		{"negative attempt is the first", Policy{}, -1, 250 * time.Millisecond, 500 * time.Millisecond},
		{"own schedule", Policy{Base: time.Second, Max: 3 * time.Second}, 1, time.Second, 2 * time.Second},
		{"own cap", Policy{Base: time.Second, Max: 3 * time.Second}, 2, 1500 * time.Millisecond, 3 * time.Second},
		{"base above max", Policy{Base: time.Minute, Max: time.Second}, 0, 500 * time.Millisecond, time.Second},
		{"huge base does not overflow", Policy{Base: math.MaxInt64 / 2, Max: math.MaxInt64}, 5, math.MaxInt64 / 2, math.MaxInt64},
		{"odd nanoseconds", Policy{Base: 3, Max: 3}, 0, 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			low, high := tt.p, tt.p
			low.Rand, high.Rand = lowest, highest
			if got := low.Backoff(tt.attempt); got != tt.wantLow {
				t.Errorf("Backoff(%d) with the lowest jitter = %v, want %v", tt.attempt, got, tt.wantLow)
			}
			if got := high.Backoff(tt.attempt); got != tt.wantHigh {
				t.Errorf("Backoff(%d) with the highest jitter = %v, want %v", tt.attempt, got, tt.wantHigh)
			}
		})
	}
}

func TestBackoffJitterRange(t *testing.T) {
	var asked []int64
	p := Policy{Rand: func(n int64) int64 { asked = append(asked, n); return n / 2 }}
	if got, want := p.Backoff(1), 750*time.Millisecond; got != want {
		t.Errorf("Backoff(1) with a middle jitter = %v, want %v", got, want)
	}
	// The jitter is drawn from the whole upper half, both ends included.
	if want := int64(500*time.Millisecond) + 1; len(asked) != 1 || asked[0] != want {
		t.Errorf("Rand asked for %v, want [%d]", asked, want)
	}
	// The default source stays within the same bounds.
	for range 100 {
		if got := (Policy{}).Backoff(2); got < time.Second || got > 2*time.Second {
			t.Fatalf("Backoff(2) = %v, want within [1s, 2s]", got)
		}
	}
}

func TestDelay(t *testing.T) {
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	p := Policy{Base: time.Second, Max: 8 * time.Second, MaxRetryAfter: time.Minute, Rand: highest}
	tests := []struct {
		name     string
		attempt  int
		header   string
		deadline time.Duration // from now; 0 for none
		want     time.Duration
		wantOK   bool
	}{
		{"no header backs off", 2, "", 0, 4 * time.Second, true},
		{"seconds honoured", 2, "3", 0, 3 * time.Second, true},
		{"zero honoured", 0, "0", 0, 0, true},
		{"date honoured", 0, "Sat, 28 Nov 2026 10:00:20 GMT", 0, 20 * time.Second, true},
		{"negative backs off", 1, "-5", 0, 2 * time.Second, true},
		{"garbage backs off", 1, "later", 0, 2 * time.Second, true},
		{"past date backs off", 0, "Sat, 28 Nov 2026 09:59:00 GMT", 0, time.Second, true},
		{"at the maximum", 0, "60", 0, time.Minute, true},
		{"beyond the maximum", 0, "61", 0, 61 * time.Second, false},
		{"huge", 0, "99999999999999999999", 0, math.MaxInt64, false},
		{"within the deadline", 0, "30", 31 * time.Second, 30 * time.Second, true},
		{"beyond the deadline", 0, "30", 29 * time.Second, 30 * time.Second, false},
		{"backoff beyond the deadline is still a wait", 3, "", time.Second, 8 * time.Second, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithDeadline(ctx, now.Add(tt.deadline))
				defer cancel()
			}
			got, ok := p.delay(ctx, tt.attempt, tt.header, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("delay(attempt %d, %q) = %v, %v, want %v, %v", tt.attempt, tt.header, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestDelayDefaultMaxRetryAfter(t *testing.T) {
	ctx := context.Background()
	if d, ok := (Policy{}).Delay(ctx, 0, "120"); d != 2*time.Minute || !ok {
		t.Errorf("Delay(120s) = %v, %v, want 2m0s, true", d, ok)
	}
	if d, ok := (Policy{}).Delay(ctx, 0, "121"); d != 121*time.Second || ok {
		t.Errorf("Delay(121s) = %v, %v, want 2m1s, false", d, ok)
	}
}

func TestSleep(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	tests := []struct {
		name    string
		ctx     context.Context
		d       time.Duration
		want    error
		atLeast time.Duration
	}{
		{"full wait", context.Background(), 5 * time.Millisecond, nil, 5 * time.Millisecond},
		{"zero", context.Background(), 0, nil, 0},
		{"negative", context.Background(), -time.Second, nil, 0},
		{"cancelled before", cancelled, time.Hour, context.Canceled, 0},
		{"cancelled before, zero wait", cancelled, 0, context.Canceled, 0},
		{"deadline during", expired, time.Hour, context.DeadlineExceeded, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			err := Sleep(tt.ctx, tt.d)
			took := time.Since(start)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("Sleep(%v) = %v, want %v", tt.d, err, tt.want)
			}
			if took < tt.atLeast {
				t.Errorf("Sleep(%v) returned after %v, want at least %v", tt.d, took, tt.atLeast)
			}
			if took > 5*time.Second {
				t.Errorf("Sleep(%v) took %v, want it to return once ctx is done", tt.d, took)
			}
		})
	}
}
