package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"archivist/corpus"
	"archivist/retrieval"
)

// setup reads the configuration and makes the run's logger.
func (m *Main) setup() (Config, *slog.Logger, error) {
	cfg, err := loadConfig(m.Getenv)
	if err != nil {
		return Config{}, nil, err
	}
	return cfg, newLogger(cfg, m.Stderr), nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func msOf(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}

// The writers below print text for people. Everything that comes from the
// archive, a model or a server passes through printable (or printableLines)
// on its way out, so that none of it can act on the terminal.

// writeAnswer prints an answer for people: the answer, then its numbered
// sources with their dates, links and quotes.
func writeAnswer(w io.Writer, a retrieval.Answer) {
	fmt.Fprintln(w, printableLines(a.Text))
	if len(a.Citations) > 0 {
		fmt.Fprintln(w, "\nSources:")
	}
	for _, c := range a.Citations {
		fmt.Fprintf(w, "[%d] %s\n", c.N, describe(c.Title, c.Published, c.URL, c.ArticleID))
		fmt.Fprintf(w, "    “%s”\n", printable(strings.Join(strings.Fields(c.Quote), " ")))
	}
}

// describe writes an article's title, date and link on one line, made
// printable.
func describe(title, published, url, id string) string {
	if title == "" {
		title = id
	}
	parts := []string{title}
	if published != "" {
		parts = append(parts, published)
	} else {
		parts = append(parts, "date unknown")
	}
	if url != "" {
		parts = append(parts, url)
	}
	return printable(strings.Join(parts, " · "))
}

func writePassages(w io.Writer, ps []retrieval.Passage) {
	if len(ps) == 0 {
		fmt.Fprintln(w, "No passages match.")
	}
	for i, p := range ps {
		fmt.Fprintf(w, "%d. %s (score %.3f)\n", i+1, describe(p.Title, p.Published, p.URL, p.ArticleID), p.Score)
		fmt.Fprintf(w, "   %s\n\n", printable(strings.Join(strings.Fields(p.Text), " ")))
	}
}

func writeArticles(w io.Writer, arts []corpus.Article) {
	for _, a := range arts {
		fmt.Fprintf(w, "== %s\n", printable(a.ID))
		for _, f := range []struct{ k, v string }{
			{"title", a.Title}, {"url", a.URL}, {"author", a.Author}, {"published", a.Published},
			{"captured", a.Captured}, {"source", a.Source},
		} {
			if f.v != "" {
				fmt.Fprintf(w, "%s: %s\n", f.k, printable(f.v))
			}
		}
		fmt.Fprintf(w, "\n%s\n\n", printableLines(a.Text))
	}
}

func writeSkipped(w io.Writer, skipped []corpus.Skipped) {
	if len(skipped) == 0 {
		return
	}
	fmt.Fprintf(w, "skipped %d:\n", len(skipped))
	for _, s := range skipped {
		fmt.Fprintf(w, "  %s: %s\n", printable(s.Path), printable(s.Error))
	}
}
