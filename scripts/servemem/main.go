// Command servemem measures the memory of `archivist serve` on a saved
// index: it starts the fake Discord of bot/discordtest on loopback, runs
// the given archivist binary's serve against it, asks it questions through
// /ask interactions one after another, and reports the process's resident
// memory once it is ready and its peak after the questions.
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
	flag.Parse()
	if *bin == "" || *corpus == "" || *index == "" || *questions == "" {
		fmt.Fprintln(os.Stderr, "usage: servemem -bin BIN -corpus DIR -index DIR -questions FILE [-n N]")
		os.Exit(2)
	}
	if err := run(*bin, *corpus, *index, *questions, *event, *n); err != nil {
		fmt.Fprintln(os.Stderr, "servemem:", err)
		os.Exit(1)
	}
}

func run(bin, corpus, index, questions, event string, n int) error {
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
		"ARCHIVE_DIR="+corpus, "INDEX_DIR="+index)
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
	cmd.Process.Signal(syscall.SIGINT)
	cmd.Wait()
	fmt.Printf("ready (commands registered) after %.2f s, resident %s\n", ready.Seconds(), readyRSS)
	fmt.Printf("after %d questions: resident %s (anonymous %s, file pages %s), peak %s; median answer %.0f ms\n", len(qs), rss, anon, file, peak, median(took))
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
