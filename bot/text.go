package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Discord's limits, in characters.
const (
	maxContent     = 2000
	maxTitle       = 256
	maxDescription = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxEmbedTotal  = 6000
)

// ellipsis marks text that was cut.
const ellipsis = "…"

// size is the length of s as Discord counts it. Counting UTF-16 code units
// errs on the safe side: a character outside the Basic Multilingual Plane
// (most emoji) counts twice.
func size(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// prefix returns the longest prefix of s whose size is at most max.
func prefix(s string, max int) string {
	n := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > max {
			return s[:i]
		}
		n += w
	}
	return s
}

// cut returns s when it fits in max characters; else it returns s cut at
// the last sentence end that fits with an ellipsis, or, when that would keep
// less than half of the room, at the last space. It never cuts inside a word
// or a citation marker such as [12], unless s has no space to cut at.
func cut(s string, max int) string {
	if size(s) <= max {
		return s
	}
	if max <= 2 {
		return prefix(s, max)
	}
	room := prefix(s, max-2) // room for " …"
	if end := lastSentenceEnd(room); end > 0 && size(room[:end]) >= max/2 {
		return room[:end] + " " + ellipsis
	}
	room = prefix(s, max-1) // room for "…"
	if next, _ := utf8.DecodeRuneInString(s[len(room):]); unicode.IsSpace(next) {
		return strings.TrimRightFunc(room, unicode.IsSpace) + ellipsis
	}
	if sp := lastSpace(room); sp > 0 {
		return strings.TrimRightFunc(room[:sp], unicode.IsSpace) + ellipsis
	}
	return room + ellipsis
}

// lastSentenceEnd returns the index just past the last complete sentence of
// s: a '.', '!' or '?', with any closing quotes, brackets and citation
// markers after it, followed by a space or the end of s. It returns 0 when
// there is none.
func lastSentenceEnd(s string) int {
	best := 0
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		j := skipClosers(s, i)
		if j == len(s) {
			best = j
			continue
		}
		if next, _ := utf8.DecodeRuneInString(s[j:]); unicode.IsSpace(next) {
			best = j
		}
	}
	return best
}

// skipClosers returns the index after any closing quotes, brackets and
// citation markers ([1], [12], also after a space) that start at i.
func skipClosers(s string, i int) int {
	for i < len(s) {
		if n := markerLen(s[i:]); n > 0 {
			i += n
			continue
		}
		if s[i] == ' ' && markerLen(s[i+1:]) > 0 {
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if !strings.ContainsRune(`"')”’»`, r) {
			return i
		}
		i += w
	}
	return i
}

// markerLen returns the length of the citation marker [n] at the start of
// s, or 0 when s does not start with one.
func markerLen(s string) int {
	if len(s) < 3 || s[0] != '[' {
		return 0
	}
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == ']' && i > 1:
			return i + 1
		case c < '0' || c > '9':
			return 0
		}
	}
	return 0
}

// lastSpace returns the index of the last space in s, or -1 when there is
// none. A citation marker holds no space, so no cut there splits one.
func lastSpace(s string) int {
	return strings.LastIndexFunc(s, unicode.IsSpace)
}

// fitContent keeps a message's content within Discord's 2,000 characters.
func fitContent(s string) string {
	return cut(s, maxContent)
}

// markdownEscaper escapes the characters Discord's markdown gives meaning
// to, so that a title or a quote shows as written.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, "`", "\\`", `~`, `\~`, `|`, `\|`,
	`[`, `\[`, `]`, `\]`, `>`, `\>`, `#`, `\#`,
)

// escape returns s with Discord markdown escaped and its whitespace
// collapsed to single spaces.
func escape(s string) string {
	return markdownEscaper.Replace(strings.Join(strings.Fields(s), " "))
}

// cutEscaped cuts plain text s to fit in max characters once escaped. It
// cuts before escaping, so that no escape is split.
func cutEscaped(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	out := escape(s)
	for size(out) > max {
		// Escaping at most doubles the text: cut the plain text in
		// proportion and try again.
		target := max * size(s) / size(out)
		if target >= size(s) {
			target = size(s) - 1
		}
		if target <= 0 {
			return ""
		}
		s = cut(s, target)
		out = escape(s)
	}
	return out
}
