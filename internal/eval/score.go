package eval

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
)

// Item is the verdict on one gold item (or one produced quote or event).
type Item struct {
	// ID names the item: a gold id ("Q3", "E13"), a canonical or place
	// name, an attribute ("E13.date"), or "#i" and a summary for the i-th
	// produced quote or event.
	ID string
	OK bool
	// Ignored items count neither way (a produced quote that matches an
	// optional indirect quote).
	Ignored bool
	// Reason says why, naming the produced item that decided.
	Reason string
}

// Details are the per-item verdicts behind a Counts. Each section's OK
// items add up to the matching Counts numerator.
type Details struct {
	Article        []Item // ingest checks (outlet, date, body_excludes, headings); not in Counts
	Entities       []Item // per gold entity: found (Reason says strict or principal only)
	Places         []Item // per gold place
	Dates          []Item // per gold date
	Quotes         []Item // per gold quote: matched
	Speakers       []Item // per matched gold quote: speaker right
	ProducedQuotes []Item // per produced quote: matched, false positive or ignored
	Events         []Item // per gold event: matched by a produced event
	ProducedEvents []Item // per produced event: matches some gold event
	Attributes     []Item // per gold event attribute ("E13.place")
}

// Score compares one pipeline output with its gold (gc must not be nil).
// It also returns per-item details for a verbose report. A nil d scores
// as an empty output. Score only reads gc and d.
func Score(gc *GoldCase, d *doc.Document) (Counts, Details) {
	if d == nil {
		d = &doc.Document{}
	}
	s := &scorer{g: &gc.Gold, d: d, body: d.Article.Body}
	s.fb = fold(s.body)
	s.entityByName = map[string]int{}
	for i, e := range s.g.Entities {
		s.entityByName[normName(e.Canonical)] = i
	}
	s.placeByName = map[string]int{}
	for i, p := range s.g.Places {
		s.placeByName[normName(p.Name)] = i
	}
	s.article()
	s.entities()
	s.places()
	s.dates()
	s.quotes()
	s.events()
	return s.c, s.det
}

type scorer struct {
	g            *Gold
	d            *doc.Document
	body         string
	fb           *folded
	entityByName map[string]int // normName(canonical) -> gold entity
	placeByName  map[string]int // normName(name) -> gold place
	c            Counts
	det          Details
}

// find returns the occurrences in the body of any of strs.
func (s *scorer) find(strs ...string) []doc.Span {
	var out []doc.Span
	for _, x := range strs {
		out = append(out, occurrences(s.body, s.fb, x)...)
	}
	return out
}

// valid reports whether sp is a non-empty span of the body.
func (s *scorer) valid(sp doc.Span) bool { return sp.Valid(len(s.body)) && sp.Len() > 0 }

// clip shortens s for a report line.
func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return s
}

func (s *scorer) article() {
	ga, a := &s.g.Article, &s.d.Article
	if ga.Outlet != "" {
		s.det.Article = append(s.det.Article, Item{ID: "outlet", OK: strings.EqualFold(a.Outlet, ga.Outlet),
			Reason: fmt.Sprintf("%q, gold %q", a.Outlet, ga.Outlet)})
	}
	if ga.Published != "" {
		got := ""
		if !a.Published.IsZero() {
			got = a.Published.Format(time.DateOnly)
		}
		s.det.Article = append(s.det.Article, Item{ID: "published", OK: got != "" && strings.HasPrefix(ga.Published, got),
			Reason: fmt.Sprintf("%q, gold %q", got, ga.Published)})
	}
	for _, x := range ga.BodyExcludes {
		in := strings.Contains(s.fb.text, foldString(x))
		why := "kept out of the body"
		if in {
			why = "still in the body"
		}
		s.det.Article = append(s.det.Article, Item{ID: fmt.Sprintf("body excludes %q", x), OK: !in, Reason: why})
	}
	for _, h := range ga.Headings {
		it := Item{ID: fmt.Sprintf("heading %q", h), Reason: "not among Article.Headings"}
		for _, sp := range a.Headings {
			// The body keeps a heading's quote marks ("‘Urgent ceasefire’").
			if strings.Trim(foldString(sp.Text(a.Body)), `'" `) == foldString(h) {
				it.OK, it.Reason = true, fmt.Sprintf("heading at [%d,%d)", sp.Start, sp.End)
			}
		}
		s.det.Article = append(s.det.Article, it)
	}
}

// mentionActor is the code a mention carries: its own, else its entity's.
func (s *scorer) mentionActor(i int) string {
	m := &s.d.Mentions[i]
	if m.Actor != "" {
		return m.Actor
	}
	if m.Entity >= 0 && m.Entity < len(s.d.Entities) {
		return s.d.Entities[m.Entity].Actor
	}
	return ""
}

func (s *scorer) entities() {
	for gi := range s.g.Entities {
		ge := &s.g.Entities[gi]
		s.c.Entities++
		occ := s.find(ge.Mentions...)
		var found, strict bool
		var reason, wrongActor, closest string
		bestI, bestU := 0, 1
		for mi, m := range s.d.Mentions {
			if !s.valid(m.Span) {
				continue
			}
			text := m.Span.Text(s.body)
			code := s.mentionActor(mi)
			for _, o := range occ {
				inter, union := spanOverlap(s.body, m.Span, o)
				if inter == 0 {
					continue
				}
				if !atLeast(inter, union, 1, 2) {
					if inter*bestU > bestI*union {
						bestI, bestU = inter, union
						closest = fmt.Sprintf("closest mention %q overlaps %q with Jaccard %d/%d < 0.5",
							clip(text), o.Text(s.body), inter, union)
					}
					continue
				}
				switch {
				case ge.acceptsCode(code):
					if !strict {
						strict, found = true, true
						reason = fmt.Sprintf("strict: mention %q [%d,%d) %s", clip(text), m.Span.Start, m.Span.End, code)
					}
				case principalMatch(code, ge.Actor):
					if !found {
						found = true
						reason = fmt.Sprintf("principal only: mention %q [%d,%d) %s, strict wants %s",
							clip(text), m.Span.Start, m.Span.End, code, strings.Join(append([]string{ge.Actor}, ge.ActorAlternatives...), "|"))
					}
				default:
					if wrongActor == "" {
						wrongActor = fmt.Sprintf("mention %q [%d,%d) has actor %q, want %s",
							clip(text), m.Span.Start, m.Span.End, code, ge.Actor)
					}
				}
			}
		}
		if found {
			s.c.EntitiesFound++
		}
		if strict {
			s.c.EntitiesStrict++
		}
		if !found {
			switch {
			case len(occ) == 0:
				reason = "no mention string occurs in the body"
			case wrongActor != "":
				reason = wrongActor
			case closest != "":
				reason = closest
			default:
				reason = fmt.Sprintf("no produced mention at its %d occurrence(s)", len(occ))
			}
		}
		s.det.Entities = append(s.det.Entities, Item{ID: ge.Canonical, OK: found, Reason: reason})
	}
}

// placeNamed reports whether p is a produced place for the gold place
// whose occurrences and names are given: by its mention spans, or, when
// it has none, by its name.
func (s *scorer) placeNamed(p *doc.Place, occ []doc.Span, names []string) bool {
	hasSpans := false
	for _, sp := range p.Mentions {
		if !s.valid(sp) {
			continue
		}
		hasSpans = true
		for _, o := range occ {
			if sp.Overlaps(o) {
				return true
			}
		}
	}
	if hasSpans {
		return false
	}
	for _, n := range names {
		if sameName(p.Name, n) {
			return true
		}
	}
	return false
}

func (s *scorer) places() {
	for gi := range s.g.Places {
		gp := &s.g.Places[gi]
		s.c.PlacesTotal++
		names := append([]string{gp.Name}, gp.Mentions...)
		occ := s.find(names...)
		radius := gp.radius()
		it := Item{ID: gp.Name}
		var resolved, far int
		nearest, worst := -1.0, -1.0
		for pi := range s.d.Places {
			p := &s.d.Places[pi]
			if !s.placeNamed(p, occ, names) {
				continue
			}
			if !p.Resolved {
				// An unresolved place is kept as text, not a wrong geocode.
				continue
			}
			resolved++
			km := distanceKM(p.Lat, p.Lon, gp.Lat, gp.Lon)
			if nearest < 0 || km < nearest {
				nearest = km
			}
			if km > radius {
				far++
				if km > worst {
					worst = km
					it.Reason = fmt.Sprintf("%q at %.4f,%.4f is %.0f km away (> %g km)", p.Name, p.Lat, p.Lon, km, radius)
				}
			}
		}
		switch {
		case resolved > 0 && far == 0:
			it.OK = true
			s.c.PlacesCorrect++
			it.Reason = fmt.Sprintf("%d resolved place(s) within %g km (nearest %.1f km)", resolved, radius, nearest)
		case resolved > 0:
			it.Reason = fmt.Sprintf("%d of %d resolved place(s) farther than %g km: %s", far, resolved, radius, it.Reason)
		case len(occ) == 0:
			it.Reason = "name not in the body, and no produced place of that name"
		default:
			it.Reason = fmt.Sprintf("no resolved produced place at its %d occurrence(s)", len(occ))
		}
		s.det.Places = append(s.det.Places, it)
	}
}

func (s *scorer) dates() {
	for _, gd := range s.g.Dates {
		s.c.DatesTotal++
		want := strings.TrimSpace(gd.ResolvesTo)
		occ := s.find(gd.Text)
		it := Item{ID: gd.Text}
		hits, wrong := 0, ""
		for _, t := range s.d.Times {
			if !s.valid(t.Span) || !slices.ContainsFunc(occ, t.Span.Overlaps) {
				continue
			}
			hits++
			// A range ("since 2019") may carry the gold value as its start.
			if v := strings.TrimSpace(t.Value); v != want && strings.TrimSpace(t.Start) != want && wrong == "" {
				wrong = fmt.Sprintf("%q at [%d,%d) resolves to %q (start %q), want %q",
					t.Span.Text(s.body), t.Span.Start, t.Span.End, t.Value, t.Start, want)
			}
		}
		switch {
		case hits > 0 && wrong == "":
			it.OK = true
			s.c.DatesCorrect++
			it.Reason = fmt.Sprintf("%d expression(s) resolve to %s", hits, want)
		case hits > 0:
			it.Reason = wrong
		case len(occ) == 0:
			it.Reason = "text not in the body"
		default:
			it.Reason = fmt.Sprintf("no time expression at its %d occurrence(s)", len(occ))
		}
		s.det.Dates = append(s.det.Dates, it)
	}
}

// quoteText is a produced quote's text: Text, else its content spans'
// text joined by a space.
func (s *scorer) quoteText(q *doc.Quote) string {
	if q.Text != "" {
		return q.Text
	}
	parts := make([]string, 0, len(q.Content))
	for _, sp := range q.Content {
		parts = append(parts, sp.Text(s.body))
	}
	return strings.Join(parts, " ")
}

func quoteID(gq *GoldQuote, j int) string {
	if gq.ID != "" {
		return gq.ID
	}
	return fmt.Sprintf("quotes[%d]", j)
}

func (s *scorer) quotes() {
	gold := s.g.Quotes
	gtoks := make([]map[string]bool, len(gold))
	for j := range gold {
		gtoks[j] = tokens(gold[j].Text)
	}
	type produced struct {
		text     string
		toks     map[string]bool
		notQuote string // the not_quotes string it matches, if any
	}
	prod := make([]produced, len(s.d.Quotes))
	for i := range s.d.Quotes {
		p := &prod[i]
		p.text = s.quoteText(&s.d.Quotes[i])
		p.toks = tokens(p.text)
		for _, nq := range s.g.NotQuotes {
			if ok, _ := quoteMatch(p.toks, tokens(nq)); ok {
				p.notQuote = nq
				break
			}
		}
	}

	// Greedy one-to-one matching, highest Jaccard first; ties go to the
	// earlier gold quote, then the earlier produced one, so the result
	// does not depend on sort stability.
	type pair struct{ i, j, inter, union int }
	var pairs []pair
	for i := range prod {
		if prod[i].notQuote != "" {
			continue
		}
		for j := range gold {
			inter, union := tokenOverlap(prod[i].toks, gtoks[j])
			if atLeast(inter, union, 3, 5) {
				pairs = append(pairs, pair{i, j, inter, union})
			}
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := b.inter*a.union - a.inter*b.union; c != 0 {
			return c
		}
		if a.j != b.j {
			return a.j - b.j
		}
		return a.i - b.i
	})
	pOf := make([]int, len(gold)) // gold -> produced, -1 if none
	gOf := make([]int, len(prod)) // produced -> gold
	jac := make([]float64, len(prod))
	for j := range pOf {
		pOf[j] = -1
	}
	for i := range gOf {
		gOf[i] = -1
	}
	for _, p := range pairs {
		if pOf[p.j] < 0 && gOf[p.i] < 0 {
			pOf[p.j], gOf[p.i], jac[p.i] = p.i, p.j, ratio(p.inter, p.union)
		}
	}

	// Produced quotes.
	ignored, matched := 0, 0
	for i := range prod {
		p := &prod[i]
		it := Item{ID: fmt.Sprintf("#%d %q", i, clip(p.text))}
		switch {
		case gOf[i] >= 0:
			it.OK = true
			matched++
			it.Reason = fmt.Sprintf("matches %s (Jaccard %.2f)", quoteID(&gold[gOf[i]], gOf[i]), jac[i])
		case p.notQuote != "":
			it.Reason = fmt.Sprintf("not a quote: matches not_quotes %q", p.notQuote)
		default:
			for _, oq := range s.g.IndirectQuotesOptional {
				if ok, jv := quoteMatch(p.toks, tokens(oq.Text)); ok {
					it.Ignored = true
					it.Reason = fmt.Sprintf("ignored: optional indirect quote %q (Jaccard %.2f)", clip(oq.Text), jv)
					break
				}
			}
			if !it.Ignored && s.d.Quotes[i].Kind == doc.QuoteIndirect {
				// The README: "Indirect quotes are optional: they neither
				// add to nor take from precision."
				it.Ignored = true
				it.Reason = "ignored: an indirect quote that matches no gold quote"
			}
			if it.Ignored {
				ignored++
				break
			}
			it.Reason = "matches no gold quote"
			best, bj := 0.0, -1
			for j := range gold {
				if _, jv := quoteMatch(p.toks, gtoks[j]); jv > best {
					best, bj = jv, j
				}
			}
			if bj >= 0 {
				it.Reason += fmt.Sprintf(" (closest %s, Jaccard %.2f)", quoteID(&gold[bj], bj), best)
			}
		}
		s.det.ProducedQuotes = append(s.det.ProducedQuotes, it)
	}
	s.c.QuotesProduced += len(prod) - ignored
	s.c.QuotesMatchedProduced += matched
	s.c.QuotesGold += len(gold)
	s.c.QuotesMatchedGold += matched

	// Gold quotes and their speakers.
	for j := range gold {
		gq := &gold[j]
		it := Item{ID: quoteID(gq, j)}
		if i := pOf[j]; i >= 0 {
			it.OK = true
			it.Reason = fmt.Sprintf("produced #%d (Jaccard %.2f)", i, jac[i])
			ok, why := s.speaker(&s.d.Quotes[i], gq)
			if ok {
				s.c.SpeakersCorrect++
			}
			s.det.Speakers = append(s.det.Speakers, Item{ID: it.ID, OK: ok, Reason: why})
		} else {
			it.Reason = "no produced quote left with Jaccard >= 0.6"
			best, bi := 0.0, -1
			for i := range prod {
				if prod[i].notQuote != "" {
					continue
				}
				if _, jv := quoteMatch(prod[i].toks, gtoks[j]); jv > best {
					best, bi = jv, i
				}
			}
			if bi >= 0 {
				it.Reason += fmt.Sprintf(" (closest #%d, Jaccard %.2f)", bi, best)
			}
		}
		s.det.Quotes = append(s.det.Quotes, it)
	}
}

// mentionName is the text by which mention i names its entity, or "" for
// a pronoun.
func (s *scorer) mentionName(i int) string {
	m := &s.d.Mentions[i]
	if m.Kind == "pronoun" {
		return ""
	}
	if m.Text != "" {
		return m.Text
	}
	return m.Span.Text(s.body)
}

// speaker decides whether a produced quote's speaker resolves to the gold
// speaker; see the package comment for the rules.
func (s *scorer) speaker(q *doc.Quote, gq *GoldQuote) (bool, string) {
	d := s.d
	ent, sm := -1, -1
	if q.Speaker >= 0 && q.Speaker < len(d.Entities) {
		ent = q.Speaker
	}
	if q.SpeakerMention >= 0 && q.SpeakerMention < len(d.Mentions) {
		sm = q.SpeakerMention
		if e := d.Mentions[sm].Entity; ent < 0 && e >= 0 && e < len(d.Entities) {
			ent = e
		}
	}
	if ent < 0 && sm < 0 {
		return false, "no speaker"
	}
	var names, actors []string
	label := ""
	if ent >= 0 {
		e := &d.Entities[ent]
		label = e.Canonical
		names = append(names, e.Canonical)
		actors = append(actors, e.Actor)
		for _, mi := range e.Mentions {
			if mi >= 0 && mi < len(d.Mentions) {
				names = append(names, s.mentionName(mi))
			}
		}
		for mi := range d.Mentions {
			if d.Mentions[mi].Entity == ent {
				names = append(names, s.mentionName(mi))
			}
		}
	}
	if sm >= 0 {
		if m := &d.Mentions[sm]; m.Entity == ent || m.Entity < 0 {
			names = append(names, s.mentionName(sm))
			actors = append(actors, m.Actor)
			if label == "" {
				label = s.mentionName(sm)
			}
		}
	}
	names = slices.DeleteFunc(names, func(n string) bool { return normName(n) == "" || isPronoun(n) })
	actors = slices.DeleteFunc(actors, func(a string) bool { return a == "" })
	label = fmt.Sprintf("speaker %q (actor %q)", label, strings.Join(actors, "|"))

	want := normName(gq.Speaker)
	for _, n := range names {
		if normName(n) == want {
			return true, fmt.Sprintf("%s: name %q", label, n)
		}
	}
	gi, isEntity := s.entityByName[want]
	if !isEntity {
		// (d) a described speaker: a name that ends with the description
		// ("senior Turkish diplomatic source").
		for _, n := range names {
			if strings.HasSuffix(normName(n), " "+want) {
				return true, fmt.Sprintf("%s: name %q ends with %q", label, n, gq.Speaker)
			}
		}
		return false, fmt.Sprintf("%s does not name %q", label, gq.Speaker)
	}
	ge := &s.g.Entities[gi]
	// (b) a name of the gold entity.
	for _, n := range names {
		nn := normName(n)
		for _, gm := range ge.Mentions {
			if !isPronoun(gm) && normName(gm) == nn {
				return true, fmt.Sprintf("%s: name %q is a mention of %q", label, n, ge.Canonical)
			}
		}
	}
	// (c) the gold entity's own actor code, when no other gold entity has
	// it: two entities sharing IRNMED cannot be told apart by code.
	shared := ""
	if t := strings.ToUpper(ge.Type); t == "PER" || t == "ORG" {
		for _, a := range actors {
			if !ge.acceptsCode(a) {
				continue
			}
			n := 0
			for k := range s.g.Entities {
				if s.g.Entities[k].acceptsCode(a) {
					n++
				}
			}
			if n == 1 {
				return true, fmt.Sprintf("%s: actor %s is %q's alone", label, a, ge.Canonical)
			}
			shared = fmt.Sprintf(" (actor %s is shared by %d gold entities)", a, n)
		}
	}
	return false, fmt.Sprintf("%s does not resolve to %q%s", label, ge.Canonical, shared)
}

// eventRoot is the CAMEO root of a produced event: Root, else the first
// two digits of Code.
func eventRoot(e *doc.Event) string {
	if r := strings.TrimSpace(e.Root); r != "" {
		return r
	}
	if c := strings.TrimSpace(e.Code); len(c) >= 2 {
		return c[:2]
	}
	return ""
}

// matches reports whether produced event e is an instance of gold event g.
func (g *GoldEvent) matches(e *doc.Event) bool {
	if !slices.Contains(g.Roots, eventRoot(e)) {
		return false
	}
	src, tgt := e.Source.Code, e.Target.Code
	if prefixMatch(src, g.Source) && prefixMatch(tgt, g.Target) {
		return true
	}
	return g.EitherDirection && prefixMatch(src, g.Target) && prefixMatch(tgt, g.Source)
}

func eventID(g *GoldEvent, j int) string {
	if g.ID != "" {
		return g.ID
	}
	return fmt.Sprintf("events[%d]", j)
}

func eventSummary(e *doc.Event) string {
	side := func(c string) string {
		if c == "" {
			return "-"
		}
		return c
	}
	return fmt.Sprintf("%s->%s %s", side(e.Source.Code), side(e.Target.Code), side(e.Code))
}

func (s *scorer) events() {
	gold := s.g.Events
	matchedBy := make([][]int, len(gold))
	for i := range s.d.Events {
		e := &s.d.Events[i]
		s.c.EventsProduced++
		it := Item{ID: fmt.Sprintf("#%d %s", i, eventSummary(e))}
		var ids []string
		for j := range gold {
			if gold[j].matches(e) {
				matchedBy[j] = append(matchedBy[j], i)
				ids = append(ids, eventID(&gold[j], j))
			}
		}
		if len(ids) > 0 {
			it.OK = true
			s.c.EventsCorrect++
			it.Reason = "matches " + strings.Join(ids, ", ")
		} else {
			it.Reason = fmt.Sprintf("matches no gold event (root %q)", eventRoot(e))
		}
		s.det.ProducedEvents = append(s.det.ProducedEvents, it)
	}

	for j := range gold {
		g := &gold[j]
		id := eventID(g, j)
		it := Item{ID: id}
		req := "optional"
		if g.Required {
			req = "required"
			s.c.EventsRequired++
			if len(matchedBy[j]) > 0 {
				s.c.EventsRecalled++
			}
		}
		if len(matchedBy[j]) > 0 {
			it.OK = true
			it.Reason = fmt.Sprintf("%s; matched by %s", req, strings.Join(eventRefs(matchedBy[j]), ", "))
		} else {
			either := ""
			if g.EitherDirection {
				either = " (either direction)"
			}
			it.Reason = fmt.Sprintf("%s; no produced event %s->%s with root in %v%s",
				req, g.Source, g.Target, g.Roots, either)
		}
		s.det.Events = append(s.det.Events, it)
		s.attributes(g, id, matchedBy[j])
	}
}

func eventRefs(idx []int) []string {
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = fmt.Sprintf("#%d", i)
	}
	return out
}

// attributes scores the date, place and modality the gold event gives,
// on the matching produced event that gets most of them right (the first
// such on a tie).
func (s *scorer) attributes(g *GoldEvent, id string, matched []int) {
	type attr struct{ name, want string }
	var attrs []attr
	for _, a := range []attr{{"date", g.Date}, {"place", g.Place}, {"modality", g.Modality}} {
		if a.want != "" {
			attrs = append(attrs, a)
		}
	}
	s.c.AttributesTotal += len(attrs)
	if len(attrs) == 0 {
		return
	}
	best, bestN := -1, -1
	var bestItems []Item
	for _, i := range matched {
		e := &s.d.Events[i]
		n := 0
		items := make([]Item, len(attrs))
		for k, a := range attrs {
			var ok bool
			var why string
			switch a.name {
			case "date":
				ok = strings.TrimSpace(e.Date) == a.want
				why = fmt.Sprintf("date %q", e.Date)
			case "modality":
				ok = e.Modality == a.want
				why = fmt.Sprintf("modality %q", e.Modality)
			case "place":
				ok, why = s.eventPlace(e, a.want)
			}
			if ok {
				n++
			}
			items[k] = Item{ID: id + "." + a.name, OK: ok, Reason: fmt.Sprintf("#%d: %s, want %q", i, why, a.want)}
		}
		if n > bestN {
			best, bestN, bestItems = i, n, items
		}
	}
	if best < 0 {
		for _, a := range attrs {
			s.det.Attributes = append(s.det.Attributes, Item{ID: id + "." + a.name,
				Reason: fmt.Sprintf("event not matched; want %q", a.want)})
		}
		return
	}
	s.c.AttributesCorrect += bestN
	s.det.Attributes = append(s.det.Attributes, bestItems...)
}

// eventPlace reports whether a produced event's place is the gold place
// named want: by name or a mention of it, or by lying within the radius
// of the gold place entry of that name.
func (s *scorer) eventPlace(e *doc.Event, want string) (bool, string) {
	if e.Place < 0 || e.Place >= len(s.d.Places) {
		return false, "no place"
	}
	p := &s.d.Places[e.Place]
	names := []string{want}
	gi, known := s.placeByName[normName(want)]
	if known {
		names = append(names, s.g.Places[gi].Mentions...)
	}
	for _, n := range names {
		if sameName(p.Name, n) {
			return true, fmt.Sprintf("place %q", p.Name)
		}
		for _, sp := range p.Mentions {
			if s.valid(sp) && sameName(sp.Text(s.body), n) {
				return true, fmt.Sprintf("place %q named %q", p.Name, sp.Text(s.body))
			}
		}
	}
	if known && p.Resolved {
		gp := &s.g.Places[gi]
		km := distanceKM(p.Lat, p.Lon, gp.Lat, gp.Lon)
		ok := km <= gp.radius()
		return ok, fmt.Sprintf("place %q %.0f km from gold (radius %g km)", p.Name, km, gp.radius())
	}
	return false, fmt.Sprintf("place %q", p.Name)
}
