package retrieval

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"archivist/corpus"
	"archivist/retrieval/internal/store"
)

// testArt is one article of a generated corpus file.
type testArt struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
	Text  string `json:"text"`
}

// testCorpus is a corpus of JSON-lines files that a test edits at random.
type testCorpus struct {
	r     *rand.Rand
	files map[string][]testArt
	next  int // the next article number
	now   time.Time
	fsys  fstest.MapFS
}

var testWords = strings.Fields("ferry railway mountain harbour bread strike dawn ticket pound tide lantern " +
	"quarry ember violin glacier orchard falcon copper meadow thunder saffron council budget river bridge")

func (c *testCorpus) text() string {
	var b strings.Builder
	for range 2 + c.r.IntN(30) {
		for k := range 4 + c.r.IntN(12) {
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(testWords[c.r.IntN(len(testWords))])
		}
		if c.r.IntN(3) == 0 {
			fmt.Fprintf(&b, " w%d", c.r.IntN(500))
		}
		b.WriteString(". ")
	}
	return strings.TrimSpace(b.String())
}

func (c *testCorpus) article() testArt {
	c.next++
	return testArt{ID: fmt.Sprintf("a%d", c.next), Title: fmt.Sprintf("%s news %d", testWords[c.r.IntN(len(testWords))], c.next),
		URL: fmt.Sprintf("https://example.org/%d/%s", c.next, testWords[c.r.IntN(len(testWords))]), Text: c.text()}
}

// write puts file name, as it now is, into fsys.
func (c *testCorpus) write(name string) {
	c.now = c.now.Add(time.Minute)
	var b bytes.Buffer
	for _, a := range c.files[name] {
		line, _ := json.Marshal(a)
		b.Write(line)
		b.WriteByte('\n')
	}
	c.fsys[name] = &fstest.MapFile{Data: b.Bytes(), ModTime: c.now}
}

// pick returns a file's name with at least one article, or "".
func (c *testCorpus) pick() string {
	names := slices.Sorted(maps.Keys(c.files))
	c.r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	for _, n := range names {
		if len(c.files[n]) > 0 {
			return n
		}
	}
	return ""
}

// edit makes one random change and says what it was.
func (c *testCorpus) edit() string {
	name := c.pick()
	if name == "" {
		name = "f-start.jsonl"
	}
	arts := c.files[name]
	switch k := c.r.IntN(9); {
	case k == 0 || len(arts) == 0: // a new file, somewhere in path order
		n := fmt.Sprintf("f%03d.jsonl", c.r.IntN(1000))
		for range 1 + c.r.IntN(4) {
			c.files[n] = append(c.files[n], c.article())
		}
		c.write(n)
		return "add file " + n
	case k == 1: // a file removed
		delete(c.files, name)
		delete(c.fsys, name)
		return "remove file " + name
	case k == 2: // one article's text changed
		i := c.r.IntN(len(arts))
		arts[i].Text = c.text()
		c.write(name)
		return "change text of " + arts[i].ID
	case k == 3: // one article's title changed, its text not
		i := c.r.IntN(len(arts))
		arts[i].Title += " (updated)"
		c.write(name)
		return "change title of " + arts[i].ID
	case k == 4: // an article moved to the front of another file
		to := c.pick()
		i := c.r.IntN(len(arts))
		a := arts[i]
		c.files[name] = slices.Delete(arts, i, i+1)
		c.files[to] = append([]testArt{a}, c.files[to]...)
		c.write(name)
		c.write(to)
		return "move " + a.ID + " to " + to
	case k == 5: // the articles of a file reversed
		slices.Reverse(arts)
		c.write(name)
		return "reverse " + name
	case k == 6: // a new article with another's text (a duplicate)
		d := c.article()
		d.Text = arts[c.r.IntN(len(arts))].Text
		c.files[name] = append(arts, d)
		c.write(name)
		return "duplicate into " + name
	case k == 7: // an article removed
		i := c.r.IntN(len(arts))
		id := arts[i].ID
		c.files[name] = slices.Delete(arts, i, i+1)
		c.write(name)
		return "remove " + id
	default: // a file touched, not changed
		c.now = c.now.Add(time.Minute)
		c.fsys[name].ModTime = c.now
		return "touch " + name
	}
}

// An update writes the lexical indexes by merging the saved ones with
// indexes of what changed: whatever the change, the saved index holds the
// very bytes that a build from nothing over the same corpus saves, so every
// query scores exactly as before.
func TestUpdateSavesWhatABuildFromNothingSaves(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(4) {
		c := &testCorpus{r: rand.New(rand.NewPCG(seed, 11)), files: map[string][]testArt{}, now: time.Unix(1_700_000_000, 0), fsys: fstest.MapFS{}}
		for range 6 {
			c.edit()
		}
		c.files["f-last.jsonl"] = []testArt{c.article()}
		c.write("f-last.jsonl")
		dir := t.TempDir()
		a := testArchive(t, c.fsys, dir)
		if _, err := a.Update(ctx); err != nil {
			t.Fatal(err)
		}
		merged := 0
		for round := range 25 {
			var did []string
			for range 1 + c.r.IntN(3) {
				did = append(did, c.edit())
			}
			if c.pick() == "" { // an empty archive saves no index
				c.files["f-last.jsonl"] = []testArt{c.article()}
				c.write("f-last.jsonl")
			}
			what := fmt.Sprintf("seed %d round %d (%s)", seed, round, strings.Join(did, "; "))
			// What Update does, in its parts: the merged section beside
			// what a build from nothing saves.
			prev, err := store.Load(dir)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			next, from, err := refresh(ctx, a.cfg, prev, &Report{})
			if err != nil {
				t.Fatalf("%s: refresh: %v", what, err)
			}
			var got bytes.Buffer
			if next != prev && next.MeanRows != nil {
				sec := mergedLexical(prev, next, from)
				if sec == nil {
					t.Fatalf("%s: no merged lexical section", what)
				}
				if _, err := sec.WriteTo(&got); err != nil {
					t.Fatalf("%s: merge: %v", what, err)
				}
				merged++
			}
			if _, err := a.Update(ctx); err != nil {
				t.Fatalf("%s: Update: %v", what, err)
			}
			fresh := t.TempDir()
			if _, err := testArchive(t, c.fsys, fresh).Update(ctx); err != nil {
				t.Fatal(err)
			}
			want, err := store.Load(fresh)
			if err != nil {
				t.Fatal(err)
			}
			saved, err := store.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			wantLex, _ := want.Lexical.(store.Bytes)
			if got.Len() > 0 && !bytes.Equal(got.Bytes(), wantLex) {
				t.Fatalf("%s: the merged lexical section (%d bytes) is not what a build from nothing saves (%d)", what, got.Len(), len(wantLex))
			}
			if savedLex, _ := saved.Lexical.(store.Bytes); !bytes.Equal(savedLex, wantLex) {
				t.Fatalf("%s: the updated index's lexical section (%d bytes) is not what a build from nothing saves (%d)", what, len(savedLex), len(wantLex))
			}
			if !slices.Equal(saved.Means, want.Means) || !slices.Equal(saved.Chunks, want.Chunks) || len(saved.Kept) != len(want.Kept) {
				t.Fatalf("%s: the updated index's means, chunks or kept articles differ from a build from nothing", what)
			}
		}
		if merged < 15 {
			t.Errorf("seed %d: %d of 25 updates merged the lexical indexes", seed, merged)
		}
	}
}

// dedup, which compares texts by their sums, folds exactly what
// corpus.Dedup folds.
func TestDedupBySumsIsDedup(t *testing.T) {
	arts := []corpus.Article{
		{ID: "a", URL: "https://example.org/a", Text: "The ferry sails at dawn.", Path: "1.jsonl"},
		{ID: "b", URL: "https://example.org/b", Text: "The ferry sails at dawn.", Path: "1.jsonl", Captured: "2022-01-02"},
		{ID: "c", URL: "https://example.org/a#top", Text: "Another text.", Path: "2.jsonl"},
		{ID: "a", URL: "https://example.org/z", Text: "A third text.", Path: "2.jsonl"},
		{ID: "d", Text: "", Path: "3.jsonl"},
		{ID: "e", Text: "", Path: "3.jsonl"},
		{ID: "f", URL: "https://example.org/f", Text: "The ferry sails at dawn!", Path: "3.jsonl"},
	}
	_, wantAt, wantFolded, wantSkipped := corpus.Dedup(arts)
	at, folded, skipped := dedup(&store.Snapshot{Articles: arts})
	if !slices.Equal(at, wantAt) || !slices.Equal(folded, wantFolded) || !slices.Equal(skipped, wantSkipped) {
		t.Errorf("dedup = %v, %v, %v; want %v, %v, %v", at, folded, skipped, wantAt, wantFolded, wantSkipped)
	}
	if len(folded) < 3 {
		t.Errorf("the test folds only %v", folded)
	}
}
