package uselite

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// graphManifest is the part of a TensorFlow.js model.json that locates the
// weights: shard files, concatenated in order, hold the tensors in order.
type graphManifest struct {
	WeightsManifest []struct {
		Paths   []string `json:"paths"`
		Weights []struct {
			Name  string `json:"name"`
			Shape []int  `json:"shape"`
			Dtype string `json:"dtype"`
		} `json:"weights"`
	} `json:"weightsManifest"`
}

// tensor is a named float32 weight and its shape.
type tensor struct {
	shape []int
	data  []float32
}

// readWeights reads model.json in dir and the shards it lists, and returns
// the float32 tensors by name. It checks that the shards hold exactly the
// bytes the manifest describes.
func readWeights(dir string) (map[string]tensor, error) {
	path := filepath.Join(dir, graphFile)
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m graphManifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	out := make(map[string]tensor)
	for _, group := range m.WeightsManifest {
		var buf []byte
		for _, p := range group.Paths {
			if p != filepath.Base(p) {
				return nil, fmt.Errorf("%s: shard path %q leaves the model folder", path, p)
			}
			b, err := os.ReadFile(filepath.Join(dir, p))
			if err != nil {
				return nil, err
			}
			buf = append(buf, b...)
		}
		off := 0
		for _, w := range group.Weights {
			n := 1
			for _, d := range w.Shape {
				n *= d
			}
			if w.Dtype != "float32" && w.Dtype != "int32" {
				return nil, fmt.Errorf("%s: weight %s has unsupported dtype %s", path, w.Name, w.Dtype)
			}
			if off+4*n > len(buf) {
				return nil, fmt.Errorf("%s: shards end inside weight %s", path, w.Name)
			}
			if w.Dtype == "float32" {
				data := make([]float32, n)
				for i := range data {
					data[i] = math.Float32frombits(binary.LittleEndian.Uint32(buf[off+4*i:]))
				}
				out[w.Name] = tensor{shape: w.Shape, data: data}
			}
			off += 4 * n
		}
		if off != len(buf) {
			return nil, fmt.Errorf("%s: shards hold %d bytes, manifest describes %d", path, len(buf), off)
		}
	}
	return out, nil
}

// Weight names in model.json, relative to the encoder's scopes.
const (
	scopeVars  = "module/Encoder_en/KonaTransformer/Encode/"
	scopeApply = "module_apply_default/Encoder_en/KonaTransformer/Encode/"
)

// take returns the data of the tensor called name, either in full or under
// one of the encoder's scopes, after checking its shape.
func take(ws map[string]tensor, name string, shape ...int) ([]float32, error) {
	t, ok := ws[name]
	if !ok {
		for _, prefix := range []string{scopeVars, scopeApply, scopeApply + "TransformerStack/"} {
			if t, ok = ws[prefix+name]; ok {
				break
			}
		}
	}
	if !ok {
		return nil, fmt.Errorf("weight %s is missing", shortName(name))
	}
	if !slices.Equal(t.shape, shape) {
		return nil, fmt.Errorf("weight %s has shape %v, want %v", shortName(name), t.shape, shape)
	}
	return t.data, nil
}

// shortName drops the partition suffix TensorFlow adds to variable names.
func shortName(name string) string {
	return strings.TrimSuffix(name, "/ConcatPartitions/concat")
}
