package corpus

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Clean normalises article text: HTML entities decoded, soft hyphens and
// zero-width characters removed, runs of spaces folded, paragraphs kept as
// single blank-line breaks, and leading and trailing space trimmed.
//
// In detail, Clean:
//   - decodes HTML entities ("&amp;", "&#8217;") once;
//   - drops control characters and invisible format characters (byte-order
//     marks, soft hyphens, zero-width spaces, word joiners, bidirectional
//     marks); keeps a zero-width joiner or non-joiner only between two
//     non-ASCII characters (emoji, Indic and Persian scripts need them);
//   - turns every other kind of space (tab, no-break space, thin space) into
//     a plain space and folds runs of them into one;
//   - turns "\r\n", "\r", U+2028 and U+2029 into line breaks and trims the
//     space around each line;
//   - writes a paragraph break (one or more blank lines) as "\n\n" and keeps
//     a single line break as "\n", except that a line that continues a
//     hard-wrapped sentence (it starts with a lower-case letter) is joined to
//     the previous one with a space;
//   - normalises to Unicode NFC and replaces invalid UTF-8 with U+FFFD.
//
// Sentences and Split treat every "\n" in the result as a sentence boundary.
// Clean is idempotent on text that holds no doubly escaped entities.
func Clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	s = norm.NFC.String(dropInvisible(s))

	var b strings.Builder
	b.Grow(len(s))
	blank := false // a blank line was seen since the last written line
	prev := ""     // the last line written
	for line := range strings.Lines(s) {
		line = foldSpaces(line)
		if line == "" {
			blank = prev != ""
			continue
		}
		switch {
		case prev == "":
		case blank:
			b.WriteString("\n\n")
		case continuesSentence(prev, line):
			b.WriteByte(' ')
		default:
			b.WriteByte('\n')
		}
		b.WriteString(line)
		prev, blank = line, false
	}
	return b.String()
}

// dropInvisible removes the characters Clean drops and maps every line
// separator to "\n" and every other space to ' '. It copies s only when it
// changes something.
func dropInvisible(s string) string {
	var b strings.Builder
	copied := 0 // s[:copied] is in b
	var last rune
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f || c == '\n' {
			last = rune(c)
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		out, keep := invisible(s, i, r, size, last)
		if keep && out == r {
			last = r
			i += size
			continue
		}
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[copied:i])
		if keep {
			b.WriteRune(out)
			last = out
		}
		i += size
		copied = i
	}
	if copied == 0 {
		return s
	}
	b.WriteString(s[copied:])
	return b.String()
}

// invisible says what dropInvisible does with the rune r of size bytes at
// s[i], after the rune last: keep it as out, or drop it.
func invisible(s string, i int, r rune, size int, last rune) (out rune, keep bool) {
	switch {
	case r == '\r':
		if strings.HasPrefix(s[i+1:], "\n") {
			return 0, false
		}
		return '\n', true
	case r == '\u2028' || r == '\u2029' || r == '\u0085':
		return '\n', true
	case r == '\u200c' || r == '\u200d':
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		return r, last >= utf8.RuneSelf && next >= utf8.RuneSelf && unicode.IsGraphic(next)
	case r == '\u180e' || unicode.Is(unicode.Cf, r) && (r < 0xe0020 || r > 0xe007f):
		// Format characters: byte-order mark, soft hyphen, zero-width
		// space, word joiner, bidirectional marks; emoji tags stay.
		return 0, false
	case r == '\t' || r == '\v' || r == '\f':
		return ' ', true
	case unicode.IsControl(r):
		return 0, false
	case r >= utf8.RuneSelf && unicode.IsSpace(r) || unicode.Is(unicode.Zs, r):
		return ' ', true
	}
	return r, true
}

// foldSpaces trims a line (with or without its "\n") and folds each run of
// spaces inside it into one.
func foldSpaces(line string) string {
	line = strings.Trim(line, " \n")
	if !strings.Contains(line, "  ") {
		return line
	}
	var b strings.Builder
	b.Grow(len(line))
	space := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteByte(c)
	}
	return b.String()
}

// continuesSentence reports whether line carries on the sentence that prev
// broke off: hard-wrapped prose whose next line starts in lower case.
func continuesSentence(prev, line string) bool {
	r, _ := utf8.DecodeRuneInString(line)
	if !unicode.IsLower(r) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(prev)
	return !strings.ContainsRune(".!?…:;\"”’)]", last)
}
