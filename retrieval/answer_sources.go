package retrieval

import "strings"

// Sources groups cites by the article they quote, in the order each article
// is first cited: a renderer shows one source line per article, naming all
// of its markers, so that two markers never pose as two sources.
func Sources(cites []Citation) [][]Citation {
	var out [][]Citation
	at := make(map[string]int) // article ID → index in out
	for _, c := range cites {
		if i, ok := at[c.ArticleID]; ok && c.ArticleID != "" {
			out[i] = append(out[i], c)
			continue
		}
		at[c.ArticleID] = len(out)
		out = append(out, []Citation{c})
	}
	return out
}

// InText reports whether the answer's text already quotes c (spaces folded),
// as an extractive answer quotes its first citation: a renderer shows such a
// quote once, in the answer, and not again under its source.
func (a Answer) InText(c Citation) bool {
	q := oneLine(c.Quote)
	return q != "" && strings.Contains(oneLine(a.Text), q)
}
