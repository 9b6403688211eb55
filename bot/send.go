package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/bwmarrin/discordgo"
)

// rest is the part of *discordgo.Session the bot sends through.
type rest interface {
	InteractionRespond(i *discordgo.Interaction, r *discordgo.InteractionResponse, opts ...discordgo.RequestOption) error
	RequestWithBucketID(method, url string, data any, bucket string, opts ...discordgo.RequestOption) ([]byte, error)
	ChannelMessageSendComplex(channelID string, m *discordgo.MessageSend, opts ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelTyping(channelID string, opts ...discordgo.RequestOption) error
	Channel(channelID string, opts ...discordgo.RequestOption) (*discordgo.Channel, error)
	ChannelMessages(channelID string, limit int, beforeID, afterID, aroundID string, opts ...discordgo.RequestOption) ([]*discordgo.Message, error)
	MessageThreadStartComplex(channelID, messageID string, data *discordgo.ThreadStart, opts ...discordgo.RequestOption) (*discordgo.Channel, error)
}

// reply is a message the bot sends, however it is sent.
type reply struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	// Ephemeral shows the message to the interaction's user only.
	Ephemeral bool
}

// noMentions is the allowed_mentions of every message: parse nothing, so
// that no @everyone, role or user mention in an article or a question pings
// anyone, nor does a reply ping its author.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// maxRetries bounds the retries of one rate-limited request.
const maxRetries = 5

// sender is the bot's only way to send, edit or acknowledge a message: each
// of its methods sets allowed_mentions, keeps content within Discord's limit
// and retries rate-limited requests after the server's retry_after, as long
// as ctx (an interaction's token life) allows.
type sender struct {
	api rest
	log *slog.Logger
	// token is the bot's token, removed from every error (see clean).
	token string
	// metrics, when set, counts the 429s Discord answers.
	metrics Metrics
}

// ack acknowledges an interaction with a deferred reply, shown to the user
// alone when ephemeral; edit fills it in.
func (s *sender) ack(ctx context.Context, i *discordgo.Interaction, ephemeral bool) error {
	data := &discordgo.InteractionResponseData{AllowedMentions: noMentions()}
	if ephemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return s.do(ctx, "ack", func(opts ...discordgo.RequestOption) error {
		return s.api.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: data,
		}, opts...)
	})
}

// ackSilently acknowledges an interaction and shows nothing: a button
// press with a deferred update that leaves its message as it is; a command
// with a private deferred reply, deleted at once (a command cannot be
// acknowledged otherwise).
func (s *sender) ackSilently(ctx context.Context, i *discordgo.Interaction) error {
	if i.Type == discordgo.InteractionMessageComponent {
		return s.do(ctx, "ack", func(opts ...discordgo.RequestOption) error {
			return s.api.InteractionRespond(i, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseDeferredMessageUpdate,
			}, opts...)
		})
	}
	if err := s.ack(ctx, i, true); err != nil {
		return err
	}
	endpoint := discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original")
	return s.do(ctx, "delete", func(opts ...discordgo.RequestOption) error {
		_, err := s.api.RequestWithBucketID("DELETE", endpoint, nil, endpoint, opts...)
		return err
	})
}

// respond answers an interaction at once with r.
func (s *sender) respond(ctx context.Context, i *discordgo.Interaction, r reply) error {
	data := &discordgo.InteractionResponseData{
		Content:         fitContent(r.Content),
		Embeds:          r.Embeds,
		Components:      r.Components,
		AllowedMentions: noMentions(),
	}
	if r.Ephemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return s.do(ctx, "respond", func(opts ...discordgo.RequestOption) error {
		return s.api.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data,
		}, opts...)
	})
}

// edit replaces the interaction's original (deferred) reply with r.
// Whether it is ephemeral was settled by ack.
func (s *sender) edit(ctx context.Context, i *discordgo.Interaction, r reply) error {
	content := fitContent(r.Content)
	embeds := r.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	components := r.Components
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	data := &discordgo.WebhookEdit{
		Content:         &content,
		Embeds:          &embeds,
		Components:      &components,
		AllowedMentions: noMentions(),
	}
	// Each interaction token is its own rate-limit bucket: discordgo's
	// InteractionResponseEdit would queue every edit of every interaction
	// behind one shared bucket.
	endpoint := discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original")
	return s.do(ctx, "edit", func(opts ...discordgo.RequestOption) error {
		_, err := s.api.RequestWithBucketID("PATCH", endpoint, data, endpoint, opts...)
		return err
	})
}

// send posts r in a channel as a reply to the message ref.
func (s *sender) send(ctx context.Context, channelID string, ref *discordgo.MessageReference, r reply) error {
	m := &discordgo.MessageSend{
		Content:         fitContent(r.Content),
		Embeds:          r.Embeds,
		Components:      r.Components,
		AllowedMentions: noMentions(),
		Reference:       ref,
	}
	return s.do(ctx, "send", func(opts ...discordgo.RequestOption) error {
		_, err := s.api.ChannelMessageSendComplex(channelID, m, opts...)
		return err
	})
}

// channel reads a channel.
func (s *sender) channel(ctx context.Context, id string) (*discordgo.Channel, error) {
	var ch *discordgo.Channel
	err := s.do(ctx, "get channel", func(opts ...discordgo.RequestOption) error {
		var err error
		ch, err = s.api.Channel(id, opts...)
		return err
	})
	return ch, err
}

// typing shows the typing indicator in a channel for about ten seconds.
func (s *sender) typing(ctx context.Context, channelID string) error {
	return s.do(ctx, "typing", func(opts ...discordgo.RequestOption) error {
		return s.api.ChannelTyping(channelID, opts...)
	})
}

// do runs one request, retrying it after a 429 for as long as the server
// asks, up to maxRetries times and within ctx.
func (s *sender) do(ctx context.Context, what string, req func(opts ...discordgo.RequestOption) error) error {
	opts := []discordgo.RequestOption{discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false)}
	for attempt := 0; ; attempt++ {
		err := req(opts...)
		var rl *discordgo.RateLimitError
		if !errors.As(err, &rl) {
			if err != nil {
				return fmt.Errorf("%s: %w", what, clean(s.token, err))
			}
			return nil
		}
		if s.metrics != nil {
			s.metrics.RateLimited(what)
		}
		wait := rl.RetryAfter
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return fmt.Errorf("%s: rate limited for %v, beyond the interaction's life", what, wait)
		}
		if attempt == maxRetries {
			return fmt.Errorf("%s: still rate limited after %d retries", what, maxRetries)
		}
		s.log.Debug("rate limited; retrying", "request", what, "retry_after", wait)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%s: %w", what, ctx.Err())
		}
	}
}
