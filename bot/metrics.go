package bot

import (
	"time"

	"archivist/retrieval"
)

// Metrics is told what the bot does, for monitoring: cmd/archivist exports
// it in the Prometheus format. Its methods must be safe for concurrent use
// and return at once. No argument carries a user id or a question's text.
type Metrics interface {
	// Question records one question (an /ask, a mention or a direct
	// message) that reached the bot: where it came from and how it ended.
	// took runs from its arrival to its reply being sent; it is zero
	// unless the outcome is OutcomeAnswered or OutcomeAbstained.
	Question(source Source, outcome Outcome, took time.Duration)
	// Search records one /search and how it ended.
	Search(outcome Outcome)
	// LLMFallback records an answer whose written (LLM) answer could not
	// be used, so that it quotes the archive instead.
	LLMFallback()
	// Reload records one /reload that ran: whether it succeeded, how long
	// it took and, when it did, the index it left.
	Reload(ok bool, took time.Duration, r retrieval.Report)
	// Gateway records the gateway connection going up or down.
	Gateway(connected bool)
	// RateLimited records a 429 from Discord's REST API to the request
	// named: ack, respond, edit, send, typing or delete.
	RateLimited(request string)
}

// Source is where a question came from.
type Source string

// The sources of questions.
const (
	SourceSlash   Source = "slash"   // the /ask command
	SourceMention Source = "mention" // a guild message that mentions the bot
	SourceDM      Source = "dm"      // a direct message
)

// Outcome is how a question or a search ended.
type Outcome string

// The outcomes of questions and searches.
const (
	// OutcomeAnswered: the answer, or the search's passages, were sent.
	OutcomeAnswered Outcome = "answered"
	// OutcomeAbstained: the archive did not hold an answer, and the reply
	// said so.
	OutcomeAbstained Outcome = "abstained"
	// OutcomeRefused: nothing was asked: no question, one too long, a bad
	// date, or a guild or DM the bot does not serve.
	OutcomeRefused Outcome = "refused"
	// OutcomeRateLimited: the user was over the questions limit.
	OutcomeRateLimited Outcome = "rate_limited"
	// OutcomeFailed: the answer failed (busy, too slow, an error) or the
	// question could not be acknowledged.
	OutcomeFailed Outcome = "failed"
)

// answered is the outcome of an answer sent.
func answered(a retrieval.Answer) Outcome {
	if a.Abstained {
		return OutcomeAbstained
	}
	return OutcomeAnswered
}

// noMetrics records nothing: the metrics of a Config without any.
type noMetrics struct{}

func (noMetrics) Question(Source, Outcome, time.Duration)      {}
func (noMetrics) Search(Outcome)                               {}
func (noMetrics) LLMFallback()                                 {}
func (noMetrics) Reload(bool, time.Duration, retrieval.Report) {}
func (noMetrics) Gateway(bool)                                 {}
func (noMetrics) RateLimited(string)                           {}
