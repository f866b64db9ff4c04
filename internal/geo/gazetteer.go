// Package geo is dyad's embedded gazetteer and geocoding stage.
//
// The gazetteer holds GeoNames' populated places of 500 people or more
// (cities500), their first- and second-level administrative divisions,
// the world's countries and a hand-written list of regions and seas
// (data/regions.tsv). It is built by ./gen into data/gazetteer.tsv.zst and
// embedded in the binary. The stage (New) resolves the place mentions the
// entity stage found to gazetteer entries, using the countries and places
// the rest of the article names as context.
package geo

//go:generate go run ./gen -out data/gazetteer.tsv.zst

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/dyad-events/dyad/internal/geo/fold"
	"github.com/klauspost/compress/zstd"
)

//go:embed data/gazetteer.tsv.zst
var embedded []byte

// Feature kinds of an Entry, as doc.Place.Feature spells them.
const (
	Country = "country"
	ADM1    = "adm1"
	ADM2    = "adm2"
	City    = "city"
	Region  = "region"
	Sea     = "sea"
)

// Entry is one place of the gazetteer.
type Entry struct {
	// ID is "geonames:<id>" for GeoNames places, "country:<ISO3>",
	// "adm1:<CC.code>", "adm2:<CC.code.code>" for countries and divisions,
	// "dyad:<slug>" for the hand-written regions and seas.
	ID   string
	Name string
	Lat  float64
	Lon  float64
	// Country is the ISO 3166-1 alpha-3 code, "" for features that span
	// several countries (the Black Sea).
	Country string
	// ADM1 is the name of the first-level division the place lies in.
	ADM1 string
	// Feature is country, adm1, adm2, city, region or sea.
	Feature string
	// Code is the GeoNames feature code (PPLC, PPLA, PPL...) for cities;
	// PCLI, ADM1, ADM2, REGION or SEA otherwise.
	Code string
	// Population is the population (for divisions and countries, that of
	// their cities of the gazetteer; for regions and seas a prominence
	// weight on the same scale).
	Population int64
}

// Match is an entry found for a name.
type Match struct {
	*Entry
	// Alternate says the name matched one of the entry's alternate names
	// rather than its own.
	Alternate bool
}

// Gazetteer is an in-memory gazetteer. It is read-only and safe for
// concurrent use.
//
// It keeps the decompressed text and the offsets of its lines only:
// entries are parsed when a lookup returns them, and names are found by
// binary search in the sorted index the generator wrote, so loading costs
// little more than decompression.
type Gazetteer struct {
	text    string
	entries []uint32 // offsets of entry lines
	keys    []uint32 // offsets of index lines, sorted by key
	// countries maps ISO3 to the country entry.
	countries map[string]*Entry
}

// Load reads the embedded gazetteer (about 50 ms); callers keep the
// result, as the wiring does with sync.OnceValues.
func Load() (*Gazetteer, error) { return Parse(embedded) }

// Parse reads a gazetteer in the format ./gen writes (zstd-compressed TSV).
func Parse(compressed []byte) (*Gazetteer, error) {
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(64<<20))
	if err != nil {
		return nil, err
	}
	defer dec.Close()
	raw, err := dec.DecodeAll(compressed, make([]byte, 0, 32<<20))
	if err != nil {
		return nil, fmt.Errorf("geo: gazetteer: %w", err)
	}
	return parseText(unsafe.String(unsafe.SliceData(raw), len(raw)))
}

func parseText(s string) (*Gazetteer, error) {
	g := &Gazetteer{text: s, countries: map[string]*Entry{}}
	g.entries = make([]uint32, 0, 1<<18)
	g.keys = make([]uint32, 0, 1<<19)
	inIndex := false
	for off := 0; off < len(s); {
		end := strings.IndexByte(s[off:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += off
		}
		line := s[off:end]
		switch {
		case line == "" || line[0] == '#':
		case line == "%%":
			inIndex = true
		case inIndex:
			g.keys = append(g.keys, uint32(off))
		default:
			g.entries = append(g.entries, uint32(off))
		}
		off = end + 1
	}
	if !inIndex || len(g.entries) == 0 {
		return nil, errors.New("geo: gazetteer: no index")
	}
	for i := range g.entries {
		e, err := g.entry(i)
		if err != nil {
			return nil, err
		}
		if e.Feature != Country {
			break // countries come first
		}
		g.countries[e.Country] = e
	}
	return g, nil
}

// line returns the text of the line at offset off, without its newline.
func (g *Gazetteer) line(off uint32) string {
	s := g.text[off:]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// entry parses entry i.
func (g *Gazetteer) entry(i int) (*Entry, error) {
	line := g.line(g.entries[i])
	var f [9]string
	k := 0
	for k < 8 {
		j := strings.IndexByte(line, '\t')
		if j < 0 {
			break
		}
		f[k], line = line[:j], line[j+1:]
		k++
	}
	if k != 8 {
		return nil, errors.New("geo: gazetteer: malformed entry " + strconv.Quote(f[0]))
	}
	f[8] = line
	lat, err1 := strconv.ParseFloat(f[2], 64)
	lon, err2 := strconv.ParseFloat(f[3], 64)
	pop, err3 := strconv.ParseInt(f[8], 10, 64)
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, fmt.Errorf("geo: gazetteer: entry %s: %w", f[0], err)
	}
	return &Entry{ID: f[0], Name: f[1], Lat: lat, Lon: lon, Country: f[4], ADM1: f[5], Feature: f[6], Code: f[7],
		Population: pop}, nil
}

// Len returns the number of entries.
func (g *Gazetteer) Len() int { return len(g.entries) }

// Lookup returns the entries a name may refer to, in the gazetteer's
// order (countries, regions and seas, divisions, then cities).
func (g *Gazetteer) Lookup(name string) []Match {
	return g.lookupKey(fold.Fold(name))
}

func (g *Gazetteer) lookupKey(k string) []Match {
	if k == "" {
		return nil
	}
	i, found := slices.BinarySearchFunc(g.keys, k, func(off uint32, k string) int {
		l := g.line(off)
		if j := strings.IndexByte(l, '\t'); j >= 0 {
			l = l[:j]
		}
		return strings.Compare(l, k)
	})
	if !found {
		return nil
	}
	_, refs, _ := strings.Cut(g.line(g.keys[i]), "\t")
	var out []Match
	for ref := range strings.SplitSeq(refs, ",") {
		alt := strings.HasPrefix(ref, "a")
		n, err := strconv.Atoi(strings.TrimPrefix(ref, "a"))
		if err != nil || n < 0 || n >= len(g.entries) {
			continue
		}
		e, err := g.entry(n)
		if err != nil {
			continue
		}
		out = append(out, Match{Entry: e, Alternate: alt})
	}
	return out
}

// ByID returns the entry with the given ID. It scans the gazetteer and is
// meant for tests and tools, not for the hot path.
func (g *Gazetteer) ByID(id string) (*Entry, bool) {
	for i, off := range g.entries {
		l := g.line(off)
		if strings.HasPrefix(l, id) && len(l) > len(id) && l[len(id)] == '\t' {
			e, err := g.entry(i)
			return e, err == nil
		}
	}
	return nil, false
}

// Country returns the country entry of an ISO 3166-1 alpha-3 code.
func (g *Gazetteer) Country(iso3 string) (*Entry, bool) {
	e, ok := g.countries[iso3]
	return e, ok
}

// cameoISO maps the legacy CAMEO country codes of the actor dictionary
// to ISO 3166-1 alpha-3; territories CAMEO codes separately map to the
// state they belong to.
var cameoISO = map[string]string{"ROM": "ROU", "TMP": "TLS", "MTN": "MNE", "WSB": "PSE", "GZS": "PSE"}

// ISO3 returns the ISO 3166-1 alpha-3 code of the country a CAMEO actor
// code begins with ("TURGOV" -> "TUR", "ROMGOV" -> "ROU"), or "" when the
// code does not begin with a country.
func (g *Gazetteer) ISO3(cameo string) string {
	if len(cameo) < 3 {
		return ""
	}
	c := cameo[:3]
	if iso, ok := cameoISO[c]; ok {
		return iso
	}
	if _, ok := g.countries[c]; ok {
		return c
	}
	return ""
}
