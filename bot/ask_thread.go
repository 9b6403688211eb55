package bot

import (
	"context"
	"encoding/json"
	"fmt"

	"archivist/retrieval"

	"github.com/bwmarrin/discordgo"
)

// What a user who asked /ask with thread:true is told, privately, when the
// answer stays where it is.
const (
	msgThreadIgnored = "I answered here: a thread is started only for a public answer in a server channel."
	msgNoThreadHere  = "I couldn't start a thread here, so the answer stays in the channel."
)

// askThread says what /ask with thread:true does: whether a thread is
// wanted (a public answer in a guild channel), and else whether to say
// privately why none is started (the option was given in a DM or with
// private:true).
func askThread(i *discordgo.Interaction, private, thread bool) (want, note bool) {
	want = thread && !private && i.GuildID != ""
	return want, thread && !want
}

// threadAnswer moves the conversation of /ask's answer a, now the
// interaction's original reply, into a thread the bot starts on that
// reply, named from the question: the answer is the thread's first
// message, and nothing is sent twice. The thread is one of the bot's,
// with the answer as its first turn, so a message in it is a follow-up as
// in a thread started on a mention. Where no thread can be started (in a
// thread, or without the permission) the answer stays in the channel and
// the user is told so, privately.
func (b *Bot) threadAnswer(ctx context.Context, out *sender, i *discordgo.Interaction, a retrieval.Answer, t retrieval.Time) {
	log := b.log.With("interaction", i.ID)
	if info, ok := b.channels.get(i.ChannelID); ok && info.thread {
		log.Debug("no thread for /ask in a thread")
		b.followup(ctx, out, i, reply{Content: msgNoThreadHere, Ephemeral: true})
		return
	}
	m, err := out.original(ctx, i)
	if err != nil {
		log.Warn("read /ask's reply to start a thread on it", "err", err)
		b.followup(ctx, out, i, reply{Content: msgNoThreadHere, Ephemeral: true})
		return
	}
	th, err := out.startThread(ctx, i.ChannelID, m.ID, cut(a.Question, maxThreadName))
	if err != nil {
		log.Debug("no thread for /ask; the answer stays in the channel", "err", err)
		b.followup(ctx, out, i, reply{Content: msgNoThreadHere, Ephemeral: true})
		return
	}
	_, now := followUp(a.Question, nil, t.AsOf)
	now.from, now.to = t.From, t.To
	for _, c := range a.Citations {
		now.articles = append(now.articles, c.Title)
	}
	// The thread follows the answer up, and so does a reply to it. The
	// conversation is kept before the thread is known as the bot's, so
	// that a message in the thread finds it.
	b.convs.put([]turn{now}, th.ID, m.ID)
	b.channels.learn(th)
}

// followup sends r after an interaction's reply, logging a failure.
func (b *Bot) followup(ctx context.Context, out *sender, i *discordgo.Interaction, r reply) {
	if err := out.followup(ctx, i, r); err != nil {
		b.log.Error("follow up an interaction", "interaction", i.ID, "err", err)
	}
}

// original returns the interaction's original reply, as Discord keeps it.
func (s *sender) original(ctx context.Context, i *discordgo.Interaction) (*discordgo.Message, error) {
	endpoint := discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original")
	var m discordgo.Message
	err := s.do(ctx, "read reply", func(opts ...discordgo.RequestOption) error {
		raw, err := s.api.RequestWithBucketID("GET", endpoint, nil, endpoint, opts...)
		if err != nil {
			return err
		}
		return json.Unmarshal(raw, &m)
	})
	if err == nil && m.ID == "" {
		return nil, fmt.Errorf("read reply: no message id in the response")
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// followup sends r as a new message after the interaction's reply,
// shown to its user alone when r is Ephemeral.
func (s *sender) followup(ctx context.Context, i *discordgo.Interaction, r reply) error {
	data := &discordgo.WebhookParams{
		Content:         fitContent(r.Content),
		Embeds:          r.Embeds,
		Components:      r.Components,
		AllowedMentions: noMentions(),
	}
	if r.Ephemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	endpoint := discordgo.EndpointWebhookToken(i.AppID, i.Token)
	return s.do(ctx, "follow up", func(opts ...discordgo.RequestOption) error {
		_, err := s.api.RequestWithBucketID("POST", endpoint, data, endpoint, opts...)
		return err
	})
}
