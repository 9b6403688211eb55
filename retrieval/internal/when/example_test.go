package when_test

import (
	"fmt"
	"time"

	"archivist/retrieval/internal/when"
)

func ExampleRead() {
	asOf := time.Date(2022, 6, 16, 15, 0, 0, 0, time.UTC) // a Thursday
	for _, q := range []string{
		"Which airline announced a deal this week?",
		"What did the Fed say on Monday?",
		"Which show was recently renewed?",
		"How did prices change between 2019 and 2021?",
		"How many of the 2000 employees were laid off?",
	} {
		w := when.Read(q, asOf)
		if w.Strength == 0 {
			fmt.Println("no window")
			continue
		}
		fmt.Printf("%q: [%s, %s) %.1f\n", w.Phrase, w.From.Format(time.DateOnly), w.To.Format(time.DateOnly), w.Strength)
	}
	// Output:
	// "this week": [2022-06-10, 2022-06-17) 1.0
	// "on Monday": [2022-06-13, 2022-06-14) 1.0
	// "recently": [2022-05-18, 2022-06-17) 0.3
	// "between 2019 and 2021": [2019-01-01, 2022-01-01) 0.4
	// no window
}

func ExampleStrip() {
	q := "Which airline announced a deal this week to buy Spirit?"
	w := when.Read(q, time.Date(2022, 6, 16, 0, 0, 0, 0, time.UTC))
	fmt.Println(when.Strip(q, w))
	// Output: Which airline announced a deal to buy Spirit?
}
