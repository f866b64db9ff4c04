package petrarch

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// DatedCode is an actor code valid from From to To (YYYYMMDD, inclusive;
// 0 leaves that end open). A code with both ends open is the default.
type DatedCode struct {
	Code     string
	From, To int
}

// Actor is one entry of an actors dictionary: a primary phrase, its
// synonyms and its codes.
type Actor struct {
	Name  string // the primary phrase as written
	Codes []DatedCode
	File  string
	Line  int
}

// CodeOn returns the actor's code on date (YYYYMMDD; 0 when unknown). A
// date-restricted code whose period holds the date wins over the default,
// which PETRARCH-2 got the wrong way round; with no date, or none
// matching, the default code, else "".
func (a *Actor) CodeOn(date int) string {
	def := ""
	for _, c := range a.Codes {
		if c.From == 0 && c.To == 0 {
			if def == "" {
				def = c.Code
			}
			continue
		}
		if date != 0 && (c.From == 0 || date >= c.From) && (c.To == 0 || date <= c.To) {
			return c.Code
		}
	}
	return def
}

// phrase is a word sequence that names something in a dictionary.
type phrase struct {
	words []string
	exact bool // the last word must match whole
}

// matchAt reports how many tokens from i the phrase matches, or 0.
func (p phrase) matchAt(toks []string, i int) int {
	if i+len(p.words) > len(toks) {
		return 0
	}
	for k, w := range p.words {
		t := toks[i+k]
		switch {
		case k < len(p.words)-1 || p.exact:
			if t != w {
				return 0
			}
		case len(p.words) == 1:
			if !strings.HasPrefix(t, w) {
				return 0
			}
		default:
			// The last word of a longer phrase takes an ending only
			// ("UNITED_NATION" is "United Nations"), so that THE_AU is
			// not "the Australian".
			rest, ok := strings.CutPrefix(t, w)
			if !ok || (rest != "" && rest != "S" && rest != "ES" && rest != "'S" && rest != "S'") {
				return 0
			}
		}
	}
	return len(p.words)
}

// phraseIndex finds the longest dictionary phrases in a token sequence.
// Phrases are indexed by their first word; a one-word phrase that may
// match as a prefix is indexed by that prefix and found by trying the
// token's prefixes.
type phraseIndex[T any] struct {
	byFirst map[string][]indexed[T]
	minLen  int // shortest prefix indexed
}

type indexed[T any] struct {
	p   phrase
	val T
}

func newPhraseIndex[T any]() *phraseIndex[T] {
	return &phraseIndex[T]{byFirst: map[string][]indexed[T]{}, minLen: 1 << 30}
}

func (x *phraseIndex[T]) add(p phrase, v T) {
	if len(p.words) == 0 {
		return
	}
	first := p.words[0]
	x.byFirst[first] = append(x.byFirst[first], indexed[T]{p, v})
	if len(p.words) == 1 && !p.exact {
		x.minLen = min(x.minLen, len(first))
	}
}

// sort puts longer phrases first, so the first match is the longest.
func (x *phraseIndex[T]) sort() {
	for _, l := range x.byFirst {
		slices.SortStableFunc(l, func(a, b indexed[T]) int { return len(b.p.words) - len(a.p.words) })
	}
}

// longest returns the longest phrase matching at toks[i] and its length
// (0 when none does). Among one-word prefix matches the longest prefix
// wins.
func (x *phraseIndex[T]) longest(toks []string, i int) (T, int) {
	var zero T
	best, bestN, bestLen := zero, 0, 0
	t := toks[i]
	try := func(key string) {
		for _, e := range x.byFirst[key] {
			n := e.p.matchAt(toks, i)
			if n > bestN || (n == bestN && n > 0 && len(e.p.words[0]) > bestLen) {
				best, bestN, bestLen = e.val, n, len(e.p.words[0])
			}
		}
	}
	try(t)
	for l := len(t) - 1; l >= x.minLen && l > 0; l-- {
		if bestN > 1 {
			break
		}
		try(t[:l])
	}
	return best, bestN
}

// Actors is an actors dictionary.
type Actors struct {
	index *phraseIndex[*Actor]
	n     int
}

// Len is the number of primary phrases.
func (a *Actors) Len() int { return a.n }

// Find returns the actor whose phrase is the longest to match at toks[i]
// (upper-case words) and how many tokens it covers.
func (a *Actors) Find(toks []string, i int) (*Actor, int) { return a.index.longest(toks, i) }

// ReadActors reads an actors dictionary: a primary phrase with its codes
// in brackets on its line ("ARNOR_ [ARN]") or on the indented lines after
// it ("[USAGOV 770528-780103]"), then "+" synonyms. A code may carry a
// date restriction: "<YYMMDD" (before), ">YYMMDD" (after) or
// "YYMMDD-YYMMDD". Entries that cannot be read are returned as problems
// and skipped; a non-nil error is a failure to read r.
func ReadActors(r io.Reader, file string) (*Actors, []Problem, error) {
	ls, err := lines(r, true)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", file, err)
	}
	out := &Actors{index: newPhraseIndex[*Actor]()}
	var probs []Problem
	var cur *Actor
	var curPhrases []phrase
	flush := func() {
		if cur == nil {
			return
		}
		if len(cur.Codes) == 0 {
			probs = append(probs, Problem{file, cur.Line, fmt.Sprintf("actor %q has no code", cur.Name)})
		} else {
			out.n++
			for _, p := range curPhrases {
				out.index.add(p, cur)
			}
		}
		cur, curPhrases = nil, nil
	}
	for _, l := range ls {
		switch {
		case strings.HasPrefix(l.text, "["):
			if cur == nil {
				probs = append(probs, Problem{file, l.n, "a code line with no actor before it"})
				continue
			}
			codes, err := readCodes(l.text)
			if err != nil {
				probs = append(probs, Problem{file, l.n, err.Error()})
				continue
			}
			cur.Codes = append(cur.Codes, codes...)
		case strings.HasPrefix(l.text, "+"):
			if cur == nil {
				probs = append(probs, Problem{file, l.n, "a synonym with no actor before it"})
				continue
			}
			text, _, _ := strings.Cut(l.text[1:], "[")
			ws, exact := words(text)
			if len(ws) == 0 {
				probs = append(probs, Problem{file, l.n, "empty synonym"})
				continue
			}
			curPhrases = append(curPhrases, phrase{ws, exact})
		case strings.HasPrefix(l.text, "<"):
			// A malformed comment ("<! -- ... -->").
			continue
		default:
			i := strings.IndexByte(l.text, '[')
			if cur != nil && len(cur.Codes) == 0 && i < 0 {
				// Primary phrases in a row share the codes that follow
				// them (CountryInfo lists a leader's names so).
				ws, exact := words(l.text)
				curPhrases = append(curPhrases, phrase{ws, exact})
				continue
			}
			flush()
			name := l.text
			if i >= 0 {
				name = strings.TrimSpace(l.text[:i])
			}
			ws, exact := words(name)
			if len(ws) == 0 {
				probs = append(probs, Problem{file, l.n, fmt.Sprintf("no phrase in %q", l.text)})
				continue
			}
			cur = &Actor{Name: name, File: file, Line: l.n}
			curPhrases = []phrase{{ws, exact}}
			if i >= 0 {
				codes, err := readCodes(l.text[i:])
				if err != nil {
					probs = append(probs, Problem{file, l.n, err.Error()})
					cur = nil
					continue
				}
				cur.Codes = codes
			}
		}
	}
	flush()
	out.index.sort()
	return out, probs, nil
}

// readCodes reads one or more bracketed codes: "[ARN] [ARNGOV <950101]".
func readCodes(s string) ([]DatedCode, error) {
	var out []DatedCode
	for {
		s = strings.TrimSpace(s)
		if s == "" {
			return out, nil
		}
		if s[0] != '[' {
			return nil, fmt.Errorf("text %q after a code", s)
		}
		j := strings.IndexByte(s, ']')
		if j < 0 {
			return nil, fmt.Errorf("unclosed bracket in %q", s)
		}
		c, err := readCode(s[1:j])
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		s = s[j+1:]
	}
}

func readCode(s string) (DatedCode, error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return DatedCode{}, fmt.Errorf("empty code")
	}
	c := DatedCode{Code: strings.ToUpper(f[0])}
	if len(f) == 1 {
		return c, nil
	}
	// "HOBGOV 19950601 - 19990815" and "HOB < 950601" occur too.
	d := strings.Join(f[1:], "")
	var err error
	switch {
	case strings.HasPrefix(d, "<"):
		c.To, err = parseDate(d[1:])
		c.To-- // before the date
	case strings.HasPrefix(d, ">"):
		c.From, err = parseDate(d[1:])
		c.From++ // after the date
	default:
		a, b, ok := strings.Cut(d, "-")
		if !ok {
			return DatedCode{}, fmt.Errorf("code %q: date restriction must be <d, >d or d1-d2", s)
		}
		if c.From, err = parseDate(a); err == nil {
			c.To, err = parseDate(b)
		}
	}
	if err != nil {
		return DatedCode{}, fmt.Errorf("code %q: %v", s, err)
	}
	return c, nil
}
