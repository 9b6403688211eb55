package corpus

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// errNoText reports a file or record without text.
var errNoText = errors.New("no text")

// maxTitleRunes bounds a first line read as a title.
const maxTitleRunes = 150

// parsePlain reads a .txt or .md file: optional YAML front matter, then the
// text. Without a title, the first line is the title when it is short (at
// most 150 characters), does not end a sentence and text follows it. A
// first line set apart by a blank line may also end in "?", "!" or an
// ellipsis ("Can Yahoo dominate next decade?"), but never in a lone full
// stop; the first line of a hard-wrapped paragraph is no title. In Markdown a first-line "# heading" is the title whatever its
// punctuation.
//
// A .txt file with neither front matter nor such a title line is taken for
// text scraped from a web page, and extractScraped looks for the article in
// it.
func parsePlain(name, text string, markdown bool) (Article, error) {
	a := Article{ID: name, Path: name}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	meta, body, hasMeta, err := splitFrontMatter(text)
	if err != nil {
		return Article{}, err
	}
	if hasMeta {
		meta.apply(&a)
	}
	if a.Title == "" {
		if title, rest, ok := titleLine(body, markdown); ok {
			if markdown {
				title = markdownInline(title)
			}
			a.Title, body = cleanLine(title), rest
		} else if !hasMeta && !markdown {
			title, author, scraped := extractScraped(body)
			a.Title = cleanLine(title)
			if a.Author == "" {
				a.Author = cleanLine(author)
			}
			if scraped != "" {
				body = scraped
			}
		}
	}
	if markdown {
		body = markdownText(body)
	} else {
		body = unwrapLines(body)
	}
	a.Text = Clean(body)
	if a.Text == "" {
		return Article{}, errNoText
	}
	return a, nil
}

// titleLine returns the first line of text and the rest when that line is a
// title (see parsePlain).
func titleLine(text string, markdown bool) (title, rest string, ok bool) {
	text = strings.TrimLeft(text, " \t\n\ufeff")
	first, rest, _ := strings.Cut(text, "\n")
	first = strings.TrimSpace(first)
	if strings.TrimSpace(rest) == "" {
		return "", "", false
	}
	if markdown {
		if h := strings.TrimLeft(first, "#"); len(h) < len(first) && len(first)-len(h) <= 6 &&
			strings.HasPrefix(h, " ") {
			return strings.TrimSpace(strings.TrimRight(h, "# ")), rest, true
		}
	}
	if utf8.RuneCountInString(first) > maxTitleRunes || !strings.ContainsFunc(first, isWordRune) {
		return "", "", false
	}
	// A headline set apart by a blank line may be a question or end in
	// an ellipsis; a line ending in a lone full stop is prose.
	spaced := strings.HasPrefix(strings.TrimLeft(rest, " \t"), "\n")
	if end := sentenceEnd(first); end == "." || end != "" && !spaced {
		return "", "", false
	}
	// Nor is the first line of a hard-wrapped paragraph a title.
	if !spaced {
		next, _, _ := strings.Cut(strings.TrimLeft(rest, " \t"), "\n")
		if r, _ := utf8.DecodeRuneInString(next); unicode.IsLower(r) {
			return "", "", false
		}
		para, _, _ := strings.Cut(text, "\n\n")
		if lines := strings.Split(strings.TrimRight(para, " \t\n"), "\n"); len(lines) >= 3 && hardWrapped(lines[:len(lines)-1]) {
			return "", "", false
		}
	}
	return first, rest, true
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// sentenceEnd returns the run of terminators (".", "!", "?", "…") that ends
// s, perhaps followed by closing quotes or brackets; "" when there is none.
func sentenceEnd(s string) string {
	s = strings.TrimRightFunc(s, isCloser)
	return s[len(strings.TrimRightFunc(s, isTerminator)):]
}

// cleanLine cleans a one-line field such as a title or an author.
func cleanLine(s string) string {
	return strings.Join(strings.Fields(Clean(s)), " ")
}

// frontMatter holds the YAML fields between the opening and closing "---".
type frontMatter map[string]yaml.Node

// splitFrontMatter separates YAML front matter from the text after it. Text
// that does not open with a "---" line, whose "---" is never closed by
// another "---" (or "...") line, or whose lines between are not a YAML
// mapping, has no front matter; a mapping that is not valid YAML is an
// error.
func splitFrontMatter(text string) (meta frontMatter, body string, ok bool, err error) {
	t := strings.TrimPrefix(text, "\ufeff")
	first, rest, found := strings.Cut(t, "\n")
	if !found || strings.TrimRight(first, " \t") != "---" {
		return nil, text, false, nil
	}
	var yamlText strings.Builder
	for rest != "" {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if l := strings.TrimRight(line, " \t"); l == "---" || l == "..." {
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(yamlText.String()), &doc); err != nil {
				return nil, "", false, fmt.Errorf("invalid front matter: %s", strings.TrimPrefix(err.Error(), "yaml: "))
			}
			if len(doc.Content) == 0 { // "---" then "---": empty front matter
				return frontMatter{}, rest, true, nil
			}
			if doc.Content[0].Kind != yaml.MappingNode || doc.Content[0].Decode(&meta) != nil {
				// Prose between two rules, not front matter.
				return nil, text, false, nil
			}
			return meta, rest, true, nil
		}
		yamlText.WriteString(line)
		yamlText.WriteByte('\n')
	}
	return nil, text, false, nil
}

// apply sets the fields of a that the front matter gives. Keys are
// case-insensitive; "authors" and "byline" stand for "author", "date" and
// "publish_date" for "published", and "link" for "url".
func (m frontMatter) apply(a *Article) {
	get := func(keys ...string) string {
		for _, want := range keys {
			for k, v := range m {
				if strings.EqualFold(k, want) {
					if s := nodeText(&v); s != "" {
						return s
					}
				}
			}
		}
		return ""
	}
	if id := get("id", "doc_id"); id != "" {
		a.ID = id
	}
	a.Title = cleanLine(get("title"))
	a.URL = strings.TrimSpace(get("url", "link"))
	a.Author = joinAuthors(get("author", "authors", "byline"))
	a.Published = NormalizeDate(get("published", "publish_date", "date"))
	a.Captured = NormalizeDate(get("captured"))
	a.Source = cleanLine(get("source"))
}

// nodeText is the text of a YAML value: a scalar as written, a list's
// items (or their "name") joined with ", ", a mapping's "name".
func nodeText(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return ""
		}
		return strings.TrimSpace(n.Value)
	case yaml.SequenceNode:
		var parts []string
		for _, c := range n.Content {
			if s := nodeText(c); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "name" {
				return nodeText(n.Content[i+1])
			}
		}
	case yaml.AliasNode:
		if n.Alias != nil {
			return nodeText(n.Alias)
		}
	}
	return ""
}
