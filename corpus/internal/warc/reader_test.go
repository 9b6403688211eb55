package warc

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"archivist/corpus/internal/warc/warctest"
)

// summary reads every record of data and describes each in a line: its
// fields and block, or the error met. A damaged header is followed by
// Resync, as a caller would.
func summary(t *testing.T, data string) []string {
	t.Helper()
	r, err := NewReader(strings.NewReader(data))
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var out []string
	for {
		rec, err := r.Next()
		var bad *HeaderError
		switch {
		case errors.Is(err, io.EOF):
			return out
		case errors.As(err, &bad):
			out = append(out, "header error: "+err.Error())
			if r.Resync() != nil {
				return append(out, "no record after it")
			}
			continue
		case err != nil:
			return append(out, "stream error: "+err.Error())
		}
		block, _ := io.ReadAll(io.LimitReader(rec.Block, 12))
		out = append(out, fmt.Sprintf("%s %s %s %s %q id=%s digest=%s refers=%s len=%d %q", rec.Version, rec.Type, rec.TargetURI,
			rec.Date, rec.ContentType, rec.RecordID, rec.PayloadDigest, rec.RefersTo, rec.Length, block))
		if err := r.Discard(); err != nil {
			return append(out, "discard: "+err.Error())
		}
	}
}

func TestReader(t *testing.T) {
	page := warctest.HTTPResponse("200 OK", []string{"Content-Type: text/html"}, "<p>Ferry</p>")
	records := []string{
		warctest.Record("WARC/1.1", [][2]string{{"WARC-Type", "warcinfo"}, {"WARC-Date", "2024-06-01T10:00:00Z"}, {"Content-Type", "application/warc-fields"}}, "software: x\r\n"),
		warctest.Record("WARC/1.1", [][2]string{
			{"WARC-Type", "response"}, {"WARC-Target-URI", "https://gazette.example/ferry"}, {"WARC-Date", "2024-06-01T10:00:02Z"},
			{"WARC-Record-ID", "<urn:uuid:1>"}, {"WARC-Payload-Digest", "sha1:AAA"}, {"Content-Type", "application/http; msgtype=response"},
		}, page),
		warctest.Record("WARC/1.1", [][2]string{
			{"WARC-Type", "Revisit"}, {"WARC-Target-URI", "https://gazette.example/ferry?ref=rss"}, {"WARC-Date", "2024-06-02T09:00:00Z"},
			{"WARC-Payload-Digest", "sha1:AAA"}, {"WARC-Refers-To", "<urn:uuid:1>"},
		}, ""),
		// wget: "<uri>", LF line endings, lower-case and folded fields.
		"WARC/1.0\nwarc-type:response\nWARC-Target-URI: <https://gazette.example/library>\nWARC-Date:   2024-06-03T12:00:00Z\n" +
			"X-Note: a field\n\tfolded over two lines\nContent-Type: application/http;msgtype=response\n" +
			fmt.Sprintf("Content-Length: %d\n\n%s\n\n", len(page), page),
		"WARC/1.0\nWARC-Type: response\nContent-Length: twelve\n\nthis record cannot be measured\n\n",
		warctest.Record("WARC/0.17", [][2]string{{"WARC-Type", "resource"}, {"WARC-Target-URI", "http://gazette.example/orchard"}, {"Content-Type", "text/html"}}, "<p>Orchard</p>"),
	}
	want := []string{
		`WARC/1.1 warcinfo  2024-06-01T10:00:00Z "application/warc-fields" id= digest= refers= len=13 "software: x\r"`,
		`WARC/1.1 response https://gazette.example/ferry 2024-06-01T10:00:02Z "application/http; msgtype=response" id=<urn:uuid:1> digest=sha1:AAA refers= len=` +
			fmt.Sprint(len(page)) + ` "HTTP/1.1 200"`,
		`WARC/1.1 revisit https://gazette.example/ferry?ref=rss 2024-06-02T09:00:00Z "" id= digest=sha1:AAA refers=<urn:uuid:1> len=0 ""`,
		`WARC/1.0 response https://gazette.example/library 2024-06-03T12:00:00Z "application/http;msgtype=response" id= digest= refers= len=` +
			fmt.Sprint(len(page)) + ` "HTTP/1.1 200"`,
		`header error: bad Content-Length "twelve"`,
		`WARC/0.17 resource http://gazette.example/orchard  "text/html" id= digest= refers= len=14 "<p>Orchard</"`,
	}
	var members strings.Builder
	for _, r := range records {
		members.WriteString(warctest.Gzip(r)) // one gzip member a record
	}
	for name, data := range map[string]string{"plain": strings.Join(records, ""), "gzip members": members.String()} {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(want, summary(t, data)); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReaderBreaksOff(t *testing.T) {
	whole := warctest.Record("WARC/1.0", [][2]string{{"WARC-Type", "resource"}, {"WARC-Target-URI", "http://a.example/"}, {"Content-Type", "text/html"}}, "<p>A page of some length.</p>")
	tests := []struct {
		name, data string
		want       []string
	}{
		{"in the block", whole[:len(whole)-20], []string{
			`WARC/1.0 resource http://a.example/  "text/html" id= digest= refers= len=29 "<p>A page of"`,
			"discard: record block cut short: unexpected EOF",
		}},
		{"in the header", whole[:30], []string{"stream error: record header cut short: unexpected EOF"}},
		{"blank space only", "\r\n\r\n", nil},
		{"not a record", "hello\nworld\n", []string{`header error: not a WARC record: "hello"`, "no record after it"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, summary(t, tt.data)); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReaderARC(t *testing.T) {
	block := warctest.HTTPResponse("200 OK", []string{"Content-Type: text/html"}, "<p>x</p>")
	v2 := fmt.Sprintf("filedesc://x.arc 0.0.0.0 20090101000000 text/plain 0\n\n"+
		"http://a.example/ 192.0.2.1 20090102030405 text/html 200 SHA1X - 0 x.arc %d\n%s\n", len(block), block)
	// Version 1, cut from a longer file: no filedesc record.
	v1 := fmt.Sprintf("http://a.example/ 192.0.2.1 20090102030405 text/html %d\n%s\n", len(block), block)
	tests := []struct {
		name, data string
		want       []string
	}{
		{"version 2", v2, []string{
			`ARC warcinfo filedesc://x.arc 20090101000000 "text/plain" id= digest= refers= len=0 ""`,
			fmt.Sprintf(`ARC response http://a.example/ 20090102030405 "text/html" id= digest= refers= len=%d "HTTP/1.1 200"`, len(block)),
		}},
		{"version 1 without filedesc", v1, []string{
			fmt.Sprintf(`ARC response http://a.example/ 20090102030405 "text/html" id= digest= refers= len=%d "HTTP/1.1 200"`, len(block)),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, summary(t, tt.data)); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewReaderBadGzip(t *testing.T) {
	_, err := NewReader(strings.NewReader("\x1f\x8bnot really gzip"))
	if err == nil || !strings.HasPrefix(err.Error(), "read gzip: ") {
		t.Errorf("NewReader(bad gzip) error = %v, want one starting read gzip:", err)
	}
}

func TestTargetURI(t *testing.T) {
	tests := map[string]string{
		"<https://a.example/x>":   "https://a.example/x",
		" https://a.example/x ":   "https://a.example/x",
		"< https://a.example/ >":  "https://a.example/",
		"dns:www.archive.org":     "dns:www.archive.org",
		"<https://a.example/x":    "<https://a.example/x",
		"":                        "",
		"https://a.example/<tag>": "https://a.example/<tag>",
	}
	for in, want := range tests {
		if got := targetURI(in); got != want {
			t.Errorf("targetURI(%q) = %q, want %q", in, got, want)
		}
	}
}
