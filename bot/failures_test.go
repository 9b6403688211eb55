package bot

import (
	"strings"
	"testing"

	"archivist/retrieval"
)

// TestFallbackDetailIsLoggedNotShown asks a question whose written answer
// failed (issue #11, item 4): the user sees the answer with the fixed note
// in its footer, never the failure's detail, which goes to the log once
// with the interaction's or message's id.
func TestFallbackDetailIsLoggedNotShown(t *testing.T) {
	t.Parallel()
	h := startBot(t, sharedConfig())
	tests := []struct {
		name string
		ask  func(t *testing.T) (shown, key, id string)
	}{
		{"slash command", func(t *testing.T) (string, string, string) {
			e := h.interaction(t, "interaction_ask.json").set("member.user.id", "u-fallback").
				set("data.options.0.value", "fallback: when did the bridge open?")
			return h.finalEdit(t, h.interact(t, e)).all(), "interaction", e.str("id")
		}},
		{"mention", func(t *testing.T) (string, string, string) {
			m := h.message(t, "message_mention.json").set("author.id", "u-fallback-mention").
				set("content", "<@"+h.fake.BotID()+"> fallback: when did the bridge open?")
			h.dispatch(t, "MESSAGE_CREATE", m)
			return h.replyTo(t, m.str("id")).all(), "message", m.str("id")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shown, key, id := tt.ask(t)
			if !strings.Contains(shown, "1 June 1998") || !strings.Contains(shown, retrieval.NoteLLMFallback) {
				t.Errorf("shown %q, want the answer and the note %q", shown, retrieval.NoteLLMFallback)
			}
			for _, secret := range []string{"127.0.0.1", "connection refused", "openai-compatible"} {
				if strings.Contains(shown, secret) {
					t.Errorf("shown %q, want no %q", shown, secret)
				}
			}
			var lines []string
			for _, l := range strings.Split(h.logs.String(), "\n") {
				if strings.Contains(l, "connection refused") && strings.Contains(l, `"`+key+`":"`+id+`"`) {
					lines = append(lines, l)
				}
			}
			if len(lines) != 1 {
				t.Errorf("%d log lines hold the detail with %s %s, want 1:\n%s", len(lines), key, id, h.logs.String())
			}
		})
	}
}
