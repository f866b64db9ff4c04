package timex_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/testkit"
	"github.com/dyad-events/dyad/internal/timex"
)

// analyse runs the language stages and the timex stage on body.
func analyse(t testing.TB, body string, published time.Time) *doc.Document {
	t.Helper()
	return testkit.Analyse(t, body, published, timex.New())
}

// TestSeedArticle checks the dates of the worked acceptance example.
func TestSeedArticle(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "acceptance", "seed", "article.txt")
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("seed article %s absent (../shared is not checked out here)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	d := analyse(t, string(b), time.Date(2023, 11, 5, 0, 0, 0, 0, time.FixedZone("PKT", 5*3600)))
	for _, tx := range d.Times {
		t.Logf("%q -> %s %s [%s,%s] anchor=%s conf=%.2f", tx.Text, tx.Value, tx.Granularity, tx.Start, tx.End, tx.Anchor, tx.Confidence)
	}
	for _, p := range d.Problems {
		t.Logf("problem: %s", p.Message)
	}
	want := []struct{ text, value string }{
		{"on Sunday", "2023-11-05"},
		{"a day after", "2023-11-04"},
		{"on Monday", "2023-11-06"},
		{"tomorrow", "2023-11-06"},
		{"since 2019", "2019"},
	}
	for _, w := range want {
		found := false
		for _, tx := range d.Times {
			if tx.Text != w.text {
				continue
			}
			found = true
			if tx.Value != w.value {
				t.Errorf("%q at %d: value %s, want %s", w.text, tx.Span.Start, tx.Value, w.value)
			}
			if d.Text(tx.Span) != tx.Text {
				t.Errorf("%q: span %v covers %q", w.text, tx.Span, d.Text(tx.Span))
			}
		}
		if !found {
			t.Errorf("%q not found", w.text)
		}
	}
}

// TestStage runs the whole chain on short texts: the tense comes from
// the parse, a shift from the day before it, a quote's day from the
// reporting clause.
func TestStage(t *testing.T) {
	wed := time.Date(2023, 11, 8, 10, 0, 0, 0, time.UTC)
	thu := time.Date(2023, 11, 9, 10, 0, 0, 0, time.UTC)
	jan1 := time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)
	nov5 := time.Date(2023, 11, 5, 10, 0, 0, 0, time.UTC)
	type tx struct{ text, value, anchor string }
	tests := []struct {
		name      string
		published time.Time
		body      string
		want      []tx
	}{
		{"past weekday", wed, "The minister visited Gaza on Monday.", []tx{{"on Monday", "2023-11-06", "published"}}},
		{"future weekday", wed, "The minister will visit Gaza on Monday.", []tx{{"on Monday", "2023-11-13", "published"}}},
		{"progressive future", wed, "The minister is visiting Gaza on Monday.", []tx{{"on Monday", "2023-11-13", "published"}}},
		{"going to", wed, "The minister is going to visit Gaza on Monday.", []tx{{"on Monday", "2023-11-13", "published"}}},
		{"present perfect", wed, "The minister has visited Gaza on Monday.", []tx{{"on Monday", "2023-11-06", "published"}}},
		{"no tense prefers past", wed, "Protests in Gaza on Monday.", []tx{{"on Monday", "2023-11-06", "published"}}},
		{"reported would", wed, "He said on Tuesday that he would visit Gaza on Friday.", []tx{{"on Tuesday", "2023-11-07", "published"}, {"on Friday", "2023-11-10", "speech"}}},
		{"december past", jan1, "Talks were held in December.", []tx{{"in December", "2023-12", "published"}}},
		{"december future", jan1, "Talks will be held in December.", []tx{{"in December", "2024-12", "published"}}},
		{"december future near", nov5, "Talks will be held in December.", []tx{{"in December", "2023-12", "published"}}},
		{"sunday at new year", jan1, "The ceasefire collapsed on Sunday.", []tx{{"on Sunday", "2023-12-31", "published"}}},
		{"a day after with complement", wed, "The ceasefire collapsed on Sunday, a day after the talks ended.", []tx{{"on Sunday", "2023-11-05", "published"}, {"a day after", "2023-11-04", "published"}}},
		{"a day later", wed, "The talks ended on Saturday. A day later, the ceasefire collapsed.", []tx{{"on Saturday", "2023-11-04", "published"}, {"A day later", "2023-11-05", "published"}}},
		{"the day before unanchored", wed, "The day before, the talks had ended.", []tx{{"The day before", "2023-11-07", "published"}}},
		{"quote said on a day", thu, "“We met yesterday,” he said on Tuesday.", []tx{{"yesterday", "2023-11-06", "speech"}, {"on Tuesday", "2023-11-07", "published"}}},
		{"quote without a day", thu, "“We met yesterday,” he said.", []tx{{"yesterday", "2023-11-08", "published"}}},
		{"ago and since", wed, "He left two days ago and has lived in Doha since 2019.", []tx{{"two days ago", "2023-11-06", "published"}, {"since 2019", "2019", ""}}},
		{"range", wed, "He led the party from 2019 to 2021 and in 2019-2020 chaired it.", []tx{{"from 2019 to 2021", "2019", ""}, {"in 2019-2020", "2019", ""}}},
		{"not months", wed, "Protesters may march in the capital tomorrow.", []tx{{"tomorrow", "2023-11-09", "published"}}},
		{"dates", wed, "The vote on 3 January 2024 follows the one on Nov. 2 and mid-2023 polls. Sunday, September 15, 2019 was calm on Sunday night.", []tx{
			{"on 3 January 2024", "2024-01-03", ""}, {"on Nov. 2", "2023-11-02", "published"}, {"mid-2023", "2023", ""},
			{"Sunday, September 15, 2019", "2019-09-15", ""}, {"on Sunday night", "2023-11-05", "published"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := analyse(t, tt.body, tt.published)
			var got []tx
			for _, x := range d.Times {
				if d.Text(x.Span) != x.Text {
					t.Errorf("%q: span %v covers %q", x.Text, x.Span, d.Text(x.Span))
				}
				if x.Granularity == "" || x.Confidence <= 0 {
					t.Errorf("%q: granularity %q, confidence %v", x.Text, x.Granularity, x.Confidence)
				}
				got = append(got, tx{x.Text, x.Value, x.Anchor})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("times %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("time %d = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestStageNoPublished checks that without a publication date absolute
// expressions still resolve and relative ones become problems.
func TestStageNoPublished(t *testing.T) {
	d := analyse(t, "He left on Sunday and has lived in Doha since 2019.", time.Time{})
	if len(d.Times) != 1 || d.Times[0].Text != "since 2019" || d.Times[0].Value != "2019" {
		t.Errorf("times %+v, want only since 2019", d.Times)
	}
	n := 0
	for _, p := range d.Problems {
		if p.Stage == "timex" {
			n++
			if d.Text(p.Span) != "on Sunday" {
				t.Errorf("problem at %q, want on Sunday", d.Text(p.Span))
			}
		}
	}
	if n != 1 {
		t.Errorf("%d timex problems, want 1: %+v", n, d.Problems)
	}
}
