package bot

import (
	"encoding/json"
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
