package retrieval

import (
	"context"
	"errors"
	"io/fs"

	chromem "github.com/philippgille/chromem-go"
)

// Config says where an Archive reads its articles and keeps its index, and
// how it embeds and answers. Embed and EmbedderName are required.
type Config struct {
	// Corpus is the archive's root folder.
	Corpus fs.FS
	// File, when set, restricts the corpus to this one file of Corpus.
	File string
	// IndexDir is the saved index's folder; empty keeps the index in memory.
	IndexDir string
	// Embed turns text into a vector; EmbedderName names it and its model
	// (for example "hash:512"), so vectors of different spaces never mix.
	Embed        chromem.EmbeddingFunc
	EmbedderName string
	// Generator, when set, writes answers; nil gives extractive answers.
	Generator Generator
	// EmbedBatch, when set, embeds many texts at once (faster for local
	// models); else Embed is called concurrently.
	EmbedBatch func(ctx context.Context, texts []string) ([][]float32, error)
	// ContextTokens bounds the prompt given to Generator; 0 means 3,000.
	ContextTokens int
	// Progress, when set, is called as chunks are embedded.
	Progress func(done, total int)
}

// Archive serves questions from the current index and brings it up to date
// with the corpus. It is safe for concurrent use: queries never wait for an
// update, which builds aside and then swaps.
type Archive struct {
	cfg Config
}

// Open returns an Archive for cfg, loading the saved index when there is one.
// A missing or unreadable snapshot is not an error: the next Update rebuilds it
// and says so in its Report.
func Open(ctx context.Context, cfg Config) (*Archive, error) {
	return nil, errors.New("not implemented")
}

// Update re-reads the corpus, embeds only new or changed text, saves the index
// atomically and then swaps it in. One update runs at a time; a failed update
// leaves the previous index serving.
func (a *Archive) Update(ctx context.Context) (Report, error) {
	return Report{}, errors.New("not implemented")
}

// Search returns up to k passages for query, best first, at most one per article.
func (a *Archive) Search(ctx context.Context, query string, k int) ([]Passage, error) {
	return nil, errors.New("not implemented")
}

// Ask answers question from the archive with numbered citations.
func (a *Archive) Ask(ctx context.Context, question string, opts AskOptions) (Answer, error) {
	return Answer{}, errors.New("not implemented")
}

// Stats describes what the current index holds.
func (a *Archive) Stats() Stats {
	return Stats{}
}
