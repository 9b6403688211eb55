package feedback

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// KeepAnswersFor is how long Keep holds an answer's record: a vote on an
// answer kept longer ago finds nothing.
const KeepAnswersFor = 30 * 24 * time.Hour

// maxPrunedPerKeep bounds the expired records one Keep forgets, so that a
// write stays cheap however many expired at once; later writes forget the
// rest.
const maxPrunedPerKeep = 64

// answersBucket holds the records of answers that may be voted on: key the
// answer key, zero-padded to 20 characters so that snowflakes (Discord's
// time-ordered ids) sort oldest first; value a kept's JSON.
var answersBucket = []byte("answers")

// kept is an answer's record as Keep stores it: what a vote on it copies,
// and when it was kept.
type kept struct {
	Vote
	KeptAt time.Time `json:"kept_at"`
}

// answerKey is the key of an answer's record: key zero-padded to 20
// characters, the length of the largest snowflake.
func answerKey(key string) []byte {
	if n := 20 - len(key); n > 0 {
		key = strings.Repeat("0", n) + key
	}
	return []byte(key)
}

// Keep stores the record of an answer (v without its user, vote and
// reason) under v.AnswerKey, so that a vote on the answer can be recorded
// after the bot restarts (see Kept). In the same write transaction it
// forgets the oldest records kept more than KeepAnswersFor ago.
func (s *Store) Keep(v Vote) error {
	if v.AnswerKey == "" {
		return errors.New("keep answer: no answer key")
	}
	v.UserID, v.Up, v.Reason, v.VotedAt = "", false, "", time.Time{}
	now := s.clock()
	raw, err := json.Marshal(kept{Vote: v, KeptAt: now.UTC()})
	if err != nil {
		return fmt.Errorf("keep answer: %w", err)
	}
	cutoff := now.Add(-KeepAnswersFor)
	err = s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(answersBucket)
		if err != nil {
			return err
		}
		// Snowflake keys sort oldest first: the expired are at the front.
		var old [][]byte
		c := b.Cursor()
		for k, val := c.First(); k != nil && len(old) < maxPrunedPerKeep; k, val = c.Next() {
			var p kept
			if json.Unmarshal(val, &p) == nil && !p.KeptAt.Before(cutoff) {
				break
			}
			old = append(old, k) // expired, or unreadable
		}
		for _, k := range old {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return b.Put(answerKey(v.AnswerKey), raw)
	})
	if err != nil {
		return fmt.Errorf("keep answer: %w", err)
	}
	return nil
}

// Kept returns the record Keep stored under answerKey, and whether there is
// one still kept.
func (s *Store) Kept(key string) (Vote, bool, error) {
	var p kept
	found := false
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(answersBucket)
		if b == nil {
			return nil
		}
		raw := b.Get(answerKey(key))
		if raw == nil {
			return nil
		}
		if err := json.Unmarshal(raw, &p); err != nil {
			return fmt.Errorf("decode answer %q: %w", key, err)
		}
		found = true
		return nil
	})
	if err != nil {
		return Vote{}, false, fmt.Errorf("read kept answer: %w", err)
	}
	if !found || s.clock().Sub(p.KeptAt) > KeepAnswersFor {
		return Vote{}, false, nil
	}
	return p.Vote, true, nil
}

// view runs fn in one read transaction on a freshly opened file, and
// closes it.
func (s *Store) view(fn func(*bolt.Tx) error) error {
	return s.withDB(func(db *bolt.DB) error { return db.View(fn) })
}

// clock returns the time now, as the store's tests may set it.
func (s *Store) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}
