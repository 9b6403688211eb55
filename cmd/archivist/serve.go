package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"archivist/bot"
	"archivist/bot/feedback"
	"archivist/cmd/archivist/internal/metrics"
	"archivist/retrieval"
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
		ShardID:           cfg.ShardID,
		ShardCount:        cfg.ShardCount,
	}, a, logger)
	if err != nil {
		return usagef("serve: %v", err)
	}
	follow := m.followSaved(ctx, a, logger)
	defer follow()
	if err := b.Run(ctx); err != nil {
		switch {
		case errors.Is(err, bot.ErrTokenRejected):
			return fmt.Errorf("serve: %w: check DISCORD_TOKEN (Developer Portal, Bot, Reset Token; see docs/DISCORD.md)", err)
		case errors.Is(err, bot.ErrShardingRequired), errors.Is(err, bot.ErrInvalidShard):
			return fmt.Errorf("serve: %w: run several serve processes with DISCORD_SHARD_ID and the same DISCORD_SHARD_COUNT (see docs/DEPLOY.md, Shards)", err)
		}
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// followEvery is how often serve looks for an index saved by another
// process, when Main.FollowEvery is zero.
const followEvery = 5 * time.Second

// followSaved, until ctx is done or the returned stop is called, checks
// every few seconds whether another process (another shard's /reload, or
// `archivist index`) saved a new index in the folder a serves from, and
// swaps it in.
func (m *Main) followSaved(ctx context.Context, a *retrieval.Archive, logger *slog.Logger) (stop func()) {
	every := m.FollowEvery
	if every <= 0 {
		every = followEvery
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			switch ok, err := a.LoadSaved(); {
			case err != nil:
				logger.Warn("the index saved by another process is not used; this one keeps serving its own", "err", err)
			case ok:
				st := a.Stats()
				logger.Info("index reloaded: another process saved a new one", "articles", st.Articles, "chunks", st.Chunks)
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}
