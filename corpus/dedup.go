package corpus

import (
	"fmt"
	"strings"
)

// Dedup folds articles that are one article: the same cleaned text or the same
// URL. The newest capture (else the last in path order) keeps its id. Two
// articles with the same id keep the first in path order; the other is
// returned as skipped ("duplicate id"). arts must be in path order.
//
// Folding is transitive: if A has B's text and B has C's URL, all three are
// one article. The article that keeps its id is the group's latest Captured
// date ("" counting as oldest), ties going to the last in path order; it
// takes the title, URL, author, published date and source of the others in
// the group where its own are empty.
//
// kept holds the articles that stand for their groups, in the order of arts,
// with the fields they took from the others filled in; at holds their
// positions in arts, so kept[i] is arts[at[i]] after that filling (at is
// increasing). dups lists each folded article (in the order of arts) with
// the id that stands for it and the reason, "same text" or "same url".
//
// Texts are only compared for equality, so a caller may pass articles whose
// Text stands for their text (a hash of it, say) and get the same result.
func Dedup(arts []Article) (kept []Article, at []int, dups []Duplicate, skipped []Skipped) {
	// Same id: the first in path order wins.
	firstByID := make(map[string]string, len(arts)) // id -> path of the first
	unique := make([]Article, 0, len(arts))
	pos := make([]int, 0, len(arts)) // pos[i] is the position of unique[i] in arts
	for i, a := range arts {
		if p, ok := firstByID[a.ID]; ok {
			skipped = append(skipped, Skipped{
				Path:  a.Path,
				Error: fmt.Sprintf("duplicate id %q (first in %s)", a.ID, p),
			})
			continue
		}
		firstByID[a.ID] = a.Path
		unique = append(unique, a)
		pos = append(pos, i)
	}

	// Group by text and by URL with a union-find over indexes into unique.
	parent := make([]int, len(unique))
	reason := make([]string, len(unique)) // how i was first linked to another
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(i, j int, why string) {
		ri, rj := find(i), find(j)
		if ri != rj {
			parent[rj] = ri
		}
		for _, k := range [2]int{i, j} {
			if reason[k] == "" {
				reason[k] = why
			}
		}
	}
	byText := make(map[string]int, len(unique))
	byURL := make(map[string]int, len(unique))
	for i, a := range unique {
		if j, ok := byText[a.Text]; ok {
			union(j, i, "same text")
		} else {
			byText[a.Text] = i
		}
		u := urlKey(a.URL)
		if u == "" {
			continue
		}
		if j, ok := byURL[u]; ok {
			union(j, i, "same url")
		} else {
			byURL[u] = i
		}
	}

	// The winner of each group: the newest capture, else the last.
	winner := make(map[int]int) // root -> index of the winner
	for i, a := range unique {
		r := find(i)
		w, ok := winner[r]
		if !ok || a.Captured >= unique[w].Captured {
			winner[r] = i
		}
	}
	merged := make(map[int]Article, len(winner)) // winner index -> article
	for i, a := range unique {
		w := winner[find(i)]
		m, ok := merged[w]
		if !ok {
			m = unique[w]
		}
		if i != w {
			fillEmpty(&m, a)
			why := reason[i] // linked through another member
			switch {
			case a.Text == unique[w].Text:
				why = "same text"
			case urlKey(a.URL) != "" && urlKey(a.URL) == urlKey(unique[w].URL):
				why = "same url"
			}
			dups = append(dups, Duplicate{ID: a.ID, KeptID: unique[w].ID, Reason: why})
		}
		merged[w] = m
	}
	for i := range unique {
		if a, ok := merged[i]; ok {
			kept = append(kept, a)
			at = append(at, pos[i])
		}
	}
	return kept, at, dups, skipped
}

// fillEmpty copies into a the metadata fields that are empty in a and set
// in b.
func fillEmpty(a *Article, b Article) {
	for _, f := range []struct{ dst, src *string }{
		{&a.Title, &b.Title}, {&a.URL, &b.URL}, {&a.Author, &b.Author},
		{&a.Published, &b.Published}, {&a.Source, &b.Source},
	} {
		if *f.dst == "" {
			*f.dst = *f.src
		}
	}
}

// urlKey is the form of a URL under which two articles count as one: trimmed,
// without its fragment, and with its scheme and host in lower case.
func urlKey(u string) string {
	u = strings.TrimSpace(u)
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	if i := strings.Index(u, "://"); i > 0 {
		rest := u[i+3:]
		host, path, _ := strings.Cut(rest, "/")
		u = strings.ToLower(u[:i+3]+host) + "/" + path
	}
	return u
}
