package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// parseJSON reads a .json file: one article object, or an array of them. The
// articles of an array without an id of their own are numbered "#N" by
// position from 1, so an array always numbers its records, even a lone one.
//
// A file of one object a line is read as JSON Lines (see parseJSONL), so a
// bad line loses only itself. Otherwise the file is one JSON document, and
// a document that does not parse is skipped whole: as a "binary file" when
// it looks binary (see looksBinary), else with the JSON error.
func parseJSON(name string, data []byte) ([]Article, []Skipped) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, []Skipped{{Path: name, Error: errNoText.Error()}}
	}
	fail := func(msg string) ([]Article, []Skipped) {
		if looksBinary(data) {
			msg = errBinary.Error()
		}
		return nil, []Skipped{{Path: name, Error: msg}}
	}
	if trimmed[0] != '[' {
		a, err := parseRecord(name, name, trimmed)
		var se *json.SyntaxError
		if errors.As(err, &se) && strings.Contains(se.Error(), "after top-level value") {
			// One object a line, saved as .json: read it as JSON Lines.
			return parseJSONL(name, bytes.NewReader(data), false, int64(len(data)))
		}
		if err != nil {
			return fail(err.Error())
		}
		return []Article{a}, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(trimmed, &items); err != nil {
		return fail(jsonError(err))
	}
	rs := records{name: name}
	for i, item := range items {
		rs.add(i+1, item)
	}
	return rs.arts, rs.skipped
}

// records collects the articles of a file that holds several.
type records struct {
	name    string
	arts    []Article
	skipped []Skipped
	first   map[string]string // article id -> "name#N" of the record that has it
}

// add reads record n (counting from 1) of the file. A record whose id an
// earlier record of the file has is skipped as a duplicate id, as Dedup
// would, but named by its number.
func (rs *records) add(n int, data []byte) {
	at := fmt.Sprintf("%s#%d", rs.name, n)
	a, err := parseRecord(rs.name, at, data)
	if err != nil {
		rs.skipped = append(rs.skipped, Skipped{Path: at, Error: err.Error()})
		return
	}
	if first, ok := rs.first[a.ID]; ok {
		rs.skipped = append(rs.skipped, Skipped{Path: at, Error: fmt.Sprintf("duplicate id %q (first in %s)", a.ID, first)})
		return
	}
	if rs.first == nil {
		rs.first = make(map[string]string)
	}
	rs.first[a.ID] = at
	rs.arts = append(rs.arts, a)
}

// record is the fields of a JSON article that the reader knows. Each is
// kept as written and read leniently: a value of an unexpected type is
// ignored rather than fatal.
type record struct {
	ID          json.RawMessage `json:"id"`
	DocID       json.RawMessage `json:"doc_id"`
	URL         json.RawMessage `json:"url"`
	Title       json.RawMessage `json:"title"`
	Authors     json.RawMessage `json:"authors"`
	Author      json.RawMessage `json:"author"`
	Byline      json.RawMessage `json:"byline"`
	PublishDate json.RawMessage `json:"publish_date"`
	Published   json.RawMessage `json:"published"`
	Date        json.RawMessage `json:"date"`
	Captured    json.RawMessage `json:"captured"`
	Text        json.RawMessage `json:"text"`
	Content     json.RawMessage `json:"content"`
	Body        json.RawMessage `json:"body"`
	Source      json.RawMessage `json:"source"`
}

// parseRecord reads one JSON article object from the file name; id is the
// article's id when the record has none of its own.
//
// Fields: "id" (else "doc_id"; a number is written in decimal), "url",
// "title", "authors" (a list of names or of objects with a "name") or
// "author" or "byline", "publish_date" or "published" or "date",
// "captured", "text" or "content" or "body" (a string, or a list of
// paragraphs), "source" (a name, or an object with a "name"). Field names
// match regardless of case. Values of other types are ignored rather than
// fatal.
func parseRecord(name, id string, data []byte) (Article, error) {
	var rec record
	if err := json.Unmarshal(data, &rec); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return Article{}, fmt.Errorf("not a JSON object: %s", ute.Value)
		}
		return Article{}, jsonErr{err}
	}
	first := func(sep string, vs ...json.RawMessage) string {
		for _, v := range vs {
			if s := jsonText(v, sep); s != "" {
				return s
			}
		}
		return ""
	}
	a := Article{
		ID:        id,
		Title:     cleanLine(jsonText(rec.Title, " ")),
		URL:       jsonText(rec.URL, " "),
		Author:    joinAuthors(first(", ", rec.Authors, rec.Author, rec.Byline)),
		Published: jsonDate(rec.PublishDate, rec.Published, rec.Date),
		Captured:  jsonDate(rec.Captured),
		Source:    cleanLine(jsonText(rec.Source, " ")),
		Text:      Clean(first("\n\n", rec.Text, rec.Content, rec.Body)),
		Path:      name,
	}
	if own := jsonID(rec.ID); own != "" {
		a.ID = own
	} else if own := jsonID(rec.DocID); own != "" {
		a.ID = own
	}
	if a.Text == "" {
		return Article{}, errNoText
	}
	return a, nil
}

// jsonDate is the first of the values that holds a date: a string
// NormalizeDate reads, or a number of seconds (or milliseconds) since 1970,
// as Unix timestamps are written.
func jsonDate(vs ...json.RawMessage) string {
	for _, v := range vs {
		v = bytes.TrimSpace(v)
		if len(v) > 0 && v[0] >= '0' && v[0] <= '9' {
			n, err := strconv.ParseInt(string(v), 10, 64)
			if err != nil || len(v) < 9 {
				if d := NormalizeDate(string(v)); d != "" { // a year: 2016
					return d
				}
				continue
			}
			if len(v) >= 13 {
				n /= 1000
			}
			return time.Unix(n, 0).UTC().Format(time.DateOnly)
		}
		if d := NormalizeDate(jsonText(v, " ")); d != "" {
			return d
		}
	}
	return ""
}

// jsonText is the text of a JSON value: a string as is, a number as
// written, a list's items joined with sep, an object's "name"; else "".
func jsonText(v json.RawMessage, sep string) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return ""
	}
	switch v[0] {
	case '"':
		if s, ok := unquote(v); ok {
			return strings.TrimSpace(s)
		}
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(v, &items) != nil {
			return ""
		}
		var parts []string
		for _, it := range items {
			if s := jsonText(it, sep); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, sep)
	case '{':
		var obj struct {
			Name json.RawMessage `json:"name"`
		}
		if json.Unmarshal(v, &obj) == nil {
			return jsonText(obj.Name, sep)
		}
	case 't', 'f', 'n':
		return ""
	default:
		return string(v) // a number
	}
	return ""
}

// unquote decodes a JSON string literal that encoding/json has already
// checked, with one allocation. A lone UTF-16 surrogate becomes U+FFFD, as
// encoding/json has it.
func unquote(lit []byte) (string, bool) {
	if len(lit) < 2 || lit[0] != '"' || lit[len(lit)-1] != '"' {
		return "", false
	}
	lit = lit[1 : len(lit)-1]
	if bytes.IndexByte(lit, '\\') < 0 {
		return string(lit), true
	}
	var b strings.Builder
	b.Grow(len(lit))
	for len(lit) > 0 {
		i := bytes.IndexByte(lit, '\\')
		if i < 0 {
			b.Write(lit)
			break
		}
		b.Write(lit[:i])
		if i+1 >= len(lit) {
			return "", false
		}
		c := lit[i+1]
		lit = lit[i+2:]
		switch c {
		case '"', '\\', '/':
			b.WriteByte(c)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := hex4(lit)
			if !ok {
				return "", false
			}
			lit = lit[4:]
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if len(lit) >= 6 && lit[0] == '\\' && lit[1] == 'u' {
					r2, _ = hex4(lit[2:])
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					lit = lit[6:]
					r = dec
				} else {
					r = utf8.RuneError
				}
			}
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	return b.String(), true
}

// hex4 reads the four hexadecimal digits of a "\u" escape.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	n, err := strconv.ParseUint(string(b[:4]), 16, 32)
	return rune(n), err == nil
}

// jsonID is a record's own id: a string, or a number written in decimal
// ("1e3" is "1000"); "" when it has none.
func jsonID(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || v[0] != '-' && (v[0] < '0' || v[0] > '9') {
		return jsonText(v, ", ")
	}
	s := string(v)
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return s
	}
	f, _, err := big.ParseFloat(s, 10, 256, big.ToNearestEven)
	if err != nil {
		return ""
	}
	if f.IsInt() {
		return f.Text('f', 0)
	}
	return f.Text('f', -1)
}

// joinAuthors cleans a list of author names joined with ", ": a leading
// "By " goes, names joined with " and " or " & " are split when each has
// two words or more ("Ann Lee and Bo Chan"), and a name given twice is kept
// once.
func joinAuthors(s string) string {
	s = cleanLine(s)
	if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
		s = s[3:]
	}
	var names []string
	for part := range strings.SplitSeq(s, ", ") {
		for _, name := range splitAnd(part) {
			if name = strings.TrimSpace(name); name != "" && !containsFold(names, name) {
				names = append(names, name)
			}
		}
	}
	return strings.Join(names, ", ")
}

// splitAnd splits "Ann Lee and Bo Chan" into its names when each has two
// words or more; otherwise ("Smith and Wesson", "Ann and Bo") it returns s.
func splitAnd(s string) []string {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "and "), "& ")
	for _, sep := range []string{" and ", " & "} {
		parts := strings.Split(s, sep)
		if len(parts) < 2 {
			continue
		}
		for _, p := range parts {
			if len(strings.Fields(p)) < 2 {
				return []string{s}
			}
		}
		return parts
	}
	return []string{s}
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// jsonErr is a JSON decoding error that reads as jsonError writes it.
type jsonErr struct{ err error }

func (e jsonErr) Error() string { return jsonError(e.err) }
func (e jsonErr) Unwrap() error { return e.err }

// jsonError is the short text of a JSON decoding error:
// "invalid JSON: unexpected end of input".
func jsonError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "json: ")
	switch {
	case errors.Is(err, io.EOF) || msg == "unexpected end of JSON input" || msg == "unexpected EOF":
		msg = "unexpected end of input"
	}
	var se *json.SyntaxError
	if errors.As(err, &se) && msg != "unexpected end of input" {
		msg = fmt.Sprintf("%s (at byte %d)", msg, se.Offset)
	}
	return "invalid JSON: " + msg
}
