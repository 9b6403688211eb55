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

// intents are the gateway events the bot needs: guilds, guild messages and
// direct messages. Message content is not needed: Discord sends the content
// of messages that mention the bot, and of DMs.
const intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages

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
	// The bot needs no cache of guilds, channels and members; READY's user
	// is kept all the same.
	s.StateEnabled = false
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

// scrub drops the URL from a transport error: an interaction's URL holds its
// token, which has no place in a log.
func scrub(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
