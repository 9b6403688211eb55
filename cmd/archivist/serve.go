package main

import (
	"context"
	"errors"
)

func (m *Main) serve(ctx context.Context, args []string) error {
	cfg, _, err := m.setup()
	if err != nil {
		return err
	}
	var c common
	fs := newFlags("serve", "serve [flags]", cfg, &c, 0, m.Stderr, "corpus", "index", "llm")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if cfg.DiscordToken == "" {
		return usagef("serve: DISCORD_TOKEN is not set: create a bot at https://discord.com/developers/applications (Bot → Reset Token) and put DISCORD_TOKEN=... in .env")
	}
	return errors.New("serve: the Discord bot is not built yet")
}
