package corpus

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
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
// Records are read one at a time from r (gzip members are unwrapped here if
// the caller has not done so), so a file of any size streams. Each HTML page
// is an article with ID "path#N", N counting every record from 1. Records
// that hold no page (requests, metadata, images, redirects) are left out
// silently; a page with no text, a revisit that cannot be resolved, a
// damaged record and the point where a truncated file breaks off are named,
// and so is a file that holds no HTML page at all.
func parseWARC(path string, r io.Reader) ([]Article, []Skipped) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, []Skipped{{Path: path, Error: fmt.Sprintf("read gzip: %v", err)}}
		}
		r = zr
	} else {
		r = br
	}
	f := &warcFile{path: path, earlier: map[string]earlierResponse{}}
	rr := newRecordReader(r)
	for n := 1; ; n++ {
		id := fmt.Sprintf("%s#%d", path, n)
		rec, err := rr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		var bad *errRecordHeader
		if errors.As(err, &bad) {
			f.skip(id, "unreadable record: "+err.Error())
			if rr.resync() != nil {
				break
			}
			continue
		}
		if err != nil {
			f.skip(id, "file breaks off: "+err.Error())
			break
		}
		art, keep := f.record(id, rec)
		if err := rr.skipRest(); err != nil {
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
func (f *warcFile) record(id string, rec *archiveRecord) (Article, bool) {
	uri := targetURI(rec.field("warc-target-uri"))
	captured := captureDate(rec.field("warc-date"))
	switch strings.ToLower(rec.field("warc-type")) {
	case "response", "resource":
		art, pageDate, err := f.page(rec, uri)
		f.remember(rec, len(f.arts), pageDate, err)
		if err != nil {
			if !errors.Is(err, errNotPage) {
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
func (f *warcFile) page(rec *archiveRecord, uri string) (Article, string, error) {
	p, err := readPage(rec.block, rec.field("content-type"))
	if err != nil {
		return Article{}, "", err
	}
	base, _ := url.Parse(uri)
	art, err := extractPage(p.body, p.contentType, base)
	if err != nil {
		return Article{}, "", err
	}
	return art, art.Published, nil
}

// remember notes a response under its payload digest and record id.
func (f *warcFile) remember(rec *archiveRecord, at int, pageDate string, err error) {
	e := earlierResponse{art: at, pageDate: pageDate, err: err}
	if err != nil {
		e.art = -1
	}
	for _, k := range []string{rec.field("warc-payload-digest"), rec.field("warc-record-id")} {
		if k != "" {
			if _, dup := f.earlier[k]; !dup {
				f.earlier[k] = e
			}
		}
	}
}

// revisit resolves a revisit record to the earlier response in this file
// with the same payload digest (or the record it refers to).
func (f *warcFile) revisit(id string, rec *archiveRecord, uri, captured string) (Article, bool) {
	e, ok := f.earlier[rec.field("warc-payload-digest")]
	if !ok {
		e, ok = f.earlier[rec.field("warc-refers-to")]
	}
	switch {
	case !ok:
		if _, err := readPage(rec.block, "text/html"); errors.Is(err, errNotPage) {
			return Article{}, false // its own HTTP header says it is no page
		}
		f.skip(id, "revisit of a record not in this file")
		return Article{}, false
	case e.art < 0:
		if e.err != nil && !errors.Is(e.err, errNotPage) {
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
	art.Published = firstNonBlank(pageDate, captured)
	if art.Source == "" {
		art.Source = siteHost(uri)
	}
	return art
}

// targetURI unwraps a URI that wget writes inside "<" and ">".
func targetURI(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
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
