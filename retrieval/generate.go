package retrieval

import (
	"context"
	"errors"
	"fmt"
	"time"

	"archivist/retrieval/internal/cite"
)

// abstainText is an answer's text when the archive holds no answer; the
// nearest passages, if any, are its citations, and whoever renders them
// gives them their own heading.
const abstainText = "The archive does not hold an answer to that question."

// maxNearest bounds the passages listed with an abstention.
const maxNearest = 3

// generatedAnswer asks gen for a written answer to question over passages (best first) and checks its citations.
// Any error means the caller falls back to the extractive answer and shows err's text as a note.
//
// The question is asked as of asOf (zero: no time is given to the model).
// The passages that fit a prompt of contextTokens (0 means 3,000; see
// estimateTokens) are numbered from 1 and given to gen as quoted data. In
// the reply, markers that name no given passage are removed and the rest are
// renumbered 1..m by first appearance; each cited passage is quoted, verbatim,
// by the sentence or two that best support the claims it was cited after. A
// reply that cites no given passage is an error. A reply of "not in the
// archive" gives an abstaining Answer that lists the nearest passages.
// When partial is non-nil the reply is streamed and partial receives the
// text so far, with markers left out until they are checked.
func generatedAnswer(ctx context.Context, gen Generator, question string, asOf time.Time, passages []Passage, contextTokens int, partial func(string)) (Answer, error) {
	if len(passages) == 0 {
		return Answer{}, errors.New("no passages to write an answer from")
	}
	if contextTokens <= 0 {
		contextTokens = defaultContextTokens
	}
	fitted := fitPassages(question, asOf, passages, contextTokens)
	if len(fitted) == 0 {
		return Answer{}, fmt.Errorf("a prompt of %d tokens leaves no room for a passage", contextTokens)
	}
	req := GenerateRequest{Messages: promptMessages(question, asOf, fitted)}
	if partial != nil {
		req.Stream = cite.NewStreamer(partial).Add
	}
	raw, err := gen.Generate(ctx, req)
	if err != nil {
		return Answer{}, fmt.Errorf("written answer unavailable: %w", err)
	}
	text := cite.CleanCompletion(raw)
	c := cite.Check(text, len(fitted))
	ans := Answer{Question: question, Passages: fitted}
	if cite.Abstains(text, c) {
		ans.Abstained = true
		ans.Text = abstainText
		ans.Citations = nearest(fitted)
		return ans, nil
	}
	if len(c.Cited) == 0 {
		if len(cite.FindMarkers(text)) > 0 {
			return Answer{}, errors.New("the written answer cited only passages it was not given")
		}
		return Answer{}, errors.New("the written answer cited no passage")
	}
	ans.Text = cite.NeutraliseMentions(c.Text)
	for i, idx := range c.Cited {
		ans.Citations = append(ans.Citations, citation(i+1, fitted[idx], cite.SupportingQuote(fitted[idx].Text, c.Claims[i])))
	}
	return ans, nil
}

// citation returns citation n of p with quote.
func citation(n int, p Passage, quote string) Citation {
	return Citation{N: n, ArticleID: p.ArticleID, Title: p.Title, URL: p.URL, Published: p.Published, Quote: quote}
}

// nearest lists the first passages, quoted by their first sentence, for an
// abstaining answer.
func nearest(passages []Passage) []Citation {
	var cs []Citation
	for _, p := range passages[:min(len(passages), maxNearest)] {
		if q := firstQuotable(p.Text); q != "" {
			cs = append(cs, citation(len(cs)+1, p, q))
		}
	}
	return cs
}
