// Package gdelt writes dyad's events as GDELT 2.0 Events rows (61
// tab-separated columns) and Mentions rows (16), so that tools built for
// GDELT read dyad's output unchanged.
//
// What dyad does not measure is written as GDELT writes an absent value:
// AvgTone and MentionDocTone are 0, geography type 0 with empty fields.
// With Options.Group, one Events row stands for every article stating an
// event (same dyad, code and date) and NumMentions, NumSources and
// NumArticles count them; without it each article's events are their own
// and the last two are 1. Geography uses FIPS 10-4
// country codes, as GDELT does (data/fips.tsv); FeatureID is the GeoNames
// id of the place (GDELT's own are GNS/GNIS ids) or, for a country, its
// FIPS code. Character offsets in Mentions count characters (runes), as
// GDELT's do, not the bytes dyad's spans count.
package gdelt

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/doc"
)

//go:embed data/*
var dataFS embed.FS

// Tables are the code tables the writer needs.
type Tables struct {
	// fips maps ISO 3166-1 alpha-3 (and CAMEO legacy) codes to FIPS 10-4.
	fips map[string]string
	// names are the countries' English names, by alpha-3 code.
	names map[string]string
	// types are CAMEO's actor type codes (GOV, MIL, ...).
	types map[string]bool
}

// Load reads the embedded tables.
func Load() (*Tables, error) {
	t := &Tables{fips: map[string]string{}, names: map[string]string{}, types: map[string]bool{}}
	if err := readTSV("data/fips.tsv", 2, func(f []string) {
		t.fips[f[0]] = f[1]
		if len(f) > 2 {
			t.names[f[0]] = f[2]
		}
	}); err != nil {
		return nil, err
	}
	if err := readTSV("data/types.tsv", 1, func(f []string) { t.types[f[0]] = true }); err != nil {
		return nil, err
	}
	return t, nil
}

func readTSV(name string, minFields int, row func([]string)) error {
	b, err := dataFS.ReadFile(name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < minFields {
			return fmt.Errorf("gdelt: %s:%d: %d fields, want at least %d", name, n, len(f), minFields)
		}
		row(f)
	}
	return sc.Err()
}

// Options shape the rows.
type Options struct {
	// Negated includes negated events ("did not meet"), which GDELT has
	// no way to mark and which are left out by default.
	Negated bool
	// Group, when set, says which cross-article event an article's event
	// belongs to: Events rows are then one per group, written with the
	// statement seen first and the group's counts, and Mentions rows
	// point at the group's GLOBALEVENTID, as GDELT's do.
	Group func(d *doc.Document, e doc.Event) (Group, bool)
}

// Group is a cross-article event: the statement seen first (Article,
// Index) and how many mentions, outlets and articles state it.
type Group struct {
	Article                     string
	Index                       int
	Mentions, Sources, Articles int
}

// EventID is a stable GDELT GLOBALEVENTID for event i of an article:
// positive and below 2^53, so that it survives a float64 round trip.
func EventID(articleID string, i int) int64 {
	h := fnv.New64a()
	io.WriteString(h, articleID)
	fmt.Fprintf(h, "#%d", i)
	return int64(h.Sum64() & (1<<53 - 1))
}

// WriteEvents writes the GDELT 2.0 Events rows of d's events to w.
func (t *Tables) WriteEvents(w io.Writer, d *doc.Document, opt Options) error {
	added := d.Article.Ingest.IngestedAt.UTC().Format("20060102150405")
	for i, e := range d.Events {
		if e.Modality == doc.ModalityNegated && !opt.Negated {
			continue
		}
		mentions, sources, articles := max(e.MentionCount, 1), 1, 1
		if opt.Group != nil {
			if g, ok := opt.Group(d, e); ok {
				if g.Article != d.Article.ID || g.Index != i {
					continue // written with the statement seen first
				}
				mentions, sources, articles = g.Mentions, g.Sources, g.Articles
			}
		}
		day := t.eventDay(d, e)
		f := make([]string, 0, 61)
		f = append(f, strconv.FormatInt(EventID(d.Article.ID, i), 10),
			day.Format("20060102"), day.Format("200601"), day.Format("2006"),
			strconv.FormatFloat(float64(day.Year())+float64(day.YearDay())/365, 'f', 4, 64))
		f = append(f, t.actorFields(e.Source)...)
		f = append(f, t.actorFields(e.Target)...)
		root := "0"
		if e.Sentence >= 0 && e.Sentence < len(d.Sentences) && d.Sentences[e.Sentence].Paragraph == 0 {
			root = "1" // GDELT: the event is in the lead
		}
		base := e.Code
		if len(base) > 3 {
			base = base[:3]
		}
		f = append(f, root, e.Code, base, e.Root, strconv.Itoa(e.QuadClass),
			strconv.FormatFloat(e.Goldstein, 'f', -1, 64),
			strconv.Itoa(mentions), strconv.Itoa(sources), strconv.Itoa(articles), "0")
		f = append(f, t.geoFields(d, d.Entities, e.Source.Entity)...)
		f = append(f, t.geoFields(d, d.Entities, e.Target.Entity)...)
		f = append(f, t.placeFields(d, e.Place)...)
		f = append(f, added, sourceURL(d))
		if len(f) != 61 {
			return fmt.Errorf("gdelt: event %d of %s: %d columns, want 61", i, d.Article.ID, len(f))
		}
		if _, err := io.WriteString(w, strings.Join(clean(f), "\t")+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// WriteMentions writes the GDELT 2.0 Mentions rows of d's events to w.
func (t *Tables) WriteMentions(w io.Writer, d *doc.Document, opt Options) error {
	added := d.Article.Ingest.IngestedAt.UTC().Format("20060102150405")
	mentioned := added
	if !d.Article.Published.IsZero() {
		mentioned = d.Article.Published.UTC().Format("20060102150405")
	}
	body := d.Article.Body
	chars := func(off int) string {
		if off < 0 || off > len(body) {
			return "-1"
		}
		return strconv.Itoa(utf8.RuneCountInString(body[:off]))
	}
	for i, e := range d.Events {
		if e.Modality == doc.ModalityNegated && !opt.Negated {
			continue
		}
		a1, a2 := "-1", "-1"
		if e.Source.Mention.Len() > 0 {
			a1 = chars(e.Source.Mention.Start)
		}
		if e.Target.Mention.Len() > 0 {
			a2 = chars(e.Target.Mention.Start)
		}
		conf := int(e.Confidence*100 + 0.5)
		conf = min(max(conf, 10), 100)
		id := EventID(d.Article.ID, i)
		if opt.Group != nil {
			if g, ok := opt.Group(d, e); ok {
				id = EventID(g.Article, g.Index)
			}
		}
		f := []string{strconv.FormatInt(id, 10), added, mentioned, "1",
			sourceName(d), sourceURL(d), strconv.Itoa(e.Sentence + 1), a1, a2, chars(e.Cue.Start), "1",
			strconv.Itoa(conf), strconv.Itoa(utf8.RuneCountInString(body)), "0", "", ""}
		if _, err := io.WriteString(w, strings.Join(clean(f), "\t")+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// clean keeps tabs and line breaks out of fields.
func clean(f []string) []string {
	for i, s := range f {
		if strings.ContainsAny(s, "\t\n\r") {
			f[i] = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
		}
	}
	return f
}

// eventDay is the event's date as a day (a month or year value gives
// its first day), else the publication day.
func (t *Tables) eventDay(d *doc.Document, e doc.Event) time.Time {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if day, err := time.Parse(layout, e.Date); err == nil {
			return day
		}
	}
	if !d.Article.Published.IsZero() {
		p := d.Article.Published
		return time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, time.UTC)
	}
	a := d.Article.Ingest.IngestedAt.UTC()
	return time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
}

// actorFields are Code, Name, CountryCode, KnownGroupCode, EthnicCode,
// Religion1Code, Religion2Code, Type1Code, Type2Code, Type3Code: the
// actor code split into its three-letter blocks (country or region
// first, then a known group, then up to three types).
func (t *Tables) actorFields(a doc.Actor) []string {
	f := make([]string, 10)
	if a.Code == "" {
		return f
	}
	f[0], f[1] = a.Code, strings.ToUpper(a.Name)
	var types []string
	for i := 0; i+3 <= len(a.Code); i += 3 {
		b := a.Code[i : i+3]
		switch {
		case t.types[b]:
			types = append(types, b)
		case i == 0:
			f[2] = b
		case f[3] == "":
			f[3] = b
		}
	}
	for k := 0; k < len(types) && k < 3; k++ {
		f[7+k] = types[k]
	}
	return f
}

// geoFields are the eight geography columns of an actor that is a place
// (a country, a city acting); type 0 and empty otherwise.
func (t *Tables) geoFields(d *doc.Document, ents []doc.Entity, entity int) []string {
	if entity < 0 || entity >= len(ents) {
		return t.placeFields(d, -1)
	}
	return t.placeFields(d, ents[entity].Place)
}

// placeFields are Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat,
// Long, FeatureID of a resolved place; type 0 and empty for none.
func (t *Tables) placeFields(d *doc.Document, pi int) []string {
	f := make([]string, 8)
	f[0] = "0"
	if pi < 0 || pi >= len(d.Places) || !d.Places[pi].Resolved {
		return f
	}
	p := d.Places[pi]
	fips := t.fips[p.Country]
	us := p.Country == "USA"
	switch p.Feature {
	case "country":
		f[0] = "1"
	case "adm1":
		f[0] = "5"
		if us {
			f[0] = "2"
		}
	default:
		f[0] = "4"
		if us {
			f[0] = "3"
		}
	}
	name := p.Name
	if p.Feature != "country" {
		if cn := t.names[p.Country]; cn != "" && !strings.Contains(name, cn) {
			name += ", " + cn
		}
	}
	f[1], f[2] = name, fips
	f[3] = fips
	if fips != "" && p.Feature != "country" && len(p.ADM1) > 0 && len(p.ADM1) <= 3 {
		f[3] = fips + p.ADM1 // an admin-1 code, not a name
	}
	f[5] = strconv.FormatFloat(p.Lat, 'f', 4, 64)
	f[6] = strconv.FormatFloat(p.Lon, 'f', 4, 64)
	switch id := p.GazetteerID; {
	case p.Feature == "country":
		f[7] = fips
	case strings.HasPrefix(id, "geonames:"):
		f[7] = strings.TrimPrefix(id, "geonames:")
	}
	return f
}

func sourceURL(d *doc.Document) string {
	if d.Article.URL != "" {
		return d.Article.URL
	}
	return d.Article.Ingest.Source
}

// sourceName is the outlet's domain when the URL gives one, else its
// name.
func sourceName(d *doc.Document) string {
	u := d.Article.URL
	if i := strings.Index(u, "://"); i >= 0 {
		host := u[i+3:]
		if j := strings.IndexAny(host, "/?#"); j >= 0 {
			host = host[:j]
		}
		return strings.TrimPrefix(host, "www.")
	}
	return d.Article.Outlet
}
