// Package retrieval owns the searchable index of an archive: the chromem-go
// vector collection, the BM25 lexical index beside it, the fusion of the two,
// extractive (or generated) answers with verbatim citations, and the saved
// snapshot that lets a run re-embed only what changed.
package retrieval

import (
	"context"
	"errors"
	"time"

	"archivist/corpus"
)

// ErrNoPassages is returned when the index holds no passages to search.
var ErrNoPassages = errors.New("the archive holds no passages")

// Passage is one retrieved chunk with its article's citation fields.
type Passage struct {
	ArticleID string  `json:"article_id"`
	Title     string  `json:"title"`
	URL       string  `json:"url"`
	Published string  `json:"published"`
	Score     float64 `json:"score"`
	Text      string  `json:"text"`
	// Start and End are byte offsets of Text in the article's cleaned text.
	Start int `json:"-"`
	End   int `json:"-"`
}

// Citation is one numbered source of an answer. Quote is a verbatim substring
// of the article's cleaned text: one or two sentences.
type Citation struct {
	N         int    `json:"n"`
	ArticleID string `json:"article_id"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Published string `json:"published"`
	Quote     string `json:"quote"`
}

// Answer is the reply to a question. Text carries markers [1], [2] that
// Citations[].N resolve. When Abstained is true the archive did not hold an
// answer; Text says so and Citations may list the nearest passages.
type Answer struct {
	Question  string     `json:"question"`
	Text      string     `json:"answer"`
	Abstained bool       `json:"abstained"`
	Citations []Citation `json:"citations"`
	// Passages are the passages the answer drew on, best first.
	Passages []Passage `json:"-"`
	// Note explains a fallback (for example an LLM answer replaced by the
	// extractive one) in one fixed sentence that is safe to show anyone;
	// empty when there is nothing to say.
	Note string `json:"-"`
	// Fallback is why the fallback Note speaks of happened: the detail for
	// the log, which may name servers and their messages, never for users.
	Fallback error         `json:"-"`
	Took     time.Duration `json:"-"`
}

// AskOptions tunes one question. The zero value asks with the defaults.
type AskOptions struct {
	// K is the number of passages the answer draws on; 0 means 5.
	K int
	// NoLLM forces the extractive answer even when a Generator is configured.
	NoLLM bool
	// Time is when the question is asked and which dates it may cite.
	Time Time
	// Partial, when non-nil, receives the answer text so far while a
	// Generator streams it (citation markers held back until checked).
	Partial func(text string)
}

// Message is one chat message of a prompt.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// GenerateRequest is what a Generator is asked to complete.
type GenerateRequest struct {
	Messages []Message
	// Stream, when non-nil, receives the completion's text as it arrives.
	Stream func(delta string)
}

// Generator writes a completion for a prompt (an LLM). Implementations must be
// safe for concurrent use.
type Generator interface {
	Generate(ctx context.Context, req GenerateRequest) (string, error)
}

// GeneratorFunc adapts a function to a Generator.
type GeneratorFunc func(ctx context.Context, req GenerateRequest) (string, error)

// Generate calls f(ctx, req).
func (f GeneratorFunc) Generate(ctx context.Context, req GenerateRequest) (string, error) {
	return f(ctx, req)
}

// Report says what an update of the index did; its JSON is the `index` output.
type Report struct {
	Articles   int              `json:"articles"`
	Chunks     int              `json:"chunks"`
	Added      int              `json:"added"`
	Updated    int              `json:"updated"`
	Removed    int              `json:"removed"`
	Unchanged  int              `json:"unchanged"`
	Embedded   int              `json:"embedded"`
	Duplicates int              `json:"duplicates"`
	Skipped    []corpus.Skipped `json:"skipped"`
	Embedder   string           `json:"embedder"`
	TookMS     float64          `json:"took_ms"`
	// Folded lists the duplicates folded, for debug logging.
	Folded []corpus.Duplicate `json:"-"`
	// Notes are things worth a log line: a saved index that could not be
	// read and was rebuilt, an embedder change that re-embeds everything.
	Notes []string `json:"-"`
	// Weaviate says what the update wrote to Weaviate, when the Archive
	// keeps its passages there.
	Weaviate *SyncReport `json:"-"`
}

// ArticleInfo is an article's citation fields, without its text.
type ArticleInfo struct {
	ArticleID string `json:"article_id"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Published string `json:"published"`
}

// Stats describes what the archive holds.
type Stats struct {
	Articles int
	Chunks   int
	// Oldest and Newest are the range of known publication dates.
	Oldest, Newest string
	// Latest are the most recently published articles, newest first (at most 5).
	Latest   []ArticleInfo
	Embedder string
}
