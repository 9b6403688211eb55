package bot

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestAskMessage drives the message context-menu command "Ask the archive"
// through the fake Discord with a recorded payload: the target message's
// text is the question, asked at the message's time, answered privately;
// a message without text gets a private note.
func TestAskMessage(t *testing.T) {
	t.Parallel()
	h := startBot(t, sharedConfig())

	tests := []struct {
		name, content string
		wantType      int
		want          string // in the final answer, or the note
	}{
		{"question", "Does anyone know when the bridge opened?", typeDeferred, "1 June 1998"},
		{"mention taken out", "<@" + h.fake.BotID() + "> when did the bridge open?", typeDeferred, "1 June 1998"},
		{"no text", "  ", typeMessage, msgNoText},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := h.interaction(t, "interaction_ask_message.json").set("member.user.id", "u-menu-"+string(rune('a'+i))).
				set("data.resolved.messages.1200000000000000055.content", tt.content)
			token := h.interact(t, e)
			cb := h.callbackOf(t, token)
			if cb.Type != tt.wantType || cb.Data.Flags&flagPrivate == 0 {
				t.Fatalf("callback type %d flags %d, want type %d, private", cb.Type, cb.Data.Flags, tt.wantType)
			}
			if tt.wantType == typeMessage {
				if cb.Data.Content != tt.want {
					t.Errorf("note = %q, want %q", cb.Data.Content, tt.want)
				}
				return
			}
			if got := h.finalEdit(t, token).all(); !strings.Contains(got, tt.want) {
				t.Errorf("answer = %q, want it to hold %q", got, tt.want)
			}
			q := strings.TrimSpace(strings.ReplaceAll(tt.content, "<@"+h.fake.BotID()+">", ""))
			if !slices.Contains(h.answerer.questions(), q) {
				t.Fatalf("questions asked = %q, want %q", h.answerer.questions(), q)
			}
			opts := h.answerer.askOptions(q)
			want := time.Date(2019, 3, 4, 8, 30, 0, 0, time.UTC)
			if len(opts) == 0 || !opts[0].Time.AsOf.Equal(want) {
				t.Errorf("AskOptions = %+v, want AsOf %v (the message's time)", opts, want)
			}
		})
	}
}
