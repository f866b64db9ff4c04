// Package timex finds time expressions in an article ("on Sunday", "a
// day after", "since 2019") and resolves them to ISO 8601 dates against
// the publication date, or against the day a quoted speaker spoke.
//
// Relative expressions need the tense of the clause they attach to: "on
// Sunday" with a past verb is the last Sunday, with "will" the next one.
// The tense is read from the dependency tree the parse stage leaves, and
// news is about the past, so without evidence the past wins.
//
// The rules, in short:
//   - A bare weekday that is the anchor's own weekday is the anchor ("on
//     Sunday" in a Sunday paper). Otherwise the past (or no evidence)
//     takes the last such day, 1 to 6 days back, and the future the next
//     one; "last"/"next" always move, "this" looks forward unless the
//     verb is past.
//   - The future is will, 'll, shall, would (reported speech looks
//     forward from the speech), going to, is to, an infinitive under a
//     present verb, and the present progressive ("is visiting on
//     Monday"); the past is a VBD verb or auxiliary and has/have/had.
//   - A month or day without a year goes to the tense's side of the
//     anchor; a month without tense to the past, a day to the nearest.
//   - "a day after <event>" dates the event a day before the clause's
//     time (the last day named in the sentence or the one before, else
//     the anchor); "a day later", "the day before" standing alone move
//     from it.
//   - In quotes, and in reported clauses in the future, the anchor is the
//     day the words were said when the narrative names it (same sentence
//     or the two before), else the publication date.
//   - "since" and "until" open a value into a range (Start or End).
package timex

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Tense is the time of the clause an expression attaches to, relative to
// its anchor.
type Tense int

const (
	// TenseUnknown means no evidence: news prefers the past.
	TenseUnknown Tense = iota
	TensePast
	TenseFuture
)

func (t Tense) String() string {
	switch t {
	case TensePast:
		return "past"
	case TenseFuture:
		return "future"
	}
	return "unknown"
}

// Granularity is how precise a value is.
type Granularity string

const (
	Day   Granularity = "day"
	Week  Granularity = "week"
	Month Granularity = "month"
	Year  Granularity = "year"
)

// Value is a resolved time expression.
type Value struct {
	// Value is ISO 8601 at the granularity: "2023-11-05", "2023-W45",
	// "2023-11", "2023". A range gives its first part ("2019" for
	// "2019-2021"); Start and End bound it.
	Value       string
	Granularity Granularity
	// Start and End are inclusive ISO dates for ranges and parts of
	// years ("since 2019", "mid-2023"), empty when open or not a range.
	Start, End string
	// Date is the first day the value covers, in the anchor's zone.
	Date time.Time
}

// ErrNotTime is returned by Resolve for text that is not a time
// expression it knows.
var ErrNotTime = errors.New("not a time expression")

// Resolve resolves one time expression, written alone ("on Sunday",
// "last month", "3 January 2024"), against anchor with the given tense.
// A shift such as "a day after" is read as standing alone (the day after
// the anchor); in running text the stage also handles "a day after
// <event>", which dates the event a day before the clause's time.
func Resolve(text string, tense Tense, anchor time.Time) (Value, error) {
	w := words{low: split(strings.ToLower(text))}
	n, e, ok := w.match(0)
	if !ok || n != len(w.low) {
		return Value{}, fmt.Errorf("timex: resolve %q: %w", text, ErrNotTime)
	}
	v, err := resolve(e, tense, anchor)
	if err != nil {
		return Value{}, fmt.Errorf("timex: resolve %q: %w", text, err)
	}
	return v, nil
}

// split tokenises an expression for Resolve much as the text stage does
// for the patterns' sake: commas and dashes between years apart, "Jan."
// whole.
func split(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		comma := strings.HasSuffix(f, ",")
		f = strings.TrimRight(f, ",")
		if a, b, ok := cutDash(f); ok {
			out = append(out, a, "-", b)
		} else if f != "" {
			out = append(out, f)
		}
		if comma {
			out = append(out, ",")
		}
	}
	return out
}

// cutDash splits "2019-2020" and "2019–2020" (but not ISO dates or
// "mid-2023").
func cutDash(f string) (string, string, bool) {
	for _, d := range []string{"-", "–", "—"} {
		a, b, ok := strings.Cut(f, d)
		if ok && yearNumber(a) > 0 && yearNumber(b) > 0 {
			return a, b, true
		}
	}
	return "", "", false
}

// day truncates t to midnight in its own zone.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func isoDay(t time.Time) string  { return t.Format("2006-01-02") }
func isoWeek(t time.Time) string { y, w := t.ISOWeek(); return fmt.Sprintf("%04d-W%02d", y, w) }

// valueAt renders the period of granularity g that contains t.
func valueAt(t time.Time, g Granularity) Value {
	v := Value{Granularity: g}
	switch g {
	case Day:
		v.Value, v.Date = isoDay(t), day(t)
	case Week:
		// ISO weeks start on Monday.
		back := (int(t.Weekday()) + 6) % 7
		v.Value, v.Date = isoWeek(t), day(t).AddDate(0, 0, -back)
	case Month:
		v.Value = t.Format("2006-01")
		v.Date = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
	case Year:
		v.Value = fmt.Sprintf("%04d", t.Year())
		v.Date = time.Date(t.Year(), 1, 1, 0, 0, 0, 0, t.Location())
	}
	return v
}

// validDate builds y-m-d, failing on dates that do not exist
// ("30 February") instead of letting time.Date normalise them.
func validDate(y, m, d int, loc *time.Location) (time.Time, error) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, fmt.Errorf("no such date %04d-%02d-%02d", y, m, d)
	}
	return t, nil
}

// resolve turns a recognised expression into a value; "since" and
// "until" open it into a range.
func resolve(e expr, tense Tense, anchor time.Time) (Value, error) {
	v, err := resolvePoint(e, tense, anchor)
	if err != nil || e.kind == kindYearSpan {
		return v, err
	}
	return bound(v, e.prep), nil
}

// resolvePoint resolves e as the period it names.
func resolvePoint(e expr, tense Tense, anchor time.Time) (Value, error) {
	if anchor.IsZero() {
		if !e.absolute() {
			return Value{}, errors.New("no anchor date")
		}
		anchor = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	a := day(anchor)
	loc := a.Location()
	switch e.kind {
	case kindWeekday:
		return valueAt(a.AddDate(0, 0, weekdayOffset(a.Weekday(), e.wd, e.mod, tense)), Day), nil
	case kindDeictic:
		return valueAt(a.AddDate(0, 0, e.n), Day), nil
	case kindAgo:
		return valueAt(shift(a, e.unit, -e.n), e.unit), nil
	case kindShift:
		g := e.unit
		if g == Week {
			// "two weeks later" names a day, fourteen days on.
			g = Day
		}
		dir := e.dir
		if e.complement {
			// "a day after X" dates X a day before the clause's time.
			dir = -dir
		}
		return valueAt(shift(a, e.unit, dir*e.n), g), nil
	case kindRelUnit:
		return valueAt(shift(a, e.unit, e.n), e.unit), nil
	case kindDate:
		return resolveDate(e, tense, a)
	case kindMonth:
		y := e.y
		if y == 0 {
			y = a.Year()
			switch {
			case tense == TenseFuture && e.m < int(a.Month()):
				y++
			case tense != TenseFuture && e.m > int(a.Month()):
				y--
			}
		}
		return valueAt(time.Date(y, time.Month(e.m), 1, 0, 0, 0, 0, loc), Month), nil
	case kindYear:
		v := valueAt(time.Date(e.y, 1, 1, 0, 0, 0, 0, loc), Year)
		switch e.part {
		case partEarly:
			v.Start, v.End = fmt.Sprintf("%04d-01-01", e.y), fmt.Sprintf("%04d-04-30", e.y)
		case partMid:
			v.Start, v.End = fmt.Sprintf("%04d-05-01", e.y), fmt.Sprintf("%04d-08-31", e.y)
		case partLate:
			v.Start, v.End = fmt.Sprintf("%04d-09-01", e.y), fmt.Sprintf("%04d-12-31", e.y)
		}
		return v, nil
	case kindYearSpan:
		v := valueAt(time.Date(e.y, 1, 1, 0, 0, 0, 0, loc), Year)
		v.Start, v.End = fmt.Sprintf("%04d-01-01", e.y), fmt.Sprintf("%04d-12-31", e.y2)
		return v, nil
	}
	return Value{}, ErrNotTime
}

// bound opens a value into a range when its preposition says so:
// "since 2019" runs from the start of 2019 on, "until 2021" up to its end.
func bound(v Value, prep string) Value {
	switch prep {
	case "since":
		if v.Start == "" {
			v.Start = isoDay(v.Date)
		}
		v.End = ""
	case "until", "till", "by":
		if v.End == "" {
			v.End = isoDay(periodEnd(v))
		}
		v.Start = ""
	}
	return v
}

// periodEnd is the last day of v's period.
func periodEnd(v Value) time.Time {
	switch v.Granularity {
	case Week:
		return v.Date.AddDate(0, 0, 6)
	case Month:
		return v.Date.AddDate(0, 1, -1)
	case Year:
		return v.Date.AddDate(1, 0, -1)
	}
	return v.Date
}

// shift moves t by n units.
func shift(t time.Time, u Granularity, n int) time.Time {
	switch u {
	case Week:
		return t.AddDate(0, 0, 7*n)
	case Month:
		// From the first of the month, so "last month" on 31 March is
		// February, not 3 March.
		return time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, t.Location())
	case Year:
		return time.Date(t.Year()+n, 1, 1, 0, 0, 0, 0, t.Location())
	}
	return t.AddDate(0, 0, n)
}

// weekdayOffset is how many days from a weekday on the anchor to the
// weekday meant. A bare weekday that is the anchor's own is the anchor
// itself: "on Sunday" in a Sunday paper is that Sunday. Otherwise the
// tense picks the last such day (1 to 6 days back) or the next one (1 to
// 6 days on); "last" and "next" always move, by up to a week.
func weekdayOffset(on, want time.Weekday, mod int, tense Tense) int {
	fwd := (int(want) - int(on) + 7) % 7
	back := (int(on) - int(want) + 7) % 7
	switch mod {
	case modLast:
		if back == 0 {
			back = 7
		}
		return -back
	case modNext:
		if fwd == 0 {
			fwd = 7
		}
		return fwd
	case modThis:
		// "this Friday" is mostly the coming one unless the verb says
		// it is past.
		if tense == TensePast {
			return -back
		}
		return fwd
	}
	if tense == TenseFuture {
		return fwd
	}
	return -back
}

// resolveDate resolves a day with or without month and year. A missing
// year (or month) is the one that puts the date on the tense's side of
// the anchor; without tense, the nearest.
func resolveDate(e expr, tense Tense, a time.Time) (Value, error) {
	loc := a.Location()
	if e.y != 0 {
		t, err := validDate(e.y, e.m, e.d, loc)
		if err != nil {
			return Value{}, err
		}
		return valueAt(t, Day), nil
	}
	// Candidates around the anchor: the same month or year and its
	// neighbours.
	var cands []time.Time
	for k := -1; k <= 1; k++ {
		var y, m int
		if e.m == 0 {
			t := time.Date(a.Year(), a.Month()+time.Month(k), 1, 0, 0, 0, 0, loc)
			y, m = t.Year(), int(t.Month())
		} else {
			y, m = a.Year()+k, e.m
		}
		if t, err := validDate(y, m, e.d, loc); err == nil {
			cands = append(cands, t)
		}
	}
	var best time.Time
	var bestDist time.Duration = -1
	for _, t := range cands {
		d := t.Sub(a)
		if tense == TensePast && d > 0 || tense == TenseFuture && d < 0 {
			continue
		}
		if d < 0 {
			d = -d
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = t, d
		}
	}
	if bestDist < 0 {
		return Value{}, fmt.Errorf("no such date: day %d month %d", e.d, e.m)
	}
	return valueAt(best, Day), nil
}
