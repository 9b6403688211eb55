package main

import (
	"context"
	"errors"
	"fmt"

	"archivist/retrieval"
)

// askOutput is the JSON shape of `ask --json`.
type askOutput struct {
	Question  string               `json:"question"`
	Answer    string               `json:"answer"`
	Abstained bool                 `json:"abstained"`
	Citations []retrieval.Citation `json:"citations"`
	AsOf      string               `json:"as_of"`
	TookMS    float64              `json:"took_ms"`
	// Note is retrieval.NoteLLMFallback when a written answer could not be
	// used and the answer quotes the archive instead; "" otherwise.
	Note string `json:"note"`
}

func (m *Main) ask(ctx context.Context, args []string) error {
	cfg, logger, err := m.setup()
	if err != nil {
		return err
	}
	var c common
	fs := newFlags("ask", "ask [flags] QUESTION...", cfg, &c, 5, m.Stderr, "corpus", "index", "json", "k", "llm", "time")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	when, err := c.time.resolve("ask", m.now())
	if err != nil {
		return err
	}
	question := words(pos)
	if question == "" {
		return usagef("ask: no question given (archivist ask \"How many researchers did Tencent's AI lab have?\")")
	}
	if c.k < 1 {
		return usagef("ask: -k must be at least 1")
	}
	rc, err := generatorConfig(cfg, c.noLLM)
	if err != nil {
		return err
	}
	a, _, err := m.openArchive(ctx, cfg, c, logger, rc)
	if err != nil {
		return err
	}
	ans, err := a.Ask(ctx, question, retrieval.AskOptions{K: c.k, NoLLM: c.noLLM, Time: when})
	if err != nil {
		return questionError("ask", err)
	}
	if ans.Note != "" {
		logger.Warn(ans.Note, "err", ans.Fallback)
	}
	if c.json {
		cites := ans.Citations
		if cites == nil {
			cites = []retrieval.Citation{}
		}
		return writeJSON(m.Stdout, askOutput{
			Question: ans.Question, Answer: ans.Text, Abstained: ans.Abstained,
			Citations: cites, AsOf: asOfText(when.AsOf), TookMS: msOf(ans.Took), Note: ans.Note,
		})
	}
	writeAnswer(m.Stdout, ans)
	return nil
}

// questionError turns a refused question into a usage error that says what
// to fix; other errors pass through.
func questionError(cmd string, err error) error {
	switch {
	case errors.Is(err, retrieval.ErrEmptyQuestion), errors.Is(err, retrieval.ErrQuestionTooLong):
		return usagef("%s: %v", cmd, err)
	case errors.Is(err, retrieval.ErrNoPassages):
		return fmt.Errorf("%s: %w: add articles to the corpus folder and run again", cmd, err)
	}
	return fmt.Errorf("%s: %w", cmd, err)
}

// searchOutput is the JSON shape of `search --json`.
type searchOutput struct {
	Query   string              `json:"query"`
	Results []retrieval.Passage `json:"results"`
	AsOf    string              `json:"as_of"`
}

func (m *Main) search(ctx context.Context, args []string) error {
	cfg, logger, err := m.setup()
	if err != nil {
		return err
	}
	var c common
	fs := newFlags("search", "search [flags] QUERY...", cfg, &c, 10, m.Stderr, "corpus", "index", "json", "k", "time")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	when, err := c.time.resolve("search", m.now())
	if err != nil {
		return err
	}
	query := words(pos)
	if query == "" {
		return usagef("search: no query given (archivist search tencent ai lab)")
	}
	if c.k < 1 {
		return usagef("search: -k must be at least 1")
	}
	a, _, err := m.openArchive(ctx, cfg, c, logger, retrieval.Config{})
	if err != nil {
		return err
	}
	ps, err := a.Search(ctx, query, retrieval.SearchOptions{K: c.k, Time: when})
	if err != nil {
		return questionError("search", err)
	}
	if c.json {
		if ps == nil {
			ps = []retrieval.Passage{}
		}
		return writeJSON(m.Stdout, searchOutput{Query: query, Results: ps, AsOf: asOfText(when.AsOf)})
	}
	writePassages(m.Stdout, ps)
	return nil
}
