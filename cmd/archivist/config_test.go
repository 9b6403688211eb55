package main

import (
	"slices"
	"strings"
	"testing"
)

// TestLoadConfigDMs checks ALLOW_DMS: on by default without
// ALLOWED_GUILD_IDS, off by default with it, and as set otherwise; a value
// that is not true or false is an error naming the key.
func TestLoadConfigDMs(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    bool
		wantErr string
	}{
		{"default, no allow-list", nil, true, ""},
		{"default, allow-list", map[string]string{"ALLOWED_GUILD_IDS": "1,2"}, false, ""},
		{"allow-list blank", map[string]string{"ALLOWED_GUILD_IDS": " , "}, true, ""},
		{"on with an allow-list", map[string]string{"ALLOWED_GUILD_IDS": "1", "ALLOW_DMS": "true"}, true, ""},
		{"off", map[string]string{"ALLOW_DMS": "false"}, false, ""},
		{"upper case", map[string]string{"ALLOW_DMS": "TRUE"}, true, ""},
		{"not a boolean", map[string]string{"ALLOW_DMS": "sometimes"}, false, `ALLOW_DMS="sometimes"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadConfig(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("loadConfig = %v, want an error naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("loadConfig = %v, want nil", err)
			}
			if cfg.AllowDMs != tt.want {
				t.Errorf("AllowDMs = %v, want %v", cfg.AllowDMs, tt.want)
			}
		})
	}
}

// TestLoadConfigMetricsAddr checks METRICS_ADDR: unset means no metrics
// server; a host:port is kept as written; anything else is an error naming
// the key, and serve exits with status 2 on it.
func TestLoadConfigMetricsAddr(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{"", "", ""},
		{"127.0.0.1:9464", "127.0.0.1:9464", ""},
		{" localhost:9464 ", "localhost:9464", ""},
		{"[::1]:9464", "[::1]:9464", ""},
		{":9464", ":9464", ""},
		{"127.0.0.1:0", "127.0.0.1:0", ""},
		{"9464", "", "want host:port"},
		{"127.0.0.1", "", "want host:port"},
		{"http://127.0.0.1:9464", "", "want host:port"},
		{"127.0.0.1:99999", "", "from 0 to 65535"},
		{"127.0.0.1:metrics", "", "from 0 to 65535"},
		{"127.0.0.1:", "", "from 0 to 65535"},
		{"my host:9464", "", "not a host name"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			cfg, err := loadConfig(func(k string) string {
				if k == "METRICS_ADDR" {
					return tt.in
				}
				return ""
			})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), "METRICS_ADDR=") || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("loadConfig(METRICS_ADDR=%q) = %v, want an error naming METRICS_ADDR and saying %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("loadConfig(METRICS_ADDR=%q) = %v, want nil", tt.in, err)
			}
			if cfg.MetricsAddr != tt.want {
				t.Errorf("MetricsAddr = %q, want %q", cfg.MetricsAddr, tt.want)
			}
		})
	}

	env := testEnv(t)
	env["DISCORD_TOKEN"] = "test-token-not-secret"
	env["METRICS_ADDR"] = "localhost"
	_, stderr, code := run(t, env, "serve")
	if code != exitUsage || !strings.Contains(stderr, "METRICS_ADDR") {
		t.Errorf("serve with METRICS_ADDR=localhost: exit %d, stderr %q; want %d naming METRICS_ADDR", code, stderr, exitUsage)
	}
}

// TestLoadConfigAllowedChannels checks ALLOWED_CHANNEL_IDS: unset means
// every channel; a list is kept without blanks; an entry that is not a
// Discord id is an error naming the key, and serve exits with status 2 on it.
func TestLoadConfigAllowedChannels(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{"", nil, ""},
		{"123456789012345678", []string{"123456789012345678"}, ""},
		{" 1, ,2 ", []string{"1", "2"}, ""},
		{"general", nil, `"general" is not a Discord id`},
		{"1,#general", nil, `"#general" is not a Discord id`},
		{"0", nil, `"0" is not a Discord id`},
		{"-5", nil, `"-5" is not a Discord id`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			cfg, err := loadConfig(func(k string) string {
				if k == "ALLOWED_CHANNEL_IDS" {
					return tt.in
				}
				return ""
			})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), "ALLOWED_CHANNEL_IDS") || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("loadConfig(ALLOWED_CHANNEL_IDS=%q) = %v, want an error naming ALLOWED_CHANNEL_IDS and saying %s", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("loadConfig(ALLOWED_CHANNEL_IDS=%q) = %v, want nil", tt.in, err)
			}
			if !slices.Equal(cfg.AllowedChannelIDs, tt.want) {
				t.Errorf("AllowedChannelIDs = %q, want %q", cfg.AllowedChannelIDs, tt.want)
			}
		})
	}

	env := testEnv(t)
	env["DISCORD_TOKEN"] = "test-token-not-secret"
	env["ALLOWED_CHANNEL_IDS"] = "general"
	_, stderr, code := run(t, env, "serve")
	if code != exitUsage || !strings.Contains(stderr, "ALLOWED_CHANNEL_IDS") {
		t.Errorf("serve with ALLOWED_CHANNEL_IDS=general: exit %d, stderr %q; want %d naming ALLOWED_CHANNEL_IDS", code, stderr, exitUsage)
	}
}

// TestLoadConfigShards checks DISCORD_SHARD_ID and DISCORD_SHARD_COUNT:
// both unset, or both set with 0 <= ID < COUNT; anything else is one line
// naming the variable, and serve exits with status 2 on it.
func TestLoadConfigShards(t *testing.T) {
	tests := []struct {
		id, count         string
		wantID, wantCount int
		wantErr           string
	}{
		{"", "", 0, 0, ""},
		{"0", "1", 0, 1, ""},
		{"1", "2", 1, 2, ""},
		{" 3 ", "4", 3, 4, ""},
		{"0", "", 0, 0, "DISCORD_SHARD_COUNT is not"},
		{"", "2", 0, 0, "DISCORD_SHARD_ID is not"},
		{"2", "2", 0, 0, `DISCORD_SHARD_ID="2": want a whole number from 0 to 1`},
		{"-1", "2", 0, 0, `DISCORD_SHARD_ID="-1"`},
		{"one", "2", 0, 0, `DISCORD_SHARD_ID="one"`},
		{"0", "0", 0, 0, `DISCORD_SHARD_COUNT: "0" is not a positive whole number`},
		{"0", "-2", 0, 0, "DISCORD_SHARD_COUNT"},
		{"0", "two", 0, 0, "DISCORD_SHARD_COUNT"},
	}
	for _, tt := range tests {
		t.Run(tt.id+" of "+tt.count, func(t *testing.T) {
			env := map[string]string{"DISCORD_SHARD_ID": tt.id, "DISCORD_SHARD_COUNT": tt.count}
			cfg, err := loadConfig(func(k string) string { return env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "\n") {
					t.Errorf("loadConfig = %v, want one line saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("loadConfig = %v, want nil", err)
			}
			if cfg.ShardID != tt.wantID || cfg.ShardCount != tt.wantCount {
				t.Errorf("shard = %d of %d, want %d of %d", cfg.ShardID, cfg.ShardCount, tt.wantID, tt.wantCount)
			}
		})
	}

	env := testEnv(t)
	env["DISCORD_TOKEN"] = "test-token-not-secret"
	env["DISCORD_SHARD_ID"] = "2"
	env["DISCORD_SHARD_COUNT"] = "2"
	_, stderr, code := run(t, env, "serve")
	if code != exitUsage || !strings.Contains(stderr, "DISCORD_SHARD_ID") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("serve with shard 2 of 2: exit %d, stderr %q; want %d and one line naming DISCORD_SHARD_ID", code, stderr, exitUsage)
	}
}

// TestLoadConfigKernel checks ARCHIVIST_KERNEL: auto by default, fp32 in
// any case, anything else an error naming the key.
func TestLoadConfigKernel(t *testing.T) {
	tests := []struct {
		env, want, wantErr string
	}{
		{"", "auto", ""},
		{"auto", "auto", ""},
		{"FP32", "fp32", ""},
		{"int4", "", `ARCHIVIST_KERNEL="int4"`},
	}
	for _, tt := range tests {
		cfg, err := loadConfig(func(k string) string {
			if k == "ARCHIVIST_KERNEL" {
				return tt.env
			}
			return ""
		})
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("loadConfig(ARCHIVIST_KERNEL=%q) = %v, want an error naming %s", tt.env, err, tt.wantErr)
			}
			continue
		}
		if err != nil || cfg.ModelKernel != tt.want {
			t.Errorf("loadConfig(ARCHIVIST_KERNEL=%q) = %q, %v; want %q", tt.env, cfg.ModelKernel, err, tt.want)
		}
	}
}
