package main

import (
	"context"
	"log/slog"

	"archivist/retrieval/embed"
)

// localEmbedder returns the built-in model. Until it lands, the hash
// embedder stands in, with a warning.
func localEmbedder(ctx context.Context, cfg Config, logger *slog.Logger) (embed.Embedder, error) {
	logger.Warn("the built-in model is not available in this build: using the hash embedder (EMBEDDER=hash)")
	return embed.Hash(embed.DefaultHashDim), nil
}
