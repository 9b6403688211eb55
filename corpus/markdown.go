package corpus

import (
	"strings"
)

// markdownText turns Markdown into the plain text an article shows: heading
// marks, block-quote marks, code fences, horizontal rules, link and image
// syntax, reference definitions, "**" and "__" emphasis and inline-code
// backticks go; the words stay. The lines of a paragraph, a list item or a
// block quote are joined with spaces, as Markdown renders them; list markers
// and everything else are kept as written. It is a light touch, not a full
// CommonMark renderer.
func markdownText(md string) string {
	var b strings.Builder
	b.Grow(len(md))
	fenced := false
	prev := mdNone // the kind of the last line written
	for line := range strings.Lines(md) {
		line = strings.TrimRight(line, "\r\n")
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			fenced = !fenced
			b.WriteString("\n\n")
			prev = mdNone
			continue
		case fenced:
			b.WriteString(line)
			b.WriteByte('\n')
			continue
		case trimmed == "" || isRule(trimmed):
			b.WriteString("\n\n")
			prev = mdNone
			continue
		case isReferenceDefinition(trimmed):
			continue
		}
		kind := mdPara
		if strings.HasPrefix(trimmed, ">") {
			kind = mdQuote
			for strings.HasPrefix(trimmed, ">") {
				trimmed = strings.TrimSpace(trimmed[1:])
			}
		}
		if h := strings.TrimLeft(trimmed, "#"); len(trimmed)-len(h) <= 6 && len(h) < len(trimmed) &&
			(h == "" || h[0] == ' ') {
			trimmed, kind = strings.TrimSpace(strings.TrimRight(h, "# ")), mdHeading
		} else if isListItem(trimmed) || strings.HasPrefix(trimmed, "|") {
			kind = mdBlock
		}
		switch {
		case kind == mdPara && prev != mdNone && prev != mdHeading,
			kind == mdQuote && prev == mdQuote:
			b.WriteByte(' ') // a soft line break
		default:
			b.WriteByte('\n')
		}
		b.WriteString(markdownInline(trimmed))
		prev = kind
	}
	return b.String()
}

// The kinds of Markdown lines, for joining soft line breaks.
const (
	mdNone    = iota // blank, rule or fence
	mdPara           // paragraph text, or the continuation of a list item
	mdQuote          // block quote
	mdHeading        // heading
	mdBlock          // a list item's first line or a table row
)

// isListItem reports whether a trimmed line starts a list item: "- ",
// "* ", "+ ", "1. " or "1) ".
func isListItem(line string) bool {
	if len(line) >= 2 && strings.ContainsRune("-*+", rune(line[0])) && line[1] == ' ' {
		return true
	}
	i := 0
	for i < len(line) && i < 9 && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(line) && (line[i] == '.' || line[i] == ')') && line[i+1] == ' '
}

// isRule reports whether a trimmed line is a horizontal rule or a setext
// heading underline: three or more of one of "-", "*", "_", "=" (spaces
// allowed between them).
func isRule(line string) bool {
	if len(line) < 3 || !strings.ContainsRune("-*_=", rune(line[0])) {
		return false
	}
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case line[0]:
			n++
		case ' ':
		default:
			return false
		}
	}
	return n >= 3
}

// isReferenceDefinition reports whether a trimmed line defines a link
// reference: "[label]: https://...".
func isReferenceDefinition(line string) bool {
	if !strings.HasPrefix(line, "[") || strings.HasPrefix(line, "[^") {
		return false
	}
	i := strings.Index(line, "]:")
	return i > 1 && !strings.Contains(line[:i], "]")
}

// markdownInline drops inline Markdown syntax from one line.
func markdownInline(s string) string {
	if !strings.ContainsAny(s, "[]*_`") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "!["), s[i] == '[':
			start := i + 1
			if s[i] == '!' {
				start++
			}
			label, rest, ok := linkParts(s[start:])
			if !ok {
				b.WriteByte(s[i])
				i++
				continue
			}
			b.WriteString(label)
			i = len(s) - len(rest)
		case strings.HasPrefix(s[i:], "**"), strings.HasPrefix(s[i:], "__"):
			i += 2
		case s[i] == '`':
			i++
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// linkParts reads "label](url)rest" or "label][ref]rest" and returns the
// label and rest; ok is false when s is no link.
func linkParts(s string) (label, rest string, ok bool) {
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return "", "", false
	}
	label, rest = s[:end], s[end+1:]
	var closer byte
	switch {
	case strings.HasPrefix(rest, "("):
		closer = ')'
	case strings.HasPrefix(rest, "["):
		closer = ']'
	default:
		return "", "", false
	}
	j := strings.IndexByte(rest, closer)
	if j < 0 {
		return "", "", false
	}
	return label, rest[j+1:], true
}
