package geo_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/geo"
	"github.com/dyad-events/dyad/internal/testkit"
)

// The Wikinews geocoding test set: testdata/wikinews-places.tsv holds
// hand-checked referents of the place mentions of 27 articles of the
// Wikinews 2019-2020 corpus (every 11th line, CC BY 2.5). The corpus is
// in ../shared; the test skips without it.

const wikinewsCorpus = "peers/corpora/wikinews-2019-2020/wikinews_2019_2020.jsonl"

// Floors the measured accuracies must not fall below: the issue's
// targets, 0.9 (country) and 0.8 (within 50 km). Measured 0.914 and
// 0.829 on 2026-11-25, once divisions were placed at their centres.
const (
	wikinewsCountryFloor = 0.9
	wikinews50kmFloor    = 0.8
)

type wikinewsArticle struct {
	ID, URL, Date, Title, Text string
}

// wikinewsArticles reads the corpus.
func wikinewsArticles(t *testing.T) []wikinewsArticle {
	t.Helper()
	f, err := os.Open(testkit.Shared(t, wikinewsCorpus))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []wikinewsArticle
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a wikinewsArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return arts
}

// wikinewsDoc runs text, parse, entity and geo on one article.
func wikinewsDoc(t *testing.T, a wikinewsArticle) *doc.Document {
	t.Helper()
	pub, _ := time.Parse("2006-01-02", a.Date)
	d := analyse(t, a.Text, pub)
	if err := geo.New(gazetteer).Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// occurrences returns the byte offsets of the word-bounded occurrences of
// s in body (an end of s that is a letter or digit must not run on into
// one), in text order: the gold file's occurrence index counts these.
func occurrences(body, s string) []int {
	var offs []int
	for i := 0; ; {
		j := strings.Index(body[i:], s)
		if j < 0 {
			return offs
		}
		at := i + j
		end := at + len(s)
		before, _ := utf8.DecodeLastRuneInString(body[:at])
		after, _ := utf8.DecodeRuneInString(body[end:])
		first, _ := utf8.DecodeRuneInString(s)
		last, _ := utf8.DecodeLastRuneInString(s)
		okStart := at == 0 || !isWordRune(first) || !isWordRune(before)
		okEnd := end == len(body) || !isWordRune(last) || !isWordRune(after)
		if okStart && okEnd {
			offs = append(offs, at)
		}
		i = at + 1
	}
}

// placeAt returns the place one of whose mentions overlaps [s, e), or nil.
func placeAt(d *doc.Document, s, e int) *doc.Place {
	for i := range d.Places {
		for _, sp := range d.Places[i].Mentions {
			if sp.Start < e && s < sp.End {
				return &d.Places[i]
			}
		}
	}
	return nil
}

// TestWikinewsDump lists the GPE and LOC mentions and the places dyad
// makes of the selected articles; it was used to build the gold file
// (WIKINEWS_DUMP=1 to run it).
func TestWikinewsDump(t *testing.T) {
	if os.Getenv("WIKINEWS_DUMP") == "" {
		t.Skip("set WIKINEWS_DUMP=1 to list the mentions of the selected Wikinews articles")
	}
	arts := wikinewsArticles(t)
	var b strings.Builder
	for li := 0; li < len(arts); li += 11 {
		a := arts[li]
		d := wikinewsDoc(t, a)
		fmt.Fprintf(&b, "=== line %d %s %s %q\n", li, a.ID, a.Date, a.Title)
		for _, m := range d.Mentions {
			if m.Type != "GPE" && m.Type != "LOC" {
				continue
			}
			occ := -1
			for k, o := range occurrences(a.Text, m.Text) {
				if o == m.Span.Start {
					occ = k
				}
			}
			p := placeAt(d, m.Span.Start, m.Span.End)
			res := "-"
			if p != nil {
				res = fmt.Sprintf("%s|%s|%s|%v|%.2f,%.2f", p.Name, p.Country, p.Feature, p.Resolved, p.Lat, p.Lon)
			}
			sent := ""
			if m.Sentence >= 0 && m.Sentence < len(d.Sentences) {
				sent = d.Text(d.Sentences[m.Sentence].Span)
			}
			sent = strings.Join(strings.Fields(sent), " ")
			fmt.Fprintf(&b, "%s\t%s\t%d\t%s\tdyad=%s\t| %s\n", a.ID, m.Text, occ, m.Type, res, sent)
		}
	}
	out := os.Getenv("WIKINEWS_DUMP")
	if out == "1" {
		t.Log(b.String())
		return
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

type wikinewsGold struct {
	line          int
	id, text      string
	occ           int
	name, country string
	lat, lon      float64
	kind, note    string
}

func readWikinewsGold(t *testing.T) []wikinewsGold {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "wikinews-places.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []wikinewsGold
	for n, line := range strings.Split(string(raw), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if f[0] == "article" {
			continue // the header
		}
		if len(f) < 8 {
			t.Fatalf("testdata/wikinews-places.tsv:%d: %d fields, want 9", n+1, len(f))
		}
		for len(f) < 9 {
			f = append(f, "")
		}
		g := wikinewsGold{line: n + 1, id: f[0], text: f[1], name: f[3], country: f[4], kind: f[7], note: f[8]}
		if g.occ, err = strconv.Atoi(f[2]); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		if g.kind != "not-a-place" {
			if g.lat, err = strconv.ParseFloat(f[5], 64); err != nil {
				t.Fatalf("line %d: %v", n+1, err)
			}
			if g.lon, err = strconv.ParseFloat(f[6], 64); err != nil {
				t.Fatalf("line %d: %v", n+1, err)
			}
		}
		rows = append(rows, g)
	}
	return rows
}

// TestWikinewsGeocoding measures the geocoder on the hand-checked
// Wikinews place mentions: the share resolved in the right country and
// the share resolved within 50 km of the gold point. A mention dyad made
// no place of counts as wrong.
func TestWikinewsGeocoding(t *testing.T) {
	arts := wikinewsArticles(t)
	gold := readWikinewsGold(t)
	byID := map[string]wikinewsArticle{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	docs := map[string]*doc.Document{}
	var places, countryOK, kmOK, adm1OK, notPlace, notPlaceWrong, notPlaceResolved int
	type tally struct{ n, country, km int }
	byKind := map[string]*tally{}
	for _, g := range gold {
		a, ok := byID[g.id]
		if !ok {
			t.Fatalf("line %d: article %s not in the corpus", g.line, g.id)
		}
		d := docs[g.id]
		if d == nil {
			d = wikinewsDoc(t, a)
			docs[g.id] = d
		}
		offs := occurrences(a.Text, g.text)
		if g.occ >= len(offs) {
			t.Fatalf("line %d: %s has %d occurrences of %q, want index %d", g.line, g.id, len(offs), g.text, g.occ)
		}
		s := offs[g.occ]
		p := placeAt(d, s, s+len(g.text))
		if g.kind == "not-a-place" {
			notPlace++
			if p != nil {
				notPlaceWrong++
				if p.Resolved {
					notPlaceResolved++
				}
				t.Logf("not a place, made one: %s %q#%d -> %s resolved=%v %s", g.id, g.text, g.occ, p.Name, p.Resolved, p.Country)
			}
			continue
		}
		places++
		k := byKind[g.kind]
		if k == nil {
			k = &tally{}
			byKind[g.kind] = k
		}
		k.n++
		what := "no place"
		var dist float64
		cOK, dOK := false, false
		if p != nil && p.Resolved {
			dist = km(p.Lat, p.Lon, g.lat, g.lon)
			what = fmt.Sprintf("%s %s %s %.2f,%.2f (%.0f km)", p.Name, p.Country, p.Feature, p.Lat, p.Lon, dist)
			if g.country == "" {
				cOK = dist <= 150
			} else {
				cOK = p.Country == g.country
			}
			dOK = dist <= 50
		} else if p != nil {
			what = "unresolved " + p.Name
		}
		if cOK {
			countryOK++
			k.country++
		}
		if dOK {
			kmOK++
			k.km++
		}
		// dyad places a first-level division at its capital, far from the
		// division's centre; this diagnostic counts an adm1 row right when
		// it resolved to a division of the gold country.
		if dOK || (g.kind == "adm1" && cOK && p.Feature == geo.ADM1) {
			adm1OK++
		}
		if !cOK || !dOK {
			t.Logf("miss %s %q#%d (gold %s %s %.2f,%.2f %s): %s country=%v 50km=%v", g.id, g.text, g.occ, g.name,
				g.country, g.lat, g.lon, g.kind, what, cOK, dOK)
		}
	}
	if places == 0 {
		t.Fatal("no place rows in the gold file")
	}
	country, within := float64(countryOK)/float64(places), float64(kmOK)/float64(places)
	t.Logf("%d articles, %d place mentions, %d not-a-place rows", len(docs), places, notPlace)
	t.Logf("country-level accuracy %.3f (%d/%d), within 50 km %.3f (%d/%d)", country, countryOK, places, within, kmOK, places)
	t.Logf("not-a-place mentions made places: %d/%d (%d of them resolved to gazetteer entries)", notPlaceWrong, notPlace, notPlaceResolved)
	t.Logf("diagnostic: within 50 km, or an adm1 row resolved to a first-level division of the gold country: %.3f (%d/%d)",
		float64(adm1OK)/float64(places), adm1OK, places)
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		v := byKind[k]
		t.Logf("  %-8s %3d rows: country %.3f, within 50 km %.3f", k, v.n, float64(v.country)/float64(v.n), float64(v.km)/float64(v.n))
	}
	if country < wikinewsCountryFloor {
		t.Errorf("country-level accuracy %.3f, want >= %.2f", country, wikinewsCountryFloor)
	}
	if within < wikinews50kmFloor {
		t.Errorf("within-50-km accuracy %.3f, want >= %.3f", within, wikinews50kmFloor)
	}
}
