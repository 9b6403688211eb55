// Command scalecorpus writes N copies of the news corpus as .jsonl.gz files,
// for measuring the archive at N times its size. Copy 1 is the corpus as it
// is; copy k>1 gives every record a distinct id and URL and opens its text
// with a short sentence of its own, so that de-duplication keeps them all.
//
//	go run ./scripts/scalecorpus -n 4 -o /tmp/news-4x
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	n := flag.Int("n", 4, "copies of the corpus")
	in := flag.String("in", "/work/shared/data/news-2022/corpus.jsonl.gz", "the corpus to copy (.jsonl.gz)")
	out := flag.String("o", "", "the folder to write (created)")
	flag.Parse()
	if *out == "" || *n < 1 {
		fmt.Fprintln(os.Stderr, "usage: scalecorpus -n N -o DIR [-in corpus.jsonl.gz]")
		os.Exit(2)
	}
	if err := run(*in, *out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "scalecorpus:", err)
		os.Exit(1)
	}
}

func run(in, out string, n int) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	total := 0
	for k := 1; k <= n; k++ {
		c, err := writeCopy(in, filepath.Join(out, fmt.Sprintf("news-copy%03d.jsonl.gz", k)), k)
		if err != nil {
			return fmt.Errorf("copy %d: %w", k, err)
		}
		total += c
	}
	fmt.Printf("%d records in %d copies in %s\n", total, n, out)
	return nil
}

// writeCopy writes copy k of the corpus in to path and returns its record
// count.
func writeCopy(in, path string, k int) (int, error) {
	f, err := os.Open(in)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return 0, err
	}
	o, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer o.Close()
	zw := gzip.NewWriter(o)
	w := bufio.NewWriter(zw)
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	count := 0
	for sc.Scan() {
		line := sc.Bytes()
		if k > 1 {
			var rec map[string]any
			if err := json.Unmarshal(line, &rec); err != nil {
				return 0, fmt.Errorf("record %d: %w", count+1, err)
			}
			for _, key := range []string{"doc_id", "id", "article_id"} {
				if id, ok := rec[key].(string); ok {
					rec[key] = fmt.Sprintf("%s-copy%d", id, k)
				}
			}
			if u, ok := rec["url"].(string); ok && u != "" {
				rec["url"] = fmt.Sprintf("%s?copy=%d", u, k)
			}
			if t, ok := rec["text"].(string); ok {
				rec["text"] = fmt.Sprintf("Archive copy %d, record %d.\n\n%s", k, count+1, t)
			}
			if line, err = json.Marshal(rec); err != nil {
				return 0, err
			}
		}
		w.Write(line)
		w.WriteByte('\n')
		count++
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return count, o.Close()
}
