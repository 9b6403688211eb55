package main

import (
	"context"
	"fmt"
	"log/slog"

	"archivist/retrieval/embed"
	"archivist/retrieval/embed/uselite"
)

// localEmbedder returns the built-in model (Universal Sentence Encoder
// Lite), fetching it once into ARCHIVIST_MODEL_DIR or the user cache. Where
// it cannot be had, the hash embedder stands in, with a loud warning that
// says why and what to do.
func localEmbedder(ctx context.Context, cfg Config, logger *slog.Logger) (embed.Embedder, error) {
	dir := cfg.ModelDir
	if dir == "" {
		d, err := uselite.DefaultDir()
		if err != nil {
			return fallback(logger, fmt.Errorf("no cache folder for the model (%v); set ARCHIVIST_MODEL_DIR", err)), nil
		}
		dir = d
	}
	opts := uselite.Options{FP32: cfg.ModelKernel == "fp32"}
	m, err := uselite.LoadWith(dir, opts)
	if err != nil {
		logger.Info("fetching the built-in model once; later runs are offline", "dir", dir)
		if err := uselite.Fetch(ctx, dir); err != nil {
			return fallback(logger, err), nil
		}
		if m, err = uselite.LoadWith(dir, opts); err != nil {
			return fallback(logger, err), nil
		}
	}
	logger.Debug("built-in model loaded", "kernel", m.Kernel())
	return embed.Embedder{Name: uselite.Name, Embed: m.Embed, Batch: m.EmbedBatch, VectorWeight: embed.NeuralVectorWeight, Semantic: true}, nil
}

func fallback(logger *slog.Logger, why error) embed.Embedder {
	logger.Warn("THE BUILT-IN MODEL IS NOT AVAILABLE: answering with the hash embedder, which matches words, not meanings. Fix the cause below, or set EMBEDDER=hash to silence this.", "cause", why)
	return embed.Hash(embed.DefaultHashDim)
}
