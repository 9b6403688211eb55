package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"
)

// InspectTimeout bounds each request Inspect sends.
const InspectTimeout = 5 * time.Second

// neededPermissions are what the bot needs in a guild, named as Discord's
// settings name them: to see a channel and its messages, answer, embed the
// sources, start a thread on a question and answer in it, and quote the
// message a question replies to.
var neededPermissions = []struct {
	bit  int64
	name string
}{
	{discordgo.PermissionViewChannel, "View Channels"},
	{discordgo.PermissionSendMessages, "Send Messages"},
	{discordgo.PermissionEmbedLinks, "Embed Links"},
	{discordgo.PermissionCreatePublicThreads, "Create Public Threads"},
	{discordgo.PermissionSendMessagesInThreads, "Send Messages in Threads"},
	{discordgo.PermissionReadMessageHistory, "Read Message History"},
}

// Inspection is what Inspect learned of the bot's account on Discord.
type Inspection struct {
	// BotID and BotName are the bot user's; AppID is its application's.
	BotID, BotName, AppID string
	// Global says the commands were read globally, not in Config.GuildID.
	Global bool
	// Commands names the commands registered; Missing, those Run registers
	// that are not among them. CommandsErr is why they could not be read.
	Commands, Missing []string
	CommandsErr       error
	// Guilds are the bot's standing in each guild asked about, in order.
	Guilds []GuildAccess
	// RecommendedShards is the shard count Discord recommends for the bot
	// (GET /gateway/bot); 0 when it could not be read.
	RecommendedShards int
}

// GuildAccess is the bot's standing in one guild.
type GuildAccess struct {
	ID, Name string
	// Lacking names the permissions the bot needs and does not hold there,
	// from the guild's roles and the bot member's; a channel's overwrites
	// may still deny more.
	Lacking []string
	// Err is why the guild could not be read: the bot is not in it, say.
	Err error
}

// Inspect asks Discord, with cfg's token and API URL, who the bot is, which
// of its commands are registered (in cfg.GuildID, else globally), what it
// may do in each of guildIDs, and how many shards Discord recommends for it. It only reads, and bounds each request by
// InspectTimeout. Its error wraps ErrTokenRejected when Discord refuses the
// token; a failure to read the commands or a guild is reported in the
// Inspection instead. No error holds the token.
func Inspect(ctx context.Context, cfg Config, guildIDs []string) (Inspection, error) {
	if cfg.Token == "" {
		return Inspection{}, fmt.Errorf("inspect: no token")
	}
	cfg = cfg.withDefaults()
	s, err := newSession(cfg)
	if err != nil {
		return Inspection{}, fmt.Errorf("inspect: %w", clean(cfg.Token, err))
	}
	call := func(f func(opt discordgo.RequestOption) error) error {
		rctx, cancel := context.WithTimeout(ctx, InspectTimeout)
		defer cancel()
		return clean(cfg.Token, brief(f(discordgo.WithContext(rctx))))
	}

	var in Inspection
	err = call(func(opt discordgo.RequestOption) error {
		u, err := s.User("@me", opt)
		if err == nil {
			in.BotID, in.BotName = u.ID, u.Username
		}
		return err
	})
	if err != nil {
		return Inspection{}, fmt.Errorf("read the bot user: %w", err)
	}
	in.AppID = in.BotID
	_ = call(func(opt discordgo.RequestOption) error {
		// The application's id is the bot's for every application made
		// since 2020; ask all the same, and keep the bot's on failure.
		body, err := s.RequestWithBucketID("GET", discordgo.EndpointApplication("@me"), nil, discordgo.EndpointApplication(""), opt)
		var app struct {
			ID string `json:"id"`
		}
		if err == nil && json.Unmarshal(body, &app) == nil && app.ID != "" {
			in.AppID = app.ID
		}
		return err
	})

	in.Global = cfg.GuildID == ""
	in.CommandsErr = call(func(opt discordgo.RequestOption) error {
		cmds, err := s.ApplicationCommands(in.AppID, cfg.GuildID, opt)
		for _, c := range cmds {
			in.Commands = append(in.Commands, c.Name)
		}
		return err
	})
	if in.CommandsErr == nil {
		for _, c := range commands(cfg.MaxQuestionLen, in.Global, cfg.dmsAllowed()) {
			if !slices.Contains(in.Commands, c.Name) {
				in.Missing = append(in.Missing, c.Name)
			}
		}
	}

	for _, id := range guildIDs {
		in.Guilds = append(in.Guilds, inspectGuild(call, s, id, in.BotID))
	}
	_ = call(func(opt discordgo.RequestOption) error {
		gb, err := s.GatewayBot(opt)
		if err == nil {
			in.RecommendedShards = gb.Shards
		}
		return err
	})
	return in, nil
}

// inspectGuild reads guild id and the bot's member in it.
func inspectGuild(call func(func(discordgo.RequestOption) error) error, s *discordgo.Session, id, botID string) GuildAccess {
	ga := GuildAccess{ID: id}
	var g *discordgo.Guild
	if err := call(func(opt discordgo.RequestOption) (err error) {
		g, err = s.Guild(id, opt)
		return err
	}); err != nil {
		ga.Err = fmt.Errorf("read guild %s: %w", id, err)
		return ga
	}
	ga.Name = g.Name
	var m *discordgo.Member
	if err := call(func(opt discordgo.RequestOption) (err error) {
		m, err = s.GuildMember(id, botID, opt)
		return err
	}); err != nil {
		ga.Err = fmt.Errorf("read the bot's member in guild %s: %w", id, err)
		return ga
	}
	ga.Lacking = lacking(g, botID, m.Roles)
	return ga
}

// lacking returns the names of the needed permissions that member userID,
// holding roles, does not have in guild g: the guild's owner and an
// Administrator have them all; others have those of @everyone (the role
// whose id is the guild's) and of their roles.
func lacking(g *discordgo.Guild, userID string, roles []string) []string {
	if userID == g.OwnerID {
		return nil
	}
	var perms int64
	for _, r := range g.Roles {
		if r.ID == g.ID || slices.Contains(roles, r.ID) {
			perms |= r.Permissions
		}
	}
	if perms&discordgo.PermissionAdministrator != 0 {
		return nil
	}
	var out []string
	for _, p := range neededPermissions {
		if perms&p.bit == 0 {
			out = append(out, p.name)
		}
	}
	return out
}

// brief shortens a failed status of discordgo, other than 401 (which clean
// turns into ErrTokenRejected), to its code and Discord's message:
// "HTTP 404 (Unknown Guild)".
func brief(err error) error {
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response == nil || re.Response.StatusCode == http.StatusUnauthorized {
		return err
	}
	if re.Message != nil && re.Message.Message != "" {
		return fmt.Errorf("HTTP %d (%s)", re.Response.StatusCode, re.Message.Message)
	}
	return fmt.Errorf("HTTP %d", re.Response.StatusCode)
}
