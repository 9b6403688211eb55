package main

import (
	"archivist/retrieval"
	"archivist/retrieval/llm"
)

// generatorConfig returns the retrieval settings for writing answers: an LLM
// when LLM_BASE_URL is set and noLLM is false, else extractive answers.
func generatorConfig(cfg Config, noLLM bool) (retrieval.Config, error) {
	rc := retrieval.Config{ContextTokens: cfg.LLMContextTokens}
	if cfg.LLMBaseURL == "" || noLLM {
		return rc, nil
	}
	temp := 0.2 // factual answers, not creative ones
	gen, err := llm.New(llm.Config{BaseURL: cfg.LLMBaseURL, Model: cfg.LLMModel, APIKey: cfg.LLMAPIKey, Temperature: &temp})
	if err != nil {
		return rc, usagef("LLM_BASE_URL/LLM_MODEL: %v", err)
	}
	rc.Generator = gen
	return rc, nil
}
