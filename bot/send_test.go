package bot

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func rateLimited(after time.Duration) error {
	return &discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{
		TooManyRequests: &discordgo.TooManyRequests{RetryAfter: after}, URL: "https://discord.com/api/v9/x",
	}}
}

func TestSenderRetries(t *testing.T) {
	s := &sender{log: slog.New(slog.DiscardHandler)}
	tests := []struct {
		name     string
		deadline time.Duration
		fails    int           // 429s before success
		after    time.Duration // their retry_after
		want     string        // "" for success
		attempts int
	}{
		{"retries after retry_after", time.Minute, 2, time.Millisecond, "", 3},
		{"gives up after maxRetries", time.Minute, 100, time.Millisecond, "still rate limited", maxRetries + 1},
		{"never waits beyond the token's life", time.Second, 1, time.Hour, "beyond the interaction's life", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), tt.deadline)
			defer cancel()
			attempts := 0
			err := s.do(ctx, "edit", func(...discordgo.RequestOption) error {
				attempts++
				if attempts <= tt.fails {
					return rateLimited(tt.after)
				}
				return nil
			})
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("do = %v, want %q", err, tt.want)
			}
			if attempts != tt.attempts {
				t.Errorf("%d attempts, want %d", attempts, tt.attempts)
			}
		})
	}
}
