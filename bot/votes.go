package bot

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"archivist/bot/feedback"
	"archivist/retrieval"

	"github.com/bwmarrin/discordgo"
)

// voteButtonPrefix starts the custom id of a vote component: "fb:up:KEY"
// and "fb:down:KEY" are the 👍 and 👎 buttons of the answer cached under
// KEY, "fb:why:KEY" the menu of reasons a 👎 may give. A KEY is a
// snowflake, so every id stays far within Discord's 100 characters.
const voteButtonPrefix = "fb:"

// Vote component actions, after voteButtonPrefix.
const (
	voteUp   = "up:"
	voteDown = "down:"
	voteWhy  = "why:"
)

// What a voter is told, privately.
const (
	msgVoted     = "Thanks — noted."
	msgVotedDown = "Thanks — noted. If you like, say what was wrong:"
	msgVoteGone  = "That answer is too old to rate; please ask again."
	msgVoteFail  = "Sorry, I couldn't record your vote; please try again in a moment."
)

// reasonLabels are the labels of feedback.Reasons, in the same order.
var reasonLabels = map[string]string{
	feedback.ReasonWrongSource: "Wrong source",
	feedback.ReasonOutdated:    "Outdated",
	feedback.ReasonNotAnswered: "Not answered",
	feedback.ReasonOther:       "Other",
}

// answerButtons is the row of buttons under an answer cached under key:
// Show passages, and 👍 and 👎 when votes are kept.
func (b *Bot) answerButtons(key string) []discordgo.MessageComponent {
	row := passagesButton(key)
	if b.cfg.Votes == nil {
		return row
	}
	r := row[0].(discordgo.ActionsRow)
	r.Components = append(r.Components,
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👍"}, Style: discordgo.SecondaryButton, CustomID: voteButtonPrefix + voteUp + key},
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👎"}, Style: discordgo.SecondaryButton, CustomID: voteButtonPrefix + voteDown + key},
	)
	return []discordgo.MessageComponent{r}
}

// remember keeps what a vote on answer a, asked at time t, records, under
// key: in memory, and in the votes store, so that a vote after a restart
// finds it (a failure to store it is logged, and the vote then counts on
// memory alone). Nothing when votes are not kept.
func (b *Bot) remember(key string, a retrieval.Answer, t retrieval.Time) {
	if b.cfg.Votes == nil {
		return
	}
	ids := make([]string, 0, len(a.Citations))
	for _, c := range a.Citations {
		if !slices.Contains(ids, c.ArticleID) {
			ids = append(ids, c.ArticleID)
		}
	}
	v := feedback.Vote{
		AnswerKey: key, Question: a.Question, AskedAt: t.AsOf, From: t.From, To: t.To,
		Answer: a.Text, Abstained: a.Abstained, ArticleIDs: ids,
	}
	b.answers.put(key, v)
	if err := b.cfg.Votes.Keep(v); err != nil {
		b.log.Warn("keep an answer for votes after a restart", "answer", key, "err", err)
	}
}

// vote handles a vote component whose custom id, after voteButtonPrefix,
// is action: a 👍 or 👎 is stored at once, and acknowledged privately
// (a 👎 with a menu of reasons); a reason updates the stored 👎.
func (b *Bot) vote(ctx context.Context, out *sender, i *discordgo.Interaction, action string) {
	log := b.log.With("interaction", i.ID, "user", userID(i))
	store := b.cfg.Votes
	if store == nil {
		log.Debug("vote while votes are not kept")
		if err := out.ackSilently(ctx, i); err != nil {
			log.Warn("acknowledge a vote", "err", err)
		}
		return
	}
	if key, ok := strings.CutPrefix(action, voteWhy); ok {
		var reason string
		if vs := i.MessageComponentData().Values; len(vs) > 0 {
			reason = vs[0]
		}
		v, err := store.SetReason(key, userID(i), reason)
		switch {
		case errors.Is(err, feedback.ErrNoVote):
			b.update(ctx, out, i, reply{Content: msgVoteGone})
		case err != nil:
			log.Error("record a vote's reason", "answer", key, "err", err)
			b.respond(ctx, out, i, reply{Content: msgVoteFail, Ephemeral: true})
		default:
			log.Info("vote reason recorded", "answer", key, "reason", v.Reason)
			b.update(ctx, out, i, reply{Content: msgVoted + " (" + reasonLabels[v.Reason] + ")"})
		}
		return
	}
	up := true
	key, ok := strings.CutPrefix(action, voteUp)
	if !ok {
		if key, ok = strings.CutPrefix(action, voteDown); !ok {
			log.Debug("unknown vote component", "custom_id", voteButtonPrefix+action)
			if err := out.ackSilently(ctx, i); err != nil {
				log.Warn("acknowledge a vote", "err", err)
			}
			return
		}
		up = false
	}
	v, ok := b.answers.get(key)
	if !ok {
		// An answer sent before a restart, or forgotten in memory.
		var err error
		if v, ok, err = store.Kept(key); err != nil {
			log.Error("read a kept answer", "answer", key, "err", err)
			b.respond(ctx, out, i, reply{Content: msgVoteFail, Ephemeral: true})
			return
		}
	}
	if !ok {
		b.respond(ctx, out, i, reply{Content: msgVoteGone, Ephemeral: true})
		return
	}
	v.UserID, v.Up, v.VotedAt = userID(i), up, interactionTime(i)
	if err := store.Record(v); err != nil {
		log.Error("record a vote", "answer", key, "err", err)
		b.respond(ctx, out, i, reply{Content: msgVoteFail, Ephemeral: true})
		return
	}
	log.Info("vote recorded", "answer", key, "up", up)
	if up {
		b.respond(ctx, out, i, reply{Content: msgVoted, Ephemeral: true})
		return
	}
	b.respond(ctx, out, i, reply{Content: msgVotedDown, Components: reasonMenu(key), Ephemeral: true})
}

// reasonMenu is the menu of reasons for a 👎 on the answer under key.
func reasonMenu(key string) []discordgo.MessageComponent {
	opts := make([]discordgo.SelectMenuOption, 0, len(feedback.Reasons))
	for _, r := range feedback.Reasons {
		opts = append(opts, discordgo.SelectMenuOption{Label: reasonLabels[r], Value: r})
	}
	one := 1
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.SelectMenu{
			MenuType: discordgo.StringSelectMenu, CustomID: voteButtonPrefix + voteWhy + key,
			Placeholder: "What was wrong?", MinValues: &one, MaxValues: 1, Options: opts,
		},
	}}}
}

// update replaces the message of a component interaction, logging a failure.
func (b *Bot) update(ctx context.Context, out *sender, i *discordgo.Interaction, r reply) {
	if err := out.update(ctx, i, r); err != nil {
		b.log.Error("update component message", "interaction", i.ID, "err", err)
	}
}

// update answers a component interaction by replacing the message that
// holds the component with r; Components nil removes them.
func (s *sender) update(ctx context.Context, i *discordgo.Interaction, r reply) error {
	components := r.Components
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	data := &discordgo.InteractionResponseData{
		Content:         fitContent(r.Content),
		Embeds:          r.Embeds,
		Components:      components,
		AllowedMentions: noMentions(),
	}
	return s.do(ctx, "update", func(opts ...discordgo.RequestOption) error {
		return s.api.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseUpdateMessage, Data: data,
		}, opts...)
	})
}

// answerCache keeps what a vote records of recent answers, keyed as their
// buttons are, forgetting the oldest beyond its capacity.
type answerCache struct {
	mu    sync.Mutex // guards the fields below
	max   int
	byKey map[string]feedback.Vote
	order []string // keys, oldest first
}

func newAnswerCache(max int) *answerCache {
	return &answerCache{max: max, byKey: make(map[string]feedback.Vote)}
}

func (c *answerCache) put(key string, v feedback.Vote) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[key]; !ok {
		c.order = append(c.order, key)
	}
	c.byKey[key] = v
	for len(c.order) > c.max {
		delete(c.byKey, c.order[0])
		c.order = c.order[1:]
	}
}

func (c *answerCache) get(key string) (feedback.Vote, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.byKey[key]
	return v, ok
}
