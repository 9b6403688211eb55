package lexical

import (
	"bytes"
	"slices"
	"testing"

	"archivist/corpus"
)

func testBuild() (*Index, *Index) {
	arts := []corpus.Article{
		{Title: "Harbour ferry", Text: "The ferry sails at dawn. Tickets cost two pounds."},
		{Title: "Mountain railway", Text: "The railway climbs the mountain. The ferry is elsewhere."},
		{Title: "Bakery", Text: "Bread and cakes.", URL: "https://example.org/2022/06/ferry-strike/index.html"},
	}
	return Build(arts, []Span{{0, 0, 24}, {0, 25, 50}, {1, 0, 32}, {1, 33, 56}, {2, 0, 16}})
}

// The saved form, read in place, searches exactly as the built indexes do.
func TestSavedIndexesSearchTheSame(t *testing.T) {
	p, a := testBuild()
	var buf bytes.Buffer
	n, err := WriteIndexes(&buf, p, a)
	if err != nil || n != int64(buf.Len()) || n%8 != 0 {
		t.Fatalf("WriteIndexes = %d, %v; wrote %d", n, err, buf.Len())
	}
	// A fresh copy, aligned as a mapping is.
	b := make([]byte, buf.Len())
	copy(b, buf.Bytes())
	p2, a2, err := OpenIndexes(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"ferry", "railway mountain", "bread ferry strike", "absent", "ticket pound dawn"} {
		terms := Terms(q)
		if got, want := p2.Search(terms, 10), p.Search(terms, 10); !slices.Equal(got, want) {
			t.Errorf("saved passage search %q = %v, want %v", q, got, want)
		}
		if got, want := a2.Search(terms, 10), a.Search(terms, 10); !slices.Equal(got, want) {
			t.Errorf("saved article search %q = %v, want %v", q, got, want)
		}
		for _, term := range terms {
			if p2.IDF(term) != p.IDF(term) || a2.IDF(term) != a.IDF(term) {
				t.Errorf("saved IDF(%q) differs", term)
			}
		}
	}
	if p2.Len() != 5 || a2.Len() != 3 || p2.RareIDF() != p.RareIDF() {
		t.Errorf("saved Len = %d, %d", p2.Len(), a2.Len())
	}
}

// A saved form cut short or with any byte changed gives an error or
// indexes that answer without a crash.
func TestOpenIndexesNeverPanics(t *testing.T) {
	p, a := testBuild()
	var buf bytes.Buffer
	WriteIndexes(&buf, p, a)
	good := buf.Bytes()
	for n := range len(good) {
		if _, _, err := OpenIndexes(bytes.Clone(good[:n])); err == nil {
			t.Errorf("OpenIndexes of the first %d of %d bytes succeeded", n, len(good))
		}
	}
	for i := range good {
		for _, x := range []byte{0x01, 0x80, 0xff} {
			b := bytes.Clone(good)
			b[i] ^= x
			p, a, err := OpenIndexes(b)
			if err != nil {
				continue
			}
			p.Search(Terms("ferry railway bread"), 10)
			a.Search(Terms("ferry railway bread"), 10)
			p.IDF("ferri")
		}
	}
}

func FuzzOpenIndexes(f *testing.F) {
	p, a := testBuild()
	var buf bytes.Buffer
	WriteIndexes(&buf, p, a)
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		p, a, err := OpenIndexes(b)
		if err != nil {
			return
		}
		p.Search([]string{"ferri", "railway"}, 10)
		a.SearchFunc(map[string]float64{"bread": 1}, 10, func(int) bool { return true })
	})
}

// best gives what sorting everything gives, whatever the lengths.
func TestBestIsSortedPrefix(t *testing.T) {
	for _, size := range []int{0, 1, 5, 40, 41, 1000} {
		for _, n := range []int{1, 3, 10} {
			all := make([]Scored, size)
			for i := range all {
				all[i] = Scored{Doc: (i * 7919) % 1009, Score: float64((i * 31) % 17)}
			}
			want := slices.Clone(all)
			slices.SortFunc(want, ByScore)
			want = want[:min(n, len(want))]
			if got := best(slices.Clone(all), n); !slices.Equal(got, want) {
				t.Errorf("best(%d scores, %d) = %v, want %v", size, n, got, want)
			}
		}
	}
}

// The dense and the sparse accumulators give the same results.
func TestSearchDenseAndSparse(t *testing.T) {
	p, a := testBuild()
	for _, ix := range []*Index{p, a} {
		var found []term
		for _, w := range []string{"bread", "ferri", "railway", "ticket"} {
			if id, ok := ix.vocab.find(w); ok {
				found = append(found, term{id, float64(len(w))})
			}
		}
		for _, keep := range []func(int) bool{nil, func(d int) bool { return d != 1 }} {
			dense, sparse := ix.search(found, 10, keep, true), ix.search(found, 10, keep, false)
			if len(dense) == 0 || !slices.Equal(dense, sparse) {
				t.Errorf("dense search = %v, sparse %v", dense, sparse)
			}
		}
	}
}

// A saved form that does not lie on an 8-byte boundary (as in a file read
// whole on another system) is decoded, not viewed, and searches the same.
func TestSavedIndexesUnaligned(t *testing.T) {
	p, a := testBuild()
	var buf bytes.Buffer
	WriteIndexes(&buf, p, a)
	shifted := make([]byte, buf.Len()+1)
	copy(shifted[1:], buf.Bytes())
	p2, a2, err := OpenIndexes(shifted[1:])
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"ferry", "railway mountain", "bread ferry strike"} {
		terms := Terms(q)
		if got, want := p2.Search(terms, 10), p.Search(terms, 10); !slices.Equal(got, want) {
			t.Errorf("unaligned passage search %q = %v, want %v", q, got, want)
		}
		if got, want := a2.Search(terms, 10), a.Search(terms, 10); !slices.Equal(got, want) {
			t.Errorf("unaligned article search %q = %v, want %v", q, got, want)
		}
	}
}
