package uselite

import (
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeGraph writes a model.json with the given manifest and one shard
// holding data as little-endian float32.
func writeGraph(t *testing.T, manifest string, data []float32) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, graphFile), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(v))
	}
	if err := os.WriteFile(filepath.Join(dir, "shard1"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestReadWeights(t *testing.T) {
	manifest := `{"weightsManifest":[{"paths":["shard1"],"weights":[
		{"name":"` + scopeVars + `a","shape":[2,2],"dtype":"float32"},
		{"name":"ints","shape":[1],"dtype":"int32"},
		{"name":"s","shape":[],"dtype":"float32"}]}]}`
	dir := writeGraph(t, manifest, []float32{1, 2, 3, 4, 0, 0.5})
	ws, err := readWeights(dir)
	if err != nil {
		t.Fatal(err)
	}
	a, err := take(ws, "a", 2, 2)
	if err != nil || len(a) != 4 || a[3] != 4 {
		t.Errorf("take(a) = %v, %v; want [1 2 3 4]", a, err)
	}
	if s, err := take(ws, "s"); err != nil || len(s) != 1 || s[0] != 0.5 {
		t.Errorf("take(s) = %v, %v; want [0.5]", s, err)
	}
	if _, err := take(ws, "a", 4); err == nil || !strings.Contains(err.Error(), "shape") {
		t.Errorf("take(a) with a wrong shape: error = %v, want a shape error", err)
	}
	if _, err := take(ws, "missing"); err == nil {
		t.Error("take(missing) succeeded, want an error")
	}
}

func TestReadWeightsRejectsBadShards(t *testing.T) {
	tests := []struct {
		name, manifest string
		data           []float32
		want           string
	}{
		{"short", `{"weightsManifest":[{"paths":["shard1"],"weights":[{"name":"a","shape":[3],"dtype":"float32"}]}]}`, []float32{1, 2}, "end inside"},
		{"long", `{"weightsManifest":[{"paths":["shard1"],"weights":[{"name":"a","shape":[1],"dtype":"float32"}]}]}`, []float32{1, 2}, "describes"},
		{"escaping path", `{"weightsManifest":[{"paths":["../shard1"],"weights":[]}]}`, nil, "leaves the model folder"},
		{"dtype", `{"weightsManifest":[{"paths":["shard1"],"weights":[{"name":"a","shape":[1],"dtype":"string"}]}]}`, []float32{1}, "dtype"},
		{"not json", `{`, nil, "parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readWeights(writeGraph(t, tt.manifest, tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("readWeights() error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}
