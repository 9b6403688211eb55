package bot

import (
	"context"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// chanInfo is what the bot knows of a guild channel.
type chanInfo struct {
	thread bool
	parent string // a thread's channel
	owner  string // the user who started a thread
}

// maxChannels bounds the channels the bot remembers.
const maxChannels = 10000

// channelBook remembers the threads the bot has seen (in GUILD_CREATE,
// THREAD_CREATE and THREAD_UPDATE, and those it started) and the channels
// it looked up, oldest forgotten first.
type channelBook struct {
	mu    sync.Mutex // guards m and order
	m     map[string]chanInfo
	order []string // ids in the order first stored
}

func newChannelBook() *channelBook {
	return &channelBook{m: make(map[string]chanInfo)}
}

func (c *channelBook) get(id string) (chanInfo, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	info, ok := c.m[id]
	return info, ok
}

func (c *channelBook) put(id string, info chanInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[id]; !ok {
		c.order = append(c.order, id)
	}
	c.m[id] = info
	for len(c.order) > maxChannels {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
}

// learn stores what ch says of itself.
func (c *channelBook) learn(ch *discordgo.Channel) {
	if ch == nil || ch.ID == "" {
		return
	}
	c.put(ch.ID, chanInfo{thread: ch.IsThread(), parent: ch.ParentID, owner: ch.OwnerID})
}

// channel returns what the bot knows of channel id, asking Discord once
// when it knows nothing.
func (b *Bot) channel(ctx context.Context, out *sender, id string) (chanInfo, error) {
	if info, ok := b.channels.get(id); ok {
		return info, nil
	}
	ch, err := out.channel(ctx, id)
	if err != nil {
		return chanInfo{}, err
	}
	b.channels.learn(ch)
	info, _ := b.channels.get(id)
	return info, nil
}

// channelAllowed reports whether the bot answers in guild channel id: any
// channel while AllowedChannelIDs is empty, else a listed channel or a
// thread under one.
func (b *Bot) channelAllowed(ctx context.Context, out *sender, id string) bool {
	if len(b.allowedChannels) == 0 || b.allowedChannels[id] {
		return true
	}
	info, err := b.channel(ctx, out, id)
	if err != nil {
		b.log.Debug("look up channel", "channel", id, "err", err)
		return false
	}
	return info.thread && b.allowedChannels[info.parent]
}

// watchChannels keeps the channel book up to date from the gateway.
func (b *Bot) watchChannels(s *discordgo.Session) {
	s.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildCreate) {
		if g.Guild != nil {
			for _, th := range g.Threads {
				b.channels.learn(th)
			}
		}
	})
	s.AddHandler(func(_ *discordgo.Session, t *discordgo.ThreadCreate) { b.channels.learn(t.Channel) })
	s.AddHandler(func(_ *discordgo.Session, t *discordgo.ThreadUpdate) { b.channels.learn(t.Channel) })
	s.AddHandler(func(_ *discordgo.Session, t *discordgo.ThreadListSync) {
		for _, th := range t.Threads {
			b.channels.learn(th)
		}
	})
}
