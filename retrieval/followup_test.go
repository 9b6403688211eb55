package retrieval

import (
	"testing"
	"time"
)

func TestTimePhrase(t *testing.T) {
	asOf := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		question string
		asOf     time.Time
		want     string
	}{
		{"and in 2018?", asOf, "in 2018"},
		{"Who ran the harbour council in 2016?", asOf, "in 2016"},
		{"What happened last week?", asOf, "last week"},
		{"who runs it?", asOf, ""},
		{"and in 2018?", time.Time{}, ""},
	}
	for _, tt := range tests {
		if got := TimePhrase(tt.question, tt.asOf); got != tt.want {
			t.Errorf("TimePhrase(%q, %v) = %q, want %q", tt.question, tt.asOf, got, tt.want)
		}
	}
}
