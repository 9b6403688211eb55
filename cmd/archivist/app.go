package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/joho/godotenv"
)

// Exit statuses, as INTERFACE.md names them.
const (
	exitOK      = 0
	exitFailure = 1 // a runtime failure
	exitUsage   = 2 // bad usage or invalid configuration
)

// Main is the program: main() runs it on the real process, and the
// end-to-end tests run it with their own environment and writers.
type Main struct {
	Stdout, Stderr io.Writer
	// Getenv reads the configuration; an empty value counts as unset.
	Getenv func(string) string
	// Now, when set, is the clock (the default question time is its day);
	// nil means the wall clock.
	Now func() time.Time
	// FollowEvery, when set, is how often serve looks for an index that
	// another process saved in its folder; zero means every 5 seconds.
	FollowEvery time.Duration
	// DotenvErr, when set, says why .env could not be read (Getenv then
	// reads the environment alone): doctor reports it, and every other
	// command refuses to run with it (exit status 2).
	DotenvErr error
}

// usageError is bad usage or configuration: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// Run runs the command line args and returns the exit status.
func (m *Main) Run(ctx context.Context, args []string) int {
	err := m.run(ctx, args)
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(m.Stderr, "archivist: %s\n", printable(err.Error()))
		return exitUsage
	default:
		// An error may quote a path, a file's contents or a server's
		// reply: one line, made printable.
		fmt.Fprintf(m.Stderr, "archivist: %s\n", printable(err.Error()))
		return exitFailure
	}
}

func (m *Main) run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return usagef("no command given")
	}
	cmds := map[string]func(context.Context, []string) error{
		"ask": m.ask, "search": m.search, "index": m.index, "extract": m.extract,
		"eval": m.eval, "serve": m.serve, "doctor": m.doctor, "feedback": m.feedback,
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(m.Stdout, usage)
		return nil
	}
	cmd, ok := cmds[name]
	if !ok {
		return usagef("unknown command %q (run 'archivist help')", name)
	}
	if m.DotenvErr != nil && name != "doctor" {
		return usageError{m.DotenvErr.Error()}
	}
	return cmd(ctx, rest)
}

const usage = `archivist answers questions about an archive of articles, with citations.

Usage:
  archivist ask [flags] QUESTION...     answer a question, with numbered citations
  archivist search [flags] QUERY...     the best passages for a query, no answer
  archivist index [flags]               build or bring up to date the saved index
  archivist extract [flags] PATH...     the articles read from files or folders
  archivist eval [flags] --questions F  measure retrieval and answers
  archivist serve [flags]               run the Discord bot
  archivist doctor [flags]              check the configuration, archive, index,
                                        servers and Discord set-up; change nothing
  archivist feedback [flags]            the votes on the bot's answers; --export
                                        writes the 👎 ones as a question file

Run 'archivist COMMAND -h' for a command's flags. Configuration comes from the
environment and from .env (see .env.example).
`

// envWithDotenv returns a Getenv that reads the process environment and,
// for what it leaves unset or empty, the dotenv file at path. A missing file
// is fine: every setting has a default. A file that cannot be parsed is an
// error, rather than settings silently ignored; the Getenv returned with it
// reads the environment alone. The error names the line and its key but
// never quotes a value, which may be a token.
func envWithDotenv(path string) (func(string) string, error) {
	file, err := godotenv.Read(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		file = nil
		err = dotenvError(path)
	} else {
		err = nil
	}
	return func(key string) string {
		if v := os.Getenv(key); v != "" {
			return v
		}
		return file[key]
	}, err
}

// newLogger makes the one logger of a run, on stderr.
func newLogger(cfg Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if strings.EqualFold(cfg.LogFormat, "json") {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
