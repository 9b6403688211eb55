package discordtest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"unicode/utf16"
)

// The channel routes: a channel, its recent messages, and a thread started
// from one of its messages.
const (
	RouteChannel         = "GET /api/v9/channels/{channel}"
	RouteChannelMessages = "GET /api/v9/channels/{channel}/messages"
	RouteStartThread     = "POST /api/v9/channels/{channel}/messages/{message}/threads"
)

// Channel types, as Discord numbers them.
const (
	ChannelText         = 0
	ChannelPublicThread = 11
)

// Channel is a guild channel the fake knows. Only channels it knows can be
// read with GET /channels/{id}, and only a known text channel can have a
// thread started on one of its messages; any other is answered 404 Unknown
// Channel, so a bot without them behaves as before they existed.
type Channel struct {
	ID, GuildID, Name string
	// Type is ChannelText (the zero value) or ChannelPublicThread.
	Type int
	// ParentID is a thread's channel; OwnerID the user who started it.
	ParentID, OwnerID string
}

// AddChannel makes c known, replacing any channel of the same id.
func (s *Server) AddChannel(c Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[c.ID] = c
}

// Thread returns the channel of the thread started on message id, and
// whether there is one: Discord gives such a thread the message's id.
func (s *Server) Thread(id string) (Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channels[id]
	return c, ok && c.Type == ChannelPublicThread
}

// AddMessage adds m (a message object, with its "id") to the history of
// channel, as GET /channels/{channel}/messages lists it. Dispatched
// MESSAGE_CREATE events and the messages the bot sends are added by
// themselves.
func (s *Server) AddMessage(channel string, m map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addMessageLocked(channel, m)
}

// maxHistory bounds the messages kept per channel.
const maxHistory = 200

func (s *Server) addMessageLocked(channel string, m map[string]any) {
	h := append(s.history[channel], m)
	if len(h) > maxHistory {
		h = h[len(h)-maxHistory:]
	}
	s.history[channel] = h
}

// recordDispatchLocked keeps a dispatched message in its channel's history,
// and a dispatched interaction's channel for its original reply. s.mu must
// be held.
func (s *Server) recordDispatchLocked(t string, raw []byte) {
	if t == "INTERACTION_CREATE" {
		var i struct {
			Token     string `json:"token"`
			ChannelID string `json:"channel_id"`
		}
		if json.Unmarshal(raw, &i) == nil && i.Token != "" {
			s.asked[i.Token] = i.ChannelID
		}
		return
	}
	if t != "MESSAGE_CREATE" {
		return
	}
	m := map[string]any{}
	if json.Unmarshal(raw, &m) != nil {
		return
	}
	if ch, _ := m["channel_id"].(string); ch != "" {
		s.addMessageLocked(ch, m)
	}
}

func (c Channel) object() map[string]any {
	o := map[string]any{"id": c.ID, "type": c.Type, "guild_id": c.GuildID, "name": c.Name}
	if c.ParentID != "" {
		o["parent_id"] = c.ParentID
	}
	if c.OwnerID != "" {
		o["owner_id"] = c.OwnerID
	}
	return o
}

func unknownChannel(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown Channel", "code": 10003})
}

// channelRoutes registers the channel routes through handle.
func (s *Server) channelRoutes(handle func(route string, h func(w http.ResponseWriter, r *http.Request, body []byte))) {
	handle(RouteChannel, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		s.mu.Lock()
		c, ok := s.channels[r.PathValue("channel")]
		s.mu.Unlock()
		if !ok {
			unknownChannel(w)
			return
		}
		writeJSON(w, http.StatusOK, c.object())
	})
	handle(RouteChannelMessages, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		limit := 50
		if n, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil && n > 0 && n <= 100 {
			limit = n
		}
		s.mu.Lock()
		h := slices.Clone(s.history[r.PathValue("channel")])
		s.mu.Unlock()
		// Newest first, as Discord lists them.
		slices.Reverse(h)
		if len(h) > limit {
			h = h[:limit]
		}
		if h == nil {
			h = []map[string]any{}
		}
		writeJSON(w, http.StatusOK, h)
	})
	handle(RouteStartThread, func(w http.ResponseWriter, r *http.Request, body []byte) {
		var req struct {
			Name string `json:"name"`
		}
		_ = json.Unmarshal(body, &req)
		if n := len(utf16.Encode([]rune(req.Name))); n == 0 || n > 100 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body: name must be 1 to 100 characters", "code": 50035})
			return
		}
		s.mu.Lock()
		parent, ok := s.channels[r.PathValue("channel")]
		_, exists := s.channels[r.PathValue("message")]
		var th Channel
		if ok && parent.Type == ChannelText && !exists {
			th = Channel{ID: r.PathValue("message"), GuildID: parent.GuildID, Name: req.Name, Type: ChannelPublicThread,
				ParentID: parent.ID, OwnerID: s.opts.BotID}
			s.channels[th.ID] = th
		}
		s.mu.Unlock()
		switch {
		case !ok || parent.Type != ChannelText:
			unknownChannel(w)
		case exists:
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": "A thread has already been created for this message", "code": 160004})
		default:
			writeJSON(w, http.StatusCreated, th.object())
		}
	})
}

// Messages returns the messages of channel, oldest first: those
// dispatched, sent by the bot, or added.
func (s *Server) Messages(channel string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.history[channel])
}
