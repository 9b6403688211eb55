// Package warc reads web archives: the records of a WARC or ARC file, one
// at a time, and the HTML page that a record holds. It knows nothing of
// articles; package corpus turns records into them.
//
// A Reader streams, holding one record's header at a time, so a file of any
// size can be read. It is lenient where archivers differ from the standard
// (wget's "<uri>", LF line endings, folded fields, ARC files without their
// filedesc record) and recovers from a damaged record by looking for the
// next one (see Resync).
package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

const (
	// maxHeaderBytes caps one record's header block, and an HTTP header.
	maxHeaderBytes = 64 << 10
	// maxResyncBytes caps how far Resync looks for the next record
	// after a damaged one before it gives the rest of the stream up.
	maxResyncBytes = 64 << 20
)

// Record is one record of a WARC or ARC file. Its fields are trimmed of
// surrounding space; a field the record lacks is "".
type Record struct {
	// Version is the WARC version line ("WARC/1.0", "WARC/0.17") or "ARC".
	Version string
	// Type is the WARC-Type in lower case ("response", "resource",
	// "revisit", "request", ...). An ARC record is a "response", except the
	// file's own "filedesc://" record, which is a "warcinfo".
	Type string
	// TargetURI is the WARC-Target-URI (an ARC record's URL), without the
	// "<" and ">" that wget writes around it.
	TargetURI string
	// Date is the WARC-Date as written ("2024-04-25T16:24:44Z"), or an ARC
	// record's date ("20080430204825").
	Date string
	// ContentType is the Content-Type of the record's block, not of the
	// page inside an HTTP response (see ReadPage).
	ContentType string
	// RecordID, PayloadDigest and RefersTo are the WARC-Record-ID,
	// WARC-Payload-Digest and WARC-Refers-To fields.
	RecordID, PayloadDigest, RefersTo string
	// Length is the length of the block, from Content-Length.
	Length int64
	// Block reads the record's block, at most Length bytes. It is valid
	// until the next call to Next, Discard or Resync.
	Block io.Reader
}

// HeaderError reports a record whose header cannot be read. The stream
// itself is still readable: call Resync, then Next.
type HeaderError struct {
	// Reason says what is wrong with the header: `bad Content-Length
	// "twelve"`.
	Reason string
}

// Error returns the reason.
func (e *HeaderError) Error() string { return e.Reason }

// Reader reads the records of a WARC or ARC stream one at a time.
type Reader struct {
	br   *bufio.Reader
	cur  *io.LimitedReader // the unread rest of the current record's block
	arc  bool              // the stream is an ARC file
	seen bool              // the first record has been read
}

// NewReader returns a Reader of the WARC or ARC stream r. A stream that
// starts as gzip is unwrapped first, all its members in turn, so a
// ".warc.gz" file may be given as it is; an error means that its gzip
// header cannot be read.
func NewReader(r io.Reader) (*Reader, error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("read gzip: %w", err)
		}
		r = zr
	} else {
		r = br
	}
	return &Reader{br: bufio.NewReaderSize(r, 64<<10)}, nil
}

// Next returns the next record. The rest of the previous record's block is
// skipped first. Next returns io.EOF at the clean end of the stream, a
// *HeaderError for a damaged header (call Resync, then Next again), and
// another error when the stream itself breaks off.
func (rr *Reader) Next() (*Record, error) {
	if err := rr.Discard(); err != nil {
		return nil, err
	}
	line, err := rr.firstLine()
	if err != nil {
		return nil, err
	}
	if !rr.seen {
		rr.seen = true
		rr.arc = strings.HasPrefix(line, "filedesc://") || looksLikeARCHeader(line)
	}
	var rec *Record
	if rr.arc {
		rec, err = parseARCHeader(line)
	} else {
		rec, err = rr.readWARCHeader(line)
	}
	if err != nil {
		return nil, err
	}
	rr.cur = &io.LimitedReader{R: rr.br, N: rec.Length}
	rec.Block = rr.cur
	return rec, nil
}

// Discard skips what is left unread of the current record's block. An
// error means that the stream broke off inside the block.
func (rr *Reader) Discard() error {
	if rr.cur == nil {
		return nil
	}
	_, err := io.Copy(io.Discard, rr.cur)
	if err == nil && rr.cur.N > 0 {
		err = io.ErrUnexpectedEOF
	}
	rr.cur = nil
	if err != nil {
		return fmt.Errorf("record block cut short: %w", err)
	}
	return nil
}

// firstLine skips the blank lines between records and returns the next
// line, or io.EOF when only blank space remains.
func (rr *Reader) firstLine() (string, error) {
	for {
		line, err := rr.readLine()
		if t := strings.TrimSpace(line); t != "" {
			return t, nil
		}
		if err != nil {
			return "", err
		}
	}
}

// readLine reads one line without its line ending, refusing lines longer
// than maxHeaderBytes.
func (rr *Reader) readLine() (string, error) {
	var buf []byte
	for {
		frag, err := rr.br.ReadSlice('\n')
		buf = append(buf, frag...)
		if len(buf) > maxHeaderBytes {
			return "", &HeaderError{"header line too long"}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return strings.TrimRight(string(buf), "\r\n"), err
		}
		return strings.TrimRight(string(buf), "\r\n"), nil
	}
}

// readWARCHeader reads a WARC record's header fields after its version line.
func (rr *Reader) readWARCHeader(version string) (*Record, error) {
	if !strings.HasPrefix(version, "WARC/") {
		return nil, &HeaderError{fmt.Sprintf("not a WARC record: %.40q", version)}
	}
	fields := map[string]string{} // keyed in lower case; the first of a name wins
	total := 0
	last := ""
	for {
		line, err := rr.readLine()
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("record header cut short: %w", err)
		}
		total += len(line)
		if total > maxHeaderBytes {
			return nil, &HeaderError{"record header too long"}
		}
		if strings.TrimSpace(line) == "" {
			break
		}
		if (line[0] == ' ' || line[0] == '\t') && last != "" {
			fields[last] += " " + strings.TrimSpace(line)
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue // tolerate a stray line rather than lose the record
		}
		last = strings.ToLower(strings.TrimSpace(name))
		if _, dup := fields[last]; !dup {
			fields[last] = strings.TrimSpace(value)
		}
	}
	field := func(key string) string { return strings.TrimSpace(fields[key]) }
	n, err := strconv.ParseInt(field("content-length"), 10, 64)
	if err != nil || n < 0 {
		return nil, &HeaderError{fmt.Sprintf("bad Content-Length %q", field("content-length"))}
	}
	return &Record{
		Version:       version,
		Type:          strings.ToLower(field("warc-type")),
		TargetURI:     targetURI(field("warc-target-uri")),
		Date:          field("warc-date"),
		ContentType:   field("content-type"),
		RecordID:      field("warc-record-id"),
		PayloadDigest: field("warc-payload-digest"),
		RefersTo:      field("warc-refers-to"),
		Length:        n,
	}, nil
}

// parseARCHeader reads an ARC record's header line: "URL IP date type
// length" (version 1) or the longer version 2 line, the length always last.
// The file's own "filedesc://" record comes back as a warcinfo record.
func parseARCHeader(line string) (*Record, error) {
	f := strings.Fields(line)
	if len(f) < 5 {
		return nil, &HeaderError{fmt.Sprintf("not an ARC record header: %.60q", line)}
	}
	n, err := strconv.ParseInt(f[len(f)-1], 10, 64)
	if err != nil || n < 0 {
		return nil, &HeaderError{fmt.Sprintf("bad ARC record length %q", f[len(f)-1])}
	}
	typ := "response"
	if strings.HasPrefix(f[0], "filedesc://") {
		typ = "warcinfo"
	}
	return &Record{
		Version:     "ARC",
		Type:        typ,
		TargetURI:   targetURI(f[0]),
		Date:        f[2],
		ContentType: f[3],
		Length:      n,
	}, nil
}

// targetURI unwraps a URI that wget writes inside "<" and ">".
func targetURI(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// looksLikeARCHeader reports whether line reads as an ARC record's header
// line ("URL IP 14-digit-date type ... length"), for ARC files that lack
// their filedesc record.
func looksLikeARCHeader(line string) bool {
	f := strings.Fields(line)
	if len(f) < 5 || strings.HasPrefix(line, "WARC/") || len(f[2]) != 14 || !asciiDigits(f[2]) {
		return false
	}
	_, err := strconv.ParseInt(f[len(f)-1], 10, 64)
	return err == nil && strings.Contains(f[0], ":")
}

// asciiDigits reports whether s is one or more of the digits 0 to 9.
func asciiDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Resync skips to the next line that starts a record, after a HeaderError,
// so that one damaged record does not lose the rest of the stream. It
// returns io.EOF when none is found within 64 MiB.
func (rr *Reader) Resync() error {
	rr.cur = nil
	scanned := 0
	for scanned < maxResyncBytes {
		var prefix []byte
		if rr.arc {
			prefix = []byte("http")
		} else {
			prefix = []byte("WARC/")
		}
		if b, err := rr.br.Peek(len(prefix)); err == nil && bytes.Equal(b, prefix) {
			return nil
		}
		frag, err := rr.br.ReadSlice('\n')
		scanned += len(frag)
		if err != nil && err != bufio.ErrBufferFull {
			return io.EOF
		}
	}
	return io.EOF
}
