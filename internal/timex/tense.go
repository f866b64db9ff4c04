package timex

import (
	"strings"

	"github.com/dyad-events/dyad/internal/doc"
)

// tree is a document's dependency trees with children lists, built once
// per document for the tense questions.
type tree struct {
	d    *doc.Document
	kids [][]int
	low  []string
}

func newTree(d *doc.Document, low []string) *tree {
	t := &tree{d: d, kids: make([][]int, len(d.Tokens)), low: low}
	for i, tk := range d.Tokens {
		if h := tk.Head; h >= 0 && h < len(d.Tokens) && h != i {
			t.kids[h] = append(t.kids[h], i)
		}
	}
	return t
}

// head returns the token of [s, e) whose head lies outside it: the
// syntactic head of the expression, or -1.
func (t *tree) head(s, e int) int {
	for i := s; i < e; i++ {
		if h := t.d.Tokens[i].Head; h < s || h >= e {
			return i
		}
	}
	return -1
}

// verbal says token i heads a clause: a verb, or anything with an
// auxiliary or copula ("was in Tehran on Sunday").
func (t *tree) verbal(i int) bool {
	if t.d.Tokens[i].UPOS == "VERB" {
		return true
	}
	for _, k := range t.kids[i] {
		switch t.d.Tokens[k].Deprel {
		case "aux", "aux:pass", "cop":
			return true
		}
	}
	return false
}

// predicate is the clause head the expression at [s, e) attaches to, or
// -1. A time expression can hang from a noun ("the talks on Monday"), so
// it climbs a few steps to the first verbal head.
func (t *tree) predicate(s, e int) int {
	h := t.head(s, e)
	if h < 0 {
		return -1
	}
	p := t.d.Tokens[h].Head
	for steps := 0; p >= 0 && p < len(t.d.Tokens) && steps < 6; steps++ {
		if t.verbal(p) {
			return p
		}
		p = t.d.Tokens[p].Head
	}
	return -1
}

// tenseOf reads the tense of the clause headed by p from the verb's tag
// and its auxiliaries.
func (t *tree) tenseOf(p int) Tense {
	return t.tenseDepth(p, 0)
}

func (t *tree) tenseDepth(p, depth int) Tense {
	if p < 0 || depth > 3 {
		return TenseUnknown
	}
	tk := t.d.Tokens[p]
	var past, present, infinitive bool
	for _, k := range t.kids[p] {
		kt := t.d.Tokens[k]
		switch kt.Deprel {
		case "aux", "aux:pass", "cop":
		case "mark":
			if t.low[k] == "to" {
				infinitive = true
			}
			continue
		default:
			continue
		}
		switch w := strings.ReplaceAll(t.low[k], "’", "'"); w {
		case "will", "'ll", "wo", "shall", "would":
			// "would" is the future of reported speech ("said he would
			// visit on Monday") as well as the conditional; both point
			// forward from the speech.
			return TenseFuture
		case "to":
			infinitive = true
		case "is", "are", "am", "'s", "'re", "'m":
			present = true
		default:
			if kt.XPOS == "VBD" {
				past = true
			}
			if w == "has" || w == "have" || w == "had" {
				past = true
			}
		}
	}
	switch {
	case past:
		return TensePast
	case tk.XPOS == "VBD":
		return TensePast
	case tk.XPOS == "VBG" && present:
		// The present progressive with a time expression speaks of a
		// plan: "is visiting Ayder on Monday".
		return TenseFuture
	case infinitive || tk.XPOS == "VB":
		// "going to visit", "is to visit", "plans to visit": the
		// infinitive looks forward from its governor.
		g := tk.Head
		if g < 0 {
			return TenseUnknown
		}
		gl := t.d.Tokens[g].Lemma
		if gl == "go" && t.d.Tokens[g].XPOS == "VBG" || gl == "be" {
			return TenseFuture
		}
		switch gt := t.tenseDepth(g, depth+1); {
		case gt == TenseFuture:
			return TenseFuture
		case t.d.Tokens[g].XPOS == "VBZ" || t.d.Tokens[g].XPOS == "VBP":
			return TenseFuture
		}
	}
	return TenseUnknown
}

// reporter returns the reporting verb whose complement clause p is in
// ("said that he would visit"), or -1.
func (t *tree) reporter(p int, reporting map[string]bool) int {
	for steps := 0; p >= 0 && steps < 3; steps++ {
		tk := t.d.Tokens[p]
		h := tk.Head
		if h < 0 {
			return -1
		}
		switch tk.Deprel {
		case "ccomp", "parataxis", "xcomp":
			if reporting[t.d.Tokens[h].Lemma] {
				return h
			}
		case "conj", "advcl":
		default:
			return -1
		}
		p = h
	}
	return -1
}
