package weaviate

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/weaviate/weaviate/entities/models"
)

// TestDistribute checks the shards and replication EnsureSchema asks for.
func TestDistribute(t *testing.T) {
	tests := []struct {
		name                string
		shards, replication int
		class               string
		wantShards          int
		wantReplication     *models.ReplicationConfig
	}{
		{"one node", 1, 1, "XPassage", 1, nil},
		{"cluster passages", 3, 3, "XPassage", 3, &models.ReplicationConfig{Factor: 3, AsyncEnabled: true, DeletionStrategy: "DeleteOnConflict"}},
		{"cluster articles", 3, 3, "XArticle", 3, &models.ReplicationConfig{Factor: 3, AsyncEnabled: true, DeletionStrategy: "DeleteOnConflict"}},
		{"cluster meta", 3, 3, "XMeta", 1, &models.ReplicationConfig{Factor: 3, AsyncEnabled: true, DeletionStrategy: "DeleteOnConflict"}},
		{"shards without copies", 4, 1, "XPassage", 4, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Client{article: "XArticle", passage: "XPassage", meta: "XMeta", shards: tt.shards, replication: tt.replication}
			cl := &models.Class{Class: tt.class}
			c.distribute(cl)
			if got := cl.ShardingConfig.(map[string]any)["desiredCount"]; got != tt.wantShards {
				t.Errorf("desiredCount = %v, want %d", got, tt.wantShards)
			}
			got, want := cl.ReplicationConfig, tt.wantReplication
			if (got == nil) != (want == nil) || got != nil && *got != *want {
				t.Errorf("ReplicationConfig = %+v, want %+v", got, want)
			}
		})
	}
}

// TestWriteRetries checks that a write that hangs is cut at its timeout
// and tried again, and that one that keeps failing gives up after the
// tries it has.
func TestWriteRetries(t *testing.T) {
	defer func(p time.Duration) { retryPause = p }(retryPause)
	retryPause = time.Millisecond
	c := &Client{writeTimeout: 20 * time.Millisecond, writeTries: 3}
	ctx := context.Background()

	calls := 0
	err := c.write(ctx, func(ctx context.Context) error {
		calls++
		if calls == 1 { // a dead leader: no answer until the timeout
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	})
	if err != nil || calls != 2 {
		t.Errorf("write after one hang = %v in %d calls, want nil in 2", err, calls)
	}

	calls = 0
	boom := errors.New("boom")
	err = c.write(ctx, func(context.Context) error { calls++; return boom })
	if !errors.Is(err, boom) || calls != 3 || !strings.Contains(err.Error(), "3 tries") {
		t.Errorf("write that always fails = %v in %d calls, want boom after 3 tries", err, calls)
	}

	calls = 0
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	err = c.write(cctx, func(ctx context.Context) error { calls++; return ctx.Err() })
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("write with a cancelled context = %v in %d calls, want Canceled in 1", err, calls)
	}
}

// TestObjectIDMatchesScript pins the object IDs that scripts/weaviatekill
// computes with sha1sum to find a new article's objects on a node: change
// the script's uuid function with objectID.
func TestObjectIDMatchesScript(t *testing.T) {
	for _, tt := range []struct{ kind, name, want string }{
		{"article", "killtest-1", "5bcf3938-49ef-562b-b1e9-299efba61fe8"},
		{"passage", "killtest-1\x000", "c570929d-3ef1-554f-b50a-5443c359aefc"},
		{"passage", "killtest-1\x0012", "74291eae-3cce-5ab5-9372-b139393016bf"},
	} {
		if got := objectID(tt.kind, tt.name); got != tt.want {
			t.Errorf("objectID(%q, %q) = %s, want %s (as the script computes it)", tt.kind, tt.name, got, tt.want)
		}
	}
}
