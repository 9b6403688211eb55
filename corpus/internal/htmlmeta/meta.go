// Package htmlmeta reads what an HTML page states about itself: its title,
// site name, canonical URL, publication dates and authors, from <meta>
// elements, JSON-LD, <link rel=canonical>, <title> and <time> elements. It
// guesses nothing from the body and normalises no dates.
package htmlmeta

import (
	"cmp"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Meta is what a page states about itself in its <head>, its JSON-LD and
// its <time> elements. Strings are trimmed with runs of white space folded;
// URLs are absolute http(s) URLs or "".
type Meta struct {
	Title, Site, Canonical string
	// Dates are the publication dates the page states, as written, most
	// trusted first: JSON-LD datePublished, <meta> dates, JSON-LD
	// dateCreated, then a <time pubdate> or itemprop=datePublished.
	Dates []string
	// LDAuthors are the author names of the page's JSON-LD article;
	// MetaAuthors those of its <meta> elements. Both are cleaned with
	// CleanByline, without repeats.
	LDAuthors, MetaAuthors []string
}

// Meta keys in the order they are trusted. Keys are lower-cased values of a
// <meta> element's name, property or itemprop attribute.
var (
	titleKeys = []string{"og:title", "parsely-title", "dc.title", "twitter:title", "headline"}
	siteKeys  = []string{"og:site_name", "application-name", "al:android:app_name"}
	urlKeys   = []string{"og:url", "parsely-link"}
	dateKeys  = []string{
		"article:published_time", "datepublished", "parsely-pub-date",
		"og:published_time", "published_time", "article.published", "dc.date.issued",
		"dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "citation_publication_date",
		"citation_date", "sailthru.date", "pubdate", "publishdate", "publish-date", "publish_date",
		"date", "article_date_original", "originalpublicationdate", "ptime", "pdate",
	}
	authorKeys = []string{
		"author", "article:author", "parsely-author", "dc.creator", "dcterms.creator",
		"citation_author", "sailthru.author", "byl",
	}
)

// Read collects the page's own statements about itself from doc. Relative
// URLs resolve against base (which may be nil) or the page's <base>.
func Read(doc *html.Node, base *url.URL) Meta {
	meta := map[string][]string{}
	var canonical, docTitle, timeDate string
	baseSet := false
	var ld []map[string]any
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				content := strings.TrimSpace(nodeAttr(n, "content"))
				for _, k := range []string{"property", "name", "itemprop"} {
					if key := strings.ToLower(strings.TrimSpace(nodeAttr(n, k))); key != "" && content != "" {
						for _, key := range strings.Fields(key) {
							meta[key] = append(meta[key], content)
						}
					}
				}
			case atom.Link:
				if relHasToken(nodeAttr(n, "rel"), "canonical") && canonical == "" {
					canonical = nodeAttr(n, "href")
				}
			case atom.Base:
				// The first <base> with an href sets the base URL.
				if b := absURL(base, nodeAttr(n, "href")); b != "" && !baseSet {
					base, _ = url.Parse(b)
					baseSet = true
				}
			case atom.Title:
				if docTitle == "" && n.FirstChild != nil {
					docTitle = squashSpace(n.FirstChild.Data)
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(nodeAttr(n, "type")), "application/ld+json") && n.FirstChild != nil {
					ld = append(ld, jsonLDObjects(n.FirstChild.Data)...)
				}
				return
			case atom.Time:
				if timeDate == "" && (nodeHasAttr(n, "pubdate") || strings.EqualFold(nodeAttr(n, "itemprop"), "datePublished")) {
					timeDate = nodeAttr(n, "datetime")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)

	var m Meta
	art := pickArticle(ld)
	m.Title = cmp.Or(ldString(art["headline"]), metaFirst(meta, titleKeys), docTitle)
	m.Site = cmp.Or(ldName(art["publisher"]), metaFirst(meta, siteKeys))
	m.Canonical = cmp.Or(absURL(base, canonical), absURL(base, metaFirst(meta, urlKeys)), absURL(base, ldURL(art)))
	dates := append([]string{ldString(art["datePublished"])}, metaAll(meta, dateKeys)...)
	for _, d := range append(dates, ldString(art["dateCreated"]), timeDate) {
		if d = strings.TrimSpace(d); d != "" {
			m.Dates = append(m.Dates, d)
		}
	}
	m.LDAuthors = ldAuthors(art["author"])
	for _, k := range authorKeys {
		for _, v := range meta[k] {
			if a := CleanByline(v); a != "" {
				m.MetaAuthors = appendName(m.MetaAuthors, a)
			}
		}
		if len(m.MetaAuthors) > 0 {
			break
		}
	}
	return m
}

// metaFirst returns the first value of the first key present.
func metaFirst(meta map[string][]string, keys []string) string {
	for _, k := range keys {
		if v := meta[k]; len(v) > 0 {
			return squashSpace(v[0])
		}
	}
	return ""
}

// metaAll returns every value of keys, in key order.
func metaAll(meta map[string][]string, keys []string) []string {
	var out []string
	for _, k := range keys {
		out = append(out, meta[k]...)
	}
	return out
}

// absURL resolves ref against base and returns it when it is an absolute
// http(s) URL, else "".
func absURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// nodeAttr returns the value of n's attribute key, or "".
func nodeAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// nodeHasAttr reports whether n has the attribute key, with or without a value.
func nodeHasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// relHasToken reports whether the space-separated list s holds tok, ignoring case.
func relHasToken(s, tok string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// squashSpace folds every run of white space in s to one space and trims it.
func squashSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// appendName appends s to list unless list holds it already, ignoring case.
func appendName(list []string, s string) []string {
	for _, e := range list {
		if strings.EqualFold(e, s) {
			return list
		}
	}
	return append(list, s)
}
