package entity

import (
	"strings"

	"github.com/dyad-events/dyad/internal/doc"
)

// modifiers is what a mention's modifiers say about it: "Turkish Foreign
// Minister Hakan Fidan" gives country TUR and type GOV; "Hamas leader
// Ismail Haniyeh" gives organisation PSEREB.
type modifiers struct {
	// first is the first token of the title that directly precedes the
	// name ("Turkish Foreign Minister"), before any possessive; -1 if
	// none.
	first    int
	country  string
	typ      string
	role     string
	org      string
	orgCanon string
}

// compose codes m from its modifiers, CAMEO-agent style: country, then
// type, unless a named organisation gives its own code.
func (l *linker) compose(m *mention) {
	c := modifiers{first: -1}
	l.titleChain(m, &c)
	m.appos = l.appositions(m, &c)
	if m.kind == "nominal" && c.typ == "" {
		c.typ = m.roleType
	}
	composed := ""
	switch {
	case c.org != "":
		composed = c.org
	case c.country != "" && c.typ != "":
		composed = c.country + c.typ
	case c.country != "" && m.typ != "PER" && m.kind == "nominal":
		composed = c.country
	}
	switch {
	case composed == "":
	case m.actor == "" || m.kind == "nominal":
		m.actor = composed
	case m.typ == "PER" && c.country != "" && c.typ != "":
		// The role the article gives beats the dictionary's: people
		// change office, and the text says which one they hold now.
		m.actor = composed
	}
	if m.kind == "nominal" {
		m.country = c.country
		if isPersonRole(l.words[m.end-1]) {
			m.typ = "PER"
		} else {
			m.typ = "ORG"
		}
	}
	if m.role == "" || m.kind == "name" && c.role != "" {
		m.role = c.role
	}
	// A person's mention spans the title before the name, as the noun
	// phrase does ("Turkish Foreign Minister Hakan Fidan"); the words of
	// the title stay free to be mentions of their own ("Turkish").
	if (m.typ == "PER" && m.kind == "name" || m.kind == "nominal") && c.first >= 0 {
		m.nameStart = m.start
		m.start = c.first
	}
}

// titleChain reads the words before m that modify it: roles, nationality
// adjectives, countries with "'s", organisations, honorifics.
func (l *linker) titleChain(m *mention, c *modifiers) {
	sent := l.d.Tokens[m.start].Sentence
	possessive := false
	for j := m.start - 1; j >= 0 && l.d.Tokens[j].Sentence == sent; {
		t := l.d.Tokens[j]
		w := l.words[j]
		if isPossessive(w) {
			possessive = true
			j--
			continue
		}
		if dm, ok := l.matchEndingAt(j + 1); ok {
			if !l.absorb(dm, c) {
				return
			}
			if !possessive {
				c.first = dm.start
			}
			j = dm.start - 1
			continue
		}
		// Honorifics and untitled parts of a title ("Ayatollah",
		// "Supreme") attach to the name as compound or flat modifiers.
		if (t.UPOS == "PROPN" || t.UPOS == "ADJ" || t.UPOS == "NOUN") && l.inside(t.Head, m.start, m.end+1) &&
			(t.Deprel == "compound" || t.Deprel == "amod" || t.Deprel == "flat") {
			if !possessive {
				c.first = j
			}
			j--
			continue
		}
		return
	}
}

// inside reports whether token h is in [start, end).
func (l *linker) inside(h, start, end int) bool { return h >= start && h < end }

// appositions reads "Hakan Fidan, Turkey's foreign minister" and "the
// leader of Hamas, Ismail Haniyeh": roles, countries and organisations
// that modify a phrase in apposition to m, and those that modify m's own
// head ("the prosecutor general of Tehran"). It returns the phrase in
// apposition's head, or -1.
func (l *linker) appositions(m *mention, c *modifiers) int {
	head := l.headOf(m.start, m.end)
	if head < 0 {
		return -1
	}
	l.modifiersOf(head, m, c)
	other := -1
	for i, t := range l.d.Tokens {
		if t.Head == head && t.Deprel == "appos" && !l.inside(i, m.start, m.end) {
			other = i
			break
		}
	}
	if t := l.d.Tokens[head]; other < 0 && t.Deprel == "appos" && t.Head >= 0 {
		other = t.Head
	}
	if other >= 0 && !l.personNextToBody(m, other) {
		l.modifiersOf(other, m, c)
	}
	return other
}

// personNextToBody reports whether m names a person and token h heads a
// mention of an organisation or a place: a person is not in apposition
// to a body, so the parse is wrong ("According to ISNA, the prosecutor
// general ... said") and the body's code must not pass to the person.
func (l *linker) personNextToBody(m *mention, h int) bool {
	person := m.typ == "PER" || m.kind == "nominal" && isPersonRole(l.words[m.end-1])
	if !person {
		return false
	}
	for i := range l.ments {
		o := &l.ments[i]
		if l.headOrStart(o) == h && (o.typ == "ORG" || o.typ == "GPE" || o.typ == "LOC") {
			return true
		}
	}
	return false
}

// modifiersOf absorbs the dictionary phrases that are, or directly
// modify, the phrase headed by token h: the phrase itself ("the leader"),
// its adjectives, compounds, possessors and "of" phrases ("of Hamas"),
// but not clauses or further appositions, which may name others.
func (l *linker) modifiersOf(h int, m *mention, c *modifiers) {
	sent := l.d.Sentences[l.d.Tokens[h].Sentence]
	for i := sent.FirstToken; i < sent.EndToken; i++ {
		dm, ok := l.matches[i]
		if !ok || l.inside(i, m.nameStart, m.end) {
			continue
		}
		mh := l.headOf(dm.start, dm.end)
		if mh < 0 {
			continue
		}
		t := l.d.Tokens[mh]
		direct := mh == h || t.Head == h && (t.Deprel == "amod" || t.Deprel == "compound" ||
			t.Deprel == "nmod:poss" || t.Deprel == "nmod" || t.Deprel == "flat")
		if direct {
			l.absorb(dm, c)
		}
	}
}

// absorb adds what a modifying phrase says to c; it reports false when
// the phrase is not a modifier (a person's name, say).
func (l *linker) absorb(dm match, c *modifiers) bool {
	for _, e := range l.entriesOf(dm) {
		switch e.Kind {
		case KindRole:
			if c.typ == "" {
				c.typ, c.role = e.Code, e.Canonical
			}
			return true
		case KindAdjective, KindCountry:
			if c.country == "" {
				c.country = e.Code
			}
			return true
		case KindSeat:
			if c.country == "" {
				c.country = e.Code[:3]
			}
			return true
		case KindOrg:
			if c.org == "" {
				c.org, c.orgCanon = e.Code, e.Canonical
			}
			return true
		}
	}
	return false
}

// matchEndingAt returns the dictionary match whose last token is end-1.
func (l *linker) matchEndingAt(end int) (match, bool) {
	for n := 1; n <= l.r.Dict.maxWords && end-n >= 0; n++ {
		if dm, ok := l.matches[end-n]; ok && dm.end == end {
			return dm, true
		}
	}
	return match{}, false
}

// headOf returns the token of [start, end) whose head is outside it.
func (l *linker) headOf(start, end int) int {
	for i := start; i < end; i++ {
		if h := l.d.Tokens[i].Head; h < start || h >= end {
			return i
		}
	}
	return -1
}

func isPossessive(w string) bool {
	return w == "'s" || w == "’s" || w == "'" || w == "’"
}

// isPersonRole reports whether a role noun names a person rather than a
// body: English agent nouns end in -er, -or, -ist, -man and the like,
// and a few titles do not.
func isPersonRole(w string) bool {
	w = strings.ToLower(w)
	for _, suf := range []string{"er", "or", "ist", "man", "woman", "person", "ent", "ary", "ant", "at", "ief", "oy", "ign", "ess"} {
		if strings.HasSuffix(w, suf) && !strings.HasSuffix(w, "ment") {
			return true
		}
	}
	switch w {
	case "king", "queen", "emir", "prince", "princess", "sultan", "pope", "head", "premier", "judge", "mayor", "sheikh",
		"ayatollah", "cleric", "chancellor", "general", "admiral", "marshal", "cardinal", "corporal", "envoy":
		return true
	}
	return false
}

// pronouns links he, she, him, her and his to a person before them: the
// subject of an earlier clause of the same sentence, else the subject of
// the main clause of an earlier sentence, when its gender does not
// contradict the pronoun's; else the nearest person of the pronoun's
// gender in the last few sentences; else the nearest person who may be
// meant. Syntax and quotation marks rule some out (see fits). A
// resolved pronoun is itself a subject for the pronouns after it, so
// chains ("He added that he ...", "he said") follow their person.
func (l *linker) pronouns() {
	var out []mention
	mi := 0
	lastPer, lastSubj, lastMain := -1, -1, -1
	g := l.newGenders()
	quoted := l.quoted()
	note := func(i int) {
		m := &out[i]
		g.note(m)
		if m.typ != "PER" {
			return
		}
		lastPer = i
		h := l.headOrStart(m)
		if t := l.d.Tokens[h]; t.Deprel == "nsubj" || t.Deprel == "nsubj:pass" {
			lastSubj = i
			if t.Head >= 0 && l.d.Tokens[t.Head].Head == -1 {
				lastMain = i
			}
		}
	}
	for i, t := range l.d.Tokens {
		for mi < len(l.ments) && l.ments[mi].start <= i {
			out = append(out, l.ments[mi])
			note(len(out) - 1)
			mi++
		}
		if t.UPOS != "PRON" || l.covered[i] {
			continue
		}
		pg := pronounGender(l.words[i])
		if pg == genderUnknown {
			continue
		}
		// "Trump accused her": an object pronoun is not the subject of
		// its own verb (reflexives are, and possessives may be).
		notThis := -1
		if d := t.Deprel; (d == "obj" || d == "iobj") && !strings.HasSuffix(strings.ToLower(l.words[i]), "self") {
			notThis = l.clauseSubject(i)
		}
		fits := func(c int) bool {
			if c < 0 || g.of(&out[c]) == opposite(pg) || notThis >= 0 && l.headOrStart(&out[c]) == notThis {
				return false
			}
			// Inside a quotation the speaker says "I": "his" in
			// Smith said, "I think his work matters" is someone else.
			cs := out[c].start
			return !quoted[i] || quoted[cs] || l.d.Tokens[cs].Sentence != t.Sentence
		}
		ranked := [2]int{-1, lastMain}
		if lastSubj >= 0 && l.d.Tokens[out[lastSubj].start].Sentence == t.Sentence {
			ranked[0] = lastSubj
		}
		// nearest is the closest person, not too far back, for whom ok
		// holds; -1 if none.
		nearest := func(ok func(c int) bool) int {
			for c := len(out) - 1; c >= 0; c-- {
				m := &out[c]
				if t.Sentence-l.d.Tokens[m.start].Sentence > 3 {
					break
				}
				if m.typ == "PER" && ok(c) {
					return c
				}
			}
			return -1
		}
		// The subjects first, when they may be this person; then the
		// nearest person known to be of the pronoun's gender; then the
		// last person named, or the nearest one who may be this one.
		ante := -1
		for _, c := range ranked {
			if fits(c) {
				ante = c
				break
			}
		}
		if ante < 0 {
			ante = nearest(func(c int) bool { return g.of(&out[c]) == pg && fits(c) })
		}
		if ante < 0 && fits(lastPer) {
			ante = lastPer
		}
		if ante < 0 {
			ante = nearest(fits)
		}
		if ante < 0 {
			continue
		}
		a := &out[ante]
		g.learn(a, pg)
		out = append(out, mention{start: i, end: i + 1, nameStart: i, appos: -1, typ: "PER", kind: "pronoun",
			key: a.key, actor: a.actor, canonical: a.canonical, role: a.role, ante: ante})
		note(len(out) - 1)
	}
	out = append(out, l.ments[mi:]...)
	l.ments = out
}

// quoted marks the tokens inside quotation marks, paragraph by
// paragraph: curly quotes open and close, a straight one toggles.
func (l *linker) quoted() []bool {
	out := make([]bool, len(l.d.Tokens))
	in, para := false, -1
	for i, t := range l.d.Tokens {
		if s := l.d.Sentences[t.Sentence]; s.Paragraph != para {
			in, para = false, s.Paragraph
		}
		switch l.words[i] {
		case "\u201c":
			in = true
			continue
		case "\u201d":
			in = false
			continue
		case "\"":
			in = !in
			continue
		}
		out[i] = in
	}
	return out
}

// clauseSubject is the token that is the subject of the verb governing
// token i, or of the verb that verb hangs from when it has none of its
// own ("accusing her" in "Trump lashed out, accusing her"); -1 if none.
func (l *linker) clauseSubject(i int) int {
	s := l.d.Sentences[l.d.Tokens[i].Sentence]
	subjectOf := func(v int) int {
		for j := s.FirstToken; j < s.EndToken; j++ {
			if t := l.d.Tokens[j]; t.Head == v && (t.Deprel == "nsubj" || t.Deprel == "nsubj:pass") {
				return j
			}
		}
		return -1
	}
	v := l.d.Tokens[i].Head
	if v < 0 {
		return -1
	}
	if j := subjectOf(v); j >= 0 {
		return j
	}
	switch l.d.Tokens[v].Deprel {
	case "xcomp", "advcl", "conj", "acl":
		if up := l.d.Tokens[v].Head; up >= 0 {
			return subjectOf(up)
		}
	}
	return -1
}

func opposite(g gender) gender {
	switch g {
	case genderMale:
		return genderFemale
	case genderFemale:
		return genderMale
	}
	return genderUnknown
}

// genders tracks what the article has said so far of its people's
// genders: by entity key, and by surname, so that "Bowser" is a woman
// once "Muriel Bowser" was named.
type genders struct {
	l         *linker
	byKey     map[string]gender
	bySurname map[string]gender
}

func (l *linker) newGenders() *genders {
	return &genders{l: l, byKey: map[string]gender{}, bySurname: map[string]gender{}}
}

// own is the gender a mention shows by itself: a pronoun, a gendered
// title or noun, or the given name of a full name.
func (g *genders) own(m *mention) gender {
	l := g.l
	switch m.kind {
	case "pronoun":
		return pronounGender(l.words[m.start])
	case "nominal":
		return wordGender(l.words[l.headOrStart(m)])
	}
	// A title inside the mention, or just before it: "Queen Rania",
	// "Mrs. Bowser".
	for i := m.start; i < m.nameStart; i++ {
		if gw := wordGender(l.words[i]); gw != genderUnknown {
			return gw
		}
	}
	if w := l.words[m.nameStart]; isTitleWord(w) {
		return wordGender(w) // "Madam Speaker"
	}
	if s := m.start - 1; s >= 0 && l.d.Tokens[s].Sentence == l.d.Tokens[m.start].Sentence {
		if gw := wordGender(l.words[s]); gw != genderUnknown && isTitleWord(l.words[s]) {
			return gw
		}
	}
	// The first given name before the surname: "Muriel Bowser", and
	// "US President Donald Trump" when the title was not split off.
	for i := m.nameStart; i < m.end-1; i++ {
		if x := l.r.Names[strings.ToLower(l.words[i])]; x != genderUnknown {
			return x
		}
	}
	return genderUnknown
}

// isTitleWord reports whether w is a title written before a name.
func isTitleWord(w string) bool {
	switch strings.TrimSuffix(strings.ToLower(w), ".") {
	case "mr", "mrs", "ms", "miss", "sir", "dame", "lady", "lord", "madam", "madame":
		return true
	}
	return false
}

// of is the gender known for m's person: its own, else what its entity
// or its surname showed before, else what its single given name says
// ("Isabel", "Jeff").
func (g *genders) of(m *mention) gender {
	if m.gender != genderUnknown {
		return m.gender
	}
	if x := g.byKey[m.key]; x != genderUnknown {
		return x
	}
	if m.kind == "name" && m.end-m.nameStart == 1 {
		w := strings.ToLower(g.l.words[m.nameStart])
		if x := g.bySurname[w]; x != genderUnknown {
			return x
		}
		return g.l.r.Names[w]
	}
	return genderUnknown
}

// note records what m shows of its person's gender, on m for of, and
// for its entity and surname.
func (g *genders) note(m *mention) {
	m.gender = g.own(m)
	x := m.gender
	if x == genderUnknown {
		return
	}
	g.learn(m, x)
	if m.kind == "name" && m.end-m.nameStart > 1 {
		// Of any type: the recogniser may have taken "US President
		// Donald Trump" for an organisation, but "Trump" is a man.
		s := strings.ToLower(g.l.words[m.end-1])
		if g.bySurname[s] == genderUnknown {
			g.bySurname[s] = x
		}
	}
}

// learn records gender x for m's entity unless one is known: what m
// showed itself, or what a pronoun linked to it showed.
func (g *genders) learn(m *mention, x gender) {
	if m.key != "" && g.byKey[m.key] == genderUnknown {
		g.byKey[m.key] = x
	}
}

// followAntecedents gives each pronoun the final entity of the mention
// it refers to. Antecedents come before their pronouns, so one pass in
// text order also settles chains of pronouns.
func (l *linker) followAntecedents() {
	for i := range l.ments {
		m := &l.ments[i]
		if m.kind != "pronoun" {
			continue
		}
		a := &l.ments[m.ante]
		m.key, m.actor, m.canonical, m.role = a.key, a.actor, a.canonical, a.role
	}
}

func (l *linker) headOrStart(m *mention) int {
	if h := l.headOf(m.start, m.end); h >= 0 {
		return h
	}
	return m.start
}

// mainCountry is the country most of the article's coded names belong
// to, when it has at least two mentions and half of them; "" otherwise.
func (l *linker) mainCountry() string {
	counts := map[string]int{}
	total := 0
	for _, m := range l.ments {
		if m.kind != "name" || len(m.actor) < 3 {
			continue
		}
		c := m.actor[:3]
		switch c {
		case "IGO", "NGO", "IMG", "MNC", "INT":
			continue
		}
		counts[c]++
		total++
	}
	best, n := "", 0
	for c, k := range counts {
		if k > n || k == n && c < best {
			best, n = c, k
		}
	}
	if n >= 2 && 2*n >= total {
		return best
	}
	return ""
}

// entities groups the mentions into entities and writes both into the
// document. A surname alone ("Fidan") joins the earlier full name; a
// nominal without a country ("state media") joins a nominal of the same
// role that has one.
func (l *linker) entities() {
	d := l.d
	byKey := map[string]int{}
	// Surnames of the people named so far, to their keys.
	surnames := map[string]string{}
	for _, m := range l.ments {
		if m.typ == "PER" && m.kind == "name" && m.end-m.nameStart > 1 {
			surnames[strings.ToLower(l.words[m.end-1])] = m.key
		}
	}
	roleCountry := map[string]string{}
	for _, m := range l.ments {
		if m.kind == "nominal" && m.country != "" {
			if c, ok := roleCountry[m.role]; ok && c != m.country {
				roleCountry[m.role] = "" // two countries: leave the bare ones alone
			} else if !ok {
				roleCountry[m.role] = m.country
			}
		}
	}
	mainCountry := l.mainCountry()
	// The person last named with each role: "the foreign minister" later
	// on is that person.
	lastByRole := map[string]int{}
	for i := range l.ments {
		m := &l.ments[i]
		if m.typ == "PER" && m.kind == "name" && m.role != "" {
			lastByRole[m.role] = i
		}
		if m.kind == "nominal" && m.country == "" && m.typ == "PER" {
			if j, ok := lastByRole[m.role]; ok {
				m.key, m.canonical, m.actor = l.ments[j].key, l.ments[j].canonical, l.ments[j].actor
			}
		}
		if m.typ == "PER" && m.kind == "name" && m.end-m.nameStart == 1 {
			if k, ok := surnames[strings.ToLower(l.words[m.nameStart])]; ok && k != m.key {
				m.key = k
			}
		}
		if m.kind == "nominal" {
			if m.country == "" {
				c := roleCountry[m.role]
				if c == "" && m.typ != "PER" {
					// "Protesters", "police" with no country of their own
					// belong to the country the article is about, when one
					// clearly dominates it.
					c = mainCountry
				}
				if c != "" {
					m.country = c
					if m.roleType != "" {
						m.actor = c + m.roleType
					}
				}
			}
			if m.key == "" {
				m.key = "nominal:" + m.country + ":" + m.role
				m.canonical = strings.TrimSpace(m.country + " " + m.role)
				// Descriptions of one country's institution of one kind are
				// one actor: "Iranian state media" and "Iran's state TV"
				// (IRNMED), "the government" and "the administration".
				// People are not merged this way: two ministers are two.
				if m.typ != "PER" && m.country != "" && m.roleType != "" {
					m.key = "nominal:" + m.country + ":" + m.roleType
				}
			}
		}
		if m.key == "" {
			m.key = "text:" + strings.ToLower(l.text(m.start, m.end))
			m.canonical = l.text(m.start, m.end)
		}
	}
	// A name and a role noun in apposition are one entity ("a State
	// Department spokesperson, Morgan Ortagus"): the role joins the name.
	byHead := map[int]int{}
	for i := range l.ments {
		m := &l.ments[i]
		if m.kind == "name" || m.kind == "nominal" {
			byHead[l.headOrStart(m)] = i
		}
	}
	for i := range l.ments {
		m := &l.ments[i]
		if m.kind != "name" && m.kind != "nominal" || m.appos < 0 {
			continue
		}
		j, ok := byHead[m.appos]
		if !ok {
			continue
		}
		o := &l.ments[j]
		if m.typ != o.typ || m.kind == o.kind {
			continue
		}
		name, role := m, o
		if m.kind == "nominal" {
			name, role = o, m
		}
		role.key, role.canonical = name.key, name.canonical
		if name.actor == "" {
			name.actor = role.actor
		}
	}
	l.followAntecedents()
	// A person's entity takes the code of its best-informed mention.
	for _, m := range l.ments {
		ei, ok := byKey[m.key]
		if !ok {
			ei = len(d.Entities)
			byKey[m.key] = ei
			canon := m.canonical
			if canon == "" {
				canon = l.text(m.start, m.end)
			}
			d.Entities = append(d.Entities, doc.Entity{Canonical: canon, Type: m.typ, Place: -1})
		}
		e := &d.Entities[ei]
		code := m.actor
		if m.entityActor != "" {
			code = m.entityActor
		}
		if e.Actor == "" || len(code) > len(e.Actor) && strings.HasPrefix(code, e.Actor) && m.typ == "PER" {
			e.Actor = code
		}
		if e.Role == "" {
			e.Role = m.role
		}
		e.Mentions = append(e.Mentions, len(d.Mentions))
		sent := d.Tokens[m.start].Sentence
		span := doc.Span{Start: d.Tokens[m.start].Span.Start, End: d.Tokens[m.end-1].Span.End}
		d.Mentions = append(d.Mentions, doc.Mention{
			Span: span, Sentence: sent, Text: span.Text(d.Article.Body),
			Type: m.typ, Kind: m.kind, Entity: ei, Actor: m.actor,
		})
	}
}
