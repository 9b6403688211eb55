package bot

import (
	"context"
	"errors"

	"archivist/retrieval"
)

// errBusy means that no turn to answer came before QueueTimeout.
var errBusy = errors.New("too many questions in flight")

// What users see when something fails: one fixed sentence per kind of
// failure. The log gets the detail.
const (
	msgBusy       = "I'm answering many questions right now; please try again in a minute."
	msgEmpty      = "The archive is empty for now, so there is nothing to search. An admin can add articles and run /reload."
	msgTimeout    = "That took too long to answer; please try again, perhaps with a more precise question."
	msgStopping   = "I'm restarting; please ask again in a minute."
	msgFailed     = "Something went wrong while answering; please try again later."
	msgNoQuestion = "Ask me a question after the mention, for example: when did the bridge open? You can also use /ask."
	msgGone       = "Those passages are no longer available; please ask again."
	msgUnknown    = "I don't know that command any more; /help lists the ones I answer."
	msgGuild      = "I don't answer in this server."
	msgChannel    = "I don't answer in this channel; please ask me in one of the channels I serve."
	msgNoDMs      = "I don't answer direct messages; please ask me in a server."
	msgNotAdmin   = "Only the bot's admins can reload the archive."
	msgReloading  = "A reload is already running; its report will follow when it finishes."
	msgReloadFail = "The reload failed, so the archive keeps answering from its previous index. The details are in the bot's log."
)

// failure returns the sentence a user sees for err.
func failure(err error) string {
	switch {
	case errors.Is(err, errBusy):
		return msgBusy
	case errors.Is(err, retrieval.ErrNoPassages):
		return msgEmpty
	case errors.Is(err, context.DeadlineExceeded):
		return msgTimeout
	case errors.Is(err, context.Canceled):
		return msgStopping
	default:
		return msgFailed
	}
}
