package bot

import (
	"errors"
	"strings"
	"testing"
)

// reloadBy returns a /reload interaction from a member with perms and
// roles.
func (h *harness) reloadBy(t *testing.T, user, perms string, roles ...string) event {
	r := []any{}
	for _, x := range roles {
		r = append(r, x)
	}
	return h.interaction(t, "interaction_reload.json").set("member.user.id", user).
		set("member.permissions", perms).set("member.roles", r)
}

// askAbout asks a question as user and returns the final answer's text.
func (h *harness) askAbout(t *testing.T, user, question string) string {
	t.Helper()
	e := h.interaction(t, "interaction_ask.json").set("member.user.id", user).set("data.options.0.value", question)
	return h.finalEdit(t, h.interact(t, e)).all()
}

func TestReload(t *testing.T) {
	t.Parallel()
	h := startBot(t, sharedConfig())

	t.Run("refused", func(t *testing.T) {
		tests := []struct {
			name string
			e    event
		}{
			{"member without Manage Server", h.reloadBy(t, "u-plain", memberPerms, otherRole)},
			{"DM from a user not listed", h.interaction(t, "interaction_reload_dm.json").set("user.id", "u-dm-plain")},
			{"DM from a role admin, whose roles a DM does not carry", h.interaction(t, "interaction_reload_dm.json").set("user.id", "u-dm-role")},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				cb := h.callbackOf(t, h.interact(t, tt.e))
				if cb.Type != typeMessage || cb.Data.Flags&flagPrivate == 0 || cb.Data.Content != msgNotAdmin {
					t.Errorf("got type %d flags %d %q, want %q privately", cb.Type, cb.Data.Flags, cb.Data.Content, msgNotAdmin)
				}
			})
		}
		if n := h.answerer.updateCount(); n != 0 {
			t.Errorf("Update ran %d times, want 0", n)
		}
	})

	t.Run("admitted, one at a time, new article answerable", func(t *testing.T) {
		const q = "When was the lighthouse relit?"
		if got := h.askAbout(t, "u-before", q); !strings.Contains(got, "does not hold an answer") {
			t.Fatalf("before the reload: %q, want no answer", got)
		}
		gate := make(chan struct{})
		h.answerer.mu.Lock()
		h.answerer.gate = gate
		h.answerer.mu.Unlock()

		first := h.interact(t, h.reloadBy(t, "u-manager", managerPerms))
		if cb := h.callbackOf(t, first); cb.Type != typeDeferred || cb.Data.Flags&flagPrivate == 0 {
			t.Errorf("reload callback type %d flags %d, want a private deferred reply (5, 64)", cb.Type, cb.Data.Flags)
		}
		second := h.callbackOf(t, h.interact(t, h.reloadBy(t, "u-role-admin", memberPerms, otherRole, adminRole)))
		if second.Data.Content != msgReloading || second.Data.Flags&flagPrivate == 0 {
			t.Errorf("second reload got %q, want %q privately", second.Data.Content, msgReloading)
		}
		// The old index keeps serving while the reload runs.
		if got := h.askAbout(t, "u-during", "When did the bridge open?"); !strings.Contains(got, "1 June 1998") {
			t.Errorf("during the reload: %q, want an answer", got)
		}
		close(gate)
		report := h.finalEdit(t, first).Content
		for _, want := range []string{"1 added, 0 updated, 0 removed, 1 skipped", "holds 3 articles", "broken/page.html — no article text"} {
			if !strings.Contains(report, want) {
				t.Errorf("report = %q, want it to hold %q", report, want)
			}
		}
		if got := h.askAbout(t, "u-after", q); !strings.Contains(got, "relit in April 2021") || !strings.Contains(got, "2021-04-09") {
			t.Errorf("after the reload: %q, want the new article's answer and date", got)
		}
	})

	t.Run("admin by user id in a DM", func(t *testing.T) {
		token := h.interact(t, h.interaction(t, "interaction_reload_dm.json").set("user.id", adminUser))
		if got := h.finalEdit(t, token).Content; !strings.Contains(got, "Reload done") {
			t.Errorf("report = %q, want a report", got)
		}
	})

	t.Run("failure keeps the old index", func(t *testing.T) {
		h.answerer.mu.Lock()
		h.answerer.updateErr = errors.New("walk /srv/archive: permission denied")
		h.answerer.mu.Unlock()
		token := h.interact(t, h.reloadBy(t, "u-admin", "8")) // Administrator
		if got := h.finalEdit(t, token).Content; got != msgReloadFail {
			t.Errorf("report = %q, want %q", got, msgReloadFail)
		}
		if !strings.Contains(h.logs.String(), "permission denied") {
			t.Errorf("the log lacks why the reload failed")
		}
		if got := h.askAbout(t, "u-after-fail", "When was the lighthouse relit?"); !strings.Contains(got, "April 2021") {
			t.Errorf("after a failed reload: %q, want the index still serving", got)
		}
	})
}
