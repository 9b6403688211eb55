package retrieval

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"archivist/retrieval/internal/lexical"
	"archivist/retrieval/internal/store"
	"archivist/retrieval/internal/weaviate"
)

// WeaviateConfig says where an Archive keeps its articles and passages in a
// Weaviate server (STORE=weaviate), and how it ranks what the server finds.
type WeaviateConfig struct {
	// URL is the server's HTTP origin, e.g. http://127.0.0.1:8080; GRPC
	// its gRPC host:port (empty: URL's host, port 50051); APIKey the key
	// the server wants, if any. The key is never logged.
	URL, GRPC, APIKey string
	// Collections starts the collections' names; empty means "Archivist"
	// (ArchivistArticle, ArchivistPassage, ArchivistMeta).
	Collections string
	// Ranking picks how passages are ranked: WeaviateOwn (the default) or
	// WeaviateHybrid.
	Ranking WeaviateRanking
	// ReadOnly makes the Archive a reader: it needs no corpus and no
	// saved index, and Update reads and writes nothing. Another process
	// (the writer, with the corpus) keeps the collections up to date.
	ReadOnly bool
	// Shards and Replication are the shard count and replication factor
	// of the collections when the Archive creates them (0 means 1; an
	// existing collection keeps its own). Replication above 1 also turns
	// on asynchronous replication, and makes reads and writes wait for a
	// quorum of copies, so that a cluster of three answers and takes
	// updates with one node down.
	Shards, Replication int
}

// WeaviateRanking is how an Archive ranks passages kept in Weaviate.
type WeaviateRanking int

const (
	// WeaviateOwn asks Weaviate for candidates (BM25 over passages and
	// over whole articles, nearest vectors, each within the question's
	// dates) and ranks them as the embedded store does, with the whole
	// archive's BM25 statistics.
	WeaviateOwn WeaviateRanking = iota
	// WeaviateHybrid ranks by Weaviate's own hybrid query (relative score
	// fusion, alpha the vector weight) plus archivist's time bonuses.
	WeaviateHybrid
)

// SyncReport says what an update wrote to Weaviate: the articles written
// (new or changed) with their passages, the articles deleted, and those
// left as they were.
type SyncReport struct {
	Written, Passages, Deleted, Unchanged int
	TookMS                                float64
}

// remote is an Archive's Weaviate store.
type remote struct {
	c       *weaviate.Client
	ranking WeaviateRanking

	mu      sync.Mutex    // guards the fields below
	version string        // the Meta version stats was read at
	stats   *archiveStats // the archive's BM25 statistics; nil before the first query
	checked time.Time     // when version was last compared with the server's
}

// archiveStats are the whole archive's BM25 statistics, which a query's
// small index scores with, and the summary that a reader's Stats gives.
type archiveStats struct {
	Passage, Article lexical.Stats
	Summary          Stats
}

// openRemote connects to the server cfg names.
func openRemote(ctx context.Context, cfg *WeaviateConfig) (*remote, error) {
	c, err := weaviate.Open(ctx, weaviate.Config{
		URL: cfg.URL, GRPC: cfg.GRPC, APIKey: cfg.APIKey, Prefix: cfg.Collections,
		Shards: cfg.Shards, Replication: cfg.Replication,
	})
	if err != nil {
		return nil, err
	}
	return &remote{c: c, ranking: cfg.Ranking}, nil
}

// sync brings the Weaviate collections up to date with the built index
// ix: the articles whose content changed, or that are new, are written
// again with their passages; those gone are deleted; the rest are not
// touched. It then writes the archive's BM25 statistics when anything
// changed.
func (r *remote) sync(ctx context.Context, ix *index, embedder string) (SyncReport, error) {
	start := time.Now()
	var rep SyncReport
	if err := r.c.EnsureSchema(ctx); err != nil {
		return rep, err
	}
	meta, err := r.c.Meta(ctx, false)
	if err != nil && err != weaviate.ErrNoMeta {
		return rep, err
	}
	dims := ix.vectorDim()
	if meta.Dims != 0 && dims != 0 && meta.Dims != dims {
		// A vector index takes vectors of one length: start again.
		if err := r.c.Drop(ctx); err != nil {
			return rep, err
		}
		if err := r.c.EnsureSchema(ctx); err != nil {
			return rep, err
		}
	}
	have, err := r.c.Hashes(ctx)
	if err != nil {
		return rep, err
	}
	var changed []int // positions in ix.articles
	var gone []string // article IDs to delete
	seen := make(map[string]bool, len(ix.articles))
	for i := range ix.articles {
		h := articleHash(ix, i, embedder)
		id := ix.articles[i].ID
		seen[id] = true
		switch old, ok := have[id]; {
		case !ok:
			changed = append(changed, i)
		case old != h:
			changed = append(changed, i)
			gone = append(gone, id)
		default:
			rep.Unchanged++
		}
	}
	for id := range have {
		if !seen[id] {
			gone = append(gone, id)
			rep.Deleted++
		}
	}
	if len(have) >= rebuildMin && 2*len(gone) > len(have) {
		// Most of the collections go: write them again from nothing
		// rather than delete, since Weaviate's BM25 length statistics
		// drift with deletes (see docs/WEAVIATE.md, "BM25 drift").
		if err := r.c.Drop(ctx); err != nil {
			return rep, err
		}
		if err := r.c.EnsureSchema(ctx); err != nil {
			return rep, err
		}
		changed, gone, rep.Unchanged = changed[:0], nil, 0
		for i := range ix.articles {
			changed = append(changed, i)
		}
	}
	if err := r.c.Delete(ctx, gone); err != nil {
		return rep, err
	}
	const group = 200 // articles written at a time, to bound memory
	for len(changed) > 0 {
		n := min(len(changed), group)
		arts, ps := ix.weaviateObjects(changed[:n], embedder)
		if err := r.c.Put(ctx, arts, ps); err != nil {
			return rep, err
		}
		rep.Written += n
		rep.Passages += len(ps)
		changed = changed[n:]
	}
	version := snapshotVersion(ix.snap, embedder)
	if rep.Written > 0 || len(gone) > 0 || meta.Version != version || meta.Embedder != embedder {
		stats, err := encodeStats(archiveStats{Passage: ix.passageBM25.Stats(), Article: ix.articleBM25.Stats(), Summary: ix.summary()})
		if err != nil {
			return rep, err
		}
		if err := r.c.PutMeta(ctx, weaviate.Meta{Embedder: embedder, Dims: dims, Stats: stats, Version: version}); err != nil {
			return rep, err
		}
	}
	rep.TookMS = ms(time.Since(start))
	return rep, nil
}

// rebuildMin is the number of articles from which a sync that would
// delete most of them drops the collections and writes them again instead.
const rebuildMin = 100

// snapshotVersion identifies what a snapshot mirrors: its embedder,
// reader, files and counts. Collections whose Meta carries the version of
// the snapshot a writer holds mirror it already, and a sync has nothing to
// compare.
func snapshotVersion(s *store.Snapshot, embedder string) string {
	h := sha256.New()
	// "meta 2": the Meta object carries the archive's summary, so that
	// collections written before it are written again once.
	fmt.Fprintf(h, "meta 2 %q %q %d %d %d\n", embedder, s.Reader, len(s.Kept), len(s.Chunks), len(s.Sources))
	paths := make([]string, 0, len(s.Sources))
	for p := range s.Sources {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		src := s.Sources[p]
		fmt.Fprintf(h, "%q %x %d %d\n", p, src.Hash, src.First, src.Count)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// articleHash identifies article i of ix as Weaviate keeps it: its fields,
// its passages' ranges and the embedder of their vectors.
func articleHash(ix *index, i int, embedder string) string {
	a := ix.articles[i]
	h := sha256.New()
	for _, s := range []string{embedder, a.ID, a.Title, a.URL, a.Author, a.Published, a.Source, a.Text} {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	for c := ix.first[i]; c < ix.first[i+1]; c++ {
		var b [8]byte
		binary.LittleEndian.PutUint32(b[:], uint32(ix.chunks[c].Start))
		binary.LittleEndian.PutUint32(b[4:], uint32(ix.chunks[c].End))
		h.Write(b[:])
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// weaviateObjects returns the objects of the articles at these positions
// and of their passages.
func (ix *index) weaviateObjects(pos []int, embedder string) ([]weaviate.Article, []weaviate.Passage) {
	arts := make([]weaviate.Article, 0, len(pos))
	var ps []weaviate.Passage
	for _, i := range pos {
		a := ix.articles[i]
		days := toDays(ix.dates[i])
		head := lexical.Terms(lexical.Heading(a))
		arts = append(arts, weaviate.Article{
			ID: a.ID, Title: a.Title, URL: a.URL, Published: a.Published, Author: a.Author, Source: a.Source,
			Text: a.Text, Days: days, Hash: articleHash(ix, i, embedder),
			Terms: joinTerms(head, lexical.Terms(a.Text)),
		})
		for c := ix.first[i]; c < ix.first[i+1]; c++ {
			ch := ix.chunks[c]
			ps = append(ps, weaviate.Passage{
				ArticleID: a.ID, Seq: int(c - ix.first[i]), Start: int(ch.Start), End: int(ch.End), Days: days,
				Terms: joinTerms(head, lexical.Terms(ix.text(ch))), Vector: floats(ix.vectors.At(int(c))),
			})
		}
	}
	return arts, ps
}

func joinTerms(a, b []string) string {
	return strings.Join(a, " ") + " " + strings.Join(b, " ")
}

// floats returns the float32 components v stands for.
func floats(v store.Vec8) []float32 {
	out := make([]float32, len(v.V))
	v.AddTo(out)
	return out
}

func toDays(r dayRange) weaviate.Days {
	if !r.known {
		return weaviate.Days{}
	}
	return weaviate.Days{From: int32(r.from), To: int32(r.to)}
}

func encodeStats(s archiveStats) ([]byte, error) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if err := gob.NewEncoder(zw).Encode(s); err != nil {
		return nil, fmt.Errorf("encode BM25 statistics: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("encode BM25 statistics: %w", err)
	}
	return b.Bytes(), nil
}

func decodeStats(b []byte) (*archiveStats, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("decode BM25 statistics: %w", err)
	}
	var s archiveStats
	if err := gob.NewDecoder(zr).Decode(&s); err != nil {
		return nil, fmt.Errorf("decode BM25 statistics: %w", err)
	}
	return &s, nil
}

// syncRemote brings the Weaviate store, if there is one, up to date with
// the built index ix, and says what it wrote in rep.
func (a *Archive) syncRemote(ctx context.Context, ix *index, rep *Report) error {
	if a.remote == nil {
		return nil
	}
	// Nothing to compare when the collections mirror this snapshot: the
	// index need not even be built.
	if len(ix.snap.Sources) > 0 {
		start := time.Now()
		m, err := a.remote.c.Meta(ctx, false)
		if err == nil && m.Embedder == a.cfg.EmbedderName && m.Version == snapshotVersion(ix.snap, a.cfg.EmbedderName) {
			rep.Weaviate = &SyncReport{Unchanged: len(ix.snap.Kept), TookMS: ms(time.Since(start))}
			return nil
		}
	}
	if err := ix.ready(); err != nil {
		return err
	}
	s, err := a.remote.sync(ctx, ix, a.cfg.EmbedderName)
	if err != nil {
		return fmt.Errorf("update weaviate: %w", err)
	}
	a.remote.forget()
	rep.Weaviate = &s
	return nil
}

// retrieve ranks the passages for query within sc: from the current
// index, or from Weaviate when the Archive keeps its passages there. It
// returns the index the hits point into.
func (a *Archive) retrieve(ctx context.Context, query string, sc scope) (*index, []hit, error) {
	if a.remote != nil {
		return a.remote.retrieve(ctx, a.cfg, query, a.weights(), sc)
	}
	ix, err := a.current()
	if err != nil {
		return nil, nil, err
	}
	hits, err := ix.rank(ctx, a.cfg.Embed, query, a.weights(), sc)
	return ix, hits, err
}

// WeaviateStatus is what CheckWeaviate finds: the server's version and,
// when the collections have been filled, the embedder of their vectors.
type WeaviateStatus struct {
	Version  string
	Filled   bool
	Embedder string
}

// CheckWeaviate connects to the server cfg names and says what it holds;
// it changes nothing there.
func CheckWeaviate(ctx context.Context, cfg *WeaviateConfig) (WeaviateStatus, error) {
	r, err := openRemote(ctx, cfg)
	if err != nil {
		return WeaviateStatus{}, err
	}
	var st WeaviateStatus
	if st.Version, err = r.c.Version(ctx); err != nil {
		return st, err
	}
	m, err := r.c.Meta(ctx, false)
	switch {
	case errors.Is(err, weaviate.ErrNoMeta):
		return st, nil
	case err != nil:
		return st, err
	}
	st.Filled, st.Embedder = true, m.Embedder
	return st, nil
}
