package store

import (
	"slices"
	"testing"
)

func vec(i int) Vec8 {
	v := make([]float32, 4)
	v[i%4] = 1
	q := Quantize(v)
	q.Scale += float32(i) // tells the vectors apart
	return q
}

func sameVec(a, b Vec8) bool { return a.Scale == b.Scale && slices.Equal(a.V, b.V) }

// A table reads alike in every form: in place, made, and a selection of
// another's vectors with new ones among them, also when that other is
// itself a selection, which a second selection does not chain to.
func TestVectorsForms(t *testing.T) {
	var comps []int8
	var scales []float32
	for i := range 6 {
		comps = append(comps, vec(i).V...)
		scales = append(scales, vec(i).Scale)
	}
	placed := inPlace(4, comps, scales)
	if placed.Len() != 6 || placed.Dim() != 4 || !sameVec(placed.At(5), vec(5)) {
		t.Fatalf("in place: Len %d, Dim %d, At(5) %v", placed.Len(), placed.Dim(), placed.At(5))
	}

	// Vectors 4, 1 of placed, a new one, then 2 of placed.
	sel := Reusing(placed, 4)
	sel.Append(placed, 4)
	sel.Append(placed, 1)
	sel.AppendNew()
	sel.Append(placed, 2)
	sel.Set(2, vec(10))
	want := []Vec8{vec(4), vec(1), vec(10), vec(2)}
	if sel.Len() != 4 || len(sel.own) != 1 || sel.Dim() != 4 {
		t.Fatalf("selection: Len %d, %d own, Dim %d", sel.Len(), len(sel.own), sel.Dim())
	}
	for i, w := range want {
		if !sameVec(sel.At(i), w) {
			t.Errorf("selection At(%d) = %v, want %v", i, sel.At(i), w)
		}
	}

	// A selection of the selection refers to placed, not to sel.
	again := Reusing(sel, 3)
	again.Append(sel, 2) // sel's own
	again.Append(sel, 0) // placed's 4
	again.AppendNew()
	again.Set(2, vec(11))
	if again.pick[1] != 4 || len(again.own) != 2 {
		t.Errorf("a selection of a selection picks %v with %d own", again.pick, len(again.own))
	}
	for i, w := range []Vec8{vec(10), vec(4), vec(11)} {
		if !sameVec(again.At(i), w) {
			t.Errorf("second selection At(%d) = %v, want %v", i, again.At(i), w)
		}
	}

	// A table reusing made vectors is made too.
	made := MadeVectors([]Vec8{vec(0), vec(1)})
	re := Reusing(made, 3)
	re.Append(made, 1)
	re.AppendNew()
	re.Set(1, vec(12))
	if re.pick != nil || re.Len() != 2 || !sameVec(re.At(0), vec(1)) || !sameVec(re.At(1), vec(12)) {
		t.Errorf("reusing made vectors: pick %v, Len %d", re.pick, re.Len())
	}
	var empty Vectors
	if empty.Len() != 0 || empty.Dim() != 0 || Reusing(empty, 0).Len() != 0 {
		t.Error("the zero table is not empty")
	}
}

// A selection saves and loads as the vectors it stands for.
func TestSelectionSaves(t *testing.T) {
	dir := t.TempDir()
	s := testSnapshot(20)
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	old, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	next := *old
	next.Vectors = Reusing(old.Vectors, 20)
	for i := range 20 {
		if i == 7 {
			next.Vectors.AppendNew()
			next.Vectors.Set(7, Quantize([]float32{0, 0, 0, 0, 0, 0, 0.6, 0.8}))
			continue
		}
		next.Vectors.Append(old.Vectors, 19-i)
	}
	dir2 := t.TempDir()
	if err := next.Save(dir2); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		if !sameVec(got.Vectors.At(i), next.Vectors.At(i)) {
			t.Errorf("saved vector %d = %v, want %v", i, got.Vectors.At(i), next.Vectors.At(i))
		}
	}
}
