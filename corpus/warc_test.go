package corpus

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"archivist/corpus/internal/warc"
	"archivist/corpus/internal/warc/warctest"
)

// articleWant is what a test checks of one article; "" fields are not checked.
type articleWant struct {
	ID, URL, Captured, Published, Title, Author, Source string
}

func expectArticles(t *testing.T, got []Article, want []articleWant) {
	t.Helper()
	if len(got) != len(want) {
		ids := make([]string, len(got))
		for i, a := range got {
			ids[i] = a.ID
		}
		t.Fatalf("got %d articles %v, want %d", len(got), ids, len(want))
	}
	for i, w := range want {
		g := got[i]
		for _, f := range []struct{ name, got, want string }{
			{"ID", g.ID, w.ID}, {"URL", g.URL, w.URL}, {"Captured", g.Captured, w.Captured},
			{"Published", g.Published, w.Published}, {"Title", g.Title, w.Title},
			{"Author", g.Author, w.Author}, {"Source", g.Source, w.Source},
		} {
			if f.want != "" && f.got != f.want {
				t.Errorf("article %d %s = %q, want %q", i, f.name, f.got, f.want)
			}
		}
	}
}

func expectSkipped(t *testing.T, got []Skipped, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got skipped %v, want %d entries %v", got, len(want), want)
	}
	for _, s := range got {
		if sub, ok := want[s.Path]; !ok || !strings.Contains(s.Error, sub) {
			t.Errorf("skipped %s: %q, want an error containing %q", s.Path, s.Error, sub)
		}
	}
}

func TestParseWARCHandMade(t *testing.T) {
	ferry := "Night ferry returns to the northern route"
	library := "Library opens its map room to the public"
	orchard := "Orchard growers count the cost of a late frost"
	tests := []struct {
		file    string
		want    []articleWant
		skipped map[string]string
	}{
		{
			file: "multi-member.warc.gz",
			want: []articleWant{
				{ID: "multi-member.warc.gz#3", URL: "https://gazette.example/ferry", Captured: "2024-06-01", Published: "2024-03-02", Title: ferry, Author: "Mara Lindqvist", Source: "The Harbour Gazette"},
				{ID: "multi-member.warc.gz#7", URL: "https://gazette.example/ferry?ref=rss", Captured: "2024-06-02", Published: "2024-03-02", Title: ferry},
			},
			skipped: map[string]string{"multi-member.warc.gz#8": "revisit of a record not in this file"},
		},
		{
			file: "wget-odd.warc",
			want: []articleWant{
				{ID: "wget-odd.warc#1", URL: "https://gazette.example/library", Captured: "2024-06-03", Published: "2024-05-17", Title: library},
				{ID: "wget-odd.warc#3", URL: "http://gazette.example/orchard", Captured: "2008-04-30", Published: "2008-04-30", Title: orchard},
				{ID: "wget-odd.warc#4", URL: "https://gazette.example/ferry/print", Captured: "2024-06-03", Title: ferry},
			},
			skipped: map[string]string{"wget-odd.warc#2": `bad Content-Length "twelve"`},
		},
		{
			file: "truncated.warc",
			want: []articleWant{
				{ID: "truncated.warc#1", Title: ferry, Captured: "2024-06-04"},
				{ID: "truncated.warc#2", Title: library},
			},
			skipped: map[string]string{"truncated.warc#3": "file breaks off"},
		},
		{
			file: "truncated.warc.gz",
			want: []articleWant{
				{ID: "truncated.warc.gz#1", Title: ferry},
				{ID: "truncated.warc.gz#2", Title: library},
			},
			skipped: map[string]string{"truncated.warc.gz#3": "file breaks off"},
		},
		{
			file: "pages.arc",
			want: []articleWant{{ID: "pages.arc#3", URL: "http://gazette.example/orchard", Captured: "2008-04-30", Published: "2008-04-30", Title: orchard}},
		},
		{
			file: "pages.arc.gz",
			want: []articleWant{{ID: "pages.arc.gz#3", URL: "http://gazette.example/orchard", Title: orchard}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "warc", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			arts, skipped := parseWARC(tt.file, bytes.NewReader(data))
			expectArticles(t, arts, tt.want)
			expectSkipped(t, skipped, tt.skipped)
			for _, a := range arts {
				if a.Path != tt.file {
					t.Errorf("%s: Path = %q, want %q", a.ID, a.Path, tt.file)
				}
				for _, furniture := range []string{"All rights reserved", "Sport"} {
					if strings.Contains(a.Text, furniture) {
						t.Errorf("%s: text holds page furniture %q:\n%s", a.ID, furniture, a.Text)
					}
				}
			}
		})
	}
}

// TestParseWARCLatin1 checks that a page declaring ISO-8859-1 in its
// http-equiv meta, stored deflated, comes out as UTF-8.
func TestParseWARCLatin1(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "warc", "wget-odd.warc"))
	if err != nil {
		t.Fatal(err)
	}
	arts, _ := parseWARC("wget-odd.warc", bytes.NewReader(data))
	if len(arts) == 0 || !strings.Contains(arts[0].Text, "eighteenth centuré") {
		t.Errorf("library page text lacks the Latin-1 word decoded as UTF-8: %+v", arts)
	}
}

// TestParseWARCRecordCap checks that an oversized record is named and that
// the records after it are still read, without holding the record in memory.
func TestParseWARCRecordCap(t *testing.T) {
	big := int64(warc.MaxBodyBytes + 1<<20)
	head := fmt.Sprintf("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://big.example/\r\nWARC-Date: 2024-01-01T00:00:00Z\r\nContent-Length: %d\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", big+int64(len("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")))
	tail := "\r\n\r\n" + warcResponse("https://gazette.example/ferry", "2024-01-02T00:00:00Z", "200 OK", []string{"Content-Type: text/html"}, ferryPage)
	r := io.MultiReader(strings.NewReader(head), io.LimitReader(byteRepeater('x'), big), strings.NewReader(tail))
	arts, skipped := parseWARC("big.warc", r)
	expectArticles(t, arts, []articleWant{{ID: "big.warc#2", URL: "https://gazette.example/ferry"}})
	expectSkipped(t, skipped, map[string]string{"big.warc#1": "record body over 16 MiB"})
}

// byteRepeater yields the byte c forever.
type byteRepeater byte

func (c byteRepeater) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(c)
	}
	return len(p), nil
}

func TestCaptureDate(t *testing.T) {
	tests := map[string]string{
		"2024-04-25T16:24:44Z":  "2024-04-25",
		"2008-04-30T20:48:25Z":  "2008-04-30",
		"20080430204825":        "2008-04-30",
		"20081330204825":        "",
		"2012-01-18T07:33:01Z ": "2012-01-18",
		"":                      "",
	}
	for in, want := range tests {
		if got := captureDate(strings.TrimSpace(in)); got != want {
			t.Errorf("captureDate(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestParseWARCARCWithoutFiledesc reads an ARC file whose filedesc record is
// missing, as when an ARC file is cut into pieces.
func TestParseWARCARCWithoutFiledesc(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "warc", "pages.arc"))
	if err != nil {
		t.Fatal(err)
	}
	first := bytes.Index(data, []byte("\ndns:"))
	arts, skipped := parseWARC("piece.arc", bytes.NewReader(data[first+1:]))
	expectArticles(t, arts, []articleWant{{ID: "piece.arc#2", URL: "http://gazette.example/orchard", Captured: "2008-04-30"}})
	expectSkipped(t, skipped, nil)
}

// TestReadFileArchives reads the hand-made archives and an HTML page through
// ReadFile, which unwraps gzip before handing the stream over.
func TestReadFileArchives(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, name := range []string{"warc/multi-member.warc.gz", "warc/pages.arc.gz", "warc/truncated.warc.gz", "warc/wget-odd.warc", "html/furniture.html"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	fsys["html/furniture.html.gz"] = &fstest.MapFile{Data: []byte(warctest.Gzip(string(fsys["html/furniture.html"].Data)))}
	tests := []struct {
		name    string
		ids     []string
		skipped []string
	}{
		{"warc/multi-member.warc.gz", []string{"warc/multi-member.warc.gz#3", "warc/multi-member.warc.gz#7"}, []string{"warc/multi-member.warc.gz#8"}},
		{"warc/pages.arc.gz", []string{"warc/pages.arc.gz#3"}, nil},
		{"warc/truncated.warc.gz", []string{"warc/truncated.warc.gz#1", "warc/truncated.warc.gz#2"}, []string{"warc/truncated.warc.gz#3"}},
		{"warc/wget-odd.warc", []string{"warc/wget-odd.warc#1", "warc/wget-odd.warc#3", "warc/wget-odd.warc#4"}, []string{"warc/wget-odd.warc#2"}},
		{"html/furniture.html.gz", []string{"html/furniture.html.gz"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, skipped := ReadFile(fsys, tt.name, Options{})
			var ids, skips []string
			for _, a := range arts {
				ids = append(ids, a.ID)
			}
			for _, s := range skipped {
				skips = append(skips, s.Path)
			}
			if strings.Join(ids, " ") != strings.Join(tt.ids, " ") || strings.Join(skips, " ") != strings.Join(tt.skipped, " ") {
				t.Errorf("ReadFile(%s) = articles %v, skipped %v; want %v, %v", tt.name, ids, skipped, tt.ids, tt.skipped)
			}
		})
	}
}

func TestParseWARCNoPages(t *testing.T) {
	image := warcResponse("https://gazette.example/logo.png", "2024-06-01T10:00:03Z", "200 OK", []string{"Content-Type: image/png"}, "\x89PNG")
	for name, data := range map[string]string{"empty.warc": "", "images.warc": image + image, "blank.warc": "\r\n\r\n"} {
		arts, skipped := parseWARC(name, strings.NewReader(data))
		if len(arts) != 0 {
			t.Errorf("%s: got %d articles, want none", name, len(arts))
		}
		expectSkipped(t, skipped, map[string]string{name: "no HTML pages"})
	}
}
