package bot

import (
	"testing"
	"time"
)

func TestRateLimiter(t *testing.T) {
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	l := newRateLimiter(3, time.Minute, func() time.Time { return now })
	for i := range 3 {
		if ok, _, _ := l.allow("ada"); !ok {
			t.Fatalf("question %d refused, want the first 3 allowed", i+1)
		}
	}
	ok, wait, notify := l.allow("ada")
	if ok || !notify {
		t.Fatalf("4th question: ok %v, notify %v; want it refused and the user told", ok, notify)
	}
	if wait != 20*time.Second {
		t.Errorf("wait = %v, want 20s (a token every 20 s)", wait)
	}
	if ok, _, notify := l.allow("ada"); ok || notify {
		t.Errorf("5th question: ok %v, notify %v; want it refused in silence", ok, notify)
	}
	if ok, _, _ := l.allow("bob"); !ok {
		t.Errorf("another user refused, want each user limited alone")
	}
	now = now.Add(20 * time.Second)
	if ok, _, _ := l.allow("ada"); !ok {
		t.Errorf("refused after 20 s, want one token back")
	}
	if ok, _, notify := l.allow("ada"); ok || notify {
		t.Errorf("after 20 s, second question: ok %v, notify %v; want it refused in silence (told 20 s ago)", ok, notify)
	}
	now = now.Add(40 * time.Second)
	l.allow("ada")
	l.allow("ada")
	if ok, _, notify := l.allow("ada"); ok || !notify {
		t.Errorf("a minute after the notice: ok %v, notify %v; want it refused and the user told again", ok, notify)
	}

	unlimited := newRateLimiter(-1, time.Minute, time.Now)
	for range 100 {
		if ok, _, _ := unlimited.allow("ada"); !ok {
			t.Fatalf("refused with no limit")
		}
	}
}

func TestPassageCacheForgetsOldest(t *testing.T) {
	c := newPassageCache(2)
	c.put("a", nil)
	c.put("b", nil)
	c.put("c", nil)
	if _, ok := c.get("a"); ok {
		t.Errorf("get(a) found, want the oldest forgotten")
	}
	for _, k := range []string{"b", "c"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("get(%s) not found, want it kept", k)
		}
	}
}
