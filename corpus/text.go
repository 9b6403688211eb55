package corpus

import (
	"bytes"
	"errors"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// errBinary reports a file with a text extension that holds binary data.
var errBinary = errors.New("binary file")

// sniffBytes is how much of a file looksBinary inspects.
const sniffBytes = 8 << 10

// looksBinary reports whether data is binary rather than text: a NUL byte,
// or more than one control character in ten, in its first 8 KiB. UTF-16 text
// (which has NUL bytes) is recognised by its byte-order mark and is not
// binary.
func looksBinary(data []byte) bool {
	if hasUTF16BOM(data) {
		return false
	}
	head := data[:min(len(data), sniffBytes)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	controls := 0
	for _, b := range head {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v' && b != 0x1b {
			controls++
		}
	}
	return controls*10 > len(head)
}

func hasUTF16BOM(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff})
}

// decodeText turns the bytes of a text file into UTF-8. A UTF-8 or
// UTF-16 byte-order mark is honoured and dropped. Bytes that are not valid
// UTF-8 are read as Windows-1252 (a superset of Latin-1 in its printable
// range), one byte at a time, so a legacy file loses nothing and a UTF-8
// file with a few stray bytes keeps its valid text as it is. Whether the
// data is text at all is for the caller to judge (see looksBinary).
func decodeText(data []byte) ([]byte, error) {
	if hasUTF16BOM(data) {
		out, err := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder().Bytes(data)
		if err != nil {
			return nil, errors.New("invalid UTF-16 text")
		}
		return out, nil
	}
	return utf8OrCP1252(bytes.TrimPrefix(data, []byte("\ufeff"))), nil
}

// utf8OrCP1252 returns data when it is valid UTF-8; otherwise it reads
// each byte that is not part of valid UTF-8 as Windows-1252.
func utf8OrCP1252(data []byte) []byte {
	if utf8.Valid(data) {
		return data
	}
	b := make([]byte, 0, len(data)+len(data)/8)
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size == 1 {
			r = charmap.Windows1252.DecodeByte(data[0])
		}
		b = utf8.AppendRune(b, r)
		data = data[size:]
	}
	return b
}
