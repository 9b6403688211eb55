package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadConfigStore checks STORE and the WEAVIATE_ variables: an unknown
// store, or STORE=weaviate without a usable WEAVIATE_URL, is an error
// naming the key, and never shows the API key.
func TestLoadConfigStore(t *testing.T) {
	const key = "sekrit-weaviate-key"
	tests := []struct {
		name    string
		env     map[string]string
		want    string // Store
		wantErr string
	}{
		{"default", nil, "embedded", ""},
		{"embedded", map[string]string{"STORE": "embedded"}, "embedded", ""},
		{"weaviate", map[string]string{"STORE": "Weaviate", "WEAVIATE_URL": "http://127.0.0.1:8080", "WEAVIATE_API_KEY": key}, "weaviate", ""},
		{"weaviate with gRPC", map[string]string{"STORE": "weaviate", "WEAVIATE_URL": "https://w.example", "WEAVIATE_GRPC_URL": "w.example:443"}, "weaviate", ""},
		{"unknown", map[string]string{"STORE": "redis"}, "", `STORE="redis"`},
		{"no URL", map[string]string{"STORE": "weaviate", "WEAVIATE_API_KEY": key}, "", "WEAVIATE_URL is not set"},
		{"bad URL", map[string]string{"STORE": "weaviate", "WEAVIATE_URL": "127.0.0.1:8080", "WEAVIATE_API_KEY": key}, "", "WEAVIATE_URL="},
		{"bad gRPC", map[string]string{"STORE": "weaviate", "WEAVIATE_URL": "http://x", "WEAVIATE_GRPC_URL": "x"}, "", "WEAVIATE_GRPC_URL="},
		{"nodes", map[string]string{"STORE": "weaviate", "WEAVIATE_URL": "http://a:8080,http://b:8080", "WEAVIATE_GRPC_URL": "a:50051,b:50051"}, "weaviate", ""},
		{"nodes, default gRPC", map[string]string{"STORE": "weaviate", "WEAVIATE_URL": "http://a:8080, http://b:8080"}, "weaviate", ""},
		{"a bad node", map[string]string{"STORE": "weaviate", "WEAVIATE_URL": "http://a:8080,b:8080"}, "", "WEAVIATE_URL="},
		{"gRPC for fewer nodes", map[string]string{"STORE": "weaviate", "WEAVIATE_URL": "http://a:8080,http://b:8080", "WEAVIATE_GRPC_URL": "a:50051"}, "", "one gRPC host:port per URL"},
		{"bad ranking", map[string]string{"STORE": "weaviate", "WEAVIATE_URL": "http://x", "WEAVIATE_RANKING": "best"}, "", "WEAVIATE_RANKING="},
		{"bad collection", map[string]string{"STORE": "weaviate", "WEAVIATE_URL": "http://x", "WEAVIATE_COLLECTION": "my-docs"}, "", "WEAVIATE_COLLECTION="},
		{"weaviate variables ignored when embedded", map[string]string{"WEAVIATE_URL": "not a url", "WEAVIATE_SHARDS": "x"}, "embedded", ""},
		{"cluster", map[string]string{"STORE": "weaviate", "WEAVIATE_URL": "http://x", "WEAVIATE_SHARDS": "3", "WEAVIATE_REPLICATION": "3"}, "weaviate", ""},
		{"zero shards", map[string]string{"STORE": "weaviate", "WEAVIATE_URL": "http://x", "WEAVIATE_SHARDS": "0"}, "", "WEAVIATE_SHARDS:"},
		{"bad replication", map[string]string{"STORE": "weaviate", "WEAVIATE_URL": "http://x", "WEAVIATE_REPLICATION": "three"}, "", "WEAVIATE_REPLICATION:"},
		{"reader", map[string]string{"STORE": "weaviate", "WEAVIATE_URL": "http://x", "WEAVIATE_READ_ONLY": "true"}, "weaviate", ""},
		{"reader without weaviate", map[string]string{"WEAVIATE_READ_ONLY": "true"}, "", "WEAVIATE_READ_ONLY=true needs STORE=weaviate"},
		{"reader not a boolean", map[string]string{"STORE": "weaviate", "WEAVIATE_URL": "http://x", "WEAVIATE_READ_ONLY": "maybe"}, "", "WEAVIATE_READ_ONLY="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadConfig(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), key) {
					t.Errorf("loadConfig = %v, want an error naming %s and not the key", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("loadConfig = %v, want nil", err)
			}
			if cfg.Store != tt.want {
				t.Errorf("Store = %q, want %q", cfg.Store, tt.want)
			}
		})
	}
}

// TestStoreErrorsExit2 runs ask with a bad store configuration: exit
// status 2 and one line naming the key.
func TestStoreErrorsExit2(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte("Some text."), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, env := range []map[string]string{
		{"STORE": "cloud"},
		{"STORE": "weaviate"},
		{"STORE": "weaviate", "WEAVIATE_URL": "http://127.0.0.1:1", "WEAVIATE_REPLICATION": "0"},
	} {
		env["EMBEDDER"] = "hash"
		_, stderr, code := run(t, env, "ask", "--corpus", dir, "--index", filepath.Join(dir, ".ix"), "a question")
		if code != exitUsage || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "STORE") && !strings.Contains(stderr, "WEAVIATE_") {
			t.Errorf("ask with %v: exit %d, stderr %q; want %d and one line naming the key", env, code, stderr, exitUsage)
		}
	}
}
