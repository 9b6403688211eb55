package corpus

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
)

// DefaultMaxFileBytes is the default cap on the bytes read from one file.
const DefaultMaxFileBytes = 64 << 20

// Version names the behaviour of the readers, cleaning and chunking. It
// changes whenever the same file would give other articles or chunks, so a
// saved index made by another version reads its files again.
const Version = "2026-11-30.2"

// Options tunes reading. The zero value uses the defaults.
type Options struct {
	// MaxFileBytes caps the bytes read from one file (after decompression);
	// a larger file is skipped and named. 0 means 64 MiB. JSON Lines, WARC
	// and ARC files are streamed record by record and capped per record
	// instead.
	MaxFileBytes int64
	// Workers is how many files Read parses at once; 0 means
	// runtime.GOMAXPROCS(0). The result does not depend on it.
	Workers int
}

func (o Options) maxFileBytes() int64 {
	if o.MaxFileBytes <= 0 {
		return DefaultMaxFileBytes
	}
	return o.MaxFileBytes
}

// format is a parser, chosen by a file's extension.
type format int

const (
	formatNone     format = iota
	formatText            // .txt
	formatMarkdown        // .md
	formatHTML            // .html, .htm
	formatJSON            // .json
	formatJSONL           // .jsonl
	formatWARC            // .warc, .arc
)

// formatOf returns the format of the file name and whether it is gzipped.
// Extensions are case-insensitive; ".gz" is unwrapped first.
func formatOf(name string) (format, bool) {
	name = strings.ToLower(path.Base(name))
	gz := strings.HasSuffix(name, ".gz")
	name = strings.TrimSuffix(name, ".gz")
	switch path.Ext(name) {
	case ".txt":
		return formatText, gz
	case ".md":
		return formatMarkdown, gz
	case ".html", ".htm":
		return formatHTML, gz
	case ".json":
		return formatJSON, gz
	case ".jsonl":
		return formatJSONL, gz
	case ".warc", ".arc":
		return formatWARC, gz
	}
	return formatNone, gz
}

// ReadFile parses one file of fsys, chosen by its extension (".gz" unwrapped
// first). A file or record that cannot be read or has no text is skipped and
// named; it never stops the rest. In a file that holds several records, a
// record with the id of an earlier one is skipped as a duplicate id, named
// "path#N" (Dedup does the same across files).
//
// A symbolic link is followed only when it, and every link on the way,
// stays inside fsys. A file that is not a regular file (a named pipe, a
// device) is skipped without being read. A gzip stream that ends early loses the whole file,
// except in ".jsonl", where the lines that were read in full are kept and the
// file is also named in skipped ("truncated gzip: ..."); WARC and ARC files
// keep the records read in full, as parseWARC decides.
func ReadFile(fsys fs.FS, name string, opts Options) ([]Article, []Skipped) {
	skip := func(err error) ([]Article, []Skipped) {
		return nil, []Skipped{{Path: name, Error: errorText(err)}}
	}
	kind, gz := formatOf(name)
	if kind == formatNone {
		return skip(errors.New("unknown file type"))
	}
	f, size, err := openInside(fsys, name)
	if err != nil {
		return skip(err)
	}
	defer f.Close()
	limit := opts.maxFileBytes()
	if !gz && kind != formatWARC && kind != formatJSONL && size > limit {
		return skip(fmt.Errorf("file too large: %s, over the %s limit", byteSize(size), byteSize(limit)))
	}

	var r io.Reader = f
	if gz {
		zr, err := gzip.NewReader(r)
		if errors.Is(err, io.EOF) {
			return skip(errNoText)
		}
		if err != nil {
			return skip(gzipError(err))
		}
		defer zr.Close()
		r = zr
	}
	switch kind {
	case formatWARC:
		return parseWARC(name, r)
	case formatJSONL:
		return parseJSONL(name, r, gz, limit)
	}

	data, err := readWhole(r, gz, size, limit)
	if err != nil {
		return skip(err)
	}
	if kind == formatHTML {
		if looksBinary(data) {
			return skip(errBinary)
		}
		return parseHTML(name, bytes.NewReader(data))
	}
	if kind == formatJSON {
		// parseJSON judges binary data itself: JSON Lines saved as .json
		// lose only their bad lines.
		if data, err = decodeText(data); err != nil {
			return skip(err)
		}
		return parseJSON(name, data)
	}
	// One article a file: binary data near its start loses the file.
	if looksBinary(data) {
		return skip(errBinary)
	}
	if data, err = decodeText(data); err != nil {
		return skip(err)
	}
	a, err := parsePlain(name, string(data), kind == formatMarkdown)
	if err != nil {
		return skip(err)
	}
	return []Article{a}, nil
}

// readWhole reads r to its end, at most limit bytes; size is the file's
// size on disk, a hint.
func readWhole(r io.Reader, gz bool, size, limit int64) ([]byte, error) {
	if gz {
		size *= 4 // a guess at the ratio
	}
	buf := bytes.NewBuffer(make([]byte, 0, min(size, limit)+bytes.MinRead))
	_, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	switch {
	case gz && errors.Is(err, io.ErrUnexpectedEOF):
		return nil, errors.New("truncated gzip")
	case gz && (errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader)):
		return nil, gzipError(err)
	case err != nil:
		return nil, err
	case int64(buf.Len()) > limit && gz:
		return nil, fmt.Errorf("file too large: over the %s limit once decompressed", byteSize(limit))
	case int64(buf.Len()) > limit:
		return nil, fmt.Errorf("file too large: over the %s limit", byteSize(limit))
	}
	return buf.Bytes(), nil
}

// openInside opens the regular file name of fsys, following symbolic links
// only inside fsys, and returns it with its size. It looks at the file
// before it opens it, since opening a named pipe waits for a writer; a file
// system without fs.StatFS is asked by opening the file (os.DirFS has it).
func openInside(fsys fs.FS, name string) (fs.File, int64, error) {
	real, err := resolve(fsys, name)
	if err != nil {
		return nil, 0, err
	}
	info, err := fs.Stat(fsys, real)
	if err == nil {
		err = CheckFile(info)
	}
	if err != nil {
		return nil, 0, err
	}
	f, err := fsys.Open(real)
	if err != nil {
		return nil, 0, err
	}
	// Again on the open file, which may not be the one looked at.
	info, err = f.Stat()
	if err == nil {
		err = CheckFile(info)
	}
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, info.Size(), nil
}

// CheckFile returns nil when info describes a regular file and an error
// naming what the file is otherwise ("not a regular file (named pipe)"):
// reading a named pipe or a device would block, or never end.
func CheckFile(info fs.FileInfo) error {
	if info.IsDir() {
		return errors.New("is a directory")
	}
	return notRegular(info.Mode())
}

// Read reads every file of fsys and folds duplicates (see Dedup). It parses
// Options.Workers files at once; its result is the same whatever their
// number. skipped lists the files and records that could not be read, in path
// order, then the articles skipped for a duplicate id. err is non-nil only
// when fsys itself cannot be listed.
func Read(fsys fs.FS, opts Options) (arts []Article, dups []Duplicate, skipped []Skipped, err error) {
	files, skipped, err := Files(fsys)
	if err != nil {
		return nil, nil, skipped, err
	}
	type result struct {
		arts    []Article
		skipped []Skipped
	}
	results := make([]result, len(files))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(files)) {
		wg.Go(func() {
			for i := range next {
				r := &results[i] // each index is written by one worker only
				r.arts, r.skipped = ReadFile(fsys, files[i], opts)
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, r := range results {
		arts = append(arts, r.arts...)
		skipped = append(skipped, r.skipped...)
	}
	arts, _, dups, s := Dedup(arts)
	return arts, dups, append(skipped, s...), nil
}

// gzipError names a gzip stream that cannot be read.
func gzipError(err error) error {
	switch {
	case errors.Is(err, gzip.ErrHeader):
		return errors.New("invalid gzip header")
	case errors.Is(err, gzip.ErrChecksum):
		return errors.New("corrupt gzip: checksum mismatch")
	}
	return fmt.Errorf("invalid gzip: %w", err)
}

// errorText is the short, lower-case reason that Skipped carries: the
// underlying error of a *fs.PathError (whose path Skipped already names).
func errorText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return err.Error()
}

// byteSize writes n bytes for people: "64 MiB", "1.5 KiB", "12 bytes".
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	v, units := float64(n)/unit, "KiB"
	for _, u := range []string{"MiB", "GiB", "TiB"} {
		if v < unit {
			break
		}
		v, units = v/unit, u
	}
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0") + " " + units
}
