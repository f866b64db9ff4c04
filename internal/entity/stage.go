package entity

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/ner"
)

// Recognizer finds named entities among the words of a sentence, given
// their Penn Treebank tags.
type Recognizer interface {
	Recognise(words, xpos []string) []ner.Span
}

// Resources are what the stage runs with.
type Resources struct {
	Dict *Dictionary
	NER  Recognizer
	// Names gives the gender of given names, so that pronouns agree with
	// their antecedents; nil means no names are known.
	Names GivenNames
}

// Stage finds the entity mentions of a document, links them to coded
// actors and groups them into entities. It needs the language stages'
// tokens, tags and dependency trees.
type Stage struct {
	load func() (*Resources, error)
}

// New returns a stage that calls load on first use (wiring passes a
// sync.OnceValues, so commands that never analyse text pay nothing).
func New(load func() (*Resources, error)) *Stage { return &Stage{load: load} }

// Name is the stage's name.
func (s *Stage) Name() string { return "entity" }

// Process fills d.Mentions and d.Entities, replacing any there were.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r, err := s.load()
	if err != nil {
		return err
	}
	d.Mentions, d.Entities = nil, nil
	if len(d.Tokens) == 0 {
		return nil
	}
	l := linker{r: r, d: d}
	if !d.Article.Published.IsZero() {
		l.day = DayNumber(d.Article.Published)
	}
	l.run()
	return nil
}

// linker holds the work on one document.
type linker struct {
	r     *Resources
	d     *doc.Document
	day   int
	words []string // token texts, document-wide
	// matches[i] is the dictionary match starting at token i, if any.
	matches map[int]match
	// covered[i] says token i is inside a mention; nerLoc that the
	// recogniser put it in a location.
	covered, nerLoc []bool
	// ments are the mentions found, in text order.
	ments []mention
}

// match is a dictionary phrase in the text: tokens start..end-1.
type match struct {
	start, end int
	entries    []int32
}

// mention is a mention while linking.
type mention struct {
	start, end int // tokens
	typ        string
	kind       string // name, nominal, pronoun
	actor      string
	canonical  string
	role       string
	// key groups mentions into entities: a dictionary entry, a person's
	// name, a country code.
	key string
	// entityActor is the code of the entity the mention names, when it
	// differs from the mention's own (a country's capital as GOV).
	entityActor string
	// roleType is the CAMEO type of a role phrase; country the country
	// its modifiers give a nominal mention.
	roleType string
	country  string
	// nameStart is where the name itself starts when start includes a
	// title; covered marks only the name.
	nameStart int
	// appos is the head token of a phrase in apposition, or -1.
	appos int
	// ante is, for a pronoun, the index in linker.ments of the mention it
	// refers to. The pronoun takes that mention's entity once every
	// merge is done: "Norton" joins "Joshua Norton" after the pronouns
	// are resolved, and "he" must follow it there.
	ante int
	// gender is what the mention shows by itself of its person's gender
	// ("she", "Mrs", "Muriel"), set by the pronoun pass.
	gender gender
}

func (l *linker) run() {
	d := l.d
	l.words = make([]string, len(d.Tokens))
	for i, t := range d.Tokens {
		l.words[i] = d.Text(t.Span)
	}
	l.covered = make([]bool, len(d.Tokens))
	l.nerLoc = make([]bool, len(d.Tokens))
	l.matches = map[int]match{}
	for _, s := range d.Sentences {
		words := l.words[s.FirstToken:s.EndToken]
		for i := 0; i < len(words); {
			n, es := l.r.Dict.Match(words, i)
			if n == 0 {
				i++
				continue
			}
			l.matches[s.FirstToken+i] = match{start: s.FirstToken + i, end: s.FirstToken + i + n, entries: es}
			i += n
		}
	}
	introduced := map[string]string{}
	for si, s := range d.Sentences {
		l.sentence(si, s)
		l.placesByNoun(s)
		l.sourceNouns(s, introduced)
	}
	slices.SortStableFunc(l.ments, func(a, b mention) int { return cmp.Compare(a.start, b.start) })
	l.pronouns()
	l.entities()
}

// entriesOf returns the entries of m that hold on the article's day, of
// the given kinds (all kinds when none is given).
func (l *linker) entriesOf(m match, kinds ...Kind) []*Entry {
	var out []*Entry
	for _, i := range m.entries {
		e := l.r.Dict.Entry(int(i))
		if !e.Holds(l.day) {
			continue
		}
		if len(kinds) > 0 && !hasKind(kinds, e.Kind) {
			continue
		}
		out = append(out, e)
	}
	return out
}

func hasKind(ks []Kind, k Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// sentence finds the mentions of one sentence.
func (l *linker) sentence(si int, s doc.Sentence) {
	words := l.words[s.FirstToken:s.EndToken]
	var spans []ner.Span
	if l.r.NER != nil {
		xpos := make([]string, len(words))
		for i := range xpos {
			xpos[i] = l.d.Tokens[s.FirstToken+i].XPOS
		}
		spans = l.r.NER.Recognise(words, xpos)
	}
	for _, sp := range spans {
		for i := sp.Start; i < sp.End && sp.Type == "LOC"; i++ {
			l.nerLoc[s.FirstToken+i] = true
		}
	}
	// Names the recogniser found, coded from the dictionary where it
	// knows them and from their context where it does not.
	for _, sp := range spans {
		start, end := s.FirstToken+sp.Start, s.FirstToken+sp.End
		start = l.skipArticle(start, end)
		if start >= end {
			continue
		}
		if end-start == 1 && l.d.Tokens[start].UPOS == "PRON" {
			// A capitalised pronoun taken for a name ("She says"): the
			// pronoun pass links it to its person instead.
			continue
		}
		typ := sp.Type
		if typ != "PER" {
			if k, ok := l.personAfterTitle(start, end); ok {
				// "Home Secretary Yvette Cooper" taken for an
				// organisation: the person, whose title compose adds back.
				start, typ = k, "PER"
			}
		}
		m := mention{start: start, end: end, typ: typ, kind: "name"}
		if dm, ok := l.nameOverlapping(start, end); ok && dm.start <= start && dm.end >= end {
			// The dictionary knows the name, perhaps in a longer form
			// than the recogniser found ("Tasnim news agency").
			m.start, m.end = min(start, dm.start), max(end, dm.end)
			l.fromDictionary(&m, dm)
		} else if ok && sp.Type != "LOC" {
			// A name that contains a known one ("Parliament of Iraq")
			// is coded from its parts, like a title; a place that does
			// ("Gulf of Oman") is not the country.
			l.codeFromParts(&m)
		}
		if m.typ == "PER" && m.key == "" {
			m.key = "per:" + strings.ToLower(l.text(start, end))
			m.canonical = l.text(start, end)
		}
		l.add(si, m)
	}
	// Dictionary phrases the recogniser missed: first the names of
	// people and organisations, whose titles then become known; then
	// countries, nationality adjectives and seats of power, and role
	// nouns that name an actor on their own ("state media", "troops")
	// rather than title a name.
	for _, names := range []bool{true, false} {
		for i := s.FirstToken; i < s.EndToken; i++ {
			dm, ok := l.matches[i]
			if !ok || l.overlaps(dm.start, dm.end) {
				continue
			}
			m := mention{start: dm.start, end: dm.end, kind: "name"}
			if !l.fromDictionary(&m, dm) || (m.typ == "PER" || m.typ == "ORG") != names {
				continue
			}
			if m.typ == "" { // a role
				if l.inTitle(dm.start, dm.end) || !l.nominalActor(dm) {
					continue
				}
				m.kind = "nominal"
			}
			l.add(si, m)
		}
	}
}

// sourceNouns adds the common nouns that act as subjects and that the
// article introduces with "a" or "an" ("a Turkish diplomatic source
// said"), and their later definite mentions ("the source added"): the
// same entity, which quotes and events need as a speaker or actor.
func (l *linker) sourceNouns(s doc.Sentence, introduced map[string]string) {
	for i := s.FirstToken; i < s.EndToken; i++ {
		t := l.d.Tokens[i]
		if t.UPOS != "NOUN" || t.Deprel != "nsubj" && t.Deprel != "nsubj:pass" || l.covered[i] {
			continue
		}
		det := ""
		for j := max(s.FirstToken, i-4); j < i; j++ {
			if l.d.Tokens[j].Head == i && l.d.Tokens[j].Deprel == "det" {
				det = strings.ToLower(l.words[j])
			}
		}
		lemma := strings.ToLower(t.Lemma)
		m := mention{start: i, end: i + 1, kind: "nominal", role: lemma}
		switch det {
		case "a", "an":
			m.key = fmt.Sprintf("nominal:%s:%d", lemma, i)
			introduced[lemma] = m.key
		case "the":
			key, ok := introduced[lemma]
			if !ok {
				continue
			}
			m.key = key
		default:
			continue
		}
		l.add(0, m)
		if m := &l.ments[len(l.ments)-1]; m.canonical == "" {
			m.canonical = strings.TrimSpace(m.country + " " + lemma)
		}
	}
}

// inTitle reports whether tokens start..end-1 are part of the title of
// a person's mention ("supreme leader" in "supreme leader Ayatollah Ali
// Khamenei").
func (l *linker) inTitle(start, end int) bool {
	for _, m := range l.ments {
		if m.start < m.nameStart && start >= m.start && end <= m.nameStart {
			return true
		}
	}
	return false
}

// skipArticle moves start past a leading "the".
func (l *linker) skipArticle(start, end int) int {
	if start < end-1 && strings.EqualFold(l.words[start], "the") {
		return start + 1
	}
	return start
}

// personAfterTitle finds a person's name at the end of a span the
// recogniser typed otherwise, after a person's title ("US President
// Donald Trump", "Home Secretary Yvette Cooper"): a name the dictionary
// knows as a person's, or a known given name with one or two proper
// nouns after it. It returns where the name starts.
func (l *linker) personAfterTitle(start, end int) (int, bool) {
	for k := start + 1; k < end; k++ {
		if !isPersonRole(l.words[k-1]) || !isUpper(l.words[k-1]) {
			continue
		}
		if dm, ok := l.matches[k]; ok && dm.end == end && len(l.entriesOf(dm, KindPerson)) > 0 {
			return k, true
		}
		if n := end - k; n < 2 || n > 3 || l.r.Names[strings.ToLower(l.words[k])] == genderUnknown {
			continue
		}
		proper := true
		for i := k; i < end; i++ {
			proper = proper && l.d.Tokens[i].UPOS == "PROPN"
		}
		if proper {
			return k, true
		}
	}
	return 0, false
}

func isUpper(w string) bool { return w != "" && w[0] >= 'A' && w[0] <= 'Z' }

// nameOverlapping returns the longest dictionary match that overlaps
// tokens start..end-1 and names something (not a role), if any.
func (l *linker) nameOverlapping(start, end int) (match, bool) {
	var best match
	found := false
	for i := max(0, start-l.r.Dict.maxWords+1); i < end; i++ {
		dm, ok := l.matches[i]
		if !ok || dm.end <= start || found && dm.end-dm.start <= best.end-best.start {
			continue
		}
		named := false
		for _, e := range l.entriesOf(dm) {
			if e.Kind != KindRole {
				named = true
			}
		}
		if named {
			best, found = dm, true
		}
	}
	return best, found
}

func (l *linker) overlaps(start, end int) bool {
	for i := start; i < end; i++ {
		if l.covered[i] {
			return true
		}
	}
	return false
}

func (l *linker) text(start, end int) string {
	return l.d.Article.Body[l.d.Tokens[start].Span.Start:l.d.Tokens[end-1].Span.End]
}

// fromDictionary codes m from a dictionary match; it reports false when
// no entry holds on the article's day.
func (l *linker) fromDictionary(m *mention, dm match) bool {
	es := l.entriesOf(dm)
	if len(es) == 0 {
		return false
	}
	e := es[0]
	// A person's or an organisation's entry beats a country's reading of
	// the same words; entries otherwise keep the data's order.
	for _, x := range es {
		if x.Kind == KindPerson || x.Kind == KindOrg {
			e = x
			break
		}
	}
	switch e.Kind {
	case KindCountry:
		m.typ, m.actor, m.key, m.canonical = "GPE", e.Code, "country:"+e.Code, e.Canonical
	case KindAdjective:
		m.typ, m.actor, m.key, m.canonical = "NORP", e.Code, "country:"+e.Code, e.Canonical
	case KindSeat:
		// A capital or seat of power is an actor only when it acts
		// ("Ankara was working behind the scenes", "Tehran's policy");
		// "in Ankara" is a place.
		// Institutions ("the White House", "the Zionist regime") are
		// actors wherever they stand.
		country := e.Code[:3]
		m.typ, m.key = "GPE", "country:"+country
		if !l.placeLike(e, dm) {
			// An institution is an organisation, never a place.
			m.typ, m.actor = "ORG", e.Code
		} else if l.acts(dm.start, dm.end) {
			m.actor = e.Code
		}
		m.entityActor = country
		if c, ok := l.r.Dict.Country(country); ok {
			m.canonical = c.Canonical
		}
	case KindOrg:
		m.typ, m.actor, m.key, m.canonical, m.role = "ORG", e.Code, "org:"+e.Canonical, e.Canonical, e.Role
	case KindPerson:
		m.typ, m.actor, m.key, m.canonical, m.role = "PER", e.Code, "per:"+e.Canonical, e.Canonical, e.Role
	case KindRole:
		m.typ, m.role, m.roleType = "", e.Canonical, e.Code
	}
	return true
}

// nominalActor reports whether a role phrase names an actor by itself:
// a noun that heads its own phrase ("state media reported", "Iranian
// troops"), not a title before a name ("Foreign Minister Hakan Fidan").
func (l *linker) nominalActor(dm match) bool {
	last := dm.end - 1
	t := l.d.Tokens[last]
	if t.UPOS != "NOUN" && t.UPOS != "PROPN" {
		return false
	}
	if next := dm.end; next < len(l.d.Tokens) && l.d.Tokens[next].Sentence == t.Sentence &&
		l.d.Tokens[next].UPOS == "PROPN" && t.Head == next {
		return false // a title
	}
	switch t.Deprel {
	case "compound", "flat", "amod":
		return false
	}
	return true
}

// add composes m's code from its context and records it.
func (l *linker) add(si int, m mention) {
	m.nameStart, m.appos = m.start, -1
	l.compose(&m)
	for i := m.nameStart; i < m.end; i++ {
		l.covered[i] = true
	}
	_ = si
	l.ments = append(l.ments, m)
}

// acts reports whether the phrase at tokens start..end-1 plays an
// actor's part in its clause: subject, passive agent, possessor or
// object, or a conjunct of one.
func (l *linker) acts(start, end int) bool {
	h := l.headOf(start, end)
	for range 3 { // follow conjuncts to the first one
		if h < 0 {
			return false
		}
		t := l.d.Tokens[h]
		switch t.Deprel {
		case "nsubj", "nsubj:pass", "nsubj:outer", "csubj", "obl:agent", "nmod:poss", "obj", "iobj":
			return true
		case "obl", "nmod":
			// "supported by Washington" is an agent whatever the
			// parser called it.
			for i, c := range l.d.Tokens {
				if c.Head == h && c.Deprel == "case" && strings.EqualFold(l.words[i], "by") {
					return true
				}
			}
			return false
		case "conj":
			h = t.Head
		default:
			return false
		}
	}
	return false
}

// placeLike reports whether a seat of power is also a place one can be
// in: the capital, or a name the recogniser reads as a location here
// (Rawalpindi, Langley), unlike "Congress", "the Kremlin" or "the
// Zionist regime", which are institutions.
func (l *linker) placeLike(e *Entry, dm match) bool {
	if c, ok := l.r.Dict.Country(e.Code[:3]); ok && strings.EqualFold(c.Capital, e.Canonical) {
		return true
	}
	for i := dm.start; i < dm.end; i++ {
		if !l.nerLoc[i] {
			return false
		}
	}
	return true
}

// codeFromParts codes a name the dictionary does not know from the
// dictionary phrases inside it: "Parliament of Iraq" is IRQLEG, "Iraqi
// Army" IRQMIL.
func (l *linker) codeFromParts(m *mention) {
	c := modifiers{first: -1}
	for i := m.start; i < m.end; i++ {
		if dm, ok := l.matches[i]; ok && dm.end <= m.end {
			l.absorb(dm, &c)
		}
	}
	switch {
	case c.org != "":
		m.actor = c.org
	case c.country != "" && c.typ != "":
		m.actor = c.country + c.typ
	}
}

// placeNouns are the nouns that make a proper name next to them a place:
// "the city of Rize", "the village of Ayder", "Hatay province".
var placeNouns = map[string]bool{
	"city": true, "town": true, "village": true, "province": true, "region": true, "district": true,
	"county": true, "capital": true, "port": true, "island": true, "governorate": true,
	"municipality": true, "neighbourhood": true, "neighborhood": true, "camp": true,
}

// placesByNoun adds the proper names a place noun governs or is
// modified by, which the recogniser may miss or take for a person, as
// places.
func (l *linker) placesByNoun(s doc.Sentence) {
	for i := s.FirstToken; i < s.EndToken; i++ {
		t := l.d.Tokens[i]
		if t.UPOS != "PROPN" || t.Head < 0 {
			continue
		}
		h := l.d.Tokens[t.Head]
		var ok bool
		switch {
		case placeNouns[strings.ToLower(l.words[t.Head])] && h.UPOS == "NOUN":
			// "the city of Rize" (nmod), "Rize province" (compound),
			// "the capital, Riyadh" (appos).
			ok = t.Deprel == "nmod" || t.Deprel == "compound" || t.Deprel == "appos" || t.Deprel == "flat"
		}
		if !ok {
			continue
		}
		// The whole run of proper nouns around i.
		start, end := i, i+1
		for start > s.FirstToken && l.d.Tokens[start-1].UPOS == "PROPN" {
			start--
		}
		for end < s.EndToken && l.d.Tokens[end].UPOS == "PROPN" {
			end++
		}
		if !l.overlaps(start, end) {
			l.add(0, mention{start: start, end: end, typ: "LOC", kind: "name"})
			continue
		}
		// The recogniser took it for someone: a place noun says otherwise.
		for k := range l.ments {
			m := &l.ments[k]
			if m.nameStart == start && m.end == end && m.typ == "PER" && m.actor == "" && m.key == "per:"+strings.ToLower(l.text(start, end)) {
				m.typ, m.key = "LOC", ""
			}
		}
		i = end - 1
	}
}

// LoadResources loads the embedded actor dictionary and the recogniser
// trained with it as its gazetteer, splitting dictionary phrases with tok
// (the text stage's Words).
func LoadResources(tok Tokenize) (*Resources, error) {
	dict, err := LoadDictionary(tok)
	if err != nil {
		return nil, err
	}
	rec, err := ner.Load(ner.Deps{Gazetteer: NewGazetteer(dict)})
	if err != nil {
		return nil, err
	}
	names, err := LoadGivenNames()
	if err != nil {
		return nil, err
	}
	return &Resources{Dict: dict, NER: rec, Names: names}, nil
}
