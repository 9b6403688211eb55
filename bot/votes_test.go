package bot

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"archivist/bot/feedback"
)

// typeUpdate is the interaction response that replaces a component's message.
const typeUpdate = 7

// votingBot runs a bot that keeps votes in a file in dir.
func votingBot(t *testing.T, dir string) (*harness, *feedback.Store) {
	t.Helper()
	store, err := feedback.Open(filepath.Join(dir, feedback.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	cfg := sharedConfig()
	cfg.Votes = store
	return startBot(t, cfg), store
}

// askAnswered asks through /ask as user and waits for the answer; it
// returns the answer's key (the interaction id) and its buttons.
func (h *harness) askAnswered(t *testing.T, user string) (key, components string) {
	t.Helper()
	e := h.interaction(t, "interaction_ask.json").set("member.user.id", user)
	m := h.finalEdit(t, h.interact(t, e))
	for _, c := range m.Components {
		components += string(c)
	}
	return e.str("id"), components
}

// press sends a component interaction from user with custom id and, for a
// select menu, its values; it returns the bot's response.
func (h *harness) press(t *testing.T, user, customID string, values ...string) callback {
	t.Helper()
	e := h.interaction(t, "interaction_button.json").set("member.user.id", user).set("data.custom_id", customID)
	if len(values) > 0 {
		e.set("data.component_type", 3).set("data.values", values)
	}
	return h.callbackOf(t, h.interact(t, e))
}

// TestVoteChanged votes 👍 then 👎 with a reason on one answer as one
// user: one stored vote, changed, which a reopened store still holds.
func TestVoteChanged(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h, store := votingBot(t, dir)
	key, comps := h.askAnswered(t, "u-vote")
	for _, id := range []string{"passages:" + key, "fb:up:" + key, "fb:down:" + key} {
		if !strings.Contains(comps, `"custom_id":"`+id+`"`) {
			t.Errorf("answer components = %s, want a button %s", comps, id)
		}
	}

	up := h.press(t, "u-vote", "fb:up:"+key)
	if up.Type != typeMessage || up.Data.Flags&flagPrivate == 0 || up.Data.Content != msgVoted {
		t.Errorf("👍 got type %d flags %d %q, want %q privately", up.Type, up.Data.Flags, up.Data.Content, msgVoted)
	}
	down := h.press(t, "u-vote", "fb:down:"+key)
	if down.Type != typeMessage || down.Data.Flags&flagPrivate == 0 || len(down.Data.Components) != 1 ||
		!strings.Contains(string(down.Data.Components[0]), `"custom_id":"fb:why:`+key+`"`) {
		t.Errorf("👎 got type %d flags %d components %s, want a private menu fb:why:%s", down.Type, down.Data.Flags, down.Data.Components, key)
	}
	votes, err := store.List(time.Time{})
	if err != nil || len(votes) != 1 || votes[0].Up || votes[0].Reason != "" {
		t.Fatalf("votes after 👎 = %+v, %v; want one 👎 without a reason", votes, err)
	}
	why := h.press(t, "u-vote", "fb:why:"+key, feedback.ReasonOutdated)
	if why.Type != typeUpdate || !strings.HasPrefix(why.Data.Content, msgVoted) {
		t.Errorf("reason got type %d %q, want an update saying %q", why.Type, why.Data.Content, msgVoted)
	}

	reopened, err := feedback.Open(filepath.Join(dir, feedback.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	votes, err = reopened.List(time.Time{})
	if err != nil || len(votes) != 1 {
		t.Fatalf("votes after reopening = %+v, %v; want one", votes, err)
	}
	v := votes[0]
	if v.AnswerKey != key || v.UserID != "u-vote" || v.Up || v.Reason != feedback.ReasonOutdated ||
		v.Question == "" || v.Answer == "" || len(v.ArticleIDs) == 0 || v.AskedAt.IsZero() || v.VotedAt.IsZero() {
		t.Errorf("stored vote = %+v, want u-vote's 👎 on %s, outdated, with question, answer, cited ids and times", v, key)
	}
}

// TestVoteOnForgottenAnswer presses 👍 under an answer the bot no longer
// remembers: a private note, nothing stored.
func TestVoteOnForgottenAnswer(t *testing.T) {
	t.Parallel()
	h, store := votingBot(t, t.TempDir())
	for _, tc := range []struct {
		name, id, want string
	}{
		{"up", "fb:up:404", msgVoteGone},
		{"reason without a vote", "fb:why:404", msgVoteGone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cb callback
			if strings.Contains(tc.id, "why") {
				cb = h.press(t, "u-old", tc.id, feedback.ReasonOther)
			} else {
				cb = h.press(t, "u-old", tc.id)
			}
			if cb.Data.Content != tc.want {
				t.Errorf("%s got %q, want %q", tc.id, cb.Data.Content, tc.want)
			}
		})
	}
	if votes, _ := store.List(time.Time{}); len(votes) != 0 {
		t.Errorf("votes = %+v, want none", votes)
	}
}

// voteHelperEnv, set to a folder, makes TestVoteSurvivesKill the helper
// process that votes there.
const voteHelperEnv = "ARCHIVIST_VOTE_HELPER_DIR"

// TestVoteSurvivesKill runs a helper process of the test binary that
// records a vote through the fake Discord and prints "acked" once the vote
// is acknowledged; it is killed with SIGKILL on that line, and the vote is
// in the file.
func TestVoteSurvivesKill(t *testing.T) {
	if dir := os.Getenv(voteHelperEnv); dir != "" {
		h, _ := votingBot(t, dir)
		key, _ := h.askAnswered(t, "u-kill")
		h.press(t, "u-kill", "fb:down:"+key)
		os.Stdout.WriteString("acked\n")
		time.Sleep(time.Minute) // killed here
		return
	}
	if testing.Short() {
		t.Skip("starts a helper process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestVoteSurvivesKill$", "-test.count=1")
	cmd.Env = append(os.Environ(), voteHelperEnv+"="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == "acked" {
				cmd.Process.Kill() // SIGKILL
				acked <- true
				return
			}
		}
		acked <- false
	}()
	select {
	case ok := <-acked:
		if !ok {
			cmd.Wait()
			t.Fatal("the helper ended without acknowledging a vote")
		}
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("the helper acknowledged no vote within a minute")
	}
	cmd.Wait()
	votes, err := feedback.ReadFile(filepath.Join(dir, feedback.FileName), time.Time{})
	if err != nil || len(votes) != 1 || votes[0].UserID != "u-kill" || votes[0].Up {
		t.Errorf("votes after kill -9 = %+v, %v; want u-kill's 👎", votes, err)
	}
}

// TestVoteAfterRestart votes on an answer sent before the bot restarted (a
// new Bot on the same votes file, with nothing in memory): 👎 and its
// reason are recorded with the answer's question, text and cited ids.
func TestVoteAfterRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	before, _ := votingBot(t, dir)
	key, _ := before.askAnswered(t, "u-restart")
	if err := before.stop(); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}

	after, store := votingBot(t, dir)
	if _, ok := after.bot.answers.get(key); ok {
		t.Fatalf("a new bot remembers answer %s in memory; want it only in the store", key)
	}
	tests := []struct {
		name, customID string
		values         []string
		wantType       int
		wantPrefix     string
	}{
		{"down", "fb:down:" + key, nil, typeMessage, msgVotedDown},
		{"reason", "fb:why:" + key, []string{feedback.ReasonWrongSource}, typeUpdate, msgVoted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cb := after.press(t, "u-restart", tt.customID, tt.values...)
			if cb.Type != tt.wantType || !strings.HasPrefix(cb.Data.Content, tt.wantPrefix) {
				t.Errorf("%s got type %d %q, want type %d %q", tt.customID, cb.Type, cb.Data.Content, tt.wantType, tt.wantPrefix)
			}
		})
	}
	votes, err := store.List(time.Time{})
	if err != nil || len(votes) != 1 {
		t.Fatalf("votes = %+v, %v; want one", votes, err)
	}
	v := votes[0]
	if v.AnswerKey != key || v.UserID != "u-restart" || v.Up || v.Reason != feedback.ReasonWrongSource ||
		v.Question == "" || v.Answer == "" || len(v.ArticleIDs) == 0 || v.AskedAt.IsZero() || v.VotedAt.IsZero() {
		t.Errorf("stored vote = %+v, want u-restart's 👎 on %s, wrong source, with question, answer, cited ids and times", v, key)
	}
}
