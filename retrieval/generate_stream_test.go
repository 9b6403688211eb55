package retrieval

import (
	"context"
	"strings"
	"testing"
	"time"
)

// streaming is a fake model that streams deltas and returns their sum; it
// fails the test if it is not asked to stream.
func streaming(t *testing.T, deltas ...string) Generator {
	return GeneratorFunc(func(ctx context.Context, req GenerateRequest) (string, error) {
		if req.Stream == nil {
			t.Errorf("GenerateRequest.Stream is nil, want a func when partial is set")
			return strings.Join(deltas, ""), nil
		}
		for _, d := range deltas {
			req.Stream(d)
		}
		return strings.Join(deltas, ""), nil
	})
}

func TestGeneratedAnswerStreams(t *testing.T) {
	fx := loadGenerateFixture(t)
	tests := []struct {
		name         string
		deltas       []string
		wantPartials []string
		wantText     string
	}{
		{
			name:   "markers held back until checked",
			deltas: []string{"William Ruto was sworn in [", "1", "] on 13 Sept", "ember 2022 [2][9", "]. @every", "one cheered."},
			wantPartials: []string{"William Ruto was sworn in", "William Ruto was sworn in on 13 Sept", "William Ruto was sworn in on 13 September 2022",
				"William Ruto was sworn in on 13 September 2022.", "William Ruto was sworn in on 13 September 2022. @\u200beveryone cheered."},
			wantText: "William Ruto was sworn in [1] on 13 September 2022 [2]. @\u200beveryone cheered.",
		},
		{
			name:         "abstention streams as written, answer replaced",
			deltas:       []string{"Not in", " the archive."},
			wantPartials: []string{"Not in", "Not in the archive."},
			wantText:     "The archive does not hold an answer to that question.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var partials []string
			got, err := generatedAnswer(context.Background(), streaming(t, tt.deltas...), "q?", time.Time{}, fx.Passages, 0,
				func(s string) { partials = append(partials, s) })
			if err != nil {
				t.Fatalf("generatedAnswer error %v", err)
			}
			if strings.Join(partials, "|") != strings.Join(tt.wantPartials, "|") {
				t.Errorf("partials = %q, want %q", partials, tt.wantPartials)
			}
			if got.Text != tt.wantText {
				t.Errorf("generatedAnswer = %q, want %q", got.Text, tt.wantText)
			}
		})
	}
}

func TestGeneratedAnswerDoesNotStreamWithoutPartial(t *testing.T) {
	fx := loadGenerateFixture(t)
	gen := GeneratorFunc(func(ctx context.Context, req GenerateRequest) (string, error) {
		if req.Stream != nil {
			t.Errorf("GenerateRequest.Stream is set, want nil when partial is nil")
		}
		return "The shilling weakened [3].", nil
	})
	if _, err := generatedAnswer(context.Background(), gen, "q?", time.Time{}, fx.Passages, 0, nil); err != nil {
		t.Errorf("generatedAnswer error %v", err)
	}
}
