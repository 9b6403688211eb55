package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"
)

// progress reports embedding on stderr. On a terminal it keeps one line up
// to date (rewritten after a carriage return) with the rate and the time
// left; elsewhere (a log file, a pipe) it writes a plain line at most every
// plainEvery, so that logs stay readable.
type progress struct {
	w           io.Writer
	tty         bool
	now         func() time.Time
	mu          sync.Mutex // guards the fields below and writes to w
	start, last time.Time
	first       int  // passages done at the first report, at start
	open        bool // a terminal line was written and not yet ended
}

// Intervals between progress reports.
const (
	ttyEvery   = 200 * time.Millisecond
	plainEvery = 5 * time.Second
)

func newProgress(w io.Writer, tty bool) *progress {
	return &progress{w: w, tty: tty, now: time.Now}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// resuming says that an earlier, unfinished run already embedded reused
// passages, before the rest are embedded.
func (p *progress) resuming(reused, left int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endLocked()
	fmt.Fprintf(p.w, "archivist: resuming: %d passages already embedded, %d to go\n", reused, left)
}

// report is retrieval.Config.Progress: done of total passages embedded.
func (p *progress) report(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if p.start.IsZero() {
		p.start, p.last, p.first = now, now, done
	}
	every := plainEvery
	if p.tty {
		every = ttyEvery
	}
	if now.Sub(p.last) < every && done < total {
		return
	}
	if done == total && now.Sub(p.start) < time.Second && !p.open {
		return // quick enough that nobody waited
	}
	p.last = now
	line := progressText(done, total, done-p.first, now.Sub(p.start))
	if p.tty {
		// \x1b[K clears what a longer line before left.
		fmt.Fprintf(p.w, "\r%s\x1b[K", line)
		p.open = true
		if done == total {
			p.endLocked()
		}
		return
	}
	fmt.Fprintln(p.w, line)
}

// end finishes a terminal line, so that what follows starts on a line of
// its own.
func (p *progress) end() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endLocked()
}

func (p *progress) endLocked() {
	if p.open {
		fmt.Fprintln(p.w)
		p.open = false
	}
}

// progressText is "archivist: embedded 1200 of 5000 passages (24%, 310/s,
// about 12s left)", the rate being of the recent passages embedded in took.
func progressText(done, total, recent int, took time.Duration) string {
	s := fmt.Sprintf("archivist: embedded %d of %d passages", done, total)
	if total > 0 {
		s += fmt.Sprintf(" (%d%%", done*100/total)
		if secs := took.Seconds(); secs > 0 && recent > 0 {
			rate := float64(recent) / secs
			s += fmt.Sprintf(", %.0f/s", rate)
			if done < total {
				left := time.Duration(float64(total-done) / rate * float64(time.Second))
				s += ", about " + left.Round(time.Second).String() + " left"
			}
		}
		s += ")"
	}
	return s
}
