package main

import (
	"fmt"
	"time"

	"archivist/retrieval"
)

// dateLayout is how dates are written on the command line and in question
// files: YYYY-MM-DD.
const dateLayout = "2006-01-02"

// timeFlags are the time flags of ask, search and eval, as written.
type timeFlags struct {
	asOf, from, to string
}

// parseDate reads a YYYY-MM-DD date named by what ("--as-of"); empty gives
// the zero time. A malformed date is a usage error.
func parseDate(what, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, usagef("%s %q: want a date written YYYY-MM-DD", what, s)
	}
	return t, nil
}

// resolve reads the flags into a retrieval.Time, with today (from now) as
// the question's time when --as-of is not given.
func (f timeFlags) resolve(cmd string, now time.Time) (retrieval.Time, error) {
	var t retrieval.Time
	var err error
	if t.AsOf, err = parseDate(cmd+": --as-of", f.asOf); err != nil {
		return t, err
	}
	if t.AsOf.IsZero() {
		y, m, d := now.Date()
		t.AsOf = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	if t.From, err = parseDate(cmd+": --from", f.from); err != nil {
		return t, err
	}
	if t.To, err = parseDate(cmd+": --to", f.to); err != nil {
		return t, err
	}
	if !t.From.IsZero() && !t.To.IsZero() && t.To.Before(t.From) {
		return t, usagef("%s: --to %s is before --from %s", cmd, f.to, f.from)
	}
	return t, nil
}

// asOfText writes a question's time for JSON output.
func asOfText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

// now is the clock of m: its Now, else the wall clock.
func (m *Main) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// questionTime is the time of question q of a question file: its own
// asked_on, from and to over the flags' (unless ignoreTime, which drops
// every question's time, though not its date filter).
func questionTime(q question, flags retrieval.Time, ignoreTime bool) (retrieval.Time, error) {
	t := flags
	if q.AskedOn != "" {
		at, err := parseDate(fmt.Sprintf("eval: question %s: asked_on", q.ID), q.AskedOn)
		if err != nil {
			return t, err
		}
		t.AsOf = at
	}
	if ignoreTime {
		t.AsOf = time.Time{}
	}
	for _, f := range []struct {
		name, value string
		into        *time.Time
	}{{"from", q.From, &t.From}, {"to", q.To, &t.To}} {
		if f.value == "" {
			continue
		}
		d, err := parseDate(fmt.Sprintf("eval: question %s: %s", q.ID, f.name), f.value)
		if err != nil {
			return t, err
		}
		*f.into = d
	}
	return t, nil
}
