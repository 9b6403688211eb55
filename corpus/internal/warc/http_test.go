package warc

import (
	"errors"
	"io"
	"strings"
	"testing"

	"archivist/corpus/internal/warc/warctest"
)

func TestReadPage(t *testing.T) {
	const html = "<html><body><p>Tide tables for the week.</p></body></html>"
	tests := []struct {
		name, block, recordType string
		want, wantType          string
		wantErr                 error
	}{
		{"plain page", warctest.HTTPResponse("200 OK", []string{"Content-Type: text/html"}, html), "", html, "text/html", nil},
		{"chunked", warctest.HTTPResponse("200 OK", []string{"Content-Type: text/html", "Transfer-Encoding: chunked"}, warctest.Chunked(html, 7)), "", html, "text/html", nil},
		{"stored de-chunked", warctest.HTTPResponse("200 OK", []string{"Content-Type: text/html", "Transfer-Encoding: chunked"}, html), "", html, "text/html", nil},
		{"gzip encoded", warctest.HTTPResponse("200 OK", []string{"Content-Type: text/html", "Content-Encoding: gzip"}, warctest.Gzip(html)), "", html, "text/html", nil},
		{"sniffed without content type", warctest.HTTPResponse("200 OK", []string{"Server: x"}, html), "", html, "", nil},
		{"xhtml", warctest.HTTPResponse("200 OK", []string{"Content-Type: application/xhtml+xml; charset=utf-8"}, html), "", html, "application/xhtml+xml; charset=utf-8", nil},
		{"redirect", warctest.HTTPResponse("302 Found", []string{"Content-Type: text/html"}, html), "", "", "", ErrNotPage},
		{"image", warctest.HTTPResponse("200 OK", []string{"Content-Type: image/png"}, "\x89PNG"), "", "", "", ErrNotPage},
		{"not HTML, sniffed", warctest.HTTPResponse("200 OK", nil, "just some text"), "", "", "", ErrNotPage},
		{"resource page", html, "text/html; charset=utf-8", html, "text/html; charset=utf-8", nil},
		{"resource text", "just text", "text/plain", "", "", ErrNotPage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ReadPage(strings.NewReader(tt.block), tt.recordType)
			if err != tt.wantErr {
				t.Fatalf("ReadPage error = %v, want %v", err, tt.wantErr)
			}
			if string(p.Body) != tt.want || p.ContentType != tt.wantType {
				t.Errorf("ReadPage = %q, %q; want %q, %q", p.ContentType, p.Body, tt.wantType, tt.want)
			}
		})
	}
}

// TestReadPageCap checks that a body over MaxBodyBytes is refused, with
// the limit named, without being held in memory whole.
func TestReadPageCap(t *testing.T) {
	head := warctest.HTTPResponse("200 OK", []string{"Content-Type: text/html"}, "")
	block := io.MultiReader(strings.NewReader(head), io.LimitReader(repeat('x'), MaxBodyBytes+1))
	_, err := ReadPage(block, "")
	if err == nil || err.Error() != "record body over 16 MiB" {
		t.Errorf("ReadPage of an oversized body: error %v, want record body over 16 MiB", err)
	}
	if errors.Is(err, ErrNotPage) {
		t.Errorf("ReadPage of an oversized body: %v, want an error other than ErrNotPage", err)
	}
}

// repeat yields the byte c forever.
type repeat byte

func (c repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(c)
	}
	return len(p), nil
}

func TestDecodeContent(t *testing.T) {
	const body = "<html><body><p>Tide tables</p></body></html>"
	tests := []struct {
		name, raw, encoding string
		wantErr             bool
	}{
		{"identity", body, "", false},
		{"gzip", warctest.Gzip(body), "gzip", false},
		{"x-gzip upper case", warctest.Gzip(body), "X-GZIP", false},
		{"zlib deflate", warctest.Deflate(body), "deflate", false},
		{"stored decoded despite gzip header", body, "gzip", false},
		{"stored decoded despite br header", body, "br", false},
		{"brotli", "\x1b\x2b\x00\xf8", "br", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeContent([]byte(tt.raw), tt.encoding)
			if (err != nil) != tt.wantErr {
				t.Fatalf("decodeContent error = %v, want error %v", err, tt.wantErr)
			}
			if !tt.wantErr && string(got) != body {
				t.Errorf("decodeContent = %q, want %q", got, body)
			}
		})
	}
}
