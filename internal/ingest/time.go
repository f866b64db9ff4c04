package ingest

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Date precisions reported by ParseTime.
const (
	PrecisionDay    = "day"
	PrecisionMinute = "minute"
	PrecisionSecond = "second"
)

// timeLayout is one accepted way of writing a publication time.
type timeLayout struct {
	layout    string
	precision string
}

// timeLayouts are tried in order; the first that parses wins. Day numbers
// use "2" so that both "5" and "05" are accepted, and month and weekday
// names match case-insensitively (time.Parse does that itself). Dots after
// abbreviated months, ordinal suffixes ("5th") and "Sept" are removed
// before parsing (see cleanTime).
var timeLayouts = []timeLayout{
	// ISO 8601 / RFC 3339 and the variants found in meta tags and JSON-LD.
	// Fractional seconds are accepted by time.Parse after the seconds field
	// even when the layout has none.
	{time.RFC3339, PrecisionSecond},
	{"2006-01-02T15:04:05Z0700", PrecisionSecond},
	{"2006-01-02T15:04:05", PrecisionSecond},
	{"2006-01-02T15:04Z07:00", PrecisionMinute},
	{"2006-01-02T15:04Z0700", PrecisionMinute},
	{"2006-01-02T15:04", PrecisionMinute},
	{"2006-01-02 15:04:05Z07:00", PrecisionSecond},
	{"2006-01-02 15:04:05 Z07:00", PrecisionSecond},
	{"2006-01-02 15:04:05 -0700 MST", PrecisionSecond}, // Go's time.Time.String
	{"2006-01-02 15:04:05 -0700", PrecisionSecond},
	{"2006-01-02 15:04:05 MST", PrecisionSecond},
	{"2006-01-02 15:04:05", PrecisionSecond},
	{"2006-01-02 15:04 -0700", PrecisionMinute},
	{"2006-01-02 15:04", PrecisionMinute},
	{"2006-01-02", PrecisionDay},
	{"2006/01/02", PrecisionDay},

	// RFC 1123, RFC 822, RFC 850 and what feeds actually write.
	{"Mon, 2 Jan 2006 15:04:05 -0700", PrecisionSecond},
	{"Mon, 2 Jan 2006 15:04:05 Z07:00", PrecisionSecond},
	{"Mon, 2 Jan 2006 15:04:05 -0700 (MST)", PrecisionSecond},
	{"Mon, 2 Jan 2006 15:04:05 MST", PrecisionSecond},
	{"Mon, 2 Jan 2006 15:04 -0700", PrecisionMinute},
	{"Mon, 2 Jan 2006 15:04 MST", PrecisionMinute},
	{"Mon, 2 Jan 06 15:04:05 -0700", PrecisionSecond},
	{"Mon, 2 Jan 06 15:04:05 MST", PrecisionSecond},
	{"Mon, 2 Jan 2006 15:04:05", PrecisionSecond},
	{"Monday, 2 Jan 2006 15:04:05 -0700", PrecisionSecond},
	{"Monday, 2 Jan 2006 15:04:05 MST", PrecisionSecond},
	{"Monday, 02-Jan-06 15:04:05 MST", PrecisionSecond}, // RFC 850
	{"2 Jan 2006 15:04:05 -0700", PrecisionSecond},
	{"2 Jan 2006 15:04:05 MST", PrecisionSecond},
	{"2 Jan 2006 15:04 -0700", PrecisionMinute},
	{"2 Jan 2006 15:04 MST", PrecisionMinute},
	{"2 Jan 06 15:04 -0700", PrecisionMinute},        // RFC 822Z
	{"2 Jan 06 15:04 MST", PrecisionMinute},          // RFC 822
	{"Mon Jan 2 15:04:05 2006", PrecisionSecond},     // ANSI C
	{"Mon Jan 2 15:04:05 MST 2006", PrecisionSecond}, // Unix date
	{"Mon Jan 2 15:04:05 -0700 2006", PrecisionSecond},

	// Dates written out, as in bylines and datelines.
	{"January 2, 2006 3:04 PM MST", PrecisionMinute},
	{"January 2, 2006 3:04 PM", PrecisionMinute},
	{"January 2, 2006 15:04", PrecisionMinute},
	{"January 2, 2006", PrecisionDay},
	{"January 2 2006", PrecisionDay},
	{"Jan 2, 2006 3:04 PM MST", PrecisionMinute},
	{"Jan 2, 2006 3:04 PM", PrecisionMinute},
	{"Jan 2, 2006 15:04", PrecisionMinute},
	{"Jan 2, 2006", PrecisionDay},
	{"2 January 2006", PrecisionDay},
	{"2 January, 2006", PrecisionDay},
	{"2 Jan 2006", PrecisionDay},
	{"Monday, January 2, 2006", PrecisionDay},
	{"Monday January 2, 2006", PrecisionDay},
	{"Monday, January 2 2006", PrecisionDay},
	{"Monday, 2 January 2006", PrecisionDay},
	{"Monday 2 January 2006", PrecisionDay},
	{"Mon, January 2, 2006", PrecisionDay},
	{"Mon, Jan 2, 2006", PrecisionDay},
	{"Mon, 2 Jan 2006", PrecisionDay},
}

var (
	// ordinalRE matches an ordinal suffix after a day number: "5th".
	ordinalRE = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)\b`)
	// monthDotRE matches the dot after an abbreviated month: "Nov.".
	monthDotRE = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.`)
	// septRE matches "Sept", which time.Parse does not know.
	septRE = regexp.MustCompile(`(?i)\bsept\b`)
	// ampmRE matches a lowercase or dotted meridiem: "3:04 p.m.", "3:04pm".
	ampmRE = regexp.MustCompile(`(?i)(\d)\s*([ap])\.?m\.?(\s|$)`)
)

// cleanTime rewrites the spellings time.Parse cannot read into ones it
// can, without changing the value.
func cleanTime(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if strings.ContainsAny(s, "stndrh") {
		s = ordinalRE.ReplaceAllString(s, "$1")
	}
	if strings.Contains(s, ".") {
		s = monthDotRE.ReplaceAllString(s, "$1")
	}
	s = septRE.ReplaceAllString(s, "Sep")
	s = ampmRE.ReplaceAllStringFunc(s, func(m string) string {
		sm := ampmRE.FindStringSubmatch(m)
		return sm[1] + " " + strings.ToUpper(sm[2]) + "M" + sm[3]
	})
	return s
}

// ParseTime parses a publication time string, keeping the zone it was
// written in; precision is "day" for date-only values, "minute" or
// "second" for timestamps.
//
// A date alone ("2023-11-05", "November 5, 2023") is a civil date whose
// zone the source did not say: it is returned as midnight UTC with
// precision "day", and readers must treat only its year, month and day as
// meaningful. A timestamp without a zone ("2023-11-05 10:00:00") is read
// as UTC for the same reason. Zone abbreviations ("EST", "PKT") take their
// offset from data/zones.tsv; an abbreviation not listed there is an error
// rather than a silent zero offset.
func ParseTime(s string) (t time.Time, precision string, err error) {
	orig := s
	s = cleanTime(s)
	if s == "" {
		return time.Time{}, "", fmt.Errorf("cannot parse %q: empty", orig)
	}
	for _, l := range timeLayouts {
		t, err := time.Parse(l.layout, s)
		if err != nil {
			continue
		}
		switch {
		case strings.Contains(l.layout, "MST") && !strings.Contains(l.layout, "-0700"):
			t, err = fixZone(t)
			if err != nil {
				return time.Time{}, "", fmt.Errorf("cannot parse %q: %w", orig, err)
			}
		case t.Location() == time.Local:
			// time.Parse picks the local zone when it has the written offset;
			// a fixed zone keeps the result independent of the machine.
			_, off := t.Zone()
			t = t.In(time.FixedZone("", off))
		}
		return t, l.precision, nil
	}
	return time.Time{}, "", fmt.Errorf("cannot parse %q", orig)
}

// fixZone gives a time parsed with a zone abbreviation the offset the
// abbreviation stands for. time.Parse uses the local zone's offset when the
// local zone happens to share the abbreviation and zero otherwise, which
// would make the result depend on the machine.
func fixZone(t time.Time) (time.Time, error) {
	name, off := t.Zone()
	zoff, ok := loadTables().zones[strings.ToUpper(name)]
	switch {
	case ok:
		off = zoff
	case off == 0:
		return time.Time{}, fmt.Errorf("unknown time zone %q", name)
	}
	if off == 0 {
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), nil
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone(name, off)), nil
}
