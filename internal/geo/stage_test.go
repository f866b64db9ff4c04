package geo

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/dyad-events/dyad/internal/doc"
)

// ment describes a mention for a hand-built document: its text (found in
// the body after the previous mention's start), type, and the actor code
// of its entity (mentions with the same canonical share an entity).
type ment struct {
	text, typ, actor, canonical string
}

// build makes a document as the entity stage would leave it.
func build(t *testing.T, body string, ms ...ment) *doc.Document {
	t.Helper()
	d := doc.NewDocument(doc.Article{Body: body})
	ents := map[string]int{}
	from := 0
	for _, m := range ms {
		i := strings.Index(body[from:], m.text)
		if i < 0 {
			t.Fatalf("no %q in body after %d", m.text, from)
		}
		span := doc.Span{Start: from + i, End: from + i + len(m.text)}
		from = span.Start + 1
		canon := m.canonical
		if canon == "" {
			canon = m.text
		}
		ei, ok := ents[canon]
		if !ok {
			ei = len(d.Entities)
			ents[canon] = ei
			d.Entities = append(d.Entities, doc.Entity{Canonical: canon, Type: m.typ, Actor: m.actor, Place: -1})
		}
		d.Entities[ei].Mentions = append(d.Entities[ei].Mentions, len(d.Mentions))
		d.Mentions = append(d.Mentions, doc.Mention{Span: span, Text: m.text, Type: m.typ, Kind: "name", Entity: ei})
	}
	return d
}

func geocode(t *testing.T, d *doc.Document) {
	t.Helper()
	if err := New(Load).Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
}

// placeNamed returns the place one of whose mentions has the given text.
func placeNamed(d *doc.Document, text string) (*doc.Place, int) {
	for i := range d.Places {
		for _, s := range d.Places[i].Mentions {
			if d.Text(s) == text {
				return &d.Places[i], i
			}
		}
	}
	return nil, -1
}

func TestResolve(t *testing.T) {
	for _, c := range []struct {
		name    string
		body    string
		ms      []ment
		place   string
		country string
		adm1    string
		feature string
		lat     float64
		lon     float64
	}{
		{"capital alone", "Talks were held in Paris on Monday.",
			[]ment{{"Paris", "GPE", "", ""}}, "Paris", "FRA", "", City, 48.85, 2.35},
		{"Paris with Texas", "The storm hit Paris, a town in northeast Texas, on Monday.",
			[]ment{{"Paris", "GPE", "", ""}, {"Texas", "GPE", "", ""}}, "Paris", "USA", "Texas", City, 33.66, -95.56},
		{"Paris with a US actor and Texas", "The governor of Texas visited Paris.",
			[]ment{{"Texas", "GPE", "", ""}, {"Paris", "GPE", "", ""}}, "Paris", "USA", "Texas", City, 33.66, -95.56},
		{"Rize with Turkey", "Erdogan spoke at a rally in Rize. Turkey is hosting talks.",
			[]ment{{"Erdogan", "PER", "TURGOV", ""}, {"Rize", "GPE", "", ""}, {"Turkey", "GPE", "TUR", ""}}, "Rize", "TUR", "", City, 41.02, 40.52},
		{"Rize, coded context only", "President Erdogan spoke at a rally in Rize.",
			[]ment{{"President Erdogan", "PER", "TURGOV", ""}, {"Rize", "GPE", "", ""}}, "Rize", "TUR", "", City, 41.02, 40.52},
		{"country name", "Haniyeh has resided between Qatar and Turkiye since 2019.",
			[]ment{{"Qatar", "GPE", "QAT", ""}, {"Turkiye", "GPE", "TUR", "Turkey"}}, "Turkiye", "TUR", "", Country, 38.96, 35.24},
		{"capital city", "Khamenei met Haniyeh in Tehran.",
			[]ment{{"Tehran", "GPE", "", ""}}, "Tehran", "IRN", "", City, 35.69, 51.42},
		{"region", "He spoke of the developments in the West Bank.",
			[]ment{{"West Bank", "GPE", "WSB", ""}}, "West Bank", "PSE", "", Region, 31.95, 35.25},
		{"Gaza is the Strip", "The war in Gaza went on. Aid reached the Gaza Strip.",
			[]ment{{"Gaza", "GPE", "GZS", "Gaza Strip"}, {"Gaza Strip", "GPE", "GZS", "Gaza Strip"}}, "Gaza", "PSE", "", Region, 31.42, 34.36},
		{"sea", "Tankers crossed the Black Sea on Sunday.",
			[]ment{{"Black Sea", "LOC", "", ""}}, "Black Sea", "", "", Sea, 43.0, 34.0},
		{"legacy CAMEO code in context", "The Romanian foreign minister spoke in Constanta.",
			[]ment{{"Romanian foreign minister", "PER", "ROMGOV", ""}, {"Constanta", "GPE", "", ""}}, "Constanta", "ROU", "", City, 44.18, 28.65},
		{"Tripoli with Lebanon: a capital's own coding is no evidence", "Clashes erupted in Tripoli, Lebanon's second city.",
			[]ment{{"Tripoli", "GPE", "LBY", "Libya"}, {"Lebanon", "GPE", "LBN", ""}}, "Tripoli", "LBN", "", City, 34.43, 35.84},
		{"Tripoli alone", "Fighting continued in Tripoli on Sunday.",
			[]ment{{"Tripoli", "GPE", "LBY", "Libya"}}, "Tripoli", "LBY", "", City, 32.89, 13.19},
		{"division word", "Nigerian troops freed hostages in Borno state.",
			[]ment{{"Nigerian troops", "ORG", "NGAMIL", ""}, {"Borno state", "GPE", "", ""}}, "Borno state", "NGA", "", ADM1, 11.50, 13.00}, // the state's centre, not Maiduguri
		{"transliteration", "Ships were attacked near Hodeidah.",
			[]ment{{"Hodeidah", "GPE", "", ""}}, "Hodeidah", "YEM", "", City, 14.80, 42.95},
		{"Georgia the country with Tbilisi", "Protests in Tbilisi spread across Georgia.",
			[]ment{{"Tbilisi", "GPE", "", ""}, {"Georgia", "GPE", "GEO", ""}}, "Georgia", "GEO", "", Country, 42.32, 43.36},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := build(t, c.body, c.ms...)
			geocode(t, d)
			p, _ := placeNamed(d, c.place)
			if p == nil {
				t.Fatalf("no place for %q: %+v", c.place, d.Places)
			}
			if !p.Resolved || p.Country != c.country || p.Feature != c.feature || c.adm1 != "" && p.ADM1 != c.adm1 {
				t.Fatalf("%q: %+v, want %s %s %s", c.place, *p, c.country, c.feature, c.adm1)
			}
			if km := distance(p.Lat, p.Lon, c.lat, c.lon); km > 25 {
				t.Errorf("%q at %.2f,%.2f: %.0f km from %.2f,%.2f", c.place, p.Lat, p.Lon, km, c.lat, c.lon)
			}
			if p.Confidence <= 0 || p.Confidence > 1 {
				t.Errorf("%q: confidence %v", c.place, p.Confidence)
			}
		})
	}
}

func TestNotPlaces(t *testing.T) {
	// Demonyms, organisations and people are never places, even when
	// their text is a place's name.
	d := build(t, "Turkish officials met Hamas and Jordan Peterson in the Jordanian capital. Georgia said so.",
		ment{"Turkish", "NORP", "TUR", ""}, ment{"Hamas", "ORG", "PSEREB", ""},
		ment{"Jordan Peterson", "PER", "", ""}, ment{"Jordanian", "NORP", "JOR", ""}, ment{"Georgia", "ORG", "", "Georgia Power"})
	geocode(t, d)
	if len(d.Places) != 0 {
		t.Errorf("places from non-place mentions: %+v", d.Places)
	}
	for _, e := range d.Entities {
		if e.Place != -1 {
			t.Errorf("entity %s got place %d", e.Canonical, e.Place)
		}
	}
}

func TestUnresolvable(t *testing.T) {
	d := build(t, "Fighting reached Qqzxville and Ankara.", ment{"Qqzxville", "GPE", "", ""}, ment{"Ankara", "GPE", "TUR", "Turkey"})
	geocode(t, d)
	p, _ := placeNamed(d, "Qqzxville")
	if p == nil || p.Resolved || p.Name != "Qqzxville" {
		t.Fatalf("unresolvable place: %+v", d.Places)
	}
	a, ai := placeNamed(d, "Ankara")
	if a == nil || !a.Resolved || a.Country != "TUR" {
		t.Fatalf("Ankara not resolved alongside: %+v", d.Places)
	}
	if d.Entities[d.Mentions[1].Entity].Place != ai {
		t.Errorf("Ankara's entity place = %d, want %d", d.Entities[d.Mentions[1].Entity].Place, ai)
	}
	found := false
	for _, pr := range d.Problems {
		if pr.Stage == "geo" && strings.Contains(pr.Message, "Qqzxville") {
			found = true
		}
	}
	if !found {
		t.Errorf("no problem reported: %+v", d.Problems)
	}
}

func TestEntityPlace(t *testing.T) {
	// Turkey's entity has the mentions Turkiye and Ankara: its place is
	// the country, and the two make two places.
	d := build(t, "He lives in Turkiye. Talks were held in Ankara.",
		ment{"Turkiye", "GPE", "TUR", "Turkey"}, ment{"Ankara", "GPE", "TUR", "Turkey"})
	geocode(t, d)
	if len(d.Places) != 2 {
		t.Fatalf("places: %+v", d.Places)
	}
	p := d.Places[d.Entities[0].Place]
	if p.Feature != Country || p.Country != "TUR" {
		t.Errorf("Turkey's entity place: %+v", p)
	}
}

func TestConcurrent(t *testing.T) {
	// The stage and the gazetteer are shared by the pipeline's workers.
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				d := build(t, "The storm hit Paris, a town in northeast Texas, on Monday.",
					ment{"Paris", "GPE", "", ""}, ment{"Texas", "GPE", "", ""})
				geocode(t, d)
				if p, _ := placeNamed(d, "Paris"); p == nil || p.Country != "USA" {
					t.Errorf("Paris: %+v", p)
				}
			}
		}()
	}
	wg.Wait()
}
