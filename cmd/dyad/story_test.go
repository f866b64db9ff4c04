package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/store"
)

// TestSyndicatedStory: five outlets carry one wire story with small
// edits; the store links them to one story and the GDELT export has one
// event per dyad, code and date, with five mentions, sources and
// articles. An unrelated article stays a story of its own.
func TestSyndicatedStory(t *testing.T) {
	wire := "Turkish Foreign Minister Hakan Fidan met his Egyptian counterpart Sameh Shoukry in Cairo on Sunday to discuss the war in Gaza and the delivery of humanitarian aid. The two ministers called for an immediate ceasefire and agreed to keep in close contact, the Turkish foreign ministry said in a statement. Fidan also spoke with Jordanian Foreign Minister Ayman Safadi by telephone on the same day."
	edits := []struct{ outlet, body string }{
		{"Reuters", wire + " Reporting by Ece Toksabay; editing by Peter Graff."},
		{"AP", wire + " The meeting lasted two hours."},
		{"AFP", strings.Replace(wire, "on the same day", "later on Sunday", 1)},
		{"Dawn", strings.Replace(wire, "Turkish Foreign Minister", "Turkey's top diplomat", 1)},
		{"Anadolu", wire + " Both sides stressed the need for a lasting peace."},
	}
	dir := t.TempDir()
	var lines []string
	for i, e := range edits {
		b, _ := json.Marshal(map[string]string{"id": string(rune('a' + i)), "outlet": e.outlet, "published": "2023-11-05", "title": "Fidan in Cairo", "text": e.body})
		lines = append(lines, string(b))
	}
	other, _ := json.Marshal(map[string]string{"id": "z", "outlet": "BBC", "published": "2023-11-05", "title": "Floods",
		"text": "Heavy rain caused floods across northern Italy on Sunday, and thousands of people were moved from their homes as rivers burst their banks in several towns near Bologna, the civil protection agency said."})
	lines = append(lines, string(other))
	in := filepath.Join(dir, "wire.jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "x.db")
	if code, _, errs := dyad(t, "run", "--db", db, in); code != 0 {
		t.Fatalf("run: %s", errs)
	}

	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	sums, err := st.List(ctx, store.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	stories := map[string]int{}
	for _, s := range sums {
		story, err := st.Story(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		stories[story]++
	}
	st.Close()
	if len(sums) != 6 || len(stories) != 2 {
		t.Fatalf("%d articles in %d stories (%v), want 6 in 2", len(sums), len(stories), stories)
	}

	code, out, errs := dyad(t, "export", "--db", db, "--format", "gdelt", "--table", "events")
	if code != 0 {
		t.Fatalf("export: %s", errs)
	}
	seen := map[string]int{}
	fidan := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Split(line, "\t")
		key := f[5] + "|" + f[15] + "|" + f[26] + "|" + f[1] // source, target, code, day
		seen[key]++
		if strings.HasPrefix(f[5], "TUR") {
			fidan++
			if f[31] != "5" || f[32] != "5" || f[33] != "5" {
				t.Errorf("event %s: NumMentions %s NumSources %s NumArticles %s, want 5 5 5", key, f[31], f[32], f[33])
			}
		}
	}
	for k, n := range seen {
		if n > 1 {
			t.Errorf("event %s exported %d times", k, n)
		}
	}
	if fidan == 0 {
		t.Errorf("no event of Fidan's in the export:\n%s", out)
	}
}
