package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"archivist/bot/discordtest"
)

const (
	doctorToken = "doctor-token-SECRET-0123456789"
	doctorGuild = "500"
)

// botPermissions are what the bot needs in a guild.
const botPermissions = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks |
	discordgo.PermissionCreatePublicThreads | discordgo.PermissionSendMessagesInThreads | discordgo.PermissionReadMessageHistory

// healthyDoctor is a set-up with nothing wrong: the hash embedder over a
// copy of the sample archive with its index built, an LLM server that
// answers, and a fake Discord that accepts the token, holds every command
// and gives the bot what it needs in the one allowed guild.
func healthyDoctor(t *testing.T) (map[string]string, *discordtest.Server) {
	t.Helper()
	env := testEnv(t)
	if _, stderr, code := run(t, env, "index"); code != 0 {
		t.Fatalf("index exit %d: %s", code, stderr)
	}
	llm, _ := fakeChat(t, "ready")
	env["LLM_BASE_URL"] = llm.URL + "/v1"
	env["LLM_MODEL"] = "test-model"
	env["LLM_API_KEY"] = "sk-doctor-secret"
	fake := discordtest.NewServer(discordtest.Options{})
	t.Cleanup(fake.Close)
	fake.SetCommands("", "ask", "search", "sources", "help", "reload", "Ask the archive")
	fake.AddGuild(discordtest.Guild{ID: doctorGuild, Name: "Readers", Roles: []discordtest.Role{
		{ID: doctorGuild, Name: "@everyone", Permissions: discordgo.PermissionViewChannel},
		{ID: "501", Name: "Archivist", Permissions: botPermissions},
	}, BotRoles: []string{"501"}})
	env["DISCORD_TOKEN"] = doctorToken
	env["DISCORD_API_URL"] = fake.URL
	env["ALLOWED_GUILD_IDS"] = doctorGuild
	return env, fake
}

// runDoctor runs `doctor --json` and decodes its report.
func runDoctor(t *testing.T, env map[string]string) (doctorOutput, string, int) {
	t.Helper()
	out, stderr, code := run(t, env, "doctor", "--json")
	var got doctorOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("doctor --json printed %q (stderr %q): %v", out, stderr, err)
	}
	for _, s := range []string{doctorToken, "sk-doctor-secret"} {
		if strings.Contains(out+stderr, s) {
			t.Errorf("doctor printed a secret:\n%s\n%s", out, stderr)
		}
	}
	return got, out + stderr, code
}

// status returns the status of the check named name, "" when there is none.
func status(out doctorOutput, name string) string {
	for _, c := range out.Checks {
		if c.Name == name {
			return c.Status
		}
	}
	return ""
}

// tree lists every file under dir with its size, mode and time.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if info, ierr := d.Info(); err == nil && ierr == nil {
			out[p] = fmt.Sprint(info.ModTime(), info.Mode(), info.Size())
		}
		return nil
	})
	return out
}

func TestDoctorHealthy(t *testing.T) {
	env, fake := healthyDoctor(t)
	index, archive := tree(t, env["INDEX_DIR"]), tree(t, env["ARCHIVE_DIR"])

	got, output, code := runDoctor(t, env)
	if code != exitOK || !got.OK {
		t.Fatalf("doctor exit %d, ok %v, want 0 and true:\n%s", code, got.OK, output)
	}
	var names []string
	for _, c := range got.Checks {
		names = append(names, c.Name)
		if c.Status != statusOK {
			t.Errorf("check %s = %s (%s), want ok", c.Name, c.Status, c.Detail)
		}
	}
	want := "configuration corpus index embedder llm discord token discord commands discord guild " + doctorGuild
	if strings.Join(names, " ") != want {
		t.Errorf("checks %q, want %q", names, want)
	}

	out, stderr, code := run(t, env, "doctor")
	if code != exitOK || !strings.Contains(out, "nothing failed (0 warnings)") || strings.Contains(out+stderr, doctorToken) {
		t.Errorf("doctor (text) exit %d:\n%s%s\nwant exit 0, nothing failed and no token", code, out, stderr)
	}

	// Doctor changes nothing: not the index, not the archive, not Discord.
	for _, c := range []struct {
		name          string
		before, after map[string]string
	}{{"index", index, tree(t, env["INDEX_DIR"])}, {"archive", archive, tree(t, env["ARCHIVE_DIR"])}} {
		if len(c.after) != len(c.before) {
			t.Errorf("doctor changed the %s folder: %v, was %v", c.name, c.after, c.before)
		}
		for p, s := range c.before {
			if c.after[p] != s {
				t.Errorf("doctor changed %s: %s, was %s", p, c.after[p], s)
			}
		}
	}
	for _, c := range fake.Calls(nil) {
		if c.Method != "GET" {
			t.Errorf("doctor sent %s %s to Discord; it must only read", c.Method, c.Path)
		}
	}
}

func TestDoctorFindsFaults(t *testing.T) {
	tests := []struct {
		name       string
		breakIt    func(t *testing.T, env map[string]string, fake *discordtest.Server)
		check      string
		wantStatus string
		wantDetail string
	}{
		{"missing corpus", func(t *testing.T, env map[string]string, _ *discordtest.Server) {
			env["ARCHIVE_DIR"] = filepath.Join(t.TempDir(), "missing")
		}, "corpus", statusFail, "ARCHIVE_DIR"},
		{"corrupt index", func(t *testing.T, env map[string]string, _ *discordtest.Server) {
			path := filepath.Join(env["INDEX_DIR"], "index.snapshot")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			data[len(data)/2] ^= 0x10
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "index", statusFail, "corrupt"},
		{"token rejected", func(_ *testing.T, _ map[string]string, fake *discordtest.Server) {
			fake.RejectToken()
		}, "discord token", statusFail, "rejected the token (HTTP 401)"},
		{"bad variable", func(_ *testing.T, env map[string]string, _ *discordtest.Server) {
			env["LOG_LEVEL"] = "loud"
		}, "configuration", statusFail, "LOG_LEVEL"},
		{"permissions lacking", func(_ *testing.T, _ map[string]string, fake *discordtest.Server) {
			fake.AddGuild(discordtest.Guild{ID: doctorGuild, Name: "Readers", Roles: []discordtest.Role{
				{ID: doctorGuild, Permissions: botPermissions &^ discordgo.PermissionCreatePublicThreads},
			}})
		}, "discord guild " + doctorGuild, statusFail, "lacks Create Public Threads"},
		{"not in the guild", func(_ *testing.T, env map[string]string, _ *discordtest.Server) {
			env["ALLOWED_GUILD_IDS"] = doctorGuild + ",600"
		}, "discord guild 600", statusFail, "Unknown Guild"},
		{"LLM down", func(t *testing.T, env map[string]string, _ *discordtest.Server) {
			env["LLM_BASE_URL"] = closedURL(t) + "/v1"
		}, "llm", statusFail, "did not answer"},
		// Warnings alone leave the exit status 0.
		{"corpus changed", func(t *testing.T, env map[string]string, _ *discordtest.Server) {
			if err := os.WriteFile(filepath.Join(env["ARCHIVE_DIR"], "new.md"), []byte("# New\n\nA new article about kites.\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "index", statusWarn, "1 file changed, run archivist index"},
		{"commands not registered", func(_ *testing.T, env map[string]string, _ *discordtest.Server) {
			env["DISCORD_GUILD_ID"] = doctorGuild
		}, "discord commands", statusWarn, "not registered in guild 500: /ask, /search"},
		{"no index yet", func(t *testing.T, env map[string]string, _ *discordtest.Server) {
			env["INDEX_DIR"] = filepath.Join(t.TempDir(), "none")
		}, "index", statusWarn, "no saved index"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, fake := healthyDoctor(t)
			tt.breakIt(t, env, fake)
			got, output, code := runDoctor(t, env)
			wantCode := exitOK
			if tt.wantStatus == statusFail {
				wantCode = exitFailure
			}
			if code != wantCode || got.OK != (wantCode == exitOK) {
				t.Errorf("doctor exit %d, ok %v; want exit %d:\n%s", code, got.OK, wantCode, output)
			}
			if s := status(got, tt.check); s != tt.wantStatus {
				t.Errorf("check %q = %q, want %q:\n%s", tt.check, s, tt.wantStatus, output)
			}
			for _, c := range got.Checks {
				if c.Name == tt.check && !strings.Contains(c.Detail, tt.wantDetail) {
					t.Errorf("check %q says %q, want it to say %q", c.Name, c.Detail, tt.wantDetail)
				}
				if c.Name != tt.check && c.Status == statusFail {
					t.Errorf("check %q failed too: %s", c.Name, c.Detail)
				}
			}
		})
	}
}

// closedURL is the address of a server that is no longer there.
func closedURL(t *testing.T) string {
	t.Helper()
	srv, _ := fakeChat(t, "")
	srv.Close()
	return srv.URL
}

// TestDoctorDotenv: a .env that cannot be parsed fails doctor's
// configuration check, naming the line and key but not the value, and every
// other command refuses to run (exit 2).
func TestDoctorDotenv(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, []byte("# settings\nEMBEDDER=hash\nDISCORD_TOKEN=\""+doctorToken+"\nLOG_LEVEL=info\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	getenv, err := envWithDotenv(path)
	if err == nil {
		t.Fatal("envWithDotenv accepted an unclosed quote")
	}
	for _, tt := range []struct {
		args     []string
		wantCode int
	}{
		{[]string{"doctor"}, exitFailure},
		{[]string{"ask", "anything?"}, exitUsage},
	} {
		var out, errb strings.Builder
		m := &Main{Stdout: &out, Stderr: &errb, Getenv: getenv, DotenvErr: err}
		code := m.Run(t.Context(), tt.args)
		all := out.String() + errb.String()
		if code != tt.wantCode || !strings.Contains(all, "line 3 (DISCORD_TOKEN)") || strings.Contains(all, doctorToken) {
			t.Errorf("archivist %v: exit %d, output %q; want exit %d naming line 3 (DISCORD_TOKEN) without its value", tt.args, code, all, tt.wantCode)
		}
	}
}

// TestDoctorEmbedder checks what each embedder needs: an embedding server
// that answers one word, or the built-in model's files.
func TestDoctorEmbedder(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/embeddings" || r.Header.Get("Authorization") != "Bearer sk-embed-secret" {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"error":{"message":"Incorrect API key provided: %s"}}`, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8,0]}]}`)
	}))
	defer srv.Close()
	damaged := t.TempDir()
	if err := os.WriteFile(filepath.Join(damaged, "model.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		env        map[string]string
		wantStatus string
		wantDetail string
	}{
		{"hash", map[string]string{"EMBEDDER": "hash"}, statusOK, "no model or server needed"},
		{"server answers", map[string]string{"EMBEDDER": "openai", "EMBED_BASE_URL": srv.URL + "/v1", "EMBED_MODEL": "m", "EMBED_API_KEY": "sk-embed-secret"}, statusOK, "(3 dimensions)"},
		{"server refuses the key", map[string]string{"EMBEDDER": "openai", "EMBED_BASE_URL": srv.URL + "/v1", "EMBED_MODEL": "m", "EMBED_API_KEY": "sk-wrong-secret"}, statusFail, "did not embed one word"},
		{"server down", map[string]string{"EMBEDDER": "ollama", "EMBED_BASE_URL": closedURL(t)}, statusFail, "did not embed one word"},
		{"model not fetched", map[string]string{"EMBEDDER": "local", "ARCHIVIST_MODEL_DIR": filepath.Join(t.TempDir(), "none")}, statusWarn, "not in"},
		{"model damaged", map[string]string{"EMBEDDER": "local", "ARCHIVIST_MODEL_DIR": damaged}, statusFail, "damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadConfig(func(k string) string { return tt.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			got := embedderCheck(t.Context(), cfg)
			got.Detail = secrets(func(k string) string { return tt.env[k] }).Replace(got.Detail)
			if got.Status != tt.wantStatus || !strings.Contains(got.Detail, tt.wantDetail) {
				t.Errorf("embedderCheck = %s %q, want %s saying %q", got.Status, got.Detail, tt.wantStatus, tt.wantDetail)
			}
			if strings.Contains(got.Detail, "-secret") {
				t.Errorf("embedderCheck detail %q holds a key", got.Detail)
			}
		})
	}
}
