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

// writeAnswer prints an answer for people: the answer, the note on a
// fallback if there is one, then its sources, one line per article with its
// markers, date and link, and under it each quote the answer does not
// already hold (a quote appears once). An abstention heads its citations as
// the nearest passages.
func writeAnswer(w io.Writer, a retrieval.Answer) {
	fmt.Fprintln(w, printableLines(a.Text))
	if a.Note != "" {
		fmt.Fprintf(w, "\nNote: %s\n", printable(a.Note))
	}
	if len(a.Citations) > 0 {
		if a.Abstained {
			fmt.Fprintln(w, "\nNearest passages:")
		} else {
			fmt.Fprintln(w, "\nSources:")
		}
	}
	for _, group := range retrieval.Sources(a.Citations) {
		var marks []string
		for _, c := range group {
			marks = append(marks, fmt.Sprintf("[%d]", c.N))
		}
		first := group[0]
		fmt.Fprintf(w, "%s %s\n", strings.Join(marks, " "), describe(first.Title, first.Published, first.URL, first.ArticleID))
		for _, c := range group {
			if a.InText(c) {
				continue
			}
			label := ""
			if len(group) > 1 {
				label = fmt.Sprintf("[%d] ", c.N)
			}
			fmt.Fprintf(w, "    %s“%s”\n", label, printable(strings.Join(strings.Fields(c.Quote), " ")))
		}
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
