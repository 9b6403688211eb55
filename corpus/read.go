package corpus

import "io/fs"

// Options tunes reading. The zero value uses the defaults.
type Options struct {
	// MaxFileBytes caps the bytes read from one file (after decompression);
	// a larger file is skipped and named. 0 means 64 MiB. WARC and ARC
	// files are streamed record by record and capped per record instead.
	MaxFileBytes int64
}

// Files lists the files of fsys that a parser reads, in path order, with "/"
// separators. Hidden files and folders and unknown extensions are left out
// silently; files that cannot be listed or lead outside fsys are skipped.
func Files(fsys fs.FS) ([]string, []Skipped, error) {
	panic("TODO")
}

// ReadFile parses one file of fsys, chosen by its extension (".gz" unwrapped
// first). A file or record that cannot be read or has no text is skipped and
// named; it never stops the rest.
func ReadFile(fsys fs.FS, path string, opts Options) ([]Article, []Skipped) {
	panic("TODO")
}

// Read reads every file of fsys and folds duplicates (see Dedup).
func Read(fsys fs.FS, opts Options) (arts []Article, dups []Duplicate, skipped []Skipped, err error) {
	panic("TODO")
}
