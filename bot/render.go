package bot

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"archivist/retrieval"

	"github.com/bwmarrin/discordgo"
)

// Embed colours.
const (
	colorAnswer  = 0x3b82f6 // blue: an answer
	colorAbstain = 0x9ca3af // grey: not in the archive
	colorInfo    = 0x10b981 // green: search results, sources, help
)

// Room kept for the answer text before sources take the rest, and margin
// kept for the footer's note on sources left out.
const (
	descriptionShare = 2000
	footerMargin     = 64
)

// source is one article an answer cites, or one passage, as the bot shows
// it.
type source struct {
	label  string // "[1]", "[1] [3]" for an article cited twice, "1." for a passage
	title  string
	url    string
	date   string
	quotes []string // each shown as a block quote; none when the text holds them
}

// Render returns the embed that shows answer a on Discord: its text with the
// [n] markers, then each cited article as a field naming its markers and
// publication date (archived articles are historical), with the article's
// title linked to its URL and each quote the text does not already hold (a
// quote appears once); the footer says how many
// articles were searched and how long it took. When a abstained it says that
// the archive does not hold the answer and shows the nearest passages.
//
// The embed keeps every Discord limit (title 256, description 4,096, 25
// fields of 256 and 1,024, 6,000 in all): text is cut at a sentence end,
// never inside a word or a marker, and sources that do not fit are left out
// whole and counted in the footer.
func Render(a retrieval.Answer, articles int) *discordgo.MessageEmbed {
	return renderAnswer(a, articles, retrieval.Time{})
}

// renderAnswer is Render for a question asked at time t: when t filters
// publication dates, the footer says which.
func renderAnswer(a retrieval.Answer, articles int, t retrieval.Time) *discordgo.MessageEmbed {
	color, text := colorAnswer, a.Text
	sources := citationSources(a)
	if strings.TrimSpace(text) == "" {
		text = "The archive does not seem to hold the answer to that."
	}
	if a.Abstained {
		color = colorAbstain
		if len(sources) == 0 {
			sources = passageSources(a.Passages, 5)
		}
		if len(sources) > 0 {
			text += "\n\nThe nearest passages:"
		}
	}
	title := a.Question
	if strings.TrimSpace(title) == "" {
		title = "Answer"
	}
	footer := searched(articles, a.Took, t)
	if a.Note != "" {
		footer += " · " + a.Note
	}
	return sourcesEmbed(title, color, text, footer, sources)
}

// sourcesEmbed lays out text and sources within the limits, shared by
// answers, searches and passage lists.
func sourcesEmbed(title string, color int, text, footer string, sources []source) *discordgo.MessageEmbed {
	b := newEmbed(title, color)
	b.footer(footer)
	budget := b.left() - min(size(text), descriptionShare) - footerMargin
	shown := 0
	for _, s := range sources {
		name, value := s.field()
		if size(name)+size(value) > budget || !b.field(name, value, false) {
			break
		}
		budget -= size(name) + size(value)
		shown++
	}
	b.description(text, b.left()-footerMargin)
	if left := len(sources) - shown; left > 0 {
		noun := "sources"
		if left == 1 {
			noun = "source"
		}
		b.footer(fmt.Sprintf("%s · %d more %s not shown", footer, left, noun))
	}
	return b.embed()
}

// citationSources turns a's citations into sources, one per article with
// all of its markers; a quote the answer's text already holds is not shown
// again, and an article's other quotes are each led by their marker.
func citationSources(a retrieval.Answer) []source {
	var out []source
	for _, group := range retrieval.Sources(a.Citations) {
		var marks []string
		var quotes []string
		for _, c := range group {
			mark := "[" + strconv.Itoa(c.N) + "]"
			marks = append(marks, mark)
			if a.InText(c) {
				continue
			}
			if len(group) > 1 {
				quotes = append(quotes, mark+" "+c.Quote)
			} else {
				quotes = append(quotes, c.Quote)
			}
		}
		c := group[0]
		out = append(out, source{label: strings.Join(marks, " "), title: c.Title, url: c.URL, date: c.Published, quotes: quotes})
	}
	return out
}

// passageSources turns up to n passages into sources labelled 1., 2., ...
func passageSources(ps []retrieval.Passage, n int) []source {
	var out []source
	for i, p := range ps {
		if i == n {
			break
		}
		out = append(out, source{label: strconv.Itoa(i+1) + ".", title: p.Title, url: p.URL, date: p.Published, quotes: []string{p.Text}})
	}
	return out
}

// maxQuote bounds a source's quoted text, so that several sources fit.
const maxQuote = 600

// field returns the source's embed field: its label and date as the name,
// its title linked to its URL and its quoted text as the value.
func (s source) field() (name, value string) {
	date := s.date
	if date == "" {
		date = "date unknown"
	}
	name = s.label + " " + date
	title := strings.TrimSpace(s.title)
	if title == "" {
		title = "Untitled"
	}
	link := "**" + cutEscaped(title, 200) + "**"
	if u, ok := linkURL(s.url); ok {
		link = "[" + cutEscaped(title, 200) + "](" + u + ")"
	}
	value = link
	for i, q := range s.quotes {
		// Each quote gets an equal share of what the field has left.
		share := (maxFieldValue - size(value)) / (len(s.quotes) - i)
		if q := cutEscaped(q, min(maxQuote, share-3)); q != "" {
			value += "\n> " + q
		}
	}
	return name, value
}

// linkURL returns u fit for a markdown link: an absolute http(s) URL of at
// most 512 characters, with the characters that would end the link escaped.
func linkURL(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	s := strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", ">", "%3E", "<", "%3C").Replace(u.String())
	if size(s) > 512 {
		return "", false
	}
	return s, true
}

// thousands writes n with comma separators: 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// duration writes d for a footer: "8 ms", "1.4 s".
func duration(d time.Duration) string {
	if d < time.Second {
		return strconv.FormatInt(d.Milliseconds(), 10) + " ms"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + " s"
}

// searched is a footer's account of a search: how many articles, how long,
// and the publication dates t's filter allows, if any.
func searched(articles int, took time.Duration, t retrieval.Time) string {
	s := fmt.Sprintf("Searched %s articles in %s", thousands(articles), duration(took))
	if f := describeFilter(t); f != "" {
		s += " · " + f
	}
	return s
}

// renderSearch returns the embed listing the passages found for query at
// time t.
func renderSearch(query string, ps []retrieval.Passage, articles int, took time.Duration, t retrieval.Time) *discordgo.MessageEmbed {
	text := "The best passages for your search, best first. Each date is the article's publication date."
	color := colorInfo
	if len(ps) == 0 {
		text = "Nothing in the archive matches that search."
		if describeFilter(t) != "" {
			text = "Nothing in the archive published in those dates matches that search."
		}
		color = colorAbstain
	}
	footer := searched(articles, took, t)
	return sourcesEmbed("Search: "+query, color, text, footer, passageSources(ps, len(ps)))
}

// renderPassages returns the embed listing the passages an answer drew on.
func renderPassages(ps []retrieval.Passage) *discordgo.MessageEmbed {
	text := "The passages the answer drew on, best first."
	if len(ps) == 0 {
		text = "The answer drew on no passages."
	}
	return sourcesEmbed("Passages retrieved", colorInfo, text, "Only you can see this list.", passageSources(ps, len(ps)))
}

// passagesButtonPrefix starts the custom id of a "Show passages" button.
const passagesButtonPrefix = "passages:"

// passagesButton is the row with the "Show passages" button of the answer
// whose passages are cached under key.
func passagesButton(key string) []discordgo.MessageComponent {
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Show passages", Style: discordgo.SecondaryButton, CustomID: passagesButtonPrefix + key},
	}}}
}
