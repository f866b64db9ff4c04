package geo_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/entity"
	"github.com/dyad-events/dyad/internal/geo"
	"github.com/dyad-events/dyad/internal/testkit"
	"github.com/dyad-events/dyad/internal/text"
)

// notInGazetteer are the gold places GeoNames cities500 lacks (Ayder, a
// highland village of fewer than 500 people): they must be kept as
// unresolved places, not resolved elsewhere.
var notInGazetteer = map[string]bool{"Ayder": true}

var seed = filepath.Join("..", "..", "..", "shared", "acceptance", "seed")

// entities is the entity stage the geo stage runs after, loaded once.
var entities = sync.OnceValue(func() *entity.Stage {
	return entity.New(sync.OnceValues(func() (*entity.Resources, error) { return entity.LoadResources(text.New().Words) }))
})

// gazetteer is loaded once for all the tests.
var gazetteer = sync.OnceValues(geo.Load)

// analyse runs the language and entity stages on body.
func analyse(tb testing.TB, body string, published time.Time) *doc.Document {
	tb.Helper()
	return testkit.Analyse(tb, body, published, entities())
}

func km(lat1, lon1, lat2, lon2 float64) float64 {
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * 6371 * math.Asin(math.Sqrt(min(1, a)))
}

// TestSeedArticle runs the worked example through text, parse, entity
// and geo and checks the gold places.
func TestSeedArticle(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(seed, "article.txt"))
	if err != nil {
		t.Skipf("acceptance seed not available (%v): run inside the dyad workspace with ../shared", err)
	}
	var gold struct {
		Places []struct {
			Name, Country string
			Lat, Lon      float64
			Mentions      []string
		}
	}
	raw, err := os.ReadFile(filepath.Join(seed, "gold.json"))
	if err != nil {
		t.Skip(err)
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	text := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(string(body)), "Source » dawn"))
	d := analyse(t, text, time.Date(2023, 11, 5, 12, 0, 0, 0, time.UTC))
	if err := geo.New(gazetteer).Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Places {
		t.Logf("place %-12q resolved=%v %s %s %s %.2f,%.2f conf %.2f mentions %d", p.Name, p.Resolved, p.Feature,
			p.Country, p.GazetteerID, p.Lat, p.Lon, p.Confidence, len(p.Mentions))
	}
	wide := map[string]bool{"Gaza Strip": true, "West Bank": true, "Turkiye": true, "Qatar": true, "Black Sea": true}
	var missing []string
	for _, g := range gold.Places {
		names := append([]string{g.Name}, g.Mentions...)
		var found *doc.Place
		for i := range d.Places {
			for _, s := range d.Places[i].Mentions {
				for _, n := range names {
					if d.Text(s) == n || strings.EqualFold(strings.TrimPrefix(d.Text(s), "the "), n) {
						found = &d.Places[i]
					}
				}
			}
		}
		if found == nil {
			missing = append(missing, g.Name)
			continue
		}
		limit := 50.0
		if wide[g.Name] {
			limit = 150
		}
		if !found.Resolved && notInGazetteer[g.Name] {
			continue
		}
		if dist := km(found.Lat, found.Lon, g.Lat, g.Lon); !found.Resolved || dist > limit || found.Country != g.Country {
			t.Errorf("%s: resolved=%v %s at %.2f,%.2f, %.0f km from gold (limit %.0f)", g.Name, found.Resolved,
				found.Country, found.Lat, found.Lon, dist, limit)
		}
	}
	for _, m := range missing {
		t.Errorf("gold place %s has no place", m)
	}
	if len(missing) > 0 {
		var ments []string
		for _, m := range d.Mentions {
			if m.Type == "GPE" || m.Type == "LOC" {
				ments = append(ments, m.Text+"/"+m.Type)
			}
		}
		// The entity stage does not recognise these as mentions; the
		// geocoder cannot place what it is not given.
		t.Logf("gold places with no GPE/LOC mention from the entity stage: %v (place mentions: %v)", missing, ments)

		// Given those mentions, as a recogniser that found them would,
		// the geocoder places them in the article's context.
		for _, name := range missing {
			i := strings.Index(d.Article.Body, name)
			if i < 0 {
				t.Fatalf("%s not in the article", name)
			}
			d.Mentions = append(d.Mentions, doc.Mention{Span: doc.Span{Start: i, End: i + len(name)}, Text: name,
				Type: "GPE", Kind: "name", Entity: -1})
		}
		if err := geo.New(gazetteer).Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		for _, g := range gold.Places {
			if !slices.Contains(missing, g.Name) {
				continue
			}
			var found *doc.Place
			for i := range d.Places {
				for _, s := range d.Places[i].Mentions {
					if d.Text(s) == g.Name {
						found = &d.Places[i]
					}
				}
			}
			if found == nil {
				t.Errorf("%s: no place for the added mention", g.Name)
				continue
			}
			dist := km(found.Lat, found.Lon, g.Lat, g.Lon)
			t.Logf("added mention %s: %s %s %.2f,%.2f, %.0f km from gold", g.Name, found.GazetteerID, found.Country, found.Lat, found.Lon, dist)
			if !found.Resolved || dist > 50 || found.Country != g.Country {
				t.Errorf("%s (added mention): resolved=%v %s at %.2f,%.2f, %.0f km from gold", g.Name, found.Resolved,
					found.Country, found.Lat, found.Lon, dist)
			}
		}
	}
}

// BenchmarkStage measures the geo stage alone on the Wikinews examples
// after the language and entity stages (not timed).
func BenchmarkStage(b *testing.B) {
	var docs []*doc.Document
	for _, body := range testkit.ExampleBodies(b) {
		docs = append(docs, analyse(b, body, time.Time{}))
	}
	st := geo.New(gazetteer)
	if _, err := gazetteer(); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	tokens, places := 0, 0
	for b.Loop() {
		for _, d := range docs {
			if err := st.Process(ctx, d); err != nil {
				b.Fatal(err)
			}
			tokens += len(d.Tokens)
			places += len(d.Places)
		}
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
	b.ReportMetric(float64(places)/float64(b.N), "places/op")
}
