package uselite

import (
	"math"
)

// workspace holds the activations of one forward pass; a pass takes one
// from Model.scratch and puts it back, so concurrent passes never share one.
type workspace struct {
	x      []float32   // maxTokens x modelDim: the residual stream
	normed []float32   // maxTokens x modelDim: layer-norm output
	qkv    []float32   // maxTokens x 3*modelDim
	ctx    []float32   // maxTokens x modelDim: attention context
	hidden []float32   // maxTokens x ffnDim: feed-forward hidden layer
	scores []float32   // maxTokens x maxTokens: attention weights of one head
	kv     []float32   // packed keys or values of one head
	pack   gemmScratch // packed rows of the left operand
}

func newWorkspace() *workspace {
	return &workspace{
		x:      make([]float32, maxTokens*modelDim),
		normed: make([]float32, maxTokens*modelDim),
		qkv:    make([]float32, maxTokens*3*modelDim),
		ctx:    make([]float32, maxTokens*modelDim),
		hidden: make([]float32, maxTokens*ffnDim),
		scores: make([]float32, maxTokens*maxTokens),
		kv:     make([]float32, maxTokens*maxTokens),
		pack:   newGemmScratch(maxTokens, ffnDim),
	}
}

// forward runs the encoder on at most maxTokens token ids (at least one)
// and writes the normalised sentence vector into out (len Dim).
func (m *Model) forward(ids []int32, out []float32) {
	ws := m.scratch.Get().(*workspace)
	defer m.scratch.Put(ws)
	t := len(ids)

	// Input: twice the token embedding plus the sine/cosine position signal,
	// as the graph adds the embedding once and then embedding+timing again.
	x0 := ws.hidden[:t*embedDim]
	for p, id := range ids {
		row := x0[p*embedDim : (p+1)*embedDim]
		emb := m.embeddings[int(id)*embedDim : (int(id)+1)*embedDim]
		pos := m.positions[p*embedDim : (p+1)*embedDim]
		for i, e := range emb {
			row[i] = e + (e + pos[i])
		}
	}

	// Layer 0 widens the stream: its residual path is a dense projection of
	// the input to modelDim.
	l0 := &m.layers[0]
	gemm(ws.x, modelDim, x0, embedDim, t, l0.residual, l0.residualBias, &ws.pack)
	m.attention(ws, l0, x0, t)
	m.feedForward(ws, l0, t)

	l1 := &m.layers[1]
	m.attention(ws, l1, ws.x, t)
	m.feedForward(ws, l1, t)

	// Mean over tokens, dense + tanh, L2 normalisation.
	pooled := ws.normed[:modelDim]
	clear(pooled)
	for p := 0; p < t; p++ {
		for i, v := range ws.x[p*modelDim : (p+1)*modelDim] {
			pooled[i] += v
		}
	}
	inv := 1 / float32(t)
	for i := range pooled {
		pooled[i] *= inv
	}
	gemm(ws.hidden, modelDim, pooled, modelDim, 1, &m.final, m.finalBias, &ws.pack)
	var sum float64
	for i := range out {
		v := float32(math.Tanh(float64(ws.hidden[i])))
		out[i] = v
		sum += float64(v) * float64(v)
	}
	scale := float32(1 / math.Sqrt(max(sum, 1e-12)))
	for i := range out {
		out[i] *= scale
	}
}

// attention adds the multi-head self-attention of the layer-normalised
// src (t rows of width l.in) to the residual stream ws.x. src is read
// first, so it may be ws.x or ws.hidden.
func (m *Model) attention(ws *workspace, l *layer, src []float32, t int) {
	in, dh := l.in, l.headDim
	ldq := 3 * in
	m.layerNorm(ws.normed, src, t, in, l.attnNorm)
	gemm(ws.qkv, ldq, ws.normed, in, t, &l.qkv, l.qkvBias, &ws.pack)
	keys := roundUp(t, tileCols)
	for h := 0; h < numHeads; h++ {
		q := ws.qkv[h*dh:]
		k := ws.qkv[in+h*dh:]
		v := ws.qkv[2*in+h*dh:]
		kt := packBTransposed(ws.kv, k, ldq, t, dh, keys)
		gemm(ws.scores, keys, q, ldq, t, &kt, nil, &ws.pack)
		for p := 0; p < t; p++ {
			softmax(ws.scores[p*keys:p*keys+t], l.qScale)
		}
		vp := packBInto(ws.kv, v, ldq, t, dh, dh)
		gemm(ws.ctx[h*dh:], in, ws.scores, keys, t, &vp, nil, &ws.pack)
	}
	proj := ws.hidden
	gemm(proj, modelDim, ws.ctx, in, t, &l.out, l.outBias, &ws.pack)
	addInto(ws.x[:t*modelDim], proj[:t*modelDim])
}

// feedForward adds the layer's position-wise feed-forward block to ws.x.
func (m *Model) feedForward(ws *workspace, l *layer, t int) {
	m.layerNorm(ws.normed, ws.x, t, modelDim, l.ffnNorm)
	gemm(ws.hidden, ffnDim, ws.normed, modelDim, t, &l.ffn1, l.ffn1Bias, &ws.pack)
	gemmReLU(ws.ctx, modelDim, ws.hidden, ffnDim, t, &l.ffn2, l.ffn2Bias, &ws.pack)
	addInto(ws.x[:t*modelDim], ws.ctx[:t*modelDim])
}

// layerNorm normalises each of the t rows (width d) of src into dst.
func (m *Model) layerNorm(dst, src []float32, t, d int, n layerNormParams) {
	for p := 0; p < t; p++ {
		layerNormRow(dst[p*d:(p+1)*d], src[p*d:(p+1)*d], n.scale, n.bias, m.eps)
	}
}

// layerNormRow sets dst = (src - mean) / sqrt(variance + eps) * scale + bias.
func layerNormRow(dst, src, scale, bias []float32, eps float32) {
	n := float32(len(src))
	mean := sumf(src) / n
	inv := float32(1 / math.Sqrt(float64(sumSqDevf(src, mean)/n+eps)))
	normf(dst, src, scale, bias, mean, inv)
}

// softmax replaces row by softmax(row * scale).
func softmax(row []float32, scale float32) {
	expShift(row, maxf(row), scale)
	scalef(row, 1/sumf(row))
}

// expShift sets row[i] = e**((row[i]-shift)*scale); it is assembly on
// amd64 with AVX-512.
var expShift = expShiftGo

func expShiftGo(row []float32, shift, scale float32) {
	for i, v := range row {
		row[i] = expf((v - shift) * scale)
	}
}

// expf returns e**x in float32 to within about 2 ulp (Cephes' expf:
// x = n ln 2 + r, a degree-7 polynomial for e**r, times 2**n). Below
// about -87.3 it returns 0; softmax calls it only with x <= 0.
func expf(x float32) float32 {
	const (
		log2e = 1.44269504088896341
		ln2Hi = 0.693359375
		ln2Lo = -2.12194440e-4
	)
	if x < -87.3 {
		return 0
	}
	if x > 88.7 {
		return float32(math.Inf(1))
	}
	t := x * log2e
	var i int32
	if t < 0 {
		i = int32(t - 0.5)
	} else {
		i = int32(t + 0.5)
	}
	n := float32(i)
	r := x - n*ln2Hi - n*ln2Lo
	p := float32(1.9875691500e-4)
	p = p*r + 1.3981999507e-3
	p = p*r + 8.3334519073e-3
	p = p*r + 4.1665795894e-2
	p = p*r + 1.6666665459e-1
	p = p*r + 5.0000001201e-1
	p = p*r*r + r + 1
	return p * math.Float32frombits(uint32(i+127)<<23)
}
