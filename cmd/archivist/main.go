// Command archivist answers questions about an archive of articles, on the
// command line and in Discord, with citations a reader can check.
//
// Usage:
//
//	archivist ask [flags] QUESTION...
//	archivist search [flags] QUERY...
//	archivist index [flags]
//	archivist extract [flags] PATH...
//	archivist eval [flags] --questions FILE
//	archivist serve [flags]
//	archivist doctor [flags]
//
// Run "archivist help" or "archivist COMMAND -h" for the flags.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	getenv, envErr := envWithDotenv(".env")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := (&Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: getenv, DotenvErr: envErr}).Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
