package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// parseJSONL reads a .jsonl stream: one article object a line. It reads
// line by line, so a JSON Lines file may be of any size; a line longer than
// limit bytes is skipped and named. Articles without an id of their own are
// numbered "#N" by line from 1; blank lines count but are passed over
// silently.
//
// Each line is judged on its own: a line that is not a JSON object, a stray
// NUL byte in it for instance, is skipped and named "name#N", and the other
// lines are kept. Only a stream that is binary from its start (see
// binaryLines) is skipped whole, as a "binary file".
//
// When the stream breaks off (a gzip file cut short, a read error), the
// lines read in full before the break are kept, the broken last line is
// dropped, and the file is named in skipped with the reason. gz says the
// stream was gzipped, for the wording of that reason.
func parseJSONL(name string, r io.Reader, gz bool, limit int64) ([]Article, []Skipped) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(sniffBytes)
	if binaryLines(head, err != nil) {
		return nil, []Skipped{{Path: name, Error: errBinary.Error()}}
	}
	if hasUTF16BOM(head) {
		dec := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
		br = bufio.NewReaderSize(transform.NewReader(br, dec), 64<<10)
	}

	rs := records{name: name}
	n := 0
	for {
		line, tooLong, err := readLine(br, limit)
		if err != nil && !errors.Is(err, io.EOF) {
			// The last line broke off: drop it, keep the rest.
			reason := errorText(err)
			if gz && errors.Is(err, io.ErrUnexpectedEOF) {
				reason = "truncated gzip"
			}
			rs.skipped = append(rs.skipped, Skipped{Path: name,
				Error: fmt.Sprintf("%s: kept the %d complete lines before it", reason, n)})
			break
		}
		if len(line) == 0 && !tooLong && errors.Is(err, io.EOF) {
			break
		}
		n++
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\ufeff"))
		}
		switch line = bytes.TrimSpace(line); {
		case tooLong:
			rs.skipped = append(rs.skipped, Skipped{Path: fmt.Sprintf("%s#%d", name, n),
				Error: fmt.Sprintf("line too large: over the %s limit", byteSize(limit))})
		case len(line) > 0:
			rs.add(n, utf8OrCP1252(line))
		}
		if errors.Is(err, io.EOF) {
			break
		}
	}
	if len(rs.arts) == 0 && len(rs.skipped) == 0 {
		rs.skipped = append(rs.skipped, Skipped{Path: name, Error: errNoText.Error()})
	}
	return rs.arts, rs.skipped
}

// binaryLines reports whether a JSON Lines stream that starts with head is
// binary: head looks binary (see looksBinary) and none of its complete lines
// is a JSON object. whole says head is the whole stream, its last line
// complete. A file of good lines with a bad one among them is not binary.
func binaryLines(head []byte, whole bool) bool {
	if !looksBinary(head) {
		return false
	}
	lines := bytes.Split(head, []byte("\n"))
	if !whole {
		lines = lines[:len(lines)-1] // it may be cut short
	}
	for i, line := range lines {
		if i == 0 {
			line = bytes.TrimPrefix(line, []byte("\ufeff"))
		}
		line = bytes.TrimSpace(line)
		if len(line) > 0 && line[0] == '{' && json.Valid(utf8OrCP1252(line)) {
			return false
		}
	}
	return true
}

// readLine reads one line of br without its "\n". A line longer than limit
// is read to its end and dropped (tooLong). err is io.EOF after the last
// line, which may be empty, or the error that broke the line off.
func readLine(br *bufio.Reader, limit int64) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(line)+len(chunk)) > limit+1 { // +1 for the "\n"
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err != nil:
			return line, tooLong, err
		}
		return bytes.TrimSuffix(line, []byte("\n")), tooLong, nil
	}
}
