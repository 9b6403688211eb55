package corpus

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenResult is what a golden file records of Read over its corpus.
type goldenResult struct {
	Files      []string        `json:"files"`
	Articles   []goldenArticle `json:"articles"`
	Duplicates []Duplicate     `json:"duplicates"`
	Skipped    []Skipped       `json:"skipped"`
}

// goldenArticle is an Article with its Path, which Article's JSON omits.
type goldenArticle struct {
	Article
	Path string `json:"path"`
}

// TestReadGolden runs Files and Read over the corpus held in each
// testdata/read/*.txtar archive and compares the result with the archive's
// "want.json" section.
func TestReadGolden(t *testing.T) {
	archives, err := filepath.Glob(filepath.Join("testdata", "read", "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no golden archives: %v", err)
	}
	for _, file := range archives {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{}
			want := -1
			for i, f := range ar.Files {
				if f.Name == "want.json" {
					want = i
					continue
				}
				fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
			}
			if want < 0 {
				t.Fatalf("%s has no want.json section", file)
			}

			files, listSkipped, err := Files(fsys)
			if err != nil {
				t.Fatalf("Files: %v", err)
			}
			if len(listSkipped) != 0 {
				t.Errorf("Files skipped %v, want none", listSkipped)
			}
			arts, dups, skipped, err := Read(fsys, Options{})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			for _, workers := range []int{1, 3} {
				a, d, s, err := Read(fsys, Options{Workers: workers})
				if err != nil || !cmp.Equal(a, arts) || !cmp.Equal(d, dups) || !cmp.Equal(s, skipped) {
					t.Errorf("Read with %d workers differs from Read with the default (err %v)", workers, err)
				}
			}
			got := goldenResult{Files: files, Duplicates: dups, Skipped: skipped}
			for _, a := range arts {
				got.Articles = append(got.Articles, goldenArticle{a, a.Path})
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(got); err != nil {
				t.Fatal(err)
			}
			data := buf.Bytes()

			if *update {
				ar.Files[want].Data = data
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if diff := cmp.Diff(string(ar.Files[want].Data), string(data)); diff != "" {
				t.Errorf("Read(%s) mismatch (-want +got):\n%s", file, diff)
			}
			for _, a := range arts {
				checkChunks(t, a.Article(), Split(a, SplitOptions{}))
			}
		})
	}
}

// Article returns a itself; it lets checkChunks take articles and golden
// articles alike.
func (a Article) Article() Article { return a }

func TestReadGoldenIsCompact(t *testing.T) {
	// The golden archives are text; keep them free of carriage returns so
	// that their bytes are what the tests read on every platform.
	archives, _ := filepath.Glob(filepath.Join("testdata", "read", "*.txtar"))
	for _, file := range archives {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("\r")) {
			t.Errorf("%s holds a carriage return", file)
		}
	}
}
