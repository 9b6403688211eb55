package bot

import (
	"strings"
	"testing"
	"time"

	"archivist/bot/discordtest"
)

const (
	listedChannel = "1000000000000000200" // the channel of message_mention.json and interaction_ask.json
	otherChannel  = "1000000000000000201"
	listedThread  = "1000000000000000202" // a thread under listedChannel
	otherThread   = "1000000000000000203" // a thread under otherChannel
)

// TestAllowedChannels checks ALLOWED_CHANNEL_IDS through the fake Discord:
// mentions and commands in a listed channel, or in a thread under one, are
// answered; a mention elsewhere is ignored, and a command elsewhere gets a
// private note.
func TestAllowedChannels(t *testing.T) {
	t.Parallel()
	cfg := sharedConfig()
	cfg.AllowedChannelIDs = []string{listedChannel}
	h := startBot(t, cfg)
	h.fake.AddChannel(discordtest.Channel{ID: listedThread, GuildID: guildID, Type: discordtest.ChannelPublicThread, ParentID: listedChannel})
	h.fake.AddChannel(discordtest.Channel{ID: otherThread, GuildID: guildID, Type: discordtest.ChannelPublicThread, ParentID: otherChannel})

	messages := []struct {
		name, channel string
		answered      bool
	}{
		{"listed channel", listedChannel, true},
		{"thread under a listed channel", listedThread, true},
		{"other channel", otherChannel, false},
		{"thread under another channel", otherThread, false},
	}
	for i, tt := range messages {
		t.Run("mention in "+tt.name, func(t *testing.T) {
			user := "u-chan-" + string(rune('a'+i))
			msg := h.message(t, "message_mention.json").set("author.id", user).set("channel_id", tt.channel)
			h.dispatch(t, "MESSAGE_CREATE", msg)
			// A DM sent after it is answered once the mention was handled.
			after := h.message(t, "message_dm.json").set("author.id", user+"-dm").set("content", "What did the council vote on?")
			h.dispatch(t, "MESSAGE_CREATE", after)
			h.replyTo(t, after.str("id"))
			if tt.answered {
				if got := h.replyTo(t, msg.str("id")); !strings.Contains(got.all(), "1 June 1998") {
					t.Errorf("reply = %q, want the answer", got.all())
				}
				return
			}
			time.Sleep(50 * time.Millisecond)
			if n := len(h.fake.Calls(func(c discordtest.Call) bool { return strings.Contains(string(c.Body), msg.str("id")) })); n != 0 {
				t.Errorf("%d replies to a mention in %s, want 0", n, tt.name)
			}
		})
	}

	commands := []struct {
		name, channel string
		wantType      int
		want          string
	}{
		{"listed channel", listedChannel, typeDeferred, ""},
		{"thread under a listed channel", listedThread, typeDeferred, ""},
		{"other channel", otherChannel, typeMessage, msgChannel},
	}
	for i, tt := range commands {
		t.Run("ask in "+tt.name, func(t *testing.T) {
			e := h.interaction(t, "interaction_ask.json").set("member.user.id", "u-chan-ask-"+string(rune('a'+i))).
				set("channel_id", tt.channel)
			cb := h.callbackOf(t, h.interact(t, e))
			if cb.Type != tt.wantType || cb.Data.Content != tt.want {
				t.Errorf("callback type %d %q, want type %d %q", cb.Type, cb.Data.Content, tt.wantType, tt.want)
			}
			if tt.want != "" && cb.Data.Flags&flagPrivate == 0 {
				t.Errorf("note flags %d, want private", cb.Data.Flags)
			}
		})
	}
}
