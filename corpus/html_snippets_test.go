package corpus

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// snippetPage is one page of go-trafilatura's evaluation set: text the
// article must hold (with) and boilerplate it must not (without).
type snippetPage struct {
	file          string
	source        []byte
	with, without []string
	english       bool
}

// loadSnippetPages reads the evaluation set that ships in go-trafilatura's
// module (scripts/comparison/data.go and test-files/), or skips the test when
// the module is not in the module cache. The set is independent of
// Readability's output: its annotations were written by hand for
// trafilatura's own evaluation.
func loadSnippetPages(t testing.TB) []snippetPage {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/markusmobius/go-trafilatura").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Skip("go-trafilatura's module is not in the module cache")
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join(dir, "scripts", "comparison", "data.go"), nil, 0)
	if err != nil {
		t.Skipf("go-trafilatura's evaluation data: %v", err)
	}
	var pages []snippetPage
	ast.Inspect(f, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		entry, ok := kv.Value.(*ast.CompositeLit)
		if !ok || !isStringLit(kv.Key) {
			return true
		}
		var p snippetPage
		for _, e := range entry.Elts {
			field, ok := e.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			switch name, _ := field.Key.(*ast.Ident); name.Name {
			case "File":
				p.file = stringLit(field.Value)
			case "With":
				p.with = stringLits(field.Value)
			case "Without":
				p.without = stringLits(field.Value)
			}
		}
		if p.file == "" || len(p.with) == 0 {
			return false
		}
		for _, sub := range []string{"comparison", "mock"} {
			if src, err := os.ReadFile(filepath.Join(dir, "test-files", sub, p.file)); err == nil {
				p.source = src
				break
			}
		}
		if p.source != nil {
			p.english = pageIsEnglish(p.source, p.with)
			pages = append(pages, p)
		}
		return false
	})
	slices.SortFunc(pages, func(a, b snippetPage) int { return strings.Compare(a.file, b.file) })
	if len(pages) == 0 {
		t.Skip("go-trafilatura's evaluation pages are absent")
	}
	return pages
}

func isStringLit(e ast.Expr) bool {
	b, ok := e.(*ast.BasicLit)
	return ok && b.Kind == token.STRING
}

func stringLit(e ast.Expr) string {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return ""
	}
	s, _ := strconv.Unquote(b.Value)
	return s
}

func stringLits(e ast.Expr) []string {
	c, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	var out []string
	for _, el := range c.Elts {
		if s := stringLit(el); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// htmlLang finds the language an <html> element declares.
var htmlLang = regexp.MustCompile(`(?is)<html[^>]*?\slang\s*=\s*["']?([a-z]+)`)

// pageIsEnglish reports whether a page declares English, or declares no
// language and its snippets look English.
func pageIsEnglish(src []byte, with []string) bool {
	if m := htmlLang.FindSubmatch(src); m != nil {
		return strings.EqualFold(string(m[1]), "en")
	}
	return looksEnglish(strings.Join(with, " "))
}

// englishWords are frequent English words that are rare in other languages.
var englishWords = map[string]bool{
	"the": true, "and": true, "of": true, "to": true, "is": true, "that": true,
	"for": true, "with": true, "was": true, "are": true, "this": true, "it": true,
}

// looksEnglish reports whether at least one word in twelve of s is a
// frequent English word.
func looksEnglish(s string) bool {
	words := f1Tokens(s)
	n := 0
	for _, w := range words {
		if englishWords[w] {
			n++
		}
	}
	return len(words) > 0 && n*12 >= len(words)
}

// snippetScore counts snippets found and missed, as go-trafilatura's
// comparison does: precision tp/(tp+fp), recall tp/(tp+fn).
type snippetScore struct {
	pages, tp, fn, fp, tn int
	lostAll               int // pages where no "with" snippet was found
}

func (s *snippetScore) add(p snippetPage, text string) {
	s.pages++
	text = squashSpace(text)
	found := 0
	for _, w := range p.with {
		if strings.Contains(text, squashSpace(w)) {
			s.tp++
			found++
		} else {
			s.fn++
		}
	}
	if found == 0 {
		s.lostAll++
	}
	for _, w := range p.without {
		if strings.Contains(text, squashSpace(w)) {
			s.fp++
		} else {
			s.tn++
		}
	}
}

func (s snippetScore) precision() float64 { return float64(s.tp) / float64(max(s.tp+s.fp, 1)) }
func (s snippetScore) recall() float64    { return float64(s.tp) / float64(max(s.tp+s.fn, 1)) }
func (s snippetScore) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// TestHTMLCompareSnippets scores archivist's extraction and go-trafilatura's
// on go-trafilatura's own evaluation set (about 980 pages, many languages):
// the share of wanted snippets found and of boilerplate snippets kept out.
// It is a check independent of Readability, though tilted towards
// trafilatura, whose authors tuned on it:
//
//	go test ./corpus -run TestHTMLCompareSnippets -v
func TestHTMLCompareSnippets(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("extracts about 980 pages twice")
	}
	pages := loadSnippetPages(t)
	var b strings.Builder
	fmt.Fprintf(&b, "\n| extractor | set | pages | precision | recall | F1 | pages with no wanted snippet | median ms/page |\n")
	var english [2]snippetScore
	for i, ex := range []pageExtractor{archivistExtractor, trafilaturaExtractor} {
		var en, all snippetScore
		var took []time.Duration
		for _, p := range pages {
			start := time.Now()
			r := ex.extract(p.source)
			took = append(took, time.Since(start))
			all.add(p, r.text)
			if p.english {
				en.add(p, r.text)
			}
		}
		english[i] = en
		slices.Sort(took)
		for _, s := range []struct {
			name string
			sc   snippetScore
		}{{"english", en}, {"all", all}} {
			fmt.Fprintf(&b, "| %-28s | %-7s | %3d | %.3f | %.3f | %.3f | %d | %.1f |\n", ex.name, s.name, s.sc.pages,
				s.sc.precision(), s.sc.recall(), s.sc.f1(), s.sc.lostAll, ms(took[len(took)/2]))
		}
	}
	t.Log(b.String())
	if f := english[0].f1(); f < 0.9 {
		t.Errorf("archivist's snippet F1 on English pages = %.3f, want at least 0.9", f)
	}
	if got, want := english[0].lostAll, english[1].lostAll; got > want {
		t.Errorf("archivist misses every wanted snippet on %d English pages, go-trafilatura on %d", got, want)
	}
}
