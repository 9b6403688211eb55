package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"archivist/retrieval"

	"github.com/bwmarrin/discordgo"
)

// dateLayout is how the from and to options are written: YYYY-MM-DD.
const dateLayout = "2006-01-02"

// interactionTime returns when an interaction was created, read from its
// id (a snowflake), in UTC; now when the id is not one.
func interactionTime(i *discordgo.Interaction) time.Time {
	if t, err := discordgo.SnowflakeTimestamp(i.ID); err == nil {
		return t.UTC()
	}
	return time.Now().UTC()
}

// messageTime returns when a message was sent: its timestamp, else the
// time its id holds, else now.
func messageTime(m *discordgo.Message) time.Time {
	if !m.Timestamp.IsZero() {
		return m.Timestamp.UTC()
	}
	if t, err := discordgo.SnowflakeTimestamp(m.ID); err == nil {
		return t.UTC()
	}
	return time.Now().UTC()
}

// dateFilter reads the from and to options, either of which may be empty,
// as a filter on publication dates. msg is what to tell the user when one
// is not a date written YYYY-MM-DD, or when to is before from; it is ""
// when the filter may be used.
func dateFilter(from, to string) (t retrieval.Time, msg string) {
	for _, o := range []struct {
		name, value string
		date        *time.Time
	}{{"from", from, &t.From}, {"to", to, &t.To}} {
		v := strings.TrimSpace(o.value)
		if v == "" {
			continue
		}
		d, err := time.Parse(dateLayout, v)
		if err != nil {
			return retrieval.Time{}, fmt.Sprintf("The `%s` date must be written YYYY-MM-DD, for example 2019-01-31. "+
				"Please correct it and ask again.", o.name)
		}
		*o.date = d
	}
	if !t.From.IsZero() && !t.To.IsZero() && t.To.Before(t.From) {
		return retrieval.Time{}, fmt.Sprintf("The `to` date (%s) is before the `from` date (%s), so no article fits "+
			"between them. Please swap them and ask again.", t.To.Format(dateLayout), t.From.Format(dateLayout))
	}
	return t, ""
}

// commandTime returns the time of a slash command's question: the
// interaction's creation time, and its from and to options as a filter.
// When an option is not a valid date it tells the user so, privately, and
// returns false: nothing is to be asked.
func (b *Bot) commandTime(ctx context.Context, out *sender, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) (retrieval.Time, bool) {
	t, msg := dateFilter(optString(data, "from"), optString(data, "to"))
	if msg != "" {
		b.log.Debug("invalid date option", "interaction", i.ID, "from", optString(data, "from"), "to", optString(data, "to"))
		b.respond(ctx, out, i, reply{Content: msg, Ephemeral: true})
		return retrieval.Time{}, false
	}
	t.AsOf = interactionTime(i)
	return t, true
}

// describeFilter says which publication dates t's filter allows, for a
// footer: "Published 2019-01-01 to 2019-12-31"; "" when it sets none.
func describeFilter(t retrieval.Time) string {
	from, to := t.From.Format(dateLayout), t.To.Format(dateLayout)
	switch {
	case t.From.IsZero() && t.To.IsZero():
		return ""
	case t.To.IsZero():
		return "Published from " + from
	case t.From.IsZero():
		return "Published up to " + to
	case from == to:
		return "Published " + from
	}
	return "Published " + from + " to " + to
}
