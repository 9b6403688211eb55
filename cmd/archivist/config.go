package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"archivist/retrieval"
)

// Config is everything a run reads from the environment. Its zero value is
// not used directly: loadConfig fills the defaults.
type Config struct {
	ArchiveDir string // default of --corpus
	IndexDir   string // default of --index

	Embedder     string // local, hash, ollama or openai
	EmbedModel   string
	EmbedBaseURL string
	EmbedAPIKey  string
	ModelDir     string // where the built-in model is kept; "" means the user cache
	ModelKernel  string // auto (the 8-bit kernel where the CPU has it) or fp32

	LLMBaseURL       string
	LLMModel         string
	LLMAPIKey        string
	LLMContextTokens int

	DiscordToken    string
	DiscordGuildID  string
	DiscordAPIURL   string
	AllowedGuildIDs []string
	// AllowedChannelIDs limits the bot in guilds to these channels and
	// the threads under them; empty means every channel.
	AllowedChannelIDs []string
	AllowDMs          bool // ALLOW_DMS; by default true without ALLOWED_GUILD_IDS, false with it
	AdminUserIDs      []string
	AdminRoleIDs      []string
	AskPerMinute      int
	// ShardID and ShardCount make serve one shard of several
	// (DISCORD_SHARD_ID, DISCORD_SHARD_COUNT); 0 of 0 when unset, which
	// means the only one.
	ShardID, ShardCount int

	// MetricsAddr is the host:port where serve answers GET /healthz and
	// GET /metrics; "" means nowhere.
	MetricsAddr string

	LogLevel  slog.Level
	LogFormat string

	// Store is where queries read passages: "embedded" (the saved index)
	// or "weaviate" (a Weaviate server, which every update also fills).
	Store              string
	WeaviateURL        string // HTTP origin; required with STORE=weaviate
	WeaviateGRPCURL    string // gRPC host:port; "" means WeaviateURL's host, port 50051
	WeaviateAPIKey     string
	WeaviateCollection string // prefix of the collections' names; "" means Archivist
	WeaviateRanking    string // own or hybrid
	// WeaviateReadOnly makes this process a reader of the collections:
	// no corpus, no saved index, nothing written.
	WeaviateReadOnly bool
	// WeaviateShards and WeaviateReplication are the shard count and
	// replication factor of collections archivist creates (1 and 1 by
	// default); replication above 1 reads and writes at QUORUM.
	WeaviateShards      int
	WeaviateReplication int
}

// loadConfig reads and validates the configuration; an error names the bad
// variable and is a usage error (exit status 2).
func loadConfig(getenv func(string) string) (Config, error) {
	get := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	var err error
	cfg := Config{
		ArchiveDir:      get("ARCHIVE_DIR", filepath.Join("examples", "archive")),
		IndexDir:        get("INDEX_DIR", filepath.Join(".archivist", "index")),
		Embedder:        strings.ToLower(get("EMBEDDER", "local")),
		EmbedModel:      get("EMBED_MODEL", ""),
		EmbedBaseURL:    get("EMBED_BASE_URL", ""),
		EmbedAPIKey:     get("EMBED_API_KEY", ""),
		ModelDir:        get("ARCHIVIST_MODEL_DIR", ""),
		ModelKernel:     strings.ToLower(get("ARCHIVIST_KERNEL", "auto")),
		LLMBaseURL:      get("LLM_BASE_URL", ""),
		LLMModel:        get("LLM_MODEL", ""),
		LLMAPIKey:       get("LLM_API_KEY", ""),
		DiscordToken:    get("DISCORD_TOKEN", ""),
		DiscordGuildID:  get("DISCORD_GUILD_ID", ""),
		DiscordAPIURL:   get("DISCORD_API_URL", ""),
		AllowedGuildIDs: ids(get("ALLOWED_GUILD_IDS", "")),
		AdminUserIDs:    ids(get("ADMIN_USER_IDS", "")),
		AdminRoleIDs:    ids(get("ADMIN_ROLE_IDS", "")),
		MetricsAddr:     get("METRICS_ADDR", ""),
		LogFormat:       strings.ToLower(get("LOG_FORMAT", "text")),

		Store:              strings.ToLower(get("STORE", "embedded")),
		WeaviateURL:        get("WEAVIATE_URL", ""),
		WeaviateGRPCURL:    get("WEAVIATE_GRPC_URL", ""),
		WeaviateAPIKey:     get("WEAVIATE_API_KEY", ""),
		WeaviateCollection: get("WEAVIATE_COLLECTION", ""),
		WeaviateRanking:    strings.ToLower(get("WEAVIATE_RANKING", "own")),
	}
	switch cfg.Embedder {
	case "local", "hash", "ollama", "openai":
	default:
		return Config{}, usagef("EMBEDDER=%q: want local, hash, ollama or openai", cfg.Embedder)
	}
	if cfg.Embedder == "openai" && cfg.EmbedBaseURL == "" {
		cfg.EmbedBaseURL = "https://api.openai.com/v1"
	}
	for _, u := range []struct{ key, val string }{
		{"EMBED_BASE_URL", cfg.EmbedBaseURL}, {"LLM_BASE_URL", cfg.LLMBaseURL}, {"DISCORD_API_URL", cfg.DiscordAPIURL},
	} {
		if err := checkURL(u.val); err != nil {
			return Config{}, usagef("%s=%q: %v", u.key, u.val, err)
		}
	}
	if cfg.AllowedChannelIDs, err = snowflakes(get("ALLOWED_CHANNEL_IDS", "")); err != nil {
		return Config{}, usagef("ALLOWED_CHANNEL_IDS: %v", err)
	}
	cfg.AllowDMs = len(cfg.AllowedGuildIDs) == 0
	if v := get("ALLOW_DMS", ""); v != "" {
		b, err := strconv.ParseBool(strings.ToLower(v))
		if err != nil {
			return Config{}, usagef("ALLOW_DMS=%q: want true or false", v)
		}
		cfg.AllowDMs = b
	}
	if cfg.LLMBaseURL != "" && cfg.LLMModel == "" {
		return Config{}, usagef("LLM_BASE_URL is set but LLM_MODEL is not: name the model to ask (for example llama3.1)")
	}
	if cfg.LLMContextTokens, err = positive(get("LLM_MAX_CONTEXT_TOKENS", "3000")); err != nil {
		return Config{}, usagef("LLM_MAX_CONTEXT_TOKENS: %v", err)
	}
	if cfg.AskPerMinute, err = positive(get("ASK_RATE_PER_MINUTE", "6")); err != nil {
		return Config{}, usagef("ASK_RATE_PER_MINUTE: %v", err)
	}
	if cfg.ShardID, cfg.ShardCount, err = shard(get("DISCORD_SHARD_ID", ""), get("DISCORD_SHARD_COUNT", "")); err != nil {
		return Config{}, usagef("%v", err)
	}
	if err := checkHostPort(cfg.MetricsAddr); err != nil {
		return Config{}, usagef("METRICS_ADDR=%q: %v", cfg.MetricsAddr, err)
	}
	if err := cfg.LogLevel.UnmarshalText([]byte(get("LOG_LEVEL", "info"))); err != nil {
		return Config{}, usagef("LOG_LEVEL=%q: want debug, info, warn or error", getenv("LOG_LEVEL"))
	}
	if cfg.ModelKernel != "auto" && cfg.ModelKernel != "fp32" {
		return Config{}, usagef("ARCHIVIST_KERNEL=%q: want auto or fp32", cfg.ModelKernel)
	}
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		return Config{}, usagef("LOG_FORMAT=%q: want text or json", cfg.LogFormat)
	}
	if err := checkStore(cfg); err != nil {
		return Config{}, err
	}
	if err := distribution(&cfg, get); err != nil {
		return Config{}, err
	}
	if err := readOnly(&cfg, get("WEAVIATE_READ_ONLY", "")); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// checkStore validates STORE and the WEAVIATE_ variables it needs. The
// API key is never part of a message.
func checkStore(cfg Config) error {
	switch cfg.Store {
	case "embedded":
		return nil
	case "weaviate":
	default:
		return usagef("STORE=%q: want embedded or weaviate", cfg.Store)
	}
	if cfg.WeaviateURL == "" {
		return usagef("STORE=weaviate but WEAVIATE_URL is not set: give the server's HTTP origin, for example http://127.0.0.1:8080")
	}
	// Either may list the nodes of one cluster, separated by commas.
	urls := strings.Split(cfg.WeaviateURL, ",")
	for _, u := range urls {
		if err := checkURL(strings.TrimSpace(u)); err != nil {
			return usagef("WEAVIATE_URL=%q: %v", cfg.WeaviateURL, err)
		}
	}
	if g := cfg.WeaviateGRPCURL; g != "" {
		grpcs := strings.Split(g, ",")
		for _, h := range grpcs {
			if _, port, err := net.SplitHostPort(strings.TrimSpace(h)); err != nil || port == "" {
				return usagef("WEAVIATE_GRPC_URL=%q: want host:port, for example 127.0.0.1:50051", g)
			}
		}
		if len(grpcs) != len(urls) {
			return usagef("WEAVIATE_GRPC_URL lists %d nodes and WEAVIATE_URL %d: give one gRPC host:port per URL", len(grpcs), len(urls))
		}
	}
	for _, r := range cfg.WeaviateCollection {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return usagef("WEAVIATE_COLLECTION=%q: want letters and digits, starting with a capital (for example Archivist)", cfg.WeaviateCollection)
		}
	}
	if c := cfg.WeaviateCollection; c != "" && !(c[0] >= 'A' && c[0] <= 'Z') {
		return usagef("WEAVIATE_COLLECTION=%q: want letters and digits, starting with a capital (for example Archivist)", c)
	}
	if cfg.WeaviateRanking != "own" && cfg.WeaviateRanking != "hybrid" {
		return usagef("WEAVIATE_RANKING=%q: want own or hybrid", cfg.WeaviateRanking)
	}
	return nil
}

// distribution reads WEAVIATE_SHARDS and WEAVIATE_REPLICATION into cfg;
// they matter, and are checked, only with STORE=weaviate.
func distribution(cfg *Config, get func(key, def string) string) error {
	if cfg.Store != "weaviate" {
		return nil
	}
	var err error
	if cfg.WeaviateShards, err = positive(get("WEAVIATE_SHARDS", "1")); err != nil {
		return usagef("WEAVIATE_SHARDS: %v", err)
	}
	if cfg.WeaviateReplication, err = positive(get("WEAVIATE_REPLICATION", "1")); err != nil {
		return usagef("WEAVIATE_REPLICATION: %v", err)
	}
	return nil
}

// readOnly reads WEAVIATE_READ_ONLY into cfg.
func readOnly(cfg *Config, v string) error {
	if v == "" {
		return nil
	}
	b, err := strconv.ParseBool(strings.ToLower(v))
	if err != nil {
		return usagef("WEAVIATE_READ_ONLY=%q: want true or false", v)
	}
	if b && cfg.Store != "weaviate" {
		return usagef("WEAVIATE_READ_ONLY=true needs STORE=weaviate")
	}
	cfg.WeaviateReadOnly = b
	return nil
}

// weaviateConfig is the retrieval side of STORE=weaviate; nil for the
// embedded store.
func (cfg Config) weaviateConfig() *retrieval.WeaviateConfig {
	if cfg.Store != "weaviate" {
		return nil
	}
	w := &retrieval.WeaviateConfig{
		URL: cfg.WeaviateURL, GRPC: cfg.WeaviateGRPCURL, APIKey: cfg.WeaviateAPIKey,
		Collections: cfg.WeaviateCollection, ReadOnly: cfg.WeaviateReadOnly,
		Shards: cfg.WeaviateShards, Replication: cfg.WeaviateReplication,
	}
	if cfg.WeaviateRanking == "hybrid" {
		w.Ranking = retrieval.WeaviateHybrid
	}
	return w
}

func checkURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("want an http:// or https:// URL")
	}
	return nil
}

// checkHostPort checks that s, unless empty, is a host:port to listen on:
// a host name or IP address (empty for every interface) and a port number.
func checkHostPort(s string) error {
	if s == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return fmt.Errorf("want host:port, for example 127.0.0.1:9464")
	}
	if strings.ContainsAny(host, "/ ") {
		return fmt.Errorf("%q is not a host name or IP address", host)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("port %q is not a number from 0 to 65535", port)
	}
	return nil
}

// shard checks DISCORD_SHARD_ID and DISCORD_SHARD_COUNT: both unset, or a
// count of at least 1 and an id from 0 to count-1.
func shard(id, count string) (int, int, error) {
	switch {
	case id == "" && count == "":
		return 0, 0, nil
	case count == "":
		return 0, 0, fmt.Errorf("DISCORD_SHARD_ID=%q is set but DISCORD_SHARD_COUNT is not: set both (this process serves shard ID of COUNT), or neither", id)
	case id == "":
		return 0, 0, fmt.Errorf("DISCORD_SHARD_COUNT=%q is set but DISCORD_SHARD_ID is not: set both (this process serves shard ID of COUNT), or neither", count)
	}
	n, err := positive(count)
	if err != nil {
		return 0, 0, fmt.Errorf("DISCORD_SHARD_COUNT: %v", err)
	}
	i, err := strconv.Atoi(id)
	if err != nil || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("DISCORD_SHARD_ID=%q: want a whole number from 0 to %d (DISCORD_SHARD_COUNT is %d)", id, n-1, n)
	}
	return i, n, nil
}

func positive(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a positive whole number", s)
	}
	return n, nil
}

// ids splits a comma-separated list of Discord ids.
func ids(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// snowflakes splits a comma-separated list of Discord ids and checks that
// each is one: a positive decimal number of at most 20 digits.
func snowflakes(s string) ([]string, error) {
	list := ids(s)
	for _, id := range list {
		if n, err := strconv.ParseUint(id, 10, 64); err != nil || n == 0 {
			return nil, fmt.Errorf("%q is not a Discord id (a number such as 123456789012345678)", id)
		}
	}
	return list, nil
}
