package corpus

import "io"

// parseWARC reads every HTML response record of a WARC or ARC file at path.
func parseWARC(path string, r io.Reader) ([]Article, []Skipped) {
	return nil, []Skipped{{Path: path, Error: "WARC and ARC files are not supported yet"}}
}
