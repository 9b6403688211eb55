package retrieval

import (
	"regexp"
	"strings"
	"unicode"

	"archivist/retrieval/internal/lexical"
)

// answerKind is what a question asks for, read from its wording.
type answerKind int

const (
	kindAny    answerKind = iota
	kindNumber            // how many, how much, what percentage
	kindDate              // when, what year
	kindName              // who, which company, where
)

var (
	numberCue = regexp.MustCompile(`(?i)\b(how (many|much|old|long|far|big|large|tall|often)|what (percentage|percent|number|share|proportion|amount|age)|by how)\b`)
	dateCue   = regexp.MustCompile(`(?i)\b(when|what (year|date|day|month|time)|which (year|date|day|month))\b`)
	nameCue   = regexp.MustCompile(`(?i)\b(who|whom|whose|where|which|what (company|country|city|state|team|organization|organisation|group|person|name|brand|show|film|movie|book|app|agency|nation|network))\b`)
)

// kindOf reads the kind of answer a question wants.
func kindOf(question string) answerKind {
	switch {
	case numberCue.MatchString(question):
		return kindNumber
	case dateCue.MatchString(question):
		return kindDate
	case nameCue.MatchString(question):
		return kindName
	}
	return kindAny
}

var (
	numberRe = regexp.MustCompile(`(?i)\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|dozen|dozens|half|third|quarter|percent)\b`)
	dateRe   = regexp.MustCompile(`(?i)\b(1[89]\d\d|20\d\d|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|last (week|month|year)|this (week|month|year))\b`)
)

// hasKind reports whether sentence holds an answer of kind k that the
// question does not already give.
func hasKind(k answerKind, sentence string, question map[string]bool) bool {
	switch k {
	case kindNumber:
		for _, m := range numberRe.FindAllString(sentence, -1) {
			if !question[strings.ToLower(m)] {
				return true
			}
		}
		return false
	case kindDate:
		for _, m := range dateRe.FindAllString(sentence, -1) {
			if !question[strings.ToLower(m)] {
				return true
			}
		}
		return false
	case kindName:
		return hasNewName(sentence, question)
	}
	return true
}

// hasNewName reports whether sentence has a capitalised word, not at its
// start, that the question does not contain and that is not a month or a
// weekday ("on Monday" dates the news; it names no one).
func hasNewName(sentence string, question map[string]bool) bool {
	first := true
	found := false
	forEachRawWord(sentence, func(w string) {
		if first {
			first = false
			return
		}
		r := []rune(w)
		if unicode.IsUpper(r[0]) && !question[strings.ToLower(w)] && !lexical.IsStopWord(strings.ToLower(w)) && !dateRe.MatchString(w) {
			found = true
		}
	})
	return found
}

// forEachRawWord calls f with each word of text as written.
func forEachRawWord(text string, f func(w string)) {
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	}) {
		f(w)
	}
}

// wordSet returns the lower-cased words of text.
func wordSet(text string) map[string]bool {
	m := make(map[string]bool)
	lexical.ForEachWord(text, func(w string) { m[w] = true })
	return m
}
