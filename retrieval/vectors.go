package retrieval

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"

	chromem "github.com/philippgille/chromem-go"

	"archivist/retrieval/internal/lexical"
	"archivist/retrieval/internal/store"
)

// Vector search runs in two stages. The chromem-go collection holds one
// vector per article: the normalised mean of its passages' vectors. A query
// finds the nearest vecArticles articles there, then scores every passage of
// those articles against its own vector. chromem-go's exhaustive query costs
// 90-120 ms at 96,000 passages on the project's 2-core machines (its filter
// step sends every document through a channel), against a few milliseconds
// at 3,700 articles; see docs/BENCHMARKS.md.
const vecArticles = 60

// articleCollection builds the chromem-go collection of article vectors:
// article i's is means[i*dim:(i+1)*dim], none when it is zero. The
// collection holds those slices as they are (they are of unit length, so
// chromem-go does not copy them to normalise them).
func articleCollection(ctx context.Context, means []float32, dim int) (*chromem.Collection, error) {
	// The collection never embeds: documents come with vectors and queries
	// are embedded by the caller, so its embedding func must not be called.
	coll, err := chromem.NewDB().CreateCollection("articles", nil, func(context.Context, string) ([]float32, error) {
		return nil, fmt.Errorf("the index embeds queries itself")
	})
	if err != nil {
		return nil, fmt.Errorf("create collection: %w", err)
	}
	if dim == 0 {
		return coll, nil
	}
	// AddDocuments would start a goroutine per document; a loop keeps
	// memory flat, and with the means already made it is quick.
	for i := range len(means) / dim {
		mean := means[i*dim : (i+1)*dim : (i+1)*dim]
		if isZero(mean) {
			continue // an article with no passages
		}
		if err := coll.AddDocument(ctx, chromem.Document{ID: strconv.Itoa(i), Embedding: mean}); err != nil {
			return nil, fmt.Errorf("add article %d: %w", i, err)
		}
	}
	return coll, nil
}

func isZero(v []float32) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

// articleMeans returns each article's mean vector (meanVector), dim
// components each, zero for an article with none. first[i] is the index of
// article i's first chunk; chunks are grouped by article in order.
func articleMeans(first []int32, vectors store.Vectors, dim int) []float32 {
	n := len(first) - 1
	means := make([]float32, n*dim)
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if mean := meanVector(vectors, int(first[i]), int(first[i+1])); len(mean) == dim {
					copy(means[i*dim:], mean)
				}
			}
		}()
	}
	wg.Wait()
	return means
}

// meanVector is the mean of vectors from to to of vs, scaled to unit
// length, or nil when there is none or it is zero.
func meanVector(vs store.Vectors, from, to int) []float32 {
	if from >= to {
		return nil
	}
	mean := make([]float32, len(vs.At(from).V))
	for i := from; i < to; i++ {
		vs.At(i).AddTo(mean)
	}
	var sum float64
	for _, x := range mean {
		sum += float64(x) * float64(x)
	}
	if sum == 0 {
		return nil
	}
	inv := float32(1 / math.Sqrt(sum))
	for i := range mean {
		mean[i] *= inv
	}
	return mean
}

// vectorSearch returns the n passages nearest to the query vector q, best
// first, among the passages of the articles nearest to it, and those
// articles' similarities (article index → cosine).
func (ix *index) vectorSearch(ctx context.Context, q []float32, n int) ([]lexical.Scored, map[int]float64, error) {
	q = unitVector(q)
	count := ix.coll.Count()
	if count == 0 {
		return nil, nil, nil
	}
	res, err := ix.nearestArticles(ctx, q, min(vecArticles, count), count)
	if err != nil {
		return nil, nil, err
	}
	arts := make(map[int]float64, len(res))
	var out []lexical.Scored
	for _, r := range res {
		arts[r.Doc] = r.Score
		for c := ix.first[r.Doc]; c < ix.first[r.Doc+1]; c++ {
			v := ix.vectors.At(int(c))
			if len(v.V) != len(q) {
				return nil, nil, fmt.Errorf("vector search: a %d-dimension query against %d-dimension passages", len(q), len(v.V))
			}
			out = append(out, lexical.Scored{Doc: int(c), Score: float64(v.Dot(q))})
		}
	}
	slices.SortFunc(out, lexical.ByScore)
	return out[:min(n, len(out))], arts, nil
}

// nearestArticles returns the n of the count articles whose mean vectors
// are nearest to the unit vector q, best first, ties by article number, so
// that the same question always gets the same articles. chromem-go orders
// ties as its goroutines finish (many articles can share a cosine of
// exactly 0 with a short question), so where ties cross the cut it is
// asked for every article.
func (ix *index) nearestArticles(ctx context.Context, q []float32, n, count int) ([]lexical.Scored, error) {
	// chromem-go errors when asked for more results than it holds.
	res, err := ix.coll.QueryEmbedding(ctx, q, min(n+1, count), nil, nil)
	if err == nil && len(res) > n && len(res) < count && res[n].Similarity == res[n-1].Similarity {
		res, err = ix.coll.QueryEmbedding(ctx, q, count, nil, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("vector search: %w", err)
	}
	out := make([]lexical.Scored, len(res))
	for i, r := range res {
		a, err := strconv.Atoi(r.ID)
		if err != nil || a < 0 || a+1 >= len(ix.first) {
			return nil, fmt.Errorf("vector search: bad article id %q", r.ID)
		}
		out[i] = lexical.Scored{Doc: a, Score: float64(r.Similarity)}
	}
	slices.SortFunc(out, lexical.ByScore)
	return out[:min(n, len(out))], nil
}

// unitVector returns v scaled to unit length (v itself when it already is).
// A zero vector is returned as it is: it matches nothing.
func unitVector(v []float32) []float32 {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 || math.Abs(sum-1) < 1e-5 {
		return v
	}
	inv := float32(1 / math.Sqrt(sum))
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = x * inv
	}
	return out
}

// vectorScan returns the n passages nearest to the unit query vector q
// among the articles for which keep is true, scoring each passage; none
// when those articles hold more than scanPassages passages (the article
// vectors then serve).
func (ix *index) vectorScan(q []float32, keep func(a int) bool, n int) []lexical.Scored {
	var arts []int
	total := 0
	for a := range ix.articles {
		if keep(a) {
			arts = append(arts, a)
			total += int(ix.first[a+1] - ix.first[a])
			if total > scanPassages {
				return nil
			}
		}
	}
	out := make([]lexical.Scored, 0, total)
	for _, a := range arts {
		for c := ix.first[a]; c < ix.first[a+1]; c++ {
			out = append(out, lexical.Scored{Doc: int(c), Score: float64(ix.vectors.At(int(c)).Dot(q))})
		}
	}
	slices.SortFunc(out, lexical.ByScore)
	return out[:min(n, len(out))]
}
