package when

import "testing"

// Asked on 2024-05-01, a Wednesday, in another year than most dates named.
func TestReadExplicit(t *testing.T) {
	const asOf = "2024-05-01"
	tests := []readCase{
		{"year", "What happened in 2016?", asOf, "2016-01-01", "2017-01-01", 0.6, "in 2016"},
		{"year before a capital", "In 2016 Trump won what?", asOf, "2016-01-01", "2017-01-01", 0.6, "In 2016"},
		{"year before a possessive", "Who led in 2021's first quarter?", asOf, "2021-01-01", "2022-01-01", 0.6, "in 2021"},
		{"year of the asking", "What happened in 2024?", asOf, "2024-01-01", "2025-01-01", 0.6, "in 2024"},
		{"during a year", "What fell during 2020?", asOf, "2020-01-01", "2021-01-01", 0.6, "during 2020"},
		{"the end of a year", "What happened at the end of 2020?", asOf, "2020-01-01", "2021-01-01", 0.6, "of 2020"},
		{"mid-year", "Who led in mid-2021?", asOf, "2021-01-01", "2022-01-01", 0.6, "in mid-2021"},
		{"early year without in", "Who led early 2021?", asOf, "2021-01-01", "2022-01-01", 0.6, "early 2021"},
		{"month and year", "What happened in June 2021?", asOf, "2021-06-01", "2021-07-01", 0.8, "in June 2021"},
		{"month of year", "What happened in June of 2021?", asOf, "2021-06-01", "2021-07-01", 0.8, "in June of 2021"},
		{"month and year alone", "Sales, June 2021?", asOf, "2021-06-01", "2021-07-01", 0.8, "June 2021"},
		{"lower-case may with a year", "what happened in may 2021", asOf, "2021-05-01", "2021-06-01", 0.8, "in may 2021"},
		{"leap February", "What happened in February 2024?", asOf, "2024-02-01", "2024-03-01", 0.8, "in February 2024"},
		{"day month year", "What happened on 12 March 2022?", asOf, "2022-03-12", "2022-03-13", 1, "on 12 March 2022"},
		{"month day, year", "What happened on March 12, 2022?", asOf, "2022-03-12", "2022-03-13", 1, "on March 12, 2022"},
		{"ordinal", "What happened on March 12th, 2022?", asOf, "2022-03-12", "2022-03-13", 1, "on March 12th, 2022"},
		{"day of month", "What happened on the 12th of March 2022?", asOf, "2022-03-12", "2022-03-13", 1, "on the 12th of March 2022"},
		{"abbreviated", "What happened Mar. 12, 2022?", asOf, "2022-03-12", "2022-03-13", 1, "Mar. 12, 2022"},
		{"ISO", "What happened on 2022-03-12?", asOf, "2022-03-12", "2022-03-13", 1, "on 2022-03-12"},
		{"leap day", "What happened on 29 February 2024?", asOf, "2024-02-29", "2024-03-01", 1, "on 29 February 2024"},
		{"week of a Sunday", "What happened in the week of 20 March 2022?", asOf, "2022-03-20", "2022-03-27", 1, "in the week of 20 March 2022"},
		{"week of a Wednesday", "What happened the week of 23 March 2022?", asOf, "2022-03-21", "2022-03-28", 1, "the week of 23 March 2022"},
		{"week across two months", "What happened the week of 28 February 2022?", asOf, "2022-02-28", "2022-03-07", 1, "the week of 28 February 2022"},
		{"week across a leap day", "What happened the week of 26 February 2024?", asOf, "2024-02-26", "2024-03-04", 1, "the week of 26 February 2024"},
		{"week beginning", "What happened the week beginning 2 March 2022?", asOf, "2022-03-02", "2022-03-09", 1, "the week beginning 2 March 2022"},
		{"between years", "What changed between 2019 and 2021?", asOf, "2019-01-01", "2022-01-01", 0.4, "between 2019 and 2021"},
		{"from year to year", "What changed from 2019 to 2021?", asOf, "2019-01-01", "2022-01-01", 0.4, "from 2019 to 2021"},
		{"year range", "What changed in 2019–2021?", asOf, "2019-01-01", "2022-01-01", 0.4, "in 2019–2021"},
		{"between months", "What changed between March and June 2021?", asOf, "2021-03-01", "2021-07-01", 0.6, "between March and June 2021"},
		{"between months across a year", "What changed between November and February 2021?", asOf, "2020-11-01", "2021-03-01", 0.6, "between November and February 2021"},
		{"between days", "What changed between 1 March 2022 and 5 March 2022?", asOf, "2022-03-01", "2022-03-06", 1, "between 1 March 2022 and 5 March 2022"},
		{"before a year", "Who led before 2020?", asOf, "", "2020-01-01", 0.5, "before 2020"},
		{"before a month", "Who led before June 2021?", asOf, "", "2021-06-01", 0.5, "before June 2021"},
		{"until a year", "Who led until 2020?", asOf, "", "2021-01-01", 0.5, "until 2020"},
		{"since a year", "What has changed since 2021?", asOf, "2021-01-01", "", 0.5, "since 2021"},
		{"after a year", "What has changed after 2021?", asOf, "2022-01-01", "", 0.5, "after 2021"},
		{"since a day", "What has changed since 12 March 2022?", asOf, "2022-03-12", "", 0.5, "since 12 March 2022"},
		{"decade", "Which bands led in the 1990s?", asOf, "1990-01-01", "2000-01-01", 0.4, "in the 1990s"},
		{"decade with apostrophe", "Which bands led in the 1990's?", asOf, "1990-01-01", "2000-01-01", 0.4, "in the 1990's"},
		{"short decade", "Which bands led in the '90s?", asOf, "1990-01-01", "2000-01-01", 0.4, "in the '90s"},
		{"short decade of this century", "Which bands led in the ’20s?", asOf, "2020-01-01", "2030-01-01", 0.4, "in the ’20s"},
		{"short decade of the last century", "Which bands led in the '30s?", asOf, "1930-01-01", "1940-01-01", 0.4, "in the '30s"},
		{"early decade", "Which bands led in the early 2000s?", asOf, "2000-01-01", "2010-01-01", 0.4, "in the early 2000s"},
		{"since a decade", "What has grown since the 1990s?", asOf, "1990-01-01", "", 0.4, "since the 1990s"},
		// Without a year a month or day is the latest one by the question's day.
		{"month without year, earlier this year", "What happened in March?", asOf, "2024-03-01", "2024-04-01", 0.8, "in March"},
		{"month without year, last year", "What happened in June?", asOf, "2023-06-01", "2023-07-01", 0.8, "in June"},
		{"month without year, this month", "What happened in May?", asOf, "2024-05-01", "2024-05-02", 0.8, "in May"},
		{"last month name", "What happened last May?", asOf, "2023-05-01", "2023-06-01", 0.8, "last May"},
		{"last month name, earlier this year", "What happened last March?", asOf, "2024-03-01", "2024-04-01", 0.8, "last March"},
		{"day without year", "What happened on 12 March?", asOf, "2024-03-12", "2024-03-13", 1, "on 12 March"},
		{"day without year, last year", "What happened on June 3?", asOf, "2023-06-03", "2023-06-04", 1, "on June 3"},
		{"leap day without year", "What happened on 29 February?", asOf, "2024-02-29", "2024-03-01", 1, "on 29 February"},
		{"leap day without year, years back", "What happened on 29 February?", "2023-05-01", "2020-02-29", "2020-03-01", 1, "on 29 February"},
		{"week of a day without year", "What happened the week of 20 March?", "2022-06-16", "2022-03-20", "2022-03-27", 1, "the week of 20 March"},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.check)
	}
}
