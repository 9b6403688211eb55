package bot

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// adminPermissions are the permissions that make a member an admin of the
// bot: Manage Server, or Administrator (which implies every permission).
const adminPermissions = discordgo.PermissionManageGuild | discordgo.PermissionAdministrator

// commands returns the slash commands the bot registers. /reload is shown
// by default only to members who may manage the server; the handler checks
// again. Registered globally, the commands may be used in guilds that
// installed the bot, and in DMs with it when dms is true (guild commands
// are used in their guild only).
func commands(maxQuestionLen int, global, dms bool) []*discordgo.ApplicationCommand {
	maxLen := min(maxQuestionLen, 6000)
	manageServer := int64(discordgo.PermissionManageGuild)
	cmds := []*discordgo.ApplicationCommand{
		{
			Name:        "ask",
			Description: "Ask the archive a question; the answer quotes and dates its sources.",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true, MaxLength: maxLen},
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "private", Description: "Show the answer to you alone"},
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "thread", Description: "Answer in a new thread, where follow-ups need no mention"},
				dateOption("from", "Cite only articles published on or after this day, written YYYY-MM-DD"),
				dateOption("to", "Cite only articles published on or before this day, written YYYY-MM-DD"),
			},
		},
		{
			Name:        "search",
			Description: "The archive's best passages for a search, without an answer.",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "query", Description: "What to look for", Required: true, MaxLength: maxLen},
				dateOption("from", "Only articles published on or after this day, written YYYY-MM-DD"),
				dateOption("to", "Only articles published on or before this day, written YYYY-MM-DD"),
			},
		},
		{Name: "sources", Description: "What the archive holds: how many articles, from when to when."},
		{Name: "help", Description: "What this bot does and how to ask it."},
		{Name: "reload", Description: "Bring the archive up to date with its articles (admins).", DefaultMemberPermissions: &manageServer},
		askMessageCommandDef(),
	}
	if global {
		contexts := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
		if dms {
			contexts = append(contexts, discordgo.InteractionContextBotDM)
		}
		installs := []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
		for _, c := range cmds {
			c.Contexts = &contexts
			c.IntegrationTypes = &installs
		}
	}
	return cmds
}

// dateOption is an optional option for a date written YYYY-MM-DD.
func dateOption(name, description string) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: name, Description: description, MaxLength: len(dateLayout),
	}
}

// onInteraction handles a slash command or a button press.
func (b *Bot) onInteraction(work context.Context, out *sender, i *discordgo.Interaction) {
	done, ok := b.track()
	if !ok {
		return
	}
	defer done()
	// Replies may be sent until the interaction's token expires, even
	// while the bot is stopping; answers stop with work.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(work), tokenLife)
	defer cancel()
	log := b.log.With("interaction", i.ID)

	if b.overLimit(ctx, out, i) {
		b.countCommand(i, OutcomeRateLimited)
		return
	}
	if i.GuildID == "" && !b.allowDMs {
		log.Debug("interaction in a DM; DMs are not answered", "user", userID(i))
		b.countCommand(i, OutcomeRefused)
		b.respond(ctx, out, i, reply{Content: msgNoDMs, Ephemeral: true})
		return
	}
	if i.GuildID != "" && len(b.allowedGuilds) > 0 && !b.allowedGuilds[i.GuildID] {
		log.Debug("interaction from a guild not allowed", "guild", i.GuildID)
		b.countCommand(i, OutcomeRefused)
		b.respond(ctx, out, i, reply{Content: msgGuild, Ephemeral: true})
		return
	}
	if i.GuildID != "" && !b.channelAllowed(ctx, out, i.ChannelID) {
		log.Debug("interaction from a channel not allowed", "channel", i.ChannelID)
		b.countCommand(i, OutcomeRefused)
		b.respond(ctx, out, i, reply{Content: msgChannel, Ephemeral: true})
		return
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		data := i.ApplicationCommandData()
		log.Debug("command", "name", data.Name, "user", userID(i))
		switch data.Name {
		case "ask":
			if t, ok := b.commandTime(ctx, out, i, data); ok {
				b.ask(work, ctx, out, i, optString(data, "question"), optBool(data, "private"), optBool(data, "thread"), t)
			} else {
				b.countCommand(i, OutcomeRefused)
			}
		case "search":
			if t, ok := b.commandTime(ctx, out, i, data); ok {
				b.search(work, ctx, out, i, optString(data, "query"), t)
			} else {
				b.countCommand(i, OutcomeRefused)
			}
		case "sources":
			b.respond(ctx, out, i, reply{Embeds: []*discordgo.MessageEmbed{renderSources(b.answerer.Stats())}})
		case "help":
			b.respond(ctx, out, i, reply{Embeds: []*discordgo.MessageEmbed{renderHelp(b.allowDMs)}, Ephemeral: true})
		case "reload":
			b.reload(work, ctx, out, i)
		case askMessageCommand:
			b.askMessage(work, ctx, out, i, data)
		default:
			log.Warn("unknown command", "name", data.Name)
			b.respond(ctx, out, i, reply{Content: msgUnknown, Ephemeral: true})
		}
	case discordgo.InteractionMessageComponent:
		id := i.MessageComponentData().CustomID
		if key, ok := strings.CutPrefix(id, passagesButtonPrefix); ok {
			b.showPassages(ctx, out, i, key)
			return
		}
		if action, ok := strings.CutPrefix(id, voteButtonPrefix); ok {
			b.vote(ctx, out, i, action)
			return
		}
		log.Debug("unknown button", "custom_id", id)
		if err := out.ackSilently(ctx, i); err != nil {
			log.Warn("acknowledge an unknown button", "err", err)
		}
	}
}

// countCommand records the outcome of an /ask or a /search that ended
// before anything was asked; other interactions are not counted.
func (b *Bot) countCommand(i *discordgo.Interaction, o Outcome) {
	if i.Type != discordgo.InteractionApplicationCommand {
		return
	}
	switch i.ApplicationCommandData().Name {
	case "ask":
		b.metrics.Question(SourceSlash, o, 0)
	case "search":
		b.metrics.Search(o)
	}
}

// respond answers an interaction at once, logging a failure.
func (b *Bot) respond(ctx context.Context, out *sender, i *discordgo.Interaction, r reply) {
	if err := out.respond(ctx, i, r); err != nil {
		b.log.Error("respond to interaction", "interaction", i.ID, "err", err)
	}
}

// editReply fills in a deferred reply, logging a failure.
func (b *Bot) editReply(ctx context.Context, out *sender, i *discordgo.Interaction, r reply) {
	if err := out.edit(ctx, i, r); err != nil {
		b.log.Error("edit interaction reply", "interaction", i.ID, "err", err)
	}
}

// userID returns the id of the user who caused an interaction.
func userID(i *discordgo.Interaction) string {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User.ID
	}
	if i.User != nil {
		return i.User.ID
	}
	return ""
}

func optString(d discordgo.ApplicationCommandInteractionData, name string) string {
	for _, o := range d.Options {
		if o.Name == name && o.Type == discordgo.ApplicationCommandOptionString {
			return o.StringValue()
		}
	}
	return ""
}

func optBool(d discordgo.ApplicationCommandInteractionData, name string) bool {
	for _, o := range d.Options {
		if o.Name == name && o.Type == discordgo.ApplicationCommandOptionBoolean {
			return o.BoolValue()
		}
	}
	return false
}
