package corpus

// Dedup folds articles that are one article: the same cleaned text or the same
// URL. The newest capture (else the last in path order) keeps its id. Two
// articles with the same id keep the first in path order; the other is
// returned as skipped ("duplicate id"). arts must be in path order.
func Dedup(arts []Article) (kept []Article, dups []Duplicate, skipped []Skipped) {
	panic("TODO")
}
