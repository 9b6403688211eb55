package uselite

import (
	"slices"
	"testing"
)

// tinyVocab is a hand-made vocabulary. It has a duplicate piece ("b", whose
// later entry wins), a null score ("c"), pieces outside the BMP and an
// unknown piece whose UTF-16 length (5) is not 1, to exercise the quirks of
// the JavaScript tokenizer.
const tinyVocab = `[["<unk>",0],["<s>",0],["</s>",0],["e1",0],["e2",0],["e3",0],
 ["▁",-1],["a",-2],["b",-2],["ab",-3],["▁a",-2.5],["▁ab",-10],["c",null],
 ["😀x",-1],["bc",-3.5],["x",-1],["ａ",-0.5],["b",-1.5],["😀",-0.1]]`

func TestParseVocab(t *testing.T) {
	vocab, err := parseVocab([]byte(tinyVocab))
	if err != nil {
		t.Fatal(err)
	}
	if len(vocab) != 19 {
		t.Fatalf("parseVocab returned %d entries, want 19", len(vocab))
	}
	tests := []struct {
		id    int
		piece string
		score float64
	}{
		{0, "<unk>", 0},
		{10, "▁a", -2.5},
		{12, "c", 0}, // null
		{18, "😀", -0.1},
	}
	for _, tt := range tests {
		if got := vocab[tt.id]; got.piece != tt.piece || got.score != tt.score {
			t.Errorf("vocab[%d] = %+v, want {%q %v}", tt.id, got, tt.piece, tt.score)
		}
	}
	for _, bad := range []string{`{}`, `[["a"]]`, `[[1,2]]`, `[["a","b"]]`} {
		if _, err := parseVocab([]byte(bad)); err == nil {
			t.Errorf("parseVocab(%s) succeeded, want an error", bad)
		}
	}
}

// TestEncode checks the tokenizer on tinyVocab. The wanted ids were produced
// by the JavaScript tokenizer of @energetic-ai/embeddings 0.2.0
// (new EmbeddingsModel({vocabulary, model: null}).tokenizer.encode(text)).
func TestEncode(t *testing.T) {
	vocab, err := parseVocab([]byte(tinyVocab))
	if err != nil {
		t.Fatal(err)
	}
	tok := newTokenizer(vocab)
	tests := []struct {
		name, text string
		want       []int32
	}{
		{"empty", "", nil},
		{"best path and duplicate piece", "ab", []int32{10, 17}},
		{"space becomes boundary", "a b", []int32{10, 6, 17}},
		{"null score counts as zero", "ab c", []int32{10, 17, 6, 12}},
		{"trailing spaces", "ab  ", []int32{10, 17, 6, 6}},
		{"leading boundary alone", "c", []int32{6, 12}},
		{"unknowns collapse and step back by the unknown piece", "zz", []int32{0}},
		{"unknown run inside text", "a zzz b", []int32{6, 0, 6, 17}},
		{"NFKC folds full width to unknown ASCII", "ＡＢ", []int32{0}},
		{"NFKC keeps a piece that is its own normal form", "ａ", []int32{10}},
		{"NFKC composes", "e\u0301", []int32{0}},
		{"step back by UTF-16 length", "😀", []int32{18}},
		{"astral piece", "😀x", []int32{13}},
		{"astral piece mid text", "a😀x", []int32{6, 13}},
		{"astral piece then more", "a😀xb", []int32{6, 13, 17}},
		{"longer pieces", "abc", []int32{10, 17, 12}},
		{"no single-character piece", "ac", []int32{10, 12}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tok.encode(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("encode(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestPrepare(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"a b", "▁a▁b"},
		{"ﬁ ½", "▁fi▁1⁄2"},
		{"tab\there", "▁tab\there"},
	}
	for _, tt := range tests {
		if got := string(prepare(tt.in)); got != tt.want {
			t.Errorf("prepare(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
