package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"archivist/retrieval"
)

// weaviateCheck says whether the Weaviate server STORE=weaviate names
// answers, and whether its collections hold this embedder's vectors.
func weaviateCheck(ctx context.Context, cfg Config) check {
	const name = "weaviate"
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	st, err := retrieval.CheckWeaviate(ctx, cfg.weaviateConfig())
	switch {
	case err != nil && (strings.Contains(err.Error(), "status 401") || strings.Contains(err.Error(), "status 403")):
		return check{name, statusFail, fmt.Sprintf("%v: the server refuses the key: check WEAVIATE_API_KEY", err)}
	case err != nil:
		return check{name, statusFail, fmt.Sprintf("%v: is the server running at %s? (scripts/weaviate start runs one on this machine)", err, cfg.WeaviateURL)}
	}
	at := fmt.Sprintf("Weaviate %s at %s", st.Version, cfg.WeaviateURL)
	want := embedderName(cfg)
	switch {
	case !st.Filled:
		return check{name, statusWarn, at + " holds no archive yet: run archivist index"}
	case st.Embedder != want:
		return check{name, statusWarn, fmt.Sprintf("%s holds vectors of %s, but EMBEDDER gives %s: run archivist index", at, st.Embedder, want)}
	}
	return check{name, statusOK, fmt.Sprintf("%s holds the archive (%s)", at, st.Embedder)}
}
