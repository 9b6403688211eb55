package cite

import (
	"regexp"
	"strings"
	"sync"
)

// maxHeldMarker bounds the trailing "[..." held back from a partial answer
// as a marker in progress; a longer one is plain text.
const maxHeldMarker = 24

// Streamer turns a completion's deltas into partial answers for show. It is
// safe for concurrent use.
type Streamer struct {
	partial func(string)
	mu      sync.Mutex // guards the fields below; Stream may be called from another goroutine
	raw     strings.Builder
	shown   string
}

// NewStreamer returns a Streamer that calls partial with each new view of the
// completion (see PartialView).
func NewStreamer(partial func(string)) *Streamer {
	return &Streamer{partial: partial}
}

// Add appends delta to the completion and shows the new view, if it changed.
func (s *Streamer) Add(delta string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.raw.WriteString(delta)
	if v := PartialView(s.raw.String()); v != s.shown {
		s.shown = v
		s.partial(v)
	}
}

// PartialView returns what may be shown of a completion so far: reasoning
// (<think>…</think>) removed, every citation marker removed because none is
// checked yet, a trailing fragment that may still grow into a marker, a
// <think> tag or a mention held back, and @everyone and @here neutralised.
func PartialView(raw string) string {
	text := StripThinking(raw)
	if i := strings.LastIndexByte(text, '['); i >= 0 && !strings.Contains(text[i:], "]") && len(text)-i <= maxHeldMarker {
		text = text[:i]
	}
	if i := strings.LastIndexAny(text, "@<"); i >= 0 && heldTail(text[i:]) {
		text = text[:i]
	}
	return NeutraliseMentions(Check(text, 0).Text)
}

// heldTail reports whether tail, which ends the text so far, may still become
// a mention or a <think> tag.
func heldTail(tail string) bool {
	lower := strings.ToLower(tail)
	for _, w := range []string{"@everyone", "@here", "<think>"} {
		if len(lower) < len(w) && strings.HasPrefix(w, lower) {
			return true
		}
	}
	return false
}

// thinkRE matches a reasoning block that some models (DeepSeek-R1, Qwen3)
// write before their answer.
var thinkRE = regexp.MustCompile(`(?is)<think>.*?</think>`)

// thinkOpenRE matches the start of a reasoning block.
var thinkOpenRE = regexp.MustCompile(`(?i)<think>`)

// StripThinking removes reasoning blocks, and an unclosed one to the end.
func StripThinking(s string) string {
	s = thinkRE.ReplaceAllString(s, "")
	if loc := thinkOpenRE.FindStringIndex(s); loc != nil {
		s = s[:loc[0]]
	}
	return s
}

// mentionRE matches the mass mentions that Discord turns into pings.
var mentionRE = regexp.MustCompile(`(?i)@(everyone|here)\b`)

// NeutraliseMentions puts a zero-width space after the "@" of @everyone and
// @here, so the text shows them without pinging anyone.
func NeutraliseMentions(s string) string {
	return mentionRE.ReplaceAllString(s, "@\u200b$1")
}
