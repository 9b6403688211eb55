package retrieval_test

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
	"unicode"

	"archivist/corpus"
)

// changingQuestion is one line of testdata/changing/questions.jsonl, in the
// question-file format of INTERFACE.md.
type changingQuestion struct {
	ID           string   `json:"id"`
	Question     string   `json:"question"`
	Answers      []string `json:"answers"`
	Gold         []string `json:"gold_article_ids"`
	Unanswerable bool     `json:"unanswerable"`
	AskedOn      string   `json:"asked_on"`
	From         string   `json:"from"`
	To           string   `json:"to"`
}

// answerNorm lower-cases s and turns punctuation into spaces, as answer
// matching does.
func answerNorm(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsPunct(r) {
			return ' '
		}
		return unicode.ToLower(r)
	}, s)
}

// changingTopic is the topic of an article of the changing set: the second
// part of its id ("changing-ferry-2017-03" is about the ferry).
func changingTopic(id string) string {
	parts := strings.SplitN(id, "-", 3)
	if len(parts) < 3 {
		return ""
	}
	return parts[1]
}

// TestChangingSet keeps the time-aware sample set honest: the corpus reader
// reads every article with its date, every answer is in its gold article's
// cleaned text and in no other article on the same topic, and each question's
// time or date range points at its gold article alone.
func TestChangingSet(t *testing.T) {
	arts, _, skipped, err := corpus.Read(os.DirFS("testdata/changing/archive"), corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) > 0 {
		t.Fatalf("skipped: %v", skipped)
	}
	text := map[string]string{}
	published := map[string]time.Time{}
	topics := map[string][]string{}
	for _, a := range arts {
		d, err := time.Parse(time.DateOnly, a.Published)
		if err != nil {
			t.Fatalf("%s: published %q: %v", a.ID, a.Published, err)
		}
		text[a.ID] = answerNorm(a.Text)
		published[a.ID] = d
		topics[changingTopic(a.ID)] = append(topics[changingTopic(a.ID)], a.ID)
	}
	if len(topics) < 4 {
		t.Errorf("%d topics, want at least 4", len(topics))
	}
	for topic, ids := range topics {
		if len(ids) < 3 {
			t.Errorf("topic %q has %d articles, want at least 3", topic, len(ids))
		}
	}

	f, err := os.Open("testdata/changing/questions.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, unanswerable := 0, 0
	for sc.Scan() {
		var q changingQuestion
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		n++
		if q.Unanswerable {
			unanswerable++
			if len(q.Answers) > 0 || len(q.Gold) > 0 {
				t.Errorf("%s: unanswerable with answers or gold", q.ID)
			}
			continue
		}
		if len(q.Gold) != 1 || len(q.Answers) == 0 {
			t.Errorf("%s: want one gold article and answers", q.ID)
			continue
		}
		gold := q.Gold[0]
		if _, ok := text[gold]; !ok {
			t.Errorf("%s: gold %q is not in the archive", q.ID, gold)
			continue
		}
		asked, err := time.Parse(time.DateOnly, q.AskedOn)
		if err != nil {
			t.Errorf("%s: asked_on %q: %v", q.ID, q.AskedOn, err)
			continue
		}
		if asked.Before(published[gold]) {
			t.Errorf("%s: asked before its gold article was published", q.ID)
		}
		for _, ans := range q.Answers {
			a := answerNorm(ans)
			if !strings.Contains(text[gold], a) {
				t.Errorf("%s: answer %q not in %s", q.ID, ans, gold)
			}
			for _, other := range topics[changingTopic(gold)] {
				if other != gold && strings.Contains(text[other], a) {
					t.Errorf("%s: answer %q also in %s", q.ID, ans, other)
				}
			}
		}
		// The articles on the topic the question's time admits.
		var admitted []string
		for _, id := range topics[changingTopic(gold)] {
			p := published[id]
			switch {
			case q.From != "" || q.To != "":
				from, _ := time.Parse(time.DateOnly, q.From)
				to, _ := time.Parse(time.DateOnly, q.To)
				if (q.From == "" || !p.Before(from)) && (q.To == "" || !p.After(to)) {
					admitted = append(admitted, id)
				}
			case strings.Contains(q.Question, "this week"):
				if days := asked.Sub(p).Hours() / 24; days >= 0 && days <= 7 {
					admitted = append(admitted, id)
				}
			}
		}
		if (q.From != "" || q.To != "" || strings.Contains(q.Question, "this week")) &&
			(len(admitted) != 1 || admitted[0] != gold) {
			t.Errorf("%s: its time admits %v, want only %s", q.ID, admitted, gold)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 20 || unanswerable < 2 {
		t.Errorf("%d questions, %d unanswerable; want at least 20 and 2", n, unanswerable)
	}
}
