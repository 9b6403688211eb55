package bot

import (
	"strconv"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestFollowUp(t *testing.T) {
	asOf := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	y2019 := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	bridge := turn{question: "Who ran the bridge authority in 2016?", when: "in 2016", articles: []string{"The [new] bridge opens"}}
	filtered := turn{question: "What did the council decide?", from: y2019, to: y2019.AddDate(1, 0, -1)}
	tests := []struct {
		name, question string
		before         []turn
		wantQuery      string
		wantWhen       string
		wantFrom       time.Time
	}{
		{"first question", "Who ran the bridge authority in 2016?", nil, "Who ran the bridge authority in 2016?", "in 2016", time.Time{}},
		{"new time", "and in 2018?", []turn{bridge}, "bridge authority opens and in 2018?", "in 2018", time.Time{}},
		{"time carried", "who runs it?", []turn{bridge}, "bridge authority opens in 2016 who runs it?", "in 2016", time.Time{}},
		{"own terms not repeated", "who ran the bridge?", []turn{bridge}, "authority opens in 2016 who ran the bridge?", "in 2016", time.Time{}},
		{"filter carried", "and the harbour?", []turn{filtered}, "council decide and the harbour?", "", y2019},
		{"filter dropped for a new time", "and in 2021?", []turn{filtered}, "council decide and in 2021?", "in 2021", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, turn := followUp(tt.question, tt.before, asOf)
			if got != tt.wantQuery || turn.when != tt.wantWhen || !turn.from.Equal(tt.wantFrom) {
				t.Errorf("followUp(%q) = %q, when %q, from %v; want %q, %q, %v",
					tt.question, got, turn.when, turn.from, tt.wantQuery, tt.wantWhen, tt.wantFrom)
			}
		})
	}
}

func TestTurnOf(t *testing.T) {
	answer := &discordgo.Message{
		ID:         "1",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{}},
		Embeds: []*discordgo.MessageEmbed{{
			Title: "and in 2018?",
			Fields: []*discordgo.MessageEmbedField{
				{Name: "[1] 1998-06-02", Value: "[The \\[new\\] bridge opens](https://news.example/b)\n> It opened."},
				{Name: "[2] date unknown", Value: "**Council \\*votes\\***\n> It voted."},
			},
			Footer: &discordgo.MessageEmbedFooter{Text: "Searched 2 articles in 0.1 s · Published 2019-01-01 to 2019-12-31"},
		}},
		Timestamp: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
	}
	got, ok := turnOf(answer)
	if !ok || got.question != "and in 2018?" || got.when != "in 2018" || len(got.articles) != 2 ||
		got.articles[0] != "The [new] bridge opens" || got.articles[1] != "Council *votes*" ||
		got.from.Format(dateLayout) != "2019-01-01" || got.to.Format(dateLayout) != "2019-12-31" {
		t.Errorf("turnOf = %+v, %v; want the question, its time, both titles and the filter", got, ok)
	}
	if _, ok := turnOf(&discordgo.Message{Content: "I'm restarting"}); ok {
		t.Errorf("turnOf(a plain message) = ok, want not an answer")
	}
}

// TestConversationsBounded checks that conversations keep their last
// maxTurns turns, expire after conversationTTL, and number at most
// maxConversations.
func TestConversationsBounded(t *testing.T) {
	now := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	c := newConversations(func() time.Time { return now })
	var turns []turn
	for i := range maxTurns + 3 {
		turns = append(turns, turn{question: strconv.Itoa(i)})
	}
	c.put(turns, "a")
	if got, _ := c.get("a"); len(got) != maxTurns || got[0].question != "3" {
		t.Errorf("get(a) = %d turns from %+v, want the last %d", len(got), got, maxTurns)
	}
	for i := range maxConversations + 10 {
		now = now.Add(time.Second)
		c.put(turns[:1], "k"+strconv.Itoa(i))
	}
	if n := len(c.m); n != maxConversations {
		t.Errorf("%d conversations kept, want %d", n, maxConversations)
	}
	if _, ok := c.get("a"); ok {
		t.Errorf("get(a) found the least recent conversation, want it forgotten")
	}
	now = now.Add(conversationTTL + time.Second)
	if _, ok := c.get("k20"); ok {
		t.Errorf("get(k20) found an expired conversation")
	}
}
