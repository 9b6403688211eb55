package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags end one paragraph and start another when rendering a node tree
// as text.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Caption: true, atom.Dd: true, atom.Details: true, atom.Dialog: true,
	atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Fieldset: true,
	atom.Figcaption: true, atom.Figure: true, atom.Footer: true, atom.Form: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Header: true, atom.Hgroup: true, atom.Hr: true,
	atom.Li: true, atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Summary: true, atom.Table: true,
	atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Tr: true,
	atom.Ul: true, atom.Body: true, atom.Html: true,
}

// skipTags hold no readable text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Embed: true, atom.Canvas: true, atom.Head: true, atom.Select: true,
	atom.Button: true, atom.Textarea: true, atom.Input: true,
}

// textRenderer turns a node tree into paragraphs of text: block elements
// separate paragraphs, <br> breaks a line, runs of white space fold to one
// space outside <pre>.
type textRenderer struct {
	paras []string
	cur   strings.Builder
	pre   int // depth of enclosing <pre> elements
}

// renderText returns the text of n with its paragraphs separated by "\n\n"
// and lines within a paragraph by "\n".
func renderText(n *html.Node) string {
	var r textRenderer
	r.walk(n)
	r.flush()
	return strings.Join(r.paras, "\n\n")
}

func (r *textRenderer) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		r.text(n.Data)
		return
	case html.ElementNode:
		if skipTags[n.DataAtom] {
			return
		}
		switch n.DataAtom {
		case atom.Br:
			r.cur.WriteByte('\n')
			return
		case atom.Td, atom.Th:
			r.space()
		case atom.Img:
			return
		}
	case html.DocumentNode:
	default:
		return
	}
	block := n.Type == html.ElementNode && blockTags[n.DataAtom]
	if block {
		r.flush()
	}
	if n.DataAtom == atom.Pre {
		r.pre++
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c)
	}
	if block {
		r.flush()
	}
	if n.DataAtom == atom.Pre {
		r.pre--
	}
}

// text appends s, folding white space unless inside <pre>.
func (r *textRenderer) text(s string) {
	if r.pre > 0 {
		r.cur.WriteString(s)
		return
	}
	start := true
	if s != "" {
		if c, _ := utf8.DecodeRuneInString(s); isSpaceNoNBSP(c) {
			r.space()
		}
	}
	for _, f := range strings.FieldsFunc(s, isSpaceNoNBSP) {
		if !start {
			r.cur.WriteByte(' ')
		}
		r.cur.WriteString(f)
		start = false
	}
	if c, _ := utf8.DecodeLastRuneInString(s); s != "" && !start && isSpaceNoNBSP(c) {
		r.space()
	}
}

// space writes one space unless the line is empty or already ends in one.
func (r *textRenderer) space() {
	s := r.cur.String()
	if s == "" {
		return
	}
	if c := s[len(s)-1]; c == ' ' || c == '\n' {
		return
	}
	r.cur.WriteByte(' ')
}

// flush ends the current paragraph, trimming each of its lines.
func (r *textRenderer) flush() {
	s := r.cur.String()
	r.cur.Reset()
	lines := strings.Split(s, "\n")
	kept := lines[:0]
	for _, l := range lines {
		if r.pre == 0 {
			l = strings.TrimSpace(l)
		} else {
			l = strings.TrimRightFunc(l, unicode.IsSpace)
		}
		if l != "" {
			kept = append(kept, l)
		}
	}
	if len(kept) > 0 {
		r.paras = append(r.paras, strings.Join(kept, "\n"))
	}
}

// isSpaceNoNBSP reports white space that HTML folds: a non-breaking space is
// kept as written.
func isSpaceNoNBSP(c rune) bool {
	return c != '\u00a0' && unicode.IsSpace(c)
}
