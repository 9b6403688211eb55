package corpus

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkParseWARCShared reads the largest file of ../shared/data/warc.
func BenchmarkParseWARCShared(b *testing.B) {
	path := filepath.Join("..", "..", "shared", "data", "warc", "dolma-testdata", "sample-0001.warc.gz")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skip("../shared/data/warc is absent")
	}
	b.SetBytes(int64(len(data)))
	pages := 0
	for b.Loop() {
		arts, _ := parseWARC("sample-0001.warc.gz", strings.NewReader(string(data)))
		pages += len(arts)
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkParseWARCStream reads a generated 256 MiB WARC stream: 64 KiB
// image records with an HTML page every 64th record. It shows that a file
// is streamed: memory stays flat whatever the file's size (measure with
// /usr/bin/time -v).
func BenchmarkParseWARCStream(b *testing.B) {
	const records = 4096
	image := warcResponse("https://gazette.example/photo.jpg", "2024-01-01T00:00:00Z", "200 OK",
		[]string{"Content-Type: image/jpeg"}, strings.Repeat("\xff\xd8 not a real jpeg ", 64<<10/20))
	page := warcResponse("https://gazette.example/ferry", "2024-01-01T00:00:00Z", "200 OK",
		[]string{"Content-Type: text/html"}, ferryPage)
	size := int64(0)
	for i := range records {
		size += int64(len(image))
		if i%64 == 0 {
			size += int64(len(page))
		}
	}
	b.SetBytes(size)
	for b.Loop() {
		r := &recordStream{n: records, image: image, page: page}
		arts, skipped := parseWARC("stream.warc", r)
		if len(arts) != records/64 || len(skipped) != 0 {
			b.Fatalf("got %d articles, %d skipped; want %d, 0", len(arts), len(skipped), records/64)
		}
	}
}

// recordStream generates n image records with a page before every 64th,
// without holding more than one record.
type recordStream struct {
	n, i        int
	image, page string
	cur         *strings.Reader
}

func (s *recordStream) Read(p []byte) (int, error) {
	for s.cur == nil || s.cur.Len() == 0 {
		if s.i == s.n {
			return 0, io.EOF
		}
		rec := s.image
		if s.i%64 == 0 {
			rec = s.page + s.image
		}
		s.cur = strings.NewReader(rec)
		s.i++
	}
	return s.cur.Read(p)
}
