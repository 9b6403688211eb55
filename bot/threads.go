package bot

import (
	"context"
	"fmt"
	"time"

	"archivist/retrieval"

	"github.com/bwmarrin/discordgo"
)

// Threads the bot starts.
const (
	maxThreadName   = 100     // Discord's limit on a thread's name
	threadArchive   = 24 * 60 // minutes without a message before Discord archives it
	maxHistoryRead  = 50      // messages read back from a thread
	historyReadWait = 10 * time.Second
)

// where says where a message's answer goes and what it follows up.
type where struct {
	channel string                      // where the answer is sent
	ref     *discordgo.MessageReference // the message it replies to; nil in a new thread
	// key is the conversation the question belongs to: the thread's id,
	// else the id of the answer replied to, else "" (a new conversation
	// is keyed by the thread or the answer the bot sends).
	key    string
	thread bool // the answer goes into a thread of the bot's
}

// botThread reports whether channel id is a thread the bot (user id self)
// started, as far as the bot knows without asking Discord.
func (b *Bot) botThread(id, self string) bool {
	info, ok := b.channels.get(id)
	return ok && info.thread && info.owner == self
}

// repliesToBot reports whether m replies to one of the bot's messages.
func repliesToBot(m *discordgo.Message, self string) bool {
	r := m.ReferencedMessage
	return m.MessageReference != nil && r != nil && r.Author != nil && r.Author.ID == self
}

// place decides where m's answer goes: in a thread of the bot's, there; in
// a guild channel, into a thread the bot starts on m, named from the
// question, where it may (else as a reply in the channel); in a DM, as a
// reply.
func (b *Bot) place(ctx context.Context, out *sender, self string, m *discordgo.Message, question string) where {
	w := where{channel: m.ChannelID, ref: m.SoftReference()}
	switch {
	case m.GuildID != "" && b.botThread(m.ChannelID, self):
		w.key, w.thread = m.ChannelID, true
	case repliesToBot(m, self):
		w.key = m.ReferencedMessage.ID
	case m.GuildID != "":
		if info, ok := b.channels.get(m.ChannelID); ok && info.thread {
			break // no thread in a thread
		}
		th, err := out.startThread(ctx, m.ChannelID, m.ID, cut(question, maxThreadName))
		if err != nil {
			b.log.Debug("no thread for the answer; replying in the channel", "message", m.ID, "err", err)
			break
		}
		b.channels.learn(th)
		w = where{channel: th.ID, key: th.ID, thread: true}
	}
	return w
}

// history returns the turns before a question of conversation w: kept in
// memory, else read back from the thread's messages, else from the answer
// m replies to.
func (b *Bot) history(ctx context.Context, out *sender, self string, m *discordgo.Message, w where) []turn {
	if w.key == "" {
		return nil
	}
	if turns, ok := b.convs.get(w.key); ok {
		return turns
	}
	if w.thread {
		rctx, cancel := context.WithTimeout(ctx, historyReadWait)
		defer cancel()
		msgs, err := out.messages(rctx, w.channel, maxHistoryRead)
		if err != nil {
			b.log.Warn("read a thread's history", "channel", w.channel, "err", err)
			return nil
		}
		return turnsOf(msgs, self)
	}
	if t, ok := turnOf(m.ReferencedMessage); ok {
		return []turn{t}
	}
	return nil
}

// answerMessage answers question, asked in message m, where place says,
// as a follow-up of the conversation's earlier turns, and remembers the
// turn. It reports the answer's outcome.
func (b *Bot) answerMessage(work, ctx context.Context, out *sender, self string, m *discordgo.Message, question string) (Outcome, error) {
	w := b.place(ctx, out, self, m, question)
	before := b.history(ctx, out, self, m, w)
	asOf := messageTime(m)
	query, now := followUp(question, before, asOf)
	t := retrieval.Time{AsOf: asOf, From: now.from, To: now.to}

	stopTyping := b.keepTyping(ctx, out, w.channel)
	a, err := b.answer(work, query, t, nil)
	stopTyping()
	if err != nil {
		if _, serr := out.post(ctx, w.channel, w.ref, reply{Content: failure(err)}); serr != nil {
			b.log.Error("reply to message", "message", m.ID, "err", serr)
		}
		return OutcomeFailed, err
	}
	a.Question = question
	b.noteFallback("message", m.ID, a)
	b.passages.put(m.ID, a.Passages)
	b.remember(m.ID, a, t)
	for _, c := range a.Citations {
		now.articles = append(now.articles, c.Title)
	}
	// The turn is kept before the answer is sent, so that a follow-up
	// sent as soon as the answer shows finds it.
	turns := append(before, now)
	b.convs.put(turns, w.key)
	sent, err := out.post(ctx, w.channel, w.ref, reply{
		Embeds:     []*discordgo.MessageEmbed{renderAnswer(a, b.answerer.Stats().Articles, t)},
		Components: b.answerButtons(m.ID),
	})
	if err != nil {
		b.log.Error("reply to message", "message", m.ID, "err", err)
	} else if sent != nil {
		b.convs.put(turns, sent.ID) // a reply to this answer follows it up
	}
	if len(before) > 0 {
		b.log.Debug("follow-up", "message", m.ID, "turns", len(before), "query", query)
	}
	return answered(a), nil
}

// post sends r in a channel, as a reply to ref when it is set, and returns
// the message sent.
func (s *sender) post(ctx context.Context, channelID string, ref *discordgo.MessageReference, r reply) (*discordgo.Message, error) {
	msg := &discordgo.MessageSend{
		Content:         fitContent(r.Content),
		Embeds:          r.Embeds,
		Components:      r.Components,
		AllowedMentions: noMentions(),
		Reference:       ref,
	}
	var sent *discordgo.Message
	err := s.do(ctx, "send", func(opts ...discordgo.RequestOption) error {
		var err error
		sent, err = s.api.ChannelMessageSendComplex(channelID, msg, opts...)
		return err
	})
	return sent, err
}

// startThread starts a public thread named name on message messageID of a
// channel.
func (s *sender) startThread(ctx context.Context, channelID, messageID, name string) (*discordgo.Channel, error) {
	var ch *discordgo.Channel
	err := s.do(ctx, "start thread", func(opts ...discordgo.RequestOption) error {
		var err error
		ch, err = s.api.MessageThreadStartComplex(channelID, messageID, &discordgo.ThreadStart{
			Name: name, AutoArchiveDuration: threadArchive,
		}, opts...)
		return err
	})
	if err == nil && (ch == nil || ch.ID == "") {
		return nil, fmt.Errorf("start thread: no channel in the response")
	}
	return ch, err
}

// messages reads the last limit messages of a channel, newest first.
func (s *sender) messages(ctx context.Context, channelID string, limit int) ([]*discordgo.Message, error) {
	var msgs []*discordgo.Message
	err := s.do(ctx, "read messages", func(opts ...discordgo.RequestOption) error {
		var err error
		msgs, err = s.api.ChannelMessages(channelID, limit, "", "", "", opts...)
		return err
	})
	return msgs, err
}
