package store

// Vectors is a table of passage vectors, 8 bits a component. It comes in
// three forms, which read alike (Len, At):
//
//   - in place: a saved snapshot's, views of its mapping, with no header
//     per vector;
//   - made: a Vec8 per vector, in the heap (MadeVectors, or Reusing with a
//     base that has none in place);
//   - a selection (Reusing a table with vectors in place): some of that
//     table's vectors in place, by their number, and a Vec8 of its own for
//     each of the others. An update makes one, so that it holds a number
//     per unchanged passage and a vector per new one, not the archive's.
//
// The zero value is an empty table. A table is not safe for concurrent
// Set and Append; Set of distinct vectors may run concurrently.
type Vectors struct {
	dim    int
	comps  []int8    // in place: dim components per vector
	scales []float32 // in place: a scale per vector
	own    []Vec8    // made: each vector; a selection: its own vectors
	// pick, in a selection, is each vector's number in place, or, when
	// negative, ^ its place in own.
	pick []int32
}

// MadeVectors returns the table of vs, which it keeps.
func MadeVectors(vs []Vec8) Vectors { return Vectors{own: vs} }

// inPlace returns the table of n vectors of dim components that comps and
// scales hold.
func inPlace(dim int, comps []int8, scales []float32) Vectors {
	return Vectors{dim: dim, comps: comps, scales: scales}
}

// Reusing returns an empty table, with room for n vectors, to which Append
// adds vectors of base and AppendNew vectors to be Set. Where base has
// vectors in place, the table refers to them rather than copying them.
func Reusing(base Vectors, n int) Vectors {
	if base.comps == nil {
		return Vectors{own: make([]Vec8, 0, n)}
	}
	return Vectors{dim: base.dim, comps: base.comps, scales: base.scales, pick: make([]int32, 0, n)}
}

// Append adds base's vector j, base being the table t was made Reusing.
func (t *Vectors) Append(base Vectors, j int) {
	if t.pick == nil {
		t.own = append(t.own, base.At(j))
		return
	}
	switch {
	case base.pick == nil && base.own == nil: // in place
		t.pick = append(t.pick, int32(j))
	case base.pick != nil && base.pick[j] >= 0:
		t.pick = append(t.pick, base.pick[j])
	default:
		t.pick = append(t.pick, ^int32(len(t.own)))
		t.own = append(t.own, base.At(j))
	}
}

// AppendNew adds a zero vector, to be Set.
func (t *Vectors) AppendNew() {
	if t.pick != nil {
		t.pick = append(t.pick, ^int32(len(t.own)))
	}
	t.own = append(t.own, Vec8{})
}

// Set makes vector i v. Vector i must be made or have been added by
// AppendNew.
func (t *Vectors) Set(i int, v Vec8) {
	if t.pick == nil {
		t.own[i] = v
		return
	}
	p := t.pick[i]
	if p >= 0 {
		panic("store: Set of a vector in place")
	}
	t.own[^p] = v
}

// Len is the number of vectors.
func (t Vectors) Len() int {
	switch {
	case t.pick != nil:
		return len(t.pick)
	case t.comps != nil || t.own == nil:
		return len(t.scales)
	}
	return len(t.own)
}

// At returns vector i; its components are the table's, not a copy.
func (t Vectors) At(i int) Vec8 {
	if t.pick != nil {
		p := t.pick[i]
		if p < 0 {
			return t.own[^p]
		}
		i = int(p)
	} else if t.comps == nil {
		return t.own[i]
	}
	return Vec8{V: t.comps[i*t.dim : (i+1)*t.dim : (i+1)*t.dim], Scale: t.scales[i]}
}

// Dim is the vectors' dimension: of those in place, else of the first
// vector made that is set (0 when there is none).
func (t Vectors) Dim() int {
	if t.comps != nil {
		return t.dim
	}
	for _, v := range t.own {
		if v.V != nil {
			return len(v.V)
		}
	}
	return 0
}
