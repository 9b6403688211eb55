package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedData returns the path of a data set in ../shared/data, skipping the
// test when it is absent.
func sharedData(t testing.TB, elem ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{"..", "..", "shared", "data"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("no shared data at %s", p)
	}
	return p
}

func TestReadNews2022(t *testing.T) {
	dir := sharedData(t, "news-2022")
	fsys := os.DirFS(dir)
	arts, skipped := ReadFile(fsys, "corpus.jsonl.gz", Options{})
	// The file has 3,820 lines; 40 records have an empty "text" and are
	// skipped as the corpus format requires.
	const lines, empty = 3820, 40
	if got, want := len(arts), lines-empty; got != want {
		t.Errorf("ReadFile read %d articles, want %d", got, want)
	}
	if got := len(skipped); got != empty {
		t.Errorf("ReadFile skipped %d records, want %d", got, empty)
	}
	for _, s := range skipped {
		if s.Error != "no text" || !strings.HasPrefix(s.Path, "corpus.jsonl.gz#") {
			t.Errorf("skipped %+v, want a record with no text", s)
		}
	}
	// Under the race detector, which finds nothing in this single-threaded
	// code, split one article in eight to keep the test quick.
	step := 1
	if raceEnabled {
		step = 8
	}
	chunks := 0
	for i, a := range arts {
		if a.ID == "" || strings.Contains(a.ID, "#") {
			t.Fatalf("article %+v has no id of its own", a.Title)
		}
		if i%step != 0 {
			continue
		}
		for _, c := range Split(a, SplitOptions{}) {
			if c.Text != a.Text[c.Start:c.End] {
				t.Fatalf("chunk %d of %s: Text != a.Text[%d:%d]", c.Seq, a.ID, c.Start, c.End)
			}
			chunks++
		}
	}
	kept, _, dups, dupSkips := Dedup(arts)
	t.Logf("news-2022: %d articles, %d chunks (from one article in %d); Dedup kept %d, folded %d, skipped %d",
		len(arts), chunks, step, len(kept), len(dups), len(dupSkips))
}

func TestReadBBC2005(t *testing.T) {
	dir := sharedData(t, "bbc-2005", "articles")
	arts, dups, skipped, err := Read(os.DirFS(dir), Options{})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	for _, s := range skipped {
		t.Errorf("skipped %s: %s", s.Path, s.Error)
	}
	if got, want := len(arts)+len(dups), 2225; got != want {
		t.Errorf("Read: %d articles + %d duplicates = %d, want %d files", len(arts), len(dups), got, want)
	}
	if got, want := len(dups), 133; got != want {
		t.Errorf("Read folded %d duplicates, want the %d exact copies the data set holds", got, want)
	}
	untitled := 0
	for _, a := range arts {
		if a.Title == "" {
			untitled++
		}
	}
	if untitled > 0 {
		t.Errorf("%d articles without a title, want 0", untitled)
	}
	t.Logf("bbc-2005: %d articles kept, %d duplicates folded, %d skipped", len(arts), len(dups), len(skipped))
}
