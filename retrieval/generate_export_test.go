package retrieval

import "testing"

// GeneratedAnswer exposes generatedAnswer to generate_llm_test.go, which
// drives it through a real llm.Client: package llm imports retrieval, so
// those tests live in package retrieval_test.
var GeneratedAnswer = generatedAnswer

// GenerateFixture returns the passages of testdata/generate_archive.json and
// its articles' texts by ID.
func GenerateFixture(t testing.TB) ([]Passage, map[string]string) {
	fx := loadGenerateFixture(t)
	return fx.Passages, fx.Articles
}
