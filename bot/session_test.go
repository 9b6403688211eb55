package bot

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

func TestCleanError(t *testing.T) {
	restErr := func(status int, body string) error {
		return &discordgo.RESTError{
			Response:     &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status))},
			ResponseBody: []byte(body),
		}
	}
	tests := []struct {
		name     string
		err      error
		want     string // the whole text
		rejected bool   // errors.Is ErrTokenRejected
	}{
		{"401 echoing the token", restErr(401, `{"message":"invalid token Bot `+testToken+`"}`),
			"Discord rejected the token (HTTP 401)", true},
		{"gateway close 4004", fmt.Errorf("read: %w", &websocket.CloseError{Code: 4004, Text: "Authentication failed."}),
			"Discord rejected the token (gateway close 4004)", true},
		{"other status echoing the token", restErr(403, `{"message":"no access for `+testToken+`"}`),
			`HTTP 403 Forbidden, {"message":"no access for [redacted]"}`, false},
		{"transport error with an interaction token in its URL", &url.Error{Op: "Post",
			URL: "https://discord.com/api/v9/interactions/1/itoken-secret/callback", Err: errors.New("connection reset")},
			"Post: connection reset", false},
		{"token with its prefix in plain text", errors.New("dial with Bot " + testToken + " failed"),
			"dial with Bot [redacted] failed", false},
		{"nothing to clean", errors.New("websocket: bad handshake"), "websocket: bad handshake", false},
		{"Discord unreachable", &url.Error{Op: "Get", URL: "http://127.0.0.1:1/api/v9/gateway",
			Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}},
			"Discord could not be reached (connect: connection refused)", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := clean("Bot "+testToken, tt.err)
			if got.Error() != tt.want {
				t.Errorf("clean(%q) = %q, want %q", tt.err, got, tt.want)
			}
			if errors.Is(got, ErrTokenRejected) != tt.rejected {
				t.Errorf("errors.Is(clean(%q), ErrTokenRejected) = %v, want %v", tt.err, !tt.rejected, tt.rejected)
			}
		})
	}
	if got := clean(testToken, nil); got != nil {
		t.Errorf("clean(nil) = %v, want nil", got)
	}
}
