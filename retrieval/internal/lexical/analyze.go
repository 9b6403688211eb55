package lexical

import (
	"net/url"
	"path"
	"sort"
	"strings"

	"archivist/corpus"
)

// token is one term of a text: its id in the build's vocabulary and its
// byte offset in the text.
type token struct {
	id, off int32
}

// analyzer turns texts into term ids for one index build. It is not safe
// for concurrent use; its stem cache is its own, so a build does not
// contend on the query path's shared cache.
type analyzer struct {
	vocab map[string]int32
	stems map[string]string
}

func newAnalyzer() *analyzer {
	return &analyzer{vocab: make(map[string]int32), stems: make(map[string]string)}
}

// tokens returns the terms of text (as Terms would) with their offsets.
func (an *analyzer) tokens(text string) []token {
	var out []token
	forEachWordAt(text, func(w string, off int) {
		if stopWords[w] {
			return
		}
		s, ok := an.stems[w]
		if !ok {
			s = stem(w)
			an.stems[w] = s
		}
		id, ok := an.vocab[s]
		if !ok {
			id = int32(len(an.vocab))
			an.vocab[s] = id
		}
		out = append(out, token{id: id, off: int32(off)})
	})
	return out
}

// Span is a passage: the byte range [Start, End) of the text of the article
// at position Article.
type Span struct {
	Article    int32
	Start, End int32
}

// Build makes the two BM25 indexes of an archive with one pass of analysis:
// one over passages, document i being passages[i] together with its
// article's title and URL words (which say what the whole article is
// about), and one over whole articles, document i being arts[i]'s title,
// URL words and text. Passages must be grouped by article, in article
// order, as a snapshot's chunks are; Build panics otherwise. It analyses one
// article at a time, so what it holds beyond the postings is one article's
// terms.
func Build(arts []corpus.Article, passages []Span) (byPassage, byArticle *Index) {
	return BuildFunc(len(arts), func(i int) *corpus.Article { return &arts[i] }, passages)
}

// BuildFunc is Build over n articles that article gives, each asked for
// once, in order.
func BuildFunc(n int, article func(i int) *corpus.Article, passages []Span) (byPassage, byArticle *Index) {
	an := newAnalyzer()
	var bp, ba builder
	next := 0 // the next passage
	for i := range n {
		a := article(i)
		title := an.tokens(a.Title + "\n" + urlWords(a.URL))
		text := an.tokens(a.Text)
		for ; next < len(passages) && int(passages[next].Article) == i; next++ {
			c := passages[next]
			for _, t := range title {
				bp.count(t.id)
			}
			for j := sort.Search(len(text), func(k int) bool { return text[k].off >= c.Start }); j < len(text) && text[j].off < c.End; j++ {
				bp.count(text[j].id)
			}
			bp.end()
		}
		for _, t := range title {
			ba.count(t.id)
		}
		for _, t := range text {
			ba.count(t.id)
		}
		ba.end()
	}
	if next != len(passages) {
		panic("lexical.Build: passages not grouped by article in article order")
	}
	v, rank := sortVocab(an.vocab)
	order := make([]int32, len(rank)) // order[rank] = id
	for id, r := range rank {
		order[r] = int32(id)
	}
	return bp.index(v, order), ba.index(v, order)
}

// urlWords returns the words of a URL's path ("/2022/06/12/tech/squid-game-
// season-2/index.html" gives "tech squid game season 2"): news sites name
// an article's page after its headline, which an article without a title
// still has.
func urlWords(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	var words []string
	for _, seg := range strings.Split(u.Path, "/") {
		seg = strings.TrimSuffix(seg, path.Ext(seg))
		if seg == "" || seg == "index" || strings.Trim(seg, "0123456789") == "" {
			continue
		}
		words = append(words, strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' || r == '.' })...)
	}
	return strings.Join(words, " ")
}
