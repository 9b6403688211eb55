package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDotenvError: a .env that cannot be parsed is named by line and key,
// and the value (which may be a token) is never quoted.
func TestDotenvError(t *testing.T) {
	tests := []struct {
		name string
		file string
		want string
	}{
		{"unclosed quote", "# bot\nEMBEDDER=hash\n\nDISCORD_TOKEN='tok-SECRET\nLOG_LEVEL=info\n", "line 4 (DISCORD_TOKEN)"},
		{"export, double quote", "export LLM_API_KEY=\"sk-SECRET\n", "line 1 (LLM_API_KEY)"},
		{"a bare token pasted", "EMBEDDER=hash\ntok SECRET\n", "line 2 is not KEY=VALUE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), ".env")
			if err := os.WriteFile(path, []byte(tt.file), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := envWithDotenv(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "SECRET") {
				t.Errorf("envWithDotenv = %v, want an error naming %q without the value", err, tt.want)
			}
		})
	}
}
