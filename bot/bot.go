// Package bot serves an archive on Discord: the /ask, /search, /sources,
// /help and /reload slash commands, and questions asked by mentioning the bot
// or in a direct message. It turns each into a question for an Answerer and
// renders the answer, with its verbatim, dated citations, within Discord's
// limits. Every message it sends carries allowed_mentions with an empty parse
// list, so neither an article nor a question can ping anyone.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"archivist/bot/feedback"
	"archivist/retrieval"

	"github.com/bwmarrin/discordgo"
)

// Answerer is what the bot asks: *retrieval.Archive satisfies it. It must be
// safe for concurrent use, and keep answering from its current index while
// Update builds the next one.
type Answerer interface {
	Ask(ctx context.Context, question string, opts retrieval.AskOptions) (retrieval.Answer, error)
	Search(ctx context.Context, query string, opts retrieval.SearchOptions) ([]retrieval.Passage, error)
	Stats() retrieval.Stats
	Update(ctx context.Context) (retrieval.Report, error)
}

// Config configures a Bot. Only Token is required; every other zero value
// means the default written beside it.
type Config struct {
	// Token is the bot's token, with or without the "Bot " prefix. It is
	// never logged.
	Token string
	// GuildID, when set, registers the commands in that guild (instant)
	// instead of globally.
	GuildID string
	// APIURL, when set, is an origin (scheme://host:port) that replaces
	// https://discord.com for every REST call, path kept; the gateway is
	// then found through it. "" means the real Discord.
	APIURL string
	// AllowedGuildIDs, when set, limits the bot to these guilds. In them
	// alone, Manage Server or Administrator makes a member an admin.
	AllowedGuildIDs []string
	// AllowedChannelIDs, when set, limits the bot in guilds to these
	// channels and the threads under them; elsewhere messages are ignored
	// and commands get a private note.
	AllowedChannelIDs []string
	// DMs says whether direct messages, and commands sent in them, are
	// answered; the zero value answers them only while AllowedGuildIDs is
	// empty.
	DMs DMPolicy
	// AdminUserIDs may /reload anywhere the bot answers, and AdminRoleIDs
	// in the guild of each role, besides the members with Manage Server or
	// Administrator in a guild of AllowedGuildIDs.
	AdminUserIDs, AdminRoleIDs []string
	// RateLimit is the questions (asks, searches, mentions, DMs) one user
	// may ask per minute; 0 means 6, negative means no limit.
	RateLimit int
	// CommandRateLimit is the other commands and button presses (/sources,
	// /help, /reload, Show passages, votes) one user may use per minute; 0 means
	// 12, negative means no limit. A user over either limit is told once a
	// minute, and otherwise gets no reply.
	CommandRateLimit int
	// MaxInFlight bounds the questions answered at once; 0 means 4. Others
	// wait their turn, up to QueueTimeout.
	MaxInFlight int
	// QueueTimeout bounds the wait for a turn; 0 means 1 minute.
	QueueTimeout time.Duration
	// MaxQuestionLen caps a question's length in characters; 0 means 500.
	MaxQuestionLen int
	// AskTimeout bounds one answer or search; 0 means 2 minutes.
	AskTimeout time.Duration
	// ReloadTimeout bounds one /reload; 0 means 14 minutes, within the
	// interaction token's 15-minute life.
	ReloadTimeout time.Duration
	// ShutdownTimeout bounds the wait, once Run's context is done, for the
	// answers in flight; 0 means 20 seconds.
	ShutdownTimeout time.Duration
	// SearchResults is the number of passages /search shows; 0 means 5.
	SearchResults int
	// Metrics, when set, is told of every question, search, reload,
	// gateway connection and rate-limited request; nil records nothing.
	Metrics Metrics
	// Votes, when set, keeps the 👍 and 👎 given to answers, which then
	// carry those buttons; nil shows no vote buttons.
	Votes *feedback.Store
	// ShardID and ShardCount, when ShardCount is above 1, make the bot
	// one shard of several: Discord then sends it the events of the guilds
	// whose (guild_id >> 22) % ShardCount is ShardID, and the direct
	// messages only to shard 0. Every shard must be given the same count.
	// Shard 0 registers the commands; the others leave them to it. The
	// zero values mean one shard, 0 of 1.
	ShardID, ShardCount int
}

// DMPolicy says whether the bot answers direct messages.
type DMPolicy int

// The DM policies.
const (
	// DMsByDefault answers direct messages while AllowedGuildIDs is empty,
	// and not once it is set.
	DMsByDefault DMPolicy = iota
	// DMsAllowed answers direct messages.
	DMsAllowed
	// DMsRefused ignores direct messages, and answers a command sent in one
	// only with a private note that DMs are not served.
	DMsRefused
)

// LogValue describes the configuration without its token.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Bool("token_set", c.Token != ""),
		slog.String("guild_id", c.GuildID),
		slog.String("api_url", c.APIURL),
		slog.Any("allowed_guild_ids", c.AllowedGuildIDs),
		slog.Any("allowed_channel_ids", c.AllowedChannelIDs),
		slog.Bool("dms", c.dmsAllowed()),
		slog.Int("rate_limit", c.RateLimit),
		slog.Int("command_rate_limit", c.CommandRateLimit),
		slog.Int("max_in_flight", c.MaxInFlight),
		slog.Int("shard_id", c.ShardID),
		slog.Int("shard_count", max(c.ShardCount, 1)),
	)
}

// dmsAllowed reports whether c has direct messages answered.
func (c Config) dmsAllowed() bool {
	switch c.DMs {
	case DMsAllowed:
		return true
	case DMsRefused:
		return false
	}
	return len(set(c.AllowedGuildIDs)) == 0
}

// withDefaults returns c with every zero value replaced by its default.
func (c Config) withDefaults() Config {
	if c.RateLimit == 0 {
		c.RateLimit = 6
	}
	if c.CommandRateLimit == 0 {
		c.CommandRateLimit = 12
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = 4
	}
	if c.QueueTimeout <= 0 {
		c.QueueTimeout = time.Minute
	}
	if c.MaxQuestionLen <= 0 {
		c.MaxQuestionLen = 500
	}
	if c.AskTimeout <= 0 {
		c.AskTimeout = 2 * time.Minute
	}
	if c.ReloadTimeout <= 0 {
		c.ReloadTimeout = 14 * time.Minute
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 20 * time.Second
	}
	if c.SearchResults <= 0 {
		c.SearchResults = 5
	}
	if c.ShardCount <= 0 {
		c.ShardID, c.ShardCount = 0, 1
	}
	return c
}

// tokenLife is how long an interaction's token lets the bot answer, less a
// margin for the last request.
const tokenLife = 15*time.Minute - 30*time.Second

// Bot serves an Answerer on Discord. Create it with New and start it with Run.
type Bot struct {
	cfg      Config
	answerer Answerer
	log      *slog.Logger
	metrics  Metrics // never nil
	// noContent is set when Discord refused the Message Content intent:
	// only messages that mention the bot (and DMs) carry their text.
	noContent atomic.Bool

	allowedGuilds, adminUsers, adminRoles map[string]bool
	allowedChannels                       map[string]bool
	allowDMs                              bool
	channels                              *channelBook
	convs                                 *conversations

	// questions limits each user's questions, commands their other
	// commands and button presses.
	questions, commands *rateLimiter
	slots               chan struct{} // a token per answer in flight
	passages            *passageCache
	answers             *answerCache // what a vote on a recent answer records
	// editInterval is the least time between two edits of a streamed answer.
	editInterval time.Duration
	reloading    atomic.Bool // true while a /reload runs

	mu       sync.Mutex // guards closing and inFlight.Add
	closing  bool       // set once Run stops accepting work
	inFlight sync.WaitGroup
}

// New returns a Bot for cfg that answers from a. It checks the configuration
// but does not connect: Run does.
func New(cfg Config, a Answerer, logger *slog.Logger) (*Bot, error) {
	if cfg.Token == "" {
		return nil, errors.New("bot: no token")
	}
	if a == nil {
		return nil, errors.New("bot: no answerer")
	}
	if cfg.APIURL != "" {
		if _, err := parseOrigin(cfg.APIURL); err != nil {
			return nil, fmt.Errorf("bot: API URL: %w", err)
		}
	}
	if cfg.ShardCount < 0 || cfg.ShardID < 0 || cfg.ShardID >= max(cfg.ShardCount, 1) {
		return nil, fmt.Errorf("bot: shard %d of %d: want 0 <= shard < count", cfg.ShardID, cfg.ShardCount)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.withDefaults()
	var m Metrics = noMetrics{}
	if cfg.Metrics != nil {
		m = cfg.Metrics
	}
	return &Bot{
		metrics:         m,
		cfg:             cfg,
		answerer:        a,
		log:             logger.With("component", "bot"),
		allowedGuilds:   set(cfg.AllowedGuildIDs),
		allowedChannels: set(cfg.AllowedChannelIDs),
		channels:        newChannelBook(),
		convs:           newConversations(time.Now),
		adminUsers:      set(cfg.AdminUserIDs),
		adminRoles:      set(cfg.AdminRoleIDs),
		allowDMs:        cfg.dmsAllowed(),
		questions:       newRateLimiter(cfg.RateLimit, time.Minute, time.Now),
		commands:        newRateLimiter(cfg.CommandRateLimit, time.Minute, time.Now),
		slots:           make(chan struct{}, cfg.MaxInFlight),
		passages:        newPassageCache(1000),
		answers:         newAnswerCache(1000),
		editInterval:    time.Second,
	}, nil
}

// parseOrigin checks that s is an origin, scheme://host[:port], and returns it.
func parseOrigin(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http(s) origin such as https://discord.com", s)
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" {
		return nil, fmt.Errorf("%q has a path or query; want only scheme://host:port", s)
	}
	return u, nil
}

func set(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		if id != "" {
			m[id] = true
		}
	}
	return m
}

// Run connects to Discord, registers the commands and serves until ctx is
// done. It then closes the gateway, lets the answers in flight finish (for
// up to ShutdownTimeout) and returns nil. It returns an error when it cannot
// connect or register the commands. Call Run at most once.
func (b *Bot) Run(ctx context.Context) error {
	s, err := newSession(b.cfg)
	if err != nil {
		return fmt.Errorf("new session: %w", b.clean(err))
	}
	// work is the context of answers: it outlives ctx so that answers in
	// flight can finish, and is cancelled when shutdown's bound expires.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	out := &sender{api: s, log: b.log, token: b.cfg.Token, metrics: b.metrics}
	// The session calls these handlers in its own goroutine, one event
	// after another (SyncEvents): Connect and Disconnect are then seen in
	// the order they happened. Questions are answered in goroutines of
	// their own.
	s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) {
		go b.onInteraction(work, out, i.Interaction)
	})
	s.AddHandler(func(s *discordgo.Session, m *discordgo.MessageCreate) {
		user, _ := self(s)
		go b.onMessage(work, out, user.ID, m.Message)
	})
	b.watchChannels(s)
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) {
		b.metrics.Gateway(true)
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		b.metrics.Gateway(false)
		if !b.stopping() {
			b.log.Warn("gateway disconnected; reconnecting")
		}
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) {
		b.log.Info("gateway session resumed")
	})
	if err := s.Open(); err != nil {
		if !disallowedIntents(err) {
			return fmt.Errorf("open gateway: %w", b.clean(err))
		}
		// Message Content is a privileged intent. Without it the bot still
		// answers mentions, DMs and commands, whose content Discord sends
		// anyway; follow-ups without a mention wait until it is turned on.
		b.log.Warn("Discord refused the Message Content intent: follow-ups in threads and replies without a mention are off; turn on Message Content Intent in the Developer Portal (Bot → Privileged Gateway Intents) and restart")
		b.noContent.Store(true)
		s.Identify.Intents = intents &^ discordgo.IntentsMessageContent
		if err := s.Open(); err != nil {
			return fmt.Errorf("open gateway: %w", b.clean(err))
		}
	}
	user, appID := self(s)

	scope := "global"
	if b.cfg.GuildID != "" {
		scope = "guild " + b.cfg.GuildID
	}
	if b.cfg.ShardID == 0 {
		if err := b.register(ctx, s, appID); err != nil {
			s.Close()
			return err
		}
	} else {
		scope = "left to shard 0"
	}
	b.log.Info("bot ready", "name", user.Username, "id", user.ID, "commands", scope,
		"articles", b.answerer.Stats().Articles, "dms", b.allowDMs,
		"shard", b.cfg.ShardID, "shards", b.cfg.ShardCount)
	b.adviseShards(ctx, s)
	if len(b.adminUsers) == 0 && len(b.adminRoles) == 0 && len(b.allowedGuilds) == 0 {
		b.log.Warn("no one may /reload: list admin users or roles, or allowed guilds (whose managers may)")
	}

	<-ctx.Done()
	b.log.Info("bot stopping")
	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	if err := s.Close(); err != nil {
		b.log.Warn("close gateway", "err", b.clean(err))
	}
	b.drain(cancelWork)
	return nil
}

// clean makes an error of discordgo fit for the log: see clean.
func (b *Bot) clean(err error) error { return clean(b.cfg.Token, err) }

// self returns the connected bot user and its application's id, from the
// session's last READY.
func self(s *discordgo.Session) (*discordgo.User, string) {
	s.State.RLock()
	r := s.State.Ready
	s.State.RUnlock()
	user := r.User
	if user == nil {
		user = &discordgo.User{}
	}
	appID := user.ID
	if r.Application != nil && r.Application.ID != "" {
		appID = r.Application.ID
	}
	return user, appID
}

// register overwrites the bot's commands in one request.
func (b *Bot) register(ctx context.Context, s *discordgo.Session, appID string) error {
	_, err := s.ApplicationCommandBulkOverwrite(appID, b.cfg.GuildID, commands(b.cfg.MaxQuestionLen, b.cfg.GuildID == "", b.allowDMs),
		discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("register commands: %w", b.clean(err))
	}
	return nil
}

// drain waits for the answers in flight, for up to ShutdownTimeout; then it
// cancels them and waits a little more for their apologies to be sent.
func (b *Bot) drain(cancelWork context.CancelFunc) {
	done := make(chan struct{})
	go func() {
		b.inFlight.Wait()
		close(done)
	}()
	select {
	case <-done:
		return
	case <-time.After(b.cfg.ShutdownTimeout):
	}
	b.log.Warn("answers still in flight at shutdown; cancelling them")
	cancelWork()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		b.log.Warn("answers in flight did not finish")
	}
}

// stopping reports whether Run has stopped accepting work.
func (b *Bot) stopping() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.closing
}

// track counts one event's work in flight; call done when it is finished.
// ok is false once the bot is stopping: the event is then dropped.
func (b *Bot) track() (done func(), ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closing {
		return nil, false
	}
	b.inFlight.Add(1)
	return b.inFlight.Done, true
}
