package corpus

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
)

func TestTrimBody(t *testing.T) {
	tests := []struct {
		name, body, want string
		words, linkWords int
	}{
		{
			name:  "figure and caption go",
			body:  `<p>The pier reopened.</p><figure><img src="a.jpg"><figcaption>The pier at dawn. Photo: A. Lee</figcaption></figure><p>Boats came back.</p>`,
			want:  "The pier reopened.\n\nBoats came back.",
			words: 6,
		},
		{
			name:  "a figure with a table stays, its caption goes",
			body:  `<figure><table><tr><td>Tide</td><td>4 m</td></tr></table><figcaption>Table 1</figcaption></figure>`,
			want:  "Tide 4 m",
			words: 3,
		},
		{
			name:  "stray caption goes",
			body:  `<div><p>Text here.</p><figcaption>Credit: Agency</figcaption></div>`,
			want:  "Text here.",
			words: 2,
		},
		{
			name:  "list of links goes",
			body:  `<p>Body text.</p><ul><li><a href="/1">Harbour wall repairs begin</a></li><li><a href="/2">Lifeboat crew honoured</a></li></ul>`,
			want:  "Body text.",
			words: 2,
		},
		{
			name:  "paragraph that is a link goes",
			body:  `<p>Body text.</p><p>Related: <a href="/x">Chicago is the most segregated city</a></p>`,
			want:  "Body text.",
			words: 2,
		},
		{
			name:      "prose with a link stays",
			body:      `<p>The council, <a href="/c">which met on Thursday</a>, voted for the plan after a long debate.</p>`,
			want:      "The council, which met on Thursday, voted for the plan after a long debate.",
			words:     14,
			linkWords: 4,
		},
		{
			name: "list of words stays",
			body: `<ul><li>Flour</li><li>Water</li></ul>`,
			want: "Flour\n\nWater", words: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := parseBody(t, tt.body)
			words, linkWords := trimBody(n)
			if got := renderText(n); got != tt.want {
				t.Errorf("trimBody(%q) left %q, want %q", tt.body, got, tt.want)
			}
			if words != tt.words || linkWords != tt.linkWords {
				t.Errorf("trimBody(%q) = %d words, %d link words; want %d, %d", tt.body, words, linkWords, tt.words, tt.linkWords)
			}
		})
	}
}

// parseBody parses body as the content of <body> and returns that element.
func parseBody(t *testing.T, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<html><body>" + body + "</body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	return findElement(doc, "body")
}

// findElement returns the first element named tag in n, or nil.
func findElement(n *html.Node, tag string) *html.Node {
	if n.Type == html.ElementNode && n.Data == tag {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findElement(c, tag); f != nil {
			return f
		}
	}
	return nil
}

func TestProseWords(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"", 0},
		{"Home\n\nNews\n\nSport", 0},
		{"One two three four five six seven eight nine ten.", 10},
		{"One two three four five six seven eight nine ten", 0},
		{"“One two three four five six seven eight nine ten?”", 10},
		{"Short one.\n\nOne two three four five six seven eight nine ten eleven!\n\nA list\nof lines", 11},
		{"Jane Roe, Smith College\nJohn Doe, writer\nAnn Lee, Yale University\nBo Chen", 0},
		{"東京の駅前にある喫茶店は朝早くから開いています。", 23},
	}
	for _, tt := range tests {
		if got := proseWords(tt.text); got != tt.want {
			t.Errorf("proseWords(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}

func TestTextWords(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"", 0},
		{"  The cat's 2 mats — done.  ", 6},
		{"café naïve", 2},
		{"東京 tower", 3},
	}
	for _, tt := range tests {
		if got := textWords(tt.text); got != tt.want {
			t.Errorf("textWords(%q) = %d, want %d", tt.text, got, tt.want)
		}
		if got, want := textWords(tt.text), len(f1Tokens(tt.text)); got != want {
			t.Errorf("textWords(%q) = %d, but token F1 counts %d words", tt.text, got, want)
		}
	}
}

// routePage has a short list of names beside a long article: a pick of the
// list is the kind of wrong pick go-trafilatura's text replaces.
var routePage = `<html><head><title>Letter</title></head><body>
<div id="names"><p>Jane Roe, Smith College<br>John Doe, writer<br>Ann Lee, Yale University<br>Bo Chen</p></div>
<article id="letter">` + strings.Repeat(`<p>Our cultural institutions are facing a moment of trial, and the free exchange of
information and ideas, the lifeblood of a liberal society, is daily becoming more constricted.</p>`, 12) + `
<p style="display: none;">Hidden words that no reader sees and that the article text must not hold.</p>
<p hidden>Hidden words again, in an element with the hidden attribute, which no browser shows.</p>
</article></body></html>`

func TestArticleText(t *testing.T) {
	tests := []struct {
		name, pick string // pick: the id of go-readability's pick; "" for none
		wantNot    []string
	}{
		{"good pick is kept", "letter", []string{"Jane Roe"}},
		{"list pick is replaced", "names", []string{"Jane Roe", "Hidden words"}},
		{"no pick", "", []string{"Jane Roe", "Hidden words"}},
	}
	const want = "the lifeblood of a liberal society"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(routePage))
			if err != nil {
				t.Fatal(err)
			}
			var rn *html.Node
			if tt.pick != "" {
				rn = cloneNode(elementByID(doc, tt.pick))
			}
			got := articleText(doc, rn, nil)
			if !strings.Contains(got, want) {
				t.Errorf("articleText(pick %q) = %q, want it to hold %q", tt.pick, got, want)
			}
			for _, w := range tt.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("articleText(pick %q) = %q, want it without %q", tt.pick, got, w)
				}
			}
		})
	}
}

func TestArticleTextNothing(t *testing.T) {
	for _, page := range []string{
		"<html><head><title>Nothing here</title></head><body></body></html>",
		"<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav></body></html>",
	} {
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		if got := articleText(doc, nil, nil); got != "" {
			t.Errorf("articleText(%q) = %q, want no text", page, got)
		}
	}
}

// elementByID returns the element of n whose id is id, or nil.
func elementByID(n *html.Node, id string) *html.Node {
	if n.Type == html.ElementNode && slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == "id" && a.Val == id }) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := elementByID(c, id); f != nil {
			return f
		}
	}
	return nil
}

// cloneNode copies n and its descendants, detached from n's tree, as
// go-readability's pick is.
func cloneNode(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace, Attr: append([]html.Attribute(nil), n.Attr...)}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.AppendChild(cloneNode(ch))
	}
	return c
}

// TestArticleTextConcurrent has go-trafilatura read pages from several
// goroutines at once, as Read's workers may; run it with -race.
func TestArticleTextConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 3 {
				doc, err := html.Parse(strings.NewReader(routePage))
				if err != nil {
					t.Error(err)
					return
				}
				if got := articleText(doc, nil, nil); !strings.Contains(got, "liberal society") {
					t.Errorf("articleText(routePage, no pick) = %q, want the letter", got)
					return
				}
			}
		})
	}
	wg.Wait()
}
