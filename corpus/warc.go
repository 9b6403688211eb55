package corpus

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"archivist/corpus/internal/warc"
)

// warcFile holds what parseWARC has read of one file so far.
type warcFile struct {
	path    string
	arts    []Article
	skipped []Skipped
	// earlier maps a response's payload digest and record id to the
	// response it came from, so that a revisit record can be resolved.
	earlier map[string]earlierResponse
}

// earlierResponse is what a revisit record needs of the response it points at.
type earlierResponse struct {
	art      int    // index in arts, or -1 when the response was not an article
	pageDate string // the publication date the page itself states
	err      error  // why the response was skipped, when it was
}

// parseWARC reads every HTML response record of a WARC or ARC file at path.
//
// Records are read one at a time from r by a warc.Reader (which unwraps gzip
// members if the caller has not done so), so a file of any size streams.
// Each HTML page
// is an article with ID "path#N", N counting every record from 1. Records
// that hold no page (requests, metadata, images, redirects) are left out
// silently; a page with no text, a revisit that cannot be resolved, a
// damaged record and the point where a truncated file breaks off are named,
// and so is a file that holds no HTML page at all.
func parseWARC(path string, r io.Reader) ([]Article, []Skipped) {
	rr, err := warc.NewReader(r)
	if err != nil {
		return nil, []Skipped{{Path: path, Error: err.Error()}}
	}
	f := &warcFile{path: path, earlier: map[string]earlierResponse{}}
	for n := 1; ; n++ {
		id := fmt.Sprintf("%s#%d", path, n)
		rec, err := rr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var bad *warc.HeaderError
		if errors.As(err, &bad) {
			f.skip(id, "unreadable record: "+err.Error())
			if rr.Resync() != nil {
				break
			}
			continue
		}
		if err != nil {
			f.skip(id, "file breaks off: "+err.Error())
			break
		}
		skips := len(f.skipped)
		art, keep := f.record(id, rec)
		if err := rr.Discard(); err != nil {
			// The record was cut short: whatever was made of its part is
			// not the page, and the break is the one thing to say of it.
			f.skipped = f.skipped[:skips]
			f.skip(id, "file breaks off: "+err.Error())
			break
		}
		if keep {
			f.arts = append(f.arts, art)
		}
	}
	if len(f.arts) == 0 && len(f.skipped) == 0 {
		f.skip(path, "no HTML pages in the archive")
	}
	return f.arts, f.skipped
}

func (f *warcFile) skip(id, reason string) {
	f.skipped = append(f.skipped, Skipped{Path: id, Error: reason})
}

// record turns one record into an article, reporting whether it is one.
func (f *warcFile) record(id string, rec *warc.Record) (Article, bool) {
	uri := rec.TargetURI
	captured := captureDate(rec.Date)
	switch rec.Type {
	case "response", "resource":
		art, pageDate, err := f.page(rec, uri)
		f.remember(rec, len(f.arts), pageDate, err)
		if err != nil {
			if !errors.Is(err, warc.ErrNotPage) {
				f.skip(id, err.Error())
			}
			return Article{}, false
		}
		return f.finish(art, id, uri, captured, pageDate), true
	case "revisit":
		return f.revisit(id, rec, uri, captured)
	}
	return Article{}, false
}

// page extracts the article of a response or resource record.
func (f *warcFile) page(rec *warc.Record, uri string) (Article, string, error) {
	p, err := warc.ReadPage(rec.Block, rec.ContentType)
	if err != nil {
		return Article{}, "", err
	}
	base, _ := url.Parse(uri)
	art, err := extractPage(p.Body, p.ContentType, base)
	if err != nil {
		return Article{}, "", err
	}
	return art, art.Published, nil
}

// remember notes a response under its payload digest and record id.
func (f *warcFile) remember(rec *warc.Record, at int, pageDate string, err error) {
	e := earlierResponse{art: at, pageDate: pageDate, err: err}
	if err != nil {
		e.art = -1
	}
	for _, k := range []string{rec.PayloadDigest, rec.RecordID} {
		if k != "" {
			if _, dup := f.earlier[k]; !dup {
				f.earlier[k] = e
			}
		}
	}
}

// revisit resolves a revisit record to the earlier response in this file
// with the same payload digest (or the record it refers to).
func (f *warcFile) revisit(id string, rec *warc.Record, uri, captured string) (Article, bool) {
	e, ok := f.earlier[rec.PayloadDigest]
	if !ok {
		e, ok = f.earlier[rec.RefersTo]
	}
	switch {
	case !ok:
		if _, err := warc.ReadPage(rec.Block, "text/html"); errors.Is(err, warc.ErrNotPage) {
			return Article{}, false // its own HTTP header says it is no page
		}
		f.skip(id, "revisit of a record not in this file")
		return Article{}, false
	case e.art < 0:
		if e.err != nil && !errors.Is(e.err, warc.ErrNotPage) {
			f.skip(id, "revisit of a skipped record: "+e.err.Error())
		}
		return Article{}, false
	}
	art := f.arts[e.art]
	return f.finish(art, id, uri, captured, e.pageDate), true
}

// finish sets a WARC article's identity and dates: the target URI, the
// capture date, and the page's own date else the capture date.
func (f *warcFile) finish(art Article, id, uri, captured, pageDate string) Article {
	art.ID, art.Path = id, f.path
	art.URL = uri
	art.Captured = captured
	art.Published = cmp.Or(pageDate, captured)
	if art.Source == "" {
		art.Source = siteHost(uri)
	}
	return art
}

// captureDate turns a WARC-Date ("2024-04-25T16:24:44Z") or an ARC date
// ("20080430204825") into "YYYY-MM-DD".
func captureDate(s string) string {
	switch {
	case len(s) >= 8 && asciiDigits(s[:8]):
		if plausibleYMD(s[0:4], s[4:6], s[6:8]) {
			return s[0:4] + "-" + s[4:6] + "-" + s[6:8]
		}
		return ""
	default:
		return pageDate(s)
	}
}

// siteHost returns the host of an http(s) URL without a leading "www.".
func siteHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}
