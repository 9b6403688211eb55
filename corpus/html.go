package corpus

import "io"

// parseHTML reads one archived HTML page stored at path.
func parseHTML(path string, r io.Reader) ([]Article, []Skipped) {
	return nil, []Skipped{{Path: path, Error: "HTML pages are not supported yet"}}
}
