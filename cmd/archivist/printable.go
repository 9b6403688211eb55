package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// printable returns s with every character a terminal could act on written
// as a visible escape, so that a name or text from the archive, printed as
// text, can neither clear the screen, retitle the window, reorder a line
// nor forge a line of output. Escaped are the C0 controls (newline and tab
// among them), DEL, the C1 controls, the bidirectional controls (U+061C,
// U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069), the line and paragraph
// separators U+2028 and U+2029, and bytes that are not UTF-8. They are
// written as in a Go string literal: \n, \x1b, \u202e, \xff. Everything else,
// backslashes included, is kept as it is, so ordinary text reads unchanged.
//
// slog's text handler quotes values in the same way already; printable is
// for what the commands print themselves.
func printable(s string) string {
	// RuneError stands for a byte that is not UTF-8 here, and for a real
	// U+FFFD, which the loop below keeps.
	i := strings.IndexFunc(s, func(r rune) bool { return r == utf8.RuneError || unsafeRune(r) })
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for s = s[i:]; s != ""; {
		r, size := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[0])
		case unsafeRune(r):
			q := strconv.QuoteRune(r) // '\x1b', '\n', '\u202e'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[:size])
		}
		s = s[size:]
	}
	return b.String()
}

// printableLines is printable for text of several lines, such as an
// article or an answer: its "\n" line breaks are kept, and each line is
// made printable.
func printableLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = printable(l)
	}
	return strings.Join(lines, "\n")
}

// unsafeRune reports whether printable escapes r.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f: // bidi marks
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi embeddings, overrides, isolates
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	}
	return false
}
