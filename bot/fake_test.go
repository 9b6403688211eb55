package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"archivist/corpus"
	"archivist/retrieval"
)

// fakeArticle is one article the fake answerer knows.
type fakeArticle struct {
	id, title, url, date, text string
}

// fakeAnswerer answers from a handful of articles: a question is answered
// by the articles that contain one of its longer words. Special words in the
// question change its behaviour:
//   - "explode": Ask fails with a detailed error;
//   - "stream": Ask streams partial text for about 1.5 s before answering;
//   - "slow": Ask takes slowAsk;
//   - "longest": the answer exceeds every Discord limit;
//   - "fallback": the answer is extractive because the LLM failed, with
//     the failure's detail in Fallback.
type fakeAnswerer struct {
	mu        sync.Mutex // guards the fields below
	slowAsk   time.Duration
	work      time.Duration // every Ask takes at least this long
	articles  []fakeArticle
	pending   []fakeArticle // added to articles by the next Update
	updateErr error
	gate      chan struct{} // when set, Update waits for it to close
	asked     []string
	askOpts   []retrieval.AskOptions // askOpts[n] are the options of asked[n]
	searched  []searchCall
	updates   int
}

// searchCall is one Search the fake answerer got.
type searchCall struct {
	query string
	opts  retrieval.SearchOptions
}

// llmDownDetail is the Fallback of a "fallback" answer: what the LLM
// client said, which names an internal server and must reach the log only.
const llmDownDetail = "written answer unavailable: openai-compatible:x at http://127.0.0.1:1: " +
	`Post "http://127.0.0.1:1/v1/chat/completions": dial tcp 127.0.0.1:1: connect: connection refused`

func newFakeAnswerer() *fakeAnswerer {
	return &fakeAnswerer{
		slowAsk: 300 * time.Millisecond,
		articles: []fakeArticle{
			{"bridge-1998", "The [new] bridge opens", "https://news.example/bridge?id=1", "1998-06-02",
				"The new bridge opened to traffic on 1 June 1998. Thousands of people walked across it on the first day."},
			{"council-2003", "Council votes on the harbour", "https://news.example/council", "2003-11-20",
				"The council voted to dredge the harbour in November 2003. The work took two years."},
		},
		pending: []fakeArticle{
			{"lighthouse-2021", "Lighthouse restored", "https://news.example/lighthouse", "2021-04-09",
				"The old lighthouse was restored and relit in April 2021. Its lamp can be seen 20 miles away."},
		},
	}
}

func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if len(w) >= 5 {
			out = append(out, w)
		}
	}
	return out
}

func (f *fakeAnswerer) match(q string) (hits []fakeArticle) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range f.articles {
		text := strings.ToLower(a.title + " " + a.text)
		for _, w := range words(q) {
			if strings.Contains(text, w) {
				hits = append(hits, a)
				break
			}
		}
	}
	return hits
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

func passage(a fakeArticle) retrieval.Passage {
	return retrieval.Passage{ArticleID: a.id, Title: a.title, URL: a.url, Published: a.date, Score: 0.5, Text: a.text}
}

func (f *fakeAnswerer) Ask(ctx context.Context, question string, opts retrieval.AskOptions) (retrieval.Answer, error) {
	f.mu.Lock()
	f.asked = append(f.asked, question)
	f.askOpts = append(f.askOpts, opts)
	work := f.work
	f.mu.Unlock()
	time.Sleep(work)
	q := strings.ToLower(question)
	switch {
	case strings.Contains(q, "explode"):
		return retrieval.Answer{}, errors.New("read index /srv/secret/index.gob: unexpected EOF")
	case strings.Contains(q, "longest"):
		return longestAnswer(question), nil
	case strings.Contains(q, "slow"):
		f.mu.Lock()
		d := f.slowAsk
		f.mu.Unlock()
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return retrieval.Answer{}, ctx.Err()
		}
	case strings.Contains(q, "stream") && opts.Partial != nil:
		text := ""
		for i := range 15 {
			text += fmt.Sprintf("word%d ", i)
			opts.Partial(text)
			time.Sleep(100 * time.Millisecond)
		}
	}
	hits := f.match(question)
	a := retrieval.Answer{Question: question, Took: 42 * time.Millisecond}
	for i, h := range hits {
		a.Passages = append(a.Passages, passage(h))
		a.Citations = append(a.Citations, retrieval.Citation{
			N: i + 1, ArticleID: h.id, Title: h.title, URL: h.url, Published: h.date, Quote: firstSentence(h.text),
		})
		a.Text += fmt.Sprintf("%s [%d] ", firstSentence(h.text), i+1)
	}
	a.Text = strings.TrimSpace(a.Text)
	if strings.Contains(q, "fallback") {
		a.Note = retrieval.NoteLLMFallback
		a.Fallback = errors.New(llmDownDetail)
	}
	if len(hits) == 0 {
		a.Abstained = true
		a.Text = "The archive does not hold an answer to that."
		f.mu.Lock()
		for _, x := range f.articles {
			a.Passages = append(a.Passages, passage(x))
		}
		f.mu.Unlock()
	}
	return a, nil
}

func (f *fakeAnswerer) Search(ctx context.Context, query string, opts retrieval.SearchOptions) ([]retrieval.Passage, error) {
	f.mu.Lock()
	f.searched = append(f.searched, searchCall{query, opts})
	f.mu.Unlock()
	var out []retrieval.Passage
	for _, h := range f.match(query) {
		if len(out) == opts.K {
			break
		}
		out = append(out, passage(h))
	}
	return out, nil
}

func (f *fakeAnswerer) Stats() retrieval.Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := retrieval.Stats{Articles: len(f.articles), Chunks: 2 * len(f.articles), Embedder: "hash:512"}
	for _, a := range f.articles {
		if st.Oldest == "" || a.date < st.Oldest {
			st.Oldest = a.date
		}
		if a.date > st.Newest {
			st.Newest = a.date
		}
		st.Latest = append([]retrieval.ArticleInfo{{ArticleID: a.id, Title: a.title, URL: a.url, Published: a.date}}, st.Latest...)
	}
	return st
}

func (f *fakeAnswerer) Update(ctx context.Context) (retrieval.Report, error) {
	f.mu.Lock()
	gate, err := f.gate, f.updateErr
	f.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return retrieval.Report{}, ctx.Err()
		}
	}
	if err != nil {
		return retrieval.Report{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updates++
	r := retrieval.Report{
		Added:     len(f.pending),
		Unchanged: len(f.articles),
		Skipped:   []corpus.Skipped{{Path: "broken/page.html", Error: "no article text"}},
	}
	f.articles = append(f.articles, f.pending...)
	f.pending = nil
	r.Articles = len(f.articles)
	return r, nil
}

// setSlow sets how long a "slow" question takes.
func (f *fakeAnswerer) setSlow(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.slowAsk = d
}

// updateCount returns how many updates succeeded.
func (f *fakeAnswerer) updateCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.updates
}

// questions returns the questions asked so far.
func (f *fakeAnswerer) questions() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.asked...)
}

// askOptions returns the options of every Ask of question so far.
func (f *fakeAnswerer) askOptions(question string) []retrieval.AskOptions {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []retrieval.AskOptions
	for n, q := range f.asked {
		if q == question {
			out = append(out, f.askOpts[n])
		}
	}
	return out
}

// searchOptions returns the options of every Search of query so far.
func (f *fakeAnswerer) searchOptions(query string) []retrieval.SearchOptions {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []retrieval.SearchOptions
	for _, c := range f.searched {
		if c.query == query {
			out = append(out, c.opts)
		}
	}
	return out
}

// longestAnswer is an answer that exceeds every Discord limit: a long
// question, 6,000 characters of text and 30 sources with long titles and
// quotes.
func longestAnswer(question string) retrieval.Answer {
	a := retrieval.Answer{Question: question, Took: 1500 * time.Millisecond, Note: "answer written without the model"}
	var text strings.Builder
	for i := 1; text.Len() < 6000; i++ {
		fmt.Fprintf(&text, "Sentence number %d of the answer says something quite long about the bridge and the harbour [%d]. ", i, i%30+1)
	}
	a.Text = text.String()
	for i := 1; i <= 30; i++ {
		a.Citations = append(a.Citations, retrieval.Citation{
			N:         i,
			ArticleID: fmt.Sprint("a", i),
			Title:     strings.Repeat(fmt.Sprintf("Title %d of a very long headline ", i), 12),
			URL:       fmt.Sprintf("https://news.example/%d", i),
			Published: "2001-02-03",
			Quote:     strings.Repeat("A quoted sentence from the article, verbatim and long. ", 30),
		})
		a.Passages = append(a.Passages, retrieval.Passage{Title: fmt.Sprint("Passage ", i), Text: strings.Repeat("Passage text. ", 100)})
	}
	return a
}
