package when

import (
	"testing"
	"time"
)

// day parses a date such as "2022-06-16"; "" is the zero time (an open end).
func day(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// readCase is a question, the day it is asked and the window it names.
type readCase struct {
	name, q, asOf string
	from, to      string
	strength      float64
	phrase        string
}

func (tt readCase) check(t *testing.T) {
	t.Helper()
	got := Read(tt.q, day(tt.asOf))
	if !got.From.Equal(day(tt.from)) || !got.To.Equal(day(tt.to)) || got.Strength != tt.strength || got.Phrase != tt.phrase {
		t.Errorf("Read(%q, %s) = [%s, %s) %.1f %q, want [%s, %s) %.1f %q", tt.q, tt.asOf,
			got.From.Format(time.DateOnly), got.To.Format(time.DateOnly), got.Strength, got.Phrase,
			tt.from, tt.to, tt.strength, tt.phrase)
	}
}

// 2022-06-16 is a Thursday.
func TestReadRelative(t *testing.T) {
	const thu = "2022-06-16"
	tests := []readCase{
		{"this week", "Which airline announced a deal this week?", thu, "2022-06-10", "2022-06-17", 1, "this week"},
		{"earlier this week", "What fell earlier this week?", thu, "2022-06-10", "2022-06-17", 1, "earlier this week"},
		{"last week", "Who resigned last week?", thu, "2022-06-03", "2022-06-10", 1, "last week"},
		{"this weekend on a Thursday", "What burned this weekend?", thu, "2022-06-11", "2022-06-13", 1, "this weekend"},
		{"last weekend on a Thursday", "What burned last weekend?", thu, "2022-06-11", "2022-06-13", 1, "last weekend"},
		{"this weekend on a Friday", "What burned this weekend?", "2022-06-17", "2022-06-11", "2022-06-13", 1, "this weekend"},
		{"this weekend on a Saturday", "What burned this weekend?", "2022-06-18", "2022-06-18", "2022-06-19", 1, "this weekend"},
		{"this weekend on a Sunday", "What burned this weekend?", "2022-06-19", "2022-06-18", "2022-06-20", 1, "this weekend"},
		{"last weekend on a Saturday", "What burned last weekend?", "2022-06-18", "2022-06-11", "2022-06-13", 1, "last weekend"},
		{"last weekend on a Sunday", "What burned last weekend?", "2022-06-19", "2022-06-11", "2022-06-13", 1, "last weekend"},
		{"last weekend on a Monday", "What burned last weekend?", "2022-06-20", "2022-06-18", "2022-06-20", 1, "last weekend"},
		{"today", "What happened today?", thu, "2022-06-16", "2022-06-17", 1, "today"},
		{"yesterday", "Who won yesterday?", thu, "2022-06-15", "2022-06-16", 1, "yesterday"},
		{"last night", "Who won last night?", thu, "2022-06-15", "2022-06-16", 1, "last night"},
		{"on Monday", "What did Biden say on Monday?", thu, "2022-06-13", "2022-06-14", 1, "on Monday"},
		{"on the day itself", "What did Biden say on Thursday?", thu, "2022-06-16", "2022-06-17", 1, "on Thursday"},
		{"last weekday on the day itself", "What did Biden say last Thursday?", thu, "2022-06-09", "2022-06-10", 1, "last Thursday"},
		{"early weekday", "Dozens were unaccounted for early Thursday after floods.", thu, "2022-06-16", "2022-06-17", 1, "early Thursday"},
		{"weekday and part of day", "Who spoke Monday night?", thu, "2022-06-13", "2022-06-14", 1, "Monday night"},
		{"lower-case weekday", "what happened on friday", thu, "2022-06-10", "2022-06-11", 1, "on friday"},
		{"since a weekday", "What has fallen since Monday?", thu, "2022-06-13", "2022-06-17", 0.5, "since Monday"},
		{"before a weekday", "What was said before Tuesday?", thu, "", "2022-06-14", 0.5, "before Tuesday"},
		{"weekday in the month before", "What happened on Sunday?", "2022-03-01", "2022-02-27", "2022-02-28", 1, "on Sunday"},
		{"this month", "What rose this month?", thu, "2022-06-01", "2022-06-17", 0.8, "this month"},
		{"this month on the 1st", "What rose this month?", "2022-06-01", "2022-06-01", "2022-06-02", 0.8, "this month"},
		{"last month", "What rose last month?", thu, "2022-05-01", "2022-06-01", 0.8, "last month"},
		{"last month on the 31st", "What rose last month?", "2022-03-31", "2022-02-01", "2022-03-01", 0.8, "last month"},
		{"last month on 1 January", "What rose last month?", "2023-01-01", "2022-12-01", "2023-01-01", 0.8, "last month"},
		{"last month is a leap February", "What rose last month?", "2024-03-29", "2024-02-01", "2024-03-01", 0.8, "last month"},
		{"this year", "What is the top costume this year?", thu, "2022-01-01", "2022-06-17", 0.6, "this year"},
		{"later this year", "Who will tour later this year?", thu, "2022-01-01", "2022-06-17", 0.6, "later this year"},
		{"this year on 1 January", "What is new this year?", "2023-01-01", "2023-01-01", "2023-01-02", 0.6, "this year"},
		{"this year on a leap day", "What is new this year?", "2024-02-29", "2024-01-01", "2024-03-01", 0.6, "this year"},
		{"last year", "Who won last year?", thu, "2021-01-01", "2022-01-01", 0.6, "last year"},
		{"last year on a leap day", "Who won last year?", "2024-02-29", "2023-01-01", "2024-01-01", 0.6, "last year"},
		{"last year on 1 January", "Who won last year?", "2023-01-01", "2022-01-01", "2023-01-01", 0.6, "last year"},
		{"yesterday on 1 January", "Who won yesterday?", "2023-01-01", "2022-12-31", "2023-01-01", 1, "yesterday"},
		{"yesterday was a leap day", "Who won yesterday?", "2024-03-01", "2024-02-29", "2024-03-01", 1, "yesterday"},
		{"week across two months", "What happened this week?", "2022-03-02", "2022-02-24", "2022-03-03", 1, "this week"},
		{"week across a leap day", "What happened this week?", "2024-03-01", "2024-02-24", "2024-03-02", 1, "this week"},
		{"last week across two years", "What happened last week?", "2023-01-03", "2022-12-21", "2022-12-28", 1, "last week"},
		{"recently", "Which show was recently renewed?", thu, "2022-05-18", "2022-06-17", 0.3, "recently"},
		{"recent", "According to a recent survey, who leads?", thu, "2022-05-18", "2022-06-17", 0.3, "recent"},
		{"now", "Who is now in charge?", thu, "2022-05-18", "2022-06-17", 0.3, "now"},
		{"currently", "Who currently leads the league?", thu, "2022-05-18", "2022-06-17", 0.3, "currently"},
		{"latest", "What is the latest on the strike?", thu, "2022-05-18", "2022-06-17", 0.3, "latest"},
		{"lately", "What has Apple done lately?", thu, "2022-05-18", "2022-06-17", 0.3, "lately"},
		{"in recent days", "Which nation plunged into chaos in recent days?", thu, "2022-06-10", "2022-06-17", 0.6, "in recent days"},
		{"in recent weeks", "What has risen in recent weeks?", thu, "2022-05-18", "2022-06-17", 0.3, "in recent weeks"},
		{"over the past year", "How much have prices risen over the past year?", thu, "2021-06-17", "2022-06-17", 0.6, "over the past year"},
		{"the last 12 months", "What rose over the last 12 months?", thu, "2021-06-17", "2022-06-17", 0.6, "over the last 12 months"},
		{"the past few days", "What happened in the past few days?", thu, "2022-06-14", "2022-06-17", 1, "in the past few days"},
		{"the past two weeks", "What happened in the past two weeks?", thu, "2022-06-03", "2022-06-17", 0.8, "in the past two weeks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.check)
	}
}

// A question's day is its calendar day where it was asked, not in UTC.
func TestReadAsOfLocation(t *testing.T) {
	newYork := time.FixedZone("EDT", -4*60*60)
	asOf := time.Date(2022, 6, 16, 23, 30, 0, 0, newYork) // 03:30 on 17 June in UTC
	got := Read("Who won yesterday?", asOf)
	if want := day("2022-06-15"); !got.From.Equal(want) || !got.To.Equal(want.AddDate(0, 0, 1)) {
		t.Errorf("Read(yesterday, %v) = [%v, %v), want the day %v", asOf, got.From, got.To, want)
	}
	if got.From.Location() != time.UTC {
		t.Errorf("Read(yesterday, %v).From is in %v, want UTC", asOf, got.From.Location())
	}
}

// No relative window ends after the question's day, whatever that day.
func TestReadRelativeEndsByAsOf(t *testing.T) {
	phrases := []string{"this week", "last week", "this weekend", "last weekend", "yesterday", "today",
		"on Monday", "on Saturday", "last Sunday", "this month", "last month", "this year", "last year",
		"recently", "in March", "last June", "on 29 February", "since Friday", "in the past few months"}
	for asOf := day("2023-12-20"); asOf.Before(day("2025-01-10")); asOf = asOf.AddDate(0, 0, 1) {
		next := asOf.AddDate(0, 0, 1)
		for _, p := range phrases {
			q := "What happened " + p + "?"
			w := Read(q, asOf)
			switch {
			case w.Strength <= 0 || w.Strength > 1:
				t.Errorf("Read(%q, %s).Strength = %v, want in (0, 1]", q, asOf.Format(time.DateOnly), w.Strength)
			case w.To.IsZero() || w.To.After(next):
				t.Errorf("Read(%q, %s).To = %s, want by %s", q, asOf.Format(time.DateOnly), w.To.Format(time.DateOnly), next.Format(time.DateOnly))
			case !w.From.IsZero() && !w.From.Before(w.To):
				t.Errorf("Read(%q, %s) = [%s, %s), want a non-empty window", q, asOf.Format(time.DateOnly), w.From, w.To)
			case w.Phrase != p:
				t.Errorf("Read(%q, %s).Phrase = %q, want %q", q, asOf.Format(time.DateOnly), w.Phrase, p)
			}
		}
	}
}
