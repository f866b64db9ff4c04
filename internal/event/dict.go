package event

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io"
	"strconv"
	"strings"
)

//go:embed data/*
var dataFS embed.FS

// Code is one CAMEO event code of the codebook.
type Code struct {
	Code      string
	Root      string
	QuadClass int
	Goldstein float64
	Name      string
}

// Codebook is the CAMEO event codebook: every code with its quad class
// and Goldstein value.
type Codebook map[string]Code

// readCodebook reads data/codebook.tsv: code, level, root, base,
// quadclass, goldstein, name, after a header line.
func readCodebook(r io.Reader) (Codebook, error) {
	cb := Codebook{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "code\t") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 7 {
			return nil, fmt.Errorf("codebook.tsv:%d: %d fields, want 7", n, len(f))
		}
		q, err1 := strconv.Atoi(f[4])
		g, err2 := strconv.ParseFloat(f[5], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("codebook.tsv:%d: bad quad class or Goldstein value", n)
		}
		cb[f[0]] = Code{Code: f[0], Root: f[2], QuadClass: q, Goldstein: g, Name: strings.TrimSpace(f[6])}
	}
	return cb, sc.Err()
}

// Pattern is one entry of the predicate dictionary: a verb lemma with
// the constraints that must hold for it to mean Code.
type Pattern struct {
	Code  string
	Lemma string
	// Particle is a required verb particle ("off" of "call off").
	Particle string
	// Objects are the allowed head lemmas of the direct object (light
	// verbs: "hold talks", "impose sanctions"); empty for any.
	Objects []string
	// Prep is a required oblique's preposition; that oblique's noun is
	// the target ("meet with X", "fire on X").
	Prep string
	// NoTarget says the object is never the target.
	NoTarget bool
	// Line is where the pattern was read, for messages.
	Line int
}

// specificity orders the patterns of one lemma: the more constraints, the
// earlier it is tried.
func (p Pattern) specificity() int {
	n := 0
	if p.Particle != "" {
		n += 2
	}
	if len(p.Objects) > 0 {
		n += 2
	}
	if p.Prep != "" {
		n++
	}
	return n
}

// Dictionary maps verb lemmas to their patterns, most specific first.
type Dictionary struct {
	byLemma map[string][]Pattern
}

// Patterns returns the patterns of lemma.
func (d *Dictionary) Patterns(lemma string) []Pattern { return d.byLemma[lemma] }

// Len is the number of patterns.
func (d *Dictionary) Len() int {
	n := 0
	for _, ps := range d.byLemma {
		n += len(ps)
	}
	return n
}

// ReadDictionary reads a predicate dictionary in dyad's format (see
// data/verbs.txt): "CODE<TAB>lemma [+particle] [=object|object]
// [>preposition] [!notarget]", # comments, "== CODE name" section lines.
// Every code must be in cb.
func ReadDictionary(r io.Reader, name string, cb Codebook) (*Dictionary, error) {
	d := &Dictionary{byLemma: map[string][]Pattern{}}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "==") {
			continue
		}
		code, pat, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want CODE<TAB>PATTERN", name, n)
		}
		code = strings.TrimSpace(code)
		if _, ok := cb[code]; !ok {
			return nil, fmt.Errorf("%s:%d: %q is not a CAMEO code", name, n, code)
		}
		fs := strings.Fields(pat)
		if len(fs) == 0 {
			return nil, fmt.Errorf("%s:%d: empty pattern", name, n)
		}
		// "n:lemma" is a noun pattern ("n:killing >of").
		p := Pattern{Code: code, Lemma: strings.ToLower(fs[0]), Line: n}
		for _, f := range fs[1:] {
			switch {
			case strings.HasPrefix(f, "+"):
				p.Particle = strings.ToLower(f[1:])
			case strings.HasPrefix(f, "="):
				p.Objects = strings.Split(strings.ToLower(f[1:]), "|")
			case strings.HasPrefix(f, ">"):
				p.Prep = strings.ToLower(f[1:])
			case f == "!notarget":
				p.NoTarget = true
			default:
				return nil, fmt.Errorf("%s:%d: unknown constraint %q", name, n, f)
			}
		}
		d.byLemma[p.Lemma] = append(d.byLemma[p.Lemma], p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for l, ps := range d.byLemma {
		// Stable: among equals, the order of the file.
		sorted := make([]Pattern, 0, len(ps))
		for s := 5; s >= 0; s-- {
			for _, p := range ps {
				if p.specificity() == s {
					sorted = append(sorted, p)
				}
			}
		}
		d.byLemma[l] = sorted
	}
	return d, nil
}

// Resources are the stage's data: the codebook, the predicate
// dictionary, actor code aliases and the crosswalk to PLOVER.
type Resources struct {
	Codebook Codebook
	Dict     *Dictionary
	// ActorAlias maps territory codes to the actor code events use
	// (GZS, the Gaza Strip, acts as PSE).
	ActorAlias map[string]string
	// Harm are the roots whose events, when only threatened (future or
	// conditional, in reported speech), are coded as threats (13).
	Harm map[string]bool
	// PlaceNouns are nouns that name places ("village", "city"): their
	// modifiers ("Turkish village") do not make them actors.
	PlaceNouns map[string]bool
}

// LoadResources reads the embedded data.
func LoadResources() (*Resources, error) {
	b, err := dataFS.ReadFile("data/codebook.tsv")
	if err != nil {
		return nil, err
	}
	cb, err := readCodebook(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("event: %w", err)
	}
	v, err := dataFS.ReadFile("data/verbs.txt")
	if err != nil {
		return nil, err
	}
	dict, err := ReadDictionary(bytes.NewReader(v), "data/verbs.txt", cb)
	if err != nil {
		return nil, fmt.Errorf("event: %w", err)
	}
	res := &Resources{Codebook: cb, Dict: dict, ActorAlias: map[string]string{}, Harm: map[string]bool{}, PlaceNouns: map[string]bool{}}
	a, err := dataFS.ReadFile("data/actors.tsv")
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(a))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		switch {
		case len(f) == 3 && f[0] == "alias":
			res.ActorAlias[f[1]] = f[2]
		case len(f) == 2 && f[0] == "harm":
			res.Harm[f[1]] = true
		case len(f) >= 2 && f[0] == "placenoun":
			for _, w := range f[1:] {
				res.PlaceNouns[w] = true
			}
		default:
			return nil, fmt.Errorf("event: data/actors.tsv:%d: want \"alias CODE ACTOR\", \"harm ROOT\" or \"placenoun WORD...\"", n)
		}
	}
	return res, sc.Err()
}
