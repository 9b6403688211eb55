package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Scraped text is a web page's text with the page's markup gone: menus run
// into the title, the byline into the first sentence, and share buttons,
// "Most Popular" teasers, newsletter boxes and the copyright footer follow
// the last sentence, often on the same line. extractScraped cuts the body
// out at two points:
//
//   - the head ends after a byline ("By Will Knight") found in the first
//     scrapedHeadBytes of text before any sentence has ended; the words
//     between the site's menu and the byline are the title;
//   - the tail starts at the first furniture marker ("Share", "Keep
//     Reading", "©", the author's name again) that begins a line or follows
//     a finished sentence, when the text from there on holds at least
//     scrapedTailMarkers markers and no more than scrapedWordsPerMarker
//     words per marker, or ends within scrapedShortTail bytes.
//
// Text without a byline head and without such a tail comes back unchanged.
const (
	scrapedHeadBytes   = 600
	scrapedHeadWords   = 40
	scrapedTailMarkers = 3
	scrapedShortTail   = 200
	scrapedMinBody     = 200
	// scrapedWordsPerMarker is the most words per marker that the tail
	// may hold: furniture is dense with markers, an article is not.
	scrapedWordsPerMarker = 40
)

var (
	// scrapedByline is a byline: "By" (capitalised: in prose "by" is a
	// preposition) and one to four capitalised names.
	scrapedByline = regexp.MustCompile(`(?:^|[\s|])(?:By|BY)\s+((?:\p{Lu}[\p{L}\p{M}'’.\-]*)(?:\s+(?:\p{Lu}[\p{L}\p{M}'’.\-]*|de|da|van|von|der|del|la|le|bin|al)){0,3})`)
	// scrapedAfterByline is the furniture a byline drags along: "archive
	// page", a date, a reading time, separators.
	scrapedAfterByline = regexp.MustCompile(`^(?:\s*(?:archive page|[|·•—–-]|updated|published|posted|\d+ min(?:ute)?s? read|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|\d{1,2}:\d{2}\s*(?:am|pm)?|\d{4}-\d{2}-\d{2}))+`)
	// scrapedMarker finds furniture that ends an article.
	scrapedMarker = regexp.MustCompile(`(?:\bShare(?: this(?: article| story)?| on \w+)?\b|\bhide\b|\blink opens in a new window\b|\bKeep Reading\b|\bMost Popular\b|\bPopular\b|\bRelated (?:Articles|Stories|Posts|Content|Coverage)\b|\bRead (?:more|next)\b|\bMore from\b|\bRecommended(?: for you)?\b|\bYou (?:may|might) also like\b|\bSign up\b|\bSubscribe\b|\bNewsletters?\b|\bStay connected\b|\bFollow us\b|©|\bCopyright\b|\bAll rights reserved\b|\bAdvertisement\b|\bAdvertise\b|\bLeave a (?:comment|reply)\b|\bFiled under\b|\bTags:)`)
)

// extractScraped finds the article in text scraped from a web page: it drops
// the site's furniture around the body and returns the title and byline the
// text gives ("" where none).
func extractScraped(text string) (title, author, body string) {
	start := 0
	if t, a, s, ok := scrapedHead(text); ok {
		title, author, start = t, a, s
	}
	end := scrapedTail(text, start, author)
	if start == 0 && end == len(text) {
		return "", "", text
	}
	body = strings.TrimSpace(text[start:end])
	if len(body) < scrapedMinBody {
		return "", "", text
	}
	return title, author, body
}

// scrapedHead finds a byline near the top of text, before any sentence has
// ended, and returns the title before it, the author and where the body
// starts.
func scrapedHead(text string) (title, author string, start int, ok bool) {
	head := text[:scrapedCut(text, scrapedHeadBytes)]
	m := scrapedByline.FindStringSubmatchIndex(head)
	if m == nil {
		return "", "", 0, false
	}
	before := text[:m[0]]
	if len(strings.Fields(before)) > scrapedHeadWords || scrapedHasSentence(before) {
		return "", "", 0, false
	}
	author = text[m[2]:m[3]]
	start = m[1]
	if a := scrapedAfterByline.FindStringIndex(strings.ToLower(text[start:])); a != nil {
		start += a[1]
	}
	for start < len(text) && (text[start] == ' ' || text[start] == '\n' || text[start] == '\t' || text[start] == '\r') {
		start++
	}
	if len(text)-start < scrapedMinBody {
		return "", "", 0, false
	}
	return scrapedTitle(before), author, start, true
}

// scrapedHasSentence reports whether s holds a finished sentence: an end
// mark followed by space and a capital letter.
func scrapedHasSentence(s string) bool {
	for i, r := range s {
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		rest := strings.TrimLeft(s[i+1:], " \t\n\"”’")
		if next, _ := utf8.DecodeRuneInString(rest); rest != "" && len(rest) < len(s[i+1:]) && unicode.IsUpper(next) {
			return true
		}
	}
	return false
}

// scrapedTitle takes the title from the text before a byline: its last
// line, less a site menu repeated at its start.
func scrapedTitle(before string) string {
	before = strings.TrimSpace(before)
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		before = strings.TrimSpace(before[i+1:])
	}
	words := strings.Fields(before)
	// A menu scraped twice (desktop and mobile) repeats word for word.
	for changed := true; changed; {
		changed = false
		for k := len(words) / 2; k >= 2; k-- {
			if strings.Join(words[:k], " ") == strings.Join(words[k:2*k], " ") {
				words = words[2*k:]
				changed = true
				break
			}
		}
	}
	title := strings.Join(words, " ")
	if title == "" || len(title) > 200 {
		return ""
	}
	return title
}

// scrapedTail returns where the body ends: at the first furniture marker
// after start that begins a line or follows a finished sentence and has
// enough furniture after it, else at the end of text. It runs in time
// linear in the length of text.
func scrapedTail(text string, start int, author string) int {
	markers := scrapedMarker.FindAllStringIndex(text[start:], -1)
	if author != "" {
		again := regexp.MustCompile(`(?i)\b(?:hide\s+)?by\s+` + regexp.QuoteMeta(author) + `\b`)
		markers = mergeSpans(markers, again.FindAllStringIndex(text[start:], -1))
	}
	if len(markers) == 0 {
		return len(text)
	}
	// wordsFrom[i] counts the words of text from markers[i] to the end.
	wordsFrom := make([]int, len(markers))
	next := len(text)
	words := 0
	for i := len(markers) - 1; i >= 0; i-- {
		at := start + markers[i][0]
		if at < next {
			words += len(strings.Fields(text[at:next]))
			next = at
		}
		wordsFrom[i] = words
	}
	for i, m := range markers {
		at := start + m[0]
		if at-start < scrapedMinBody {
			continue
		}
		before := strings.TrimRight(text[start:at], " \t\r")
		if !strings.HasSuffix(before, "\n") && !scrapedEndsSentence(before) {
			continue
		}
		after := len(markers) - i
		dense := after >= scrapedTailMarkers && wordsFrom[i] <= scrapedWordsPerMarker*after
		if dense || len(text)-at <= scrapedShortTail {
			return at
		}
	}
	return len(text)
}

// scrapedEndsSentence reports whether s ends with a sentence's end mark,
// perhaps followed by closing quotes or brackets.
func scrapedEndsSentence(s string) bool {
	s = strings.TrimRight(s, "\"”’)]")
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?' || r == '…'
}

// mergeSpans merges two lists of [start, end) spans in start order.
func mergeSpans(a, b [][]int) [][]int {
	out := make([][]int, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		if len(b) == 0 || len(a) > 0 && a[0][0] <= b[0][0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return out
}

// scrapedCut returns the largest rune boundary of s at or before n.
func scrapedCut(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}
