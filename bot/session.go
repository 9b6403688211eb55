package bot

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// intents are the gateway events the bot needs: guilds (and their
// threads), guild messages, direct messages, and message content: Discord
// sends the content of messages that mention the bot, and of DMs, without
// it, but not of a follow-up in a thread or a reply that does not ping.
const intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages |
	discordgo.IntentsMessageContent

// discordHost is the host whose requests APIURL redirects.
const discordHost = "discord.com"

// newSession returns an unopened discordgo session for cfg. With cfg.APIURL
// set, its HTTP client sends every request for discord.com to that origin
// instead; the gateway is then the one that origin's GET /api/v9/gateway
// names. No package-level variable of discordgo is touched.
func newSession(cfg Config) (*discordgo.Session, error) {
	token := cfg.Token
	if !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, err
	}
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.MaxIdleConnsPerHost = 64
	var rt http.RoundTripper = base
	if cfg.APIURL != "" {
		origin, err := parseOrigin(cfg.APIURL)
		if err != nil {
			return nil, err
		}
		rt = &originTransport{scheme: origin.Scheme, host: origin.Host, base: base}
	}
	s.Client = &http.Client{Transport: rt, Timeout: 20 * time.Second}
	s.Dialer = &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: 15 * time.Second,
		NetDialContext:   (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
	}
	s.Identify.Intents = intents
	// discordgo sends the shard in IDENTIFY when ShardCount is above 1.
	s.ShardID, s.ShardCount = cfg.ShardID, max(cfg.ShardCount, 1)
	// The bot needs no cache of guilds, channels and members; READY's user
	// is kept all the same.
	s.StateEnabled = false
	// Handlers run one after another in the session's goroutine, so that
	// Connect and Disconnect are seen in order; the bot's handlers start
	// goroutines for the work that takes time (see Run).
	s.SyncEvents = true
	// The bot retries rate-limited requests itself, within each
	// interaction's context (see sender.do).
	s.ShouldRetryOnRateLimit = false
	// discordgo logs through the standard logger and, at debug level,
	// prints the IDENTIFY payload with the token: keep it silent and log
	// connection events through the bot's handlers instead.
	s.LogLevel = -1
	return s, nil
}

// originTransport sends requests for discord.com to another origin, keeping
// their path and query.
type originTransport struct {
	scheme, host string
	base         http.RoundTripper
}

// RoundTrip rewrites r's origin and sends it.
func (t *originTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Hostname() != discordHost {
		return t.base.RoundTrip(r)
	}
	r2 := r.Clone(r.Context())
	r2.URL.Scheme = t.scheme
	r2.URL.Host = t.host
	r2.Host = t.host
	return t.base.RoundTrip(r2)
}

// ErrTokenRejected is what Run's error wraps when Discord refuses the bot's
// token, because it is wrong or was reset. The error then reads "Discord
// rejected the token (HTTP 401)" or "(gateway close 4004)".
var ErrTokenRejected = errors.New("Discord rejected the token")

// ErrUnreachable is what Run's error wraps when Discord (or DISCORD_API_URL)
// cannot be reached at all: "Discord could not be reached (connect:
// connection refused)".
var ErrUnreachable = errors.New("Discord could not be reached")

// Gateway close codes the bot acts on: a token refused, and an intent the
// application may not use.
const (
	closeAuthFailed        = 4004
	closeDisallowedIntents = 4014
)

// disallowedIntents reports whether err is the gateway refusing an intent.
func disallowedIntents(err error) bool {
	var ce *websocket.CloseError
	return errors.As(err, &ce) && ce.Code == closeDisallowedIntents
}

// clean makes an error of discordgo fit for a log or a caller. A refused
// token becomes ErrTokenRejected, whatever the server said; a transport
// error loses its URL (an interaction's URL holds its token); and the bot's
// token is removed from what is left, in case a server or proxy echoed it.
func clean(token string, err error) error {
	if err == nil {
		return nil
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
		return fmt.Errorf("%w (HTTP 401)", ErrTokenRejected)
	}
	var ce *websocket.CloseError
	if errors.As(err, &ce) && ce.Code == closeAuthFailed {
		return fmt.Errorf("%w (gateway close %d)", ErrTokenRejected, closeAuthFailed)
	}
	if se := shardError(err); se != nil {
		return se
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		return fmt.Errorf("%w (%v)", ErrUnreachable, oe.Err)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return redact(token, err)
}

// redact returns err with every occurrence of the token in its text
// replaced; it still unwraps to err.
func redact(token string, err error) error {
	token = strings.TrimPrefix(token, "Bot ")
	if token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return &redactedError{msg: strings.ReplaceAll(err.Error(), token, "[redacted]"), err: err}
}

// redactedError is an error whose text had the token removed.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
