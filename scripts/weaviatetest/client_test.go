package weaviatetest

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// node is one Weaviate node's HTTP API.
type node struct {
	name string // its cluster name, "node1"
	url  string // its origin, "http://127.0.0.1:18080"
}

var client = &http.Client{Timeout: 60 * time.Second}

// do sends a request with a JSON body (when in is not nil) and decodes a
// JSON answer into out (when out is not nil). A status outside 2xx is an
// error that quotes the answer.
func do(ctx context.Context, method, u string, in, out any) (int, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode/100 != 2 {
		return resp.StatusCode, fmt.Errorf("%s %s: %s: %.300s", method, u, resp.Status, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: %w", method, u, err)
		}
	}
	return resp.StatusCode, nil
}

// passage is one object of the test collection.
type passage struct {
	PID     string // "articleID#seq"
	Article string
	Text    string
	Vector  []float32
}

// uuidOf turns a passage id into a stable UUID (SHA-1, version 5 bits).
func uuidOf(pid string) string {
	h := sha1.Sum([]byte(pid))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// createCollection deletes class if it exists and creates it with shards
// shards, each kept on factor nodes, async replication on, and the given
// vector index type ("hnsw" or "flat").
func createCollection(ctx context.Context, n node, class string, shards, factor int, index string) error {
	if code, err := do(ctx, "DELETE", n.url+"/v1/schema/"+class, nil, nil); err != nil && code != http.StatusNotFound {
		return err
	}
	text := func(name string, search bool) map[string]any {
		return map[string]any{"name": name, "dataType": []string{"text"},
			"indexSearchable": search, "indexFilterable": !search}
	}
	_, err := do(ctx, "POST", n.url+"/v1/schema", map[string]any{
		"class":           class,
		"vectorizer":      "none",
		"vectorIndexType": index,
		"properties":      []any{text("pid", false), text("article", false), text("text", true)},
		"shardingConfig": map[string]any{
			"desiredCount": shards,
		},
		"replicationConfig": map[string]any{
			"factor":       factor,
			"asyncEnabled": true,
		},
	}, nil)
	return err
}

// insert writes passages in batches of 200 at the given consistency level
// and returns the first object error it meets.
func insert(ctx context.Context, n node, class, level string, ps []passage) error {
	for len(ps) > 0 {
		batch := ps[:min(200, len(ps))]
		ps = ps[len(batch):]
		objs := make([]any, len(batch))
		for i, p := range batch {
			objs[i] = map[string]any{
				"class":      class,
				"id":         uuidOf(p.PID),
				"properties": map[string]any{"pid": p.PID, "article": p.Article, "text": p.Text},
				"vector":     p.Vector,
			}
		}
		var res []struct {
			ID     string `json:"id"`
			Result struct {
				Errors *struct {
					Error []struct {
						Message string `json:"message"`
					} `json:"error"`
				} `json:"errors"`
			} `json:"result"`
		}
		if _, err := do(ctx, "POST", n.url+"/v1/batch/objects?consistency_level="+level,
			map[string]any{"objects": objs}, &res); err != nil {
			return err
		}
		for _, r := range res {
			if e := r.Result.Errors; e != nil && len(e.Error) > 0 {
				return fmt.Errorf("object %s: %s", r.ID, e.Error[0].Message)
			}
		}
	}
	return nil
}

// search runs a GraphQL Get with the given search clause ("bm25: {...}" or
// "nearVector: {...}") at the consistency level and returns the passage ids
// in rank order.
func search(ctx context.Context, n node, class, clause, level string, limit int) ([]string, error) {
	q := fmt.Sprintf("{ Get { %s(%s, limit: %d, consistencyLevel: %s) { pid } } }", class, clause, limit, level)
	var res struct {
		Data struct {
			Get map[string][]struct {
				PID string `json:"pid"`
			} `json:"Get"`
		} `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if _, err := do(ctx, "POST", n.url+"/v1/graphql", map[string]any{"query": q}, &res); err != nil {
		return nil, err
	}
	if len(res.Errors) > 0 {
		return nil, fmt.Errorf("graphql on %s: %s", n.name, res.Errors[0].Message)
	}
	var ids []string
	for _, o := range res.Data.Get[class] {
		ids = append(ids, o.PID)
	}
	return ids, nil
}

func bm25Clause(query string) string {
	b, _ := json.Marshal(query)
	return fmt.Sprintf(`bm25: {query: %s, properties: ["text"]}`, b)
}

func nearVectorClause(v []float32) string {
	var sb strings.Builder
	sb.WriteString("nearVector: {vector: [")
	for i, x := range v {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, "%g", x)
	}
	sb.WriteString("]}")
	return sb.String()
}

// onNode reports whether the replica on node target holds the object: a
// direct read of that node's copy, which repairs nothing.
func onNode(ctx context.Context, via node, class, target, pid string) (bool, error) {
	u := fmt.Sprintf("%s/v1/objects/%s/%s?node_name=%s", via.url, class, uuidOf(pid), url.QueryEscape(target))
	code, err := do(ctx, "GET", u, nil, nil)
	switch {
	case code == http.StatusNotFound:
		return false, nil
	case err != nil:
		return false, err
	}
	return true, nil
}

// shardCounts returns, per node name, the number of shards of class it
// holds, as GET /v1/nodes reports them. (Its objectCount figures lag the
// writes by minutes, so they prove nothing here.)
func shardCounts(ctx context.Context, n node, class string) (map[string]int, error) {
	var res struct {
		Nodes []struct {
			Name   string `json:"name"`
			Status string `json:"status"`
			Shards []struct {
				Class string `json:"class"`
			} `json:"shards"`
		} `json:"nodes"`
	}
	if _, err := do(ctx, "GET", n.url+"/v1/nodes/"+class+"?output=verbose", nil, &res); err != nil {
		return nil, err
	}
	out := make(map[string]int)
	for _, nd := range res.Nodes {
		for _, s := range nd.Shards {
			if s.Class == class {
				out[nd.Name]++
			}
		}
	}
	return out, nil
}

// raftLeader returns the id of the Raft leader as n sees it, or "unknown".
func raftLeader(ctx context.Context, n node) string {
	var res struct {
		Statistics []struct {
			Name     string `json:"name"`
			LeaderID any    `json:"leaderId"`
		} `json:"statistics"`
	}
	if _, err := do(ctx, "GET", n.url+"/v1/cluster/statistics", nil, &res); err != nil {
		return "unknown"
	}
	for _, st := range res.Statistics {
		if id, ok := st.LeaderID.(string); ok && id != "" {
			return id
		}
	}
	return "unknown"
}
