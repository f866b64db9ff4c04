package ingest

import (
	"strings"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	utc := time.UTC
	pkt := time.FixedZone("", 5*3600)
	tests := []struct {
		in        string
		want      time.Time
		offset    int // seconds east of UTC
		precision string
	}{
		{"2023-11-05", time.Date(2023, 11, 5, 0, 0, 0, 0, utc), 0, "day"},
		{" 2023-11-05 ", time.Date(2023, 11, 5, 0, 0, 0, 0, utc), 0, "day"},
		{"2023/11/05", time.Date(2023, 11, 5, 0, 0, 0, 0, utc), 0, "day"},
		{"2023-11-05T10:00:00+05:00", time.Date(2023, 11, 5, 10, 0, 0, 0, pkt), 5 * 3600, "second"},
		{"2023-11-05T10:00:00.123Z", time.Date(2023, 11, 5, 10, 0, 0, 123e6, utc), 0, "second"},
		{"2023-11-05T10:00:00+0500", time.Date(2023, 11, 5, 10, 0, 0, 0, pkt), 5 * 3600, "second"},
		{"2023-11-05T10:00+05:00", time.Date(2023, 11, 5, 10, 0, 0, 0, pkt), 5 * 3600, "minute"},
		{"2023-11-05T10:00:00", time.Date(2023, 11, 5, 10, 0, 0, 0, utc), 0, "second"},
		{"2023-11-05 10:00:00", time.Date(2023, 11, 5, 10, 0, 0, 0, utc), 0, "second"},
		{"2023-11-05 10:00:00 -0400", time.Date(2023, 11, 5, 14, 0, 0, 0, utc), -4 * 3600, "second"},
		{"Sun, 05 Nov 2023 10:00:00 +0500", time.Date(2023, 11, 5, 10, 0, 0, 0, pkt), 5 * 3600, "second"},
		{"Sun, 5 Nov 2023 10:00:00 +0500", time.Date(2023, 11, 5, 10, 0, 0, 0, pkt), 5 * 3600, "second"},
		{"Sun, 05 Nov 2023 10:00:00 GMT", time.Date(2023, 11, 5, 10, 0, 0, 0, utc), 0, "second"},
		{"Sun, 05 Nov 2023 10:00:00 EST", time.Date(2023, 11, 5, 15, 0, 0, 0, utc), -5 * 3600, "second"},
		{"Sun, 05 Nov 2023 10:00:00 PKT", time.Date(2023, 11, 5, 5, 0, 0, 0, utc), 5 * 3600, "second"},
		{"Sun, 05 Nov 2023 10:00 +0500", time.Date(2023, 11, 5, 10, 0, 0, 0, pkt), 5 * 3600, "minute"},
		{"Sun, 05 Nov 23 10:00:00 +0500", time.Date(2023, 11, 5, 10, 0, 0, 0, pkt), 5 * 3600, "second"},
		{"Sunday, 05-Nov-23 10:00:00 UTC", time.Date(2023, 11, 5, 10, 0, 0, 0, utc), 0, "second"},
		{"05 Nov 23 10:00 +0500", time.Date(2023, 11, 5, 10, 0, 0, 0, pkt), 5 * 3600, "minute"},
		{"Sun Nov  5 10:00:00 2023", time.Date(2023, 11, 5, 10, 0, 0, 0, utc), 0, "second"},
		{"November 5, 2023", time.Date(2023, 11, 5, 0, 0, 0, 0, utc), 0, "day"},
		{"november 5 2023", time.Date(2023, 11, 5, 0, 0, 0, 0, utc), 0, "day"},
		{"5 November 2023", time.Date(2023, 11, 5, 0, 0, 0, 0, utc), 0, "day"},
		{"Nov 5, 2023", time.Date(2023, 11, 5, 0, 0, 0, 0, utc), 0, "day"},
		{"Nov. 5, 2023", time.Date(2023, 11, 5, 0, 0, 0, 0, utc), 0, "day"},
		{"Sept. 5, 2023", time.Date(2023, 9, 5, 0, 0, 0, 0, utc), 0, "day"},
		{"November 5th, 2023", time.Date(2023, 11, 5, 0, 0, 0, 0, utc), 0, "day"},
		{"Friday, January 4, 2019", time.Date(2019, 1, 4, 0, 0, 0, 0, utc), 0, "day"},
		{"Friday 4 January 2019", time.Date(2019, 1, 4, 0, 0, 0, 0, utc), 0, "day"},
		{"Nov 5, 2023 3:04 pm", time.Date(2023, 11, 5, 15, 4, 0, 0, utc), 0, "minute"},
		{"November 5, 2023 3:04 p.m.", time.Date(2023, 11, 5, 15, 4, 0, 0, utc), 0, "minute"},
	}
	for _, tt := range tests {
		got, prec, err := ParseTime(tt.in)
		if err != nil {
			t.Errorf("ParseTime(%q): %v", tt.in, err)
			continue
		}
		_, off := got.Zone()
		if !got.Equal(tt.want) || off != tt.offset || prec != tt.precision {
			t.Errorf("ParseTime(%q) = %v offset %d %q, want %v offset %d %q", tt.in, got, off, prec, tt.want, tt.offset, tt.precision)
		}
	}
}

func TestParseTimeErrors(t *testing.T) {
	for _, in := range []string{"", "   ", "yesterday", "2023-13-45", "05/11/2023", "Sun, 05 Nov 2023 10:00:00 XYZ", "2023"} {
		_, _, err := ParseTime(in)
		if err == nil || !strings.HasPrefix(err.Error(), "cannot parse ") {
			t.Errorf("ParseTime(%q) err = %v, want cannot parse ...", in, err)
		}
	}
}

// TestParseTimeLocalZone checks that the machine's zone does not leak into
// results: time.Parse would otherwise return time.Local for an offset or
// abbreviation the local zone shares.
func TestParseTimeLocalZone(t *testing.T) {
	saved := time.Local
	time.Local = time.FixedZone("EST", -5*3600)
	t.Cleanup(func() { time.Local = saved })
	for _, in := range []string{"2023-11-05T10:00:00-05:00", "Sun, 05 Nov 2023 10:00:00 EST", "Sun, 05 Nov 2023 10:00:00 -0500"} {
		got, _, err := ParseTime(in)
		if err != nil {
			t.Fatal(err)
		}
		if _, off := got.Zone(); got.Location() == time.Local || off != -5*3600 || got.Hour() != 10 {
			t.Errorf("ParseTime(%q) = %v in %v", in, got, got.Location())
		}
	}
}
