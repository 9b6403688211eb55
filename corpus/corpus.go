// Package corpus reads an archive of articles and turns it into clean text and
// passages: a parser per file format (chosen by extension), cleaning, sentence
// splitting, chunking and de-duplication.
//
// The package is pure and deterministic: an fs.FS goes in, articles and chunks
// come out. It does no network I/O, does not log and keeps no global state.
//
// # Formats
//
// Files walks a corpus and ReadFile parses one file, by its extension
// (case-insensitive, ".gz" unwrapped first): ".txt" and ".md" (optional YAML
// front matter; a short first line that does not end a sentence is the
// title), ".html" and ".htm", ".json" (an object or an array), ".jsonl",
// ".warc" and ".arc". Hidden files and folders and other extensions are
// passed over silently; a file or record that cannot be read, or has no
// text, is named in a Skipped with a short reason, and never stops the rest.
//
// Text files are UTF-8 (a byte-order mark, or UTF-16 with one, is honoured);
// a byte that is not valid UTF-8 is read as Windows-1252, so legacy files lose
// nothing. A file with NUL bytes or mostly control characters near its start
// is a "binary file", except that JSON Lines (and a ".json" file of one
// object a line) are judged line by line: a bad line is skipped as invalid
// JSON and the rest kept, unless no line near the start is a JSON object.
// Files are read whole, up to Options.MaxFileBytes, but JSON Lines, WARC and
// ARC files are streamed and may be of any size. A gzip stream cut short
// loses its file, except that the complete lines of a ".jsonl" file are kept
// (and the file is named too).
//
// # Text
//
// Article.Text is cleaned by Clean: paragraphs are separated by "\n\n", a
// single "\n" is kept where the source broke a line between sentences, and
// every line break ends a sentence for Sentences and Split. So that a line
// break does not cut a sentence, the lines of a hard-wrapped paragraph of a
// ".txt" file, and Markdown's soft line breaks, are joined with spaces first;
// Markdown syntax is dropped and its words kept. Every Chunk is a
// run of whole sentences and its Text is exactly Article.Text[Start:End], so
// any quote taken from a chunk can be found in the article.
//
// # Identity
//
// An article's ID is its record's own id, else its path relative to the
// corpus root, with "#N" for the Nth record of a file that holds several.
// Dedup folds articles with the same text or URL and skips repeated ids.
package corpus

// Article is one archived article after cleaning.
type Article struct {
	// ID is stable across runs: the record's own id where it has one, else the
	// file's path relative to the corpus root (with "#N" for the Nth record of
	// a file that holds several).
	ID    string `json:"article_id"`
	Title string `json:"title"`
	URL   string `json:"url"`
	// Author holds several authors joined with ", ".
	Author string `json:"author"`
	// Published and Captured are "YYYY-MM-DD", "YYYY-MM", "YYYY" or "".
	Published string `json:"published"`
	Captured  string `json:"captured"`
	// Source is the publication's name.
	Source string `json:"source"`
	// Text is the cleaned body; every quote and chunk is a substring of it.
	Text string `json:"text"`
	// Path is the file the article was read from, relative to the corpus
	// root, with "/" separators.
	Path string `json:"-"`
}

// Chunk is one passage of an article: a run of whole sentences.
// Text is always exactly Article.Text[Start:End].
type Chunk struct {
	ArticleID string
	// Seq numbers the article's chunks from 0.
	Seq  int
	Text string
	// Start and End are byte offsets into the article's cleaned text.
	Start, End int
}

// Skipped names a file or record that could not be read and why.
type Skipped struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

// Duplicate records an article folded into another one.
type Duplicate struct {
	// ID is the folded article's id; KeptID the article that stands for it.
	ID     string `json:"id"`
	KeptID string `json:"kept_id"`
	// Reason is "same text" or "same url": how the folded article is tied
	// to the kept one, or to another article of its group.
	Reason string `json:"reason"`
}
