package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"archivist/bot/discordtest"
	"archivist/bot/feedback"
)

// seedVotes records votes in the votes file of env's index.
func seedVotes(t *testing.T, env map[string]string, votes ...feedback.Vote) {
	t.Helper()
	s, err := feedback.Open(filepath.Join(env["INDEX_DIR"], feedback.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, v := range votes {
		if err := s.Record(v); err != nil {
			t.Fatal(err)
		}
	}
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// sampleVotes: two 👎 on the ferry answer (one with a reason), a 👍 on it,
// and an older 👎 on the Tencent answer.
func sampleVotes() []feedback.Vote {
	ferry := feedback.Vote{AnswerKey: "100", Question: "How much does a ferry ticket cost?", AskedAt: at("2026-11-20T00:00:00Z"),
		Answer: "It costs 3 pounds [1].", ArticleIDs: []string{"harbour-ferry.md"}}
	down1, down2, up := ferry, ferry, ferry
	down1.UserID, down1.Reason, down1.VotedAt = "u1", feedback.ReasonOutdated, at("2026-11-20T10:00:00Z")
	down2.UserID, down2.VotedAt = "u2", at("2026-11-21T10:00:00Z")
	up.UserID, up.Up, up.VotedAt = "u3", true, at("2026-11-22T10:00:00Z")
	tencent := feedback.Vote{AnswerKey: "200", UserID: "u1", Question: "How many researchers did Tencent's AI lab have?",
		AskedAt: at("2026-10-01T00:00:00Z"), Answer: "I don't know.", Abstained: true, VotedAt: at("2026-10-01T10:00:00Z")}
	return []feedback.Vote{down1, down2, up, tencent}
}

func TestFeedbackJSON(t *testing.T) {
	env := testEnv(t)
	seedVotes(t, env, sampleVotes()...)
	for _, tc := range []struct {
		name                      string
		args                      []string
		votes, up, down, outdated int
	}{
		{"all", nil, 4, 1, 3, 1},
		{"since", []string{"--since", "2026-11-21"}, 2, 1, 1, 0},
		{"since after all", []string{"--since", "2027-01-01"}, 0, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, code := run(t, env, append([]string{"feedback", "--json"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("feedback exit %d, stderr %s", code, stderr)
			}
			var got feedbackOutput
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("feedback --json printed %q: %v", out, err)
			}
			c := got.Counts
			if len(got.Votes) != tc.votes || c.Votes != tc.votes || c.Up != tc.up || c.Down != tc.down || c.Reasons["outdated"] != tc.outdated {
				t.Errorf("feedback --json %v = %d votes, counts %+v; want %d votes, %d up, %d down, %d outdated",
					tc.args, len(got.Votes), c, tc.votes, tc.up, tc.down, tc.outdated)
			}
		})
	}
	text, _, _ := run(t, env, "feedback")
	if !strings.Contains(text, "4 votes: 1 👍, 3 👎 (wrong_source 0, outdated 1, not_answered 0, other 0, none 2)") {
		t.Errorf("feedback printed %q, want the counts", text)
	}
	if _, stderr, code := run(t, env, "feedback", "--since", "21/11/2026"); code != exitUsage || !strings.Contains(stderr, "--since") {
		t.Errorf("feedback --since 21/11/2026 exit %d, stderr %q; want %d naming --since", code, stderr, exitUsage)
	}
}

// TestFeedbackNoVotesFile: an index without votes lists none and creates
// no file.
func TestFeedbackNoVotesFile(t *testing.T) {
	env := testEnv(t)
	out, stderr, code := run(t, env, "feedback")
	if code != 0 || !strings.Contains(out, "0 votes") {
		t.Errorf("feedback = %q, %q, exit %d; want 0 votes", out, stderr, code)
	}
	if _, err := os.Stat(filepath.Join(env["INDEX_DIR"], feedback.FileName)); err == nil {
		t.Error("feedback created the votes file")
	}
}

// TestFeedbackExportFeedsEval exports the 👎 questions, one per answer in
// the order of their first 👎, and evaluates them at their asked_on.
func TestFeedbackExportFeedsEval(t *testing.T) {
	env := testEnv(t)
	seedVotes(t, env, sampleVotes()...)
	file := filepath.Join(t.TempDir(), "complaints.jsonl")
	if _, stderr, code := run(t, env, "feedback", "--export", file); code != 0 {
		t.Fatalf("feedback --export exit %d, stderr %s", code, stderr)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var got []question
	for sc := bufio.NewScanner(bytes.NewReader(raw)); sc.Scan(); {
		var q question
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatalf("exported line %q: %v", sc.Text(), err)
		}
		got = append(got, q)
	}
	want := []question{
		{ID: "feedback-200", Question: "How many researchers did Tencent's AI lab have?", AskedOn: "2026-10-01"},
		{ID: "feedback-100", Question: "How much does a ferry ticket cost?", AskedOn: "2026-11-20"},
	}
	if len(got) != len(want) {
		t.Fatalf("exported %d questions:\n%s\nwant %d", len(got), raw, len(want))
	}
	for i := range want {
		if got[i].ID != want[i].ID || got[i].Question != want[i].Question || got[i].AskedOn != want[i].AskedOn {
			t.Errorf("exported question %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	out, stderr, code := run(t, env, "eval", "--questions", file, "--json")
	if code != 0 {
		t.Fatalf("eval exit %d, stderr %s", code, stderr)
	}
	var ev evalOutput
	if err := json.Unmarshal([]byte(out), &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Questions != 2 || len(ev.Results) != 2 || ev.Results[1].ID != "feedback-100" || ev.Results[1].AsOf != "2026-11-20" {
		t.Errorf("eval of the export = %d questions, results %+v; want 2, the second feedback-100 as of 2026-11-20", ev.Questions, ev.Results)
	}
}

// TestServeVoteAndFeedback runs `archivist serve`, votes 👍 on an answer
// through the fake Discord, and lists the vote with `archivist feedback`
// while serve still runs.
func TestServeVoteAndFeedback(t *testing.T) {
	fake := discordtest.NewServer(discordtest.Options{})
	defer fake.Close()
	env := testEnv(t)
	env["DISCORD_TOKEN"] = "test-token-not-secret"
	env["DISCORD_API_URL"] = fake.URL

	srv := startServe(t, env)
	ctx, stderr := srv.ctx, srv.stderr
	wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
	defer wcancel()
	if _, err := fake.Wait(wctx, discordtest.Match(discordtest.RouteGlobalCommands, "")); err != nil {
		t.Fatalf("commands never registered: %v; log:\n%s", err, stderr.String())
	}
	ask, token := askEvent(t, fake, "How many researchers did Tencent's AI lab have?")
	if err := fake.Dispatch(wctx, "INTERACTION_CREATE", ask); err != nil {
		t.Fatal(err)
	}
	key := ask["id"].(string)
	if _, err := fake.Wait(wctx, func(c discordtest.Call) bool {
		return discordtest.Match(discordtest.RouteEditOriginal, token)(c) && bytes.Contains(c.Body, []byte(`"fb:up:`+key+`"`))
	}); err != nil {
		t.Fatalf("no answer with a 👍 button: %v; log:\n%s", err, stderr.String())
	}
	raw, err := os.ReadFile(filepath.Join("..", "..", "bot", "testdata", "interaction_button.json"))
	if err != nil {
		t.Fatal(err)
	}
	var press map[string]any
	if err := json.Unmarshal(raw, &press); err != nil {
		t.Fatal(err)
	}
	press["id"], press["token"], press["application_id"] = fake.Snowflake(), "token-vote", fake.AppID()
	press["data"].(map[string]any)["custom_id"] = "fb:up:" + key
	if err := fake.Dispatch(wctx, "INTERACTION_CREATE", press); err != nil {
		t.Fatal(err)
	}
	if _, err := fake.Wait(wctx, discordtest.Match(discordtest.RouteCallback, "token-vote")); err != nil {
		t.Fatalf("vote not acknowledged: %v; log:\n%s", err, stderr.String())
	}

	out, errOut, code := run(t, env, "feedback", "--json")
	var got feedbackOutput
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
		t.Fatalf("feedback during serve: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if got.Counts.Up != 1 || len(got.Votes) != 1 || got.Votes[0].AnswerKey != key || !strings.Contains(got.Votes[0].Question, "Tencent") {
		t.Errorf("feedback during serve = %+v, want one 👍 on %s", got, key)
	}

	srv.stop(t)
}
