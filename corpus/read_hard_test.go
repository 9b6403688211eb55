package corpus

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
)

func gzipped(t *testing.T, data string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(data)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestReadFileHard covers inputs that must be skipped, or read with care,
// one file at a time.
func TestReadFileHard(t *testing.T) {
	var lines strings.Builder
	for i := range 200 {
		fmt.Fprintf(&lines, `{"id": "n%d", "text": "Record text number %s."}`+"\n", i, strings.Repeat("y", i))
	}
	longJSONL := gzipped(t, lines.String())
	corruptGzip := gzipped(t, "Some text.")
	corruptGzip[len(corruptGzip)-5] ^= 0xff // the CRC-32
	longText := gzipped(t, strings.ReplaceAll(lines.String(), "{", "Sentence "))
	tests := []struct {
		name      string
		file      string
		data      []byte
		opts      Options
		wantTexts []string
		wantSkips []Skipped
	}{
		{
			name:      "empty file",
			file:      "empty.txt",
			data:      nil,
			wantSkips: []Skipped{{"empty.txt", "no text"}},
		},
		{
			name:      "binary with a text extension",
			file:      "image.txt",
			data:      []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
			wantSkips: []Skipped{{"image.txt", "binary file"}},
		},
		{
			name:      "mostly control characters",
			file:      "noise.md",
			data:      []byte("\x01\x02\x03\x04\x05ab\x06\x07\x08"),
			wantSkips: []Skipped{{"noise.md", "binary file"}},
		},
		{
			name:      "Windows-1252 text",
			file:      "legacy.txt",
			data:      []byte("Caf\xe9 prices rose \x93sharply\x94 \x96 by 5\x80."),
			wantTexts: []string{"Café prices rose “sharply” – by 5€."},
		},
		{
			name:      "UTF-8 with one stray byte",
			file:      "mixed.txt",
			data:      []byte("Café owners said \xa3300 was too much."),
			wantTexts: []string{"Café owners said £300 was too much."},
		},
		{
			name:      "UTF-16 with byte-order mark",
			file:      "wide.txt",
			data:      []byte("\xff\xfeH\x00i\x00.\x00"),
			wantTexts: []string{"Hi."},
		},
		{
			name:      "over the size cap",
			file:      "big.txt",
			data:      bytes.Repeat([]byte("word "), 100),
			opts:      Options{MaxFileBytes: 100},
			wantSkips: []Skipped{{"big.txt", "file too large: 500 bytes, over the 100 bytes limit"}},
		},
		{
			name:      "over the size cap once decompressed",
			file:      "big.txt.gz",
			data:      gzipped(t, strings.Repeat("word ", 100)),
			opts:      Options{MaxFileBytes: 100},
			wantSkips: []Skipped{{"big.txt.gz", "file too large: over the 100 bytes limit once decompressed"}},
		},
		{
			name:      "gzipped text",
			file:      "a.TXT.GZ",
			data:      gzipped(t, "Title line\n\nBody."),
			wantTexts: []string{"Body."},
		},
		{
			name:      "not gzip",
			file:      "fake.json.gz",
			data:      []byte("{\"text\": \"plain\"}"),
			wantSkips: []Skipped{{"fake.json.gz", "invalid gzip header"}},
		},
		{
			name:      "truncated gzip text",
			file:      "cut.txt.gz",
			data:      longText[:len(longText)/2],
			wantSkips: []Skipped{{"cut.txt.gz", "truncated gzip"}},
		},
		{
			name:      "malformed JSON line",
			file:      "bad.jsonl",
			data:      []byte("{\"text\": \"one.\"}\n{\"text\": \n{\"text\": \"three.\"}\n"),
			wantTexts: []string{"one.", "three."},
			wantSkips: []Skipped{{"bad.jsonl#2", "invalid JSON: unexpected end of input"}},
		},
		{
			name:      "JSON Lines over the size cap are streamed, long lines skipped",
			file:      "big.jsonl",
			data:      []byte("{\"text\": \"Short one.\"}\n{\"text\": \"" + strings.Repeat("long ", 20) + "\"}\n{\"text\": \"Short two.\"}"),
			opts:      Options{MaxFileBytes: 40},
			wantTexts: []string{"Short one.", "Short two."},
			wantSkips: []Skipped{{"big.jsonl#2", "line too large: over the 40 bytes limit"}},
		},
		{
			name:      "UTF-16 JSON Lines",
			file:      "wide.jsonl",
			data:      utf16LE("\ufeff{\"text\": \"Wide é.\"}\n{\"text\": \"Two.\"}\n"),
			wantTexts: []string{"Wide é.", "Two."},
		},
		{
			name:      "Windows-1252 JSON Lines",
			file:      "legacy.jsonl",
			data:      []byte("{\"text\": \"Caf\xe9 \x93open\x94.\"}\n"),
			wantTexts: []string{"Café “open”."},
		},
		{
			name:      "binary JSON Lines",
			file:      "blob.jsonl.gz",
			data:      gzipped(t, "\x00\x01\x02binary"),
			wantSkips: []Skipped{{"blob.jsonl.gz", "binary file"}},
		},
		{
			name:      "JSON record without text",
			file:      "notext.json",
			data:      []byte(`{"id": "x", "title": "Only a title"}`),
			wantSkips: []Skipped{{"notext.json", "no text"}},
		},
		{
			name:      "invalid JSON file",
			file:      "broken.json",
			data:      []byte(`[{"text": "a"},`),
			wantSkips: []Skipped{{"broken.json", "invalid JSON: unexpected end of input"}},
		},
		{
			name:      "corrupt gzip",
			file:      "bad.txt.gz",
			data:      corruptGzip,
			wantSkips: []Skipped{{"bad.txt.gz", "corrupt gzip: checksum mismatch"}},
		},
		{
			name:      "empty gzip file",
			file:      "nothing.md.gz",
			data:      []byte{},
			wantSkips: []Skipped{{"nothing.md.gz", "no text"}},
		},
		{
			name:      "unknown extension",
			file:      "a.docx",
			data:      []byte("text"),
			wantSkips: []Skipped{{"a.docx", "unknown file type"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{tt.file: &fstest.MapFile{Data: tt.data}}
			arts, skips := ReadFile(fsys, tt.file, tt.opts)
			var texts []string
			for _, a := range arts {
				texts = append(texts, a.Text)
			}
			if diff := cmp.Diff(tt.wantTexts, texts); diff != "" {
				t.Errorf("ReadFile(%s) texts (-want +got):\n%s", tt.file, diff)
			}
			if diff := cmp.Diff(tt.wantSkips, skips); diff != "" {
				t.Errorf("ReadFile(%s) skipped (-want +got):\n%s", tt.file, diff)
			}
		})
	}

	t.Run("truncated gzip JSON lines keep the complete lines", func(t *testing.T) {
		cut := longJSONL[:len(longJSONL)/2]
		fsys := fstest.MapFS{"cut.jsonl.gz": &fstest.MapFile{Data: cut}}
		arts, skips := ReadFile(fsys, "cut.jsonl.gz", Options{})
		if len(arts) == 0 || len(arts) >= 200 {
			t.Errorf("ReadFile kept %d of 200 records, want some but not all", len(arts))
		}
		for i, a := range arts {
			if want := "Record text number " + strings.Repeat("y", i) + "."; a.Text != want {
				t.Fatalf("record %d: text %q, want %q", i, a.Text, want)
			}
		}
		if len(skips) != 1 || skips[0].Path != "cut.jsonl.gz" || !strings.HasPrefix(skips[0].Error, "truncated gzip: kept the ") {
			t.Errorf("ReadFile skipped %v, want one truncated gzip entry", skips)
		}
	})
}

// utf16LE encodes s as UTF-16, little-endian.
func utf16LE(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// permFS is a file system whose named file cannot be opened.
type permFS struct {
	fstest.MapFS
	denied string
}

func (f permFS) Open(name string) (fs.File, error) {
	if name == f.denied {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.Open(name)
}

func (f permFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.denied {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadDir(name)
}

func TestFilesUnreadableFolder(t *testing.T) {
	fsys := permFS{
		MapFS:  fstest.MapFS{"a.txt": {Data: []byte("Readable.")}, "locked/b.txt": {Data: []byte("Locked.")}},
		denied: "locked",
	}
	files, skipped, err := Files(fsys)
	if err != nil {
		t.Fatalf("Files: %v", err)
	}
	if diff := cmp.Diff([]string{"a.txt"}, files); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Skipped{{"locked", "permission denied"}}, skipped); diff != "" {
		t.Errorf("Files skipped (-want +got):\n%s", diff)
	}
}

func TestReadUnreadable(t *testing.T) {
	fsys := permFS{
		MapFS:  fstest.MapFS{"a.txt": {Data: []byte("Readable.")}, "secret.txt": {Data: []byte("Hidden.")}},
		denied: "secret.txt",
	}
	arts, _, skipped, err := Read(fsys, Options{})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if len(arts) != 1 || arts[0].ID != "a.txt" {
		t.Errorf("Read articles %v, want a.txt alone", arts)
	}
	want := []Skipped{{"secret.txt", "permission denied"}}
	if diff := cmp.Diff(want, skipped); diff != "" {
		t.Errorf("Read skipped (-want +got):\n%s", diff)
	}
}

func TestReadUnreadableOnDisk(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any file")
	}
	dir := t.TempDir()
	name := filepath.Join(dir, "locked.txt")
	if err := os.WriteFile(name, []byte("Text."), 0o000); err != nil {
		t.Fatal(err)
	}
	_, skips := ReadFile(os.DirFS(dir), "locked.txt", Options{})
	want := []Skipped{{"locked.txt", "permission denied"}}
	if diff := cmp.Diff(want, skips); diff != "" {
		t.Errorf("ReadFile skipped (-want +got):\n%s", diff)
	}
}

func TestFilesSymlinks(t *testing.T) {
	link := func(target string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink}
	}
	fsys := fstest.MapFS{
		"docs/a.txt":         {Data: []byte("Inside.")},
		"docs/sub/b.md":      {Data: []byte("Deeper.")},
		"inside.txt":         link("docs/a.txt"),
		"up.txt":             link("../outside.txt"),
		"abs.txt":            link("/etc/passwd.txt"),
		"docs/escape.txt":    link("../../x.txt"),
		"linkdir":            link("docs/sub"),
		"docs/sub/loop":      link(".."),
		"dangling.txt":       link("missing.txt"),
		"docs/sub/back.json": link("../../../x.json"),
	}
	files, skipped, err := Files(fsys)
	if err != nil {
		t.Fatalf("Files: %v", err)
	}
	// linkdir/loop leads back to docs, which is not inside linkdir's own
	// walk, so docs is listed again under it, once.
	wantFiles := []string{"docs/a.txt", "docs/sub/b.md", "inside.txt", "linkdir/b.md", "linkdir/loop/a.txt"}
	if diff := cmp.Diff(wantFiles, files); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
	wantSkipped := []Skipped{
		{"abs.txt", "symbolic link leads outside the corpus"},
		{"dangling.txt", "file does not exist"},
		{"docs/escape.txt", "symbolic link leads outside the corpus"},
		{"docs/sub/back.json", "symbolic link leads outside the corpus"},
		{"docs/sub/loop", "symbolic link loop"},
		{"linkdir/back.json", "symbolic link leads outside the corpus"},
		{"linkdir/loop/escape.txt", "symbolic link leads outside the corpus"},
		{"linkdir/loop/sub", "symbolic link loop"},
		{"up.txt", "symbolic link leads outside the corpus"},
	}
	if diff := cmp.Diff(wantSkipped, skipped); diff != "" {
		t.Errorf("Files skipped (-want +got):\n%s", diff)
	}
	if _, skips := ReadFile(fsys, "up.txt", Options{}); len(skips) != 1 || skips[0].Error != errOutside.Error() {
		t.Errorf("ReadFile(up.txt) skipped %v, want %q", skips, errOutside)
	}
	arts, skips := ReadFile(fsys, "linkdir/b.md", Options{})
	if len(arts) != 1 || arts[0].Text != "Deeper." || arts[0].ID != "linkdir/b.md" || len(skips) != 0 {
		t.Errorf("ReadFile(linkdir/b.md) = %v, %v; want one article with id linkdir/b.md", arts, skips)
	}
}

// TestSpecialFiles checks that files which are not regular files are
// skipped, by Files and by ReadFile, with what they are, whether named
// directly or through a link; other extensions are passed over silently.
func TestSpecialFiles(t *testing.T) {
	tests := []struct {
		name string
		mode fs.FileMode
		want string
	}{
		{"pipe.txt", fs.ModeNamedPipe, "not a regular file (named pipe)"},
		{"zero.txt", fs.ModeDevice | fs.ModeCharDevice, "not a regular file (character device)"},
		{"disk.jsonl", fs.ModeDevice, "not a regular file (device)"},
		{"sock.md", fs.ModeSocket, "not a regular file (socket)"},
		{"odd.warc", fs.ModeIrregular, "not a regular file (special file)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"a.txt":           {Data: []byte("A regular file.")},
				tt.name:           {Mode: tt.mode},
				"link/" + tt.name: {Data: []byte("../" + tt.name), Mode: fs.ModeSymlink},
				"dev-no-ext":      {Mode: tt.mode},
			}
			files, skipped, err := Files(fsys)
			if err != nil {
				t.Fatalf("Files: %v", err)
			}
			if diff := cmp.Diff([]string{"a.txt"}, files); diff != "" {
				t.Errorf("Files (-want +got):\n%s", diff)
			}
			want := []Skipped{{"link/" + tt.name, tt.want}, {tt.name, tt.want}}
			slices.SortFunc(want, func(a, b Skipped) int { return strings.Compare(a.Path, b.Path) })
			if diff := cmp.Diff(want, skipped); diff != "" {
				t.Errorf("Files skipped (-want +got):\n%s", diff)
			}
			for _, name := range []string{tt.name, "link/" + tt.name} {
				arts, skipped := ReadFile(fsys, name, Options{})
				if want := []Skipped{{name, tt.want}}; len(arts) != 0 || !cmp.Equal(want, skipped) {
					t.Errorf("ReadFile(%s) = %d articles, skipped %v; want none, %v", name, len(arts), skipped, want)
				}
			}
		})
	}
}

func TestFilesSymlinksOnDisk(t *testing.T) {
	root := t.TempDir()
	corpus := filepath.Join(root, "corpus")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(corpus, "news"), 0o755))
	must(os.WriteFile(filepath.Join(root, "secret.txt"), []byte("Outside the corpus."), 0o644))
	must(os.WriteFile(filepath.Join(corpus, "news", "a.txt"), []byte("Inside the corpus."), 0o644))
	must(os.Symlink("../secret.txt", filepath.Join(corpus, "leak.txt")))
	must(os.Symlink(filepath.Join(root, "secret.txt"), filepath.Join(corpus, "abs.txt")))
	must(os.Symlink("news", filepath.Join(corpus, "alias")))

	arts, dups, skipped, err := Read(os.DirFS(corpus), Options{})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	var ids []string
	for _, a := range arts {
		ids = append(ids, a.ID)
		if strings.Contains(a.Text, "Outside") {
			t.Errorf("Read returned %s, a file outside the corpus", a.ID)
		}
	}
	// alias/a.txt and news/a.txt are one file: the same text, folded.
	if diff := cmp.Diff([]string{"news/a.txt"}, ids); diff != "" {
		t.Errorf("Read ids (-want +got):\n%s", diff)
	}
	if want := []Duplicate{{ID: "alias/a.txt", KeptID: "news/a.txt", Reason: "same text"}}; !cmp.Equal(want, dups) {
		t.Errorf("Read duplicates = %v, want %v", dups, want)
	}
	wantSkipped := []Skipped{
		{"abs.txt", "symbolic link leads outside the corpus"},
		{"leak.txt", "symbolic link leads outside the corpus"},
	}
	if diff := cmp.Diff(wantSkipped, skipped); diff != "" {
		t.Errorf("Read skipped (-want +got):\n%s", diff)
	}
}

func TestReadRootMissing(t *testing.T) {
	_, _, _, err := Read(os.DirFS(filepath.Join(t.TempDir(), "nope")), Options{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Read(missing root) error = %v, want fs.ErrNotExist", err)
	}
}
