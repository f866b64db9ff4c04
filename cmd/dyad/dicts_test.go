package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/store"
	"github.com/dyad-events/dyad/internal/testkit"
)

// TestUserDictionaries: a team's own dictionaries code events in the
// pipeline beside dyad's, with their own actors (a date-restricted code
// resolved against the article's date), issues and discards, and come out
// in PETRARCH-2's evts format.
func TestUserDictionaries(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.jsonl")
	lines := []string{
		`{"id":"1","outlet":"Gazette","published":"1933-11-17","title":"Ties","text":"Freedonia restored diplomatic ties with Sylvania on Friday after a quarrel over the embassy."}`,
		`{"id":"2","outlet":"Gazette","published":"1933-11-17","title":"Firefly","text":"Rufus T. Firefly condemned Sylvania on Friday."}`,
		`{"id":"3","outlet":"Gazette","published":"1950-01-02","title":"Later","text":"Rufus T. Firefly condemned Sylvania on Monday."}`,
		`{"id":"4","outlet":"Gazette","published":"1933-11-17","title":"Sport","text":"Freedonia condemned Sylvania after the baseball final."}`,
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dicts := filepath.Join("testdata", "dicts")
	actors := filepath.Join(dir, "sylvania.txt")
	if err := os.WriteFile(actors, []byte("SYLVANIA [SYL]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "x.db")
	code, _, errs := dyad(t, "run", "--quiet", "--db", db,
		"--verbs", filepath.Join(dicts, "verbs.txt"),
		"--actors", filepath.Join(dicts, "actors.txt"), "--actors", actors,
		"--issues", filepath.Join(dicts, "issues.txt"),
		"--discards", filepath.Join(dicts, "discards.txt"), in)
	if code != 0 {
		t.Fatalf("run: %s", errs)
	}
	code, out, errs := dyad(t, "export", "--db", db, "--format", "petrarch", "--actor-text")
	if code != 0 {
		t.Fatalf("export: %s", errs)
	}
	for _, want := range []string{
		"19331117\tFRE\tSYL\t064\tDIPLOMATIC_MISSIONS,1\t",
		"19331117\tFREGOV\tSYL\t122\t\t",
		"19500102\tFREELI\tSYL\t122\t\t",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("evts lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "\n") != 3 {
		t.Errorf("want 3 lines (the baseball sentence discarded):\n%s", out)
	}

	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := st.Get(context.Background(), idOf(t, st, "Sport"))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range d.Problems {
		found = found || strings.Contains(p.Message, `discarded by "BASEBALL"`)
	}
	if !found {
		t.Errorf("the discarded sentence is not recorded as a problem: %+v", d.Problems)
	}
	for _, e := range d.Events {
		if e.Dictionary != "" {
			t.Errorf("event %+v from a discarded sentence", e)
		}
	}

	// A dictionary that cannot be read stops the command before it
	// creates a store.
	fresh := filepath.Join(dir, "fresh.db")
	if code, _, errs := dyad(t, "run", "--db", fresh, "--verbs", filepath.Join(dir, "no-such-verbs.txt"), in); code == 0 || !strings.Contains(errs, "no-such-verbs.txt") {
		t.Errorf("missing --verbs file: %d %s", code, errs)
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("a failed dictionary load left a store behind: %v", err)
	}

	// --dict-only needs dictionaries; --verbs needs one file.
	if code, _, errs := dyad(t, "run", "--db", db, "--dict-only", in); code == 0 || !strings.Contains(errs, "--dict-only needs --verbs") {
		t.Errorf("--dict-only alone: %d %s", code, errs)
	}
}

// idOf finds a stored article by title.
func idOf(t *testing.T, st *store.Store, title string) string {
	t.Helper()
	sums, err := st.List(context.Background(), store.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sums {
		if s.Title == title {
			return s.ID
		}
	}
	t.Fatalf("no article titled %q", title)
	return ""
}

// TestEvalPETRARCH runs the UniversalPetrarch validation suite with its
// own dictionaries over dyad's parses. The floor is the figure when this
// test was written, so that a change that loses records fails here.
func TestEvalPETRARCH(t *testing.T) {
	suite := filepath.Join(testkit.Shared(t, "peers/petrarch2/universalpetrarch"), "PETR_Validate_records_2_02.xml")
	code, out, errs := dyad(t, "eval", "petrarch", "--json", suite)
	if code != 0 {
		t.Fatalf("eval petrarch: %s", errs)
	}
	var s struct {
		Records        int                       `json:"records"`
		PassRate       float64                   `json:"pass_rate"`
		EventPrecision float64                   `json:"event_precision"`
		Categories     map[string]map[string]any `json:"categories"`
		Errors         []string                  `json:"errors"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if s.Records != 245 || len(s.Categories) != 9 || len(s.Errors) > 0 {
		t.Errorf("%d records in %d categories, errors %v; want the 245 records of 9 categories the suite includes", s.Records, len(s.Categories), s.Errors)
	}
	// The bar (0.75 and 0.85), met by 0.780 and 0.863.
	if s.PassRate < 0.75 || s.EventPrecision < 0.85 {
		t.Errorf("pass_rate %.3f, event_precision %.3f; want at least 0.75 and 0.85 (were 0.780 and 0.863)", s.PassRate, s.EventPrecision)
	}
}
