package cite

import "testing"

func TestPartialView(t *testing.T) {
	tests := []struct {
		raw  string
		want string
	}{
		{"Ruto won", "Ruto won"},
		{"Ruto won [", "Ruto won"},
		{"Ruto won [1", "Ruto won"},
		{"Ruto won [1,", "Ruto won"},
		{"Ruto won [1]", "Ruto won"},
		{"Ruto won [1][9]. He", "Ruto won. He"},
		{"Ruto won [1]. He [Passage 2", "Ruto won. He"},
		{"a list [of things that is long enough to be text", "a list [of things that is long enough to be text"},
		{"<think>the user asks [1]", ""},
		{"<thi", ""},
		{"<think>hmm</think>Ruto [2] won", "Ruto won"},
		{"ping @every", "ping"},
		{"ping @everyone now", "ping @\u200beveryone now"},
		{"ping @Here", "ping @\u200bHere"},
		{"mail me@example.com", "mail me@example.com"},
	}
	for _, tt := range tests {
		if got := PartialView(tt.raw); got != tt.want {
			t.Errorf("PartialView(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}
