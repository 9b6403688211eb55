// Package warctest builds WARC records and the HTTP responses inside them,
// as archivers write them, for the tests of the WARC reader and of the
// corpus reader that turns records into articles.
package warctest

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"strings"
)

// Record writes one WARC record: the version line, the header fields in
// order, its Content-Length, the block and the two CRLFs that end it.
func Record(version string, fields [][2]string, block string) string {
	var b strings.Builder
	b.WriteString(version + "\r\n")
	for _, f := range fields {
		b.WriteString(f[0] + ": " + f[1] + "\r\n")
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s\r\n\r\n", len(block), block)
	return b.String()
}

// HTTPResponse writes an HTTP/1.1 response with the status, header lines
// and body.
func HTTPResponse(status string, headers []string, body string) string {
	return "HTTP/1.1 " + status + "\r\n" + strings.Join(headers, "\r\n") + "\r\n\r\n" + body
}

// Digest is a payload's WARC-Payload-Digest: "sha1:" and its base32 SHA-1.
func Digest(payload string) string {
	sum := sha1.Sum([]byte(payload))
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}

// Gzip returns s compressed with gzip.
func Gzip(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// Deflate returns s compressed with zlib, as Content-Encoding: deflate is
// written.
func Deflate(s string) string {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// Chunked writes s in HTTP chunked transfer-encoding, size bytes a chunk.
func Chunked(s string, size int) string {
	var b strings.Builder
	for len(s) > 0 {
		n := min(size, len(s))
		fmt.Fprintf(&b, "%x\r\n%s\r\n", n, s[:n])
		s = s[n:]
	}
	b.WriteString("0\r\n\r\n")
	return b.String()
}
