package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"archivist/bot"
	"archivist/bot/feedback"
	"archivist/cmd/archivist/internal/metrics"
)

func (m *Main) serve(ctx context.Context, args []string) error {
	cfg, logger, err := m.setup()
	if err != nil {
		return err
	}
	var c common
	fs := newFlags("serve", "serve [flags]", cfg, &c, 0, m.Stderr, "corpus", "index", "llm")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve: unexpected argument %q", pos[0])
	}
	if cfg.DiscordToken == "" {
		return usagef("serve: DISCORD_TOKEN is not set: create an application at https://discord.com/developers/applications, copy its bot token (Bot → Reset Token) and put DISCORD_TOKEN=... in .env (see README.md, Discord)")
	}
	rc, err := generatorConfig(cfg, c.noLLM)
	if err != nil {
		return err
	}
	// With METRICS_ADDR, health and metrics are served from the start, so
	// that /healthz says 503 while the index is brought up to date.
	var mon bot.Metrics
	if cfg.MetricsAddr != "" {
		mm := metrics.New(m.Now)
		if rc.Generator != nil {
			rc.Generator = mm.Generator(rc.Generator)
		}
		stop, err := serveMetrics(cfg.MetricsAddr, mm.Handler(), logger)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer stop()
		mon = mm
	}
	start := time.Now()
	a, rep, err := m.openArchive(ctx, cfg, c, logger, rc)
	if err != nil {
		return err
	}
	if err := a.Warm(); err != nil {
		return err
	}
	if mon != nil {
		mon.Reload(true, time.Since(start), rep)
	}
	dms := bot.DMsRefused
	if cfg.AllowDMs {
		dms = bot.DMsAllowed
	}
	votes, err := feedback.Open(filepath.Join(c.index, feedback.FileName))
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer votes.Close()
	logger.Info("index ready", "articles", rep.Articles, "chunks", rep.Chunks, "embedder", rep.Embedder, "skipped", len(rep.Skipped))
	b, err := bot.New(bot.Config{
		Token:             cfg.DiscordToken,
		GuildID:           cfg.DiscordGuildID,
		APIURL:            cfg.DiscordAPIURL,
		AllowedGuildIDs:   cfg.AllowedGuildIDs,
		AllowedChannelIDs: cfg.AllowedChannelIDs,
		DMs:               dms,
		AdminUserIDs:      cfg.AdminUserIDs,
		AdminRoleIDs:      cfg.AdminRoleIDs,
		RateLimit:         cfg.AskPerMinute,
		Metrics:           mon,
		Votes:             votes,
	}, a, logger)
	if err != nil {
		return usagef("serve: %v", err)
	}
	if err := b.Run(ctx); err != nil {
		if errors.Is(err, bot.ErrTokenRejected) {
			return fmt.Errorf("serve: %w: check DISCORD_TOKEN (Developer Portal, Bot, Reset Token; see docs/DISCORD.md)", err)
		}
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
