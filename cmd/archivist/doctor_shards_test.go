package main

import (
	"strings"
	"testing"
)

// TestShardCheck checks the "discord shards" line: a warning when Discord
// recommends more shards than run, a line for a shard of several, and none
// for a single process that is enough or when Discord did not say.
func TestShardCheck(t *testing.T) {
	tests := []struct {
		id, count, recommended int
		status, detail         string // status "" for no line
	}{
		{0, 0, 1, "", ""},
		{0, 0, 0, "", ""},
		{0, 0, 3, statusWarn, "Discord recommends 3 shards and this runs 1"},
		{1, 2, 4, statusWarn, "DISCORD_SHARD_COUNT=4"},
		{1, 2, 1, statusOK, "this process serves shard 1 of 2; Discord recommends 1"},
		{0, 2, 2, statusOK, "this process serves shard 0 of 2"},
	}
	for _, tt := range tests {
		c, ok := shardCheck(Config{ShardID: tt.id, ShardCount: tt.count}, tt.recommended)
		if ok != (tt.status != "") || ok && (c.Status != tt.status || !strings.Contains(c.Detail, tt.detail)) {
			t.Errorf("shardCheck(shard %d of %d, recommended %d) = %+v, %v; want %s %q", tt.id, tt.count, tt.recommended, c, ok, tt.status, tt.detail)
		}
	}
}

// TestDoctorShards runs doctor as shard 1 of 2: it asks the fake Discord
// for its recommended count and reports the shard.
func TestDoctorShards(t *testing.T) {
	env, _ := healthyDoctor(t)
	env["DISCORD_SHARD_ID"] = "1"
	env["DISCORD_SHARD_COUNT"] = "2"
	got, output, code := runDoctor(t, env)
	if code != exitOK {
		t.Fatalf("doctor exit %d:\n%s", code, output)
	}
	for _, c := range got.Checks {
		if c.Name == "discord shards" {
			if c.Status != statusOK || !strings.Contains(c.Detail, "shard 1 of 2; Discord recommends 1") {
				t.Errorf("discord shards = %s %q, want ok naming shard 1 of 2 and Discord's 1", c.Status, c.Detail)
			}
			return
		}
	}
	t.Errorf("no discord shards check:\n%s", output)
}
