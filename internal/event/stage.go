// Package event codes who did what to whom: it reads each clause's verb
// through the predicate dictionary (data/verbs.txt: patterns over the
// dependency parse mapped to CAMEO codes), takes the source and target
// from the parse and the entity stage's actor codes, and gives each event
// its modality, date, place and the sentence and span it came from.
//
// It runs after the entity, quote, geo and timex stages. Events of one
// article with the same source, target, root and date are one event with
// a mention count. An event the text does not assert (negated,
// conditional, future, hypothetical, reported) is kept with its modality.
package event

import (
	"context"
	"slices"
	"strings"

	"github.com/dyad-events/dyad/internal/doc"
)

// Stage codes the events of a document.
type Stage struct {
	load  func() (*Resources, error)
	users *Users // users' dictionaries, nil for none
}

// New returns the stage; load gives its data (LoadResources, usually
// wrapped in sync.OnceValues so it is read once).
func New(load func() (*Resources, error)) *Stage { return &Stage{load: load} }

// Name implements pipeline.Stage.
func (s *Stage) Name() string { return "event" }

// Process implements pipeline.Stage: it sets d.Events.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	res, err := s.load()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c := newCoder(d, res)
	c.run(s.users)
	return nil
}

// coder holds the indexes of one document.
type coder struct {
	d        *doc.Document
	res      *Resources
	children [][]int
	// mentionAt[i] is the longest mention containing token i, or -1.
	mentionAt []int
	// quoteAt[i] is the quote whose content holds token i, or -1.
	quoteAt []int
	// timeAt and placeAt index the time expression and place covering
	// token i, or -1.
	timeAt, placeAt []int
	// nounSource is the source found for the noun event being coded
	// outside the noun's own phrase, or -1.
	nounSource int
}

func newCoder(d *doc.Document, res *Resources) *coder {
	n := len(d.Tokens)
	c := &coder{d: d, res: res, children: make([][]int, n), mentionAt: fill(n), quoteAt: fill(n), timeAt: fill(n), placeAt: fill(n), nounSource: -1}
	for i, t := range d.Tokens {
		if t.Head >= 0 && t.Head < n {
			c.children[t.Head] = append(c.children[t.Head], i)
		}
	}
	mark := func(s doc.Span, idx int, at []int, longer func(int) bool) {
		for i := c.firstToken(s.Start); i < n && d.Tokens[i].Span.Start < s.End; i++ {
			if s.Contains(d.Tokens[i].Span) && (at[i] < 0 || longer(at[i])) {
				at[i] = idx
			}
		}
	}
	for mi, m := range d.Mentions {
		mark(m.Span, mi, c.mentionAt, func(cur int) bool { return d.Mentions[cur].Span.Len() < m.Span.Len() })
	}
	for qi, q := range d.Quotes {
		for _, s := range q.Content {
			mark(s, qi, c.quoteAt, func(int) bool { return false })
		}
	}
	for ti, t := range d.Times {
		mark(t.Span, ti, c.timeAt, func(int) bool { return false })
	}
	for pi, p := range d.Places {
		for _, s := range p.Mentions {
			mark(s, pi, c.placeAt, func(int) bool { return false })
		}
	}
	return c
}

func fill(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = -1
	}
	return s
}

func (c *coder) firstToken(off int) int {
	lo, hi := 0, len(c.d.Tokens)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if c.d.Tokens[h].Span.End <= off {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

func (c *coder) text(i int) string  { return c.d.Text(c.d.Tokens[i].Span) }
func (c *coder) lower(i int) string { return strings.ToLower(c.text(i)) }

func (c *coder) run(users *Users) {
	for v := range c.d.Tokens {
		t := c.d.Tokens[v]
		if t.UPOS == "NOUN" {
			c.noun(v)
			continue
		}
		if t.UPOS != "VERB" {
			continue
		}
		if c.isCondition(v) {
			// "if Washington did not implement a ceasefire": a condition
			// states no event; the event it conditions is coded as
			// conditional.
			continue
		}
		p, obj, prepObj, ok := c.match(v)
		if !ok {
			continue
		}
		c.code(v, p, obj, prepObj)
	}
	if users != nil {
		c.userEvents(users)
	}
	c.merge()
}

// hasComplement reports whether verb v takes a clause ("alleged that
// ...", "urged them to ...").
func (c *coder) hasComplement(v int) bool {
	for _, ch := range c.children[v] {
		if d := c.d.Tokens[ch].Deprel; d == "ccomp" || d == "xcomp" {
			return true
		}
	}
	return false
}

// noun codes an event named by a noun: "the United States' killing of
// Soleimani", "sanctions against Iran by the EU", "talks with Egypt".
// Patterns for nouns are written "n:lemma" in the dictionary. The source
// is the possessor or the "by" phrase; the target the required
// preposition's phrase, else an of/on/against/with/to phrase.
func (c *coder) noun(n int) {
	pats := c.res.Dict.Patterns("n:" + strings.ToLower(c.d.Tokens[n].Lemma))
	if len(pats) == 0 {
		return
	}
	var p Pattern
	prepObj := -1
	found := false
	for _, q := range pats {
		if q.Prep != "" {
			if prepObj = c.oblique(n, q.Prep); prepObj < 0 {
				continue
			}
		}
		p, found = q, true
		break
	}
	if !found {
		return
	}
	src := -1
	for _, ch := range c.children[n] {
		switch d := c.d.Tokens[ch].Deprel; {
		case d == "nmod:poss":
			src = ch
		case (d == "nmod" || d == "obl") && c.hasCase(ch, "by") && src < 0:
			src = ch
		}
	}
	tgt := prepObj
	for _, prep := range []string{"of", "on", "against", "with", "to"} {
		if tgt >= 0 {
			break
		}
		tgt = c.oblique(n, prep)
	}
	if src < 0 {
		// "announced new restrictions on flights to Cuba": the object
		// noun's source is the verb's subject.
		if h := c.d.Tokens[n].Head; h >= 0 && c.d.Tokens[n].Deprel == "obj" && c.d.Tokens[h].UPOS == "VERB" {
			src = c.subject(h)
		}
	}
	if src < 0 || tgt < 0 {
		return // a noun without both sides states too little
	}
	c.nounSource = src
	c.code(n, p, tgt, prepObj)
	c.nounSource = -1
}

// isCondition reports whether verb v heads an "if" or "unless" clause.
func (c *coder) isCondition(v int) bool {
	for _, ch := range c.children[v] {
		if c.d.Tokens[ch].Deprel == "mark" {
			if m := c.lower(ch); m == "if" || m == "unless" {
				return true
			}
		}
	}
	return false
}

// match finds the first pattern of verb v's lemma whose constraints
// hold, with the object token (the passive subject for a passive verb)
// and the token of the required oblique.
func (c *coder) match(v int) (p Pattern, obj, prepObj int, ok bool) {
	lemma := strings.ToLower(c.d.Tokens[v].Lemma)
	pats := c.res.Dict.Patterns(lemma)
	if len(pats) == 0 {
		return p, -1, -1, false
	}
	obj = c.object(v)
	for _, p := range pats {
		if p.Particle != "" && !c.hasParticle(v, p.Particle) {
			continue
		}
		if len(p.Objects) > 0 && (obj < 0 || !slices.Contains(p.Objects, strings.ToLower(c.d.Tokens[obj].Lemma))) {
			continue
		}
		prepObj = -1
		if p.Prep != "" {
			if prepObj = c.oblique(v, p.Prep); prepObj < 0 && obj >= 0 {
				// "impose sanctions on X": the oblique of the object.
				prepObj = c.oblique(obj, p.Prep)
			}
			if prepObj < 0 {
				// Deeper in the clause, where parsers often attach it
				// ("discussed the need for a ceasefire with his
				// counterparts").
				prepObj = c.clauseOblique(v, p.Prep)
			}
			if prepObj < 0 {
				continue
			}
		}
		return p, obj, prepObj, true
	}
	return p, -1, -1, false
}

func (c *coder) passive(v int) bool {
	for _, ch := range c.children[v] {
		switch c.d.Tokens[ch].Deprel {
		case "aux:pass", "nsubj:pass":
			return true
		}
	}
	return false
}

// object is verb v's direct object, or for a passive its subject.
func (c *coder) object(v int) int {
	pass := c.passive(v)
	for _, ch := range c.children[v] {
		switch d := c.d.Tokens[ch].Deprel; {
		case !pass && d == "obj":
			return ch
		case pass && (d == "nsubj:pass" || d == "nsubj"):
			// Parsers label a passive's subject either way.
			return ch
		}
	}
	return -1
}

func (c *coder) hasParticle(v int, part string) bool {
	for _, ch := range c.children[v] {
		if c.d.Tokens[ch].Deprel == "compound:prt" && c.lower(ch) == part {
			return true
		}
	}
	return false
}

// oblique is the dependent of h introduced by preposition prep, or -1.
func (c *coder) oblique(h int, prep string) int {
	for _, ch := range c.children[h] {
		switch c.d.Tokens[ch].Deprel {
		case "obl", "nmod", "obl:arg":
			if c.hasCase(ch, prep) {
				return ch
			}
		}
	}
	return -1
}

// clauseOblique is a phrase introduced by prep anywhere in verb v's
// clause (not inside a clause of its own), or -1.
func (c *coder) clauseOblique(v int, prep string) int {
	var walk func(int) int
	walk = func(h int) int {
		for _, ch := range c.children[h] {
			t := c.d.Tokens[ch]
			if t.UPOS == "VERB" || t.Deprel == "acl:relcl" || t.Deprel == "ccomp" || t.Deprel == "advcl" {
				continue
			}
			if (t.Deprel == "obl" || t.Deprel == "nmod") && c.hasCase(ch, prep) {
				return ch
			}
			if r := walk(ch); r >= 0 {
				return r
			}
		}
		return -1
	}
	return walk(v)
}

func (c *coder) hasCase(t int, w string) bool {
	for _, ch := range c.children[t] {
		if (c.d.Tokens[ch].Deprel == "case" || c.d.Tokens[ch].Deprel == "mark") && c.lower(ch) == w {
			return true
		}
	}
	return false
}

// subject is the agent of verb v: its subject, the "by" agent of a
// passive, the subject it shares with the verb it depends on ("X met Y
// and discussed ..."), or the noun a relative clause modifies.
func (c *coder) subject(v int) int {
	for steps := 0; v >= 0 && steps < 4; steps++ {
		pass := c.passive(v)
		for _, ch := range c.children[v] {
			d := c.d.Tokens[ch].Deprel
			if !pass && d == "nsubj" {
				// "the militias that attacked ...": the relative pronoun
				// stands for the noun the clause modifies.
				if x := c.d.Tokens[ch].XPOS; (x == "WDT" || x == "WP") && c.d.Tokens[v].Deprel == "acl:relcl" {
					return c.d.Tokens[v].Head
				}
				return ch
			}
			if pass && (d == "obl:agent" || d == "obl" && c.hasCase(ch, "by")) {
				return ch
			}
		}
		if pass {
			return -1
		}
		switch c.d.Tokens[v].Deprel {
		case "conj", "xcomp", "advcl":
			v = c.d.Tokens[v].Head
		case "acl:relcl", "acl":
			return c.d.Tokens[v].Head
		default:
			return -1
		}
	}
	return -1
}

// target is the other side of the event: the required oblique, else the
// object, else an oblique with with, to, on, against or at.
func (c *coder) target(v int, p Pattern, obj, prepObj int) int {
	if prepObj >= 0 {
		return prepObj
	}
	if obj >= 0 && len(p.Objects) == 0 && !p.NoTarget && !c.isTime(obj) {
		return obj
	}
	for _, prep := range []string{"with", "against", "on", "to", "at"} {
		if o := c.oblique(v, prep); o >= 0 && !c.isTime(o) {
			return o
		}
		if obj >= 0 {
			if o := c.oblique(obj, prep); o >= 0 && !c.isTime(o) {
				return o
			}
		}
	}
	// "recommended (that) the troops withdraw", "urged the troops to
	// withdraw": the subject of the clause the verb asks for.
	for _, ch := range c.children[v] {
		if d := c.d.Tokens[ch].Deprel; (d == "ccomp" || d == "xcomp") && ch > v {
			for _, g := range c.children[ch] {
				if gd := c.d.Tokens[g].Deprel; gd == "nsubj" || gd == "nsubj:pass" {
					return g
				}
			}
		}
	}
	if obj < 0 && prepObj < 0 && !p.NoTarget {
		return c.nearestActor(v)
	}
	return -1
}

// nearestActor is the first actor-coded word after verb v in its own
// clause that is not its subject nor in a place or time phrase: where
// the parser missed the object ("met Turkish President Erdogan" parsed
// with "Turkish" as a complement, "visit Egypt tomorrow" with "Egypt"
// modifying "tomorrow").
func (c *coder) nearestActor(v int) int {
	subj := c.subject(v)
	var walk func(h int) int
	walk = func(h int) int {
		for _, ch := range c.children[h] {
			if ch < v || ch == subj {
				continue
			}
			switch c.d.Tokens[ch].Deprel {
			case "nsubj", "ccomp", "advcl", "acl:relcl", "parataxis", "csubj", "conj":
				continue
			case "obl", "nmod":
				if !c.hasCase(ch, "of") {
					continue
				}
			}
			if mi := c.mentionAt[ch]; mi >= 0 && c.d.Mentions[mi].Kind != "pronoun" {
				if _, ok := c.actorAt(ch, nil); ok {
					return ch
				}
			}
			if r := walk(ch); r >= 0 {
				return r
			}
		}
		return -1
	}
	return walk(v)
}

// isTime reports whether token t is part of a time expression ("on
// Tuesday", "September 19"), which parsers sometimes take for a subject
// or an object.
func (c *coder) isTime(t int) bool { return t >= 0 && c.timeAt[t] >= 0 }

// leftActor is the nearest coded actor before verb v in its sentence,
// not in a prepositional phrase: the subject where the parser took a
// date or a stray word for it ("Later on Tuesday Mitsotakis met ...").
func (c *coder) leftActor(v int, q *doc.Quote) []actor {
	s := c.d.Sentences[c.d.Tokens[v].Sentence]
	for i := v - 1; i >= s.FirstToken; i-- {
		if c.d.Tokens[i].UPOS == "VERB" {
			break
		}
		if c.isTime(i) {
			continue
		}
		if a, ok := c.actorAt(i, q); ok {
			// Not inside "in X", "on X"...
			h := i
			if mi := c.mentionAt[i]; mi >= 0 {
				h = c.headOf(c.d.Mentions[mi].Span)
			}
			if h >= 0 && c.hasCase(h, "in") || h >= 0 && c.hasCase(h, "on") || h >= 0 && c.hasCase(h, "at") {
				continue
			}
			return []actor{a}
		}
	}
	return nil
}

// headOf is the token of span s whose head lies outside it.
func (c *coder) headOf(s doc.Span) int {
	for i := c.firstToken(s.Start); i < len(c.d.Tokens) && c.d.Tokens[i].Span.Start < s.End; i++ {
		h := c.d.Tokens[i].Head
		if h < 0 || !s.Contains(c.d.Tokens[h].Span) {
			return i
		}
	}
	return -1
}

// actor is one side's code, name and mention.
type actor struct {
	code, name string
	entity     int
	mention    doc.Span
}

// actors returns the coded actors a noun phrase headed by h names: its
// own mention, else the coded mentions of its modifiers ("his Egyptian
// and Jordanian counterparts" names two), and those of phrases
// coordinated with it.
func (c *coder) actors(h int, speaker *doc.Quote) []actor {
	var out []actor
	seen := map[string]bool{}
	add := func(a actor) {
		if a.code != "" && !seen[a.code] {
			seen[a.code] = true
			out = append(out, a)
		}
	}
	heads := []int{h}
	for _, ch := range c.children[h] {
		if c.d.Tokens[ch].Deprel == "conj" {
			heads = append(heads, ch)
		}
	}
	for _, hd := range heads {
		if a, ok := c.actorAt(hd, speaker); ok {
			add(a)
			continue
		}
		// The modifiers one level down, and what they coordinate.
		var mods []int
		var collect func(h, depth int)
		collect = func(h, depth int) {
			for _, ch := range c.children[h] {
				switch c.d.Tokens[ch].Deprel {
				case "amod", "compound", "nmod:poss", "appos", "flat", "nmod":
					if c.d.Tokens[ch].Deprel == "nmod" && !c.hasCase(ch, "of") {
						continue
					}
					mods = append(mods, ch)
					for _, cc := range c.children[ch] {
						if c.d.Tokens[cc].Deprel == "conj" {
							mods = append(mods, cc)
						}
					}
					// "Iranian airline Mahan Air": the compound's own
					// modifiers.
					if depth == 0 && c.mentionAt[ch] < 0 && c.d.Tokens[ch].Deprel != "nmod" {
						collect(ch, 1)
					}
				}
			}
		}
		collect(hd, 0)
		if c.res.PlaceNouns[strings.ToLower(c.d.Tokens[hd].Lemma)] {
			continue // "the Turkish village of Ayder" is a place, not an actor
		}
		if len(c.res.Dict.Patterns("n:"+strings.ToLower(c.d.Tokens[hd].Lemma))) > 0 {
			// An event noun stands for its agent ("condemned Turkey's
			// arrest of the ambassador" is aimed at Turkey), not for
			// whom it was done to.
			for _, ch := range c.children[hd] {
				if c.d.Tokens[ch].Deprel == "nmod:poss" {
					if a, ok := c.actorAt(ch, speaker); ok {
						add(a)
					}
				}
			}
			continue
		}
		for _, m := range mods {
			if mi := c.mentionAt[m]; mi >= 0 && c.d.Mentions[mi].Kind == "pronoun" {
				continue // "his counterparts" are not his
			}
			if a, ok := c.actorAt(m, speaker); ok {
				add(a)
				continue
			}
			// "the resilience of the people of Gaza": one more "of".
			if c.d.Tokens[m].Deprel == "nmod" {
				for _, g := range c.children[m] {
					if c.d.Tokens[g].Deprel == "nmod" && c.hasCase(g, "of") {
						if a, ok := c.actorAt(g, speaker); ok {
							add(a)
						}
					}
				}
			}
		}
	}
	return out
}

// innerActor is the first coded actor inside the phrase headed by h,
// outside its relative clauses, when it has exactly one.
func (c *coder) innerActor(h int, speaker *doc.Quote) []actor {
	from, to := c.subtree(h)
	var found []actor
	for i := from; i < to; i++ {
		if c.insideClause(i, h) {
			continue
		}
		if a, ok := c.actorAt(i, speaker); ok {
			if len(found) == 0 || found[len(found)-1].code != a.code {
				found = append(found, a)
			}
		}
	}
	if len(found) == 1 {
		return found
	}
	return nil
}

// insideClause reports whether token i lies in a clause inside the
// phrase headed by h (a relative or adverbial clause).
func (c *coder) insideClause(i, h int) bool {
	for j := i; j >= 0 && j != h; j = c.d.Tokens[j].Head {
		switch c.d.Tokens[j].Deprel {
		case "acl:relcl", "acl", "advcl", "ccomp", "parataxis":
			return true
		}
	}
	return false
}

// actorAt is the coded actor of the mention covering token t.
func (c *coder) actorAt(t int, speaker *doc.Quote) (actor, bool) {
	mi := c.mentionAt[t]
	if mi < 0 {
		return actor{}, false
	}
	m := c.d.Mentions[mi]
	// "we" and "I" in a quotation are its speaker.
	if speaker != nil && m.Kind == "pronoun" {
		switch strings.ToLower(m.Text) {
		case "i", "we", "me", "us":
			if speaker.Speaker >= 0 {
				e := c.d.Entities[speaker.Speaker]
				return actor{code: c.alias(e.Actor), name: e.Canonical, entity: speaker.Speaker, mention: m.Span}, e.Actor != ""
			}
		}
	}
	code := m.Actor
	name := m.Text
	if m.Entity >= 0 && m.Entity < len(c.d.Entities) {
		e := c.d.Entities[m.Entity]
		if code == "" {
			code = e.Actor
		}
		name = e.Canonical
	}
	if code == "" {
		return actor{}, false
	}
	return actor{code: c.alias(code), name: name, entity: m.Entity, mention: m.Span}, true
}

// alias maps a territory's code to the actor code events use.
func (c *coder) alias(code string) string {
	for from, to := range c.res.ActorAlias {
		if strings.HasPrefix(code, from) {
			return to + code[len(from):]
		}
	}
	return code
}

// speechLemmas are the verbs whose complement is reported speech, for
// verbs outside any quote the quote stage found.
var speechLemmas = map[string]bool{"say": true, "tell": true, "add": true, "state": true, "announce": true, "claim": true, "report": true, "warn": true, "insist": true, "quote": true}

// code turns verb v matched by p into events, one per source and target
// pair.
func (c *coder) code(v int, p Pattern, obj, prepObj int) {
	cb, ok := c.res.Codebook[p.Code]
	if !ok {
		return
	}
	var quote *doc.Quote
	qi := c.quoteAt[v]
	if qi >= 0 {
		quote = &c.d.Quotes[qi]
	}
	modality := c.modality(v, quote)
	var sources, targets []actor
	subj := c.subject(v)
	if c.d.Tokens[v].UPOS == "NOUN" {
		subj = c.nounSource // noun found it: possessor, "by" phrase or the verb's subject
	}
	if s := subj; s >= 0 && !c.isTime(s) {
		sources = c.actors(s, quote)
		if len(sources) == 0 {
			// "Kerri Kupec, spokeswoman for the Department of Justice":
			// the one coded actor inside the subject's phrase.
			sources = c.innerActor(s, quote)
		}
	} else if c.d.Tokens[v].UPOS == "VERB" && !c.passive(v) && c.d.Tokens[v].Deprel != "acl:relcl" {
		sources = c.leftActor(v, quote)
	}
	if t := c.target(v, p, obj, prepObj); t >= 0 {
		targets = c.actors(t, quote)
	}
	// A harm only foreseen in reported speech is the speaker's threat:
	// "the United States would be hit hard if ..." (13, by the speaker,
	// against the one who would be hurt).
	if c.res.Harm[cb.Root] && quote != nil && (modality == doc.ModalityConditional || modality == doc.ModalityFuture || modality == doc.ModalityHypothetical) {
		threat := "130"
		if cb.Root == "18" || cb.Root == "19" || cb.Root == "20" {
			threat = "138"
		}
		if tc, ok := c.res.Codebook[threat]; ok {
			if sp, ok := c.speaker(quote); ok {
				if len(targets) == 0 && len(sources) > 0 {
					targets = sources
				}
				sources = []actor{sp}
				cb = tc
			}
		}
	}
	if len(sources) == 0 {
		return
	}
	if len(targets) == 0 && len(sources) > 1 {
		// "Hungarian and Romanian officials agreed": each side acts
		// towards the other.
		targets = sources
	}
	if len(targets) == 0 {
		// The event names its other side without an actor code ("condemned
		// the massacre"): one-sided, as GDELT codes it; with no other side
		// at all it is no event.
		if obj < 0 && prepObj < 0 && !c.hasComplement(v) {
			return
		}
		// An object that is a pronoun nobody resolved ("they will be hit
		// hard") is an unknown side, not a missing one.
		for _, o := range []int{obj, prepObj} {
			if o >= 0 && c.d.Tokens[o].UPOS == "PRON" {
				c.d.Problems = append(c.d.Problems, doc.Problem{Stage: "event", Span: c.d.Tokens[v].Span,
					Message: "event " + cb.Code + " not coded: its other side is a pronoun that was not resolved"})
				return
			}
		}
		targets = []actor{{entity: -1}}
	}
	date, timex := c.date(v)
	place := c.place(v, obj)
	si := c.d.Tokens[v].Sentence
	from, to := c.subtree(v)
	span := doc.Span{Start: c.d.Tokens[from].Span.Start, End: c.d.Tokens[to-1].Span.End}
	for _, s := range sources {
		for _, t := range targets {
			if s.code == t.code || t.code != "" && s.code[:min(3, len(s.code))] == t.code && len(t.code) == 3 && t.entity < 0 {
				continue // an actor does not act on itself
			}
			e := doc.Event{
				Code: cb.Code, Root: cb.Root, QuadClass: cb.QuadClass, Goldstein: cb.Goldstein,
				Source:   doc.Actor{Code: s.code, Name: s.name, Entity: s.entity, Mention: s.mention},
				Target:   doc.Actor{Code: t.code, Name: t.name, Entity: t.entity, Mention: t.mention},
				Date:     date,
				Time:     timex,
				Place:    place,
				Modality: modality,
				Quote:    qi,
				Sentence: si,
				Span:     span,
				Cue:      c.d.Tokens[v].Span,
				// A pattern with more constraints is surer.
				Confidence:   0.6 + 0.1*float64(min(p.specificity(), 3)),
				MentionCount: 1,
			}
			c.d.Events = append(c.d.Events, e)
		}
	}
}

// speaker is the coded actor who says quote q.
func (c *coder) speaker(q *doc.Quote) (actor, bool) {
	if q.SpeakerMention >= 0 && q.SpeakerMention < len(c.d.Mentions) {
		m := c.d.Mentions[q.SpeakerMention]
		for i := c.firstToken(m.Span.Start); i < len(c.d.Tokens) && c.d.Tokens[i].Span.Start < m.Span.End; i++ {
			if a, ok := c.actorAt(i, nil); ok {
				return a, true
			}
		}
	}
	if q.Speaker >= 0 && q.Speaker < len(c.d.Entities) {
		e := c.d.Entities[q.Speaker]
		if e.Actor != "" {
			return actor{code: c.alias(e.Actor), name: e.Canonical, entity: q.Speaker}, true
		}
	}
	return actor{}, false
}

// modality says how the text holds event verb v: negated, conditional
// (an "if" or "unless" clause on it), future (will, shall, going to),
// hypothetical (would, could, might, may, should), reported (inside a
// quote or reported speech), else asserted.
func (c *coder) modality(v int, q *doc.Quote) string {
	var neg, cond, fut, hyp bool
	// An "if" clause may hang from the reporting verb whose complement v
	// is ("X said the US would be hit hard, if ...").
	if h := c.d.Tokens[v].Head; h >= 0 && c.d.Tokens[v].Deprel == "ccomp" {
		for _, ch := range c.children[h] {
			if ch > v && c.d.Tokens[ch].Deprel == "advcl" && c.isCondition(ch) {
				cond = true
			}
		}
	}
	// Or it follows v's clause directly, wherever the parser hung it.
	if _, to := c.subtree(v); to < len(c.d.Tokens) && c.d.Tokens[to].Sentence == c.d.Tokens[v].Sentence {
		if w := c.lower(to); (w == "if" || w == "unless") && c.d.Tokens[to].Deprel == "mark" {
			cond = true
		}
	}
	for _, ch := range c.children[v] {
		w := c.lower(ch)
		switch c.d.Tokens[ch].Deprel {
		case "advmod":
			if w == "not" || w == "n't" || w == "never" {
				neg = true
			}
		case "aux":
			switch w {
			case "will", "shall", "'ll", "wo":
				fut = true
			case "would", "could", "might", "may", "should", "'d":
				hyp = true
			}
		case "advcl":
			for _, g := range c.children[ch] {
				if c.d.Tokens[g].Deprel == "mark" {
					if m := c.lower(g); m == "if" || m == "unless" {
						cond = true
					}
				}
			}
		}
	}
	// "is going to meet"
	if h := c.d.Tokens[v].Head; h >= 0 && c.d.Tokens[v].Deprel == "xcomp" && strings.EqualFold(c.d.Tokens[h].Lemma, "go") && c.d.Tokens[h].XPOS == "VBG" {
		fut = true
	}
	switch {
	case neg:
		return doc.ModalityNegated
	case cond:
		return doc.ModalityConditional
	case fut:
		return doc.ModalityFuture
	case hyp:
		return doc.ModalityHypothetical
	case q != nil || c.underSpeech(v):
		return doc.ModalityReported
	}
	return doc.ModalityAsserted
}

// underSpeech reports whether v is in the complement of a speech verb.
func (c *coder) underSpeech(v int) bool {
	for steps := 0; steps < 4; steps++ {
		h := c.d.Tokens[v].Head
		if h < 0 {
			return false
		}
		if c.d.Tokens[v].Deprel == "ccomp" && speechLemmas[strings.ToLower(c.d.Tokens[h].Lemma)] {
			return true
		}
		v = h
	}
	return false
}

// date is the event's date: a time expression in the verb's own clause,
// else on the words it hangs from ("on Monday, when ... will be holding
// talks"), else the sentence's, else the publication date (timex -1).
func (c *coder) date(v int) (string, int) {
	from, to := c.subtree(v)
	best, bestDist := -1, 1<<30
	for i := from; i < to; i++ {
		if ti := c.timeAt[i]; ti >= 0 && c.d.Times[ti].Value != "" {
			if dist := abs(i - v); dist < bestDist {
				best, bestDist = ti, dist
			}
		}
	}
	if best < 0 {
		for h, steps := c.d.Tokens[v].Head, 0; h >= 0 && steps < 3 && best < 0; h, steps = c.d.Tokens[h].Head, steps+1 {
			if ti := c.timeAt[h]; ti >= 0 && c.d.Times[ti].Value != "" {
				best = ti
			}
		}
	}
	if best < 0 {
		s := c.d.Sentences[c.d.Tokens[v].Sentence]
		for i := s.FirstToken; i < s.EndToken; i++ {
			if ti := c.timeAt[i]; ti >= 0 && c.d.Times[ti].Value != "" && c.d.Times[ti].Granularity == "day" {
				if dist := abs(i - v); dist < bestDist {
					best, bestDist = ti, dist
				}
			}
		}
	}
	if best >= 0 {
		return c.d.Times[best].Value, best
	}
	if p := c.d.Article.Published; !p.IsZero() {
		return p.Format("2006-01-02"), -1
	}
	return "", -1
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// place is the place where the event happened: an "in" or "at" phrase
// on the verb or its object that the places stage resolved; -1 if none.
func (c *coder) place(v, obj int) int {
	for _, h := range []int{v, obj} {
		if h < 0 {
			continue
		}
		for _, ch := range c.children[h] {
			d := c.d.Tokens[ch].Deprel
			if (d == "obl" || d == "nmod") && (c.hasCase(ch, "in") || c.hasCase(ch, "at")) {
				if pi := c.placeAt[ch]; pi >= 0 {
					return pi
				}
			}
		}
	}
	// Deeper in the clause, where the parser may have hung it.
	for _, prep := range []string{"in", "at"} {
		if o := c.clauseOblique(v, prep); o >= 0 && c.placeAt[o] >= 0 {
			return c.placeAt[o]
		}
	}
	return -1
}

// subtree is the token range of t's subtree.
func (c *coder) subtree(t int) (from, to int) {
	from, to = t, t+1
	var walk func(int)
	walk = func(i int) {
		for _, ch := range c.children[i] {
			from, to = min(from, ch), max(to, ch+1)
			walk(ch)
		}
	}
	walk(t)
	return from, to
}

// merge makes one event of the events of one source, target, root, date
// and negation, counting its mentions.
func (c *coder) merge() {
	// A bare statement (root 01: "announced", "declared") whose clause
	// holds a more specific event ("announced new restrictions on
	// flights to Cuba") is that event, not a statement.
	evs := c.d.Events
	keep := evs[:0]
	for i, e := range evs {
		drop := false
		if e.Root == "01" {
			for j, f := range evs {
				if j != i && f.Root != "01" && e.Span.Contains(f.Cue) && f.Cue != e.Cue {
					drop = true
					break
				}
			}
		}
		if !drop {
			keep = append(keep, e)
		}
	}
	c.d.Events = keep
	type key struct {
		src, tgt, root, date string
		neg                  bool
	}
	idx := map[key]int{}
	out := c.d.Events[:0]
	for _, e := range c.d.Events {
		k := key{e.Source.Code, e.Target.Code, e.Root, e.Date, e.Modality == doc.ModalityNegated}
		if i, ok := idx[k]; ok {
			out[i].MentionCount++
			continue
		}
		idx[k] = len(out)
		out = append(out, e)
	}
	c.d.Events = out
}
