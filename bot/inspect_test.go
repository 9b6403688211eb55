package bot

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"archivist/bot/discordtest"
)

func TestLacking(t *testing.T) {
	const all = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks |
		discordgo.PermissionCreatePublicThreads | discordgo.PermissionSendMessagesInThreads | discordgo.PermissionReadMessageHistory
	guild := func(everyone, botRole int64) *discordgo.Guild {
		return &discordgo.Guild{ID: "g", OwnerID: "owner", Roles: []*discordgo.Role{
			{ID: "g", Permissions: everyone}, {ID: "bots", Permissions: botRole}, {ID: "other", Permissions: all},
		}}
	}
	tests := []struct {
		name  string
		guild *discordgo.Guild
		user  string
		roles []string
		want  []string
	}{
		{"all from @everyone", guild(all, 0), "bot", nil, nil},
		{"all from a role", guild(0, all), "bot", []string{"bots"}, nil},
		{"split between them", guild(discordgo.PermissionViewChannel|discordgo.PermissionReadMessageHistory, all&^discordgo.PermissionReadMessageHistory), "bot", []string{"bots"}, nil},
		{"a role not held", guild(0, 0), "bot", nil, []string{"View Channels", "Send Messages", "Embed Links", "Create Public Threads", "Send Messages in Threads", "Read Message History"}},
		{"no threads", guild(all&^(discordgo.PermissionCreatePublicThreads|discordgo.PermissionSendMessagesInThreads), 0), "bot", []string{"bots"}, []string{"Create Public Threads", "Send Messages in Threads"}},
		{"administrator", guild(0, discordgo.PermissionAdministrator), "bot", []string{"bots"}, nil},
		{"owner", guild(0, 0), "owner", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lacking(tt.guild, tt.user, tt.roles); !slices.Equal(got, tt.want) {
				t.Errorf("lacking = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestInspect(t *testing.T) {
	const token = "inspect-token-SECRET"
	perms := int64(discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks |
		discordgo.PermissionCreatePublicThreads | discordgo.PermissionSendMessagesInThreads | discordgo.PermissionReadMessageHistory)
	all := []string{"ask", "search", "sources", "help", "reload", askMessageCommand}
	tests := []struct {
		name   string
		setup  func(s *discordtest.Server)
		guild  string // Config.GuildID
		guilds []string
		check  func(t *testing.T, in Inspection, err error)
	}{
		{"healthy", func(s *discordtest.Server) {
			s.SetCommands("", all...)
			s.AddGuild(discordtest.Guild{ID: "500", Name: "Readers", Roles: []discordtest.Role{{ID: "500", Permissions: 0}, {ID: "501", Permissions: perms}}, BotRoles: []string{"501"}})
		}, "", []string{"500"}, func(t *testing.T, in Inspection, err error) {
			if err != nil || in.BotID != "900" || in.AppID != "901" || !in.Global || len(in.Missing) != 0 || in.CommandsErr != nil {
				t.Errorf("Inspect = %+v, %v; want bot 900, app 901, every command registered globally", in, err)
			}
			if len(in.Guilds) != 1 || in.Guilds[0].Name != "Readers" || in.Guilds[0].Err != nil || len(in.Guilds[0].Lacking) != 0 {
				t.Errorf("guilds = %+v, want Readers lacking nothing", in.Guilds)
			}
		}},
		{"guild commands missing", func(s *discordtest.Server) {
			s.SetCommands("", all...)
			s.SetCommands("500", "ask", "help")
		}, "500", nil, func(t *testing.T, in Inspection, err error) {
			if err != nil || in.Global || !slices.Equal(in.Missing, []string{"search", "sources", "reload", askMessageCommand}) {
				t.Errorf("Inspect = %+v, %v; want search, sources and reload missing in the guild", in, err)
			}
		}},
		{"not in the guild, permissions lacking", func(s *discordtest.Server) {
			s.AddGuild(discordtest.Guild{ID: "500", Name: "Readers", Roles: []discordtest.Role{{ID: "500", Permissions: discordgo.PermissionViewChannel | discordgo.PermissionSendMessages}}})
		}, "", []string{"500", "600"}, func(t *testing.T, in Inspection, err error) {
			if err != nil || len(in.Missing) != 6 || len(in.Guilds) != 2 {
				t.Fatalf("Inspect = %+v, %v; want no commands registered and two guilds", in, err)
			}
			if got := in.Guilds[0].Lacking; !slices.Equal(got, []string{"Embed Links", "Create Public Threads", "Send Messages in Threads", "Read Message History"}) {
				t.Errorf("guild 500 lacks %q", got)
			}
			if err := in.Guilds[1].Err; err == nil || !strings.Contains(err.Error(), "HTTP 404 (Unknown Guild)") {
				t.Errorf("guild 600: %v, want HTTP 404 (Unknown Guild)", err)
			}
		}},
		{"token rejected", func(s *discordtest.Server) { s.RejectToken() }, "", []string{"500"}, func(t *testing.T, in Inspection, err error) {
			if !errors.Is(err, ErrTokenRejected) || strings.Contains(err.Error(), token) {
				t.Errorf("Inspect error = %v, want ErrTokenRejected without the token", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := discordtest.NewServer(discordtest.Options{BotID: "900", AppID: "901"})
			defer s.Close()
			tt.setup(s)
			in, err := Inspect(context.Background(), Config{Token: token, APIURL: s.URL, GuildID: tt.guild}, tt.guilds)
			tt.check(t, in, err)
			for _, c := range s.Calls(nil) {
				if c.Method != "GET" {
					t.Errorf("Inspect sent %s %s; it must only read", c.Method, c.Path)
				}
			}
		})
	}
}
