package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"archivist/bot/discordtest"
)

// An application without the Message Content intent turned on: Discord
// refuses the IDENTIFY with close code 4014. The bot connects again without
// it, says what to turn on, still answers mentions, and ignores follow-ups,
// which would arrive without their text.
func TestWithoutMessageContent(t *testing.T) {
	t.Parallel()
	h := startBotWith(t, sharedConfig(), func(f *discordtest.Server) {
		f.RefuseIntents(int(discordgo.IntentsMessageContent))
	})
	if !strings.Contains(h.logs.String(), "Message Content Intent") {
		t.Errorf("no warning naming the intent to turn on:\n%s", h.logs.String())
	}
	if got := h.fake.Gateway().Intents; got&int(discordgo.IntentsMessageContent) != 0 {
		t.Errorf("the bot identified with intents %b, want Message Content left out", got)
	}
	q := h.message(t, "message_mention.json").set("author.id", "u-nocontent").set("channel_id", otherChannel).
		set("content", "<@"+h.fake.BotID()+"> What did the council vote on?")
	h.dispatch(t, "MESSAGE_CREATE", q)
	if r := h.replyTo(t, q.str("id")); !strings.Contains(r.all(), "dredge the harbour") {
		t.Fatalf("reply to a mention = %q, want the answer", r.all())
	}
	answer, _ := h.sentIn(t, otherChannel, "dredge the harbour")
	f := h.message(t, "message_mention.json").set("author.id", "u-nocontent").set("channel_id", otherChannel).
		set("mentions", []any{}).set("content", "").
		set("type", 19).set("message_reference", map[string]any{"message_id": answer["id"], "channel_id": otherChannel, "guild_id": guildID}).
		set("referenced_message", answer)
	h.dispatch(t, "MESSAGE_CREATE", f)
	time.Sleep(300 * time.Millisecond)
	for _, c := range h.fake.Calls(discordtest.Match(discordtest.RouteChannelMessage, "")) {
		var m messageBody
		if c.Decode(&m) == nil && m.Reference != nil && m.Reference.MessageID == f.str("id") {
			t.Errorf("the bot answered a follow-up it cannot read: %q", m.all())
		}
	}
}
