package corpus

// Span is a half-open byte range [Start, End) of a text.
type Span struct{ Start, End int }

// Sentences splits text into sentences and returns their byte spans, in
// order, without surrounding space. It copes with news prose: abbreviations
// ("U.S.", "Dr."), decimals, initials, quotes and brackets after the full stop.
func Sentences(text string) []Span {
	panic("TODO")
}
