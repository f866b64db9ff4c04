package petrarch

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Verbs is a PETRARCH-2 verb dictionary: synonym sets, verb blocks with
// their patterns, and transformations.
type Verbs struct {
	Synsets map[string][]phrase // "&TREATY" -> its words
	Blocks  []*VerbBlock
	// byWord finds the blocks of a verb by its base form or one of its
	// listed forms (upper case).
	byWord          map[string][]verbEntry
	Transformations []Transformation
	patterns        int
}

// VerbBlock is a "--- NAME [code] ---" block: verbs that share patterns.
type VerbBlock struct {
	Name     string
	Code     string // the block's default code; "---" codes nothing
	Patterns []*Pattern
	File     string
	Line     int
	// keys are the distinct first words of the patterns' first word
	// terms, sorted: the coder finds which a sentence has in one merge
	// and skips the patterns whose key it lacks.
	keys []string
}

// verbEntry is one verb of a block: its words (a compound verb such as
// GO_BY has two) and the block.
type verbEntry struct {
	words []string
	base  string // the verb line's word: SAY for SAID
	block *VerbBlock
	code  string // a code on the verb's own line, which wins over the block's
}

// Pattern is one "- PRE * POST [CODE]" line of a verb block.
type Pattern struct {
	Pre, Post []Term
	key       int // index in the block's keys, -1 when no word term
	// Compound ("%") asks for coordinated actors ("Gondor and Osgiliath
	// postponed their meeting"); such a pattern wins when they are there.
	Compound bool
	Code     string // "---": matched, but no event
	Text     string
	Line     int
}

// Term is one element of a pattern.
type Term struct {
	Alts   []phrase // the word, or a synset's words
	Source bool     // "$": the source goes here
	Target bool     // "+": the target goes here
	// Prep is the preposition of the "(PREP ...)" phrase the term is in,
	// "" outside one; for the preposition itself Prep is set and Alts
	// holds it too.
	Prep string
	// NP is set inside a "{...}" noun phrase, whose words follow each
	// other; NPStart marks the first.
	NP, NPStart bool
	// Set names the synset the term stands for, "" for a word: the
	// coder asks once per sentence whether a synset's words are there.
	Set string
}

// Transformation is a "~ a (a b ATTACK) SAY = a b 015" rule: an event
// that a verb reports or aims at is recoded. Outer is the reporting verb
// (SAY), Inner the reported event's verb (ATTACK, or Q for any). The
// actor slots are "a" (the reporting verb's source), "b" (another
// actor), "_" (none of its own: the reported verb has no subject) and
// "." (anyone); the result is two slots and a code, Q for the reported
// event's own.
type Transformation struct {
	Text                     string
	Line                     int
	InnerSource, InnerTarget string
	Inner, Outer             string
	Source, Target, Code     string
}

// readTransformation reads the text after "~".
func readTransformation(s string) (Transformation, error) {
	t := Transformation{Text: strings.TrimSpace(s)}
	r := strings.NewReplacer("(", " ( ", ")", " ) ", "=", " = ")
	f := strings.Fields(r.Replace(s))
	// a ( x y VERB ) OUTER = r1 r2 CODE
	if len(f) != 11 || f[0] != "a" || f[1] != "(" || f[5] != ")" || f[7] != "=" {
		return t, fmt.Errorf("transformation %q: want \"a (x y VERB) VERB = x y CODE\"", t.Text)
	}
	t.InnerSource, t.InnerTarget, t.Inner = f[2], f[3], strings.ToUpper(f[4])
	t.Outer = strings.ToUpper(f[6])
	t.Source, t.Target, t.Code = f[8], f[9], f[10]
	return t, nil
}

// Len is the number of patterns.
func (v *Verbs) Len() int { return v.patterns }

// Lookup returns the verb entries whose first word is w (a base form or
// a listed form, upper case).
func (v *Verbs) lookup(w string) []verbEntry { return v.byWord[w] }

// ReadVerbs reads a verb dictionary in PETRARCH-2 syntax.
func ReadVerbs(r io.Reader, file string) (*Verbs, []Problem, error) {
	ls, err := lines(r, false)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", file, err)
	}
	v := &Verbs{Synsets: map[string][]phrase{}, byWord: map[string][]verbEntry{}}
	var probs []Problem
	var block *VerbBlock
	synset := ""
	for _, l := range ls {
		t := l.text
		switch {
		case strings.HasPrefix(t, "---"):
			synset = ""
			name := strings.Trim(t, "- \t")
			name, code, _ := bracket(name)
			if code == "" {
				probs = append(probs, Problem{file, l.n, fmt.Sprintf("verb block %q has no [code]", t)})
			}
			block = &VerbBlock{Name: strings.TrimSpace(name), Code: code, File: file, Line: l.n}
			v.Blocks = append(v.Blocks, block)
		case strings.HasPrefix(t, "&"):
			synset = strings.Fields(t)[0]
			if _, ok := v.Synsets[synset]; !ok {
				v.Synsets[synset] = nil
			}
		case strings.HasPrefix(t, "~"):
			tr, err := readTransformation(t[1:])
			if err != nil {
				probs = append(probs, Problem{file, l.n, err.Error()})
				continue
			}
			tr.Line = l.n
			v.Transformations = append(v.Transformations, tr)
		case strings.HasPrefix(t, "- ") || t == "-":
			if block == nil {
				probs = append(probs, Problem{file, l.n, "a pattern outside any verb block"})
				continue
			}
			p, err := readPattern(t[1:])
			if err != nil {
				probs = append(probs, Problem{file, l.n, err.Error()})
				continue
			}
			p.Line = l.n
			block.Patterns = append(block.Patterns, p)
			v.patterns++
		case strings.HasPrefix(t, "+") && synset != "":
			ws, exact := words(t[1:])
			if len(ws) > 0 {
				v.Synsets[synset] = append(v.Synsets[synset], phrase{ws, exact})
			}
		default:
			if block == nil {
				if strings.HasPrefix(t, "+") {
					probs = append(probs, Problem{file, l.n, "a synonym outside any synset"})
				} else if !strings.HasPrefix(t, "<") {
					probs = append(probs, Problem{file, l.n, fmt.Sprintf("%q outside any verb block", t)})
				}
				continue
			}
			synset = ""
			if err := v.addVerb(block, t); err != nil {
				probs = append(probs, Problem{file, l.n, err.Error()})
			}
		}
	}
	for _, b := range v.Blocks {
		b.index()
	}
	// Patterns name synsets; an unknown one can never match.
	for _, b := range v.Blocks {
		for _, p := range b.Patterns {
			for _, terms := range [][]Term{p.Pre, p.Post} {
				for i := range terms {
					if err := v.resolve(&terms[i]); err != nil {
						probs = append(probs, Problem{file, p.Line, err.Error()})
					}
				}
			}
		}
	}
	return v, probs, nil
}

// addVerb reads a verb line of a block: "PERMIT {PERMITS PERMITTED}",
// "+GO_BY {+WENT_BY +GOES_BY}", optionally with its own [code].
func (v *Verbs) addVerb(b *VerbBlock, t string) error {
	text, code, _ := bracket(t)
	forms := []string{}
	if i := strings.IndexByte(text, '{'); i >= 0 {
		j := strings.IndexByte(text, '}')
		if j < i {
			return fmt.Errorf("unclosed { in %q", t)
		}
		forms = strings.Fields(text[i+1 : j])
		text = strings.TrimSpace(text[:i])
	}
	base := strings.TrimPrefix(text, "+")
	if base == "" || strings.ContainsAny(base, " ") {
		return fmt.Errorf("verb line %q: want VERB {FORMS}", t)
	}
	all := append([]string{base}, forms...)
	if len(forms) == 0 {
		// Regular forms, as PETRARCH makes them: a parser's lemma is not
		// always the dictionary's base form.
		all = append(all, regularForms(base)...)
	}
	for _, f := range all {
		ws, _ := words(strings.TrimPrefix(f, "+"))
		if len(ws) == 0 {
			continue
		}
		e := verbEntry{words: ws, base: strings.ToUpper(base), block: b, code: code}
		if !slices.ContainsFunc(v.byWord[ws[0]], func(x verbEntry) bool { return x.block == b && slices.Equal(x.words, ws) }) {
			v.byWord[ws[0]] = append(v.byWord[ws[0]], e)
		}
	}
	return nil
}

// regularForms are the -S, -ED and -ING forms of a verb's first word
// (RESTORE: RESTORES, RESTORED, RESTORING; CARRY: CARRIES, CARRIED),
// with the rest of a compound verb after them.
func regularForms(base string) []string {
	first, rest, _ := strings.Cut(strings.ToUpper(base), "_")
	if rest != "" {
		rest = "_" + rest
	}
	var out []string
	switch {
	case strings.HasSuffix(first, "E"):
		out = []string{first + "S", first + "D", first[:len(first)-1] + "ING"}
	case strings.HasSuffix(first, "Y") && len(first) > 1 && !strings.ContainsRune("AEIOU", rune(first[len(first)-2])):
		out = []string{first[:len(first)-1] + "IES", first[:len(first)-1] + "IED", first + "ING"}
	case strings.HasSuffix(first, "S") || strings.HasSuffix(first, "SH") || strings.HasSuffix(first, "CH") || strings.HasSuffix(first, "X"):
		out = []string{first + "ES", first + "ED", first + "ING"}
	default:
		out = []string{first + "S", first + "ED", first + "ING"}
	}
	for i := range out {
		out[i] += rest
	}
	return out
}

// readPattern reads a pattern's text: words, "*" for the verb, "$" and
// "+" for source and target, "%" for a compound, "&SYNSET", "{noun
// phrase}", "(PREP phrase)", then "[code]".
func readPattern(s string) (*Pattern, error) {
	text, code, ok := bracket(s)
	if !ok {
		return nil, fmt.Errorf("pattern %q has no [code]", strings.TrimSpace(s))
	}
	p := &Pattern{Code: code, Text: strings.TrimSpace(s)}
	// Put spaces round the brackets and the verb, so they are tokens: a
	// verb is sometimes joined to its neighbours ("FAILED_TO_*", "*_OUT").
	r := strings.NewReplacer("{", " { ", "}", " } ", "(", " ( ", ")", " ) ", "_*_", " * ", "_*", " * ", "*_", " * ", "*", " * ")
	toks := strings.Fields(r.Replace(text))
	verb := false
	inNP, inPP, npStart := false, false, false
	prep := ""
	for _, tk := range toks {
		dst := &p.Pre
		if verb {
			dst = &p.Post
		}
		switch tk {
		case "*":
			if verb {
				return nil, fmt.Errorf("pattern %q: two verbs (*)", p.Text)
			}
			verb = true
			continue
		case "{":
			inNP, npStart = true, true
			continue
		case "}":
			inNP = false
			continue
		case "(":
			inPP, prep = true, ""
			continue
		case ")":
			inPP, prep = false, ""
			continue
		case "$", "+":
			t := Term{Source: tk == "$", Target: tk == "+"}
			if inPP {
				t.Prep = prep
			}
			*dst = append(*dst, t)
			continue
		case "%":
			p.Compound = true
			continue
		case "^", "=":
			continue
		}
		t := Term{NP: inNP, NPStart: npStart}
		npStart = false
		isPrep := false
		if inPP {
			if prep == "" {
				prep = strings.ToUpper(strings.Trim(tk, "_"))
				isPrep = true
			}
			t.Prep = prep
		}
		if strings.HasPrefix(tk, "&") {
			t.Alts = []phrase{{words: []string{tk}}} // resolved after reading
		} else {
			ws, exact := words(tk)
			if len(ws) == 0 {
				continue
			}
			// A preposition is a whole word: (IN) is not "into", (OFF)
			// not "official".
			t.Alts = []phrase{{ws, exact || isPrep}}
		}
		*dst = append(*dst, t)
	}
	if !verb {
		return nil, fmt.Errorf("pattern %q has no verb (*)", p.Text)
	}
	if inNP || inPP {
		return nil, fmt.Errorf("pattern %q: unclosed { or (", p.Text)
	}
	return p, nil
}

// resolve replaces a synset reference by the synset's words.
func (v *Verbs) resolve(t *Term) error {
	if len(t.Alts) != 1 || len(t.Alts[0].words) != 1 || !strings.HasPrefix(t.Alts[0].words[0], "&") {
		return nil
	}
	name := t.Alts[0].words[0]
	ws, ok := v.Synsets[name]
	if !ok {
		// Synset names in patterns sometimes carry a trailing "_".
		ws, ok = v.Synsets[strings.TrimSuffix(name, "_")+"_"]
	}
	if !ok || len(ws) == 0 {
		t.Alts = nil
		return fmt.Errorf("unknown synset %s", name)
	}
	t.Alts = v.expand(ws, 0)
	t.Set = name
	return nil
}

// expand replaces synsets named inside a synset ("+&TIETYPES") by their
// words, to a depth that stops a synset that names itself.
func (v *Verbs) expand(ws []phrase, depth int) []phrase {
	var out []phrase
	for _, p := range ws {
		if len(p.words) == 1 && strings.HasPrefix(p.words[0], "&") && depth < 4 {
			if inner, ok := v.Synsets[p.words[0]]; ok {
				out = append(out, v.expand(inner, depth+1)...)
				continue
			}
			if inner, ok := v.Synsets[p.words[0]+"_"]; ok {
				out = append(out, v.expand(inner, depth+1)...)
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// index sets the block's keys and each pattern's key: the first word of
// its first single-word term.
func (b *VerbBlock) index() {
	first := func(p *Pattern) string {
		for _, terms := range [2][]Term{p.Post, p.Pre} {
			for _, t := range terms {
				if !t.Source && !t.Target && t.Set == "" && len(t.Alts) == 1 && !strings.HasPrefix(t.Alts[0].words[0], "&") {
					return t.Alts[0].words[0]
				}
			}
		}
		return ""
	}
	seen := map[string]bool{}
	for _, p := range b.Patterns {
		if k := first(p); k != "" && !seen[k] {
			seen[k] = true
			b.keys = append(b.keys, k)
		}
	}
	slices.Sort(b.keys)
	for _, p := range b.Patterns {
		p.key = -1
		if k := first(p); k != "" {
			p.key, _ = slices.BinarySearch(b.keys, k)
		}
	}
}
