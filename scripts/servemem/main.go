// Command servemem measures the memory of `archivist serve` on a saved
// index: it starts the fake Discord of bot/discordtest on loopback, runs
// the given archivist binary's serve against it, asks it questions through
// /ask interactions one after another, and reports the process's resident
// memory once it is ready and its peak after the questions. With -reload
// it then adds a small file (servemem-note.md) to the corpus, sends /reload
// as an admin and reports the peak while the reload ran.
//
//	go run ./scripts/servemem -bin /tmp/archivist -corpus DIR -index DIR \
//	    -questions /work/shared/data/news-2022/questions-dev.jsonl -n 50
//
// EMBEDDER and the rest of the environment are passed on to serve.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"archivist/bot/discordtest"
)

func main() {
	bin := flag.String("bin", "", "the archivist binary")
	corpus := flag.String("corpus", "", "the corpus (ARCHIVE_DIR)")
	index := flag.String("index", "", "the saved index (INDEX_DIR)")
	questions := flag.String("questions", "", "a question file (.jsonl with \"question\")")
	event := flag.String("event", "bot/testdata/interaction_ask.json", "an /ask interaction to send, its question replaced")
	n := flag.Int("n", 50, "questions to ask")
	reload := flag.Bool("reload", false, "after the questions, add a small file to the corpus and /reload")
	flag.Parse()
	if *bin == "" || *corpus == "" || *index == "" || *questions == "" {
		fmt.Fprintln(os.Stderr, "usage: servemem -bin BIN -corpus DIR -index DIR -questions FILE [-n N]")
		os.Exit(2)
	}
	if err := run(*bin, *corpus, *index, *questions, *event, *n, *reload); err != nil {
		fmt.Fprintln(os.Stderr, "servemem:", err)
		os.Exit(1)
	}
}

func run(bin, corpus, index, questions, event string, n int, reload bool) error {
	qs, err := readQuestions(questions, n)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(event)
	if err != nil {
		return err
	}
	fake := discordtest.NewServer(discordtest.Options{})
	defer fake.Close()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "DISCORD_TOKEN=test-token-not-secret", "DISCORD_API_URL="+fake.URL,
		"ARCHIVE_DIR="+corpus, "INDEX_DIR="+index, "ADMIN_ROLE_IDS="+reloadRole)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer cmd.Process.Kill()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if _, err := fake.Wait(ctx, discordtest.Match(discordtest.RouteGlobalCommands, "")); err != nil {
		return fmt.Errorf("serve never registered its commands: %w", err)
	}
	ready := time.Since(start)
	readyRSS := status(cmd.Process.Pid, "VmRSS")
	var took []time.Duration
	for i, q := range qs {
		var ask map[string]any
		if err := json.Unmarshal(raw, &ask); err != nil {
			return err
		}
		token := fmt.Sprintf("servemem-token-%d", i)
		ask["application_id"] = fake.AppID()
		ask["id"] = fmt.Sprintf("%d", 1300000000000000000+i)
		ask["token"] = token
		// A user of its own for each question, under the bot's rate limit.
		if m, ok := ask["member"].(map[string]any); ok {
			if u, ok := m["user"].(map[string]any); ok {
				u["id"] = fmt.Sprintf("%d", 1400000000000000000+i)
			}
		}
		ask["data"].(map[string]any)["options"] = []any{map[string]any{"name": "question", "type": 3, "value": q}}
		t0 := time.Now()
		if err := fake.Dispatch(ctx, "INTERACTION_CREATE", ask); err != nil {
			return err
		}
		if _, err := fake.Wait(ctx, discordtest.Match(discordtest.RouteEditOriginal, token)); err != nil {
			return fmt.Errorf("question %d never answered: %w", i+1, err)
		}
		took = append(took, time.Since(t0))
	}
	peak, rss := status(cmd.Process.Pid, "VmHWM"), status(cmd.Process.Pid, "VmRSS")
	anon, file := status(cmd.Process.Pid, "RssAnon"), status(cmd.Process.Pid, "RssFile")
	fmt.Printf("ready (commands registered) after %.2f s, resident %s\n", ready.Seconds(), readyRSS)
	fmt.Printf("after %d questions: resident %s (anonymous %s, file pages %s), peak %s; median answer %.0f ms\n", len(qs), rss, anon, file, peak, median(took))
	if reload {
		if err := reloadOnce(ctx, fake, cmd.Process.Pid, corpus); err != nil {
			return err
		}
	}
	cmd.Process.Signal(syscall.SIGINT)
	cmd.Wait()
	return nil
}

// reloadRole is the role of the member in bot/testdata's interactions,
// made an admin so that /reload runs.
const reloadRole = "1000000000000000300"

// reloadOnce adds a small file to the corpus, sends /reload, waits for its
// report and prints the peak resident memory while it ran.
func reloadOnce(ctx context.Context, fake *discordtest.Server, pid int, corpus string) error {
	raw, err := os.ReadFile("bot/testdata/interaction_reload.json")
	if err != nil {
		return err
	}
	var ev map[string]any
	if err := json.Unmarshal(raw, &ev); err != nil {
		return err
	}
	note := fmt.Sprintf("# A note from servemem\n\nAdded at %s to be picked up by a reload.\n", time.Now().Format(time.RFC3339Nano))
	if err := os.WriteFile(filepath.Join(corpus, "servemem-note.md"), []byte(note), 0o644); err != nil {
		return err
	}
	// Writing 5 to clear_refs resets the peak (VmHWM) to what is resident now.
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
		return fmt.Errorf("reset the peak: %w", err)
	}
	before := status(pid, "VmRSS")
	ev["application_id"] = fake.AppID()
	ev["id"] = "1300000000000099999"
	ev["token"] = "servemem-reload"
	t0 := time.Now()
	if err := fake.Dispatch(ctx, "INTERACTION_CREATE", ev); err != nil {
		return err
	}
	if _, err := fake.Wait(ctx, discordtest.Match(discordtest.RouteEditOriginal, "servemem-reload")); err != nil {
		return fmt.Errorf("the reload never reported: %w", err)
	}
	fmt.Printf("/reload with one small file added: %.2f s, resident %s before, peak %s, %s after (anonymous %s, file pages %s)\n",
		time.Since(t0).Seconds(), before, status(pid, "VmHWM"), status(pid, "VmRSS"), status(pid, "RssAnon"), status(pid, "RssFile"))
	return nil
}

// status returns a field of /proc/PID/status, such as "VmHWM".
func status(pid int, field string) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

func readQuestions(path string, n int) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() && len(qs) < n {
		var q struct{ Question string }
		if err := json.Unmarshal(sc.Bytes(), &q); err == nil && q.Question != "" {
			qs = append(qs, q.Question)
		}
	}
	return qs, sc.Err()
}

func median(ds []time.Duration) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return float64(s[len(s)/2].Microseconds()) / 1000
}
