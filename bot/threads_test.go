package bot

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"archivist/bot/discordtest"
)

// forget clears the conversations a bot keeps in memory, as a restart does.
func (c *conversations) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.m)
}

// sentIn waits for the bot's message in channel whose text holds want, and
// returns it as Discord keeps it (with its id).
func (h *harness) sentIn(t *testing.T, channel, want string) (map[string]any, messageBody) {
	t.Helper()
	var body messageBody
	h.waitMatch(t, func(c discordtest.Call) bool {
		var b messageBody
		if c.Route != discordtest.RouteChannelMessage || c.Channel != channel || c.Decode(&b) != nil || !strings.Contains(b.all(), want) {
			return false
		}
		body = b
		return true
	})
	// The fake records a call as it arrives and keeps the message once it
	// has answered it: wait for the message too.
	for deadline := time.Now().Add(waitFor); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		for _, m := range slices.Backward(h.fake.Messages(channel)) {
			raw, _ := json.Marshal(m)
			if a, _ := m["author"].(map[string]any); a["id"] == h.fake.BotID() && strings.Contains(string(raw), want) {
				return m, body
			}
		}
	}
	t.Fatalf("no message holding %q in channel %s", want, channel)
	return nil, body
}

// askedLike waits until the answerer was asked a query that holds every
// one of want, and returns it.
func (h *harness) askedLike(t *testing.T, want ...string) string {
	t.Helper()
	var got string
	h.waitMatch(t, func(discordtest.Call) bool {
		for _, q := range h.answerer.questions() {
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(q, w)
			}
			if ok {
				got = q
				return true
			}
		}
		return false
	})
	return got
}

// TestThreads drives a conversation through the fake Discord: a mention
// in a text channel starts a thread named from the question, where the
// answer goes; in that thread, messages without a mention are follow-ups
// read with the earlier questions: one that changes only the time, one that
// changes the subject within the topic (after a restart, so the thread's
// history is read back from Discord).
func TestThreads(t *testing.T) {
	t.Parallel()
	h := startBot(t, sharedConfig())
	h.fake.AddChannel(discordtest.Channel{ID: listedChannel, GuildID: guildID, Name: "general"})

	q := h.message(t, "message_mention.json").set("author.id", "u-thread")
	h.dispatch(t, "MESSAGE_CREATE", q)
	thread := q.str("id")
	h.sentIn(t, thread, "1 June 1998")
	th, ok := h.fake.Thread(thread)
	if !ok || th.ParentID != listedChannel || th.Name != "When did the bridge open?" {
		t.Fatalf("thread = %+v, %v; want one named from the question under %s", th, ok, listedChannel)
	}
	if n := len(h.fake.Calls(discordtest.Match(discordtest.RouteChannelMessage, ""))); n != 1 {
		t.Errorf("%d messages sent, want the answer in the thread only", n)
	}

	followUps := []struct {
		name, content string
		restart       bool
		wantQuery     []string
	}{
		{"time only", "and in 2018?", false, []string{"bridge", "and in 2018?"}},
		{"new subject, same topic, after a restart", "who built it?", true, []string{"bridge", "in 2018", "who built it?"}},
	}
	for _, tt := range followUps {
		t.Run(tt.name, func(t *testing.T) {
			if tt.restart {
				h.bot.convs.forget()
			}
			reads := len(h.fake.Calls(discordtest.Match(discordtest.RouteChannelMessages, "")))
			m := h.message(t, "message_mention.json").set("author.id", "u-thread").set("channel_id", thread).
				set("mentions", []any{}).set("content", tt.content)
			h.dispatch(t, "MESSAGE_CREATE", m)
			got := h.askedLike(t, tt.content)
			for _, w := range tt.wantQuery {
				if !strings.Contains(got, w) {
					t.Errorf("query = %q, want it to hold %q", got, w)
				}
			}
			if r := h.replyTo(t, m.str("id")); len(r.Embeds) == 0 || r.Embeds[0].Title != tt.content {
				t.Errorf("reply = %+v, want the answer titled %q", r, tt.content)
			}
			after := len(h.fake.Calls(discordtest.Match(discordtest.RouteChannelMessages, "")))
			if tt.restart && after == reads {
				t.Errorf("no read of the thread's history after a restart")
			}
			if !tt.restart && after != reads {
				t.Errorf("thread history read though it was in memory")
			}
		})
	}
	if n := len(h.fake.Calls(discordtest.Match(discordtest.RouteStartThread, ""))); n != 1 {
		t.Errorf("%d threads started, want 1", n)
	}
}

// TestReplyFollowUp checks that a reply to one of the bot's answers, where
// no thread could be started, is a follow-up without a mention, even once
// the bot has forgotten the conversation.
func TestReplyFollowUp(t *testing.T) {
	t.Parallel()
	h := startBot(t, sharedConfig())
	q := h.message(t, "message_mention.json").set("author.id", "u-reply").set("channel_id", otherChannel).
		set("content", "<@"+h.fake.BotID()+"> What did the council vote on?")
	h.dispatch(t, "MESSAGE_CREATE", q)
	if r := h.replyTo(t, q.str("id")); !strings.Contains(r.all(), "dredge the harbour") {
		t.Fatalf("reply = %q, want the council's answer in the channel (no thread there)", r.all())
	}
	answer, _ := h.sentIn(t, otherChannel, "dredge the harbour")
	h.bot.convs.forget()

	f := h.message(t, "message_mention.json").set("author.id", "u-reply").set("channel_id", otherChannel).
		set("mentions", []any{}).set("content", "how long did the work take?").
		set("type", 19).set("message_reference", map[string]any{"message_id": answer["id"], "channel_id": otherChannel, "guild_id": guildID}).
		set("referenced_message", answer)
	h.dispatch(t, "MESSAGE_CREATE", f)
	got := h.askedLike(t, "how long did the work take?")
	for _, w := range []string{"council", "harbour"} {
		if !strings.Contains(got, w) {
			t.Errorf("query = %q, want it to hold %q", got, w)
		}
	}
	if r := h.replyTo(t, f.str("id")); !strings.Contains(r.all(), "two years") && !strings.Contains(r.all(), "harbour") {
		t.Errorf("reply = %q, want the answer", r.all())
	}
}

// askOptions are /ask's options: the question, then each boolean option
// named in flags set to true.
func askOptions(question string, flags ...string) []any {
	opts := []any{map[string]any{"name": "question", "type": 3, "value": question}}
	for _, f := range flags {
		opts = append(opts, map[string]any{"name": f, "type": 5, "value": true})
	}
	return opts
}

// TestAskThread asks /ask with thread:true in a guild text channel: the
// answer, sent once as the command's reply, starts a thread named from the
// question, in which a message without a mention is a follow-up.
func TestAskThread(t *testing.T) {
	t.Parallel()
	h := startBot(t, sharedConfig())
	h.fake.AddChannel(discordtest.Channel{ID: listedChannel, GuildID: guildID, Name: "general"})

	e := h.interaction(t, "interaction_ask.json").set("member.user.id", "u-askthread").
		set("data.options", askOptions("When did the bridge open?", "thread"))
	token := h.interact(t, e)
	if m := h.finalEdit(t, token); !strings.Contains(m.all(), "1 June 1998") {
		t.Fatalf("answer = %q, want the bridge's date", m.all())
	}
	start := h.wait(t, discordtest.RouteStartThread, "")
	resp, err := http.Get(h.fake.URL + "/api/v9/webhooks/" + h.fake.AppID() + "/" + token + "/messages/@original")
	if err != nil {
		t.Fatal(err)
	}
	var original struct {
		ID string `json:"id"`
	}
	json.NewDecoder(resp.Body).Decode(&original)
	resp.Body.Close()
	if want := "/api/v9/channels/" + listedChannel + "/messages/" + original.ID + "/threads"; start.Path != want {
		t.Errorf("thread started at %s, want %s (on the answer)", start.Path, want)
	}
	thread := original.ID
	th, ok := h.fake.Thread(thread)
	if !ok || th.ParentID != listedChannel || th.Name != "When did the bridge open?" {
		t.Fatalf("thread = %+v, %v; want one named from the question under %s", th, ok, listedChannel)
	}
	if n := len(h.fake.Calls(discordtest.Match(discordtest.RouteChannelMessage, ""))); n != 0 {
		t.Errorf("%d channel messages sent, want none: the reply is the answer", n)
	}
	if n := len(h.fake.Calls(discordtest.Match(discordtest.RouteFollowup, token))); n != 0 {
		t.Errorf("%d follow-up messages sent, want none", n)
	}

	// The bot knows the thread as its own once it has Discord's answer.
	for deadline := time.Now().Add(waitFor); !h.bot.botThread(thread, h.fake.BotID()); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the bot never took thread %s as its own", thread)
		}
	}
	m := h.message(t, "message_mention.json").set("author.id", "u-askthread").set("channel_id", thread).
		set("mentions", []any{}).set("content", "and in 2018?")
	h.dispatch(t, "MESSAGE_CREATE", m)
	if got := h.askedLike(t, "and in 2018?"); !strings.Contains(got, "bridge") {
		t.Errorf("follow-up query = %q, want it to hold %q", got, "bridge")
	}
	if r := h.replyTo(t, m.str("id")); len(r.Embeds) == 0 || r.Embeds[0].Title != "and in 2018?" {
		t.Errorf("follow-up reply = %+v, want the answer titled %q", r, "and in 2018?")
	}
	if n := len(h.fake.Calls(discordtest.Match(discordtest.RouteStartThread, ""))); n != 1 {
		t.Errorf("%d threads started, want 1", n)
	}
}

// TestAskThreadIgnored asks /ask with thread:true where no thread is
// started: with private:true, and in a DM. The answer comes as usual, and
// a private note says why there is no thread.
func TestAskThreadIgnored(t *testing.T) {
	t.Parallel()
	h := startBot(t, sharedConfig())
	h.fake.AddChannel(discordtest.Channel{ID: listedChannel, GuildID: guildID, Name: "general"})
	tests := []struct {
		name  string
		event func() event
	}{
		{"private", func() event {
			return h.interaction(t, "interaction_ask.json").set("member.user.id", "u-thread-private").
				set("data.options", askOptions("When did the bridge open?", "private", "thread"))
		}},
		{"dm", func() event {
			e := h.interaction(t, "interaction_ask.json").set("data.options", askOptions("When did the bridge open?", "thread")).
				set("user", map[string]any{"id": "u-thread-dm", "username": "dm", "discriminator": "0"}).
				set("channel_id", "1000000000000000299").set("context", 1)
			delete(e, "guild_id")
			delete(e, "guild")
			delete(e, "member")
			return e
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := h.interact(t, tt.event())
			if m := h.finalEdit(t, token); !strings.Contains(m.all(), "1 June 1998") {
				t.Errorf("answer = %q, want the bridge's date", m.all())
			}
			var note messageBody
			if err := h.wait(t, discordtest.RouteFollowup, token).Decode(&note); err != nil {
				t.Fatal(err)
			}
			if note.Content != msgThreadIgnored || note.Flags&flagPrivate == 0 {
				t.Errorf("note = %q flags %d, want %q privately", note.Content, note.Flags, msgThreadIgnored)
			}
		})
	}
	if n := len(h.fake.Calls(discordtest.Match(discordtest.RouteStartThread, ""))); n != 0 {
		t.Errorf("%d threads started, want none", n)
	}
}
