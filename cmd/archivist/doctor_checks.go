package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"archivist/corpus"
	"archivist/retrieval"
	"archivist/retrieval/embed"
	"archivist/retrieval/embed/uselite"
	"archivist/retrieval/llm"
)

// corpusSource is the corpus as the index reads it: its root and, for a
// single file, the file's name in it. A nil fsys means it could not be read.
type corpusSource struct {
	fsys fs.FS
	file string
}

// corpusCheck says whether the corpus at path exists and how many of its
// files a parser reads and can open.
func corpusCheck(path string) (check, corpusSource) {
	const name = "corpus"
	root, file, err := corpusRoot(path)
	if err != nil {
		return check{name, statusFail, fmt.Sprintf("%v: set ARCHIVE_DIR (or --corpus) to the archive's folder", err)}, corpusSource{}
	}
	fsys := os.DirFS(root)
	paths, skipped := []string{file}, []corpus.Skipped(nil)
	if file == "" {
		if paths, skipped, err = corpus.Files(fsys); err != nil {
			return check{name, statusFail, fmt.Sprintf("cannot list %s: %v", path, err)}, corpusSource{}
		}
	}
	readable := 0
	for _, p := range paths {
		f, err := fsys.Open(p)
		if err != nil {
			skipped = append(skipped, corpus.Skipped{Path: p, Error: err.Error()})
			continue
		}
		f.Close()
		readable++
	}
	src := corpusSource{fsys: fsys, file: file}
	switch {
	case len(skipped) > 0:
		return check{name, statusWarn, fmt.Sprintf("%d article files in %s, and %d that cannot be read (first: %s: %s)",
			readable, path, len(skipped), skipped[0].Path, skipped[0].Error)}, src
	case readable == 0:
		return check{name, statusWarn, fmt.Sprintf("no article files in %s (.txt, .md, .html, .json, .jsonl, .warc): the bot would know nothing", path)}, src
	}
	return check{name, statusOK, fmt.Sprintf("%d article files in %s, all readable", readable, path)}, src
}

// embedderName is the name the configured embedder records in an index.
func embedderName(cfg Config) string {
	switch cfg.Embedder {
	case "hash":
		return embed.Hash(embed.DefaultHashDim).Name
	case "ollama", "openai":
		if e, err := remoteEmbedder(cfg); err == nil {
			return e.Name
		}
		return cfg.Embedder
	}
	return uselite.Name
}

// remoteEmbedder is the configured embedding server's client, bounded for
// doctor: one attempt within doctorTimeout.
func remoteEmbedder(cfg Config) (embed.Embedder, error) {
	r := embed.Remote{BaseURL: cfg.EmbedBaseURL, Model: cfg.EmbedModel, APIKey: cfg.EmbedAPIKey, Timeout: doctorTimeout, MaxRetries: -1}
	if cfg.Embedder == "ollama" {
		return embed.Ollama(r)
	}
	return embed.OpenAI(r)
}

// indexCheck loads the saved index in dir and compares it with the corpus,
// writing and embedding nothing.
func indexCheck(ctx context.Context, cfg Config, dir string, src corpusSource) check {
	const name = "index"
	ck, err := retrieval.CheckIndex(ctx, retrieval.Config{Corpus: src.fsys, File: src.file, IndexDir: dir})
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return check{name, statusWarn, fmt.Sprintf("no saved index in %s: run archivist index (serve also builds it when it starts)", dir)}
	case errors.Is(err, retrieval.ErrCorruptSnapshot):
		return check{name, statusFail, fmt.Sprintf("the saved index in %s is corrupt (%v): run archivist index to rebuild it", dir, err)}
	case err != nil:
		return check{name, statusFail, fmt.Sprintf("cannot read the saved index in %s: %v", dir, err)}
	}
	held := fmt.Sprintf("%d articles, %d passages (%s) in %s", ck.Articles, ck.Chunks, ck.Embedder, dir)
	want := embedderName(cfg)
	changed := ck.Changed + ck.Removed
	switch {
	case ck.Embedder != want:
		return check{name, statusWarn, fmt.Sprintf("%s, but EMBEDDER gives %s: run archivist index, which embeds every passage again", held, want)}
	case changed > 0:
		return check{name, statusWarn, fmt.Sprintf("%s changed, run archivist index (%d new or changed, %d removed; %s)", plural(changed, "file"), ck.Changed, ck.Removed, held)}
	case ck.Reread:
		return check{name, statusWarn, held + ", read by another version of archivist: run archivist index, which reads every file again"}
	case src.fsys == nil:
		return check{name, statusWarn, held + "; not compared with the corpus, which cannot be read"}
	}
	return check{name, statusOK, fmt.Sprintf("%s, up to date with the corpus's %d files", held, ck.Files)}
}

// embedderCheck checks what the configured embedder needs: the built-in
// model's files, or an answer from the embedding server.
func embedderCheck(ctx context.Context, cfg Config) check {
	const name = "embedder"
	switch cfg.Embedder {
	case "hash":
		return check{name, statusOK, embedderName(cfg) + ": no model or server needed"}
	case "ollama", "openai":
		e, err := remoteEmbedder(cfg)
		if err != nil {
			return check{name, statusFail, err.Error()}
		}
		ctx, cancel := context.WithTimeout(ctx, doctorTimeout)
		defer cancel()
		start := time.Now()
		v, err := e.Embed(ctx, "archive")
		if err != nil {
			return check{name, statusFail, fmt.Sprintf("%s did not embed one word: %v", e.Name, err)}
		}
		return check{name, statusOK, fmt.Sprintf("%s embedded one word (%d dimensions) in %.0f ms", e.Name, len(v), msOf(time.Since(start)))}
	}
	dir := cfg.ModelDir
	if dir == "" {
		d, err := uselite.DefaultDir()
		if err != nil {
			return check{name, statusFail, fmt.Sprintf("no cache folder for the built-in model (%v): set ARCHIVIST_MODEL_DIR", err)}
		}
		dir = d
	}
	err := uselite.Verify(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return check{name, statusWarn, fmt.Sprintf("the built-in model is not in %s yet: archivist index fetches it once (with npm, over the network); until then archivist falls back to the hash embedder", dir)}
	case err != nil:
		return check{name, statusFail, fmt.Sprintf("the built-in model in %s is damaged (%v): run archivist index to fetch it again", dir, err)}
	}
	kernel := uselite.KernelFor(uselite.Options{FP32: cfg.ModelKernel == "fp32"})
	return check{name, statusOK, fmt.Sprintf("the built-in model (%s) in %s matches its checksums; its products run on the %s kernel", uselite.Name, dir, kernel)}
}

// llmCheck asks the LLM server for a one-word reply.
func llmCheck(ctx context.Context, cfg Config) check {
	const name = "llm"
	temp := 0.0
	c, err := llm.New(llm.Config{BaseURL: cfg.LLMBaseURL, Model: cfg.LLMModel, APIKey: cfg.LLMAPIKey,
		Timeout: doctorLLMTimeout, MaxRetries: -1, Temperature: &temp})
	if err != nil {
		return check{name, statusFail, fmt.Sprintf("LLM_BASE_URL/LLM_MODEL: %v", err)}
	}
	ctx, cancel := context.WithTimeout(ctx, doctorLLMTimeout)
	defer cancel()
	start := time.Now()
	_, err = c.Generate(ctx, retrieval.GenerateRequest{Messages: []retrieval.Message{{Role: "user", Content: "Reply with one word: ready"}}})
	if err != nil {
		hint := ""
		if errors.Is(err, context.DeadlineExceeded) {
			hint = fmt.Sprintf(" (waited %s; a local model may still be loading: run archivist doctor again)", doctorLLMTimeout)
		}
		return check{name, statusFail, fmt.Sprintf("%s did not answer a one-word request: %v%s", c.Name(), err, hint)}
	}
	return check{name, statusOK, fmt.Sprintf("%s answered a one-word request in %.0f ms", c.Name(), msOf(time.Since(start)))}
}
