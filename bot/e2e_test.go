package bot

import (
	"slices"
	"strings"
	"testing"
	"time"

	"archivist/bot/discordtest"

	"github.com/bwmarrin/discordgo"
)

const (
	guildID   = "1000000000000000100"
	otherRole = "1000000000000000300"
	adminRole = "1000000000000000301"
	adminUser = "1000000000000000777"
	// memberPerms is what a member without Manage Server holds;
	// managerPerms adds Manage Server.
	memberPerms  = "2147552256"
	managerPerms = "2147552288"
)

// Interaction response types and flags, as Discord numbers them.
const (
	typeMessage  = 4
	typeDeferred = 5
	flagPrivate  = 64
)

// sharedConfig is the configuration of the bot most tests share: one
// allowed guild, and DMs answered all the same.
func sharedConfig() Config {
	return Config{
		GuildID:         guildID,
		AllowedGuildIDs: []string{guildID},
		DMs:             DMsAllowed,
		AdminUserIDs:    []string{adminUser},
		AdminRoleIDs:    []string{adminRole},
	}
}

// TestCommands drives every command, mention and DM through one bot and
// one fake Discord; the subtests run in parallel, each as its own user.
func TestCommands(t *testing.T) {
	t.Parallel()
	h := startBot(t, sharedConfig())

	t.Run("registers commands in the guild", func(t *testing.T) {
		t.Parallel()
		c := h.wait(t, discordtest.RouteGuildCommands, "")
		if !strings.Contains(c.Path, "/guilds/"+guildID+"/") {
			t.Errorf("commands registered at %s, want guild %s", c.Path, guildID)
		}
		var cmds []struct {
			Name        string  `json:"name"`
			Permissions *string `json:"default_member_permissions"`
		}
		if err := c.Decode(&cmds); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range cmds {
			names = append(names, c.Name)
			if c.Name == "reload" && (c.Permissions == nil || *c.Permissions != "32") {
				t.Errorf("reload default_member_permissions = %v, want \"32\" (Manage Server)", c.Permissions)
			}
		}
		if want := []string{"ask", "search", "sources", "help", "reload", "Ask the archive"}; !slices.Equal(names, want) {
			t.Errorf("commands = %v, want %v", names, want)
		}
		if n := len(h.fake.Calls(discordtest.Match(discordtest.RouteGuildCommands, ""))); n != 1 {
			t.Errorf("%d bulk overwrites, want 1", n)
		}
		if got := h.fake.Gateway().Intents; got != 1<<0|1<<9|1<<12|1<<15 {
			t.Errorf("intents = %d, want guilds|guild messages|direct messages|message content (%d)", got, 1<<0|1<<9|1<<12|1<<15)
		}
		if got := c.Header.Get("Authorization"); got != "Bot "+testToken {
			t.Errorf("Authorization = %q, want the bot token", got)
		}
		logs := h.logs.String()
		for _, want := range []string{`"msg":"bot ready"`, `"name":"Archivist"`, `"commands":"guild ` + guildID + `"`, `"articles":2`} {
			if !strings.Contains(logs, want) {
				t.Errorf("start-up log lacks %s:\n%s", want, logs)
			}
		}
	})

	t.Run("ask", func(t *testing.T) {
		t.Parallel()
		e := h.interaction(t, "interaction_ask.json").set("member.user.id", "u-ask")
		sent := time.Now()
		token := h.interact(t, e)
		cb := h.callbackOf(t, token)
		if cb.Type != typeDeferred || cb.Data.Flags&flagPrivate != 0 {
			t.Errorf("callback type %d flags %d, want a public deferred reply (5, 0)", cb.Type, cb.Data.Flags)
		}
		if d := h.wait(t, discordtest.RouteCallback, token).At.Sub(sent); d > 3*time.Second {
			t.Errorf("acknowledged after %v, want under 3 s", d)
		}
		m := h.finalEdit(t, token)
		if len(m.Embeds) != 1 {
			t.Fatalf("final edit has %d embeds, want 1: %+v", len(m.Embeds), m)
		}
		got := m.Embeds[0]
		for _, want := range []string{"The new bridge opened to traffic on 1 June 1998. [1]"} {
			if !strings.Contains(got.Description, want) {
				t.Errorf("description = %q, want it to hold %q", got.Description, want)
			}
		}
		if len(got.Fields) != 1 || got.Fields[0].Name != "[1] 1998-06-02" ||
			!strings.Contains(got.Fields[0].Value, `[The \[new\] bridge opens](https://news.example/bridge?id=1)`) ||
			strings.Contains(got.Fields[0].Value, "> The new bridge opened to traffic on 1 June 1998.") {
			t.Errorf("fields = %+v, want [1] dated and linked, its quote not repeated from the answer", got.Fields)
		}
		if got.Footer == nil || !strings.Contains(got.Footer.Text, "Searched 2 articles") {
			t.Errorf("footer = %+v, want the articles searched", got.Footer)
		}
		if len(m.Components) != 1 || !strings.Contains(string(m.Components[0]), `"custom_id":"passages:`+e.str("id")+`"`) {
			t.Errorf("components = %s, want the Show passages button", m.Components)
		}

		// The button shows the passages to the presser alone.
		press := h.interaction(t, "interaction_button.json").set("data.custom_id", "passages:"+e.str("id"))
		pcb := h.callbackOf(t, h.interact(t, press))
		if pcb.Type != typeMessage || pcb.Data.Flags&flagPrivate == 0 {
			t.Errorf("button callback type %d flags %d, want a private message (4, 64)", pcb.Type, pcb.Data.Flags)
		}
		if all := pcb.Data.all(); !strings.Contains(all, "Thousands of people walked across it") {
			t.Errorf("passages = %q, want the retrieved passage", all)
		}
	})

	t.Run("button of a forgotten answer", func(t *testing.T) {
		t.Parallel()
		press := h.interaction(t, "interaction_button.json").set("data.custom_id", "passages:404")
		cb := h.callbackOf(t, h.interact(t, press))
		if cb.Data.Content != msgGone || cb.Data.Flags&flagPrivate == 0 {
			t.Errorf("got %q flags %d, want %q privately", cb.Data.Content, cb.Data.Flags, msgGone)
		}
	})

	t.Run("ask privately", func(t *testing.T) {
		t.Parallel()
		e := h.interaction(t, "interaction_ask.json").set("member.user.id", "u-private").
			set("data.options", []any{
				map[string]any{"name": "question", "type": 3, "value": "When did the bridge open?"},
				map[string]any{"name": "private", "type": 5, "value": true},
			})
		token := h.interact(t, e)
		if cb := h.callbackOf(t, token); cb.Type != typeDeferred || cb.Data.Flags&flagPrivate == 0 {
			t.Errorf("callback type %d flags %d, want a private deferred reply (5, 64)", cb.Type, cb.Data.Flags)
		}
		if m := h.finalEdit(t, token); !strings.Contains(m.all(), "1 June 1998") {
			t.Errorf("answer = %q, want the bridge's date", m.all())
		}
	})

	t.Run("ask streams the answer at most once a second", func(t *testing.T) {
		t.Parallel()
		e := h.interaction(t, "interaction_ask.json").set("member.user.id", "u-stream").
			set("data.options.0.value", "stream the bridge story")
		token := h.interact(t, e)
		final := h.finalEdit(t, token)
		edits := h.fake.Calls(discordtest.Match(discordtest.RouteEditOriginal, token))
		var partial []discordtest.Call
		for _, c := range edits {
			if strings.Contains(string(c.Body), "Writing the answer") {
				partial = append(partial, c)
			}
		}
		if len(partial) == 0 || len(partial) > 3 {
			t.Errorf("%d partial edits over about 1.5 s, want 1 to 3", len(partial))
		}
		for i := 1; i < len(partial); i++ {
			if gap := partial[i].At.Sub(partial[i-1].At); gap < 900*time.Millisecond {
				t.Errorf("partial edits %v apart, want at least a second", gap)
			}
		}
		if last := edits[len(edits)-1]; strings.Contains(string(last.Body), "Writing") {
			t.Errorf("last edit is partial: %s", last.Body)
		}
		if !strings.Contains(final.all(), "The new bridge opened") {
			t.Errorf("final edit = %q, want the full answer", final.all())
		}
	})

	t.Run("ask what the archive does not hold", func(t *testing.T) {
		t.Parallel()
		e := h.interaction(t, "interaction_ask.json").set("member.user.id", "u-abstain").
			set("data.options.0.value", "Who won the chess tournament?")
		m := h.finalEdit(t, h.interact(t, e))
		all := m.all()
		for _, want := range []string{"does not hold an answer", "The nearest passages:", "1. 1998-06-02", "2. 2003-11-20"} {
			if !strings.Contains(all, want) {
				t.Errorf("answer = %q, want it to hold %q", all, want)
			}
		}
	})

	t.Run("ask fails", func(t *testing.T) {
		t.Parallel()
		e := h.interaction(t, "interaction_ask.json").set("member.user.id", "u-fail").
			set("data.options.0.value", "explode please")
		m := h.finalEdit(t, h.interact(t, e))
		if m.Content != msgFailed || len(m.Embeds) != 0 {
			t.Errorf("got %q, want %q", m.all(), msgFailed)
		}
		logs := h.logs.String()
		if !strings.Contains(logs, "unexpected EOF") || !strings.Contains(logs, `"interaction":"`+e.str("id")+`"`) {
			t.Errorf("the log lacks the failure's detail with the interaction id:\n%s", logs)
		}
	})

	t.Run("question too long", func(t *testing.T) {
		t.Parallel()
		e := h.interaction(t, "interaction_ask.json").set("member.user.id", "u-long").
			set("data.options.0.value", strings.Repeat("bridge ", 100))
		cb := h.callbackOf(t, h.interact(t, e))
		if cb.Type != typeMessage || !strings.Contains(cb.Data.Content, "the limit is 500") {
			t.Errorf("got type %d %q, want a message naming the limit", cb.Type, cb.Data.Content)
		}
	})

	t.Run("rate limited", func(t *testing.T) {
		t.Parallel()
		var tokens []string
		for range 7 {
			e := h.interaction(t, "interaction_ask.json").set("member.user.id", "u-eager")
			tokens = append(tokens, h.interact(t, e))
		}
		limited := 0
		for _, tok := range tokens {
			cb := h.callbackOf(t, tok)
			if cb.Type == typeMessage && strings.Contains(cb.Data.Content, "6 questions a minute") {
				limited++
				if cb.Data.Flags&flagPrivate == 0 {
					t.Errorf("rate limit message is public")
				}
				continue
			}
			h.finalEdit(t, tok)
		}
		if limited != 1 {
			t.Errorf("%d of 7 questions rate limited, want 1", limited)
		}
	})

	t.Run("question with @everyone and a role mention", func(t *testing.T) {
		t.Parallel()
		q := "@everyone <@&" + otherRole + "> when did the bridge open?"
		e := h.interaction(t, "interaction_ask.json").set("member.user.id", "u-ping").set("data.options.0.value", q)
		token := h.interact(t, e)
		m := h.finalEdit(t, token)
		if !strings.Contains(m.all(), "@everyone") {
			t.Errorf("answer = %q, want the question as asked in its title", m.all())
		}
		checkNoMentions(t, h.fake.Calls(func(c discordtest.Call) bool { return c.Token == token }))

		msg := h.message(t, "message_mention.json").set("author.id", "u-ping2").
			set("content", "<@"+h.fake.BotID()+"> "+q).set("mention_everyone", true).set("mention_roles", []any{otherRole})
		h.dispatch(t, "MESSAGE_CREATE", msg)
		h.replyTo(t, msg.str("id"))
		checkNoMentions(t, h.fake.Calls(nil))
	})

	t.Run("search", func(t *testing.T) {
		t.Parallel()
		e := h.interaction(t, "interaction_search.json").set("member.user.id", "u-search")
		token := h.interact(t, e)
		if cb := h.callbackOf(t, token); cb.Type != typeDeferred {
			t.Errorf("callback type %d, want 5", cb.Type)
		}
		m := h.finalEdit(t, token)
		all := m.all()
		for _, want := range []string{"Search: bridge", "1. 1998-06-02", "(https://news.example/bridge?id=1)", "Thousands of people"} {
			if !strings.Contains(all, want) {
				t.Errorf("search = %q, want it to hold %q", all, want)
			}
		}
		if strings.Contains(all, "[1]") {
			t.Errorf("search = %q, want no answer markers", all)
		}
	})

	t.Run("sources", func(t *testing.T) {
		t.Parallel()
		cb := h.callbackOf(t, h.interact(t, h.interaction(t, "interaction_sources.json")))
		all := cb.Data.all()
		for _, want := range []string{"**2 articles**", "from 1998-06-02 to 2003-11-20", "Council votes on the harbour", "hash:512"} {
			if cb.Type != typeMessage || !strings.Contains(all, want) {
				t.Errorf("sources (type %d) = %q, want it to hold %q", cb.Type, all, want)
			}
		}
	})

	t.Run("help", func(t *testing.T) {
		t.Parallel()
		cb := h.callbackOf(t, h.interact(t, h.interaction(t, "interaction_help.json")))
		if cb.Type != typeMessage || !strings.Contains(cb.Data.all(), "/ask question:") || cb.Data.Flags&flagPrivate == 0 {
			t.Errorf("help = type %d flags %d %q, want a private how-to", cb.Type, cb.Data.Flags, cb.Data.all())
		}
	})

	t.Run("mention", func(t *testing.T) {
		t.Parallel()
		msg := h.message(t, "message_mention.json").set("author.id", "u-mention")
		h.dispatch(t, "MESSAGE_CREATE", msg)
		m := h.replyTo(t, msg.str("id"))
		if !strings.Contains(m.all(), "1 June 1998") {
			t.Errorf("reply = %q, want the answer", m.all())
		}
		if !slices.Contains(h.answerer.questions(), "When did the bridge open?") {
			t.Errorf("questions asked = %q, want the mention stripped", h.answerer.questions())
		}
		if len(h.fake.Calls(func(c discordtest.Call) bool {
			return c.Route == discordtest.RouteTyping && c.Channel == msg.str("channel_id")
		})) == 0 {
			t.Errorf("no typing indicator in the channel")
		}
	})

	t.Run("mention without a question", func(t *testing.T) {
		t.Parallel()
		msg := h.message(t, "message_mention.json").set("author.id", "u-hint").set("content", "<@!"+h.fake.BotID()+">  ")
		h.dispatch(t, "MESSAGE_CREATE", msg)
		if m := h.replyTo(t, msg.str("id")); m.Content != msgNoQuestion {
			t.Errorf("reply = %q, want %q", m.Content, msgNoQuestion)
		}
	})

	t.Run("direct message", func(t *testing.T) {
		t.Parallel()
		msg := h.message(t, "message_dm.json").set("author.id", "u-dm").set("content", "What did the council vote on?")
		h.dispatch(t, "MESSAGE_CREATE", msg)
		if m := h.replyTo(t, msg.str("id")); !strings.Contains(m.all(), "dredge the harbour") {
			t.Errorf("reply = %q, want the council's answer", m.all())
		}
	})

	t.Run("ignored messages", func(t *testing.T) {
		t.Parallel()
		fromBot := h.message(t, "message_bot.json").set("content", "<@"+h.fake.BotID()+"> bots talking about lighthouses")
		fromSelf := h.message(t, "message_dm.json").set("author.id", h.fake.BotID()).set("author.bot", true).
			set("content", "self lighthouse")
		otherGuild := h.message(t, "message_mention.json").set("guild_id", "999").set("author.id", "u-other").
			set("content", "<@"+h.fake.BotID()+"> other guild lighthouse")
		noMention := h.message(t, "message_mention.json").set("mentions", []any{}).set("author.id", "u-chat").
			set("content", "just chatting about lighthouses")
		for _, m := range []event{fromBot, fromSelf, otherGuild, noMention} {
			h.dispatch(t, "MESSAGE_CREATE", m)
		}
		// A question sent after them is answered; by then they were handled.
		after := h.message(t, "message_dm.json").set("author.id", "u-after")
		h.dispatch(t, "MESSAGE_CREATE", after)
		h.replyTo(t, after.str("id"))
		time.Sleep(100 * time.Millisecond)
		for _, q := range h.answerer.questions() {
			if strings.Contains(q, "lighthouse") {
				t.Errorf("answered %q, want it ignored", q)
			}
		}
		for _, m := range []event{fromBot, fromSelf, otherGuild, noMention} {
			id := m.str("id")
			if n := len(h.fake.Calls(func(c discordtest.Call) bool { return strings.Contains(string(c.Body), id) })); n != 0 {
				t.Errorf("%d replies to ignored message %s, want 0", n, m.str("content"))
			}
		}
	})

	t.Run("longest answer keeps every limit", func(t *testing.T) {
		t.Parallel()
		e := h.interaction(t, "interaction_ask.json").set("member.user.id", "u-longest").
			set("data.options.0.value", "the longest answer please")
		token := h.interact(t, e)
		h.finalEdit(t, token)
		var edit struct {
			Content string                    `json:"content"`
			Embeds  []*discordgo.MessageEmbed `json:"embeds"`
		}
		if err := h.wait(t, discordtest.RouteEditOriginal, token).Decode(&edit); err != nil {
			t.Fatal(err)
		}
		if len(edit.Embeds) != 1 || size(edit.Content) > maxContent {
			t.Fatalf("edit has %d embeds and %d characters of content, want 1 and at most %d", len(edit.Embeds), size(edit.Content), maxContent)
		}
		checkLimits(t, edit.Embeds[0])

		press := h.interaction(t, "interaction_button.json").set("data.custom_id", "passages:"+e.str("id"))
		var cb struct {
			Data struct {
				Embeds []*discordgo.MessageEmbed `json:"embeds"`
			} `json:"data"`
		}
		if err := h.wait(t, discordtest.RouteCallback, h.interact(t, press)).Decode(&cb); err != nil {
			t.Fatal(err)
		}
		if len(cb.Data.Embeds) != 1 {
			t.Fatalf("passages response has %d embeds, want 1", len(cb.Data.Embeds))
		}
		checkLimits(t, cb.Data.Embeds[0])
	})

	t.Run("interaction from another guild", func(t *testing.T) {
		t.Parallel()
		e := h.interaction(t, "interaction_ask.json").set("guild_id", "999").set("member.user.id", "u-elsewhere")
		if cb := h.callbackOf(t, h.interact(t, e)); cb.Data.Content != msgGuild || cb.Data.Flags&flagPrivate == 0 {
			t.Errorf("got %q flags %d, want %q privately", cb.Data.Content, cb.Data.Flags, msgGuild)
		}
	})
}
