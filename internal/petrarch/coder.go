package petrarch

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dyad-events/dyad/internal/doc"
)

// Token is a word of a parsed sentence, as Universal Dependencies gives
// it (version 1 or 2 relation names).
type Token struct {
	Text, Lemma, UPOS, Deprel string
	Head                      int // index in the sentence; -1 for the root
}

// DocSentences returns a parsed document's tokens sentence by sentence,
// as the coder takes them: heads counted within the sentence.
func DocSentences(d *doc.Document) [][]Token {
	out := make([][]Token, 0, len(d.Sentences))
	for _, s := range d.Sentences {
		toks := make([]Token, 0, s.EndToken-s.FirstToken)
		for i := s.FirstToken; i < s.EndToken; i++ {
			t := d.Tokens[i]
			h := -1
			if t.Head >= 0 {
				h = t.Head - s.FirstToken
			}
			toks = append(toks, Token{Text: d.Text(t.Span), Lemma: t.Lemma, UPOS: t.UPOS, Deprel: t.Deprel, Head: h})
		}
		out = append(out, toks)
	}
	return out
}

// Sentence is one sentence to code.
type Sentence struct {
	Tokens []Token
	Date   int // YYYYMMDD, 0 when unknown
	// Known are actor codes found by other means (dyad's own actor
	// dictionary), per token, "" for none; they count where no actor
	// phrase of the dictionaries matches.
	Known []string
}

// Event is a coded (source, target, code) triple with where it came from.
type Event struct {
	Source, Target, Code string
	// SourceTok and TargetTok are the tokens whose phrases name the
	// source and target, -1 for "---".
	SourceTok, TargetTok int
	Verb                 int    // token index of the verb
	Pattern              string // the pattern that matched, "" for a block's default
	// VerbWord and Block are the dictionary's verb (SAY for "said") and
	// its block, which transformations name.
	VerbWord, Block string
	// Negated says the verb was negated ("did not"); Recoded that the
	// ontology (Dictionaries.PICO) turned the code into its negation's,
	// so that the code itself already says "not".
	Negated, Recoded bool
	Issues           []string
}

// Dictionaries are what a Coder codes with. At each word the longest
// phrase of any actors dictionary wins, the earlier dictionary on a tie.
type Dictionaries struct {
	Actors   []*Actors
	Agents   *Agents
	Discards *Discards
	Verbs    *Verbs
	Issues   *Issues
	// PICO, when set, recodes negated verbs ("did not criticise") and
	// joins a verb of intent or appeal to the verb it takes.
	PICO *PICO
}

// Options are PETRARCH's coding switches.
type Options struct {
	// RequireDyad drops events without both a source and a target
	// (PETRARCH-2 read the switch and ignored it).
	RequireDyad bool
	// Commas sets which comma-delimited clauses are left out of the
	// coding, as TABARI and PETRARCH leave them ("..., a senior official
	// said on Saturday."); the zero value leaves none out.
	Commas Commas
}

// Commas are the lengths, in words, of the comma-delimited clauses left
// out: internal ones (between two commas), the initial one (up to the
// first comma) and the terminal one (from the last comma). A Max of zero
// turns that kind off.
type Commas struct {
	Min, Max, BMin, BMax, EMin, EMax int
}

// PETRARCH's own defaults (PETR_config.ini, from TABARI) are Min 2, Max
// 8, EMin 2, EMax 8; dyad leaves them off unless a suite's <Config> or a
// caller sets them, because its parses already separate the clauses.

// Coder codes sentences with a set of dictionaries. It is safe for
// concurrent use.
type Coder struct {
	D   Dictionaries
	Opt Options
}

// Result is what coding a sentence gives: events, or the discard that
// stopped it.
type Result struct {
	Events  []Event
	Discard *Discard
	// Err says why a sentence could not be coded at all (a parse whose
	// heads do not form a tree); the other sentences of a batch go on.
	Err error
}

// sentence is the coder's working view of one sentence.
type sentence struct {
	c        *Coder
	toks     []Token
	up       []string // upper-case texts
	lem      []string // upper-case lemmas
	kids     [][]int
	actorAt  []string // actor code of the phrase covering each token, "" none
	actorEnd []int    // end of the actor phrase starting at a token, 0 none
	agentAt  []*Agent
	dropped  []bool // in a comma-delimited clause left out
	matches  []*verbMatch
	sets     map[string]bool // synset -> whether a word of it is present
	date     int
	// sorted holds every upper-case word and lemma, sorted: most
	// patterns name a word the sentence does not have, and a binary
	// search rejects them without a scan.
	sorted []string
}

// present reports whether some word or lemma of the sentence begins with
// w (dictionary words match the words they begin).
func (x *sentence) present(w string) bool {
	sorted := x.sortedWords()
	i, _ := slices.BinarySearch(sorted, w)
	return i < len(sorted) && strings.HasPrefix(sorted[i], w)
}

// sortedWords are the sentence's upper-case words and lemmas, sorted.
func (x *sentence) sortedWords() []string {
	if x.sorted == nil {
		x.sorted = append(append(make([]string, 0, 2*len(x.up)), x.up...), x.lem...)
		slices.Sort(x.sorted)
	}
	return x.sorted
}

// possible reports whether every word term of p could match somewhere.
func (x *sentence) possible(p *Pattern) bool {
	for _, terms := range [2][]Term{p.Post, p.Pre} {
		for _, t := range terms {
			if t.Source || t.Target {
				continue
			}
			if t.Set != "" {
				if ok, seen := x.sets[t.Set]; seen {
					if !ok {
						return false
					}
					continue
				}
			}
			ok := false
			for _, a := range t.Alts {
				if x.present(a.words[0]) {
					ok = true
					break
				}
			}
			if t.Set != "" {
				if x.sets == nil {
					x.sets = map[string]bool{}
				}
				x.sets[t.Set] = ok
			}
			if !ok {
				return false
			}
		}
	}
	return true
}

// Code codes one sentence.
func (c *Coder) Code(s Sentence) Result {
	if err := checkTree(s.Tokens); err != nil {
		return Result{Err: err}
	}
	n := len(s.Tokens)
	x := &sentence{c: c, toks: s.Tokens, date: s.Date, up: make([]string, n), lem: make([]string, n),
		kids: make([][]int, n), actorAt: make([]string, n), actorEnd: make([]int, n), agentAt: make([]*Agent, n),
		dropped: make([]bool, n)}
	for i, t := range s.Tokens {
		x.up[i] = strings.ToUpper(t.Text)
		x.lem[i] = strings.ToUpper(t.Lemma)
		if t.Head >= 0 && t.Head < n {
			x.kids[t.Head] = append(x.kids[t.Head], i)
		}
	}
	if d := c.D.Discards.Find(x.up); d != nil {
		return Result{Discard: d}
	}
	x.dropClauses()
	x.findActors()
	x.addKnown(s.Known)
	issues := c.D.Issues.Find(x.up)
	var out []Event
	seen := map[[3]string]bool{}
	byVerb := make([][]Event, n)
	for v := range n {
		byVerb[v] = x.events(v)
	}
	x.transform(byVerb)
	for v := range n {
		// "urged Eriador to respond": the verb a coded verb takes as its
		// complement is part of that event, not one of its own.
		if h := x.toks[v].Head; x.rel(v) == "xcomp" && h >= 0 && len(byVerb[h]) > 0 {
			continue
		}
		for _, e := range byVerb[v] {
			k := [3]string{e.Source, e.Target, e.Code}
			if seen[k] {
				continue // one triple once, however many verbs state it
			}
			seen[k] = true
			e.Issues = issues
			out = append(out, e)
		}
	}
	return Result{Events: out}
}

// findActors marks the actor and agent phrases, longest first, left to
// right.
func (x *sentence) findActors() {
	for i := 0; i < len(x.up); i++ {
		if x.dropped[i] {
			continue
		}
		best, bestN := (*Actor)(nil), 0
		for _, a := range x.c.D.Actors {
			if a == nil {
				continue
			}
			if act, n := a.Find(x.up, i); n > bestN {
				best, bestN = act, n
			}
		}
		ag, agN := (*Agent)(nil), 0
		if x.c.D.Agents != nil {
			ag, agN = x.c.D.Agents.Find(x.up, i)
		}
		switch {
		case bestN > 0 && bestN >= agN:
			code := best.CodeOn(x.date)
			for k := i; k < i+bestN; k++ {
				x.actorAt[k] = code
			}
			x.actorEnd[i] = i + bestN
			i += bestN - 1
		case agN > 0:
			for k := i; k < i+agN; k++ {
				x.agentAt[k] = ag
			}
			i += agN - 1
		}
	}
}

// addKnown marks the actor codes found by other means where the
// dictionaries found neither an actor nor an agent; a run of tokens with
// the same code is one phrase.
func (x *sentence) addKnown(known []string) {
	if len(known) != len(x.toks) {
		return
	}
	start := -1
	for i, k := range known {
		if k == "" || x.actorAt[i] != "" || x.agentAt[i] != nil {
			start = -1
			continue
		}
		x.actorAt[i] = k
		if start < 0 || known[i-1] != k {
			start = i
		}
		x.actorEnd[start] = i + 1
	}
}

// rel is a token's relation without its subtype.
func (x *sentence) rel(i int) string {
	r, _, _ := strings.Cut(x.toks[i].Deprel, ":")
	return r
}

// kidsWith are h's dependents with one of the relations, given with or
// without a subtype.
func (x *sentence) kidsWith(h int, rels ...string) []int {
	var out []int
	for _, k := range x.kids[h] {
		if slices.Contains(rels, x.toks[k].Deprel) || slices.Contains(rels, x.rel(k)) {
			out = append(out, k)
		}
	}
	return out
}

// nominal relations: the words that make up a noun phrase with its head.
var npRels = []string{"compound", "amod", "nmod:poss", "flat", "name", "appos", "det", "nummod", "case", "nmod", "obl"}

// ref is an actor code and the head of the phrase that names it.
type ref struct {
	code string
	tok  int
}

// actorsOf returns the codes of the noun phrase headed by h: one per
// conjunct. An actor phrase in the phrase gives the code; an agent in it
// adds its role ("Arnorian president" is ARNGOV); an agent alone codes
// nothing.
func (x *sentence) actorsOf(h int) []ref {
	if h < 0 {
		return nil
	}
	if x.toks[h].UPOS == "PRON" && x.actorAt[h] == "" {
		// "Ethiopia indicated it would act": a pronoun is the nearest
		// actor before it.
		for i := h - 1; i >= 0; i-- {
			if x.actorEnd[i] > 0 && x.actorAt[i] != "---" {
				if c := x.npCode(x.headOf(i)); c != "" {
					return []ref{{c, x.headOf(i)}}
				}
			}
		}
		return nil
	}
	// Each conjunct codes itself. One with a role but no actor of its
	// own takes the actors its fellow conjuncts name: "the Danish media
	// and government" is DNKMED and DNKGOV, "lawmakers and officials in
	// Arnor" ARNLEG and ARNGOV.
	var out, bases []ref
	var pending []int
	for _, c := range x.conjuncts(h) {
		actor, agent := x.npParts(c)
		if actor != "" {
			out = append(out, ref{withAgent(actor, agent), c})
			bases = append(bases, ref{actor, c})
			continue
		}
		ag := x.ownAgent(c)
		if ag == nil {
			continue
		}
		// "The ambassadors of Arnor, Osgiliath and Gondor": a role of
		// each actor of its modifier.
		mods := x.modifierActors(c)
		for _, a := range mods {
			out = append(out, ref{withAgent(a.code, ag), a.tok})
		}
		if len(mods) == 0 {
			pending = append(pending, c)
		}
		bases = append(bases, mods...)
	}
	for _, c := range pending {
		ag := x.ownAgent(c)
		for _, b := range bases {
			out = append(out, ref{withAgent(b.code, ag), b.tok})
		}
	}
	return out
}

// conjuncts are h and the nouns coordinated with it, however the parse
// chains them.
func (x *sentence) conjuncts(h int) []int {
	out := []int{h}
	for i := 0; i < len(out) && i < 32; i++ {
		for _, k := range x.kidsWith(out[i], "conj") {
			if x.isNominal(k) && !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// modifierActors are the actors of h's of/in/from modifiers.
func (x *sentence) modifierActors(h int) []ref {
	var out []ref
	for _, k := range x.kidsWith(h, "nmod", "obl") {
		if x.hasCase(k, "OF") || x.hasCase(k, "IN") || x.hasCase(k, "FROM") {
			out = append(out, x.actorsOf(k)...)
		}
	}
	return out
}

func (x *sentence) isNominal(i int) bool {
	switch x.toks[i].UPOS {
	case "NOUN", "PROPN", "PRON", "NUM", "X", "ADJ":
		return true
	}
	return x.actorAt[i] != ""
}

// npCode is the code of the noun phrase headed by h, without its
// conjuncts. The actor may be anywhere in the phrase's name and
// modifiers ("Gondor's prime minister", "the president of Arnor"); the
// agent only in the head's own words (the head, its compounds and
// adjectives), so that a role further off does not recode the actor.
func (x *sentence) npParts(h int) (string, *Agent) {
	actor, agent := "", (*Agent)(nil)
	// own: reached from the head through its own words only (compounds,
	// names, adjectives, descriptive nominals).
	var walk func(i, depth int, own bool)
	walk = func(i, depth int, own bool) {
		if actor == "" && x.actorAt[i] != "" {
			actor = x.actorAt[i]
		}
		if agent == nil && x.agentAt[i] != nil && own {
			agent = x.agentAt[i]
		}
		if depth > 3 {
			return
		}
		for _, k := range x.kids[i] {
			r := x.toks[k].Deprel
			if r == "conj" || r == "cc" || r == "acl" || r == "acl:relcl" || r == "punct" || r == "parataxis" {
				continue
			}
			if !slices.Contains(npRels, r) && !slices.Contains(npRels, x.rel(k)) {
				continue
			}
			ownWord := false
			switch r {
			case "compound", "amod", "flat", "flat:name", "name", "nmod:desc", "case", "det":
				ownWord = true
			}
			// A prepositional modifier other than "of" is another
			// phrase: "ties with Osgiliath".
			if !ownWord && (x.rel(k) == "nmod" || x.rel(k) == "obl") && r != "nmod:poss" && !x.hasCase(k, "OF") {
				continue
			}
			walk(k, depth+1, own && ownWord)
		}
	}
	walk(h, 0, true)
	if actor == "---" {
		actor = ""
	}
	return actor, agent
}

// npCode is the code of the noun phrase headed by h: its actor with its
// agent's role, "" when it names no actor.
func (x *sentence) npCode(h int) string {
	actor, agent := x.npParts(h)
	if actor == "" {
		return ""
	}
	return withAgent(actor, agent)
}

// withAgent adds an agent's role to an actor code, unless it is there.
func withAgent(actor string, agent *Agent) string {
	switch {
	case agent == nil:
	case agent.Suffix && !strings.HasSuffix(actor, agent.Code):
		return actor + agent.Code
	case !agent.Suffix && !strings.HasPrefix(actor, agent.Code):
		return agent.Code + actor
	}
	return actor
}

// ownAgent is the agent among the head's own words, or nil.
func (x *sentence) ownAgent(h int) *Agent {
	if x.agentAt[h] != nil {
		return x.agentAt[h]
	}
	for _, k := range x.kidsWith(h, "compound", "amod", "flat", "nmod:desc") {
		if x.agentAt[k] != nil {
			return x.agentAt[k]
		}
	}
	return nil
}

// events codes the verb at v, if it is one the dictionary knows. A code
// "a:b" is a pair: a from source to target and b back ("visit" and
// "receive a visit"). Coordinated sources with no target act towards
// each other.
func (x *sentence) events(v int) []Event {
	if x.toks[v].UPOS != "VERB" || x.dropped[v] {
		return nil
	}
	if x.background(v) {
		return nil
	}
	code, pat, entry, ok := x.matchVerbEntry(v)
	if !ok || code == "---" || code == "" {
		return nil
	}
	if strings.HasPrefix(code, "01") && x.attribution(v) {
		// "..., a senior official said on Saturday": the attribution
		// of the sentence, not a statement of its own.
		return nil
	}
	negated, recoded := x.negated(v), false
	if negated && x.c.D.PICO != nil {
		// A code the ontology cannot negate keeps its code, marked
		// Negated (dyad stores it with modality "negated").
		if neg, ok := x.c.D.PICO.Negate(strings.Split(code, ":")[0]); ok {
			code, recoded = neg, true
		}
	}
	back := ""
	if a, b, ok := strings.Cut(code, ":"); ok {
		code, back = a, b
		if back == "---" {
			back = ""
		}
	}
	srcs := x.sources(v)
	tgts := x.targets(v, pat)
	if pat != nil {
		// The pattern's own slots, where they name actors.
		for k, terms := range [2][]Term{pat.Pre, pat.Post} {
			for _, t := range terms {
				if !t.Source && !t.Target {
					continue
				}
				a := x.slotActors(v, t, k == 0)
				if len(a) == 0 {
					continue
				}
				if t.Source {
					srcs = a
				} else {
					tgts = a
				}
			}
		}
	}
	p := ""
	if pat != nil {
		p = pat.Text
	}
	var out []Event
	add := func(s, g ref, c string) {
		if s.code == g.code || c == "" || c == "---" {
			return
		}
		out = append(out, Event{Source: s.code, Target: g.code, SourceTok: s.tok, TargetTok: g.tok,
			Code: c, Verb: v, Pattern: p, Negated: negated, Recoded: recoded,
			VerbWord: entry.base, Block: entry.block.Name})
	}
	if len(tgts) == 0 && len(srcs) > 1 {
		for _, s := range srcs {
			for _, g := range srcs {
				add(s, g, code)
			}
		}
		return out
	}
	none := ref{"---", -1}
	if len(srcs) == 0 && !x.c.Opt.RequireDyad {
		srcs = []ref{none}
	}
	if len(tgts) == 0 && !x.c.Opt.RequireDyad {
		tgts = []ref{none}
	}
	for _, s := range srcs {
		for _, g := range tgts {
			if s.code == "---" && g.code == "---" {
				continue
			}
			add(s, g, code)
			if back != "" && s.code != "---" && g.code != "---" {
				add(g, s, back)
			}
		}
	}
	return out
}

// verbMatch is a verb's match, kept: events, transform and combine all
// ask for it.
type verbMatch struct {
	code  string
	pat   *Pattern
	entry verbEntry
	ok    bool
}

// matchVerbEntry finds the verb's entry and its best pattern: the one
// with most terms that matches, else the verb's or block's own code.
func (x *sentence) matchVerbEntry(v int) (code string, pat *Pattern, entry verbEntry, ok bool) {
	if x.matches == nil {
		x.matches = make([]*verbMatch, len(x.toks))
	}
	if m := x.matches[v]; m != nil {
		return m.code, m.pat, m.entry, m.ok
	}
	code, pat, entry, ok = x.matchVerbUncached(v)
	x.matches[v] = &verbMatch{code, pat, entry, ok}
	return code, pat, entry, ok
}

func (x *sentence) matchVerbUncached(v int) (code string, pat *Pattern, entry verbEntry, ok bool) {
	var entries []verbEntry
	// The word as written first: a listed form ("LEFT") is more specific
	// than the lemma, which may be another verb's ("LEAVE").
	for _, key := range []string{x.up[v], x.lem[v]} {
		for _, e := range x.c.D.Verbs.lookup(key) {
			if len(e.words) > 1 && !x.hasParticle(v, e.words[1:]) {
				continue
			}
			entries = append(entries, e)
		}
		if len(entries) > 0 {
			break
		}
	}
	if len(entries) == 0 {
		return "", nil, verbEntry{}, false
	}
	// A compound verb ("GO_BY") is more specific than its first word.
	slices.SortStableFunc(entries, func(a, b verbEntry) int { return len(b.words) - len(a.words) })
	bestScore := -1
	compound := -1 // how many sources the verb has, once needed
	lo, hi := x.span(v)
	for _, e := range entries {
		keys := x.keysPresent(e.block)
		for _, p := range e.block.Patterns {
			if p.key >= 0 && !keys[p.key] {
				continue
			}
			if !x.possible(p) {
				continue
			}
			if p.Compound {
				if compound < 0 {
					compound = len(x.sources(v))
				}
				if compound < 2 {
					continue
				}
			}
			if s, ok := x.matchPattern(v, p, lo, hi); ok && p.Compound {
				s += 100 // the coordination is what the pattern is for
				if s > bestScore {
					bestScore, pat, code = s, p, p.Code
				}
			} else if ok && s > bestScore {
				bestScore, pat, code = s, p, p.Code
			}
		}
		if pat != nil {
			return code, pat, e, true
		}
	}
	e := entries[0]
	if e.code != "" {
		return e.code, nil, e, true
	}
	return e.block.Code, nil, e, true
}

// hasParticle reports whether the words after the verb's first follow it
// (as a particle or the next words).
func (x *sentence) hasParticle(v int, rest []string) bool {
	for _, k := range x.kids[v] {
		if x.rel(k) == "compound" && x.up[k] == rest[0] {
			return len(rest) == 1
		}
	}
	for j, w := range rest {
		if v+1+j >= len(x.up) || x.up[v+1+j] != w {
			return false
		}
	}
	return true
}

// matchPattern matches p around the verb v: the words after * in order
// in the verb's phrase after it, the words before * in order before it.
// The score is the number of words matched.
func (x *sentence) matchPattern(v int, p *Pattern, lo, hi int) (int, bool) {
	score := 0
	// After the verb.
	i := v + 1
	for _, t := range p.Post {
		if t.Source || t.Target {
			continue
		}
		if len(t.Alts) == 0 {
			return 0, false
		}
		if t.NP && !t.NPStart {
			// The next word of a noun phrase follows the last, with
			// only modifiers between ("new global economic relations").
			n := 0
			for i < hi {
				if n = x.termAt(t, i); n > 0 {
					break
				}
				if u := x.toks[i].UPOS; u != "ADJ" && u != "NOUN" && u != "PROPN" && u != "NUM" {
					break
				}
				i++
			}
			if n == 0 {
				return 0, false
			}
			i += n
			score++
			continue
		}
		j, n := x.find(t, i, hi)
		if j < 0 {
			return 0, false
		}
		i = j + n
		score++
	}
	// Before it, nearest first.
	i = v
	for k := len(p.Pre) - 1; k >= 0; k-- {
		t := p.Pre[k]
		if t.Source || t.Target {
			continue
		}
		if len(t.Alts) == 0 {
			return 0, false
		}
		j := x.findBack(t, lo, i)
		if j < 0 {
			return 0, false
		}
		i = j
		score++
	}
	return score, true
}

// span is the first and last+1 token of the verb's clause (its subtree).
func (x *sentence) span(v int) (int, int) {
	lo, hi := v, v+1
	var walk func(i int)
	walk = func(i int) {
		lo, hi = min(lo, i), max(hi, i+1)
		for _, k := range x.kids[i] {
			walk(k)
		}
	}
	walk(v)
	return lo, hi
}

// find returns the first position in [from, to) where a term matches, and
// the number of tokens it covers.
func (x *sentence) find(t Term, from, to int) (int, int) {
	for j := from; j < to; j++ {
		if n := x.termAt(t, j); n > 0 {
			return j, n
		}
	}
	return -1, 0
}

func (x *sentence) findBack(t Term, from, to int) int {
	for j := to - 1; j >= from; j-- {
		if x.termAt(t, j) > 0 {
			return j
		}
	}
	return -1
}

// termAt reports how many tokens from j one of the term's phrases
// matches, by word or by lemma.
func (x *sentence) termAt(t Term, j int) int {
	for _, p := range t.Alts {
		if n := p.matchAt(x.up, j); n > 0 {
			return n
		}
		if n := p.matchAt(x.lem, j); n > 0 {
			return n
		}
	}
	return 0
}

// sources are the codes of the verb's subject: its own, a passive's by-
// agent, or the subject of the verb it depends on (xcomp, conj, and the
// adjective or verb it completes).
func (x *sentence) sources(v int) []ref {
	for range 4 {
		if by := x.byAgent(v); by >= 0 {
			return x.actorsOf(by)
		}
		for _, s := range x.kidsWith(v, "nsubj", "csubj") {
			if x.toks[s].Deprel == "nsubj:pass" || x.toks[s].Deprel == "nsubjpass" {
				continue
			}
			return x.actorsOf(s)
		}
		h := x.toks[v].Head
		if h < 0 {
			return nil
		}
		if x.rel(v) == "xcomp" {
			// "Gollum was seen to break into ...": a passive head's
			// subject is the one who acts.
			for _, s := range x.kidsWith(h, "nsubj:pass", "nsubjpass") {
				if x.byAgent(h) < 0 {
					return x.actorsOf(s)
				}
			}
			// "Obama wants Putin to attack": the head's object acts.
			for _, o := range x.kidsWith(h, "obj", "dobj") {
				if a := x.actorsOf(o); len(a) > 0 {
					return a
				}
			}
		}
		switch x.rel(v) {
		case "xcomp", "conj":
			// A clause of its own (ccomp, advcl) has its own subject;
			// one without is passive or impersonal, not the main
			// clause's subject acting.
			v = h
		case "acl":
			// "the army, which attacked": the noun it modifies.
			return x.actorsOf(h)
		default:
			return nil
		}
	}
	return nil
}

// byAgent is the by-phrase of a passive verb, or -1.
func (x *sentence) byAgent(v int) int {
	passive := false
	for _, k := range x.kids[v] {
		if d := x.toks[k].Deprel; d == "nsubj:pass" || d == "nsubjpass" || d == "aux:pass" || d == "auxpass" {
			passive = true
		}
	}
	if !passive {
		return -1
	}
	for _, k := range x.kidsWith(v, "obl", "nmod") {
		for _, c := range x.kids[k] {
			if x.rel(c) == "case" && x.up[c] == "BY" {
				return k
			}
		}
	}
	return -1
}

// targets are the codes of the verb's object: a passive's subject, the
// direct object, the noun of the pattern's prepositional phrase, else of
// any oblique but a by-phrase.
func (x *sentence) targets(v int, p *Pattern) []ref {
	if x.byAgent(v) >= 0 {
		for _, s := range x.kidsWith(v, "nsubj:pass", "nsubjpass") {
			if a := x.actorsOf(s); len(a) > 0 {
				return a
			}
		}
	}
	for _, o := range x.kidsWith(v, "obj", "dobj", "iobj") {
		if a := x.actorsOf(o); len(a) > 0 {
			return a
		}
	}
	obls := x.obliques(v)
	var prep string
	if p != nil {
		for _, t := range p.Post {
			if t.Prep != "" {
				prep = t.Prep
				break
			}
		}
	}
	// Places are the least likely targets: "celebrated Eid at Osgiliath
	// with Gondor".
	slices.SortStableFunc(obls, func(a, b int) int { return x.placePrep(a) - x.placePrep(b) })
	order := func(want string) []ref {
		for _, o := range obls {
			if want != "" && !x.hasCase(o, want) {
				continue
			}
			if x.hasCase(o, "BY") && x.toks[o].Head == v {
				// The verb's own by-phrase is its agent; a noun's
				// ("condemned an attack by Osgiliath soldiers") is the
				// one the verb is about.
				continue
			}
			if a := x.actorsOf(o); len(a) > 0 {
				return a
			}
		}
		return nil
	}
	if prep != "" {
		if a := order(prep); len(a) > 0 {
			return a
		}
	}
	if a := order(""); len(a) > 0 {
		return a
	}
	// "Arnor believes Dagolath can cope": the subject of the clause the
	// verb takes.
	for _, c := range x.kidsWith(v, "ccomp", "xcomp") {
		for _, s := range x.kidsWith(c, "nsubj", "nsubj:pass", "nsubjpass") {
			if a := x.actorsOf(s); len(a) > 0 {
				return a
			}
		}
	}
	return nil
}

func (x *sentence) hasCase(n int, prep string) bool {
	for _, c := range x.kids[n] {
		if x.rel(c) == "case" && x.up[c] == prep {
			return true
		}
	}
	return false
}

// headOf is the head of the actor phrase starting at i: its token whose
// head is outside the phrase.
func (x *sentence) headOf(i int) int {
	end := x.actorEnd[i]
	if end <= i {
		return i
	}
	for k := i; k < end; k++ {
		if h := x.toks[k].Head; h < i || h >= end {
			return k
		}
	}
	return i
}

// negated reports whether the verb is negated ("did not", "never").
func (x *sentence) negated(v int) bool {
	for _, k := range x.kids[v] {
		if x.toks[k].Deprel == "neg" {
			return true
		}
		if x.rel(k) == "advmod" {
			switch x.up[k] {
			case "NOT", "N'T", "NEVER":
				return true
			}
		}
	}
	return false
}

// obliques are the verb's obliques, then, breadth first, the
// prepositional modifiers of its object's and obliques' nouns: "ties
// with Gondor", "a resumption of ties with Osgiliath", "acted on a
// resolution with Libya", where the parse attaches the phrase to a noun.
func (x *sentence) obliques(v int) []int {
	obls := x.kidsWith(v, "obl", "nmod")
	nouns := append(x.kidsWith(v, "obj", "dobj"), obls...)
	for depth := 0; depth < 3 && len(nouns) > 0; depth++ {
		var next []int
		for _, n := range nouns {
			// Through a participle too: "assurances sent by Bree".
			mods := x.kidsWith(n, "nmod", "obl")
			for _, a := range x.kids[n] {
				if x.toks[a].Deprel == "acl" && x.toks[a].UPOS == "VERB" {
					// and its object: "efforts to stop an anti-Gondor
					// parade".
					mods = append(mods, x.kidsWith(a, "nmod", "obl", "obj", "dobj")...)
				}
			}
			for _, k := range mods {
				if x.toks[k].Deprel == "nmod:poss" || slices.Contains(obls, k) {
					continue
				}
				obls = append(obls, k)
				next = append(next, k)
			}
		}
		nouns = next
	}
	return obls
}

// slotActors are the actors a pattern's "$" or "+" names: the noun of
// its prepositional phrase ("(WITH +)", "(FROM $)"), the subject for a
// slot before the verb, the object for one after it.
func (x *sentence) slotActors(v int, t Term, before bool) []ref {
	switch {
	case t.Prep != "":
		for _, o := range x.obliques(v) {
			if x.hasCase(o, t.Prep) {
				if a := x.actorsOf(o); len(a) > 0 {
					return a
				}
			}
		}
	case before:
		for _, s := range x.kidsWith(v, "nsubj", "nsubj:pass", "nsubjpass") {
			return x.actorsOf(s)
		}
	default:
		for _, o := range x.kidsWith(v, "obj", "dobj") {
			return x.actorsOf(o)
		}
	}
	return nil
}

// placePrep is 1 for an oblique whose preposition usually names a place
// or time, 0 otherwise.
func (x *sentence) placePrep(n int) int {
	for _, c := range x.kids[n] {
		if x.rel(c) == "case" {
			switch x.up[c] {
			case "IN", "AT", "NEAR", "INSIDE", "OUTSIDE", "ACROSS", "THROUGHOUT", "DURING", "AFTER", "BEFORE", "SINCE", "UNTIL":
				return 1
			}
		}
	}
	return 0
}

// checkTree reports a parse whose heads do not form a tree: a head out of
// range, or a cycle. The coder walks subtrees, which a cycle would make
// endless.
func checkTree(toks []Token) error {
	n := len(toks)
	if n == 0 {
		return errors.New("empty sentence")
	}
	for i, t := range toks {
		if t.Head < -1 || t.Head >= n {
			return fmt.Errorf("token %d (%q): head %d outside the sentence", i+1, t.Text, t.Head+1)
		}
	}
	for i := range toks {
		h, steps := i, 0
		for h >= 0 {
			h = toks[h].Head
			if steps++; steps > n {
				return fmt.Errorf("token %d (%q): its heads form a cycle", i+1, toks[i].Text)
			}
		}
	}
	return nil
}

// dropClauses marks the comma-delimited clauses Options.Commas leaves
// out.
func (x *sentence) dropClauses() {
	c := x.c.Opt.Commas
	if c.Max == 0 && c.BMax == 0 && c.EMax == 0 {
		return
	}
	var commas []int
	for i, t := range x.toks {
		if t.Text == "," {
			commas = append(commas, i)
		}
	}
	if len(commas) == 0 {
		return
	}
	end := len(x.toks)
	if end > 0 && x.toks[end-1].UPOS == "PUNCT" {
		end-- // the full stop is not a word of the last clause
	}
	drop := func(from, to, lo, hi int) {
		if hi == 0 || to-from < lo || to-from > hi {
			return
		}
		for i := from; i < to; i++ {
			x.dropped[i] = true
		}
	}
	drop(0, commas[0], c.BMin, c.BMax)
	for k := 1; k < len(commas); k++ {
		drop(commas[k-1]+1, commas[k], c.Min, c.Max)
	}
	drop(commas[len(commas)-1]+1, end, c.EMin, c.EMax)
}

// background reports whether the verb's clause only dates the sentence's
// event: "almost five years after crowds trashed its embassy".
func (x *sentence) background(v int) bool {
	if r := x.rel(v); r != "advcl" && r != "acl" {
		return false
	}
	for _, k := range x.kids[v] {
		if x.rel(k) == "mark" {
			switch x.up[k] {
			case "AFTER", "BEFORE", "SINCE", "UNTIL", "WHEN", "WHILE", "AS", "ONCE":
				return true
			}
		}
	}
	// A clause on a noun that is itself governed by "after": "five years
	// after crowds trashed its embassy".
	if h := x.toks[v].Head; h >= 0 && x.rel(v) == "acl" {
		for _, k := range x.kids[h] {
			if x.rel(k) == "case" {
				switch x.up[k] {
				case "AFTER", "BEFORE", "SINCE", "UNTIL":
					return true
				}
			}
		}
	}
	return false
}

// attribution reports whether v is the verb of a sentence-final
// attribution: a parenthetical ("parataxis"), or a verb after the
// sentence's last comma with a clause of its own before that comma (which
// a parser may have made the verb's complement).
func (x *sentence) attribution(v int) bool {
	if x.rel(v) == "parataxis" {
		return true
	}
	last := -1
	for i, t := range x.toks {
		if t.Text == "," {
			last = i
		}
	}
	if last < 0 || v < last {
		return false
	}
	for i := 0; i < last; i++ {
		if x.toks[i].UPOS == "VERB" && !x.dropped[i] {
			return true
		}
	}
	return false
}

// transform applies the dictionary's transformations and, with an
// ontology, verb+verb combination, to the events of verbs and the clauses
// they take (ccomp, xcomp). The events they replace are removed.
func (x *sentence) transform(byVerb [][]Event) {
	for c := range byVerb {
		r := x.rel(c)
		if len(byVerb[c]) == 0 || (r != "ccomp" && r != "xcomp") {
			continue
		}
		v := x.toks[c].Head
		if v < 0 || x.dropped[v] {
			continue
		}
		if out, ok := x.transformOne(v, c, byVerb[c]); ok {
			byVerb[v], byVerb[c] = out, nil
			continue
		}
		if r == "xcomp" {
			if out, ok := x.combine(v, byVerb[c]); ok {
				byVerb[v], byVerb[c] = out, nil
			}
		}
	}
}

// transformOne tries the transformations on verb v reporting the events
// of its clause c.
func (x *sentence) transformOne(v, c int, inner []Event) ([]Event, bool) {
	trs := x.c.D.Verbs.Transformations
	if len(trs) == 0 {
		return nil, false
	}
	_, _, entry, ok := x.matchVerbEntry(v)
	if !ok {
		return nil, false
	}
	srcs := x.sources(v)
	if len(srcs) == 0 {
		return nil, false
	}
	ownSubject := len(x.kidsWith(c, "nsubj", "nsubj:pass", "nsubjpass")) > 0
	for _, t := range trs {
		if t.Outer != entry.base && t.Outer != strings.ToUpper(entry.block.Name) {
			continue
		}
		var out []Event
		for _, a := range srcs {
			for _, e := range inner {
				if t.Inner != "Q" && t.Inner != e.VerbWord && t.Inner != strings.ToUpper(e.Block) {
					continue
				}
				b := ""
				switch t.InnerSource {
				case "a":
					if e.Source != a.code {
						continue
					}
				case "b":
					if e.Source == a.code {
						continue
					}
					b = e.Source
				case "_":
					// No actor of its own: the reporting verb's source
					// acts ("Obama wants to attack").
					if ownSubject || e.Source != a.code {
						continue
					}
				}
				switch t.InnerTarget {
				case "b":
					b = e.Target
				case "a":
					if e.Target != a.code {
						continue
					}
				}
				slot := func(s string) (string, int) {
					switch s {
					case "a":
						return a.code, a.tok
					case "b":
						if b == e.Source {
							return b, e.SourceTok
						}
						return b, e.TargetTok
					}
					return "---", -1
				}
				code := t.Code
				if code == "Q" {
					code = e.Code
				}
				src, st := slot(t.Source)
				tgt, tt := slot(t.Target)
				if src == "" || tgt == "" || src == tgt {
					continue
				}
				out = append(out, Event{Source: src, Target: tgt, SourceTok: st, TargetTok: tt, Code: code, Verb: v,
					Pattern: "~ " + t.Text, VerbWord: entry.base, Block: entry.block.Name})
			}
		}
		if len(out) > 0 {
			return out, true
		}
	}
	return nil, false
}

// combine joins a verb of pure intent, appeal, demand or the like and
// the event of the verb it takes ("pledged to provide aid": 030 and 070
// are 033) through the ontology: the first's act and the second's
// content add up. The verb itself need not have coded anything (a pledge
// names no target).
func (x *sentence) combine(v int, inner []Event) ([]Event, bool) {
	p := x.c.D.PICO
	if p == nil {
		return nil, false
	}
	code, _, entry, ok := x.matchVerbEntry(v)
	if !ok || x.negated(v) {
		return nil, false
	}
	ov, ok := p.first(strings.Split(code, ":")[0])
	if !ok || ov.neg || ov.v&0xF000 == 0 || ov.v&0x0FFF != 0 {
		return nil, false
	}
	var out []Event
	for _, e := range inner {
		iv, ok := p.first(e.Code)
		if !ok || iv.neg || iv.v&0xF000 != 0 {
			return nil, false
		}
		c, ok := p.code[picoValue{ov.v + iv.v, false}]
		if !ok {
			return nil, false
		}
		e.Code, e.Verb, e.VerbWord, e.Block = c, v, entry.base, entry.block.Name
		e.Pattern = code + " + " + e.Pattern
		out = append(out, e)
	}
	return out, len(out) > 0
}

// keysPresent reports, for each of the block's keys, whether a word or
// lemma of the sentence begins with it: one merge of two sorted lists.
func (x *sentence) keysPresent(b *VerbBlock) []bool {
	sorted := x.sortedWords()
	out := make([]bool, len(b.keys))
	j := 0
	for i, k := range b.keys {
		for j < len(sorted) && sorted[j] < k {
			j++
		}
		out[i] = j < len(sorted) && strings.HasPrefix(sorted[j], k)
	}
	return out
}
