package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"archivist/retrieval"

	"github.com/bwmarrin/discordgo"
)

// check checks a question before any work: that there is one, and that it
// is not too long. It returns "" when the question may be answered, else
// what to tell the user. (The rate limit was checked before: a refused
// question counts too.)
func (b *Bot) check(question string) string {
	if question == "" {
		return msgNoQuestion
	}
	if n := size(question); n > b.cfg.MaxQuestionLen {
		return fmt.Sprintf("Your question is %s characters long; the limit is %s. Please shorten it and ask again.",
			thousands(n), thousands(b.cfg.MaxQuestionLen))
	}
	return ""
}

// answer asks the answerer once a turn is free, within AskTimeout, at the
// question's time t.
func (b *Bot) answer(work context.Context, question string, t retrieval.Time, partial func(string)) (retrieval.Answer, error) {
	ctx, cancel := context.WithTimeout(work, b.cfg.AskTimeout)
	defer cancel()
	release, err := b.turn(ctx)
	if err != nil {
		return retrieval.Answer{}, err
	}
	defer release()
	start := time.Now()
	a, err := b.answerer.Ask(ctx, question, retrieval.AskOptions{Time: t, Partial: partial})
	if err != nil {
		return retrieval.Answer{}, fmt.Errorf("ask: %w", err)
	}
	if a.Took == 0 {
		a.Took = time.Since(start)
	}
	if a.Question == "" {
		a.Question = question
	}
	return a, nil
}

// ask answers /ask at time t: acknowledge at once (privately when asked),
// stream the partial answer, then edit in the rendered answer and its
// button. With thread, a public answer in a guild channel then starts a
// thread (see threadAnswer); elsewhere thread is ignored, and the user told
// so privately.
func (b *Bot) ask(work, ctx context.Context, out *sender, i *discordgo.Interaction, question string, private, thread bool, t retrieval.Time) {
	start := time.Now()
	question = strings.TrimSpace(question)
	if msg := b.check(question); msg != "" {
		b.metrics.Question(SourceSlash, OutcomeRefused, 0)
		b.respond(ctx, out, i, reply{Content: msg, Ephemeral: true})
		return
	}
	if err := out.ack(ctx, i, private); err != nil {
		b.metrics.Question(SourceSlash, OutcomeFailed, 0)
		b.log.Error("acknowledge /ask", "interaction", i.ID, "err", err)
		return
	}
	p := startProgress(b.editInterval, func(text string) {
		if err := out.edit(ctx, i, reply{Embeds: []*discordgo.MessageEmbed{renderPartial(question, text)}}); err != nil {
			b.log.Debug("edit partial answer", "interaction", i.ID, "err", err)
		}
	})
	a, err := b.answer(work, question, t, p.update)
	p.stop()
	if err != nil {
		b.metrics.Question(SourceSlash, OutcomeFailed, 0)
		b.logFailure("answer /ask", "interaction", i.ID, err)
		b.editReply(ctx, out, i, reply{Content: failure(err)})
		return
	}
	b.noteFallback("interaction", i.ID, a)
	b.passages.put(i.ID, a.Passages)
	b.remember(i.ID, a, t)
	err = out.edit(ctx, i, reply{
		Embeds:     []*discordgo.MessageEmbed{renderAnswer(a, b.answerer.Stats().Articles, t)},
		Components: b.answerButtons(i.ID),
	})
	b.metrics.Question(SourceSlash, answered(a), time.Since(start))
	if err != nil {
		b.log.Error("edit interaction reply", "interaction", i.ID, "err", err)
		return
	}
	switch want, note := askThread(i, private, thread); {
	case want:
		b.threadAnswer(ctx, out, i, a, t)
	case note:
		b.followup(ctx, out, i, reply{Content: msgThreadIgnored, Ephemeral: true})
	}
}

// renderPartial shows an answer being written.
func renderPartial(question, text string) *discordgo.MessageEmbed {
	e := newEmbed(question, colorAnswer)
	e.footer("Writing the answer…")
	e.description(text, maxDescription)
	return e.embed()
}

// search answers /search at time t with the best passages and no answer.
func (b *Bot) search(work, ctx context.Context, out *sender, i *discordgo.Interaction, query string, t retrieval.Time) {
	query = strings.TrimSpace(query)
	if msg := b.check(query); msg != "" {
		b.metrics.Search(OutcomeRefused)
		b.respond(ctx, out, i, reply{Content: msg, Ephemeral: true})
		return
	}
	if err := out.ack(ctx, i, false); err != nil {
		b.metrics.Search(OutcomeFailed)
		b.log.Error("acknowledge /search", "interaction", i.ID, "err", err)
		return
	}
	ps, took, err := b.find(work, query, t)
	if err != nil {
		b.metrics.Search(OutcomeFailed)
		b.logFailure("search", "interaction", i.ID, err)
		b.editReply(ctx, out, i, reply{Content: failure(err)})
		return
	}
	b.editReply(ctx, out, i, reply{Embeds: []*discordgo.MessageEmbed{renderSearch(query, ps, b.answerer.Stats().Articles, took, t)}})
	b.metrics.Search(OutcomeAnswered)
}

// find searches once a turn is free, within AskTimeout, at the query's
// time t.
func (b *Bot) find(work context.Context, query string, t retrieval.Time) ([]retrieval.Passage, time.Duration, error) {
	ctx, cancel := context.WithTimeout(work, b.cfg.AskTimeout)
	defer cancel()
	release, err := b.turn(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer release()
	start := time.Now()
	ps, err := b.answerer.Search(ctx, query, retrieval.SearchOptions{K: b.cfg.SearchResults, Time: t})
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	return ps, time.Since(start), nil
}

// showPassages answers a "Show passages" button with the passages of its
// answer, visible to the presser alone.
func (b *Bot) showPassages(ctx context.Context, out *sender, i *discordgo.Interaction, key string) {
	ps, ok := b.passages.get(key)
	if !ok {
		b.respond(ctx, out, i, reply{Content: msgGone, Ephemeral: true})
		return
	}
	b.respond(ctx, out, i, reply{Embeds: []*discordgo.MessageEmbed{renderPassages(ps)}, Ephemeral: true})
}

// logFailure logs why a question failed, once, with the id of its
// interaction or message (key names which): expected conditions as
// warnings, the rest as errors.
func (b *Bot) logFailure(what, key, id string, err error) {
	level := slog.LevelError
	if errors.Is(err, errBusy) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) ||
		errors.Is(err, retrieval.ErrNoPassages) {
		level = slog.LevelWarn
	}
	b.log.Log(context.Background(), level, what+" failed", key, id, "err", err)
}

// noteFallback counts an answer that fell back (a's Fallback set) and logs
// why, once, with the id of its interaction or message (key names which).
// Users see only the answer's fixed Note.
func (b *Bot) noteFallback(key, id string, a retrieval.Answer) {
	if a.Fallback != nil {
		b.metrics.LLMFallback()
		b.log.Warn("written answer unavailable; answered with quotes", key, id, "err", a.Fallback)
	}
}

// progress relays an answer's partial text to an edit function, at most
// once per interval and never after stop returns. The latest text wins.
type progress struct {
	interval time.Duration
	edit     func(text string)
	kick     chan struct{} // buffered 1: new text is waiting
	quit     chan struct{} // closed by stop
	done     chan struct{} // closed when run returns

	mu     sync.Mutex // guards latest
	latest string
}

func startProgress(interval time.Duration, edit func(string)) *progress {
	p := &progress{
		interval: interval, edit: edit,
		kick: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{}),
	}
	go p.run()
	return p
}

// update records the answer's text so far; it never blocks.
func (p *progress) update(text string) {
	p.mu.Lock()
	p.latest = text
	p.mu.Unlock()
	select {
	case p.kick <- struct{}{}:
	default:
	}
}

func (p *progress) run() {
	defer close(p.done)
	for {
		select {
		case <-p.quit:
			return
		case <-p.kick:
		}
		p.mu.Lock()
		text := p.latest
		p.mu.Unlock()
		if strings.TrimSpace(text) != "" {
			p.edit(text)
		}
		t := time.NewTimer(p.interval)
		select {
		case <-p.quit:
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// stop ends the relay and waits for an edit in progress, so that the final
// edit that follows cannot be overtaken.
func (p *progress) stop() {
	close(p.quit)
	<-p.done
}
