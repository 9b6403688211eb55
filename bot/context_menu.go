package bot

import (
	"context"

	"archivist/retrieval"

	"github.com/bwmarrin/discordgo"
)

// askMessageCommand is the name of the message context-menu command that
// asks the archive a message's text.
const askMessageCommand = "Ask the archive"

// msgNoText is the note for "Ask the archive" on a message without text.
const msgNoText = "That message has no text to ask the archive; pick a message with a question in it, or use /ask."

// askMessageCommandDef is the message context-menu command (type 3), which
// has neither description nor options.
func askMessageCommandDef() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{Name: askMessageCommand, Type: discordgo.MessageApplicationCommand}
}

// askMessage answers "Ask the archive" on a message: its text, the bot's
// mention taken out, is the question, asked at the time the message was
// sent (so that "this week" in a message of last month means that week),
// and the answer is shown to the user alone.
func (b *Bot) askMessage(work, ctx context.Context, out *sender, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	var m *discordgo.Message
	if data.Resolved != nil {
		m = data.Resolved.Messages[data.TargetID]
	}
	if m == nil {
		b.log.Warn("context-menu command without its message", "interaction", i.ID, "target", data.TargetID)
		b.metrics.Question(SourceSlash, OutcomeRefused, 0)
		b.respond(ctx, out, i, reply{Content: msgNoText, Ephemeral: true})
		return
	}
	if m.ID == "" {
		m.ID = data.TargetID
	}
	question := stripMention(m.Content, i.AppID)
	if question == "" {
		b.metrics.Question(SourceSlash, OutcomeRefused, 0)
		b.respond(ctx, out, i, reply{Content: msgNoText, Ephemeral: true})
		return
	}
	b.ask(work, ctx, out, i, question, true, false, retrieval.Time{AsOf: messageTime(m)})
}
