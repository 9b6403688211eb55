// Package feedback keeps the votes users give the bot's answers, 👍 or 👎
// with an optional reason, in an embedded database file.
//
// The store is bbolt (go.etcd.io/bbolt): pure Go, one file, and every
// write transaction is fsync'd before Commit returns, so a vote that
// Record has returned cannot be lost to a crash of the process or the
// machine. SQLite through modernc.org/sqlite would do too, with WAL
// letting readers share the file, but it is a transpiled C library of
// several megabytes for what is a handful of keyed records; bbolt is the
// smaller, well-kept fit.
//
// bbolt locks its file while it is open (exclusively for writing), so a
// Store opens the file for each operation and closes it after: the bot
// holds no lock between votes, and `archivist feedback` in another process
// can read the file while the bot runs. Several bot processes (the shards
// of one bot, on one machine) share the file the same way: each write waits
// its turn for the lock, for lockTimeout at most, and then fails with an
// error rather than hang. A vote is rare and the open costs far less than
// the fsync (see BenchmarkRecord and docs/BENCHMARKS.md).
//
// The store also keeps the record of each recent answer (Keep), so that a
// vote on an answer sent before the bot restarted is recorded all the same
// (Kept): one more small write transaction per answer.
//
// The package imports nothing of the bot, so that both the bot and the
// command line can use it.
package feedback

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// FileName is the name of the votes file in the index folder.
const FileName = "votes.db"

// lockTimeout bounds the wait for another process's lock on the file.
const lockTimeout = 5 * time.Second

// bucket holds the votes: key answer key + "\x00" + user id, value a
// Vote's JSON. The records of answers that may be voted on are in
// answersBucket (see Keep).
var bucket = []byte("votes")

// Reasons a 👎 may give.
const (
	ReasonWrongSource = "wrong_source"
	ReasonOutdated    = "outdated"
	ReasonNotAnswered = "not_answered"
	ReasonOther       = "other"
)

// Reasons lists the reasons a 👎 may give, in the order they are offered.
var Reasons = []string{ReasonWrongSource, ReasonOutdated, ReasonNotAnswered, ReasonOther}

// ValidReason reports whether r is one of Reasons.
func ValidReason(r string) bool { return slices.Contains(Reasons, r) }

// ErrNoVote is returned by SetReason when the user has no 👎 on the answer.
var ErrNoVote = errors.New("no down vote to give a reason to")

// Vote is one user's vote on one answer. A user has at most one vote per
// answer: recording another replaces it.
type Vote struct {
	// AnswerKey identifies the answer: the id of the interaction or
	// message it answered.
	AnswerKey string `json:"answer_key"`
	UserID    string `json:"user_id"`
	// Up is true for 👍, false for 👎.
	Up bool `json:"up"`
	// Reason is one of Reasons, or "" when none was chosen; only a 👎 has one.
	Reason   string `json:"reason,omitempty"`
	Question string `json:"question"`
	// AskedAt is the question's time; From and To its date filter, zero
	// when unset.
	AskedAt   time.Time `json:"asked_at"`
	From      time.Time `json:"from,omitzero"`
	To        time.Time `json:"to,omitzero"`
	Answer    string    `json:"answer"`
	Abstained bool      `json:"abstained,omitempty"`
	// ArticleIDs are the articles the answer cited, in citation order.
	ArticleIDs []string  `json:"article_ids"`
	VotedAt    time.Time `json:"voted_at"`
}

func (v Vote) key() []byte { return []byte(v.AnswerKey + "\x00" + v.UserID) }

// Store is the votes file. It is safe for concurrent use, and holds no
// lock on the file between operations.
type Store struct {
	path string
	now  func() time.Time // nil means time.Now; set by tests

	mu     sync.Mutex // serialises this process's writes, and guards closed
	closed bool
}

// Open opens the votes file at path, creating it and its folder when
// missing, and checks that it can be written.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open votes: %w", err)
	}
	s := &Store{path: path}
	err := s.update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucket)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Path returns the file's path.
func (s *Store) Path() string { return s.path }

// Close ends the use of s; later operations fail. The file is not open
// between operations, so Close has nothing to release.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

// Record stores v, replacing the user's earlier vote on the same answer.
// When it returns nil the vote is on disk. A zero VotedAt is set to now.
func (s *Store) Record(v Vote) error {
	if v.AnswerKey == "" || v.UserID == "" {
		return errors.New("record vote: no answer key or user id")
	}
	if v.VotedAt.IsZero() {
		v.VotedAt = time.Now().UTC()
	}
	if v.Up {
		v.Reason = ""
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("record vote: %w", err)
	}
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).Put(v.key(), raw)
	})
}

// SetReason sets the reason of the user's 👎 on the answer, and returns it.
// It returns ErrNoVote when the user's vote there is not a 👎.
func (s *Store) SetReason(answerKey, userID, reason string) (Vote, error) {
	if !ValidReason(reason) {
		return Vote{}, fmt.Errorf("set reason: unknown reason %q", reason)
	}
	v := Vote{AnswerKey: answerKey, UserID: userID}
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		raw := b.Get(v.key())
		if raw == nil {
			return ErrNoVote
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("decode vote: %w", err)
		}
		if v.Up {
			return ErrNoVote
		}
		v.Reason = reason
		raw, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return b.Put(v.key(), raw)
	})
	if err != nil {
		return Vote{}, fmt.Errorf("set reason: %w", err)
	}
	return v, nil
}

// List returns the votes given at or after since (all of them when since
// is zero), oldest first.
func (s *Store) List(since time.Time) ([]Vote, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return list(s.path, since, false)
}

// ReadFile returns the votes in the file at path given at or after since,
// oldest first, opening it read-only: it never creates the file, and a
// missing file holds no votes. It waits a few seconds at most for a writer
// in another process.
func ReadFile(path string, since time.Time) ([]Vote, error) {
	return list(path, since, true)
}

func list(path string, since time.Time, readOnly bool) ([]Vote, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout, ReadOnly: readOnly})
	if err != nil {
		return nil, fmt.Errorf("open votes %s: %w", path, err)
	}
	defer db.Close()
	var votes []Vote
	err = db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, raw []byte) error {
			var v Vote
			if err := json.Unmarshal(raw, &v); err != nil {
				return fmt.Errorf("decode vote %q: %w", k, err)
			}
			if !v.VotedAt.Before(since) {
				votes = append(votes, v)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read votes %s: %w", path, err)
	}
	slices.SortStableFunc(votes, func(a, b Vote) int { return a.VotedAt.Compare(b.VotedAt) })
	return votes, nil
}

// update runs fn in one write transaction on a freshly opened file, and
// closes it: Commit has fsync'd the change when update returns nil.
func (s *Store) update(fn func(*bolt.Tx) error) error {
	return s.withDB(func(db *bolt.DB) error {
		return db.Update(func(tx *bolt.Tx) error {
			if _, err := tx.CreateBucketIfNotExists(bucket); err != nil {
				return err
			}
			return fn(tx)
		})
	})
}

// withDB opens the file (waiting up to lockTimeout for another process's
// lock), runs fn on it and closes it. The store's mutex serialises the
// calls of this process.
func (s *Store) withDB(fn func(*bolt.DB) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("votes store is closed")
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return fmt.Errorf("open votes %s: %w", s.path, err)
	}
	err = fn(db)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close votes %s: %w", s.path, cerr)
	}
	return err
}

func (s *Store) check() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("votes store is closed")
	}
	return nil
}
