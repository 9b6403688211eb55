package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// A bot in many guilds runs as several shards, each its own process with
// its own Config.ShardID and the same Config.ShardCount: Discord sends each
// shard the events of its guilds alone (see Config.ShardID). The count is
// the operator's choice, not discovered at start: every shard must be
// restarted with the new count to change it, and Discord's recommendation
// (GET /gateway/bot) is only logged, by adviseShards, so that the operator
// sees when to add shards before Discord requires them.

// Gateway close codes about shards.
const (
	closeInvalidShard     = 4010
	closeShardingRequired = 4011
)

// ErrShardingRequired is what Run's error wraps when Discord refuses to
// serve the bot on as few shards as it was given: the bot is in too many
// guilds (2,500 per shard at most).
var ErrShardingRequired = errors.New("Discord requires more shards for this bot")

// ErrInvalidShard is what Run's error wraps when Discord refuses the shard
// id and count the bot identified with.
var ErrInvalidShard = errors.New("Discord refused the shard id and count")

// shardError turns a gateway close about shards into one of the errors
// above, or returns nil.
func shardError(err error) error {
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		return nil
	}
	switch ce.Code {
	case closeShardingRequired:
		return fmt.Errorf("%w (gateway close %d)", ErrShardingRequired, ce.Code)
	case closeInvalidShard:
		return fmt.Errorf("%w (gateway close %d)", ErrInvalidShard, ce.Code)
	}
	return nil
}

// adviseShards asks Discord how many shards it recommends for the bot and
// logs a warning when that is more than it runs. Only shard 0 asks, once at
// start; a failure is logged at debug level and otherwise ignored.
func (b *Bot) adviseShards(ctx context.Context, s *discordgo.Session) {
	if b.cfg.ShardID != 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	gb, err := s.GatewayBot(discordgo.WithContext(ctx))
	if err != nil {
		b.log.Debug("ask Discord for its recommended shard count", "err", b.clean(err))
		return
	}
	if gb.Shards > b.cfg.ShardCount {
		b.log.Warn(fmt.Sprintf("Discord recommends %d shards", gb.Shards), "running", b.cfg.ShardCount,
			"advice", "run that many serve processes, each with its shard id and the same count (docs/DEPLOY.md, Shards)")
	}
}
