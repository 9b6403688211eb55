package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"archivist/bot/discordtest"

	"github.com/bwmarrin/discordgo"
)

// adminPerms is Administrator.
const adminPerms = "8"

// reloadOutcome sends e, a /reload, and returns "admitted" when the reload
// ran (waiting for its report), else what the user was told.
func (h *harness) reloadOutcome(t *testing.T, e event) string {
	t.Helper()
	token := h.interact(t, e)
	cb := h.callbackOf(t, token)
	if cb.Type != typeDeferred {
		return cb.Data.Content
	}
	if got := h.finalEdit(t, token).Content; !strings.Contains(got, "Reload done") {
		t.Errorf("report = %q, want a reload report", got)
	}
	return "admitted"
}

// dmReload returns a /reload sent in a DM by user.
func (h *harness) dmReload(t *testing.T, user string) event {
	return h.interaction(t, "interaction_reload_dm.json").set("user.id", user)
}

// TestWhoMayReload checks who counts as an admin (issue #11, item 6):
// Manage Server and Administrator count only in a guild listed in
// AllowedGuildIDs; with no list, in an unlisted guild, or in a DM, /reload
// needs a user in AdminUserIDs (or, in a guild, a role in AdminRoleIDs).
func TestWhoMayReload(t *testing.T) {
	t.Parallel()
	const otherGuild = "1000000000000000999"
	type try struct {
		name string
		e    func(h *harness) event
		want string // "admitted" or the message
	}
	manager := func(user, guild, perms string) func(h *harness) event {
		return func(h *harness) event {
			return h.reloadBy(t, user, perms).set("guild_id", guild).set("guild.id", guild)
		}
	}
	tests := []struct {
		name  string
		cfg   Config
		tries []try
	}{
		{"no allow-list, no admins", Config{}, []try{
			{"manager of some guild", manager("u-m1", otherGuild, managerPerms), msgNotAdmin},
			{"administrator of some guild", manager("u-a1", otherGuild, adminPerms), msgNotAdmin},
			{"DM", func(h *harness) event { return h.dmReload(t, "u-dm1") }, msgNotAdmin},
		}},
		{"no allow-list, admin users and roles", Config{AdminUserIDs: []string{adminUser}, AdminRoleIDs: []string{adminRole}}, []try{
			{"manager of some guild", manager("u-m2", otherGuild, managerPerms), msgNotAdmin},
			{"listed user without permissions", manager(adminUser, otherGuild, memberPerms), "admitted"},
			{"member with an admin role", func(h *harness) event { return h.reloadBy(t, "u-r2", memberPerms, adminRole) }, "admitted"},
			{"listed user in a DM", func(h *harness) event { return h.dmReload(t, adminUser) }, "admitted"},
			{"other user in a DM", func(h *harness) event { return h.dmReload(t, "u-dm2") }, msgNotAdmin},
		}},
		{"allow-list", Config{AllowedGuildIDs: []string{guildID}, AdminUserIDs: []string{adminUser}}, []try{
			{"manager of the listed guild", manager("u-m3", guildID, managerPerms), "admitted"},
			{"administrator of the listed guild", manager("u-a3", guildID, adminPerms), "admitted"},
			{"member of the listed guild", manager("u-p3", guildID, memberPerms), msgNotAdmin},
			{"manager of an unlisted guild", manager("u-m4", otherGuild, managerPerms), msgGuild},
			{"listed user in a DM, DMs off by default", func(h *harness) event { return h.dmReload(t, adminUser) }, msgNoDMs},
		}},
		{"allow-list and DMs", Config{AllowedGuildIDs: []string{guildID}, AdminUserIDs: []string{adminUser}, DMs: DMsAllowed}, []try{
			{"listed user in a DM", func(h *harness) event { return h.dmReload(t, adminUser) }, "admitted"},
			{"other user in a DM", func(h *harness) event { return h.dmReload(t, "u-dm5") }, msgNotAdmin},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := startBot(t, tt.cfg)
			for _, try := range tt.tries {
				if got := h.reloadOutcome(t, try.e(h)); got != try.want {
					t.Errorf("%s: got %q, want %q", try.name, got, try.want)
				}
			}
		})
	}
}

// TestDirectMessages checks when DMs are answered (issue #11, item 6):
// by default only while no AllowedGuildIDs are set; DMs says otherwise.
func TestDirectMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		cfg      Config
		answered bool
	}{
		{"no allow-list", Config{}, true},
		{"allow-list", Config{AllowedGuildIDs: []string{guildID}}, false},
		{"allow-list, DMs allowed", Config{AllowedGuildIDs: []string{guildID}, DMs: DMsAllowed}, true},
		{"no allow-list, DMs refused", Config{DMs: DMsRefused}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := startBot(t, tt.cfg)

			// A slash command in a DM is always acknowledged.
			ask := h.interaction(t, "interaction_reload_dm.json").set("user.id", "u-dm-ask").
				set("data", map[string]any{"id": "1", "name": "ask", "type": 1, "options": []any{
					map[string]any{"name": "question", "type": 3, "value": "When did the bridge open?"}}})
			token := h.interact(t, ask)
			if tt.answered {
				if got := h.finalEdit(t, token).all(); !strings.Contains(got, "1 June 1998") {
					t.Errorf("/ask in a DM got %q, want the answer", got)
				}
			} else if cb := h.callbackOf(t, token); cb.Data.Content != msgNoDMs || cb.Data.Flags&flagPrivate == 0 {
				t.Errorf("/ask in a DM got %q flags %d, want %q privately", cb.Data.Content, cb.Data.Flags, msgNoDMs)
			}

			// A direct message is answered, or ignored.
			dm := h.message(t, "message_dm.json").set("author.id", "u-dm-msg")
			h.dispatch(t, "MESSAGE_CREATE", dm)
			if tt.answered {
				if got := h.replyTo(t, dm.str("id")).all(); !strings.Contains(got, "1 June 1998") {
					t.Errorf("DM got %q, want the answer", got)
				}
				return
			}
			// A mention sent after it is answered; by then the DM was handled.
			after := h.message(t, "message_mention.json").set("author.id", "u-after-dm").set("guild_id", guildID)
			h.dispatch(t, "MESSAGE_CREATE", after)
			h.replyTo(t, after.str("id"))
			time.Sleep(100 * time.Millisecond)
			if n := len(h.fake.Calls(func(c discordtest.Call) bool {
				return c.Route == discordtest.RouteChannelMessage && strings.Contains(string(c.Body), dm.str("id"))
			})); n != 0 {
				t.Errorf("%d replies to a DM, want it ignored", n)
			}
		})
	}
}

// TestCommandContexts checks where global commands may be used: in guilds
// that installed the bot, and in DMs with it only while DMs are answered.
// Guild commands carry no contexts.
func TestCommandContexts(t *testing.T) {
	tests := []struct {
		name        string
		global, dms bool
		want        string // contexts and integration types
	}{
		{"global with DMs", true, true, "[0 1] [0]"},
		{"global without DMs", true, false, "[0] [0]"},
		{"guild", false, true, "[] []"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range commands(500, tt.global, tt.dms) {
				var contexts []discordgo.InteractionContextType
				var installs []discordgo.ApplicationIntegrationType
				if c.Contexts != nil {
					contexts = *c.Contexts
				}
				if c.IntegrationTypes != nil {
					installs = *c.IntegrationTypes
				}
				if got := fmt.Sprint(contexts, installs); got != tt.want {
					t.Errorf("/%s contexts and integration types = %s, want %s", c.Name, got, tt.want)
				}
			}
		})
	}
}
