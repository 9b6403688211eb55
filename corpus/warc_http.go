package corpus

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

// maxRecordBytes caps one record's payload, before and after decoding.
const maxRecordBytes = 16 << 20

// errNotPage reports a record that holds no web page (an image, a script, a
// redirect, an error page): it is left out without a word.
var errNotPage = errors.New("not an HTML page")

// page is the HTML document a record holds.
type page struct {
	contentType string // the HTTP Content-Type, "" when the record gave none
	body        []byte
}

// readPage reads the HTML page in a record's block. An HTTP response is
// parsed (status line and headers), its body de-chunked and decompressed;
// any other block is the page itself when recordType, the record's own
// content type, says it is HTML. It returns errNotPage for anything but a
// successful HTML response.
func readPage(block io.Reader, recordType string) (page, error) {
	br := bufio.NewReader(block)
	if head, _ := br.Peek(5); string(head) != "HTTP/" {
		if !isHTMLType(recordType) {
			return page{}, errNotPage
		}
		body, err := readCapped(br)
		return page{contentType: recordType, body: body}, err
	}
	status, header, err := readHTTPHeader(br)
	if err != nil {
		return page{}, err
	}
	ct := header.Get("Content-Type")
	if status < 200 || status > 299 || ct != "" && !isHTMLType(ct) {
		return page{}, errNotPage
	}
	var body io.Reader = br
	if strings.EqualFold(strings.TrimSpace(header.Get("Transfer-Encoding")), "chunked") && looksChunked(br) {
		body = httputil.NewChunkedReader(br)
	}
	raw, err := readCapped(body)
	if err != nil && len(raw) == 0 {
		return page{}, err
	}
	decoded, err := decodeContent(raw, header.Get("Content-Encoding"))
	if err != nil {
		return page{}, err
	}
	if ct == "" && !strings.HasPrefix(http.DetectContentType(decoded), "text/html") {
		return page{}, errNotPage
	}
	return page{contentType: ct, body: decoded}, nil
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

// readCapped reads r to its end, refusing more than maxRecordBytes. On a
// read error it returns what it read along with the error.
func readCapped(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxRecordBytes+1))
	if len(data) > maxRecordBytes {
		return nil, fmt.Errorf("record body over %d MiB", maxRecordBytes>>20)
	}
	return data, err
}

// isHTMLType reports whether a Content-Type value names HTML or XHTML.
func isHTMLType(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	return mt == "text/html" || mt == "application/xhtml+xml"
}
