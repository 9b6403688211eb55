package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// errHelp ends a run that printed its help: exit status 0.
var errHelp = errors.New("help requested")

// common are the flags most commands share.
type common struct {
	corpus, index string
	json          bool
	k             int
	noLLM         bool
	time          timeFlags
}

// newFlags makes a command's flag set with the shared flags that want says
// ("corpus", "index", "json", "k", "llm", "time"), defaults taken from cfg.
func newFlags(name, synopsis string, cfg Config, c *common, kDefault int, stderr io.Writer, want ...string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	for _, w := range want {
		switch w {
		case "corpus":
			fs.StringVar(&c.corpus, "corpus", cfg.ArchiveDir, "the archive: a folder, read recursively, or one file (default $ARCHIVE_DIR)")
		case "index":
			fs.StringVar(&c.index, "index", cfg.IndexDir, "the saved index's folder (default $INDEX_DIR)")
		case "json":
			fs.BoolVar(&c.json, "json", false, "print one JSON document on stdout instead of text")
		case "k":
			fs.IntVar(&c.k, "k", kDefault, "how many passages to use or list")
		case "llm":
			fs.BoolVar(&c.noLLM, "no-llm", false, "answer extractively even when LLM_BASE_URL is set")
		case "time":
			fs.StringVar(&c.time.asOf, "as-of", "", "the question's time, YYYY-MM-DD, against which \"this week\" and \"recently\" are read (default today)")
			fs.StringVar(&c.time.from, "from", "", "cite only articles published on or after this day, YYYY-MM-DD")
			fs.StringVar(&c.time.to, "to", "", "cite only articles published on or before this day, YYYY-MM-DD")
		}
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: archivist %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, letting flags stand before or after the positional
// words ("archivist ask q --json"), and returns the positional words.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, usageError{err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// flag stops at the first positional word, or after "--".
		if consumedDashes(args, rest) {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// consumedDashes reports whether parsing args stopped at a "--".
func consumedDashes(args, rest []string) bool {
	i := len(args) - len(rest) - 1
	return i >= 0 && args[i] == "--"
}

// words joins positional words into one question or query.
func words(pos []string) string {
	return strings.TrimSpace(strings.Join(pos, " "))
}
