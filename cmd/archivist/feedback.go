package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"archivist/bot/feedback"
)

// voteOutput is one vote in `feedback --json`.
type voteOutput struct {
	AnswerKey  string   `json:"answer_key"`
	UserID     string   `json:"user_id"`
	Vote       string   `json:"vote"` // "up" or "down"
	Reason     string   `json:"reason"`
	Question   string   `json:"question"`
	AskedOn    string   `json:"asked_on"`
	From       string   `json:"from,omitempty"`
	To         string   `json:"to,omitempty"`
	Answer     string   `json:"answer"`
	ArticleIDs []string `json:"article_ids"`
	VotedAt    string   `json:"voted_at"`
}

// feedbackOutput is the JSON shape of `feedback --json`.
type feedbackOutput struct {
	Votes    []voteOutput    `json:"votes"`
	Counts   feedback.Tally  `json:"counts"`
	Exported *exportedOutput `json:"exported,omitempty"`
}

type exportedOutput struct {
	File      string `json:"file"`
	Questions int    `json:"questions"`
}

// exportQuestion is one line of an exported question file: the fields
// `eval` reads, and for whoever turns it into a regression case, what was
// answered and why it was voted down (fields eval ignores).
type exportQuestion struct {
	ID              string   `json:"id"`
	Question        string   `json:"question"`
	AskedOn         string   `json:"asked_on,omitempty"`
	From            string   `json:"from,omitempty"`
	To              string   `json:"to,omitempty"`
	Answer          string   `json:"answer"`
	CitedArticleIDs []string `json:"cited_article_ids"`
	Reasons         []string `json:"reasons"`
	DownVotes       int      `json:"down_votes"`
}

func (m *Main) feedback(ctx context.Context, args []string) error {
	cfg, _, err := m.setup()
	if err != nil {
		return err
	}
	var c common
	fs := newFlags("feedback", "feedback [--json] [--since YYYY-MM-DD] [--export FILE]", cfg, &c, 0, m.Stderr, "index", "json")
	since := fs.String("since", "", "only the votes given on or after this day, YYYY-MM-DD (UTC)")
	export := fs.String("export", "", "write the 👎 questions to FILE as a question file that eval reads")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("feedback: unexpected argument %q", pos[0])
	}
	from, err := parseDate("feedback: --since", *since)
	if err != nil {
		return err
	}
	votes, err := feedback.ReadFile(filepath.Join(c.index, feedback.FileName), from)
	if err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	var exported *exportedOutput
	if *export != "" {
		n, err := writeExport(*export, votes)
		if err != nil {
			return fmt.Errorf("feedback: %w", err)
		}
		exported = &exportedOutput{File: *export, Questions: n}
	}
	if c.json {
		out := feedbackOutput{Votes: make([]voteOutput, 0, len(votes)), Counts: feedback.Count(votes), Exported: exported}
		for _, v := range votes {
			out.Votes = append(out.Votes, voteOf(v))
		}
		return writeJSON(m.Stdout, out)
	}
	writeVotes(m.Stdout, votes)
	if exported != nil {
		fmt.Fprintf(m.Stdout, "Wrote %d 👎 questions to %s.\n", exported.Questions, printable(exported.File))
	}
	return nil
}

func voteOf(v feedback.Vote) voteOutput {
	o := voteOutput{
		AnswerKey: v.AnswerKey, UserID: v.UserID, Vote: "down", Reason: v.Reason, Question: v.Question,
		AskedOn: asOfText(v.AskedAt), From: asOfText(v.From), To: asOfText(v.To), Answer: v.Answer,
		ArticleIDs: v.ArticleIDs, VotedAt: v.VotedAt.UTC().Format(time.RFC3339),
	}
	if v.Up {
		o.Vote = "up"
	}
	if o.ArticleIDs == nil {
		o.ArticleIDs = []string{}
	}
	return o
}

// writeVotes prints the votes for people, oldest first, then their counts.
func writeVotes(w io.Writer, votes []feedback.Vote) {
	for _, v := range votes {
		mark := "👍"
		if !v.Up {
			mark = "👎"
			if v.Reason != "" {
				mark += " " + v.Reason
			}
		}
		fmt.Fprintf(w, "%s  %s  user %s  %s\n", v.VotedAt.UTC().Format("2006-01-02 15:04"), mark,
			printable(v.UserID), printable(v.Question))
	}
	t := feedback.Count(votes)
	fmt.Fprintf(w, "%d votes: %d 👍, %d 👎", t.Votes, t.Up, t.Down)
	if t.Down > 0 {
		fmt.Fprint(w, " (")
		for i, r := range append(slices.Clone(feedback.Reasons), "none") {
			if i > 0 {
				fmt.Fprint(w, ", ")
			}
			fmt.Fprintf(w, "%s %d", r, t.Reasons[r])
		}
		fmt.Fprint(w, ")")
	}
	fmt.Fprintln(w)
}

// writeExport writes the answers voted 👎 to path as a question file, one
// question per answer however many voted it down, and returns how many.
func writeExport(path string, votes []feedback.Vote) (int, error) {
	var qs []*exportQuestion
	byKey := map[string]*exportQuestion{}
	for _, v := range votes {
		if v.Up {
			continue
		}
		q := byKey[v.AnswerKey]
		if q == nil {
			q = &exportQuestion{
				ID: "feedback-" + v.AnswerKey, Question: v.Question, AskedOn: asOfText(v.AskedAt),
				From: asOfText(v.From), To: asOfText(v.To), Answer: v.Answer,
				CitedArticleIDs: v.ArticleIDs, Reasons: []string{},
			}
			if q.CitedArticleIDs == nil {
				q.CitedArticleIDs = []string{}
			}
			byKey[v.AnswerKey] = q
			qs = append(qs, q)
		}
		q.DownVotes++
		if v.Reason != "" && !slices.Contains(q.Reasons, v.Reason) {
			q.Reasons = append(q.Reasons, v.Reason)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, q := range qs {
		if err := enc.Encode(q); err != nil {
			return 0, fmt.Errorf("export %s: %w", path, err)
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	return len(qs), nil
}
