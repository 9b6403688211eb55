package corpus

import (
	"crypto/sha1"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"archivist/corpus/internal/warc/warctest"
)

// updateWARC rewrites the hand-made WARC and ARC files in testdata/warc.
var updateWARC = flag.Bool("update-warc", false, "rewrite testdata/warc from warcFixtures")

// warcFixturePage is a small original article page with the furniture a real
// page has around it.
func warcFixturePage(title, date string, paras ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s | The Harbour Gazette</title>\n", title)
	fmt.Fprintf(&b, "<meta property=\"og:site_name\" content=\"The Harbour Gazette\">\n")
	if date != "" {
		fmt.Fprintf(&b, "<meta property=\"article:published_time\" content=\"%sT08:30:00+02:00\">\n", date)
	}
	b.WriteString("</head><body>\n<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav>\n")
	fmt.Fprintf(&b, "<article><h1>%s</h1><p class=\"byline\">By Mara Lindqvist</p>\n", title)
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	b.WriteString("</article>\n<footer><p>Copyright 2024 The Harbour Gazette. All rights reserved.</p></footer>\n</body></html>\n")
	return b.String()
}

var (
	ferryPage = warcFixturePage("Night ferry returns to the northern route", "2024-03-02",
		"The night ferry between the two harbour towns will run again from April, the port authority said on Friday, after a winter in which the crossing was suspended for repairs to the loading ramp.",
		"Passengers who booked cabins for the spring sailings will keep their reservations, and the operator has promised a timetable with an extra departure on Saturday evenings during the summer months.",
		"Local traders had warned that the long closure was hurting the market towns on both sides of the water, where the ferry brings most of the weekend visitors and a good share of the fresh fish.")
	libraryPage = warcFixturePage("Library opens its map room to the public", "2024-05-17",
		"For the first time in its history the old library will let visitors into the map room, where charts of the coast drawn by hand in the eighteenth century are kept in long wooden drawers.",
		"The librarians have chosen forty maps for the first exhibition, among them a survey of the sandbanks that sailors relied on for more than a hundred years before the lighthouse was built.",
		"Entry is free on weekday afternoons, and school groups can book guided visits with the conservator, who will show how the paper is cleaned and mended without harming the old ink.")
	orchardPage = warcFixturePage("Orchard growers count the cost of a late frost", "",
		"Apple growers in the valley lost a large part of their blossom to a frost that came three weeks later than anyone could remember, and some expect a harvest of less than half the usual size.",
		"Several farms lit small fires between the rows through the coldest night, a method their grandparents used, but the wind carried most of the warmth away before it could reach the trees.",
		"The growers' association will ask the regional council for help with the cost of replanting, and has started a list of the varieties that came through the cold with the least damage.")
)

func warcResponse(uri, date, status string, headers []string, body string) string {
	return warctest.Record("WARC/1.1", [][2]string{
		{"WARC-Type", "response"},
		{"WARC-Target-URI", uri},
		{"WARC-Date", date},
		{"WARC-Record-ID", "<urn:uuid:" + fmt.Sprintf("%08x", sha1.Sum([]byte(uri+date))) + "-0000-4000-8000-000000000000>"},
		{"WARC-Payload-Digest", warctest.Digest(body)},
		{"Content-Type", "application/http; msgtype=response"},
	}, warctest.HTTPResponse(status, headers, body))
}

// warcFixtures builds the hand-made files of testdata/warc, by name.
func warcFixtures() map[string][]byte {
	html := "Content-Type: text/html; charset=utf-8"
	info := warctest.Record("WARC/1.1", [][2]string{{"WARC-Type", "warcinfo"}, {"WARC-Date", "2024-06-01T10:00:00Z"}, {"Content-Type", "application/warc-fields"}}, "software: handmade-fixture\r\nformat: WARC File Format 1.1\r\n")
	request := warctest.Record("WARC/1.1", [][2]string{{"WARC-Type", "request"}, {"WARC-Target-URI", "https://gazette.example/ferry"}, {"WARC-Date", "2024-06-01T10:00:01Z"}, {"Content-Type", "application/http; msgtype=request"}}, "GET /ferry HTTP/1.1\r\nHost: gazette.example\r\n\r\n")
	ferryZ := warctest.Gzip(ferryPage)
	records := []string{
		info,    // 1
		request, // 2
		// 3: chunked and gzip-encoded page.
		warctest.Record("WARC/1.1", [][2]string{
			{"WARC-Type", "response"}, {"WARC-Target-URI", "https://gazette.example/ferry"}, {"WARC-Date", "2024-06-01T10:00:02Z"},
			{"WARC-Record-ID", "<urn:uuid:11111111-0000-4000-8000-000000000003>"},
			{"WARC-Payload-Digest", warctest.Digest(ferryZ)}, {"Content-Type", "application/http; msgtype=response"},
		}, warctest.HTTPResponse("200 OK", []string{html, "Transfer-Encoding: chunked", "Content-Encoding: gzip"}, warctest.Chunked(ferryZ, 200))),
		// 4: an image, 5: an error page, 6: a redirect: none is an article.
		warcResponse("https://gazette.example/logo.png", "2024-06-01T10:00:03Z", "200 OK", []string{"Content-Type: image/png"}, "\x89PNG\r\n\x1a\nnot really an image"),
		warcResponse("https://gazette.example/missing", "2024-06-01T10:00:04Z", "404 Not Found", []string{html}, "<html><body><p>Page not found.</p></body></html>"),
		warcResponse("https://gazette.example/old-ferry", "2024-06-01T10:00:05Z", "301 Moved Permanently", []string{html, "Location: /ferry"}, "<html><body>Moved</body></html>"),
		// 7: a revisit of record 3, captured a day later.
		warctest.Record("WARC/1.1", [][2]string{
			{"WARC-Type", "revisit"}, {"WARC-Target-URI", "https://gazette.example/ferry?ref=rss"}, {"WARC-Date", "2024-06-02T09:00:00Z"},
			{"WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"},
			{"WARC-Refers-To-Target-URI", "https://gazette.example/ferry"},
			{"WARC-Payload-Digest", warctest.Digest(ferryZ)}, {"Content-Type", "application/http; msgtype=response"},
		}, warctest.HTTPResponse("200 OK", []string{html, "Content-Encoding: gzip"}, "")),
		// 8: a revisit whose original is not in this file.
		warctest.Record("WARC/1.1", [][2]string{
			{"WARC-Type", "revisit"}, {"WARC-Target-URI", "https://gazette.example/elsewhere"}, {"WARC-Date", "2024-06-02T09:00:01Z"},
			{"WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"},
			{"WARC-Payload-Digest", "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, {"Content-Type", "application/http; msgtype=response"},
		}, warctest.HTTPResponse("200 OK", []string{html}, "")),
		// 9: crawler metadata.
		warctest.Record("WARC/1.1", [][2]string{{"WARC-Type", "metadata"}, {"WARC-Target-URI", "https://gazette.example/ferry"}, {"WARC-Date", "2024-06-01T10:00:02Z"}, {"Content-Type", "application/warc-fields"}}, "outlinks: https://gazette.example/news\r\n"),
	}
	var members strings.Builder
	for _, r := range records {
		members.WriteString(warctest.Gzip(r)) // one gzip member per record
	}

	// wget-odd.warc: wget's <uri>, LF line endings, lower-case and folded
	// fields, a Latin-1 page, deflate, a damaged record and WARC/0.17.
	latin1 := strings.ReplaceAll(strings.Replace(libraryPage, `<meta charset="utf-8">`, `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">`, 1), "century", "centur\xe9")
	libBlock := warctest.HTTPResponse("200 OK", []string{"content-type: text/html", "Content-Encoding: deflate"}, warctest.Deflate(latin1))
	oddRecords := []string{
		"WARC/1.0\nwarc-type:response\nWARC-Target-URI: <https://gazette.example/library>\nWARC-Date:   2024-06-03T12:00:00Z\nX-Crawler-Note: a field\n\tfolded over two lines\nContent-Type: application/http;msgtype=response\n" +
			fmt.Sprintf("Content-Length: %d\n\n%s\n\n", len(libBlock), libBlock),
		"WARC/1.0\nWARC-Type: response\nWARC-Target-URI: <https://gazette.example/broken>\nContent-Length: twelve\n\nthis record cannot be measured\n\n",
		warctest.Record("WARC/0.17", [][2]string{
			{"WARC-Type", "response"}, {"WARC-Target-URI", "http://gazette.example/orchard"}, {"WARC-Date", "2008-04-30T20:48:25Z"},
			{"Content-Type", "application/http; msgtype=response"},
		}, warctest.HTTPResponse("200 OK", []string{"Content-Type: application/xhtml+xml"}, orchardPage)),
		warctest.Record("WARC/1.0", [][2]string{
			{"WARC-Type", "resource"}, {"WARC-Target-URI", "<https://gazette.example/ferry/print>"}, {"WARC-Date", "2024-06-03T12:00:02Z"},
			{"Content-Type", "text/html"},
		}, ferryPage),
	}

	// truncated.warc.gz: two whole records, the third cut inside its body.
	whole := warcResponse("https://gazette.example/ferry", "2024-06-04T08:00:00Z", "200 OK", []string{html}, ferryPage) +
		warcResponse("https://gazette.example/library", "2024-06-04T08:00:01Z", "200 OK", []string{html}, libraryPage)
	third := warcResponse("https://gazette.example/orchard", "2024-06-04T08:00:02Z", "200 OK", []string{html}, orchardPage)
	cut := warctest.Gzip(whole + third)

	// pages.arc: ARC version 1 with a dns record, a page and an image.
	arcBody := "1 0 HandmadeFixture\nURL IP-address Archive-date Content-type Archive-length\n"
	arcRec := func(uri, date, ctype, block string) string {
		return fmt.Sprintf("%s 192.0.2.7 %s %s %d\n%s\n", uri, date, ctype, len(block), block)
	}
	arc := fmt.Sprintf("filedesc://pages.arc 0.0.0.0 20080430204825 text/plain %d\n%s\n", len(arcBody), arcBody) +
		arcRec("dns:gazette.example", "20080430204825", "text/dns", "20080430204825\ngazette.example. 300 IN A 192.0.2.7\n") +
		arcRec("http://gazette.example/orchard", "20080430204826", "text/html", warctest.HTTPResponse("200 OK", []string{"Content-Type: text/html"}, orchardPage)) +
		arcRec("http://gazette.example/logo.png", "20080430204827", "image/png", warctest.HTTPResponse("200 OK", []string{"Content-Type: image/png"}, "\x89PNG not an image"))

	return map[string][]byte{
		"multi-member.warc.gz": []byte(members.String()),
		"wget-odd.warc":        []byte(strings.Join(oddRecords, "")),
		"truncated.warc.gz":    []byte(cut[:len(cut)*4/5]),
		"truncated.warc":       []byte((whole + third)[:len(whole)+len(third)/2]),
		"pages.arc":            []byte(arc),
		"pages.arc.gz":         []byte(warctest.Gzip(arc)),
	}
}

// TestWARCFixtures writes testdata/warc from warcFixtures when run with
// -update-warc. The files are not compared otherwise: gzip output may change
// between Go releases, and the files, not the builder, are the fixtures.
func TestWARCFixtures(t *testing.T) {
	if !*updateWARC {
		t.Skip("run with -update-warc to rewrite testdata/warc")
	}
	dir := filepath.Join("testdata", "warc")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range warcFixtures() {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
