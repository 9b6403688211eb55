package main

import (
	"strings"
	"testing"
	"time"
)

// fakeClock returns a clock that stands still until advanced.
func fakeClock() (now func() time.Time, advance func(time.Duration)) {
	t := time.Unix(1_700_000_000, 0)
	return func() time.Time { return t }, func(d time.Duration) { t = t.Add(d) }
}

func TestProgressOnATerminalUpdatesOneLine(t *testing.T) {
	var b strings.Builder
	p := newProgress(&b, true)
	now, advance := fakeClock()
	p.now = now
	p.report(100, 1000) // the clock starts
	advance(time.Second)
	p.report(300, 1000)
	advance(time.Second)
	p.report(500, 1000)
	advance(2 * time.Second)
	p.report(1000, 1000)
	p.end()
	got := b.String()
	if strings.Count(got, "\n") != 1 || !strings.HasSuffix(got, "\n") {
		t.Errorf("terminal progress = %q, want one line rewritten with \\r and ended once", got)
	}
	for _, want := range []string{"\rarchivist: embedded 300 of 1000 passages (30%, 200/s, about 4s left)", "(100%, 225/s)"} {
		if !strings.Contains(got, want) {
			t.Errorf("terminal progress = %q, want it to hold %q", got, want)
		}
	}
}

func TestProgressElsewhereWritesPlainLines(t *testing.T) {
	var b strings.Builder
	p := newProgress(&b, false)
	now, advance := fakeClock()
	p.now = now
	p.resuming(400, 600)
	p.report(64, 600)
	advance(time.Second)
	p.report(128, 600) // too soon for a log
	advance(6 * time.Second)
	p.report(600, 600)
	p.end()
	got := b.String()
	if strings.Contains(got, "\r") || strings.Contains(got, "\x1b") {
		t.Errorf("plain progress = %q, want no carriage return or escape", got)
	}
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	want := []string{"archivist: resuming: 400 passages already embedded, 600 to go", "archivist: embedded 600 of 600 passages (100%, 77/s)"}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("plain progress = %q, want %q", lines, want)
	}
}

func TestProgressQuietWhenQuick(t *testing.T) {
	var b strings.Builder
	p := newProgress(&b, true)
	p.report(10, 10)
	p.end()
	if b.String() != "" {
		t.Errorf("progress of a quick run = %q, want nothing", b.String())
	}
}
