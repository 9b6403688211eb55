package corpus

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The article body of a page is go-readability's pick of node, trimmed of
// figures and link lists. Where that text looks like a wrong pick (short,
// little running prose, or mostly links), go-trafilatura reads the page as
// well, and its text is taken when it holds clearly more prose.
//
// This file is the only non-test code that imports go-trafilatura, and the
// import costs every archivist process at start: go-trafilatura →
// go-htmldate → go-dateparser builds its language tables at package init,
// date search or not, about 0.13 s and 78 MB of allocations
// (GODEBUG=inittrace=1); `archivist extract` of a one-line file peaks at
// 65 MB, against 13 MB without it. go-domdistiller as the second opinion
// has no such cost but was measured and not kept: its text replaced
// go-readability's on nytimes-5 (F1 0.761 → 0.444), and on go-trafilatura's
// snippet set it found no wanted snippet on 42 pages against 36
// (docs/EVAL.md).

const (
	// linkListShare is the share of link words at or above which a list,
	// paragraph or block is a link list ("Related", "Read more"), not
	// article text.
	linkListShare = 0.7
	// proseMinWords is the fewest words of a prose paragraph: one that ends
	// a sentence.
	proseMinWords = 10
	// doubtfulWords, doubtfulProseShare and doubtfulLinkShare say when a
	// body is checked against go-trafilatura: under doubtfulWords words,
	// under doubtfulProseShare of its words in prose paragraphs, or over
	// doubtfulLinkShare of them in links.
	doubtfulWords      = 250
	doubtfulProseShare = 0.7
	doubtfulLinkShare  = 0.3
	// betterProse is how many times more prose words go-trafilatura's text
	// must hold to replace go-readability's.
	betterProse = 2
)

// articleText returns the cleaned article text of the page doc, given
// go-readability's article node rn (nil where it found none). rn is
// trimmed in place.
func articleText(doc, rn *html.Node, pageURL *url.URL) string {
	var text string
	var words, linkWords int
	if rn != nil {
		words, linkWords = trimBody(rn)
		text = Clean(renderText(rn))
	}
	prose := proseWords(text)
	if words >= doubtfulWords && float64(prose) >= doubtfulProseShare*float64(words) &&
		float64(linkWords) <= doubtfulLinkShare*float64(words) {
		return text
	}
	alt := trafilaturaText(doc, rn, pageURL)
	if float64(proseWords(alt)) >= betterProse*float64(max(prose, proseMinWords)) {
		return alt
	}
	return text
}

// hiddenSelector matches the elements that a browser does not show, which
// go-readability leaves out and go-trafilatura would read.
const hiddenSelector = `[hidden], [style*="display:none"], ` +
	`[style*="display: none"], [style*="visibility:hidden"], [style*="visibility: hidden"]`

// trafilaturaText is go-trafilatura's article text for doc with its
// defaults and fallback, given go-readability's node rn as the fallback's
// first candidate (go-trafilatura may modify it). It returns "" where
// go-trafilatura finds nothing, and where it panics.
func trafilaturaText(doc, rn *html.Node, pageURL *url.URL) (text string) {
	defer func() {
		if recover() != nil {
			text = ""
		}
	}()
	opts := trafilatura.Options{
		EnableFallback: true,
		OriginalURL:    pageURL,
		HtmlDateMode:   trafilatura.Disabled, // the date comes from htmlmeta
		PruneSelector:  hiddenSelector,
	}
	if rn != nil {
		opts.FallbackCandidates = &trafilatura.FallbackCandidates{Readability: rn}
	}
	r, err := trafilatura.ExtractDocument(doc, opts)
	if err != nil || r == nil || r.ContentNode == nil {
		return ""
	}
	return Clean(renderText(r.ContentNode))
}

// trimBody removes from the article node n its figures (images with their
// captions; a figure that holds a table stays) and its link lists, and
// returns the words left in n and how many of them are link text.
func trimBody(n *html.Node) (words, linkWords int) {
	var visit func(n *html.Node, inLink bool) (int, int)
	visit = func(n *html.Node, inLink bool) (w, lw int) {
		switch n.Type {
		case html.TextNode:
			w = textWords(n.Data)
			if inLink {
				lw = w
			}
			return w, lw
		case html.ElementNode:
			if skipTags[n.DataAtom] {
				return 0, 0
			}
			inLink = inLink || n.DataAtom == atom.A
		}
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode && (c.DataAtom == atom.Figcaption || c.DataAtom == atom.Figure && !holds(c, atom.Table)) {
				n.RemoveChild(c)
				c = next
				continue
			}
			cw, clw := visit(c, inLink)
			if cw > 0 && linkListTags[c.DataAtom] && c.Type == html.ElementNode && float64(clw) >= linkListShare*float64(cw) {
				n.RemoveChild(c)
				c = next
				continue
			}
			w, lw = w+cw, lw+clw
			c = next
		}
		return w, lw
	}
	return visit(n, false)
}

// linkListTags are the elements that trimBody drops when they are mostly
// links.
var linkListTags = map[atom.Atom]bool{
	atom.Ul: true, atom.Ol: true, atom.P: true, atom.Div: true, atom.Section: true,
}

// holds reports whether n has a descendant element a.
func holds(n *html.Node, a atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == a || holds(c, a) {
			return true
		}
	}
	return false
}

// proseWords counts the words of text's prose paragraphs: those of at least
// proseMinWords words whose last line ends a sentence.
func proseWords(text string) int {
	n := 0
	for p := range strings.SplitSeq(text, "\n\n") {
		w := textWords(p)
		if w < proseMinWords {
			continue
		}
		end := strings.TrimRightFunc(p, func(r rune) bool { return isCloser(r) || unicode.IsSpace(r) })
		if r, _ := utf8.DecodeLastRuneInString(end); isTerminator(r) {
			n += w
		}
	}
	return n
}

// textWords counts the runs of letters and digits in s; each Han, Hiragana,
// Katakana or Hangul character counts as a word of its own.
func textWords(s string) int {
	n := 0
	in := false
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			word := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
			if word && !in {
				n++
			}
			in = word
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			n++
			in = false
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if !in {
				n++
			}
			in = true
		default:
			in = false
		}
	}
	return n
}
