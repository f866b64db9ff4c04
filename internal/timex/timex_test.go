package timex

import (
	"errors"
	"testing"
	"time"
)

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 9, 30, 0, 0, time.UTC) }

// TestWeekdayEveryDay publishes an article on each day of one week and
// checks "on Sunday" and "on Monday" in the past and the future: the
// paper's own weekday is that day, else the last one for the past (and
// without evidence) and the next one for the future.
func TestWeekdayEveryDay(t *testing.T) {
	// Published 2023-11-05 (Sunday) to 2023-11-11 (Saturday).
	tests := []struct {
		published          int // day of November 2023
		sunPast, sunFuture string
		monPast, monFuture string
	}{
		{5, "2023-11-05", "2023-11-05", "2023-10-30", "2023-11-06"},
		{6, "2023-11-05", "2023-11-12", "2023-11-06", "2023-11-06"},
		{7, "2023-11-05", "2023-11-12", "2023-11-06", "2023-11-13"},
		{8, "2023-11-05", "2023-11-12", "2023-11-06", "2023-11-13"},
		{9, "2023-11-05", "2023-11-12", "2023-11-06", "2023-11-13"},
		{10, "2023-11-05", "2023-11-12", "2023-11-06", "2023-11-13"},
		{11, "2023-11-05", "2023-11-12", "2023-11-06", "2023-11-13"},
	}
	for _, tt := range tests {
		pub := date(2023, 11, tt.published)
		for _, c := range []struct {
			expr  string
			tense Tense
			want  string
		}{
			{"on Sunday", TensePast, tt.sunPast},
			{"on Sunday", TenseUnknown, tt.sunPast},
			{"on Sunday", TenseFuture, tt.sunFuture},
			{"on Monday", TensePast, tt.monPast},
			{"on Monday", TenseUnknown, tt.monPast},
			{"on Monday", TenseFuture, tt.monFuture},
		} {
			v, err := Resolve(c.expr, c.tense, pub)
			if err != nil {
				t.Errorf("published %s, %q %v: %v", pub.Weekday(), c.expr, c.tense, err)
				continue
			}
			if v.Value != c.want || v.Granularity != Day {
				t.Errorf("published %s %s, %q %v = %s %s, want %s day", pub.Weekday(), isoDay(pub), c.expr, c.tense, v.Value, v.Granularity, c.want)
			}
		}
	}
}

func TestResolve(t *testing.T) {
	nov5 := date(2023, 11, 5) // a Sunday
	jan1 := date(2024, 1, 1)  // a Monday
	dec15 := date(2023, 12, 15)
	tests := []struct {
		expr       string
		tense      Tense
		anchor     time.Time
		value      string
		gran       Granularity
		start, end string
	}{
		// Month and year boundaries.
		{"on Sunday", TensePast, jan1, "2023-12-31", Day, "", ""},
		{"on Sunday", TenseFuture, jan1, "2024-01-07", Day, "", ""},
		{"in December", TensePast, jan1, "2023-12", Month, "", ""},
		{"in December", TenseUnknown, jan1, "2023-12", Month, "", ""},
		{"in December", TenseFuture, jan1, "2024-12", Month, "", ""},
		{"December", TenseUnknown, nov5, "2022-12", Month, "", ""},
		{"in December", TenseFuture, nov5, "2023-12", Month, "", ""},
		{"in December", TensePast, dec15, "2023-12", Month, "", ""},
		{"last month", TenseUnknown, jan1, "2023-12", Month, "", ""},
		{"this month", TenseUnknown, jan1, "2024-01", Month, "", ""},
		{"next month", TenseUnknown, dec15, "2024-01", Month, "", ""},
		{"last month", TenseUnknown, date(2024, 3, 31), "2024-02", Month, "", ""},
		{"last year", TenseUnknown, jan1, "2023", Year, "", ""},
		{"this year", TenseUnknown, jan1, "2024", Year, "", ""},
		{"next year", TenseUnknown, dec15, "2024", Year, "", ""},
		{"yesterday", TenseUnknown, jan1, "2023-12-31", Day, "", ""},
		{"tomorrow", TenseUnknown, date(2023, 12, 31), "2024-01-01", Day, "", ""},
		// Deictic and counted.
		{"tomorrow", TenseUnknown, nov5, "2023-11-06", Day, "", ""},
		{"today", TenseUnknown, nov5, "2023-11-05", Day, "", ""},
		{"tonight", TenseUnknown, nov5, "2023-11-05", Day, "", ""},
		{"this morning", TenseUnknown, nov5, "2023-11-05", Day, "", ""},
		{"last night", TenseUnknown, nov5, "2023-11-04", Day, "", ""},
		{"two days ago", TenseUnknown, nov5, "2023-11-03", Day, "", ""},
		{"3 days ago", TenseUnknown, jan1, "2023-12-29", Day, "", ""},
		{"three weeks ago", TenseUnknown, nov5, "2023-W41", Week, "", ""},
		{"a year ago", TenseUnknown, nov5, "2022", Year, "", ""},
		{"last week", TenseUnknown, nov5, "2023-W43", Week, "", ""},
		{"this week", TenseUnknown, nov5, "2023-W44", Week, "", ""},
		{"next week", TenseUnknown, nov5, "2023-W45", Week, "", ""},
		{"this week", TenseUnknown, jan1, "2024-W01", Week, "", ""},
		// Shifts standing alone count from the anchor.
		{"a day after", TenseUnknown, nov5, "2023-11-06", Day, "", ""},
		{"a day earlier", TenseUnknown, nov5, "2023-11-04", Day, "", ""},
		{"the day before", TenseUnknown, jan1, "2023-12-31", Day, "", ""},
		{"two days later", TenseUnknown, nov5, "2023-11-07", Day, "", ""},
		{"the next day", TenseUnknown, nov5, "2023-11-06", Day, "", ""},
		// Weekday modifiers.
		{"last Sunday", TenseUnknown, nov5, "2023-10-29", Day, "", ""},
		{"next Monday", TenseUnknown, nov5, "2023-11-06", Day, "", ""},
		{"this Friday", TenseUnknown, nov5, "2023-11-10", Day, "", ""},
		{"this Friday", TensePast, nov5, "2023-11-03", Day, "", ""},
		{"Sunday", TenseUnknown, date(2023, 11, 8), "2023-11-05", Day, "", ""},
		// Dates.
		{"3 January", TenseUnknown, jan1, "2024-01-03", Day, "", ""},
		{"3 January", TensePast, jan1, "2023-01-03", Day, "", ""},
		{"January 3", TenseFuture, nov5, "2024-01-03", Day, "", ""},
		{"Jan. 3", TenseUnknown, nov5, "2024-01-03", Day, "", ""},
		{"on Jan. 3, 2024", TenseUnknown, nov5, "2024-01-03", Day, "", ""},
		{"3 January 2024", TensePast, nov5, "2024-01-03", Day, "", ""},
		{"December 30", TenseUnknown, jan1, "2023-12-30", Day, "", ""},
		{"on the 3rd", TenseUnknown, nov5, "2023-11-03", Day, "", ""},
		{"on the 30th", TenseFuture, nov5, "2023-11-30", Day, "", ""},
		{"on the 30th", TensePast, nov5, "2023-10-30", Day, "", ""},
		{"2023-11-05", TenseUnknown, jan1, "2023-11-05", Day, "", ""},
		{"on 29 February 2024", TenseUnknown, nov5, "2024-02-29", Day, "", ""},
		// Years and ranges.
		{"in 2019", TenseUnknown, nov5, "2019", Year, "", ""},
		{"since 2019", TenseUnknown, nov5, "2019", Year, "2019-01-01", ""},
		{"until 2021", TenseUnknown, nov5, "2021", Year, "", "2021-12-31"},
		{"since December", TensePast, jan1, "2023-12", Month, "2023-12-01", ""},
		{"December 2023", TenseFuture, jan1, "2023-12", Month, "", ""},
		{"2019-2020", TenseUnknown, nov5, "2019", Year, "2019-01-01", "2020-12-31"},
		{"2019–2021", TenseUnknown, nov5, "2019", Year, "2019-01-01", "2021-12-31"},
		{"from 2019 to 2021", TenseUnknown, nov5, "2019", Year, "2019-01-01", "2021-12-31"},
		{"between 2019 and 2021", TenseUnknown, nov5, "2019", Year, "2019-01-01", "2021-12-31"},
		{"mid-2023", TenseUnknown, nov5, "2023", Year, "2023-05-01", "2023-08-31"},
		{"early 2023", TenseUnknown, nov5, "2023", Year, "2023-01-01", "2023-04-30"},
	}
	for _, tt := range tests {
		v, err := Resolve(tt.expr, tt.tense, tt.anchor)
		if err != nil {
			t.Errorf("Resolve(%q, %v, %s): %v", tt.expr, tt.tense, isoDay(tt.anchor), err)
			continue
		}
		if v.Value != tt.value || v.Granularity != tt.gran || v.Start != tt.start || v.End != tt.end {
			t.Errorf("Resolve(%q, %v, %s) = %s %s [%s, %s], want %s %s [%s, %s]", tt.expr, tt.tense, isoDay(tt.anchor),
				v.Value, v.Granularity, v.Start, v.End, tt.value, tt.gran, tt.start, tt.end)
		}
	}
}

func TestResolveErrors(t *testing.T) {
	nov5 := date(2023, 11, 5)
	tests := []struct {
		expr   string
		anchor time.Time
		notime bool
	}{
		{"the meeting", nov5, true},
		{"on Sunday afternoon rally", nov5, true},
		{"30 February 2023", nov5, false},
		{"on Sunday", time.Time{}, false},
	}
	for _, tt := range tests {
		_, err := Resolve(tt.expr, TenseUnknown, tt.anchor)
		if err == nil {
			t.Errorf("Resolve(%q) succeeded, want an error", tt.expr)
			continue
		}
		if got := errors.Is(err, ErrNotTime); got != tt.notime {
			t.Errorf("Resolve(%q): %v; ErrNotTime %v, want %v", tt.expr, err, got, tt.notime)
		}
	}
	// An absolute date needs no anchor.
	if v, err := Resolve("since 2019", TenseUnknown, time.Time{}); err != nil || v.Value != "2019" {
		t.Errorf("Resolve(since 2019) without anchor = %v, %v", v, err)
	}
}
