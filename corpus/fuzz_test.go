package corpus

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// Fuzz targets for the parsers and ReadFile (fuzz_text_test.go covers
// Clean, Sentences and Split; internal/warc has its own for WARC and ARC
// records). Seeds come from the f.Add calls, testdata/warc and
// testdata/html, and testdata/fuzz/<target>. Run one for a short while
// with, for example:
//
//	go test ./corpus -run XXX -fuzz FuzzReadFile -fuzztime 20s -fuzzminimizetime 2s
//
// (Minimising a new input may otherwise take up to a minute of the run.)

// addFileSeeds adds every file of testdata/<dir> as a seed.
func addFileSeeds(f *testing.F, dir string) {
	files, _ := filepath.Glob(filepath.Join("testdata", dir, "*"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
}

// checkArticleText fails when an article breaks a parser's contract: an
// empty, invalid or uncleaned text.
func checkArticleText(t *testing.T, a Article) {
	t.Helper()
	if a.Text == "" || !utf8.ValidString(a.Text) {
		t.Fatalf("%s: empty or invalid UTF-8 text %q", a.ID, a.Text)
	}
	if Clean(a.Text) != a.Text {
		t.Fatalf("%s: text is not clean: %q", a.ID, a.Text)
	}
	for _, d := range []string{a.Published, a.Captured} {
		if d != "" && len(d) != 4 && len(d) != 7 && len(d) != 10 {
			t.Fatalf("%s: date %q is not YYYY, YYYY-MM or YYYY-MM-DD", a.ID, d)
		}
	}
}

func FuzzParseHTML(f *testing.F) {
	f.Add([]byte("<html><head><title>T</title></head><body><article><p>" + strings.Repeat("Words in a sentence. ", 40) + "</p></article></body></html>"))
	f.Add([]byte(`<meta charset="shift_jis"><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","author":[{"name":"A"},"B"]}]}</script><p>x`))
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"))
	addFileSeeds(f, "html")
	f.Fuzz(func(t *testing.T, page []byte) {
		arts, skipped := parseHTML("p.html", bytes.NewReader(page))
		if len(arts)+len(skipped) != 1 {
			t.Fatalf("parseHTML = %d articles and %d skipped, want exactly one result", len(arts), len(skipped))
		}
		for _, a := range arts {
			if a.ID != "p.html" || a.Path != "p.html" {
				t.Fatalf("ID, Path = %q, %q; want p.html", a.ID, a.Path)
			}
			checkArticleText(t, a)
		}
	})
}

func FuzzExtractScraped(f *testing.F) {
	f.Add("Home News Home News The Title By Ann Lee archive page " + strings.Repeat("A sentence of the body. ", 20) + "Share Popular Keep Reading ©")
	f.Add("A plain article.\n\nWith two paragraphs, by the way.")
	f.Add("By ")
	f.Fuzz(func(t *testing.T, text string) {
		title, author, body := extractScraped(text)
		if !strings.Contains(text, body) {
			t.Fatalf("body %q is not part of the text", body)
		}
		if body != text && len(body) < scrapedMinBody {
			t.Fatalf("body cut to %d bytes, under %d", len(body), scrapedMinBody)
		}
		if body == text && (title != "" || author != "") {
			t.Fatalf("title %q, author %q found but the text was left whole", title, author)
		}
		if utf8.ValidString(text) && !(utf8.ValidString(title) && utf8.ValidString(author) && utf8.ValidString(body)) {
			t.Fatalf("invalid UTF-8 out of valid text %q", text)
		}
	})
}

func FuzzReadFile(f *testing.F) {
	f.Add("a.jsonl", []byte(`{"id": 7, "title": "T", "text": "Body text."}`+"\n"+`{"text": ""}`+"\nnot json\n"))
	f.Add("a.txt", []byte("Title line\n\nThe body of the article."))
	f.Add("a.md", []byte("---\ntitle: T\npublished: 2020-01-02\n---\n# Heading\n\nBody."))
	f.Add("a.txt", []byte("Menu Menu Title By Ann Lee "+strings.Repeat("Body sentence here. ", 30)+"Share Popular ©"))
	// WARC and ARC files: parseWARC turns their records into articles.
	files, _ := filepath.Glob(filepath.Join("testdata", "warc", "*"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add("a"+path.Ext(strings.TrimSuffix(file, ".gz")), data)
		}
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		switch filepath.Ext(name) {
		case ".jsonl", ".txt", ".md", ".warc", ".arc":
		default:
			name = "a.txt"
		}
		if strings.ContainsAny(name, "/\\") || strings.HasPrefix(name, ".") {
			name = "a" + filepath.Ext(name)
		}
		arts, skipped := ReadFile(fstest.MapFS{name: {Data: data}}, name, Options{})
		seen := map[string]bool{}
		for _, a := range arts {
			if a.ID == "" || seen[a.ID] {
				t.Fatalf("empty or repeated article id %q", a.ID)
			}
			seen[a.ID] = true
			if a.Text == "" || !utf8.ValidString(a.Text) {
				t.Fatalf("%s: empty or invalid text %q", a.ID, a.Text)
			}
		}
		for _, s := range skipped {
			if s.Error == "" {
				t.Fatalf("skipped %q without a reason", s.Path)
			}
		}
	})
}
