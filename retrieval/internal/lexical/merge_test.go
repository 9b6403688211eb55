package lexical

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"archivist/corpus"
)

// doc is one article with its passages' spans, as a snapshot holds them.
type doc struct {
	art   corpus.Article
	spans [][2]int32
}

var mergeWords = strings.Fields("ferry railway mountain harbour bread strike dawn ticket pound tide " +
	"lantern quarry ember violin glacier orchard falcon copper meadow thunder saffron")

// randomDoc makes an article of a few sentences drawn from a small
// vocabulary, split into passages at sentence ends.
func randomDoc(r *rand.Rand, id int) doc {
	var text strings.Builder
	var spans [][2]int32
	start := 0
	for range 1 + r.IntN(5) {
		for k := range 2 + r.IntN(6) {
			if k > 0 {
				text.WriteByte(' ')
			}
			text.WriteString(mergeWords[r.IntN(len(mergeWords))])
		}
		if r.IntN(4) == 0 {
			fmt.Fprintf(&text, " w%d", r.IntN(1000)) // a rare word
		}
		text.WriteString(". ")
		spans = append(spans, [2]int32{int32(start), int32(text.Len() - 1)})
		start = text.Len()
	}
	title := mergeWords[r.IntN(len(mergeWords))] + " " + fmt.Sprint(id)
	return doc{art: corpus.Article{ID: fmt.Sprint(id), Title: title, Text: text.String()}, spans: spans}
}

// build makes the two indexes of docs.
func build(docs []doc) (p, a *Index) {
	arts := make([]corpus.Article, len(docs))
	var spans []Span
	for i, d := range docs {
		arts[i] = d.art
		for _, s := range d.spans {
			spans = append(spans, Span{Article: int32(i), Start: s[0], End: s[1]})
		}
	}
	return Build(arts, spans)
}

func written(t *testing.T, p, a *Index) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := WriteIndexes(&buf, p, a); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A merge of an old build and a delta gives the very bytes that a full
// build of the merged documents writes, whatever the edit: articles
// removed, changed in place, added anywhere, and all of them or none.
func TestWriteMergedEqualsFullBuild(t *testing.T) {
	for seed := range uint64(60) {
		r := rand.New(rand.NewPCG(seed, 7))
		n := r.IntN(40)
		old := make([]doc, n)
		for i := range old {
			old[i] = randomDoc(r, i)
		}
		// The next documents: each old one stays, goes or is replaced, and
		// new ones come in between.
		var next []doc
		var from []int // old place of next[i], or -1
		keep, change := r.Float64(), r.Float64()
		for i := range n + 1 {
			for r.IntN(3) == 0 {
				next = append(next, randomDoc(r, 1000+len(next)))
				from = append(from, -1)
			}
			if i == n || r.Float64() > keep {
				continue
			}
			if r.Float64() < change/3 {
				next = append(next, randomDoc(r, i)) // changed in place
				from = append(from, -1)
				continue
			}
			next = append(next, old[i])
			from = append(from, i)
		}
		var delta []doc
		oldFirst := passageStarts(old)
		rp := Remap{Old: fill(oldFirst[n], -1)}
		ra := Remap{Docs: len(next), Old: fill(n, -1)}
		for i, d := range next {
			if f := from[i]; f >= 0 {
				ra.Old[f] = int32(i)
				for k := range d.spans {
					rp.Old[oldFirst[f]+k] = int32(rp.Docs + k)
				}
			} else {
				ra.Delta = append(ra.Delta, int32(i))
				for k := range d.spans {
					rp.Delta = append(rp.Delta, int32(rp.Docs+k))
				}
				delta = append(delta, d)
			}
			rp.Docs += len(d.spans)
		}
		op, oa := build(old)
		dp, da := build(delta)
		wp, wa := build(next)
		want := written(t, wp, wa)
		// The old pair both as built and as read back in place.
		saved := written(t, op, oa)
		sp, sa, err := OpenIndexes(bytes.Clone(saved))
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range [][2]*Index{{op, oa}, {sp, sa}} {
			var got bytes.Buffer
			nw, err := WriteMerged(&got, o, [2]*Index{dp, da}, rp, ra, nil)
			if err != nil {
				t.Fatalf("seed %d: WriteMerged: %v", seed, err)
			}
			if nw != int64(got.Len()) || !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("seed %d: %d old, %d next, %d delta: merged %d bytes, a full build %d, not the same", seed, n, len(next), len(delta), got.Len(), len(want))
			}
		}
	}
}

func fill(n int, x int32) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = x
	}
	return s
}

// passageStarts gives the place of each doc's first passage, and the
// count of all after the last.
func passageStarts(docs []doc) []int {
	first := make([]int, len(docs)+1)
	for i, d := range docs {
		first[i+1] = first[i] + len(d.spans)
	}
	return first
}

// A remap that sends two documents to one place, leaves a place empty or
// goes back is refused, not written.
func TestWriteMergedRefusesBadRemaps(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	docs := []doc{randomDoc(r, 0), randomDoc(r, 1)}
	op, oa := build(docs[:1])
	dp, da := build(docs[1:])
	np := func(o, d []int32, n int) Remap { return Remap{Docs: n, Old: o, Delta: d} }
	goodA := np([]int32{0}, []int32{1}, 2)
	pOld := make([]int32, op.Len())
	for i := range pOld {
		pOld[i] = int32(i)
	}
	pDelta := make([]int32, dp.Len())
	for i := range pDelta {
		pDelta[i] = int32(op.Len() + i)
	}
	goodP := np(pOld, pDelta, op.Len()+dp.Len())
	if _, err := WriteMerged(&bytes.Buffer{}, [2]*Index{op, oa}, [2]*Index{dp, da}, goodP, goodA, nil); err != nil {
		t.Fatalf("a good remap: %v", err)
	}
	for name, ra := range map[string]Remap{
		"same place":   np([]int32{0}, []int32{0}, 2),
		"empty place":  np([]int32{0}, []int32{2}, 3),
		"past the end": np([]int32{0}, []int32{2}, 2),
		"short":        np([]int32{}, []int32{1}, 2),
		"delta gone":   np([]int32{0}, []int32{-1}, 1),
	} {
		if _, err := WriteMerged(&bytes.Buffer{}, [2]*Index{op, oa}, [2]*Index{dp, da}, goodP, ra, nil); err == nil {
			t.Errorf("%s: WriteMerged took %+v", name, ra)
		}
	}
}
