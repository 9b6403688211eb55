package bot

import (
	"context"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// typingEvery renews the typing indicator, which Discord shows for about
// ten seconds.
const typingEvery = 8 * time.Second

// onMessage answers a message that mentions the bot (whose user id is
// self), any message in a thread the bot started, a reply to one of its
// answers, or a direct message while DMs are answered, as a question (see
// answerMessage).
func (b *Bot) onMessage(work context.Context, out *sender, self string, m *discordgo.Message) {
	if m.Author == nil || m.Author.Bot || m.Author.ID == self {
		return
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return
	}
	if m.GuildID == "" && !b.allowDMs {
		return
	}
	if m.GuildID != "" {
		if len(b.allowedGuilds) > 0 && !b.allowedGuilds[m.GuildID] {
			return
		}
		// A mention is a question; so is any message in a thread the
		// bot started, and a reply to one of its answers.
		if !mentions(m, self) && !b.botThread(m.ChannelID, self) && !repliesToBot(m, self) {
			return
		}
		// Without the Message Content intent a follow-up arrives empty.
		if !mentions(m, self) && b.noContent.Load() {
			return
		}
	}
	done, ok := b.track()
	if !ok {
		return
	}
	defer done()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(work), tokenLife)
	defer cancel()
	if m.GuildID != "" && !b.channelAllowed(ctx, out, m.ChannelID) {
		b.log.Debug("message in a channel not allowed", "message", m.ID, "channel", m.ChannelID)
		return
	}
	start := time.Now()
	source := SourceMention
	if m.GuildID == "" {
		source = SourceDM
	}
	ref := m.SoftReference()
	send := func(r reply) {
		if err := out.send(ctx, m.ChannelID, ref, r); err != nil {
			b.log.Error("reply to message", "message", m.ID, "err", err)
		}
	}

	if ok, wait, notify := b.questions.allow(m.Author.ID); !ok {
		b.metrics.Question(source, OutcomeRateLimited, 0)
		if !notify {
			b.log.Debug("rate limited; message ignored", "message", m.ID, "user", m.Author.ID)
			return
		}
		b.log.Info("rate limited; user told", "message", m.ID, "user", m.Author.ID, "limit", nounQuestions)
		send(reply{Content: limitNotice(b.cfg.RateLimit, nounQuestions, wait)})
		return
	}
	question := stripMention(m.Content, self)
	if msg := b.check(question); msg != "" {
		b.metrics.Question(source, OutcomeRefused, 0)
		send(reply{Content: msg})
		return
	}
	o, err := b.answerMessage(work, ctx, out, self, m, question)
	if err != nil {
		b.metrics.Question(source, OutcomeFailed, 0)
		b.logFailure("answer message", "message", m.ID, err)
		return
	}
	b.metrics.Question(source, o, time.Since(start))
}

// keepTyping shows the typing indicator in a channel until the returned
// function is called.
func (b *Bot) keepTyping(ctx context.Context, out *sender, channelID string) (stop func()) {
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(typingEvery)
		defer t.Stop()
		for {
			if err := out.typing(ctx, channelID); err != nil {
				b.log.Debug("typing indicator", "channel", channelID, "err", err)
			}
			select {
			case <-quit:
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		close(quit)
		<-done
	}
}

// mentions reports whether m mentions the user id.
func mentions(m *discordgo.Message, id string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == id {
			return true
		}
	}
	return strings.Contains(m.Content, "<@"+id+">") || strings.Contains(m.Content, "<@!"+id+">")
}

// stripMention removes the mentions of the user id from content and trims
// what is left.
func stripMention(content, id string) string {
	content = strings.ReplaceAll(content, "<@!"+id+">", " ")
	content = strings.ReplaceAll(content, "<@"+id+">", " ")
	return strings.Join(strings.Fields(content), " ")
}
