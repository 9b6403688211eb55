package corpus

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

const (
	// maxHeaderBytes caps one record's header block.
	maxHeaderBytes = 64 << 10
	// maxResyncBytes caps how far the reader looks for the next record
	// after a damaged one before it gives the rest of the file up.
	maxResyncBytes = 64 << 20
)

// archiveRecord is one record of a WARC or ARC file: its header fields and
// a reader over its block, valid until the next call to next.
type archiveRecord struct {
	// version is the WARC version line ("WARC/1.0", "WARC/0.17") or "ARC".
	version string
	// fields holds the WARC header fields, keyed in lower case. For an ARC
	// record it holds "warc-type" (response), "warc-target-uri",
	// "warc-date" and "content-type" taken from the record's header line.
	fields map[string]string
	length int64
	block  io.Reader
}

// field returns the header field named key (lower case), trimmed.
func (r *archiveRecord) field(key string) string {
	return strings.TrimSpace(r.fields[key])
}

// recordReader reads the records of a WARC or ARC stream one at a time,
// never holding more than one record's header in memory.
type recordReader struct {
	br   *bufio.Reader
	cur  *io.LimitedReader // the unread rest of the current record's block
	arc  bool              // the stream is an ARC file
	seen bool              // the first record has been read
}

func newRecordReader(r io.Reader) *recordReader {
	return &recordReader{br: bufio.NewReaderSize(r, 64<<10)}
}

// errRecordHeader reports a record whose header cannot be read; the reader
// can look for the next record after it.
type errRecordHeader struct{ msg string }

func (e *errRecordHeader) Error() string { return e.msg }

// next returns the next record, io.EOF at the clean end of the stream, an
// *errRecordHeader for a damaged header (call resync, then next again), or
// another error when the stream itself breaks.
func (rr *recordReader) next() (*archiveRecord, error) {
	if err := rr.skipRest(); err != nil {
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
	var rec *archiveRecord
	if rr.arc {
		rec, err = parseARCHeader(line)
	} else {
		rec, err = rr.readWARCHeader(line)
	}
	if err != nil {
		return nil, err
	}
	rr.cur = &io.LimitedReader{R: rr.br, N: rec.length}
	rec.block = rr.cur
	return rec, nil
}

// skipRest discards what the caller left unread of the current block.
func (rr *recordReader) skipRest() error {
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
func (rr *recordReader) firstLine() (string, error) {
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
func (rr *recordReader) readLine() (string, error) {
	var buf []byte
	for {
		frag, err := rr.br.ReadSlice('\n')
		buf = append(buf, frag...)
		if len(buf) > maxHeaderBytes {
			return "", &errRecordHeader{"header line too long"}
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
func (rr *recordReader) readWARCHeader(version string) (*archiveRecord, error) {
	if !strings.HasPrefix(version, "WARC/") {
		return nil, &errRecordHeader{fmt.Sprintf("not a WARC record: %.40q", version)}
	}
	rec := &archiveRecord{version: version, fields: map[string]string{}}
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
			return nil, &errRecordHeader{"record header too long"}
		}
		if strings.TrimSpace(line) == "" {
			break
		}
		if (line[0] == ' ' || line[0] == '\t') && last != "" {
			rec.fields[last] += " " + strings.TrimSpace(line)
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue // tolerate a stray line rather than lose the record
		}
		last = strings.ToLower(strings.TrimSpace(name))
		if _, dup := rec.fields[last]; !dup {
			rec.fields[last] = strings.TrimSpace(value)
		}
	}
	n, err := strconv.ParseInt(rec.field("content-length"), 10, 64)
	if err != nil || n < 0 {
		return nil, &errRecordHeader{fmt.Sprintf("bad Content-Length %q", rec.field("content-length"))}
	}
	rec.length = n
	return rec, nil
}

// parseARCHeader reads an ARC record's header line: "URL IP date type
// length" (version 1) or the longer version 2 line, the length always last.
// The file's own "filedesc://" record comes back as a warcinfo record.
func parseARCHeader(line string) (*archiveRecord, error) {
	f := strings.Fields(line)
	if len(f) < 5 {
		return nil, &errRecordHeader{fmt.Sprintf("not an ARC record header: %.60q", line)}
	}
	n, err := strconv.ParseInt(f[len(f)-1], 10, 64)
	if err != nil || n < 0 {
		return nil, &errRecordHeader{fmt.Sprintf("bad ARC record length %q", f[len(f)-1])}
	}
	typ := "response"
	if strings.HasPrefix(f[0], "filedesc://") {
		typ = "warcinfo"
	}
	return &archiveRecord{
		version: "ARC",
		fields: map[string]string{
			"warc-type":       typ,
			"warc-target-uri": f[0],
			"warc-date":       f[2],
			"content-type":    f[3],
		},
		length: n,
	}, nil
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

// resync skips to the next line that starts a record, so one damaged record
// does not lose the rest of the file. It returns io.EOF when none is found.
func (rr *recordReader) resync() error {
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
