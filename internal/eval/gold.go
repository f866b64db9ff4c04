package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
)

// GoldCase is one seed-format folder: article.txt + gold.json.
type GoldCase struct {
	Dir  string
	Text string // article.txt as read (raw)
	Gold Gold   // parsed gold.json
}

// Gold is the content of a gold.json file. Fields the scorer does not use
// (notes, roles, cues) are kept so a report can show them.
type Gold struct {
	About    string       `json:"about,omitempty"`
	Article  GoldArticle  `json:"article"`
	Entities []GoldEntity `json:"entities"`
	Places   []GoldPlace  `json:"places"`
	Dates    []GoldDate   `json:"dates"`
	Quotes   []GoldQuote  `json:"quotes"`
	// NotQuotes are strings that look like quotes but are not (headings
	// in quote marks); a produced quote matching one is a false positive.
	NotQuotes []string `json:"not_quotes,omitempty"`
	// IndirectQuotesOptional are reported speech a pipeline may or may not
	// produce; a produced quote matching one is left out of precision.
	IndirectQuotesOptional []GoldIndirectQuote `json:"indirect_quotes_optional,omitempty"`
	Events                 []GoldEvent         `json:"events"`
}

// GoldArticle is the metadata a pipeline should be given, or should find,
// for the article.
type GoldArticle struct {
	// File is the article's file name in the folder; "" means article.txt.
	File      string `json:"file,omitempty"`
	Outlet    string `json:"outlet,omitempty"`
	Published string `json:"published"`
	Language  string `json:"language,omitempty"`
	// BodyExcludes are strings a good ingest keeps out of the body.
	BodyExcludes []string `json:"body_excludes,omitempty"`
	// Headings are the section headings of the body.
	Headings []string `json:"headings,omitempty"`
}

// GoldEntity is one participant with its CAMEO actor code and the strings
// that mention it.
type GoldEntity struct {
	Canonical         string   `json:"canonical"`
	Type              string   `json:"type,omitempty"`
	Actor             string   `json:"actor"`
	ActorAlternatives []string `json:"actor_alternatives,omitempty"`
	Role              string   `json:"role,omitempty"`
	Mentions          []string `json:"mentions"`
	Note              string   `json:"note,omitempty"`
}

// GoldPlace is a place with its reference coordinates.
type GoldPlace struct {
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
	// Lat and Lon are required: 0 is a valid coordinate, so LoadGold checks
	// that they are present rather than non-zero.
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
	// Mentions are other strings that name the place ("Gaza" for "Gaza
	// Strip"); the name itself always counts.
	Mentions []string `json:"mentions,omitempty"`
	// RadiusKM overrides the tolerance of the geocode; 0 means the default
	// (see the package comment).
	RadiusKM float64 `json:"radius_km,omitempty"`
	// Feature is the kind of place (country, region, sea, territory, adm1,
	// city...); large kinds get the large-area radius.
	Feature string `json:"feature,omitempty"`
	Note    string `json:"note,omitempty"`
}

// GoldDate is a time expression and the value it resolves to.
type GoldDate struct {
	Text       string `json:"text"`
	ResolvesTo string `json:"resolves_to"`
}

// GoldQuote is a quote and who said it.
type GoldQuote struct {
	ID   string `json:"id,omitempty"`
	Kind string `json:"kind,omitempty"`
	Text string `json:"text"`
	// Speaker is a gold entity's canonical name, or a description of a
	// speaker who is not a gold entity ("a Turkish diplomatic source").
	Speaker        string `json:"speaker"`
	SpeakerMention string `json:"speaker_mention,omitempty"`
	Via            string `json:"via,omitempty"`
	About          string `json:"about,omitempty"`
}

// GoldIndirectQuote is reported speech whose extraction is optional.
type GoldIndirectQuote struct {
	Text    string `json:"text"`
	Speaker string `json:"speaker,omitempty"`
}

// GoldEvent is a CAMEO event. Source and Target are actor code prefixes,
// "*" for any (or none).
type GoldEvent struct {
	ID              string   `json:"id,omitempty"`
	Required        bool     `json:"required"`
	Source          string   `json:"source"`
	Target          string   `json:"target"`
	Roots           []string `json:"roots"`
	EitherDirection bool     `json:"either_direction,omitempty"`
	// Place names a GoldPlace; Date is YYYY-MM-DD; Modality one of the
	// doc.Modality values. Each one given is an attribute to score.
	Place    string `json:"place,omitempty"`
	Date     string `json:"date,omitempty"`
	Modality string `json:"modality,omitempty"`
	Cue      string `json:"cue,omitempty"`
	Note     string `json:"note,omitempty"`
}

// errMissing is wrapped by the errors for absent required fields.
var errMissing = errors.New("required field missing")

// LoadGold reads dir/gold.json and the article file it names (article.txt
// by default). Unknown JSON fields are allowed, so gold files can carry
// notes; missing or malformed required fields are errors naming the file
// and the field path, all of them at once (joined) so a gold author can
// fix a file in one pass.
func LoadGold(dir string) (*GoldCase, error) {
	path := filepath.Join(dir, "gold.json")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	var g Gold
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	// Presence of a field cannot be told from its zero value for numbers
	// and booleans, nor for a section that is absent rather than empty, so
	// decode those once more as pointers.
	var seen struct {
		Top    map[string]json.RawMessage `json:"-"`
		Places []struct {
			Lat *float64 `json:"lat"`
			Lon *float64 `json:"lon"`
		} `json:"places"`
		Events []struct {
			Required *bool `json:"required"`
		} `json:"events"`
	}
	if err := json.Unmarshal(data, &seen.Top); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	if err := json.Unmarshal(data, &seen); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	v := validator{path: path}
	for _, key := range []string{"article", "entities", "places", "dates", "quotes", "events"} {
		if raw, ok := seen.Top[key]; !ok || string(raw) == "null" {
			v.missing(key)
		}
	}
	v.gold(&g)
	for i, p := range seen.Places {
		if p.Lat == nil {
			v.missing(fmt.Sprintf("places[%d].lat", i))
		}
		if p.Lon == nil {
			v.missing(fmt.Sprintf("places[%d].lon", i))
		}
	}
	for i, e := range seen.Events {
		// required is mandatory: defaulting it to false would silently
		// drop an event from the recall denominator.
		if e.Required == nil {
			v.missing(fmt.Sprintf("events[%d].required", i))
		}
	}
	if err := errors.Join(v.errs...); err != nil {
		return nil, err
	}

	file := g.Article.File
	if file == "" {
		file = "article.txt"
	}
	if !filepath.IsLocal(file) {
		return nil, fmt.Errorf("eval: %s: article.file: %q is not a file inside %s", path, file, dir)
	}
	text, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		return nil, fmt.Errorf("eval: %s: article.file: %w", path, err)
	}
	return &GoldCase{Dir: dir, Text: string(text), Gold: g}, nil
}

// validator collects the problems of one gold file.
type validator struct {
	path string
	errs []error
}

func (v *validator) missing(field string) {
	v.errs = append(v.errs, fmt.Errorf("eval: %s: %s: %w", v.path, field, errMissing))
}

func (v *validator) invalid(field, format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf("eval: %s: %s: %s", v.path, field, fmt.Sprintf(format, args...)))
}

// need reports a missing field when s is empty.
func (v *validator) need(field, s string) {
	if s == "" {
		v.missing(field)
	}
}

// list checks a list that must have at least one non-empty element
// when required, and no empty element in any case.
func (v *validator) list(field string, items []string, required bool) {
	if required && len(items) == 0 {
		v.missing(field)
	}
	for i, s := range items {
		if s == "" {
			v.invalid(fmt.Sprintf("%s[%d]", field, i), "empty string")
		}
	}
}

// unique reports a duplicate of a key already seen in the same section.
func (v *validator) unique(seen map[string]string, key, field string) {
	if key == "" {
		return
	}
	if first, ok := seen[key]; ok {
		v.invalid(field, "%q already used by %s", key, first)
		return
	}
	seen[key] = field
}

var modalities = map[string]bool{
	doc.ModalityAsserted: true, doc.ModalityNegated: true, doc.ModalityFuture: true,
	doc.ModalityConditional: true, doc.ModalityHypothetical: true, doc.ModalityReported: true,
}

func (v *validator) gold(g *Gold) {
	v.need("article.published", g.Article.Published)
	v.list("article.body_excludes", g.Article.BodyExcludes, false)
	v.list("article.headings", g.Article.Headings, false)

	canon := map[string]string{}
	for i, e := range g.Entities {
		f := fmt.Sprintf("entities[%d]", i)
		v.need(f+".canonical", e.Canonical)
		v.need(f+".actor", e.Actor)
		v.list(f+".actor_alternatives", e.ActorAlternatives, false)
		v.list(f+".mentions", e.Mentions, true)
		// Speakers are resolved by canonical name, so it must be unique.
		v.unique(canon, normName(e.Canonical), f+".canonical")
	}
	places := map[string]string{}
	for i, p := range g.Places {
		f := fmt.Sprintf("places[%d]", i)
		v.need(f+".name", p.Name)
		v.unique(places, normName(p.Name), f+".name")
		v.list(f+".mentions", p.Mentions, false)
		if p.Lat < -90 || p.Lat > 90 {
			v.invalid(f+".lat", "%g out of range", p.Lat)
		}
		if p.Lon < -180 || p.Lon > 180 {
			v.invalid(f+".lon", "%g out of range", p.Lon)
		}
		if p.RadiusKM < 0 {
			v.invalid(f+".radius_km", "%g is negative", p.RadiusKM)
		}
	}
	for i, d := range g.Dates {
		f := fmt.Sprintf("dates[%d]", i)
		v.need(f+".text", d.Text)
		v.need(f+".resolves_to", d.ResolvesTo)
	}
	ids := map[string]string{}
	for i, q := range g.Quotes {
		f := fmt.Sprintf("quotes[%d]", i)
		v.need(f+".text", q.Text)
		v.need(f+".speaker", q.Speaker)
		v.unique(ids, q.ID, f+".id")
	}
	v.list("not_quotes", g.NotQuotes, false)
	for i, q := range g.IndirectQuotesOptional {
		v.need(fmt.Sprintf("indirect_quotes_optional[%d].text", i), q.Text)
	}
	ids = map[string]string{}
	for i, e := range g.Events {
		f := fmt.Sprintf("events[%d]", i)
		v.unique(ids, e.ID, f+".id")
		v.code(f+".source", e.Source)
		v.code(f+".target", e.Target)
		if len(e.Roots) == 0 {
			v.missing(f + ".roots")
		}
		for j, r := range e.Roots {
			if !isRoot(r) {
				v.invalid(fmt.Sprintf("%s.roots[%d]", f, j), "%q is not a two-digit CAMEO root (01-20)", r)
			}
		}
		if e.Date != "" {
			if _, err := time.Parse(time.DateOnly, e.Date); err != nil {
				v.invalid(f+".date", "%q is not YYYY-MM-DD", e.Date)
			}
		}
		if e.Modality != "" && !modalities[e.Modality] {
			v.invalid(f+".modality", "%q is not a doc.Modality value", e.Modality)
		}
	}
}

// code checks an event's actor code prefix: "*" or upper-case letters and
// digits.
func (v *validator) code(field, c string) {
	if c == "" {
		v.missing(field)
		return
	}
	if c == "*" {
		return
	}
	for _, r := range c {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			v.invalid(field, "%q is not a CAMEO actor code prefix or *", c)
			return
		}
	}
}

// isRoot reports whether r is a CAMEO root code, "01" to "20".
func isRoot(r string) bool {
	if len(r) != 2 || r[0] < '0' || r[0] > '9' || r[1] < '0' || r[1] > '9' {
		return false
	}
	n := int(r[0]-'0')*10 + int(r[1]-'0')
	return 1 <= n && n <= 20
}
