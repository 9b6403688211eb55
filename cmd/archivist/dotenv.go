package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/joho/godotenv"
)

// dotenvKey matches the start of a KEY=VALUE (or KEY: VALUE) line.
var dotenvKey = regexp.MustCompile(`^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*[=:]`)

// dotenvError says why the dotenv file at path cannot be parsed, naming the
// line and key at fault without quoting any value: godotenv's own message
// quotes the value (an unclosed quote) or the rest of the file, and either
// may hold a token.
func dotenvError(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	// The longest run of whole lines that parses ends just before the
	// entry at fault (which may span lines, in an unclosed quote).
	good := 0
	for k := len(lines) - 1; k >= 0; k-- {
		if _, err := godotenv.Unmarshal(strings.Join(lines[:k], "")); err == nil {
			good = k
			break
		}
	}
	for i := good; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if m := dotenvKey.FindStringSubmatch(lines[i]); m != nil {
			return fmt.Errorf("%s line %d (%s): the value cannot be parsed: close its quote, or quote a value with spaces or #", path, i+1, m[1])
		}
		return fmt.Errorf("%s line %d is not KEY=VALUE", path, i+1)
	}
	return fmt.Errorf("%s cannot be parsed: write one KEY=VALUE a line", path)
}
