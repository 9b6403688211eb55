package bot

import (
	"github.com/bwmarrin/discordgo"
)

// embedBuilder builds an embed that keeps every Discord limit by
// construction: each part is cut to its own limit, fields stop at 25, and
// the total stays within 6,000 characters.
type embedBuilder struct {
	e     discordgo.MessageEmbed
	total int // characters counted towards the 6,000
}

// newEmbed starts an embed with a title (cut to fit) and a colour.
func newEmbed(title string, color int) *embedBuilder {
	b := &embedBuilder{e: discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: color}}
	b.e.Title = cut(title, maxTitle)
	b.total = size(b.e.Title)
	return b
}

// left returns the characters still free in the embed.
func (b *embedBuilder) left() int { return maxEmbedTotal - b.total }

// footer sets the footer, cut to fit; set it before the fields and the
// description so that it always has room.
func (b *embedBuilder) footer(text string) {
	if b.e.Footer != nil {
		b.total -= size(b.e.Footer.Text)
	}
	text = cut(text, min(maxFooter, b.left()))
	b.e.Footer = &discordgo.MessageEmbedFooter{Text: text}
	b.total += size(text)
}

// description sets the description, cut at a sentence end to fit within
// max characters and the room left.
func (b *embedBuilder) description(text string, max int) {
	text = cut(text, min(maxDescription, max, b.left()))
	b.e.Description = text
	b.total += size(text)
}

// field adds a field whose name and value are already within their limits.
// It adds nothing and returns false when the embed has no room for it.
func (b *embedBuilder) field(name, value string, inline bool) bool {
	name = cut(name, maxFieldName)
	value = cut(value, maxFieldValue)
	n := size(name) + size(value)
	if len(b.e.Fields) == maxFields || n > b.left() || name == "" || value == "" {
		return false
	}
	b.e.Fields = append(b.e.Fields, &discordgo.MessageEmbedField{Name: name, Value: value, Inline: inline})
	b.total += n
	return true
}

// embed returns the finished embed.
func (b *embedBuilder) embed() *discordgo.MessageEmbed {
	e := b.e
	return &e
}
