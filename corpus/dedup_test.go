package corpus

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDedup(t *testing.T) {
	art := func(id, url, captured, text string) Article {
		return Article{ID: id, Path: id, URL: url, Captured: captured, Text: text}
	}
	tests := []struct {
		name        string
		in          []Article
		wantKept    []string
		wantAt      []int
		wantDups    []Duplicate
		wantSkipped []Skipped
	}{
		{
			name:     "all different",
			in:       []Article{art("a", "u1", "", "one"), art("b", "u2", "", "two")},
			wantKept: []string{"a", "b"},
			wantAt:   []int{0, 1},
		},
		{
			name:     "same text, last in path order wins",
			in:       []Article{art("a", "", "", "same"), art("b", "", "", "same")},
			wantKept: []string{"b"},
			wantAt:   []int{1},
			wantDups: []Duplicate{{ID: "a", KeptID: "b", Reason: "same text"}},
		},
		{
			name:     "same url, newest capture wins",
			in:       []Article{art("a", "http://x/1", "2020-01-02", "v1"), art("b", "http://x/1", "2020-01-01", "v2")},
			wantKept: []string{"a"},
			wantAt:   []int{0},
			wantDups: []Duplicate{{ID: "b", KeptID: "a", Reason: "same url"}},
		},
		{
			name:     "url scheme and host case and fragment ignored",
			in:       []Article{art("a", "HTTP://X.org/p#top", "", "v1"), art("b", "http://x.org/p", "", "v2")},
			wantKept: []string{"b"},
			wantAt:   []int{1},
			wantDups: []Duplicate{{ID: "a", KeptID: "b", Reason: "same url"}},
		},
		{
			name: "transitive",
			in: []Article{
				art("a", "u1", "", "t1"), art("b", "u2", "", "t1"), art("c", "u2", "2021", "t2"), art("d", "u3", "", "t3"),
			},
			wantKept: []string{"c", "d"},
			wantAt:   []int{2, 3},
			wantDups: []Duplicate{{ID: "a", KeptID: "c", Reason: "same text"}, {ID: "b", KeptID: "c", Reason: "same url"}},
		},
		{
			name:        "same id, first kept",
			in:          []Article{art("a", "", "", "one"), {ID: "a", Path: "z.json", Text: "two"}},
			wantKept:    []string{"a"},
			wantAt:      []int{0},
			wantSkipped: []Skipped{{Path: "z.json", Error: `duplicate id "a" (first in a)`}},
		},
		{
			// Positions index the input, past the skipped repeat of an id.
			name:        "positions after a skipped id",
			in:          []Article{art("a", "", "", "one"), {ID: "a", Path: "z.json", Text: "two"}, art("c", "", "", "one"), art("d", "", "", "four")},
			wantKept:    []string{"c", "d"},
			wantAt:      []int{2, 3},
			wantDups:    []Duplicate{{ID: "a", KeptID: "c", Reason: "same text"}},
			wantSkipped: []Skipped{{Path: "z.json", Error: `duplicate id "a" (first in a)`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kept, at, dups, skipped := Dedup(tt.in)
			var ids []string
			for _, a := range kept {
				ids = append(ids, a.ID)
			}
			if diff := cmp.Diff(tt.wantKept, ids); diff != "" {
				t.Errorf("Dedup kept (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantAt, at); diff != "" {
				t.Errorf("Dedup positions (-want +got):\n%s", diff)
			}
			for i, p := range at {
				if p < 0 || p >= len(tt.in) || tt.in[p].ID != kept[i].ID || tt.in[p].Path != kept[i].Path {
					t.Errorf("Dedup position %d = %d, want the position of %s in the input", i, p, kept[i].ID)
				}
			}
			if diff := cmp.Diff(tt.wantDups, dups); diff != "" {
				t.Errorf("Dedup duplicates (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantSkipped, skipped); diff != "" {
				t.Errorf("Dedup skipped (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDedupFillsEmptyFields(t *testing.T) {
	in := []Article{
		{ID: "old", Title: "Title", Author: "A. Writer", Published: "2020-01-01", Text: "same", Captured: "2020-01-02"},
		{ID: "new", URL: "http://x", Text: "same", Captured: "2021-05-05"},
	}
	kept, at, _, _ := Dedup(in)
	want := []Article{{ID: "new", Title: "Title", URL: "http://x", Author: "A. Writer", Published: "2020-01-01",
		Captured: "2021-05-05", Text: "same"}}
	if diff := cmp.Diff(want, kept); diff != "" {
		t.Errorf("Dedup kept (-want +got):\n%s", diff)
	}
	if len(at) != 1 || at[0] != 1 {
		t.Errorf("Dedup positions = %v, want [1]", at)
	}
}
