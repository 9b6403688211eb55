package htmlmeta

import (
	"cmp"
	"encoding/json"
	"strings"
)

// articleTypes are the JSON-LD @type values that describe the page's article.
var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "blogposting": true, "reportagenewsarticle": true,
	"analysisnewsarticle": true, "opinionnewsarticle": true, "reviewnewsarticle": true,
	"backgroundnewsarticle": true, "scholarlyarticle": true, "techarticle": true,
	"liveblogposting": true, "socialmediaposting": true, "report": true, "posting": true,
}

// jsonLDObjects decodes one JSON-LD script into its objects, flattening
// arrays and @graph lists. A CDATA or HTML comment wrapper is dropped first;
// invalid JSON yields nothing.
func jsonLDObjects(s string) []map[string]any {
	s = strings.TrimSpace(s)
	for _, w := range [][2]string{{"<![CDATA[", "]]>"}, {"<!--", "-->"}} {
		if t := strings.TrimPrefix(s, "//"); strings.HasPrefix(t, w[0]) {
			s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(t[len(w[0]):]), w[1]))
			s = strings.TrimSpace(strings.TrimSuffix(s, "//"))
		}
	}
	s = strings.TrimSuffix(s, ";")
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return nil
	}
	var out []map[string]any
	var add func(v any, depth int)
	add = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				add(e, depth+1)
			}
		case map[string]any:
			out = append(out, v)
			add(v["@graph"], depth+1)
		}
	}
	add(v, 0)
	return out
}

// pickArticle returns the first JSON-LD object typed as an article, else the
// first one with a headline, else nil.
func pickArticle(objs []map[string]any) map[string]any {
	for _, o := range objs {
		for _, t := range ldStrings(o["@type"]) {
			if articleTypes[strings.ToLower(t)] {
				return o
			}
		}
	}
	for _, o := range objs {
		if ldString(o["headline"]) != "" {
			return o
		}
	}
	return nil
}

// ldString returns v when it is a non-empty string, else "".
func ldString(v any) string {
	s, _ := v.(string)
	return squashSpace(s)
}

// ldStrings returns a string or the strings of an array.
func ldStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// ldName returns the name of a JSON-LD thing given as a string or an object.
func ldName(v any) string {
	switch v := v.(type) {
	case string:
		return squashSpace(v)
	case map[string]any:
		return ldString(v["name"])
	case []any:
		if len(v) > 0 {
			return ldName(v[0])
		}
	}
	return ""
}

// ldAuthors returns the names of a JSON-LD author value: a string, an
// object with a name, or an array of either.
func ldAuthors(v any) []string {
	var out []string
	var add func(v any)
	add = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				add(e)
			}
		default:
			if a := CleanByline(ldName(v)); a != "" {
				out = appendName(out, a)
			}
		}
	}
	add(v)
	return out
}

// ldURL returns the article's own URL from url or mainEntityOfPage.
func ldURL(o map[string]any) string {
	if u := ldString(o["url"]); u != "" {
		return u
	}
	switch v := o["mainEntityOfPage"].(type) {
	case string:
		return v
	case map[string]any:
		return cmp.Or(ldString(v["@id"]), ldString(v["url"]))
	}
	return ""
}
