package warc

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"strings"
)

// record writes one WARC record with CRLF line endings and its
// Content-Length.
func record(version string, fields [][2]string, block string) string {
	var b strings.Builder
	b.WriteString(version + "\r\n")
	for _, f := range fields {
		b.WriteString(f[0] + ": " + f[1] + "\r\n")
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s\r\n\r\n", len(block), block)
	return b.String()
}

// httpResponse writes an HTTP response with the status, header lines and body.
func httpResponse(status string, headers []string, body string) string {
	return "HTTP/1.1 " + status + "\r\n" + strings.Join(headers, "\r\n") + "\r\n\r\n" + body
}

func gzipped(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func deflated(s string) string {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// chunked writes s in HTTP chunked transfer-encoding, size bytes a chunk.
func chunked(s string, size int) string {
	var b strings.Builder
	for len(s) > 0 {
		n := min(size, len(s))
		fmt.Fprintf(&b, "%x\r\n%s\r\n", n, s[:n])
		s = s[n:]
	}
	b.WriteString("0\r\n\r\n")
	return b.String()
}
