package warc

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"strconv"
	"strings"
)

// MaxBodyBytes caps the body of one page, before and after decoding.
const MaxBodyBytes = 16 << 20

// ErrNotPage reports a record that holds no web page: an image, a script, a
// redirect, an error page.
var ErrNotPage = errors.New("not an HTML page")

// Page is the HTML document a record holds.
type Page struct {
	// ContentType is the HTTP Content-Type, or the record's own for a
	// block that is the page itself; "" when neither gave one.
	ContentType string
	// Body is the page, de-chunked and decoded, at most MaxBodyBytes.
	Body []byte
}

// ReadPage reads the HTML page in a record's block. An HTTP response is
// parsed (status line and headers), its body de-chunked and decompressed;
// any other block is the page itself when recordType, the record's own
// content type, says it is HTML. It returns ErrNotPage for anything but a
// successful HTML response, and an error naming the limit for a body over
// MaxBodyBytes. Archivers' habits are tolerated: a body stored de-chunked
// or decoded under the header that says otherwise is taken as it is.
func ReadPage(block io.Reader, recordType string) (Page, error) {
	br := bufio.NewReader(block)
	if head, _ := br.Peek(5); string(head) != "HTTP/" {
		if !isHTMLType(recordType) {
			return Page{}, ErrNotPage
		}
		body, err := readCapped(br)
		return Page{ContentType: recordType, Body: body}, err
	}
	status, header, err := readHTTPHeader(br)
	if err != nil {
		return Page{}, err
	}
	ct := header.Get("Content-Type")
	if status < 200 || status > 299 || ct != "" && !isHTMLType(ct) {
		return Page{}, ErrNotPage
	}
	var body io.Reader = br
	if strings.EqualFold(strings.TrimSpace(header.Get("Transfer-Encoding")), "chunked") && looksChunked(br) {
		body = httputil.NewChunkedReader(br)
	}
	raw, err := readCapped(body)
	if err != nil && len(raw) == 0 {
		return Page{}, err
	}
	decoded, err := decodeContent(raw, header.Get("Content-Encoding"))
	if err != nil {
		return Page{}, err
	}
	if ct == "" && !strings.HasPrefix(http.DetectContentType(decoded), "text/html") {
		return Page{}, ErrNotPage
	}
	return Page{ContentType: ct, Body: decoded}, nil
}

// readHTTPHeader reads an HTTP status line and header fields, leniently:
// lines that are not fields are passed over.
func readHTTPHeader(br *bufio.Reader) (int, http.Header, error) {
	line, err := br.ReadString('\n')
	if err != nil {
		return 0, nil, fmt.Errorf("read HTTP status line: %w", err)
	}
	f := strings.Fields(line)
	if len(f) < 2 {
		return 0, nil, fmt.Errorf("bad HTTP status line %.60q", line)
	}
	status, err := strconv.Atoi(f[1])
	if err != nil {
		return 0, nil, fmt.Errorf("bad HTTP status line %.60q", line)
	}
	header := http.Header{}
	size := 0
	for {
		line, err := br.ReadString('\n')
		size += len(line)
		if size > maxHeaderBytes {
			return 0, nil, errors.New("HTTP header too long")
		}
		if strings.TrimSpace(line) == "" {
			// The end of the header, or of a record that holds only one.
			return status, header, nil
		}
		if name, value, ok := strings.Cut(line, ":"); ok && !strings.ContainsAny(name, " \t") {
			header.Add(name, strings.TrimSpace(value))
		}
		if err != nil {
			return status, header, nil
		}
	}
}

// looksChunked reports whether br starts with a chunk-size line. Archivers
// often store the body de-chunked while keeping the header that says it
// was chunked.
func looksChunked(br *bufio.Reader) bool {
	head, _ := br.Peek(32)
	end := bytes.IndexByte(head, '\n')
	if end <= 0 {
		return false
	}
	size, _, _ := strings.Cut(strings.TrimRight(string(head[:end]), "\r"), ";")
	size = strings.TrimSpace(size)
	if size == "" {
		return false
	}
	_, err := strconv.ParseUint(size, 16, 64)
	return err == nil
}

// decodeContent undoes a gzip or deflate Content-Encoding. A body that does
// not start as its encoding says is taken as it is (archivers often store
// the decoded body); a body cut short keeps what decodes.
func decodeContent(raw []byte, encoding string) ([]byte, error) {
	var zr io.Reader
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity", "none":
		return raw, nil
	case "gzip", "x-gzip":
		gz, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return raw, nil
		}
		zr = gz
	case "deflate":
		if z, err := zlib.NewReader(bytes.NewReader(raw)); err == nil {
			zr = z
		} else {
			zr = flate.NewReader(bytes.NewReader(raw))
		}
	default:
		if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("<")) {
			return raw, nil
		}
		return nil, fmt.Errorf("unsupported content encoding %q", encoding)
	}
	out, err := readCapped(zr)
	if err != nil && len(out) == 0 {
		return nil, fmt.Errorf("decode %s body: %w", encoding, err)
	}
	return out, nil
}

// readCapped reads r to its end, refusing more than MaxBodyBytes. On a
// read error it returns what it read along with the error.
func readCapped(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBodyBytes+1))
	if len(data) > MaxBodyBytes {
		return nil, fmt.Errorf("record body over %d MiB", MaxBodyBytes>>20)
	}
	return data, err
}

// isHTMLType reports whether a Content-Type value names HTML or XHTML.
func isHTMLType(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	return mt == "text/html" || mt == "application/xhtml+xml"
}
