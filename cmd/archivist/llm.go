package main

import "archivist/retrieval"

// generatorConfig returns the retrieval settings for writing answers: an LLM
// when LLM_BASE_URL is set and noLLM is false, else extractive answers.
func generatorConfig(cfg Config, noLLM bool) (retrieval.Config, error) {
	return retrieval.Config{ContextTokens: cfg.LLMContextTokens}, nil
}
