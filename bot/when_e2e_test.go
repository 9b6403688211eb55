package bot

import (
	"strings"
	"testing"
	"time"

	"archivist/retrieval"
)

// TestQuestionTime drives questions with and without dates through the fake
// Discord (issue #10): each reaches the answerer with its time, the
// interaction's or the message's, and its from and to as a filter; a bad
// date is refused privately and nothing is asked.
func TestQuestionTime(t *testing.T) {
	t.Parallel()
	h := startBot(t, sharedConfig())
	// refused are the questions a bad date must keep from the answerer.
	var refused []string

	t.Run("commands", func(t *testing.T) {
		t.Run("ask with from and to", func(t *testing.T) {
			t.Parallel()
			q := "When did the bridge open, in 2019?"
			e := h.interaction(t, "interaction_ask_dates.json").set("member.user.id", "u-dates").
				set("data.options.0.value", q)
			m := h.finalEdit(t, h.interact(t, e))
			got := h.answerer.askOptions(q)
			want := retrieval.Time{AsOf: snowflakeTime(t, e.str("id")), From: date("2019-01-01"), To: date("2019-12-31")}
			if len(got) != 1 || got[0].Time != want {
				t.Fatalf("Ask options = %+v, want one with Time %+v", got, want)
			}
			if len(m.Embeds) != 1 || m.Embeds[0].Footer == nil ||
				!strings.Contains(m.Embeds[0].Footer.Text, "Published 2019-01-01 to 2019-12-31") {
				t.Errorf("answer = %+v, want a footer naming the dates", m.Embeds)
			}
		})

		t.Run("ask without dates", func(t *testing.T) {
			t.Parallel()
			q := "When did the bridge open, with no dates?"
			e := h.interaction(t, "interaction_ask.json").set("member.user.id", "u-nodates").
				set("data.options.0.value", q)
			m := h.finalEdit(t, h.interact(t, e))
			got := h.answerer.askOptions(q)
			want := retrieval.Time{AsOf: snowflakeTime(t, e.str("id"))}
			if len(got) != 1 || got[0].Time != want {
				t.Fatalf("Ask options = %+v, want one with Time %+v", got, want)
			}
			if strings.Contains(m.all(), "Published") {
				t.Errorf("answer = %q, want no dates named", m.all())
			}
		})

		t.Run("search from a day", func(t *testing.T) {
			t.Parallel()
			q := "bridge from a day"
			e := h.interaction(t, "interaction_search_dates.json").set("member.user.id", "u-search-dates").
				set("data.options.0.value", q).set("data.options.2.value", "")
			m := h.finalEdit(t, h.interact(t, e))
			got := h.answerer.searchOptions(q)
			want := retrieval.Time{AsOf: snowflakeTime(t, e.str("id")), From: date("2019-01-01")}
			if len(got) != 1 || got[0].Time != want || got[0].K != 5 {
				t.Fatalf("Search options = %+v, want one with K 5 and Time %+v", got, want)
			}
			if !strings.Contains(m.all(), "Published from 2019-01-01") {
				t.Errorf("search = %q, want it to name the dates", m.all())
			}
		})

		for _, tt := range []struct {
			name, payload, from, to string
			want                    []string
		}{
			{"ask with a malformed from", "interaction_ask_dates.json", "2019-13-01", "", []string{"`from`", "YYYY-MM-DD"}},
			{"ask with a day-first to", "interaction_ask_dates.json", "", "31/12/2019", []string{"`to`", "YYYY-MM-DD"}},
			{"ask with to before from", "interaction_ask_dates.json", "2019-12-31", "2019-01-01", []string{"`to`", "`from`"}},
			{"search with a malformed to", "interaction_search_dates.json", "2019-01-01", "2019-02-30", []string{"`to`", "YYYY-MM-DD"}},
		} {
			q := "When did the bridge open? (" + tt.name + ")"
			refused = append(refused, q)
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				e := h.interaction(t, tt.payload).set("member.user.id", "u-"+tt.name).
					set("data.options.0.value", q).set("data.options.1.value", tt.from).set("data.options.2.value", tt.to)
				cb := h.callbackOf(t, h.interact(t, e))
				if cb.Type != typeMessage || cb.Data.Flags&flagPrivate == 0 {
					t.Errorf("callback type %d flags %d, want a private message (4, 64)", cb.Type, cb.Data.Flags)
				}
				for _, want := range tt.want {
					if !strings.Contains(cb.Data.Content, want) {
						t.Errorf("message = %q, want it to hold %q", cb.Data.Content, want)
					}
				}
			})
		}

		for _, tt := range []struct {
			name, payload, timestamp string
		}{
			{"mention", "message_mention.json", "2024-05-01T10:00:00.000000+00:00"},
			{"direct message", "message_dm.json", "2023-02-03T04:05:06.789000+00:00"},
		} {
			t.Run(tt.name+" is asked at its timestamp", func(t *testing.T) {
				t.Parallel()
				q := "When did the bridge open? (" + tt.name + ")"
				m := h.message(t, tt.payload).set("author.id", "u-time-"+tt.name).
					set("content", "<@"+h.fake.BotID()+"> "+q).set("timestamp", tt.timestamp)
				h.dispatch(t, "MESSAGE_CREATE", m)
				h.replyTo(t, m.str("id"))
				sent, err := time.Parse(time.RFC3339Nano, tt.timestamp)
				if err != nil {
					t.Fatal(err)
				}
				got := h.answerer.askOptions(q)
				if len(got) != 1 || !got[0].Time.AsOf.Equal(sent) || !got[0].Time.From.IsZero() || !got[0].Time.To.IsZero() {
					t.Errorf("Ask options = %+v, want one with AsOf %v and no filter", got, sent)
				}
			})
		}
	})

	// Once the bot has stopped, every handler has returned: a refused
	// question was never asked, nor searched.
	if err := h.stop(); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	for _, q := range refused {
		if got := h.answerer.askOptions(q); len(got) != 0 {
			t.Errorf("asked %q %d times, want it refused", q, len(got))
		}
		if got := h.answerer.searchOptions(q); len(got) != 0 {
			t.Errorf("searched %q %d times, want it refused", q, len(got))
		}
	}
}
