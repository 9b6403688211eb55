package feedback

import (
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "index", FileName))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func day(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC) }

func TestRecordReplacesTheUsersVote(t *testing.T) {
	s := openTemp(t)
	base := Vote{AnswerKey: "a1", UserID: "u1", Question: "q?", AskedAt: day(1), Answer: "x [1]", ArticleIDs: []string{"art"}}
	up := base
	up.Up, up.VotedAt = true, day(2)
	down := base
	down.VotedAt = day(3)
	other := base
	other.UserID, other.Up, other.VotedAt = "u2", true, day(4)
	for _, v := range []Vote{up, down, other} {
		if err := s.Record(v); err != nil {
			t.Fatalf("Record(%+v): %v", v, err)
		}
	}
	got, err := s.SetReason("a1", "u1", ReasonOutdated)
	if err != nil {
		t.Fatalf("SetReason: %v", err)
	}
	want := down
	want.Reason = ReasonOutdated
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SetReason returned (-want +got):\n%s", diff)
	}
	votes, err := s.List(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Vote{want, other}, votes); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}
	if _, err := s.SetReason("a1", "u2", ReasonOther); !errors.Is(err, ErrNoVote) {
		t.Errorf("SetReason on a 👍 = %v, want ErrNoVote", err)
	}
	if _, err := s.SetReason("a1", "u1", "bad"); err == nil {
		t.Error("SetReason with an unknown reason = nil, want an error")
	}
}

func TestVotesSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Record(Vote{AnswerKey: "a", UserID: "u", Up: true, VotedAt: day(5)}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := s.Record(Vote{AnswerKey: "b", UserID: "u"}); err == nil {
		t.Error("Record after Close = nil, want an error")
	}
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.List(time.Time{})
	if err != nil || len(got) != 1 || got[0].AnswerKey != "a" || !got[0].Up {
		t.Errorf("List after reopen = %+v, %v; want the one 👍 on a", got, err)
	}
}

func TestListSince(t *testing.T) {
	s := openTemp(t)
	for i, d := range []int{3, 1, 2} {
		if err := s.Record(Vote{AnswerKey: string(rune('a' + i)), UserID: "u", VotedAt: day(d)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		since time.Time
		want  []string
	}{
		{time.Time{}, []string{"b", "c", "a"}},
		{time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), []string{"c", "a"}},
		{time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC), nil},
	} {
		votes, err := s.List(tc.since)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range votes {
			got = append(got, v.AnswerKey)
		}
		if !cmp.Equal(got, tc.want) {
			t.Errorf("List(%v) = %v, want %v", tc.since, got, tc.want)
		}
	}
}

// TestReadFileWhileStoreOpen reads the file read-only, as `archivist
// feedback` does, while a Store (the bot's) is open and writing.
func TestReadFileWhileStoreOpen(t *testing.T) {
	s := openTemp(t)
	if err := s.Record(Vote{AnswerKey: "a", UserID: "u", Up: true}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		for i := range 20 {
			if err := s.Record(Vote{AnswerKey: "w", UserID: string(rune('a' + i))}); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range 5 {
		votes, err := ReadFile(s.Path(), time.Time{})
		if err != nil || len(votes) == 0 {
			t.Fatalf("ReadFile = %d votes, %v; want at least 1, nil", len(votes), err)
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("Record while reading: %v", err)
	}
	votes, err := ReadFile(filepath.Join(t.TempDir(), "missing.db"), time.Time{})
	if err != nil || votes != nil {
		t.Errorf("ReadFile(missing) = %v, %v; want no votes, nil", votes, err)
	}
}

func TestCount(t *testing.T) {
	got := Count([]Vote{{Up: true}, {Reason: ReasonOutdated}, {}, {Up: true}})
	want := Tally{Votes: 4, Up: 2, Down: 2, Reasons: map[string]int{
		"none": 1, ReasonWrongSource: 0, ReasonOutdated: 1, ReasonNotAnswered: 0, ReasonOther: 0}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Count (-want +got):\n%s", diff)
	}
}

// BenchmarkRecord measures one durable vote: open the file, write and
// fsync one transaction, close.
func BenchmarkRecord(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	v := Vote{AnswerKey: "1200000000000000001", Question: "How many researchers did the lab have?", Answer: "About 30 [1].", ArticleIDs: []string{"a.md"}}
	i := 0
	for b.Loop() {
		i++
		v.UserID = string(rune('a' + i%1000))
		if err := s.Record(v); err != nil {
			b.Fatal(err)
		}
	}
}

// TestKeep keeps answers' records and reads them back: in the same store,
// after reopening it, and not once they have expired, when the next Keep
// forgets them.
func TestKeep(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.now = func() time.Time { return day(1) }
	old := Vote{AnswerKey: "999", UserID: "u1", Up: true, Question: "old?", AskedAt: day(1), Answer: "a [1]", ArticleIDs: []string{"x.md"}}
	if err := s.Keep(old); err != nil {
		t.Fatalf("Keep(%+v): %v", old, err)
	}
	s.now = func() time.Time { return day(1).Add(KeepAnswersFor + time.Hour) }
	recent := Vote{AnswerKey: "1200000000000000001", Question: "new?", AskedAt: day(2), From: day(1), Answer: "b [1]", ArticleIDs: []string{"y.md"}}
	if err := s.Keep(recent); err != nil {
		t.Fatalf("Keep(%+v): %v", recent, err)
	}
	s.Close()

	reopened, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	wantOld := old
	wantOld.UserID, wantOld.Up = "", false
	tests := []struct {
		name   string
		now    time.Time
		key    string
		want   Vote
		wantOK bool
	}{
		{"recent", day(1).Add(KeepAnswersFor + time.Hour), recent.AnswerKey, recent, true},
		{"unknown", day(1).Add(KeepAnswersFor + time.Hour), "404", Vote{}, false},
		// Forgotten by the second Keep, though read as of its own day.
		{"expired and pruned", day(1), old.AnswerKey, Vote{}, false},
		{"recent, itself expired", day(1).Add(2*KeepAnswersFor + 2*time.Hour), recent.AnswerKey, Vote{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reopened.now = func() time.Time { return tt.now }
			got, ok, err := reopened.Kept(tt.key)
			if err != nil || ok != tt.wantOK {
				t.Fatalf("Kept(%q) = %+v, %v, %v; want ok %v", tt.key, got, ok, err, tt.wantOK)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Kept(%q) (-want +got):\n%s", tt.key, diff)
			}
		})
	}
	if err := reopened.Keep(Vote{}); err == nil {
		t.Errorf("Keep without an answer key = nil, want an error")
	}
}

// BenchmarkKeep measures keeping one answer's record, durably, in a store
// that already holds 10,000: open the file, prune, write and fsync one
// transaction, close.
func BenchmarkKeep(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	v := Vote{Question: "How many researchers did the lab have?", Answer: strings.Repeat("About 30 researchers worked there [1]. ", 20), ArticleIDs: []string{"a.md", "b.md"}}
	id := int64(1200000000000000000)
	for range 10000 {
		id++
		v.AnswerKey = strconv.FormatInt(id, 10)
		if err := s.Keep(v); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		id++
		v.AnswerKey = strconv.FormatInt(id, 10)
		if err := s.Keep(v); err != nil {
			b.Fatal(err)
		}
	}
}
