package feedback

// Tally counts votes.
type Tally struct {
	Votes int `json:"votes"`
	Up    int `json:"up"`
	Down  int `json:"down"`
	// Reasons counts the 👎 by reason; "none" counts those without one.
	Reasons map[string]int `json:"reasons"`
}

// Count tallies votes. Every reason of Reasons, and "none", has a count,
// zero or not.
func Count(votes []Vote) Tally {
	t := Tally{Reasons: map[string]int{"none": 0}}
	for _, r := range Reasons {
		t.Reasons[r] = 0
	}
	for _, v := range votes {
		t.Votes++
		if v.Up {
			t.Up++
			continue
		}
		t.Down++
		r := v.Reason
		if r == "" {
			r = "none"
		}
		t.Reasons[r]++
	}
	return t
}
