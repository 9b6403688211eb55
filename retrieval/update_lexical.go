package retrieval

import (
	"io"
	"sort"

	"archivist/corpus"
	"archivist/retrieval/internal/lexical"
	"archivist/retrieval/internal/store"
)

// mergedLexical returns the lexical section of next, an update of prev, as
// a merge of prev's saved lexical indexes, read in place, and indexes built
// over next's new and changed articles only: the very bytes a build over
// all of next would give, at a cost in memory of what changed. from[i] is
// the place in prev.Kept of the article whose chunks next's kept article i
// took whole, or -1 (chunkAll). It returns nil when prev has no saved
// lexical indexes that fit it; the caller then builds them whole.
func mergedLexical(prev, next *store.Snapshot, from []int32) store.Section {
	b, ok := prev.Lexical.(store.Bytes)
	if !ok || len(from) != len(next.Kept) {
		return nil
	}
	op, oa, err := lexical.OpenIndexes(b)
	if err != nil || op.Len() != len(prev.Chunks) || oa.Len() != len(prev.Kept) {
		return nil
	}
	// An article's documents stay when its title, URL and text are
	// unchanged (its chunks are then too), and only as many as keep their
	// order.
	same := make([]int32, len(from))
	for i, f := range from {
		same[i] = -1
		if f < 0 {
			continue
		}
		if o, a := &prev.Articles[prev.Kept[f]], &next.Articles[next.Kept[i]]; o.Title == a.Title && o.URL == a.URL {
			same[i] = f
		}
	}
	stay := risingSubset(same)

	prevFirst := chunkStarts(prev.Chunks, len(prev.Kept))
	nextFirst := chunkStarts(next.Chunks, len(next.Kept))
	rp := lexical.Remap{Docs: len(next.Chunks), Old: minusOnes(len(prev.Chunks))}
	ra := lexical.Remap{Docs: len(next.Kept), Old: minusOnes(len(prev.Kept))}
	var fresh []int32 // next's kept articles indexed anew
	var spans []lexical.Span
	for i := range next.Kept {
		if f := stay[i]; f >= 0 {
			ra.Old[f] = int32(i)
			for k := range nextFirst[i+1] - nextFirst[i] {
				rp.Old[prevFirst[f]+k] = nextFirst[i] + k
			}
			continue
		}
		ra.Delta = append(ra.Delta, int32(i))
		for c := nextFirst[i]; c < nextFirst[i+1]; c++ {
			rp.Delta = append(rp.Delta, c)
			ch := next.Chunks[c]
			spans = append(spans, lexical.Span{Article: int32(len(fresh)), Start: ch.Start, End: ch.End})
		}
		fresh = append(fresh, int32(i))
	}
	dp, da := lexical.BuildFunc(len(fresh), func(j int) *corpus.Article {
		return &next.Articles[next.Kept[fresh[j]]]
	}, spans)
	return store.SectionFunc(func(w io.Writer) (int64, error) {
		return lexical.WriteMerged(w, [2]*lexical.Index{op, oa}, [2]*lexical.Index{dp, da}, rp, ra, prev.Release)
	})
}

// risingSubset returns xs with -1 in place of every value but those of a
// longest strictly rising run through it (not necessarily contiguous),
// ignoring the -1s already there: the most of prev's documents that can
// stay in their order.
func risingSubset(xs []int32) []int32 {
	// tails[k] is the position of the smallest last value of a rising run
	// of k+1 values found so far; back[i] is the position before i in its.
	var tails []int
	back := make([]int, len(xs))
	for i, x := range xs {
		if x < 0 {
			continue
		}
		k := sort.Search(len(tails), func(k int) bool { return xs[tails[k]] >= x })
		back[i] = -1
		if k > 0 {
			back[i] = tails[k-1]
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	out := minusOnes(len(xs))
	if len(tails) > 0 {
		for i := tails[len(tails)-1]; i >= 0; i = back[i] {
			out[i] = xs[i]
		}
	}
	return out
}

func minusOnes(n int) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = -1
	}
	return s
}
