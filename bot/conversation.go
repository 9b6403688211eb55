package bot

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"archivist/retrieval"

	"github.com/bwmarrin/discordgo"
)

// Bounds of the conversations kept in memory. Nothing is lost past them
// that a user would miss: a thread's turns are read back from its messages,
// and a reply's from the answer it replies to.
const (
	maxTurns         = 5              // turns kept per conversation
	maxConversations = 1000           // conversations kept
	conversationTTL  = 24 * time.Hour // a conversation idle longer is forgotten
	maxTopicTerms    = 6              // earlier terms added to a follow-up
)

// turn is one question of a conversation and what its answer cited.
type turn struct {
	question string
	articles []string  // titles of the articles the answer cited
	when     string    // the time phrase it named, or carried from before
	from, to time.Time // the publication-date filter it was asked with
}

// conversation is the last turns of a thread, or of a chain of replies.
type conversation struct {
	turns []turn
	seen  time.Time
}

// conversations keeps recent conversations by key: a thread's id, or the
// id of the answer a reply refers to.
type conversations struct {
	now func() time.Time

	mu sync.Mutex // guards m
	m  map[string]*conversation
}

func newConversations(now func() time.Time) *conversations {
	return &conversations{now: now, m: make(map[string]*conversation)}
}

// get returns the turns of the conversation key, unless it is unknown or
// expired.
func (c *conversations) get(key string) ([]turn, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	conv, ok := c.m[key]
	if !ok {
		return nil, false
	}
	if c.now().Sub(conv.seen) > conversationTTL {
		delete(c.m, key)
		return nil, false
	}
	return slices.Clone(conv.turns), true
}

// put stores turns (the last maxTurns of them) under each key, forgetting
// expired conversations, then the least recently seen, beyond
// maxConversations.
func (c *conversations) put(turns []turn, keys ...string) {
	if len(turns) > maxTurns {
		turns = turns[len(turns)-maxTurns:]
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	for _, k := range keys {
		if k != "" {
			c.m[k] = &conversation{turns: slices.Clone(turns), seen: now}
		}
	}
	if len(c.m) <= maxConversations {
		return
	}
	for k, conv := range c.m {
		if now.Sub(conv.seen) > conversationTTL {
			delete(c.m, k)
		}
	}
	for len(c.m) > maxConversations {
		oldest, at := "", now
		for k, conv := range c.m {
			if !conv.seen.After(at) {
				oldest, at = k, conv.seen
			}
		}
		delete(c.m, oldest)
	}
}

// followUp returns the query to retrieve with for question, asked at asOf
// after the turns before, and the turn it makes. The earlier turns' key
// terms (their questions' first, then the titles they cited; the most
// recent first, at most maxTopicTerms, and none the question holds) go
// before the question, so that "who runs it?" keeps the topic while the
// question's own words, counted too, weigh more. Unless the question names
// a time of its own, it keeps the time of the turn before: its phrase ("in
// 2016") and its publication-date filter.
func followUp(question string, before []turn, asOf time.Time) (string, turn) {
	t := turn{question: question, when: retrieval.TimePhrase(question, asOf)}
	if len(before) == 0 {
		return question, t
	}
	last := before[len(before)-1]
	carried := ""
	if t.when == "" {
		t.when, t.from, t.to = last.when, last.from, last.to
		carried = last.when
	}
	own := map[string]bool{}
	for _, w := range keyTerms(question, "") {
		own[w] = true
	}
	var terms []string
	add := func(ws []string) {
		for _, w := range ws {
			if len(terms) < maxTopicTerms && !own[w] {
				own[w] = true
				terms = append(terms, w)
			}
		}
	}
	for i := len(before) - 1; i >= 0; i-- {
		add(keyTerms(before[i].question, before[i].when))
	}
	for i := len(before) - 1; i >= 0; i-- {
		for _, a := range before[i].articles {
			add(keyTerms(a, ""))
		}
	}
	query := strings.Join(append(terms, carried, question), " ")
	return strings.Join(strings.Fields(query), " "), t
}

// keyTerms returns the words of s that carry its topic: lower-cased, at
// least four letters, no stop word, no number, none of the time phrase
// when.
func keyTerms(s, when string) []string {
	if when != "" {
		s = strings.Replace(s, when, " ", 1)
	}
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}) {
		w = strings.Trim(w, "'")
		if len([]rune(w)) < 4 || stopWords[w] || strings.IndexFunc(w, unicode.IsDigit) >= 0 || slices.Contains(out, w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// stopWords are the words of a question that say nothing of its topic.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`about above after again against also among another anyone anything
		been before being below between both could does doing done down during each either else ever every
		from have having here hers herself himself into itself just know least like made make many more most much
		must myself never next only other ours over same several should since some such than that their theirs them
		themselves then there these they this those through under until upon very want were what whatever when where
		whether which while whom whose will with within without would your yours yourself tell said says
		year years today week month recently lately latest currently`) {
		stopWords[w] = true
	}
}

// markdownLink matches the linked or bold title that starts a citation
// field's value: [title](url) or **title**.
var markdownLink = regexp.MustCompile(`^(?:\[((?:\\.|[^\]\\])*)\]\(|\*\*((?:\\.|[^*\\])*)\*\*)`)

// unescaper undoes markdownEscaper.
var unescaper = strings.NewReplacer(`\\`, `\`, `\*`, `*`, `\_`, `_`, "\\`", "`", `\~`, `~`, `\|`, `|`,
	`\[`, `[`, `\]`, `]`, `\>`, `>`, `\#`, `#`)

// turnOf reads a turn back from one of the bot's answers, as Discord
// keeps it: the embed's title is the question, each field a citation
// whose value starts with its article's title. ok is false when m is not
// an answer.
func turnOf(m *discordgo.Message) (turn, bool) {
	if m == nil || len(m.Embeds) == 0 || m.Embeds[0] == nil {
		return turn{}, false
	}
	e := m.Embeds[0]
	if e.Title == "" || len(m.Components) == 0 {
		return turn{}, false
	}
	t := turn{question: e.Title}
	for _, f := range e.Fields {
		if f == nil || !strings.HasPrefix(f.Name, "[") {
			continue
		}
		if sub := markdownLink.FindStringSubmatch(f.Value); sub != nil {
			t.articles = append(t.articles, unescaper.Replace(sub[1]+sub[2]))
		}
	}
	if e.Footer != nil {
		t.from, t.to = filterOf(e.Footer.Text)
	}
	t.when = retrieval.TimePhrase(t.question, messageTime(m))
	return t, true
}

// filterOf reads back the publication-date filter a footer names (see
// describeFilter).
func filterOf(footer string) (from, to time.Time) {
	for _, part := range strings.Split(footer, " · ") {
		rest, ok := strings.CutPrefix(part, "Published ")
		if !ok {
			continue
		}
		day := func(s string) time.Time {
			d, _ := time.Parse(dateLayout, strings.TrimSpace(s))
			return d
		}
		switch {
		case strings.HasPrefix(rest, "from "):
			return day(strings.TrimPrefix(rest, "from ")), time.Time{}
		case strings.HasPrefix(rest, "up to "):
			return time.Time{}, day(strings.TrimPrefix(rest, "up to "))
		}
		if a, b, ok := strings.Cut(rest, " to "); ok {
			return day(a), day(b)
		}
		return day(rest), day(rest)
	}
	return time.Time{}, time.Time{}
}

// turnsOf reads the turns back from a channel's messages (newest first, as
// Discord lists them): the bot's answers, oldest first, the last maxTurns.
func turnsOf(msgs []*discordgo.Message, self string) []turn {
	var turns []turn
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if m == nil || m.Author == nil || m.Author.ID != self {
			continue
		}
		if t, ok := turnOf(m); ok {
			// A turn that named no time kept the one before's.
			if t.when == "" && len(turns) > 0 {
				t.when = turns[len(turns)-1].when
			}
			turns = append(turns, t)
		}
	}
	if len(turns) > maxTurns {
		turns = turns[len(turns)-maxTurns:]
	}
	return turns
}
