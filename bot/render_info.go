package bot

import (
	"fmt"
	"strings"
	"time"

	"archivist/retrieval"

	"github.com/bwmarrin/discordgo"
)

// renderSources returns the embed that says what the archive holds.
func renderSources(st retrieval.Stats) *discordgo.MessageEmbed {
	b := newEmbed("What the archive holds", colorInfo)
	if st.Embedder != "" {
		b.footer("Embedder: " + st.Embedder)
	}
	if st.Articles == 0 {
		b.description("The archive is empty for now: an admin can add articles and run /reload.", maxDescription)
		return b.embed()
	}
	text := fmt.Sprintf("**%s articles** (%s passages)", thousands(st.Articles), thousands(st.Chunks))
	switch {
	case st.Oldest != "" && st.Newest != "" && st.Oldest != st.Newest:
		text += fmt.Sprintf(", published from %s to %s.", st.Oldest, st.Newest)
	case st.Newest != "":
		text += fmt.Sprintf(", published %s.", st.Newest)
	default:
		text += "."
	}
	text += " They are archived articles: each answer cites its sources with their publication dates."
	b.description(text, maxDescription)
	var lines []string
	n := 0
	for _, a := range st.Latest {
		line := "• " + articleLine(a)
		if n+size(line)+1 > maxFieldValue {
			break
		}
		lines = append(lines, line)
		n += size(line) + 1
	}
	if len(lines) > 0 {
		b.field("Most recently published", strings.Join(lines, "\n"), false)
	}
	return b.embed()
}

// articleLine is an article's linked title and date, on one line.
func articleLine(a retrieval.ArticleInfo) string {
	title := strings.TrimSpace(a.Title)
	if title == "" {
		title = "Untitled"
	}
	line := "**" + cutEscaped(title, 150) + "**"
	if u, ok := linkURL(a.URL); ok {
		line = "[" + cutEscaped(title, 150) + "](" + u + ")"
	}
	if a.Published != "" {
		line += " — " + a.Published
	}
	return line
}

// helpText is what /help shows.
const helpText = `I answer questions from an archive of articles, quoting the sentences I rely on, each with its article's title, link and publication date. If the archive does not hold an answer I say so, rather than guess.

**Ask**
• ` + "`/ask question: …`" + ` — an answer with numbered sources. Add ` + "`private: True`" + ` to see it alone, or ` + "`thread: True`" + ` to have it start a thread for follow-ups.
• Add ` + "`from: YYYY-MM-DD`" + `, ` + "`to: YYYY-MM-DD`" + ` or both to ` + "`/ask`" + ` or ` + "`/search`" + ` to draw only on articles published in those days.
• Mention me with a question, or send me a direct message.
• Right-click a message (long-press on a phone), then **Apps → Ask the archive** to ask its text; the answer is shown to you alone.
• **Show passages** under an answer lists the passages it drew on.
• 👍 or 👎 under an answer, where shown, tells the archive's keepers whether it helped; after a 👎 you may say what was wrong.

**Follow-ups**
• In a server channel, my answer to a mention goes into a thread I start on your message. In that thread, or in a reply to one of my answers, ask again without mentioning me: I read the question with the ones before it, so "and in 2018?" or "who built it?" keeps the subject.

**Look around**
• ` + "`/search query: …`" + ` — the best passages, without an answer.
• ` + "`/sources`" + ` — what the archive holds: how many articles, from when to when, the most recent.

**Admins**
• ` + "`/reload`" + ` — bring the archive up to date with its folder of articles.

Tips: ask one precise question at a time and name who, what or when ("When did the council approve the bridge?"). Articles are historical: check each source's date.`

// Help's line on mentions and DMs, and what replaces it when DMs are not
// answered.
const (
	helpMentionOrDM = "• Mention me with a question, or send me a direct message."
	helpMentionOnly = "• Mention me with a question."
)

// renderHelp returns the embed /help shows; dms says whether direct
// messages are answered.
func renderHelp(dms bool) *discordgo.MessageEmbed {
	text := helpText
	if !dms {
		text = strings.Replace(text, helpMentionOrDM, helpMentionOnly, 1)
	}
	b := newEmbed("How to ask the archive", colorInfo)
	b.description(text, maxDescription)
	return b.embed()
}

// maxSkippedShown bounds the skipped files a reload report lists.
const maxSkippedShown = 10

// renderReload writes a reload's report, within a message's 2,000
// characters: counts, then the skipped files and why, the list bounded.
func renderReload(r retrieval.Report, took time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Reload done in %s: %d added, %d updated, %d removed, %d skipped. The archive now holds %s articles.",
		duration(took), r.Added, r.Updated, r.Removed, len(r.Skipped), thousands(r.Articles))
	if len(r.Skipped) == 0 {
		return b.String()
	}
	b.WriteString("\n\nSkipped:")
	for i, s := range r.Skipped {
		line := "\n• " + cutEscaped(s.Path, 200) + " — " + cutEscaped(s.Error, 200)
		rest := len(r.Skipped) - i
		more := fmt.Sprintf("\n…and %d more (see the log).", rest)
		if i == maxSkippedShown || size(b.String())+size(line)+size(more) > maxContent {
			b.WriteString(more)
			break
		}
		b.WriteString(line)
	}
	return b.String()
}
