package corpus

import (
	"testing"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"only space", " \t\n\n \u00a0", ""},
		{"trim and fold", "  Hello    world \t again  ", "Hello world again"},
		{"entities", "Tom &amp; Jerry &#8217;s &quot;show&quot; &eacute;t&eacute;", "Tom & Jerry ’s \"show\" été"},
		{"soft hyphen", "co\u00adoperate", "cooperate"},
		{"zero width space and BOM", "\ufeffzero\u200bwidth\u2060joined", "zerowidthjoined"},
		{"zero width joiner between ASCII dropped", "a\u200db", "ab"},
		{"bidirectional marks", "\u202aHello\u202c \u2066world\u2069\u200e", "Hello world"},
		{"zero width joiner in emoji kept", "👩\u200d💻", "👩\u200d💻"},
		{"control characters", "bell\a and\x00 nul\x1b", "bell and nul"},
		{"no-break and thin spaces", "10\u00a0000\u2009km", "10 000 km"},
		{"CRLF paragraphs", "One.\r\n\r\nTwo.\r\nThree.", "One.\n\nTwo.\nThree."},
		{"many blank lines are one break", "One.\n\n\n\n  \n\nTwo.", "One.\n\nTwo."},
		{"lone CR", "One.\rTwo.", "One.\nTwo."},
		{"line separator", "One.\u2028Two.\u2029Three.", "One.\nTwo.\nThree."},
		{"hard-wrapped sentence joined", "The cat sat on\nthe mat.\nIt slept.", "The cat sat on the mat.\nIt slept."},
		{"line after full stop kept", "It ended.\nthen lower case", "It ended.\nthen lower case"},
		{"NFC", "Cafe\u0301", "Café"},
		{"invalid UTF-8", "bad\xffbyte", "bad\ufffdbyte"},
		{"leading blank lines", "\n\n\nText", "Text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clean(tt.in)
			if got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Clean(got); again != got {
				t.Errorf("Clean(Clean(%q)) = %q, want %q (idempotent)", tt.in, again, got)
			}
		})
	}
}

func TestNormalizeDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"2022/06/12", "2022-06-12"},
		{"2016-12-08", "2016-12-08"},
		{"2016-12-08T10:00:00Z", "2016-12-08"},
		{"2016-12-08T23:30:00-05:00", "2016-12-08"},
		{"2016-12-08 10:00:00", "2016-12-08"},
		{"2016.12.08", "2016-12-08"},
		{"2016-12", "2016-12"},
		{"2016", "2016"},
		{"20161208", "2016-12-08"},
		{"20161208103000", "2016-12-08"},
		{"December 8, 2016", "2016-12-08"},
		{"Dec. 8, 2016", "2016-12-08"},
		{"8 December 2016", "2016-12-08"},
		{"Thu, 08 Dec 2016 10:00:00 GMT", "2016-12-08"},
		{"December 2016", "2016-12"},
		{"Sept 1, 2021", "2021-09-01"},
		{"25/12/2016", "2016-12-25"},
		{"12/25/2016", "2016-12-25"},
		{"2016-13-01", ""},
		{"2016-02-30", ""},
		{"2016-02-29", "2016-02-29"},
		{"2015-02-29", ""},
		{"yesterday", ""},
		{"null", ""},
		{"99", ""},
		{"May 2010", "2010-05"},
		{"2022年6月12日", "2022-06-12"},
		{"2016 (estimated)", "2016"},
		{"June 12, 2022 10:00 AM ET", "2022-06-12"},
		{"2022-06-12T00:00:00.000Z", "2022-06-12"},
		{"Mayor 2010", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := NormalizeDate(tt.in); got != tt.want {
				t.Errorf("NormalizeDate(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestUnwrapLines(t *testing.T) {
	wrapped := "The committee met on Tuesday to discuss the future of the old\n" +
		"harbour, which has been closed to ships since the storm of 2019\n" +
		"damaged its walls.\n\nShort line\nAnother short line"
	want := "The committee met on Tuesday to discuss the future of the old " +
		"harbour, which has been closed to ships since the storm of 2019 " +
		"damaged its walls.\n\nShort line\nAnother short line"
	if got := unwrapLines(wrapped); got != want {
		t.Errorf("unwrapLines(%q) = %q, want %q", wrapped, got, want)
	}
	// One paragraph a line, of different lengths: not wrapped.
	paras := "A first paragraph that runs on for quite a while before it stops.\n" +
		"A second one, much longer than the first, which goes on and on about the matter at hand for far more than a hundred characters.\nEnd."
	if got := unwrapLines(paras); got != paras {
		t.Errorf("unwrapLines(%q) = %q, want it unchanged", paras, got)
	}
}

func TestMarkdownText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Just text.", "Just text."},
		{"headings", "## Section two ##\n\nText.", "Section two\n\nText."},
		{"hash without space is text", "#hashtag stays", "#hashtag stays"},
		{"emphasis", "A **bold** and __strong__ claim.", "A bold and strong claim."},
		{"single underscores kept", "snake_case_name and 5*3", "snake_case_name and 5*3"},
		{"link", "See [the report](https://x.org/r) now.", "See the report now."},
		{"image", "![A chart](c.png) shows it.", "A chart shows it."},
		{"reference link", "Read [this][1].\n\n[1]: https://x.org", "Read this."},
		{"brackets that are no link", "Prices [sic] rose.", "Prices [sic] rose."},
		{"block quote", "> Quoted words.\n> More.", "Quoted words. More."},
		{"rule", "One.\n\n---\n\nTwo.", "One.\n\nTwo."},
		{"setext heading", "Title\n=====\n\nBody.", "Title\n\nBody."},
		{"code", "Run `go test` today.\n\n```\ncode *here*\n```", "Run go test today.\n\ncode *here*"},
		{"list kept", "- one\n- two", "- one\n- two"},
		{"soft line breaks joined", "A paragraph wrapped\nat a fixed Width\nends here.\n\nNext.", "A paragraph wrapped at a fixed Width ends here.\n\nNext."},
		{"list item continued", "1. First item\n   goes on\n2. Second", "1. First item goes on\n2. Second"},
		{"heading then paragraph", "# Title\nBody line\nmore", "Title\nBody line more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(markdownText(tt.in)); got != tt.want {
				t.Errorf("Clean(markdownText(%q)) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
