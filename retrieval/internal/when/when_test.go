package when

import (
	"testing"
	"time"
)

// Numbers that are not years, names that hold a day or a month, and dates
// the calendar or the question's time rule out name no window.
func TestReadNone(t *testing.T) {
	tests := []struct{ name, q string }{
		{"count after the", "How many of the 2000 employees were laid off?"},
		{"count after of", "What share of 2000 voters agreed?"},
		{"count after in", "In 2000 cases, what did the court rule?"},
		{"count after since", "Since 1999 people have moved where?"},
		{"count with a comma", "Why did 2,000 people march?"},
		{"count alone", "What did the 1990 people sign?"},
		{"road number", "How long is Route 2016?"},
		{"road number at the end", "Which town lies on Route 2016"},
		{"disease name", "How many COVID-19 cases were reported?"},
		{"small count", "What did 30 researchers find?"},
		{"percentage", "Which rate rose in 2020%?"},
		{"season", "Who won in 2020-21?"},
		{"year as adjective", "Which team won the 2022 Stanley Cup?"},
		{"year as adjective after in the", "Who won in the 2016 election?"},
		{"paper", "What did USA Today report about rents?"},
		{"show", "Who hosted the Today show?"},
		{"sketch show", "Who hosted Saturday Night Live?"},
		{"sales day", "How much did Black Friday sales rise?"},
		{"bare weekday", "Which Monday holiday moved?"},
		{"plural weekday", "What closes on Mondays?"},
		{"day without year as a name", "What did the Jan. 6 committee find?"},
		{"may as a verb", "Which prices may rise in may?"},
		{"march as a noun", "Where did the march end?"},
		{"abbreviated month alone", "What did Jan say in Jan?"},
		{"age", "Which actor in his 90s retired?"},
		{"temperatures", "Which city hit the 90s?"},
		{"no such day", "What happened on 29 February 2023?"},
		{"no such day in April", "What happened on 31 April 2022?"},
		{"future year", "What is planned in 2030?"},
		{"before a future year", "What happened before 2030?"},
		{"deadline", "What must be done by Friday?"},
		{"the past alone", "What happened in the past?"},
		{"last without a unit", "Who came last?"},
		{"no time at all", "Which wildly popular show was green lit?"},
		{"empty", ""},
	}
	asOf := day("2022-06-16")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Read(tt.q, asOf); got != (Window{}) {
				t.Errorf("Read(%q) = [%v, %v) %.1f %q, want the zero Window", tt.q, got.From, got.To, got.Strength, got.Phrase)
			}
		})
	}
}

// When a question names several times, the longest of overlapping phrases
// counts, then the strongest, then a named date over a relative one.
func TestReadChoice(t *testing.T) {
	const thu = "2022-06-16"
	tests := []readCase{
		{"strongest", "What did he say last week about what happened in 2016?", thu, "2022-06-03", "2022-06-10", 1, "last week"},
		{"strongest comes second", "Recently, what happened in June 2021?", thu, "2021-06-01", "2021-07-01", 0.8, "in June 2021"},
		{"named date over weekday", "What happened on Monday, 14 March 2022?", thu, "2022-03-14", "2022-03-15", 1, "14 March 2022"},
		{"range over its years", "What changed between 2019 and 2021?", thu, "2019-01-01", "2022-01-01", 0.4, "between 2019 and 2021"},
		{"week over its day", "What happened the week of 20 March 2022?", thu, "2022-03-20", "2022-03-27", 1, "the week of 20 March 2022"},
		{"past year over last year", "What rose in the last year?", thu, "2021-06-17", "2022-06-17", 0.6, "in the last year"},
		{"first of equals", "What rose this month and last month?", thu, "2022-06-01", "2022-06-17", 0.8, "this month"},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.check)
	}
}

func TestStrip(t *testing.T) {
	asOf := day("2022-06-16")
	tests := []struct{ q, want string }{
		{"What happened in 2016?", "What happened?"},
		{"This week, who won the Cup?", "who won the Cup?"},
		{"Which team won this week's final?", "Which team won final?"},
		{"What changed between 2019 and 2021, and why?", "What changed, and why?"},
		{"Which airline announced a deal this week to buy Spirit?", "Which airline announced a deal to buy Spirit?"},
		{"Who won the 2022 Stanley Cup?", "Who won the 2022 Stanley Cup?"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := Strip(tt.q, Read(tt.q, asOf)); got != tt.want {
				t.Errorf("Strip(%q) = %q, want %q", tt.q, got, tt.want)
			}
		})
	}
	w := Read("What happened in 2016?", asOf)
	if got, q := Strip("What happened in 2017?", w), "What happened in 2017?"; got != q {
		t.Errorf("Strip(%q) with the window of another question = %q, want it unchanged", q, got)
	}
}

func FuzzRead(f *testing.F) {
	for _, q := range []string{"What happened this week?", "between March and June 2021", "on 29 February",
		"in the '90s", "the week of 20 March", "since Monday night", "in 2016, and the 2000 employees",
		"at the end of 2020's", "over the past 3 months", "2022-13-40", "in 2019–2021"} {
		f.Add(q, int64(1655337600))
	}
	f.Fuzz(func(t *testing.T, q string, unix int64) {
		asOf := time.Unix(unix%(200*365*86400), 0).UTC() // 1970 to 2169
		w := Read(q, asOf)
		if w == (Window{}) {
			return
		}
		switch {
		case w.Strength <= 0 || w.Strength > 1:
			t.Errorf("Read(%q).Strength = %v, want in (0, 1]", q, w.Strength)
		case w.Start < 0 || w.End > len(q) || w.Start >= w.End || q[w.Start:w.End] != w.Phrase:
			t.Errorf("Read(%q) = phrase %q at [%d, %d), want the span of the phrase", q, w.Phrase, w.Start, w.End)
		case w.From.IsZero() && w.To.IsZero():
			t.Errorf("Read(%q) is open at both ends", q)
		case !w.From.IsZero() && !w.To.IsZero() && !w.From.Before(w.To):
			t.Errorf("Read(%q) = [%v, %v), want a non-empty window", q, w.From, w.To)
		}
		if s := Strip(q, w); len(s) >= len(q) {
			t.Errorf("Strip(%q) = %q, want it shorter", q, s)
		}
	})
}
