package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"archivist/bot"
)

// discordChecks checks the bot's token, its registered commands and its
// permissions in each guild it is configured for, reading only.
func discordChecks(ctx context.Context, cfg Config) []check {
	guilds := slices.Clone(cfg.AllowedGuildIDs)
	if cfg.DiscordGuildID != "" && !slices.Contains(guilds, cfg.DiscordGuildID) {
		guilds = append(guilds, cfg.DiscordGuildID)
	}
	bc := bot.Config{Token: cfg.DiscordToken, GuildID: cfg.DiscordGuildID, APIURL: cfg.DiscordAPIURL,
		AllowedGuildIDs: cfg.AllowedGuildIDs, DMs: bot.DMsRefused}
	if cfg.AllowDMs {
		bc.DMs = bot.DMsAllowed
	}
	in, err := bot.Inspect(ctx, bc, guilds)
	switch {
	case errors.Is(err, bot.ErrTokenRejected):
		return []check{{"discord token", statusFail, fmt.Sprintf("%v: DISCORD_TOKEN is wrong or was reset; copy a new one (Developer Portal, Bot, Reset Token) into .env", err)}}
	case err != nil:
		where := "Discord"
		if cfg.DiscordAPIURL != "" {
			where = "DISCORD_API_URL " + cfg.DiscordAPIURL
		}
		return []check{{"discord token", statusFail, fmt.Sprintf("could not ask %s: %v", where, err)}}
	}
	checks := []check{{"discord token", statusOK, fmt.Sprintf("accepted: bot %s (user %s, application %s)", in.BotName, in.BotID, in.AppID)}}

	scope := "globally"
	if !in.Global {
		scope = "in guild " + cfg.DiscordGuildID
	}
	switch {
	case in.CommandsErr != nil:
		checks = append(checks, check{"discord commands", statusFail, fmt.Sprintf("cannot read the commands registered %s: %v", scope, in.CommandsErr)})
	case len(in.Missing) > 0:
		checks = append(checks, check{"discord commands", statusWarn, fmt.Sprintf("not registered %s: /%s; archivist serve registers them when it starts",
			scope, strings.Join(in.Missing, ", /"))})
	default:
		checks = append(checks, check{"discord commands", statusOK, fmt.Sprintf("registered %s: /%s", scope, strings.Join(in.Commands, ", /"))})
	}

	if len(in.Guilds) == 0 {
		checks = append(checks, check{"discord guilds", statusOK, "permissions not checked: list the guilds the bot serves in ALLOWED_GUILD_IDS to check them"})
	}
	for _, g := range in.Guilds {
		name := "discord guild " + g.ID
		switch {
		case g.Err != nil:
			checks = append(checks, check{name, statusFail, fmt.Sprintf("%v: invite the bot to it (docs/DISCORD.md, step 2), or correct ALLOWED_GUILD_IDS", g.Err)})
		case len(g.Lacking) > 0:
			checks = append(checks, check{name, statusFail, fmt.Sprintf("in %s the bot lacks %s: grant them to its role (Server Settings, Roles), or invite it again with the link in docs/DISCORD.md",
				g.Name, strings.Join(g.Lacking, ", "))})
		default:
			checks = append(checks, check{name, statusOK, fmt.Sprintf("in %s the bot may view channels, send messages, embed links, start public threads and post in them, and read message history (server-wide; a channel's overrides may still deny them)", g.Name)})
		}
	}
	if c, ok := shardCheck(cfg, in.RecommendedShards); ok {
		checks = append(checks, c)
	}
	return checks
}

// shardCheck says how many shards Discord recommends against how many run:
// a warning when more are recommended, a line when this process is one of
// several; nothing for a single process that is enough, or when Discord
// did not say.
func shardCheck(cfg Config, recommended int) (check, bool) {
	count := max(cfg.ShardCount, 1)
	switch {
	case recommended > count:
		return check{"discord shards", statusWarn, fmt.Sprintf("Discord recommends %d shards and this runs %d: run %d serve processes, each with its DISCORD_SHARD_ID and DISCORD_SHARD_COUNT=%d (docs/DEPLOY.md, Shards)",
			recommended, count, recommended, recommended)}, true
	case count > 1:
		return check{"discord shards", statusOK, fmt.Sprintf("this process serves shard %d of %d; Discord recommends %d", cfg.ShardID, count, recommended)}, true
	}
	return check{}, false
}
