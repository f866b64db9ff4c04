package timex

import (
	"strconv"
	"strings"
	"time"
)

// kind is the shape of a time expression, which decides how it resolves.
type kind uint8

const (
	kindWeekday  kind = iota + 1 // "on Sunday", "last Monday"
	kindDeictic                  // "today", "yesterday", "last night"
	kindAgo                      // "two days ago"
	kindRelUnit                  // "last week", "this year", "next month"
	kindShift                    // "a day after", "the day before", "two days later"
	kindDate                     // "3 January", "Jan. 3, 2024", "on the 3rd", "2023-11-05"
	kindMonth                    // "in December", "December 2023"
	kindYear                     // "in 2019", "since 2019", "mid-2023"
	kindYearSpan                 // "2019-2020", "from 2019 to 2021"
)

// Modifiers of weekdays and units.
const (
	modNone = iota
	modLast
	modThis
	modNext
)

// Parts of a year ("early 2023", "mid-2023", "late 2023").
const (
	partWhole = iota
	partEarly
	partMid
	partLate
)

// expr is a recognised time expression before resolution. Missing date
// parts are zero.
type expr struct {
	kind kind
	wd   time.Weekday
	mod  int
	// n and unit give counts of units: days for deictics, "two days"
	// for ago and shifts, the offset -1/0/+1 for relative units.
	n    int
	unit Granularity
	// dir is +1 for later/after, -1 for earlier/before.
	dir int
	// complement says a shift is followed by what it dates ("a day after
	// a Hamas official said"): the value is then the date of the
	// complement, not of the main clause.
	complement bool
	y, m, d    int
	y2         int
	part       int
	// prep is a leading preposition the span includes ("on", "since").
	prep string
}

var months = map[string]int{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
	"april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
	"august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday,
	"saturday": time.Saturday,
}

var numbers = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
	"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
	"twelve": 12,
}

var units = map[string]Granularity{
	"day": Day, "days": Day, "week": Week, "weeks": Week,
	"month": Month, "months": Month, "year": Year, "years": Year,
}

var modifiers = map[string]int{"last": modLast, "past": modLast, "this": modThis, "next": modNext, "coming": modNext}

var parts = map[string]int{"mid": partMid, "early": partEarly, "late": partLate}

// deictics are single words that name a day relative to the anchor.
var deictics = map[string]int{"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}

// preps are the prepositions a span takes in with the expression after
// them, so the span reads as the text does ("on Sunday", "since 2019").
var preps = map[string]bool{"on": true, "in": true, "since": true, "until": true, "till": true, "during": true, "by": true}

// words is a tokenised stretch of text: the words as written and lower
// cased, the form the patterns match.
type words struct {
	raw, low []string
}

func (w words) at(i int) string {
	if i < 0 || i >= len(w.low) {
		return ""
	}
	return w.low[i]
}

func (w words) capitalised(i int) bool {
	if i < 0 || i >= len(w.raw) || w.raw[i] == "" {
		return false
	}
	c := w.raw[i][0]
	return 'A' <= c && c <= 'Z'
}

// month returns the month word i names, 0 if none. "May" and "March" are
// also a modal and a verb, so alone they count only capitalised and next
// to a number or after a preposition.
func (w words) month(i int) int {
	s := strings.TrimSuffix(w.at(i), ".")
	m := months[s]
	if m == 0 || !w.capitalised(i) && !w.loose() {
		return 0
	}
	if s == "may" || s == "march" || s == "mar" {
		if _, ok := dayNumber(w.at(i + 1)); ok {
			return m
		}
		if _, ok := dayNumber(w.at(i - 1)); ok {
			return m
		}
		if preps[w.at(i-1)] || yearNumber(w.at(i+1)) > 0 {
			return m
		}
		return 0
	}
	return m
}

// loose says the words come alone, from Resolve, without the text as
// written: capitalisation is then no evidence and a bare number may be a
// year, since the caller says it is a time expression.
func (w words) loose() bool { return len(w.raw) == 0 }

// dayNumber reads "3", "03", "3rd", "21st".
func dayNumber(s string) (int, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if t, ok := strings.CutSuffix(s, suf); ok {
			s = t
			break
		}
	}
	if len(s) == 0 || len(s) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 31 {
		return 0, false
	}
	return n, true
}

// yearNumber reads a four-digit year in a plausible range for news, 0
// if s is not one.
func yearNumber(s string) int {
	if len(s) != 4 {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1800 || n > 2199 {
		return 0
	}
	return n
}

// count reads "a", "two", "3".
func count(s string) (int, bool) {
	if n, ok := numbers[s]; ok {
		return n, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 1000 {
		return 0, false
	}
	return n, true
}

// isoDate reads "2023-11-05".
func isoDate(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	y = yearNumber(s[:4])
	m, err1 := strconv.Atoi(s[5:7])
	d, err2 := strconv.Atoi(s[8:10])
	if y == 0 || err1 != nil || err2 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// isDash says s is a hyphen or dash joining a range.
func isDash(s string) bool { return s == "-" || s == "–" || s == "—" }

// match recognises the longest time expression starting at word i,
// returning how many words it covers.
func (w words) match(i int) (int, expr, bool) {
	s := w.at(i)
	if preps[s] {
		if n, e, ok := w.core(i + 1); ok && e.kind != kindShift && e.kind != kindAgo && e.kind != kindDeictic {
			e.prep = s
			return n + 1, e, true
		}
	}
	switch s {
	case "from", "between":
		// "from 2019 to 2021", "between 2019 and 2021"
		y1, y2 := yearNumber(w.at(i+1)), yearNumber(w.at(i+3))
		sep := w.at(i + 2)
		if y1 > 0 && y2 >= y1 && (s == "from" && (sep == "to" || sep == "until" || sep == "till") || s == "between" && sep == "and") {
			return 4, expr{kind: kindYearSpan, y: y1, y2: y2, prep: s}, true
		}
	}
	return w.core(i)
}

// core recognises an expression without a leading preposition.
func (w words) core(i int) (int, expr, bool) {
	s := w.at(i)
	if s == "" {
		return 0, expr{}, false
	}
	// Weekdays, with or without a modifier.
	if wd, ok := weekdays[s]; ok && (w.loose() || w.capitalised(i)) {
		// "Sunday, September 15, 2019": the date says it all.
		j := i + 1
		if w.at(j) == "," {
			j++
		}
		if n, e, ok := w.core(j); ok && e.kind == kindDate && e.m != 0 {
			return j - i + n, e, true
		}
		// "on Sunday night" is still that Sunday.
		switch w.at(i + 1) {
		case "morning", "afternoon", "evening", "night":
			return 2, expr{kind: kindWeekday, wd: wd}, true
		}
		return 1, expr{kind: kindWeekday, wd: wd}, true
	}
	mod := modifiers[s]
	if mod != 0 {
		nx := w.at(i + 1)
		if wd, ok := weekdays[nx]; ok {
			return 2, expr{kind: kindWeekday, wd: wd, mod: mod}, true
		}
		if u, ok := units[nx]; ok && u != Day && (nx == string(u)) {
			return 2, expr{kind: kindRelUnit, unit: u, n: mod - modThis}, true
		}
		if s == "this" && (nx == "morning" || nx == "afternoon" || nx == "evening") {
			return 2, expr{kind: kindDeictic}, true
		}
		if s == "last" && nx == "night" {
			return 2, expr{kind: kindDeictic, n: -1}, true
		}
	}
	// "earlier this year", "later this month"
	if (s == "earlier" || s == "later") && w.at(i+1) == "this" {
		if u, ok := units[w.at(i+2)]; ok && u != Day {
			return 3, expr{kind: kindRelUnit, unit: u}, true
		}
	}
	if n, ok := deictics[s]; ok {
		return 1, expr{kind: kindDeictic, n: n}, true
	}
	if s == "the" {
		// "the day before yesterday", "the day after tomorrow"
		if w.at(i+1) == "day" && (w.at(i+2) == "before" && w.at(i+3) == "yesterday") {
			return 4, expr{kind: kindDeictic, n: -2}, true
		}
		if w.at(i+1) == "day" && (w.at(i+2) == "after" && w.at(i+3) == "tomorrow") {
			return 4, expr{kind: kindDeictic, n: 2}, true
		}
		// "the day before", "the next day", "the previous day"
		if w.at(i+1) == "day" {
			switch w.at(i + 2) {
			case "before":
				return 3, expr{kind: kindShift, n: 1, unit: Day, dir: -1}, true
			case "after":
				return 3, expr{kind: kindShift, n: 1, unit: Day, dir: 1}, true
			}
		}
		if w.at(i+2) == "day" {
			switch w.at(i + 1) {
			case "next", "following":
				return 3, expr{kind: kindShift, n: 1, unit: Day, dir: 1}, true
			case "previous", "preceding":
				return 3, expr{kind: kindShift, n: 1, unit: Day, dir: -1}, true
			}
		}
		// "the 3rd", "the 3rd of November"
		if d, ok := dayNumber(w.at(i + 1)); ok && strings.IndexFunc(w.at(i+1), isLetter) > 0 {
			if w.at(i+2) == "of" {
				if m := w.month(i + 3); m > 0 {
					n, e := w.withYear(i+4, expr{kind: kindDate, m: m, d: d})
					return 4 + n, e, true
				}
			}
			return 2, expr{kind: kindDate, d: d}, true
		}
	}
	// "two days ago", "a day after", "three weeks later"
	if n, ok := count(s); ok {
		if u, ok := units[w.at(i+1)]; ok {
			switch w.at(i + 2) {
			case "ago":
				return 3, expr{kind: kindAgo, n: n, unit: u}, true
			case "after", "later":
				return 3, expr{kind: kindShift, n: n, unit: u, dir: 1}, true
			case "before", "earlier":
				return 3, expr{kind: kindShift, n: n, unit: u, dir: -1}, true
			}
		}
	}
	if y, m, d, ok := isoDate(s); ok {
		return 1, expr{kind: kindDate, y: y, m: m, d: d}, true
	}
	// "mid-2023", "early 2023", "mid - 2023"
	if p, t, ok := strings.Cut(s, "-"); ok && parts[p] != 0 && yearNumber(t) > 0 {
		return 1, expr{kind: kindYear, y: yearNumber(t), part: parts[p]}, true
	}
	if part := parts[s]; part != 0 {
		if y := yearNumber(w.at(i + 1)); y > 0 {
			return 2, expr{kind: kindYear, y: y, part: part}, true
		}
		if isDash(w.at(i+1)) && yearNumber(w.at(i+2)) > 0 {
			return 3, expr{kind: kindYear, y: yearNumber(w.at(i + 2)), part: part}, true
		}
	}
	// "3 January", "3 January 2024"
	if d, ok := dayNumber(s); ok {
		if m := w.month(i + 1); m > 0 {
			n, e := w.withYear(i+2, expr{kind: kindDate, m: m, d: d})
			return 2 + n, e, true
		}
	}
	// "January 3", "Jan. 3, 2024", "December", "December 2023"
	if m := w.month(i); m > 0 {
		if d, ok := dayNumber(w.at(i + 1)); ok {
			n, e := w.withYear(i+2, expr{kind: kindDate, m: m, d: d})
			return 2 + n, e, true
		}
		if y := yearNumber(w.at(i + 1)); y > 0 {
			return 2, expr{kind: kindMonth, m: m, y: y}, true
		}
		// A bare month name needs a capital or a preposition: "march"
		// is a verb, "may" a modal.
		return 1, expr{kind: kindMonth, m: m}, true
	}
	if y := yearNumber(s); y > 0 {
		// "2019-2020"
		if isDash(w.at(i+1)) && yearNumber(w.at(i+2)) > y {
			return 3, expr{kind: kindYearSpan, y: y, y2: yearNumber(w.at(i + 2))}, true
		}
		// A bare number is a year only after a preposition (the caller
		// checks) or when Resolve is asked about it.
		if w.loose() || preps[w.at(i-1)] {
			return 1, expr{kind: kindYear, y: y}, true
		}
	}
	return 0, expr{}, false
}

// withYear extends a day and month with a following year ("3 January
// 2024", "Jan. 3, 2024").
func (w words) withYear(i int, e expr) (int, expr) {
	if y := yearNumber(w.at(i)); y > 0 {
		e.y = y
		return 1, e
	}
	if w.at(i) == "," {
		if y := yearNumber(w.at(i + 1)); y > 0 {
			e.y = y
			return 2, e
		}
	}
	return 0, e
}

func isLetter(r rune) bool { return 'a' <= r && r <= 'z' }
