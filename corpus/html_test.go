package corpus

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/japanese"
)

func TestParseHTMLFurniture(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "html", "furniture.html"))
	if err != nil {
		t.Fatal(err)
	}
	arts, skipped := parseHTML("news/furniture.html", bytes.NewReader(data))
	if len(skipped) != 0 || len(arts) != 1 {
		t.Fatalf("parseHTML = %d articles, skipped %v; want 1 article", len(arts), skipped)
	}
	a := arts[0]
	expectArticles(t, arts, []articleWant{{
		ID: "news/furniture.html", URL: "https://courier.example/2023/09/14/tidal-pool",
		Title: "Town council backs plan for a tidal pool", Author: "Ines Carvalho, Tomas Reid",
		Published: "2023-09-14", Source: "The Cove Courier",
	}})
	if a.Path != "news/furniture.html" || a.Captured != "" {
		t.Errorf("Path, Captured = %q, %q; want the path and no capture date", a.Path, a.Captured)
	}
	for _, body := range []string{
		"The town council voted on Thursday to support a plan for a tidal pool",
		"low enough to disappear under the water at the highest tides.",
		"if the permits arrive on time.",
	} {
		if !strings.Contains(a.Text, body) {
			t.Errorf("text lacks body sentence %q:\n%s", body, a.Text)
		}
	}
	for _, furniture := range []string{
		"cookies", "Weather", "Advertisement", "Share on Facebook", "Keep reading",
		"Harbour wall repairs", "newsletter", "Most popular", "Lifeboat crew", "All rights reserved",
	} {
		if strings.Contains(a.Text, furniture) {
			t.Errorf("text holds furniture %q:\n%s", furniture, a.Text)
		}
	}
	if got := strings.Count(a.Text, "\n\n"); got < 3 {
		t.Errorf("text has %d paragraph breaks, want at least 3:\n%s", got, a.Text)
	}
}

func TestParseHTMLSkips(t *testing.T) {
	tests := map[string]string{
		"empty":       "",
		"no body":     "<html><head><title>Nothing here</title></head><body></body></html>",
		"only script": "<html><body><script>var x = 1;</script></body></html>",
	}
	for name, page := range tests {
		t.Run(name, func(t *testing.T) {
			arts, skipped := parseHTML("p.html", strings.NewReader(page))
			if len(arts) != 0 || len(skipped) != 1 || skipped[0].Path != "p.html" || skipped[0].Error == "" {
				t.Errorf("parseHTML(%q) = %v, %v; want one skipped p.html with a reason", page, arts, skipped)
			}
		})
	}
}

func TestExtractPageCharset(t *testing.T) {
	body := "<p>Le café de la gare ouvre à l’aube et ferme tard, et les voyageurs y trouvent du pain chaud, des journaux et une chaise près du poêle quand il fait froid dehors.</p>"
	sjis, err := japanese.ShiftJIS.NewEncoder().String("<p>駅前の喫茶店は朝早くから開いていて、旅行者は温かいパンと新聞を楽しむことができます。寒い日にはストーブのそばの席が人気です。</p>")
	if err != nil {
		t.Fatal(err)
	}
	latin1 := strings.NewReplacer("é", "\xe9", "à", "\xe0", "ê", "\xea", "’", "'", "ê", "\xea").Replace(body)
	tests := []struct {
		name, page, contentType, want string
	}{
		{"utf-8 without declaration", "<html><body>" + body + "</body></html>", "", "Le café de la gare ouvre à l’aube"},
		{"latin-1 meta charset", "<html><head><meta charset=\"iso-8859-1\"></head><body>" + latin1 + "</body></html>", "", "Le café de la gare ouvre à l'aube"},
		{"latin-1 from header", "<html><body>" + latin1 + "</body></html>", "text/html; charset=ISO-8859-1", "Le café de la gare"},
		{"utf-8 that claims latin-1", "<html><head><meta charset=\"iso-8859-1\"></head><body>" + body + "</body></html>", "", "Le café de la gare ouvre à l’aube"},
		{"shift_jis http-equiv", "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head><body>" + sjis + "</body></html>", "", "駅前の喫茶店は朝早くから開いていて"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := extractPage([]byte(tt.page), tt.contentType, nil)
			if err != nil {
				t.Fatalf("extractPage: %v", err)
			}
			if !strings.Contains(a.Text, tt.want) {
				t.Errorf("text = %q, want it to contain %q", a.Text, tt.want)
			}
		})
	}
}

func TestExtractPageMeta(t *testing.T) {
	body := "<body><article><p>" + strings.Repeat("The ferry ran late again on Monday, and the harbour office said why. ", 8) + "</p></article></body>"
	tests := []struct {
		name, head        string
		published, author string
	}{
		{
			name:      "meta date normalised",
			head:      `<meta name="author" content="By Ana Lima"><meta name="date" content="2020/06/12">`,
			published: "2020-06-12", author: "Ana Lima",
		},
		{
			name: "an implausible date gives way to the next",
			head: `<meta property="article:published_time" content="2017-13-40"><script type="application/ld+json">` +
				`{"@type":"NewsArticle","dateCreated":"2018-05-05","author":[{"name":"Bo Chen"},"Ann Lee"]}</script>`,
			published: "2018-05-05", author: "Bo Chen, Ann Lee",
		},
		{
			name:      "time element; neither a link nor a handle is an author",
			head:      `<meta name="author" content="https://facebook.example/someone"><meta name="twitter:creator" content="@someone"><time pubdate datetime="2021-11-30T23:59:00-05:00">Nov 30</time>`,
			published: "2021-11-30", author: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := extractPage([]byte("<html><head><title>T</title>"+tt.head+"</head>"+body+"</html>"), "", nil)
			if err != nil {
				t.Fatalf("extractPage: %v", err)
			}
			if a.Published != tt.published || a.Author != tt.author {
				t.Errorf("extractPage: Published, Author = %q, %q; want %q, %q", a.Published, a.Author, tt.published, tt.author)
			}
		})
	}
}

func TestPageDate(t *testing.T) {
	tests := map[string]string{
		"2024-12-06T22:00:40.000Z":  "2024-12-06",
		"2017-02-23T17:18:13-08:00": "2017-02-23",
		"2015-10-15":                "2015-10-15",
		"20170112":                  "2017-01-12",
		"20170112190504":            "2017-01-12",
		"2017-13-40":                "",
		"":                          "",
		"not a date":                "",
	}
	for in, want := range tests {
		if got := pageDate(in); got != want {
			t.Errorf("pageDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRenderText(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"paragraphs", "<div><p>One  two\n three.</p><p>Four.</p></div>", "One two three.\n\nFour."},
		{"inline", "<p>A <b>bold</b> <a href=x>link</a>, then<i>italic</i>.</p>", "A bold link, thenitalic."},
		{"line break", "<p>Line one<br>Line two</p>", "Line one\nLine two"},
		{"scripts and styles", "<p>Kept<script>dropped()</script><style>p{}</style></p>", "Kept"},
		{"list", "<ul><li>First</li><li>Second</li></ul>", "First\n\nSecond"},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"},
		{"pre keeps space", "<pre>x  = 1\n  y = 2</pre>", "x  = 1\n  y = 2"},
		{"non-breaking space kept", "<p>10\u00a0km</p>", "10\u00a0km"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tt.html))
			if err != nil {
				t.Fatal(err)
			}
			if got := renderText(doc); got != tt.want {
				t.Errorf("renderText(%q) = %q, want %q", tt.html, got, tt.want)
			}
		})
	}
}

func TestParseHTMLTooLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a page of 200,000 elements")
	}
	page := "<html><body>" + strings.Repeat("<p>Boats.</p>", maxHTMLElements) + "</body></html>"
	arts, skipped := parseHTML("big.html", strings.NewReader(page))
	if len(arts) != 0 || len(skipped) != 1 || !strings.Contains(skipped[0].Error, "page too large") {
		t.Errorf("parseHTML(huge page) = %d articles, skipped %v; want it skipped as too large", len(arts), skipped)
	}
}
