package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"archivist/bot/discordtest"
)

// Interaction response types, as Discord numbers them, beyond those of
// e2e_test.go.
const typeDeferredUpdate = 6

// TestMentionBurst sends 20 mentions from one user at once (issue #11,
// item 5): the bot answers as many as the rate limit allows, tells the
// user once that they are over it, and ignores the rest.
func TestMentionBurst(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	limit := h.bot.cfg.RateLimit
	ids := map[string]bool{}
	for i := range 20 {
		m := h.message(t, "message_mention.json").set("author.id", "u-burst").
			set("content", fmt.Sprintf("<@%s> when did the bridge open? (%d)", h.fake.BotID(), i))
		ids[m.str("id")] = true
		h.dispatch(t, "MESSAGE_CREATE", m)
	}
	replies := func() (answers, notices, other int) {
		for _, c := range h.fake.Calls(discordtest.Match(discordtest.RouteChannelMessage, "")) {
			var m messageBody
			if c.Decode(&m) != nil || m.Reference == nil || !ids[m.Reference.MessageID] {
				continue
			}
			switch {
			case strings.Contains(m.all(), "1 June 1998"):
				answers++
			case strings.Contains(m.Content, "asking quickly"):
				notices++
			default:
				other++
			}
		}
		return answers, notices, other
	}
	deadline := time.Now().Add(waitFor)
	for a, n, _ := replies(); (a < limit || n < 1) && time.Now().Before(deadline); a, n, _ = replies() {
		time.Sleep(10 * time.Millisecond)
	}
	// The refused mentions take no time; give any stray reply time to come.
	time.Sleep(300 * time.Millisecond)
	if a, n, o := replies(); a != limit || n != 1 || o != 0 {
		t.Errorf("20 mentions got %d answers, %d notices and %d other replies; want %d answers and 1 notice",
			a, n, o, limit)
	}
}

// TestCommandFlood sends 30 of one command or button press from one user at
// once (issue #11, item 5): the bot replies to as many as the limit allows,
// sends one private notice, and acknowledges the rest without a word, as
// Discord requires of every interaction.
func TestCommandFlood(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		edit       func(event) event
		silent     int // the response type of a silent acknowledgement
	}{
		{"sources", "interaction_sources.json", func(e event) event { return e }, typeDeferred},
		{"help", "interaction_help.json", func(e event) event { return e }, typeDeferred},
		{"Show passages", "interaction_button.json", func(e event) event { return e.set("data.custom_id", "passages:404") },
			typeDeferredUpdate},
		{"search", "interaction_search.json", func(e event) event { return e }, typeDeferred},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := startBot(t, sharedConfig())
			limit := h.bot.cfg.CommandRateLimit
			if tt.name == "search" {
				limit = h.bot.cfg.RateLimit
			}
			var tokens []string
			for range 30 {
				tokens = append(tokens, h.interact(t, tt.edit(h.interaction(t, tt.file).set("member.user.id", "u-flood"))))
			}
			replies, notices, silent := 0, 0, 0
			for _, tok := range tokens {
				cb := h.callbackOf(t, tok)
				switch {
				case cb.Type == typeMessage && strings.Contains(cb.Data.Content, "quickly"):
					notices++
					if cb.Data.Flags&flagPrivate == 0 {
						t.Errorf("the notice is public, want it private")
					}
				case cb.Type == tt.silent && (cb.Type == typeDeferredUpdate || cb.Data.Flags&flagPrivate != 0) &&
					(tt.silent == typeDeferredUpdate || len(h.fake.Calls(discordtest.Match(discordtest.RouteEditOriginal, tok))) == 0):
					// A deferred reply may still be an answer on its way
					// (/search): it is silent only once deleted.
					if tt.silent == typeDeferred {
						h.wait(t, discordtest.RouteDeleteOriginal, tok)
					}
					silent++
				default:
					replies++
				}
				if n := len(h.fake.Calls(discordtest.Match(discordtest.RouteCallback, tok))); n != 1 {
					t.Errorf("interaction acknowledged %d times, want once", n)
				}
			}
			if replies != limit || notices != 1 || silent != 30-limit-1 {
				t.Errorf("30 interactions got %d replies, %d notices and %d silent acknowledgements; want %d, 1 and %d",
					replies, notices, silent, limit, 30-limit-1)
			}
		})
	}
}

// TestUnknownInteractionsAcknowledged sends a command and a button the bot
// does not know (left from an older version, say): each is acknowledged,
// the command with a private hint, the button in silence.
func TestUnknownInteractionsAcknowledged(t *testing.T) {
	t.Parallel()
	h := startBot(t, sharedConfig())
	cmd := h.callbackOf(t, h.interact(t, h.interaction(t, "interaction_help.json").set("data.name", "frobnicate")))
	if cmd.Type != typeMessage || cmd.Data.Content != msgUnknown || cmd.Data.Flags&flagPrivate == 0 {
		t.Errorf("unknown command got type %d flags %d %q, want %q privately", cmd.Type, cmd.Data.Flags, cmd.Data.Content, msgUnknown)
	}
	button := h.callbackOf(t, h.interact(t, h.interaction(t, "interaction_button.json").set("data.custom_id", "vote:up:1")))
	if button.Type != typeDeferredUpdate {
		t.Errorf("unknown button got type %d, want a deferred update (%d)", button.Type, typeDeferredUpdate)
	}
}
