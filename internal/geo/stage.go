package geo

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/geo/fold"
)

// Stage geocodes the place mentions the entity stage found: each GPE or
// LOC name mention is resolved to one gazetteer entry, using the
// countries the article names or codes, the other places it names and
// the entries' population and kind as evidence. It fills d.Places and
// the Place of each place entity. Demonyms (NORP), organisations and
// people are never places. A name the gazetteer does not know is kept as
// an unresolved place, with a Problem, and does not stop the others.
type Stage struct {
	load func() (*Gazetteer, error)
}

// New returns a stage that calls load on first use (pass Load, or a
// sync.OnceValues of your own).
func New(load func() (*Gazetteer, error)) *Stage { return &Stage{load: load} }

// Name is the stage's name.
func (s *Stage) Name() string { return "geo" }

// Process fills d.Places and d.Entities[i].Place, replacing any there were.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	g, err := s.load()
	if err != nil {
		return err
	}
	d.Places = nil
	for i := range d.Entities {
		d.Entities[i].Place = -1
	}
	d.Problems = slices.DeleteFunc(d.Problems, func(p doc.Problem) bool { return p.Stage == "geo" })
	r := resolver{g: g, d: d}
	r.run()
	return nil
}

// group is the mentions of one place name in an article.
type group struct {
	key      string // folded name
	text     string // the name as first written
	typ      string // GPE or LOC, of the first mention
	mentions []int  // indexes into d.Mentions
	named    bool   // some mention names a place rather than an acting government
	cands    []cand
	best     int // index into cands, -1 when unresolved
	conf     float64
}

// cand is a candidate entry with its score.
type cand struct {
	Match
	prior float64 // what the entry and the name say alone
	score float64
}

type resolver struct {
	g *Gazetteer
	d *doc.Document
	// countries weighs the countries the article codes or names (ISO3).
	countries map[string]float64
	groups    []*group
}

func (r *resolver) run() {
	d := r.d
	r.countries = map[string]float64{}
	for i := range d.Mentions {
		if iso := r.mentionCountry(i); iso != "" {
			r.countries[iso]++
		}
	}
	r.collect()
	if len(r.groups) == 0 {
		return
	}
	for _, gr := range r.groups {
		r.candidates(gr)
	}
	// Pass 1 with the article's countries; pass 2 adds the places the
	// other names resolved to in pass 1.
	for _, gr := range r.groups {
		r.choose(gr, nil)
	}
	first := make([]*cand, len(r.groups))
	for i, gr := range r.groups {
		if gr.best >= 0 && gr.conf >= 0.4 {
			first[i] = &gr.cands[gr.best]
		}
	}
	for i, gr := range r.groups {
		others := slices.Clone(first)
		others[i] = nil
		r.choose(gr, others)
	}
	r.emit()
}

// collect groups the place name mentions by their folded text.
func (r *resolver) collect() {
	byKey := map[string]*group{}
	var acting []int
	for i, m := range r.d.Mentions {
		if m.Type != "GPE" && m.Type != "LOC" {
			continue
		}
		if m.Kind != "" && m.Kind != "name" {
			continue
		}
		text := placeText(r.d.Text(m.Span))
		if text == "" {
			text = placeText(m.Text)
		}
		key := fold.Fold(text)
		if key == "" {
			continue
		}
		// A seat of power that acts ("Ankara was working behind the
		// scenes") names a government; it is a mention of the place only
		// when the article also names the place as a place.
		if len(m.Actor) > 3 && r.g.ISO3(m.Actor) != "" {
			acting = append(acting, i)
			continue
		}
		gr := byKey[key]
		if gr == nil {
			gr = &group{key: key, text: text, typ: m.Type, best: -1}
			byKey[key] = gr
			r.groups = append(r.groups, gr)
		}
		gr.mentions = append(gr.mentions, i)
		gr.named = true
	}
	for _, i := range acting {
		m := r.d.Mentions[i]
		if gr := byKey[fold.Fold(placeText(m.Text))]; gr != nil {
			gr.mentions = append(gr.mentions, i)
			slices.Sort(gr.mentions)
		}
	}
}

// placeText trims a mention's text to the place name: no leading "the",
// no possessive ending.
func placeText(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"the ", "The "} {
		s = strings.TrimPrefix(s, p)
	}
	for _, p := range []string{"’s", "'s", "’", "'"} {
		s = strings.TrimSuffix(s, p)
	}
	return strings.TrimSpace(s)
}

// generic words that may follow or precede a place's name.
var genericSuffixes = []string{" city", " province", " region", " governorate", " district", " state", " county", " area", " town", " village"}

// candidates looks the group's name up, then its name without a generic
// word ("Rize province" -> "Rize").
func (r *resolver) candidates(gr *group) {
	ms := r.g.lookupKey(gr.key)
	division, fuzzy := false, false
	if len(ms) == 0 {
		for _, s := range genericSuffixes {
			if base, ok := strings.CutSuffix(gr.key, s); ok && base != "" {
				ms = r.g.lookupKey(base)
				division = s != " city" && s != " town" && s != " village" && s != " area"
				break
			}
		}
		if base, ok := strings.CutPrefix(gr.key, "city of "); ok && len(ms) == 0 {
			ms = r.g.lookupKey(base)
		}
	}
	if len(ms) == 0 {
		// Transliterations vary: "Hodeidah" and "Hodeida", "Al
		// Hudaydah" and "Hudaydah".
		for _, k := range variants(gr.key) {
			if ms = r.g.lookupKey(k); len(ms) > 0 {
				fuzzy = true
				break
			}
		}
	}
	gr.cands = make([]cand, len(ms))
	for i, m := range ms {
		c := cand{Match: m, prior: r.prior(gr, m)}
		if division && (m.Feature == ADM1 || m.Feature == ADM2) {
			c.prior += 2
		}
		if fuzzy {
			c.prior -= 0.5
		}
		gr.cands[i] = c
	}
}

// variants returns spellings of a folded name to try when it is not
// found.
func variants(k string) []string {
	var out []string
	if t, ok := strings.CutSuffix(k, "h"); ok && len(t) > 3 {
		out = append(out, t)
	} else if len(k) > 3 && strings.ContainsRune("aeiou", rune(k[len(k)-1])) {
		out = append(out, k+"h")
	}
	for _, p := range []string{"al ", "el ", "ad ", "ar ", "as ", "an "} {
		if t, ok := strings.CutPrefix(k, p); ok && len(t) > 3 {
			out = append(out, t)
		}
	}
	if !strings.Contains(k, " ") && len(k) > 3 {
		out = append(out, "al "+k)
	}
	return out
}

// prior scores an entry for a name without the article's context.
func (r *resolver) prior(gr *group, m Match) float64 {
	s := 0.5 * math.Log10(float64(m.Population)+1)
	switch m.Feature {
	case Country:
		s += 4
	case Region, Sea:
		s += 2.5
		if gr.typ == "LOC" {
			s++
		}
	case ADM1:
		s += 1
	case ADM2:
		s += 0
	case City:
		switch m.Code {
		case "PPLC":
			s += 2
		case "PPLA":
			s += 1.2
		case "PPLA2":
			s += 0.6
		case "PPLA3", "PPLA4", "PPLA5", "PPLG":
			s += 0.2
		case "PPLX", "PPLH", "PPLQ", "PPLW", "PPLR", "STLMT", "PPLL":
			s -= 0.5
		}
	}
	if m.Alternate {
		s -= 1.5
	}
	// The entity stage coded the mention as this country ("Turkiye" as
	// TUR) or territory ("Gaza" as GZS).
	if m.Feature == Region {
		for _, i := range gr.mentions {
			if code := r.actorOf(i); len(code) >= 3 && territories[code[:3]] == m.ID {
				s += 3
				break
			}
		}
	}
	if m.Feature == Country {
		for _, i := range gr.mentions {
			if code := r.actorOf(i); len(code) == 3 && r.g.ISO3(code) == m.Country {
				s += 3
				break
			}
		}
	}
	return s
}

// choose scores the group's candidates in the article's context and the
// places the other names resolved to (others, nil in the first pass).
func (r *resolver) choose(gr *group, others []*cand) {
	if len(gr.cands) == 0 {
		gr.best, gr.conf = -1, 0
		return
	}
	best := 0
	for i := range gr.cands {
		c := &gr.cands[i]
		c.score = c.prior
		if c.Country != "" && c.Feature != Country {
			// The name's own mentions are no evidence for themselves
			// ("Tripoli", coded as Libya's capital, does not make
			// Libya the context of "Tripoli").
			w := r.countries[c.Country]
			for _, mi := range gr.mentions {
				if r.mentionCountry(mi) == c.Country {
					w--
				}
			}
			if w > 0 {
				c.score += 2 + 0.5*min(1, (w-1)/4)
			}
		}
		for _, o := range others {
			if o == nil || o.Feature == Sea || o.ID == c.ID {
				continue
			}
			if o.Feature == Country {
				if c.Country == o.Country && c.Feature != Country && r.countries[c.Country] == r.own(gr, c.Country) {
					c.score += 2
				}
				continue
			}
			if o.Feature == ADM1 && c.Feature != ADM1 && c.Country == o.Country && c.ADM1 == o.ADM1 {
				c.score += 3
			}
			if c.Feature == City || c.Feature == ADM2 || c.Feature == Region {
				switch km := distance(c.Lat, c.Lon, o.Lat, o.Lon); {
				case km < 100:
					c.score += 1.5
				case km < 300:
					c.score += 0.75
				}
			}
		}
		if c.score > gr.cands[best].score || c.score == gr.cands[best].score && c.Population > gr.cands[best].Population {
			best = i
		}
	}
	// Confidence: the best candidate's share of the softmax of scores.
	var sum float64
	for _, c := range gr.cands {
		sum += math.Exp(c.score - gr.cands[best].score)
	}
	gr.best = best
	gr.conf = min(0.99, 1/sum)
}

// distance returns the great-circle distance in kilometres.
func distance(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(min(1, a)))
}

// emit writes d.Places, one per resolved entry (names that resolve alike,
// "Gaza Strip" and "Gaza", make one place) or unresolved name, in the
// order of their first mention, and links the entities.
func (r *resolver) emit() {
	d := r.d
	type out struct {
		place   doc.Place
		first   int
		primary bool // named by a primary name of the entry
		ments   []int
	}
	var outs []*out
	byID := map[string]*out{}
	for _, gr := range r.groups {
		var o *out
		primary := false
		if gr.best >= 0 {
			c := gr.cands[gr.best]
			primary = !c.Alternate
			o = byID[c.ID]
			if o == nil {
				o = &out{place: doc.Place{Resolved: true, Lat: c.Lat, Lon: c.Lon, Country: c.Country, ADM1: c.ADM1,
					Feature: c.Feature, GazetteerID: c.ID, Confidence: round(gr.conf)}, first: gr.mentions[0]}
				byID[c.ID] = o
				outs = append(outs, o)
			} else {
				o.place.Confidence = round(max(o.place.Confidence, gr.conf))
			}
			if c.Feature == Country || c.Feature == ADM1 && c.ADM1 == "" {
				o.place.ADM1 = ""
			}
		} else {
			o = &out{place: doc.Place{Name: gr.text}, first: gr.mentions[0]}
			outs = append(outs, o)
			m := d.Mentions[gr.mentions[0]]
			d.Problems = append(d.Problems, doc.Problem{Stage: "geo", Span: m.Span,
				Message: fmt.Sprintf("place %q not found in the gazetteer", gr.text)})
		}
		if o.place.Name == "" || primary && !o.primary || primary == o.primary && len(gr.text) > len(o.place.Name) {
			o.place.Name = gr.text
			o.primary = primary
		}
		o.first = min(o.first, gr.mentions[0])
		o.ments = append(o.ments, gr.mentions...)
	}
	slices.SortStableFunc(outs, func(a, b *out) int { return cmp.Compare(a.first, b.first) })
	// entity -> place -> how many of its mentions name it
	votes := map[int]map[int]int{}
	for pi, o := range outs {
		slices.Sort(o.ments)
		for _, mi := range o.ments {
			m := d.Mentions[mi]
			o.place.Mentions = append(o.place.Mentions, m.Span)
			if m.Entity >= 0 && m.Entity < len(d.Entities) {
				if votes[m.Entity] == nil {
					votes[m.Entity] = map[int]int{}
				}
				votes[m.Entity][pi]++
			}
		}
		d.Places = append(d.Places, o.place)
	}
	for ei, vs := range votes {
		e := d.Entities[ei]
		canon := map[string]bool{}
		for _, m := range r.g.Lookup(e.Canonical) {
			if !m.Alternate {
				canon[m.ID] = true
			}
		}
		iso := ""
		if len(e.Actor) == 3 {
			iso = r.g.ISO3(e.Actor)
		}
		rank := func(pi int) (int, int, int, int) {
			p := d.Places[pi]
			a, b := 0, 0
			if p.Resolved && canon[p.GazetteerID] {
				a = 1
			}
			if iso != "" && p.Feature == Country && p.Country == iso {
				b = 1
			}
			return a, b, vs[pi], -pi
		}
		best := -1
		for pi := range vs {
			if best < 0 {
				best = pi
				continue
			}
			a1, b1, c1, d1 := rank(pi)
			a2, b2, c2, d2 := rank(best)
			if cmp.Or(cmp.Compare(a1, a2), cmp.Compare(b1, b2), cmp.Compare(c1, c2), cmp.Compare(d1, d2)) > 0 {
				best = pi
			}
		}
		d.Entities[ei].Place = best
	}
}

func round(v float64) float64 { return math.Round(v*1000) / 1000 }

// territories maps the CAMEO codes of territories to their gazetteer
// entries.
var territories = map[string]string{"GZS": "dyad:gaza-strip", "WSB": "dyad:west-bank"}

// actorOf returns the actor code of mention i, or else of its entity.
func (r *resolver) actorOf(i int) string {
	m := r.d.Mentions[i]
	if m.Actor != "" {
		return m.Actor
	}
	if m.Entity >= 0 && m.Entity < len(r.d.Entities) {
		return r.d.Entities[m.Entity].Actor
	}
	return ""
}

// mentionCountry returns the ISO3 country mention i is coded with, by
// itself or through its entity, or "".
func (r *resolver) mentionCountry(i int) string {
	return r.g.ISO3(r.actorOf(i))
}

// own returns how much of the article's weight for a country comes from
// the group's own mentions.
func (r *resolver) own(gr *group, iso string) float64 {
	n := 0.0
	for _, mi := range gr.mentions {
		if r.mentionCountry(mi) == iso {
			n++
		}
	}
	return n
}
