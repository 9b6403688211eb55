package main

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Statuses of a doctor check.
const (
	statusOK   = "ok"
	statusWarn = "warn"
	statusFail = "fail"
)

// Bounds of doctor's network checks. A chat completion gets longer: a local
// model may have to be loaded before it answers.
const (
	doctorTimeout    = 5 * time.Second
	doctorLLMTimeout = 15 * time.Second
)

// check is one line of doctor's report: what was checked, how it went, and
// what to do about it.
type check struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Detail string `json:"detail"`
}

// doctorOutput is the JSON shape of `doctor --json`.
type doctorOutput struct {
	Checks []check `json:"checks"`
	OK     bool    `json:"ok"`
}

func (m *Main) doctor(ctx context.Context, args []string) error {
	cfg, cfgErr := loadConfig(m.Getenv)
	if m.DotenvErr != nil {
		cfgErr = m.DotenvErr
	}
	var c common
	fs := newFlags("doctor", "doctor [flags]", cfg, &c, 0, m.Stderr, "corpus", "index", "json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("doctor: unexpected argument %q", pos[0])
	}
	checks := diagnose(ctx, cfg, cfgErr, c)
	hide := secrets(m.Getenv)
	out := doctorOutput{Checks: checks, OK: true}
	failed, warned := 0, 0
	for i := range out.Checks {
		ch := &out.Checks[i]
		ch.Detail = hide.Replace(ch.Detail)
		switch ch.Status {
		case statusFail:
			failed++
			out.OK = false
		case statusWarn:
			warned++
		}
	}
	if c.json {
		if err := writeJSON(m.Stdout, out); err != nil {
			return err
		}
	} else {
		for _, ch := range out.Checks {
			fmt.Fprintf(m.Stdout, "%-4s  %-18s %s\n", ch.Status, printable(ch.Name), printable(ch.Detail))
		}
	}
	if failed > 0 {
		return fmt.Errorf("doctor: %d of %s failed", failed, plural(len(out.Checks), "check"))
	}
	if !c.json {
		fmt.Fprintf(m.Stdout, "nothing failed (%s)\n", plural(warned, "warning"))
	}
	return nil
}

// diagnose runs the checks in order: the configuration first, and nothing
// else when it is wrong, since every other check reads it.
func diagnose(ctx context.Context, cfg Config, cfgErr error, c common) []check {
	if cfgErr != nil {
		return []check{{"configuration", statusFail, cfgErr.Error() + "; fix it, then run archivist doctor again (the other checks need it)"}}
	}
	checks := []check{configCheck(cfg)}
	if !cfg.WeaviateReadOnly { // a reader of Weaviate has no corpus or index of its own
		corpusCk, src := corpusCheck(c.corpus)
		checks = append(checks, corpusCk)
		checks = append(checks, indexCheck(ctx, cfg, c.index, src))
	}
	checks = append(checks, embedderCheck(ctx, cfg))
	if cfg.Store == "weaviate" {
		checks = append(checks, weaviateCheck(ctx, cfg))
	}
	if cfg.LLMBaseURL != "" {
		checks = append(checks, llmCheck(ctx, cfg))
	}
	if cfg.DiscordToken != "" {
		checks = append(checks, discordChecks(ctx, cfg)...)
	}
	return checks
}

// configCheck describes the configuration that parsed.
func configCheck(cfg Config) check {
	parts := []string{"EMBEDDER=" + cfg.Embedder, "STORE=" + cfg.Store}
	if cfg.LLMBaseURL == "" {
		parts = append(parts, "LLM_BASE_URL not set (extractive answers)")
	} else {
		parts = append(parts, "LLM_MODEL="+cfg.LLMModel)
	}
	if cfg.DiscordToken == "" {
		parts = append(parts, "DISCORD_TOKEN not set (Discord not checked; serve needs it)")
	} else {
		parts = append(parts, "DISCORD_TOKEN set")
	}
	return check{"configuration", statusOK, strings.Join(parts, "; ")}
}

// secretKeys are the variables whose values doctor never prints.
var secretKeys = []string{"DISCORD_TOKEN", "EMBED_API_KEY", "LLM_API_KEY", "WEAVIATE_API_KEY"}

// secrets returns a replacer that hides every token and key of the
// configuration, in case a server echoed one into an error.
func secrets(getenv func(string) string) *strings.Replacer {
	var pairs []string
	for _, k := range secretKeys {
		s := strings.TrimPrefix(strings.TrimSpace(getenv(k)), "Bot ")
		if len(s) >= 4 {
			pairs = append(pairs, s, "[redacted]")
		}
	}
	return strings.NewReplacer(pairs...)
}

// plural writes n with its noun: "1 warning", "2 warnings".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
