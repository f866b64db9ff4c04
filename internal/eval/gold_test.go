package eval

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadGoldSeed(t *testing.T) {
	gc, err := LoadGold(seedDir(t))
	if err != nil {
		t.Fatal(err)
	}
	g := &gc.Gold
	required := 0
	for _, e := range g.Events {
		if e.Required {
			required++
		}
	}
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"entities", len(g.Entities), 17},
		{"places", len(g.Places), 9},
		{"dates", len(g.Dates), 5},
		{"quotes", len(g.Quotes), 11},
		{"not_quotes", len(g.NotQuotes), 1},
		{"indirect_quotes_optional", len(g.IndirectQuotesOptional), 4},
		{"events", len(g.Events), 15},
		{"required events", required, 8},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
		}
	}
	if g.Article.Outlet != "Dawn" || g.Article.Published != "2023-11-05" || g.Article.Language != "en" ||
		len(g.Article.BodyExcludes) != 1 || len(g.Article.Headings) != 1 {
		t.Errorf("article = %+v", g.Article)
	}
	if !strings.HasPrefix(gc.Text, "Iran’s supreme leader") || !strings.Contains(gc.Text, "Source » dawn") {
		t.Errorf("article.txt not read raw: %.40q...", gc.Text)
	}
	// Spot checks of fields deep in the file.
	if e := g.Entities[3]; e.Canonical != "Mohammad-Reza Ashtiani" || e.ActorAlternatives[0] != "IRNGOV" {
		t.Errorf("entities[3] = %+v", e)
	}
	if p := g.Places[1]; p.Name != "Gaza Strip" || p.Lat != 31.42 || p.Lon != 34.36 || len(p.Mentions) != 2 || p.radius() != 150 {
		t.Errorf("places[1] = %+v (radius %g)", p, p.radius())
	}
	if p := g.Places[5]; p.Name != "Ayder" || p.radius() != 50 {
		t.Errorf("places[5] = %+v (radius %g)", p, p.radius())
	}
	if q := g.Quotes[3]; q.ID != "Q4" || q.Via != "Tasnim News Agency" || q.Kind != "partial" {
		t.Errorf("quotes[3] = %+v", q)
	}
	if e := g.Events[7]; e.ID != "E13" || !e.EitherDirection || e.Place != "Ankara" || e.Date != "2023-11-06" ||
		e.Modality != "future" || len(e.Roots) != 2 {
		t.Errorf("events[7] = %+v", e)
	}
}

// writeGold writes testdata/synth with gold.json changed by edit (on its
// generic JSON form) to a temporary folder.
func writeGold(t *testing.T, edit func(m map[string]any)) string {
	t.Helper()
	src := filepath.Join("testdata", "synth")
	data, err := os.ReadFile(filepath.Join(src, "gold.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	if data, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "gold.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join(src, "article.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "article.txt"), text, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// at is the object at section[i] of a generic gold.json.
func at(m map[string]any, section string, i int) map[string]any {
	return m[section].([]any)[i].(map[string]any)
}

func TestLoadGoldErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(m map[string]any)
		want []string // substrings of the error; none means no error
	}{
		{"unchanged", func(m map[string]any) {}, nil},
		{"unknown fields allowed", func(m map[string]any) {
			m["reviewer"] = "someone"
			at(m, "events", 0)["confidence"] = 0.9
		}, nil},
		{"lat 0 is a value, not a missing field", func(m map[string]any) {
			at(m, "places", 0)["lat"] = 0.0
		}, nil},
		{"event without roots", func(m map[string]any) {
			delete(at(m, "events", 2), "roots")
		}, []string{"gold.json: events[2].roots: required field missing"}},
		{"event with empty roots", func(m map[string]any) {
			at(m, "events", 2)["roots"] = []any{}
		}, []string{"events[2].roots: required field missing"}},
		{"place without lat and lon", func(m map[string]any) {
			delete(at(m, "places", 1), "lat")
			delete(at(m, "places", 3), "lon")
		}, []string{"places[1].lat: required field missing", "places[3].lon: required field missing"}},
		{"event without required", func(m map[string]any) {
			delete(at(m, "events", 0), "required")
		}, []string{"events[0].required: required field missing"}},
		{"bad root", func(m map[string]any) {
			at(m, "events", 1)["roots"] = []any{"13", "4"}
		}, []string{"events[1].roots[1]: \"4\" is not a two-digit CAMEO root"}},
		{"bad modality and date", func(m map[string]any) {
			at(m, "events", 1)["modality"] = "maybe"
			at(m, "events", 0)["date"] = "12 March"
		}, []string{"events[1].modality: \"maybe\"", "events[0].date: \"12 March\" is not YYYY-MM-DD"}},
		{"bad actor prefix", func(m map[string]any) {
			at(m, "events", 0)["source"] = "nor"
			at(m, "events", 1)["target"] = ""
		}, []string{"events[0].source: \"nor\"", "events[1].target: required field missing"}},
		{"missing section", func(m map[string]any) {
			delete(m, "dates")
		}, []string{"gold.json: dates: required field missing"}},
		{"missing published", func(m map[string]any) {
			delete(m["article"].(map[string]any), "published")
		}, []string{"article.published: required field missing"}},
		{"entity without actor or mentions", func(m map[string]any) {
			delete(at(m, "entities", 0), "actor")
			at(m, "entities", 1)["mentions"] = []any{}
		}, []string{"entities[0].actor: required field missing", "entities[1].mentions: required field missing"}},
		{"duplicate canonical and quote id", func(m map[string]any) {
			at(m, "entities", 1)["canonical"] = "the Kari Lunde"
			at(m, "quotes", 2)["id"] = "Q1"
		}, []string{`entities[1].canonical: "kari lunde" already used by entities[0].canonical`,
			`quotes[2].id: "Q1" already used by quotes[0].id`}},
		{"quote without speaker", func(m map[string]any) {
			delete(at(m, "quotes", 0), "speaker")
		}, []string{"quotes[0].speaker: required field missing"}},
		{"date without resolves_to", func(m map[string]any) {
			delete(at(m, "dates", 3), "resolves_to")
		}, []string{"dates[3].resolves_to: required field missing"}},
		{"wrong type", func(m map[string]any) {
			at(m, "events", 0)["roots"] = "04"
		}, []string{"gold.json", "events.roots"}},
		{"article file outside the folder", func(m map[string]any) {
			m["article"].(map[string]any)["file"] = "../article.txt"
		}, []string{"article.file: \"../article.txt\" is not a file inside"}},
		{"missing article file", func(m map[string]any) {
			m["article"].(map[string]any)["file"] = "nope.txt"
		}, []string{"gold.json: article.file:", "nope.txt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gc, err := LoadGold(writeGold(t, tt.edit))
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if len(gc.Gold.Events) != 5 || gc.Text == "" {
					t.Errorf("loaded %d events, %d bytes of text", len(gc.Gold.Events), len(gc.Text))
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
			if !strings.HasPrefix(err.Error(), "eval: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestLoadGoldErrorIsWrapped(t *testing.T) {
	dir := writeGold(t, func(m map[string]any) { delete(at(m, "places", 0), "lat") })
	_, err := LoadGold(dir)
	if !errors.Is(err, errMissing) {
		t.Errorf("error %v does not wrap errMissing", err)
	}
	_, err = LoadGold(t.TempDir())
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %v for a folder without gold.json does not wrap os.ErrNotExist", err)
	}
}

func TestLoadGoldSyntaxError(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "gold.json"), []byte(`{"entities": [`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadGold(dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "gold.json")) {
		t.Errorf("error %v does not name the file", err)
	}
}
