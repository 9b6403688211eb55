package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestExtractScrapedSeed(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "data", "seed", "tencent-ai-lab.txt"))
	if err != nil {
		t.Skip("../shared/data/seed is absent")
	}
	title, author, body := extractScraped(string(data))
	if title != "A Chinese Internet Giant Enters the AI Race" || author != "Will Knight" {
		t.Errorf("title, author = %q, %q; want %q, %q", title, author, "A Chinese Internet Giant Enters the AI Race", "Will Knight")
	}
	if want := "One of China’s leading tech companies"; !strings.HasPrefix(body, want) {
		t.Errorf("body starts %.80q, want %q", body, want)
	}
	if want := "the patience and the resources to support that.”"; !strings.HasSuffix(body, want) {
		t.Errorf("body ends %q, want %q", body[max(0, len(body)-80):], want)
	}
}

// TestExtractScrapedLeavesCleanText runs extractScraped over the 2,225 BBC
// articles of ../shared/data/bbc-2005, which carry no furniture: every one
// must come back unchanged, with no title or author invented.
func TestExtractScrapedLeavesCleanText(t *testing.T) {
	if testing.Short() {
		t.Skip("reads every saved page")
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "data", "bbc-2005", "articles", "*", "*.txt"))
	if len(files) == 0 {
		t.Skip("../shared/data/bbc-2005 is absent")
	}
	changed := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		title, author, body := extractScraped(text)
		if body != text || title != "" || author != "" {
			changed++
			if changed <= 5 {
				t.Errorf("%s: title %q, author %q, body changed: %d of %d bytes kept", f, title, author, len(body), len(text))
			}
		}
	}
	t.Logf("%d of %d clean articles changed", changed, len(files))
}

func TestExtractScraped(t *testing.T) {
	body := "The river authority opened the new flood gates on Monday, two years after the spring floods reached the market square. " +
		"Engineers say the gates can hold back a surge a metre higher than the one that filled the cellars of the old town.\n" +
		"Shopkeepers on the quay welcomed the work but asked for the footpath along the water to reopen before the summer."
	tests := []struct {
		name, text              string
		title, author, wantBody string
	}{
		{
			name:     "menu lines, title line, byline line and footer lines",
			text:     "Home\nNews\nSport\nWeather\nFlood gates open on the river\nBy Carla Nunes | 3 min read\n" + body + "\nShare this article\nMost Popular\nBakery wins prize\nSign up for our newsletter\n© 2024 The River Post",
			title:    "Flood gates open on the river",
			author:   "Carla Nunes",
			wantBody: body,
		},
		{
			name:     "repeated menu and byline on one line",
			text:     "News Sport Culture News Sport Culture Flood gates open on the river By Carla Nunes archive page " + body + " Share Popular Keep Reading All rights reserved",
			title:    "Flood gates open on the river",
			author:   "Carla Nunes",
			wantBody: body,
		},
		{
			name:     "footer without a byline",
			text:     body + "\nAdvertisement\nRead more\nFollow us\nCopyright 2024 The River Post",
			wantBody: body,
		},
		{
			name:     "advertisement inside the article is not its end",
			text:     body + "\nAdvertisement\n" + body + "\n" + body + "\n" + body + "\nShare\nRead more\n© The River Post",
			wantBody: body + "\nAdvertisement\n" + body + "\n" + body + "\n" + body,
		},
		{
			name:     "clean article",
			text:     body,
			wantBody: body,
		},
		{
			name:     "prose byline is not a byline",
			text:     "The gates were designed by Marta Kowalska, who also drew the harbour bridge. " + body,
			wantBody: "The gates were designed by Marta Kowalska, who also drew the harbour bridge. " + body,
		},
		{
			name:     "too little left for a body",
			text:     "Flood gates By Carla Nunes Share this Most Popular ©",
			wantBody: "Flood gates By Carla Nunes Share this Most Popular ©",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title, author, got := extractScraped(tt.text)
			if title != tt.title || author != tt.author || got != tt.wantBody {
				t.Errorf("extractScraped(%q)\n = %q, %q, %q\nwant %q, %q, %q", tt.text, title, author, got, tt.title, tt.author, tt.wantBody)
			}
		})
	}
}

// TestReadFileScraped reads the seed page through ReadFile: a .txt file
// without front matter or a title line goes to extractScraped.
func TestReadFileScraped(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "data", "seed", "tencent-ai-lab.txt"))
	if err != nil {
		t.Skip("../shared/data/seed is absent")
	}
	arts, skipped := ReadFile(fstest.MapFS{"seed/tencent.txt": {Data: data}}, "seed/tencent.txt", Options{})
	if len(arts) != 1 || len(skipped) != 0 {
		t.Fatalf("ReadFile = %d articles, skipped %v; want 1 article", len(arts), skipped)
	}
	a := arts[0]
	if a.Title != "A Chinese Internet Giant Enters the AI Race" || a.Author != "Will Knight" {
		t.Errorf("Title, Author = %q, %q", a.Title, a.Author)
	}
	if !strings.HasPrefix(a.Text, "One of China’s leading tech companies") || !strings.HasSuffix(a.Text, "to support that.”") {
		t.Errorf("Text = %.60q ... %q", a.Text, a.Text[max(0, len(a.Text)-40):])
	}
}
