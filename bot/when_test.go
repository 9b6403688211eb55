package bot

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"archivist/retrieval"
)

func date(s string) time.Time {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

// snowflakeTime is the creation time a Discord id holds: milliseconds
// since 2015-01-01 in its top 42 bits.
func snowflakeTime(t *testing.T, id string) time.Time {
	t.Helper()
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		t.Fatalf("id %q: %v", id, err)
	}
	return time.UnixMilli(n>>22 + 1420070400000).UTC()
}

func TestDateFilter(t *testing.T) {
	tests := []struct {
		name, from, to string
		want           retrieval.Time
		wantMsg        []string // what the message says; none when the dates are valid
	}{
		{name: "none"},
		{name: "both", from: "2019-01-01", to: "2019-12-31", want: retrieval.Time{From: date("2019-01-01"), To: date("2019-12-31")}},
		{name: "from only", from: " 2019-01-01 ", want: retrieval.Time{From: date("2019-01-01")}},
		{name: "to only", to: "2020-02-29", want: retrieval.Time{To: date("2020-02-29")}},
		{name: "one day", from: "2019-05-14", to: "2019-05-14", want: retrieval.Time{From: date("2019-05-14"), To: date("2019-05-14")}},
		{name: "month 13", from: "2019-13-01", wantMsg: []string{"`from`", "YYYY-MM-DD"}},
		{name: "no such day", to: "2019-02-29", wantMsg: []string{"`to`", "YYYY-MM-DD"}},
		{name: "day first", to: "31/12/2019", wantMsg: []string{"`to`", "YYYY-MM-DD"}},
		{name: "single digits", from: "2019-1-1", wantMsg: []string{"`from`", "YYYY-MM-DD"}},
		{name: "words", from: "last year", to: "2019-12-31", wantMsg: []string{"`from`", "YYYY-MM-DD"}},
		{name: "to before from", from: "2019-12-31", to: "2019-01-01", wantMsg: []string{"`to`", "`from`", "2019-01-01", "2019-12-31"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, msg := dateFilter(tt.from, tt.to)
			if len(tt.wantMsg) == 0 {
				if msg != "" || got != tt.want {
					t.Errorf("dateFilter(%q, %q) = %+v, %q; want %+v, no message", tt.from, tt.to, got, msg, tt.want)
				}
				return
			}
			for _, want := range tt.wantMsg {
				if !strings.Contains(msg, want) {
					t.Errorf("dateFilter(%q, %q) message = %q, want it to hold %q", tt.from, tt.to, msg, want)
				}
			}
			if got != (retrieval.Time{}) {
				t.Errorf("dateFilter(%q, %q) = %+v with a message, want no filter", tt.from, tt.to, got)
			}
		})
	}
}

func TestDescribeFilter(t *testing.T) {
	asOf := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		t    retrieval.Time
		want string
	}{
		{"none", retrieval.Time{AsOf: asOf}, ""},
		{"both", retrieval.Time{AsOf: asOf, From: date("2019-01-01"), To: date("2019-12-31")}, "Published 2019-01-01 to 2019-12-31"},
		{"from", retrieval.Time{From: date("2019-01-01")}, "Published from 2019-01-01"},
		{"to", retrieval.Time{To: date("2019-12-31")}, "Published up to 2019-12-31"},
		{"one day", retrieval.Time{From: date("2019-05-14"), To: date("2019-05-14")}, "Published 2019-05-14"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := describeFilter(tt.t); got != tt.want {
				t.Errorf("describeFilter(%+v) = %q, want %q", tt.t, got, tt.want)
			}
		})
	}
}

func TestRenderFilter(t *testing.T) {
	filter := retrieval.Time{AsOf: time.Now(), From: date("2019-01-01"), To: date("2019-12-31")}
	noFilter := retrieval.Time{AsOf: time.Now()}
	a := retrieval.Answer{Question: "q", Text: "t", Took: time.Second, Note: "a note"}
	ps := []retrieval.Passage{{Title: "p", Published: "2019-03-04", Text: "x"}}
	tests := []struct {
		name       string
		footer     string
		want, lack string
	}{
		{"answer", renderAnswer(a, 10, filter).Footer.Text, "Searched 10 articles in 1.0 s · Published 2019-01-01 to 2019-12-31 · a note", ""},
		{"answer without a filter", renderAnswer(a, 10, noFilter).Footer.Text, "Searched 10 articles in 1.0 s · a note", "Published"},
		{"Render", Render(a, 10).Footer.Text, "Searched 10 articles", "Published"},
		{"search", renderSearch("q", ps, 10, time.Second, filter).Footer.Text, "Searched 10 articles in 1.0 s · Published 2019-01-01 to 2019-12-31", ""},
		{"search without a filter", renderSearch("q", ps, 10, time.Second, noFilter).Footer.Text, "Searched 10 articles", "Published"},
		{"longest answer", renderAnswer(longestAnswer(strings.Repeat("q", 300)), 10, filter).Footer.Text, "Published 2019-01-01 to 2019-12-31", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(tt.footer, tt.want) || tt.lack != "" && strings.Contains(tt.footer, tt.lack) {
				t.Errorf("footer = %q, want it to hold %q and not %q", tt.footer, tt.want, tt.lack)
			}
		})
	}
	checkLimits(t, renderAnswer(longestAnswer(strings.Repeat("q", 300)), 10, filter))
	if got := renderSearch("q", nil, 10, time.Second, filter).Description; !strings.Contains(got, "published in those dates") {
		t.Errorf("empty filtered search = %q, want it to say nothing in those dates matches", got)
	}
}

func TestDateOptions(t *testing.T) {
	for _, c := range commands(500, false, true) {
		if c.Name != "ask" && c.Name != "search" {
			continue
		}
		for _, name := range []string{"from", "to"} {
			var found bool
			for _, o := range c.Options {
				if o.Name != name {
					continue
				}
				found = true
				if o.Required || !strings.Contains(o.Description, "YYYY-MM-DD") || o.MaxLength != 10 {
					t.Errorf("/%s %s = required %v, %q, max %d; want optional, saying YYYY-MM-DD, max 10",
						c.Name, name, o.Required, o.Description, o.MaxLength)
				}
			}
			if !found {
				t.Errorf("/%s has no %s option", c.Name, name)
			}
		}
	}
}
