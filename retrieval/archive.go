package retrieval

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	chromem "github.com/philippgille/chromem-go"

	"archivist/corpus"
	"archivist/retrieval/internal/store"
)

// MaxQuestionBytes bounds a question or query; a longer one is refused.
const MaxQuestionBytes = 2000

// Errors a caller branches on to tell the user what to fix.
var (
	ErrEmptyQuestion   = errors.New("the question is empty")
	ErrQuestionTooLong = fmt.Errorf("the question is longer than %d bytes", MaxQuestionBytes)
)

// NoteLLMFallback is Answer.Note when a written answer could not be used.
const NoteLLMFallback = "The language model's answer could not be used; this answer quotes the archive directly."

// Ranking chooses which retrievers rank passages.
type Ranking int

const (
	// Hybrid fuses BM25 and vector similarity (the default).
	Hybrid Ranking = iota
	// Lexical ranks by BM25 alone.
	Lexical
	// Vector ranks by vector similarity alone.
	Vector
)

// DefaultVectorWeight is the weight of vector similarity in the hybrid score.
const DefaultVectorWeight = 0.35

// Config says where an Archive reads its articles and keeps its index, and
// how it embeds and answers. Corpus, Embed and EmbedderName are required.
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
	// EmbedBatch, when set, embeds many texts at once (faster for local
	// models); else Embed is called concurrently.
	EmbedBatch func(ctx context.Context, texts []string) ([][]float32, error)
	// Ranking picks the retrievers; VectorWeight (0 means
	// DefaultVectorWeight) weighs vectors against BM25 in Hybrid ranking.
	Ranking      Ranking
	VectorWeight float64
	// AdaptiveWeight moves the vector weight, question by question, towards
	// the vectors when the best lexical match covers little of the question
	// and the best vector match stands well above the rest. Set it for
	// vectors that carry meaning; hashed words only repeat BM25
	// (docs/EVAL.md, "Fusion").
	AdaptiveWeight bool
	// Generator, when set, writes answers; nil gives extractive answers.
	Generator Generator
	// ContextTokens bounds the prompt given to Generator; 0 means 3,000.
	ContextTokens int
	// Progress, when set, is called as chunks are embedded.
	Progress func(done, total int)
	// Resuming, when set, is called before embedding starts when an
	// earlier, unfinished update already embedded reused of the passages to
	// embed (left remain); the Report then carries no Note of it.
	Resuming func(reused, left int)
	// Weaviate, when set, keeps the articles and passages in a Weaviate
	// server as well: each Update brings its collections up to date, and
	// queries are answered from them (STORE=weaviate).
	Weaviate *WeaviateConfig
	// Waiting, when set, is called once when another process holds the
	// index folder's lock, with what the lock file says of it (its pid);
	// Update then waits for it.
	Waiting func(holder string)
}

// Archive serves questions from the current index and brings it up to date
// with the corpus. It is safe for concurrent use: queries never wait for an
// update, which builds aside and then swaps.
type Archive struct {
	cfg Config
	// cur is the index queries read, replaced whole. The one Open loads
	// builds its search structures on first use (or Warm), so that an
	// update that replaces it never has two built at once.
	cur atomic.Pointer[index]
	// remote, when set, is the Weaviate store queries read.
	remote *remote

	// queries counts the questions answered, so that every releaseEvery
	// of them the pages of the saved index that they read are let go.
	queries atomic.Int64

	mu       sync.Mutex  // held by Update: one update at a time; guards the fields below
	openNote string      // why the saved index could not be used, for the next Report
	stamp    store.Stamp // the saved snapshot the current index was loaded from or saved as
	refused  store.Stamp // the saved snapshot LoadSaved last failed to use
}

// ErrCorruptSnapshot is the error a saved index that fails its checksum or
// cannot be decoded gives (wrapped); Open and Update then rebuild it.
var ErrCorruptSnapshot = store.ErrCorrupt

// Open returns an Archive for cfg, loading the saved index when there is one.
// A missing or unreadable snapshot is not an error: the next Update rebuilds
// it and says why in its Report's Notes.
func Open(ctx context.Context, cfg Config) (*Archive, error) {
	reader := cfg.Weaviate != nil && cfg.Weaviate.ReadOnly
	if cfg.Corpus == nil && !reader || cfg.Embed == nil || cfg.EmbedderName == "" {
		return nil, errors.New("retrieval: Config needs Corpus, Embed and EmbedderName")
	}
	a := &Archive{cfg: cfg}
	if cfg.Weaviate != nil {
		r, err := openRemote(ctx, cfg.Weaviate)
		if err != nil {
			return nil, err
		}
		a.remote = r
	}
	if reader {
		a.cur.Store(newIndex(&store.Snapshot{Embedder: cfg.EmbedderName, Reader: corpus.Version}))
		return a, nil
	}
	a.cur.Store(newIndex(a.load()))
	return a, nil
}

// Warm makes the index Open loaded ready to answer, which the first query
// would otherwise wait for: for a saved index of the current format, a
// chromem-go collection filled with the saved article means (tens of
// milliseconds for 100,000 passages); for one of an older format, or none,
// the BM25 indexes and means built from the texts (about a second). A
// server calls it before it takes questions.
func (a *Archive) Warm() error {
	return a.cur.Load().ready()
}

// current returns the index to query, built.
func (a *Archive) current() (*index, error) {
	ix := a.cur.Load()
	if err := ix.ready(); err != nil {
		return nil, err
	}
	return ix, nil
}

// load reads the saved snapshot, or returns an empty one (and keeps why in
// openNote) when there is none or it cannot be used. It records the stamp of
// what it read.
func (a *Archive) load() *store.Snapshot {
	empty := &store.Snapshot{Embedder: a.cfg.EmbedderName, Reader: corpus.Version}
	if a.cfg.IndexDir == "" {
		return empty
	}
	a.stamp = store.StampOf(a.cfg.IndexDir)
	s, err := store.Load(a.cfg.IndexDir)
	switch {
	case err == nil:
		a.openNote = ""
		return s
	case errors.Is(err, fs.ErrNotExist):
		a.openNote = ""
	default:
		a.openNote = fmt.Sprintf("could not use the saved index in %s (%v): rebuilding it from the archive", a.cfg.IndexDir, err)
	}
	return empty
}

// Update re-reads the corpus, embeds only new or changed text, saves the index
// atomically and then swaps it in. One update runs at a time, in this process
// and (through a lock file in the index folder) across processes; a failed
// update leaves the previous index serving.
func (a *Archive) Update(ctx context.Context) (Report, error) {
	start := time.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.remote != nil && a.cfg.Weaviate.ReadOnly {
		a.remote.forget() // the next query reads what the writer wrote since
		return Report{Embedder: a.cfg.EmbedderName, Skipped: []corpus.Skipped{}, TookMS: ms(time.Since(start))}, nil
	}
	cur := a.cur.Load()
	base := cur.snap // what this update starts from
	if a.cfg.IndexDir != "" {
		unlock, err := store.LockDir(ctx, a.cfg.IndexDir, a.cfg.Waiting)
		if err != nil {
			return Report{}, err
		}
		defer unlock()
		// Another process may have saved the index since it was loaded
		// (while this one waited for the lock, say): start from its work.
		if store.StampOf(a.cfg.IndexDir) != a.stamp {
			base = a.load()
		}
	}
	rep := Report{Embedder: a.cfg.EmbedderName, Skipped: []corpus.Skipped{}}
	if a.openNote != "" {
		rep.Notes = append(rep.Notes, a.openNote)
	}
	snap, from, err := refresh(ctx, a.cfg, base, &rep)
	if err != nil {
		return Report{}, fmt.Errorf("update index: %w", err)
	}
	if snap == cur.snap && a.openNote == "" && !snap.Older {
		if err := a.syncRemote(ctx, cur, &rep); err != nil {
			return Report{}, err
		}
		rep.TookMS = ms(time.Since(start))
		return rep, nil // nothing changed: the index serving is current
	}
	snap.Release() // refresh read every text of base in place
	save := a.cfg.IndexDir != "" && (snap != base || a.openNote != "" || snap.Older)
	// An update of a saved index writes its lexical indexes and means from
	// base's and from what changed, so that nothing is built whole in the
	// heap; else (no saved index, or one without them) they are built.
	var lex store.Section
	if save && snap != base && snap.MeanRows != nil {
		lex = mergedLexical(base, snap, from)
	}
	var ix *index
	if lex == nil {
		ix = newIndex(snap)
		if err := ix.ready(); err != nil {
			return Report{}, fmt.Errorf("update index: %w", err)
		}
	}
	if save {
		if lex != nil {
			snap.Lexical = lex
		} else {
			snap.Lexical, snap.Means = ix.sections()
		}
		if err := snap.Save(a.cfg.IndexDir); err != nil {
			return Report{}, err
		}
		snap.Older = false
		a.stamp = store.StampOf(a.cfg.IndexDir)
		store.RemoveJournal(a.cfg.IndexDir)
		// Serve the file just saved, read in place, and let the heap's
		// build go; should it not open, what was saved is built in the heap.
		if saved, err := store.Load(a.cfg.IndexDir); err == nil {
			if six := newIndex(saved); six.ready() == nil {
				ix = six
			}
		}
		if ix == nil {
			ix = newIndex(snap)
			if err := ix.ready(); err != nil {
				return Report{}, fmt.Errorf("update index: %w", err)
			}
		}
	}
	a.cur.Store(ix)
	runtime.KeepAlive(base) // refresh may have read base's mapping until here
	a.openNote = ""
	// Weaviate is brought up to date after the saved index, so that an
	// update that fails here is resumed by the next one (nothing changed
	// then but the sync).
	if err := a.syncRemote(ctx, ix, &rep); err != nil {
		return Report{}, err
	}
	rep.TookMS = ms(time.Since(start))
	return rep, nil
}

// SearchOptions tunes one search. The zero value searches with the
// defaults and no time.
type SearchOptions struct {
	// K is the number of passages returned; 0 means 10.
	K int
	// Time is when the query is asked and which dates it may return.
	Time Time
}

// Search returns up to opts.K passages for query, best first, at most one
// per article, none outside opts.Time's filter.
func (a *Archive) Search(ctx context.Context, query string, opts SearchOptions) ([]Passage, error) {
	query, err := checkQuestion(query)
	if err != nil {
		return nil, err
	}
	ix, hits, err := a.retrieve(ctx, query, newScope(query, opts.Time))
	if ix != nil {
		defer runtime.KeepAlive(ix) // its mapping holds the texts until they are copied
	}
	if err != nil {
		return nil, err
	}
	k := opts.K
	if k <= 0 {
		k = 10
	}
	var out []Passage
	for _, h := range ix.perArticle(hits, k) {
		out = append(out, ix.passage(h))
	}
	ownPassages(out)
	a.answered(ix)
	return out, nil
}

// releaseEvery is how many questions pass between two releases of the
// pages of the saved index that questions read (store.Snapshot.Release):
// a long-running server then holds in memory what recent questions read,
// not every page any question ever read. A page let go is read again from
// the system's cache of the file, at a small cost to the question that
// needs it.
const releaseEvery = 64

// answered counts a question answered from ix.
func (a *Archive) answered(ix *index) {
	if ix.snap == nil || a.remote != nil {
		return // a small index of Weaviate's, in the heap
	}
	if a.queries.Add(1)%releaseEvery == 0 {
		ix.snap.Release()
	}
}

// Ask answers question from the archive with numbered citations. Answer.Passages
// lists the best passage of each of the top (at least 10) articles.
func (a *Archive) Ask(ctx context.Context, question string, opts AskOptions) (Answer, error) {
	start := time.Now()
	question, err := checkQuestion(question)
	if err != nil {
		return Answer{}, err
	}
	k := opts.K
	if k <= 0 {
		k = 5
	}
	ans, ix, err := a.ask(ctx, question, k, opts)
	if err != nil {
		return Answer{}, err
	}
	ownAnswer(&ans)
	a.answered(ix) // and keeps ix alive: its mapping holds the texts until they are copied
	ans.Took = time.Since(start)
	return ans, nil
}

// ask answers question from the current index (or, with Weaviate, from a
// small index of what it found), which it returns too: the texts of the
// answer may be views into that index's mapping.
func (a *Archive) ask(ctx context.Context, question string, k int, opts AskOptions) (Answer, *index, error) {
	sc := newScope(question, opts.Time)
	ix, hits, err := a.retrieve(ctx, question, sc)
	if err != nil {
		return Answer{}, nil, err
	}
	var passages []Passage
	for _, h := range ix.perArticle(hits, max(k, 10)) {
		passages = append(passages, ix.passage(h))
	}
	if empty, ok := ix.emptyWindow(sc, hits); ok {
		empty.Question, empty.Passages = question, passages
		return empty, ix, nil
	}
	ans := ix.extract(question, hits, k, sc)
	if a.cfg.Generator != nil && !opts.NoLLM {
		top := make([]Passage, 0, k)
		for _, h := range hits[:min(k, len(hits))] {
			top = append(top, ix.passage(h))
		}
		gen, err := generatedAnswer(ctx, a.cfg.Generator, question, opts.Time.AsOf, top, a.cfg.ContextTokens, opts.Partial)
		if err == nil {
			ans = gen
		} else {
			ans.Note = NoteLLMFallback
			ans.Fallback = err
		}
	}
	ans.Question = question
	ans.Passages = passages
	return ans, ix, nil
}

// ownPassages copies the texts of ps, which may be views into an index's
// mapping, so that they outlive it.
func ownPassages(ps []Passage) {
	for i := range ps {
		ps[i].Text = strings.Clone(ps[i].Text)
	}
}

// ownAnswer copies the texts of ans that may be views into an index's
// mapping, so that they outlive it.
func ownAnswer(ans *Answer) {
	ans.Text = strings.Clone(ans.Text)
	for i := range ans.Citations {
		ans.Citations[i].Quote = strings.Clone(ans.Citations[i].Quote)
	}
	ownPassages(ans.Passages)
}

// weights returns how the ranking weighs its retrievers.
func (a *Archive) weights() fusion {
	return fusion{vector: a.vectorWeight(), adaptive: a.cfg.AdaptiveWeight && a.cfg.Ranking == Hybrid}
}

func (a *Archive) vectorWeight() float64 {
	switch a.cfg.Ranking {
	case Lexical:
		return 0
	case Vector:
		return 1
	}
	if a.cfg.VectorWeight > 0 {
		return a.cfg.VectorWeight
	}
	return DefaultVectorWeight
}

// checkQuestion trims a question and refuses an empty or overlong one.
func checkQuestion(q string) (string, error) {
	q = strings.TrimSpace(strings.ToValidUTF8(q, ""))
	switch {
	case q == "":
		return "", ErrEmptyQuestion
	case len(q) > MaxQuestionBytes:
		return "", ErrQuestionTooLong
	}
	return q, nil
}

func ms(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}
