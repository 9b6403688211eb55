package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTextOutputEscapesArchiveText runs the text-printing commands over a
// corpus whose file names and fields hold terminal escapes, newlines and a
// bidi override: none may reach stdout or stderr raw, and no output line
// may be forged.
func TestTextOutputEscapesArchiveText(t *testing.T) {
	env := testEnv(t)
	env["LOG_LEVEL"] = "debug" // the debug log names every skipped file too
	corpus := env["ARCHIVE_DIR"]
	files := map[string]string{
		"term\x1b]0;pwned\a\x1b[2J.txt":    "", // empty: skipped, and named
		"forged\nadded 999, updated 0.txt": "",
		"report\u202etxt.md":               "",
		"c1\u009b2J.txt":                   "",
		"kites.jsonl": `{"id": "kites-1", "title": "Kites \u001b[2J over \u202e the bay\nadded 999", ` +
			`"url": "https://kites.example/\u001b]0;pwned\u0007", "author": "Ann\u0085Lee", ` +
			`"text": "Kite flyers met on the beach at dawn. The \u001b[31mred\u001b[0m kite flew highest of all."}` + "\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(corpus, name), []byte(data), 0o644); err != nil {
			t.Skipf("this file system refuses the name %q: %v", name, err)
		}
	}
	missing := filepath.Join(t.TempDir(), "missing\x1b[2J\nforged")
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"index", []string{"index"}, exitOK},
		{"extract", []string{"extract", corpus}, exitOK},
		{"search", []string{"search", "red kite flyers beach"}, exitOK},
		{"ask", []string{"ask", "Which kite flew highest?"}, exitOK},
		{"error line", []string{"extract", missing}, exitFailure},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args, want := tc.args, tc.code
			stdout, stderr, code := run(t, env, args...)
			if code != want {
				t.Fatalf("archivist %q exit %d, stderr %q; want %d", args, code, stderr, want)
			}
			for name, out := range map[string]string{"stdout": stdout, "stderr": stderr} {
				if i := strings.IndexFunc(out, func(r rune) bool {
					return r != '\n' && unsafeRune(r) || r == '\uFFFD'
				}); i >= 0 {
					t.Errorf("archivist %q: %s holds %q raw, at %d:\n%s", args, name, []rune(out[i:])[0], i, out)
				}
				for _, line := range strings.Split(out, "\n") {
					if strings.HasPrefix(line, "added 999") || strings.HasPrefix(line, "forged") {
						t.Errorf("archivist %q: %s holds a forged line %q", args, name, line)
					}
				}
			}
		})
	}
}
