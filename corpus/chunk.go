package corpus

// SplitOptions sizes chunks. The zero value uses the defaults.
type SplitOptions struct {
	// MaxWords is the target size of a chunk in words; 0 means the default.
	MaxWords int
	// OverlapSentences is how many sentences a chunk repeats from the end of
	// the previous one; negative means none, 0 the default.
	OverlapSentences int
}

// Split cuts an article's text into overlapping, sentence-aligned chunks.
// Every chunk's Text is a.Text[Start:End].
func Split(a Article, opts SplitOptions) []Chunk {
	panic("TODO")
}
