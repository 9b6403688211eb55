package retrieval

import (
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"archivist/retrieval/embed"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPublishedRange(t *testing.T) {
	for _, tc := range []struct {
		in       string
		from, to string
	}{
		{"2022-06-12", "2022-06-12", "2022-06-13"},
		{"2022-06", "2022-06-01", "2022-07-01"},
		{"2024-02", "2024-02-01", "2024-03-01"},
		{"2022", "2022-01-01", "2023-01-01"},
	} {
		got := publishedRange(tc.in)
		if !got.known || got.from != dayOf(date(tc.from)) || got.to != dayOf(date(tc.to)) {
			t.Errorf("publishedRange(%q) = %+v, want [%s, %s)", tc.in, got, tc.from, tc.to)
		}
	}
	for _, bad := range []string{"", "June 2022", "2022-13-01"} {
		if got := publishedRange(bad); got.known {
			t.Errorf("publishedRange(%q) = %+v, want unknown", bad, got)
		}
	}
}

func TestScope(t *testing.T) {
	asOf := date("2022-06-16")
	week := newScope("Which automaker recalled cars this week?", Time{AsOf: asOf})
	for _, tc := range []struct {
		published      string
		inWindow, futr bool
	}{
		{"2022-06-10", true, false},
		{"2022-06-09", false, false},
		{"2022-06-16", true, false},
		{"2022-06-17", false, true},
		{"2022-06", true, false}, // a month that overlaps the week
		{"", false, false},
	} {
		r := publishedRange(tc.published)
		if got := week.inWindow(r); got != tc.inWindow {
			t.Errorf("this week asked %s: inWindow(%q) = %v, want %v", asOf.Format(time.DateOnly), tc.published, got, tc.inWindow)
		}
		if got := week.future(r); got != tc.futr {
			t.Errorf("future(%q) = %v, want %v", tc.published, got, tc.futr)
		}
	}
	if !week.allows(publishedRange("")) {
		t.Error("with no filter an undated article is allowed")
	}
	filtered := newScope("q", Time{From: date("2019-01-01"), To: date("2019-12-31")})
	for in, want := range map[string]bool{"2019-01-01": true, "2019-12-31": true, "2020-01-01": false, "2018-12-31": false, "2019": true, "2019-12": true, "": false} {
		if got := filtered.allows(publishedRange(in)); got != want {
			t.Errorf("filter 2019: allows(%q) = %v, want %v", in, got, want)
		}
	}
	if none := newScope("Which automaker recalled cars this week?", Time{}); none.window.Strength != 0 || none.timeBonus(publishedRange("2022-06-15")) != 0 {
		t.Errorf("with no question time the scope = %+v, want no window and no bonus", none)
	}
	if present := newScope("How many researchers does the lab have?", Time{AsOf: asOf}); !present.implicit || present.latest() {
		t.Errorf("a question naming no time: scope %+v, want its present week, implicitly", present)
	}
	if now := newScope("Who currently chairs the board?", Time{AsOf: asOf}); !now.latest() {
		t.Errorf("\"currently\": scope %+v, want the newest preferred", now)
	}
}

// changingArchive is the changed-facts sample archive, indexed in memory.
func changingArchive(t *testing.T) *Archive {
	t.Helper()
	h := embed.Hash(embed.DefaultHashDim) // as the command line's hash embedder
	a, err := Open(context.Background(), Config{Corpus: os.DirFS("testdata/changing/archive"), Embed: h.Embed, EmbedderName: h.Name, VectorWeight: h.VectorWeight})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Update(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAnswerAFactThatChanged(t *testing.T) {
	a := changingArchive(t)
	ans, err := a.Ask(context.Background(), "How many researchers work at the Hallam Sound Institute's robotics lab now?", AskOptions{Time: Time{AsOf: date("2022-03-01")}})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Abstained || len(ans.Citations) < 2 {
		t.Fatalf("answer %q with %d citations, want the current figure and an older one", ans.Text, len(ans.Citations))
	}
	if c := ans.Citations[0]; c.ArticleID != "changing-lab-2020-10" || !strings.Contains(c.Quote, "more than 110") {
		t.Errorf("first citation %s %q, want the newest article's figure", c.ArticleID, c.Quote)
	}
	if c := ans.Citations[1]; c.Published >= ans.Citations[0].Published {
		t.Errorf("second citation published %s, want one older than %s", c.Published, ans.Citations[0].Published)
	}
	if !strings.Contains(ans.Text, "Earlier, ") || !strings.Contains(ans.Text, "October 2020") || !strings.Contains(ans.Text, "[2]") {
		t.Errorf("answer %q, want the current figure with its date, then the earlier one with its own", ans.Text)
	}
	// Asked in 2017, the same question must not present 2018's or 2020's
	// figure: they were not yet published.
	ans, err = a.Ask(context.Background(), "How many researchers work at the Hallam Sound Institute's robotics lab now?", AskOptions{Time: Time{AsOf: date("2017-06-01")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Citations) == 0 || ans.Citations[0].ArticleID != "changing-lab-2016-09" {
		t.Errorf("asked in 2017, the answer leads with %+v, want the 2016 article", ans.Citations)
	}
}

// Asked about now, the answer leads with the newest report, even where the
// older one's sentence matches the question's words better.
func TestNowLeadsWithTheNewest(t *testing.T) {
	a := changingArchive(t)
	for _, q := range []string{"Who chairs the Kestrel Bay harbour board now?", "Who currently chairs the Kestrel Bay Harbour Board?"} {
		ans, err := a.Ask(context.Background(), q, AskOptions{Time: Time{AsOf: date("2025-01-01")}})
		if err != nil {
			t.Fatal(err)
		}
		if len(ans.Citations) == 0 || !strings.Contains(ans.Citations[0].Quote, "Prudence Achterberg") {
			t.Errorf("%q: answer %q, want the 2021 chair first", q, ans.Text)
		}
	}
	// A fact from figures of one unit: 3.85 pounds then 3.20 pounds, not a
	// passenger count against a discount.
	ans, err := a.Ask(context.Background(), "How much is the Orrin Isle ferry fare now?", AskOptions{Time: Time{From: date("2017-01-01"), To: date("2019-12-31"), AsOf: date("2025-01-01")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Citations) < 2 || !strings.Contains(ans.Citations[0].Quote, "3.85 pounds") || !strings.Contains(ans.Citations[1].Quote, "3.20 pounds") {
		t.Errorf("ferry fare within 2017-2019: %q, want 3.85 pounds leading and 3.20 pounds after", ans.Text)
	}
}

func TestStrongWindowWithNothingAbstains(t *testing.T) {
	a := changingArchive(t)
	ans, err := a.Ask(context.Background(), "What did the Kestrel Bay harbour board decide this weekend?", AskOptions{Time: Time{AsOf: date("2030-05-06")}})
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Abstained || !strings.Contains(ans.Text, "holds nothing published between 4 May 2030 and 5 May 2030") {
		t.Errorf("answer %q, want an abstention that names the weekend", ans.Text)
	}
	if len(ans.Citations) == 0 || !strings.Contains(ans.Text, "nearest coverage") || !strings.Contains(ans.Text, humanDate(ans.Citations[0].Published)) {
		t.Errorf("answer %q, citations %+v: want the nearest coverage named with its date", ans.Text, ans.Citations)
	}
}

// Only a window read against the question's time, in an archive with
// dates, makes an empty window abstain: a date named outright may be told of
// by an article of any date, and an undated archive knows no time.
func TestEmptyWindowOnlyForRelativeTime(t *testing.T) {
	a := changingArchive(t)
	ans, err := a.Ask(context.Background(), "Who chaired the Kestrel Bay harbour board in October 1954?", AskOptions{Time: Time{AsOf: date("2030-05-06")}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ans.Text, "holds nothing published") {
		t.Errorf("a date named outright gave %q, want no empty-window abstention", ans.Text)
	}
	undated := testArchive(t, fstest.MapFS{"u.md": file("---\nid: u\ntitle: Wall\n---\nFragments of the Roman wall are visible around Newcastle even today.\n", time.Unix(0, 0))}, "")
	if _, err := undated.Update(context.Background()); err != nil {
		t.Fatal(err)
	}
	ans, err = undated.Ask(context.Background(), "Whose wall has fragments visible around Newcastle even today?", AskOptions{Time: Time{AsOf: date("2026-11-30")}})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Abstained {
		t.Errorf("an undated archive abstained on a question saying \"today\": %q", ans.Text)
	}
}

func TestFilterIsHard(t *testing.T) {
	a := changingArchive(t)
	from, to := date("2017-01-01"), date("2019-12-31")
	for _, q := range []string{
		"How much is the Orrin Isle ferry fare now?",
		"Who chairs the Kestrel Bay harbour board?",
		"How many researchers did the Saltmarsh lab have in 2016?",
		"What was the population of Ashcombe Vale this week?",
		"Which hotel opened on the far side of the Moon?",
	} {
		for _, asOf := range []time.Time{{}, date("2016-09-08"), date("2030-01-01")} {
			ans, err := a.Ask(context.Background(), q, AskOptions{Time: Time{AsOf: asOf, From: from, To: to}})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range append(ans.Citations, passageCitations(ans.Passages)...) {
				if c.Published < "2017-01-01" || c.Published > "2019-12-31" {
					t.Errorf("%q asked %v with 2017-2019: cited %s of %s", q, asOf.Format(time.DateOnly), c.ArticleID, c.Published)
				}
			}
		}
		ps, err := a.Search(context.Background(), q, SearchOptions{K: 20, Time: Time{From: from, To: to}})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.Published < "2017-01-01" || p.Published > "2019-12-31" {
				t.Errorf("Search %q with 2017-2019 gave %s of %s", q, p.ArticleID, p.Published)
			}
		}
	}
}

func passageCitations(ps []Passage) []Citation {
	var out []Citation
	for _, p := range ps {
		out = append(out, Citation{ArticleID: p.ArticleID, Published: p.Published})
	}
	return out
}
