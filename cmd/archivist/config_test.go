package main

import (
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
