package corpus

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	readability "github.com/go-shiori/go-readability"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"archivist/corpus/internal/htmlmeta"
)

const (
	// maxHTMLBytes caps the bytes of one page that are parsed; the rest of
	// a larger page is left unread.
	maxHTMLBytes = 16 << 20
	// maxHTMLElements caps the elements of a page that readability scores;
	// a page with more is skipped rather than tie up the reader.
	maxHTMLElements = 200_000
)

// errEmptyPage reports a page in which no article text was found.
var errEmptyPage = errors.New("no article text")

// parseHTML reads one archived HTML page stored at path.
func parseHTML(path string, r io.Reader) ([]Article, []Skipped) {
	data, err := io.ReadAll(io.LimitReader(r, maxHTMLBytes))
	if err != nil {
		return nil, []Skipped{{Path: path, Error: fmt.Sprintf("read page: %v", err)}}
	}
	a, err := extractPage(data, "", nil)
	if err != nil {
		return nil, []Skipped{{Path: path, Error: err.Error()}}
	}
	a.ID, a.Path = path, path
	return []Article{a}, nil
}

// extractPage finds the article in one HTML page: its cleaned body and what
// the page states about it. contentType is the HTTP header value where the
// page came with one ("" otherwise); pageURL, where known, resolves the
// page's relative links. ID and Path are left for the caller.
func extractPage(data []byte, contentType string, pageURL *url.URL) (Article, error) {
	doc, err := html.Parse(bytes.NewReader(toUTF8(data, contentType)))
	if err != nil {
		return Article{}, fmt.Errorf("parse html: %w", err)
	}
	if n := countElements(doc, maxHTMLElements); n > maxHTMLElements {
		return Article{}, fmt.Errorf("page too large: over %d elements", maxHTMLElements)
	}
	meta := htmlmeta.Read(doc, pageURL)

	p := readability.NewParser()
	ra, rerr := p.ParseDocument(doc, pageURL)
	text := articleText(doc, ra.Node, pageURL)
	if text == "" && rerr != nil {
		return Article{}, fmt.Errorf("extract article: %w", rerr)
	}
	if text == "" {
		return Article{}, errEmptyPage
	}

	a := Article{
		Title:     cmp.Or(squashSpace(ra.Title), meta.Title),
		URL:       meta.Canonical,
		Author:    strings.Join(meta.LDAuthors, ", "),
		Published: firstPageDate(meta.Dates),
		Source:    cmp.Or(meta.Site, squashSpace(ra.SiteName)),
		Text:      text,
	}
	if a.Author == "" {
		a.Author = htmlmeta.CleanByline(ra.Byline)
	}
	if a.Author == "" {
		a.Author = strings.Join(meta.MetaAuthors, ", ")
	}
	if a.Source == "" {
		a.Source = siteHost(a.URL)
	}
	if a.Published == "" && ra.PublishedTime != nil {
		a.Published = ra.PublishedTime.Format("2006-01-02")
	}
	return a, nil
}

// toUTF8 returns data as UTF-8. Data that is already valid UTF-8 is kept
// whatever it declares (pages often lie about their charset); otherwise the
// encoding comes from a byte-order mark, the Content-Type header, the page's
// <meta charset> or http-equiv, else windows-1252.
func toUTF8(data []byte, contentType string) []byte {
	if utf8.Valid(data) {
		return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	}
	enc, _, _ := charset.DetermineEncoding(data, contentType)
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	return out
}

// countElements counts the elements of n, stopping once past limit.
func countElements(n *html.Node, limit int) int {
	count := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && count <= limit; c = c.NextSibling {
			if c.Type == html.ElementNode {
				count++
			}
			walk(c)
		}
	}
	walk(n)
	return count
}

// squashSpace folds every run of white space in s to one space and trims it.
func squashSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
