package discordtest

import (
	"net/http"
	"strconv"
)

// The read-only routes of the bot's account: who it is, its commands, and
// the guilds it is in. `archivist doctor` reads them.
const (
	RouteMe                = "GET /api/v9/users/@me"
	RouteApplication       = "GET /api/v9/applications/@me"
	RouteGetGlobalCommands = "GET /api/v9/applications/{app}/commands"
	RouteGetGuildCommands  = "GET /api/v9/applications/{app}/guilds/{guild}/commands"
	RouteGuild             = "GET /api/v9/guilds/{guild}"
	RouteGuildMember       = "GET /api/v9/guilds/{guild}/members/{user}"
)

// Guild is a guild the fake's bot is a member of, as GET /guilds/{id} and
// GET /guilds/{id}/members/{bot id} show it.
type Guild struct {
	ID, Name string
	// OwnerID is the owner's user id; "" means someone else than the bot.
	OwnerID string
	// Roles are the guild's roles. The one whose ID is the guild's is
	// @everyone, whose permissions every member has.
	Roles []Role
	// BotRoles are the ids of the roles the bot's member holds.
	BotRoles []string
}

// Role is a guild role with its permission bits.
type Role struct {
	ID, Name    string
	Permissions int64
}

// AddGuild puts the bot in g, replacing any guild of the same id.
func (s *Server) AddGuild(g Guild) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.guilds == nil {
		s.guilds = make(map[string]Guild)
	}
	s.guilds[g.ID] = g
}

// SetCommands registers commands with these names, as a PUT of the
// commands would: in guildID, or globally when guildID is "".
func (s *Server) SetCommands(guildID string, names ...string) {
	cmds := make([]map[string]any, len(names))
	for i, n := range names {
		cmds[i] = map[string]any{"name": n, "type": 1, "description": n}
	}
	s.storeCommands(s.opts.AppID, guildID, cmds)
}

// storeCommands gives commands their ids and keeps them as the registered
// set of guildID ("" for global commands).
func (s *Server) storeCommands(appID, guildID string, cmds []map[string]any) {
	for _, c := range cmds {
		c["id"] = s.Snowflake()
		c["application_id"] = appID
		c["version"] = s.Snowflake()
		if guildID != "" {
			c["guild_id"] = guildID
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.registered == nil {
		s.registered = make(map[string][]map[string]any)
	}
	s.registered[guildID] = cmds
}

// accountRoutes registers the account's read-only routes through handle.
func (s *Server) accountRoutes(handle func(route string, h func(w http.ResponseWriter, r *http.Request, body []byte))) {
	handle(RouteMe, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeJSON(w, http.StatusOK, s.botUser())
	})
	handle(RouteApplication, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeJSON(w, http.StatusOK, map[string]any{"id": s.opts.AppID, "name": s.opts.BotName, "bot": s.botUser()})
	})
	commands := func(w http.ResponseWriter, r *http.Request, _ []byte) {
		if r.PathValue("app") != s.opts.AppID {
			writeJSON(w, http.StatusForbidden, map[string]any{"message": "Missing Access", "code": 50001})
			return
		}
		s.mu.Lock()
		cmds := s.registered[r.PathValue("guild")]
		s.mu.Unlock()
		if cmds == nil {
			cmds = []map[string]any{}
		}
		writeJSON(w, http.StatusOK, cmds)
	}
	handle(RouteGetGlobalCommands, commands)
	handle(RouteGetGuildCommands, commands)
	handle(RouteGuild, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		g, ok := s.guild(r.PathValue("guild"))
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown Guild", "code": 10004})
			return
		}
		roles := make([]map[string]any, len(g.Roles))
		for i, role := range g.Roles {
			// Discord writes permissions as a string: they pass 2^53.
			roles[i] = map[string]any{"id": role.ID, "name": role.Name, "permissions": strconv.FormatInt(role.Permissions, 10), "position": i}
		}
		owner := g.OwnerID
		if owner == "" {
			owner = "1000000000000000001"
		}
		writeJSON(w, http.StatusOK, map[string]any{"id": g.ID, "name": g.Name, "owner_id": owner, "roles": roles})
	})
	handle(RouteGuildMember, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		g, ok := s.guild(r.PathValue("guild"))
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown Guild", "code": 10004})
			return
		}
		if r.PathValue("user") != s.opts.BotID {
			writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown Member", "code": 10007})
			return
		}
		roles := g.BotRoles
		if roles == nil {
			roles = []string{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"user": s.botUser(), "roles": roles, "joined_at": "2024-01-01T00:00:00Z"})
	})
}

func (s *Server) guild(id string) (Guild, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.guilds[id]
	return g, ok
}

// botUser is the bot's user object.
func (s *Server) botUser() map[string]any {
	return map[string]any{"id": s.opts.BotID, "username": s.opts.BotName, "discriminator": "0", "bot": true}
}
