// Package metrics is what `archivist serve` tells a monitor: counters of
// the bot's questions, answers, reloads, gateway and Discord rate limits in
// a private Prometheus registry, with the Go runtime and process
// collectors, served as GET /metrics in the text format; and GET /healthz,
// whether the gateway is connected and the index loaded.
//
// No label carries a user id, a question's text or anything else
// unbounded: every label value is one of a few constants.
package metrics

import (
	"context"
	"sync"
	"time"

	"archivist/bot"
	"archivist/retrieval"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics records what serve does; it implements bot.Metrics. Create it
// with New. Its methods are safe for concurrent use.
type Metrics struct {
	reg *prometheus.Registry
	now func() time.Time

	questions          *prometheus.CounterVec   // source, outcome
	answerSeconds      *prometheus.HistogramVec // source
	searches           *prometheus.CounterVec   // outcome
	llmRequests        *prometheus.CounterVec   // outcome
	llmSeconds         prometheus.Histogram
	llmFallbacks       prometheus.Counter
	reloads            *prometheus.CounterVec // outcome
	reloadSeconds      prometheus.Histogram
	articles, chunks   prometheus.Gauge
	gatewayConnected   prometheus.Gauge
	gatewayDisconnects prometheus.Counter
	rateLimited        *prometheus.CounterVec // request

	mu     sync.Mutex // guards health
	health health
}

// Label values beyond those of package bot.
const (
	outcomeOK     = "ok"
	outcomeError  = "error"
	outcomeFailed = "failed"
)

// The label values each metric is created with, so that every series is
// exported from the start, at zero.
var (
	sources         = []bot.Source{bot.SourceSlash, bot.SourceMention, bot.SourceDM}
	questionResults = []bot.Outcome{bot.OutcomeAnswered, bot.OutcomeAbstained, bot.OutcomeRefused, bot.OutcomeRateLimited, bot.OutcomeFailed}
	searchResults   = []bot.Outcome{bot.OutcomeAnswered, bot.OutcomeRefused, bot.OutcomeRateLimited, bot.OutcomeFailed}
	requests        = []string{"ack", "respond", "edit", "send", "typing", "delete"}
)

// New returns Metrics with nothing recorded yet: the gateway down and the
// index not loaded. now is the clock of the last reload's time; nil means
// the wall clock.
func New(now func() time.Time) *Metrics {
	if now == nil {
		now = time.Now
	}
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		now: now,
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "archivist_questions_total",
			Help: "Questions asked (/ask, mentions, direct messages), by source and outcome.",
		}, []string{"source", "outcome"}),
		answerSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "archivist_answer_duration_seconds",
			Help:    "Time from a question's arrival to its answer being sent, for questions answered or abstained.",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120},
		}, []string{"source"}),
		searches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "archivist_searches_total",
			Help: "/search commands, by outcome.",
		}, []string{"outcome"}),
		llmRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "archivist_llm_requests_total",
			Help: "Requests to the LLM for a written answer, by outcome (ok or error).",
		}, []string{"outcome"}),
		llmSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "archivist_llm_request_duration_seconds",
			Help:    "Time the LLM took to write an answer, or to fail.",
			Buckets: []float64{0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120},
		}),
		llmFallbacks: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "archivist_llm_fallbacks_total",
			Help: "Answers whose written answer could not be used, so that they quote the archive instead.",
		}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "archivist_reloads_total",
			Help: "Index updates (the one at start-up and each /reload), by outcome (ok or failed).",
		}, []string{"outcome"}),
		reloadSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "archivist_reload_duration_seconds",
			Help:    "Time an index update took.",
			Buckets: prometheus.ExponentialBuckets(0.1, 2.5, 10), // 0.1 s to about 6.4 min
		}),
		articles: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "archivist_index_articles",
			Help: "Articles in the index the bot answers from.",
		}),
		chunks: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "archivist_index_chunks",
			Help: "Passages in the index the bot answers from.",
		}),
		gatewayConnected: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "archivist_discord_gateway_connected",
			Help: "1 while the Discord gateway is connected, else 0.",
		}),
		gatewayDisconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "archivist_discord_gateway_disconnects_total",
			Help: "Times the Discord gateway connection was lost or closed.",
		}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "archivist_discord_rate_limited_total",
			Help: "HTTP 429 answers from Discord's REST API, by request (ack, respond, edit, send, typing, delete).",
		}, []string{"request"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.questions, m.answerSeconds, m.searches, m.llmRequests, m.llmSeconds, m.llmFallbacks,
		m.reloads, m.reloadSeconds, m.articles, m.chunks, m.gatewayConnected, m.gatewayDisconnects, m.rateLimited,
	)
	m.health.setGateway(false)
	for _, s := range sources {
		m.answerSeconds.WithLabelValues(string(s))
		for _, o := range questionResults {
			m.questions.WithLabelValues(string(s), string(o))
		}
	}
	for _, o := range searchResults {
		m.searches.WithLabelValues(string(o))
	}
	for _, o := range []string{outcomeOK, outcomeError} {
		m.llmRequests.WithLabelValues(o)
	}
	for _, o := range []string{outcomeOK, outcomeFailed} {
		m.reloads.WithLabelValues(o)
	}
	for _, r := range requests {
		m.rateLimited.WithLabelValues(r)
	}
	return m
}

// Question counts a question and, when it was answered or abstained,
// observes its latency.
func (m *Metrics) Question(source bot.Source, outcome bot.Outcome, took time.Duration) {
	// The latency first: whoever sees the question counted sees it timed.
	if outcome == bot.OutcomeAnswered || outcome == bot.OutcomeAbstained {
		m.answerSeconds.WithLabelValues(string(source)).Observe(took.Seconds())
	}
	m.questions.WithLabelValues(string(source), string(outcome)).Inc()
}

// Search counts a /search.
func (m *Metrics) Search(outcome bot.Outcome) {
	m.searches.WithLabelValues(string(outcome)).Inc()
}

// LLMFallback counts an answer that fell back to quoting the archive.
func (m *Metrics) LLMFallback() { m.llmFallbacks.Inc() }

// Reload counts an index update and observes its duration. A successful
// one sets the index gauges from r and marks the index loaded.
func (m *Metrics) Reload(ok bool, took time.Duration, r retrieval.Report) {
	outcome := outcomeFailed
	if ok {
		outcome = outcomeOK
		m.articles.Set(float64(r.Articles))
		m.chunks.Set(float64(r.Chunks))
	}
	m.reloads.WithLabelValues(outcome).Inc()
	m.reloadSeconds.Observe(took.Seconds())
	m.mu.Lock()
	defer m.mu.Unlock()
	m.health.reload(ok, outcome, m.now(), r)
}

// Gateway records the gateway connection going up or down.
func (m *Metrics) Gateway(connected bool) {
	m.mu.Lock()
	was := m.health.Gateway == gatewayConnected
	m.health.setGateway(connected)
	m.mu.Unlock()
	if connected {
		m.gatewayConnected.Set(1)
		return
	}
	m.gatewayConnected.Set(0)
	if was {
		m.gatewayDisconnects.Inc()
	}
}

// RateLimited counts a 429 from Discord to the request named.
func (m *Metrics) RateLimited(request string) {
	m.rateLimited.WithLabelValues(request).Inc()
}

// Generator returns g with every request counted and timed, by outcome.
func (m *Metrics) Generator(g retrieval.Generator) retrieval.Generator {
	return retrieval.GeneratorFunc(func(ctx context.Context, req retrieval.GenerateRequest) (string, error) {
		start := time.Now()
		text, err := g.Generate(ctx, req)
		m.llmSeconds.Observe(time.Since(start).Seconds())
		outcome := outcomeOK
		if err != nil {
			outcome = outcomeError
		}
		m.llmRequests.WithLabelValues(outcome).Inc()
		return text, err
	})
}

var _ bot.Metrics = (*Metrics)(nil)
