package petrarch

import (
	"fmt"
	"io"
	"strings"
)

// Agent is a generic role ("PRESIDENT [~GOV]", "OBSERVERS_IN [IGO~]"): a
// code that goes after the code of the actor it belongs to (Suffix) or
// before it.
type Agent struct {
	Name   string
	Code   string
	Suffix bool
	File   string
	Line   int
}

// Agents is an agents dictionary.
type Agents struct {
	index *phraseIndex[*Agent]
	n     int
}

// Len is the number of entries.
func (a *Agents) Len() int { return a.n }

// Find returns the agent whose phrase is the longest to match at toks[i]
// and how many tokens it covers.
func (a *Agents) Find(toks []string, i int) (*Agent, int) { return a.index.longest(toks, i) }

// ReadAgents reads an agents dictionary: "PHRASE {PLURALS} [~CODE]" lines,
// where {} lists irregular plurals (a regular one is matched anyway: a
// word matches the words it begins), and substitution markers defined as
// "!PERSON! = MAN, MEN, WOMAN" expand inside later phrases
// ("CONGRESS!PERSON!" is CONGRESSMAN, CONGRESSMEN, ...).
func ReadAgents(r io.Reader, file string) (*Agents, []Problem, error) {
	return readInto(newAgents(), r, file)
}

// newAgents is an empty dictionary.
func newAgents() *Agents { return &Agents{index: newPhraseIndex[*Agent]()} }

// Read adds the entries of another agents file; an entry of an earlier
// file wins where both name the same phrase.
func (out *Agents) Read(r io.Reader, file string) ([]Problem, error) {
	ls, err := lines(r, true)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var probs []Problem
	markers := map[string][]string{}
	for _, l := range ls {
		if strings.HasPrefix(l.text, "!") {
			if name, list, ok := strings.Cut(l.text, "="); ok {
				var vals []string
				for _, v := range strings.Split(list, ",") {
					if v = strings.ToUpper(strings.TrimSpace(v)); v != "" {
						vals = append(vals, v)
					}
				}
				markers[strings.TrimSpace(name)] = vals
				continue
			}
		}
		text, code, ok := bracket(l.text)
		if !ok {
			probs = append(probs, Problem{file, l.n, fmt.Sprintf("agent %q has no [code]", l.text)})
			continue
		}
		ag := &Agent{Code: strings.ToUpper(code), File: file, Line: l.n}
		switch {
		case strings.HasPrefix(ag.Code, "~"):
			ag.Code, ag.Suffix = ag.Code[1:], true
		case strings.HasSuffix(ag.Code, "~"):
			ag.Code = ag.Code[:len(ag.Code)-1]
		default:
			probs = append(probs, Problem{file, l.n, fmt.Sprintf("agent code %q must start or end with ~", code)})
			continue
		}
		var forms []string
		if i := strings.IndexByte(text, '{'); i >= 0 {
			j := strings.IndexByte(text, '}')
			if j < i {
				probs = append(probs, Problem{file, l.n, "unclosed {"})
				continue
			}
			forms = strings.Fields(text[i+1 : j])
			text = strings.TrimSpace(text[:i])
		}
		ag.Name = text
		forms = append([]string{text}, forms...)
		added := 0
		for _, f := range forms {
			for _, e := range expandMarkers(f, markers) {
				if ws, exact := words(e); len(ws) > 0 {
					out.index.add(phrase{ws, exact}, ag)
					added++
				}
			}
		}
		if added == 0 {
			probs = append(probs, Problem{file, l.n, fmt.Sprintf("no phrase in %q", l.text)})
			continue
		}
		out.n++
	}
	out.index.sort()
	return probs, nil
}

// expandMarkers replaces the first !MARKER! in s by each of its values,
// recursively.
func expandMarkers(s string, markers map[string][]string) []string {
	i := strings.IndexByte(s, '!')
	if i < 0 {
		return []string{s}
	}
	j := strings.IndexByte(s[i+1:], '!')
	if j < 0 {
		return []string{s}
	}
	name := s[i : i+j+2]
	vals, ok := markers[name]
	if !ok {
		return []string{s}
	}
	var out []string
	for _, v := range vals {
		out = append(out, expandMarkers(s[:i]+v+s[i+j+2:], markers)...)
	}
	return out
}
