package corpus

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// feed writes n JSON Lines records with ids r1 to rn; bad, when given,
// replaces the line of that number.
func feed(n int, bad map[int]string) []byte {
	var b bytes.Buffer
	for i := 1; i <= n; i++ {
		if line, ok := bad[i]; ok {
			b.WriteString(line + "\n")
			continue
		}
		fmt.Fprintf(&b, `{"id": "r%d", "title": "Record %d", "text": "The text of record number %d."}`+"\n", i, i, i)
	}
	return b.Bytes()
}

// TestJSONLinesBadBytes checks that a line with binary bytes loses only
// itself, named by its line number, while a file that is binary from its
// first bytes is skipped once, whole.
func TestJSONLinesBadBytes(t *testing.T) {
	nulLine := "{\"id\": \"r3\", \"text\": \"A NUL \x00 in the text.\"}"
	nulSkip := Skipped{Error: "invalid JSON: invalid character '\\x00' in string literal (at byte 29)"}
	noise := bytes.Repeat([]byte("\x89PNG\x00\x01\x02\x03\x1a\n\xff\xd8"), 10<<10)
	tests := []struct {
		name      string
		file      string
		data      []byte
		wantCount int
		wantSkips []Skipped
	}{
		{
			name:      "NUL on line 3",
			file:      "feed.jsonl",
			data:      feed(1000, map[int]string{3: nulLine}),
			wantCount: 999,
			wantSkips: []Skipped{{Path: "feed.jsonl#3", Error: nulSkip.Error}},
		},
		{
			name:      "NUL on line 3, gzipped",
			file:      "feed.jsonl.gz",
			data:      gzipped(t, string(feed(1000, map[int]string{3: nulLine}))),
			wantCount: 999,
			wantSkips: []Skipped{{Path: "feed.jsonl.gz#3", Error: nulSkip.Error}},
		},
		{
			name:      "binary noise on line 1",
			file:      "feed.jsonl",
			data:      feed(1000, map[int]string{1: "\x00\x01\x02\x03\x04\x05"}),
			wantCount: 999,
			wantSkips: []Skipped{{Path: "feed.jsonl#1", Error: "invalid JSON: invalid character '\\x00' looking for beginning of value (at byte 1)"}},
		},
		{
			name:      "NUL beyond the first 8 KiB",
			file:      "feed.jsonl",
			data:      feed(1000, map[int]string{900: strings.Replace(nulLine, "r3", "r900", 1)}),
			wantCount: 999,
			wantSkips: []Skipped{{Path: "feed.jsonl#900", Error: "invalid JSON: invalid character '\\x00' in string literal (at byte 31)"}},
		},
		{
			name:      "JSON Lines saved as .json, NUL on line 3",
			file:      "feed.json",
			data:      feed(1000, map[int]string{3: nulLine}),
			wantCount: 999,
			wantSkips: []Skipped{{Path: "feed.json#3", Error: nulSkip.Error}},
		},
		{
			name:      "binary file",
			file:      "image.jsonl",
			data:      noise,
			wantSkips: []Skipped{{Path: "image.jsonl", Error: "binary file"}},
		},
		{
			name:      "binary file, gzipped",
			file:      "image.jsonl.gz",
			data:      gzipped(t, string(noise)),
			wantSkips: []Skipped{{Path: "image.jsonl.gz", Error: "binary file"}},
		},
		{
			name:      "short binary file",
			file:      "blob.jsonl",
			data:      []byte("\x00\x01\x02binary"),
			wantSkips: []Skipped{{Path: "blob.jsonl", Error: "binary file"}},
		},
		{
			name:      "binary file saved as .json",
			file:      "image.json",
			data:      noise,
			wantSkips: []Skipped{{Path: "image.json", Error: "binary file"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{tt.file: {Data: tt.data}}
			arts, skipped := ReadFile(fsys, tt.file, Options{})
			if len(arts) != tt.wantCount {
				t.Errorf("ReadFile(%s) gave %d articles, want %d", tt.file, len(arts), tt.wantCount)
			}
			if diff := cmp.Diff(tt.wantSkips, skipped); diff != "" {
				t.Errorf("ReadFile(%s) skipped (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}
