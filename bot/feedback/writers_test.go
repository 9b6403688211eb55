package feedback

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// writerEnv, set in a child process of TestTwoProcessesWrite, names the
// votes file it writes to and which writer it is.
const writerEnv = "ARCHIVIST_FEEDBACK_TEST_WRITER"

// votesPerWriter is how many votes each writer records.
const votesPerWriter = 40

// TestTwoProcessesWrite runs two processes, as two serve shards on one
// machine would, each recording votes and answers in one votes file at
// once: every write of both succeeds, waiting its turn for the file's lock.
func TestTwoProcessesWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	path := filepath.Join(t.TempDir(), FileName)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	outs := make([][]byte, 2)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestVoteWriter$", "-test.count=1")
			cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d:%s", writerEnv, w, path))
			outs[w], errs[w] = cmd.CombinedOutput()
		}()
	}
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: %v\n%s", w, err, outs[w])
		}
	}
	votes, err := ReadFile(path, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(votes) != 2*votesPerWriter {
		t.Errorf("%d votes in the file, want %d (%d from each writer)", len(votes), 2*votesPerWriter, votesPerWriter)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for w := range 2 {
		if _, ok, err := s.Kept(fmt.Sprintf("answer-%d-%d", w, votesPerWriter-1)); !ok || err != nil {
			t.Errorf("writer %d's last answer kept = %v, %v; want true, nil", w, ok, err)
		}
	}
}

// TestVoteWriter is the child process of TestTwoProcessesWrite; it does
// nothing in a normal run.
func TestVoteWriter(t *testing.T) {
	spec := os.Getenv(writerEnv)
	if spec == "" {
		t.Skip("run by TestTwoProcessesWrite")
	}
	w, path, _ := strings.Cut(spec, ":")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range votesPerWriter {
		key := fmt.Sprintf("answer-%s-%d", w, i)
		if err := s.Keep(Vote{AnswerKey: key, UserID: "bot", Question: "q?", Answer: "a"}); err != nil {
			t.Fatalf("Keep %d: %v", i, err)
		}
		if err := s.Record(Vote{AnswerKey: key, UserID: "u" + w, Up: i%2 == 0}); err != nil {
			t.Fatalf("Record %d: %v", i, err)
		}
	}
}

// TestLockWaitIsBounded holds the votes file's lock as another process
// would: a vote waits for it no longer than lockTimeout, and fails with an
// error that names the file.
func TestLockWaitIsBounded(t *testing.T) {
	s := openTemp(t)
	db, err := bolt.Open(s.Path(), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	err = s.Record(Vote{AnswerKey: "a", UserID: "u", Up: true})
	took := time.Since(start)
	if !errors.Is(err, bolt.ErrTimeout) || !strings.Contains(err.Error(), s.Path()) {
		t.Errorf("Record while another holds the lock = %v, want a timeout naming the file", err)
	}
	if took < lockTimeout-time.Second || took > lockTimeout+3*time.Second {
		t.Errorf("Record waited %v for the lock, want about %v", took, lockTimeout)
	}
}
