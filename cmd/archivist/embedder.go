package main

import (
	"context"
	"log/slog"

	"archivist/retrieval/embed"
)

// newEmbedder makes the embedder cfg.Embedder names. The built-in model is
// fetched once and then runs offline; where it cannot be had, archivist
// falls back to the hash embedder with a loud warning rather than failing.
func newEmbedder(ctx context.Context, cfg Config, logger *slog.Logger) (embed.Embedder, error) {
	remote := embed.Remote{BaseURL: cfg.EmbedBaseURL, Model: cfg.EmbedModel, APIKey: cfg.EmbedAPIKey}
	switch cfg.Embedder {
	case "hash":
		return embed.Hash(embed.DefaultHashDim), nil
	case "ollama":
		return embed.Ollama(remote)
	case "openai":
		return embed.OpenAI(remote)
	}
	return localEmbedder(ctx, cfg, logger)
}
