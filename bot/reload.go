package bot

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"
)

// isAdmin reports whether the interaction's user may /reload: a user in
// AdminUserIDs, wherever the bot answers; in a guild, a member holding a
// role in AdminRoleIDs; and a member with Manage Server or Administrator,
// but only in a guild of AllowedGuildIDs. The bot serves one archive to
// every guild it is in: managing some guild does not make one an admin of
// the bot, unless the bot's owner listed that guild.
func (b *Bot) isAdmin(i *discordgo.Interaction) bool {
	if b.adminUsers[userID(i)] {
		return true
	}
	if i.Member == nil || i.GuildID == "" {
		return false
	}
	for _, r := range i.Member.Roles {
		if b.adminRoles[r] {
			return true
		}
	}
	return b.allowedGuilds[i.GuildID] && i.Member.Permissions&adminPermissions != 0
}

// reload answers /reload: refuse anyone but an admin, and a second reload
// while one runs; else acknowledge privately, bring the index up to date
// (the answerer keeps serving the old one meanwhile) and edit in the report.
func (b *Bot) reload(work, ctx context.Context, out *sender, i *discordgo.Interaction) {
	log := b.log.With("interaction", i.ID, "user", userID(i))
	if !b.isAdmin(i) {
		log.Info("reload refused: not an admin", "guild", i.GuildID)
		b.respond(ctx, out, i, reply{Content: msgNotAdmin, Ephemeral: true})
		return
	}
	if !b.reloading.CompareAndSwap(false, true) {
		b.respond(ctx, out, i, reply{Content: msgReloading, Ephemeral: true})
		return
	}
	if err := out.ack(ctx, i, true); err != nil {
		b.reloading.Store(false)
		log.Error("acknowledge /reload", "err", err)
		return
	}
	log.Info("reload started")
	uctx, cancel := context.WithTimeout(work, b.cfg.ReloadTimeout)
	defer cancel()
	start := time.Now()
	r, err := b.answerer.Update(uctx)
	took := time.Since(start)
	// The reload is over once Update returns, before its report is sent.
	b.reloading.Store(false)
	b.metrics.Reload(err == nil, took, r)
	if err != nil {
		log.Error("reload failed", "err", err, "took", took)
		b.editReply(ctx, out, i, reply{Content: msgReloadFail})
		return
	}
	log.Info("reload done", "added", r.Added, "updated", r.Updated, "removed", r.Removed,
		"skipped", len(r.Skipped), "articles", r.Articles, "took", took)
	for _, s := range r.Skipped {
		log.Debug("reload skipped a file", "path", s.Path, "reason", s.Error)
	}
	b.editReply(ctx, out, i, reply{Content: renderReload(r, took)})
}
