package warc

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"archivist/corpus/internal/warc/warctest"
)

// FuzzReader reads every record of a stream and the page in each, as
// corpus does, and checks what the package promises. Seeds come from the
// f.Add calls and testdata/fuzz/FuzzReader. Run it for a short while with:
//
//	go test ./corpus/internal/warc -run XXX -fuzz FuzzReader -fuzztime 20s
func FuzzReader(f *testing.F) {
	page := warctest.HTTPResponse("200 OK", []string{"Content-Type: text/html", "Transfer-Encoding: chunked", "Content-Encoding: gzip"},
		warctest.Chunked(warctest.Gzip("<html><body><p>Ferry.</p></body></html>"), 16))
	f.Add([]byte("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/\r\n\r\n"))
	f.Add([]byte("filedesc://x 0 20200101000000 text/plain 0\n\nhttp://a/ 1 20200101000000 text/html 3\nabc\n"))
	f.Add([]byte(warctest.Record("WARC/1.1", [][2]string{{"WARC-Type", "response"}, {"WARC-Target-URI", "<https://a.example/>"}}, page)))
	f.Add([]byte(warctest.Gzip(warctest.Record("WARC/1.0", [][2]string{{"WARC-Type", "resource"}, {"Content-Type", "text/html"}}, "<p>x</p>"))))
	f.Add([]byte("WARC/1.0\nContent-Length: x\n\nWARC/1.0\nContent-Length: 1\n\nx"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "read gzip: ") {
				t.Fatalf("NewReader error %q, want a gzip error", err)
			}
			return
		}
		for {
			rec, err := r.Next()
			var bad *HeaderError
			switch {
			case errors.Is(err, io.EOF):
				return
			case errors.As(err, &bad):
				if bad.Reason == "" {
					t.Fatal("HeaderError without a reason")
				}
				if r.Resync() != nil {
					return
				}
				continue
			case err != nil:
				return
			}
			if rec.Length < 0 || rec.Type != strings.ToLower(rec.Type) {
				t.Fatalf("record with length %d, type %q", rec.Length, rec.Type)
			}
			block := &counter{r: rec.Block}
			p, err := ReadPage(block, rec.ContentType)
			if err == nil && (len(p.Body) > MaxBodyBytes || p.ContentType != "" && !isHTMLType(p.ContentType)) {
				t.Fatalf("ReadPage = %d bytes of %q", len(p.Body), p.ContentType)
			}
			io.Copy(io.Discard, block)
			if block.n > rec.Length {
				t.Fatalf("block gave %d bytes, over its length %d", block.n, rec.Length)
			}
			if r.Discard() != nil {
				return
			}
		}
	})
}

// counter counts the bytes read through it.
type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
