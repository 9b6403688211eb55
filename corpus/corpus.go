// Package corpus reads an archive of articles and turns it into clean text and
// passages: a parser per file format (chosen by extension), cleaning, sentence
// splitting, chunking and de-duplication.
//
// The package is pure and deterministic: an fs.FS goes in, articles and chunks
// come out. It does no network I/O, does not log and keeps no global state.
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
	ID, KeptID string
	// Reason is "same text" or "same url".
	Reason string
}
