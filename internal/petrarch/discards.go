package petrarch

import (
	"fmt"
	"io"
	"strings"
)

// Discard is a phrase that makes a sentence (or, with Story set, a whole
// story) uncodable: sports results, anniversaries.
type Discard struct {
	Text  string
	Story bool
	File  string
	Line  int
}

// Discards is a discards dictionary.
type Discards struct {
	index *phraseIndex[*Discard]
	n     int
}

// Len is the number of entries.
func (d *Discards) Len() int { return d.n }

// Find returns the first discard whose phrase occurs in toks, or nil.
func (d *Discards) Find(toks []string) *Discard {
	if d == nil {
		return nil
	}
	for i := range toks {
		if x, n := d.index.longest(toks, i); n > 0 {
			return x
		}
	}
	return nil
}

// ReadDiscards reads a discards dictionary: one phrase a line, "+" for a
// story-level discard. Phrases match whole words, case aside.
func ReadDiscards(r io.Reader, file string) (*Discards, []Problem, error) {
	return readInto(newDiscards(), r, file)
}

// newDiscards is an empty dictionary.
func newDiscards() *Discards { return &Discards{index: newPhraseIndex[*Discard]()} }

// Read adds the entries of another discards file.
func (out *Discards) Read(r io.Reader, file string) ([]Problem, error) {
	ls, err := lines(r, true)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var probs []Problem
	for _, l := range ls {
		text := l.text
		d := &Discard{File: file, Line: l.n}
		if strings.HasPrefix(text, "+") {
			d.Story, text = true, text[1:]
		}
		text, _, _ = strings.Cut(text, "[")
		d.Text = strings.TrimSpace(text)
		ws, _ := words(d.Text)
		if len(ws) == 0 {
			probs = append(probs, Problem{file, l.n, "empty discard"})
			continue
		}
		out.index.add(phrase{ws, true}, d)
		out.n++
	}
	out.index.sort()
	return probs, nil
}

// Issue is a phrase that marks what a sentence is about
// ("n:genocide [ID_ATROCITY]").
type Issue struct {
	Code     string
	Category string
	File     string
	Line     int
}

// Issues is an issues dictionary.
type Issues struct {
	index   *phraseIndex[*Issue]
	ignores *phraseIndex[bool]
	n       int
}

// Len is the number of issue phrases.
func (x *Issues) Len() int { return x.n }

// Find returns the codes of the issues whose phrases occur in toks, in
// order of first occurrence, without repeats; a phrase inside an ignored
// one ("~a head start") does not count.
func (x *Issues) Find(toks []string) []string {
	if x == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(toks); i++ {
		if _, n := x.ignores.longest(toks, i); n > 0 {
			i += n - 1
			continue
		}
		if is, n := x.index.longest(toks, i); n > 0 {
			if !seen[is.Code] {
				seen[is.Code] = true
				out = append(out, is.Code)
			}
			i += n - 1
		}
	}
	return out
}

// ReadIssues reads an issues dictionary: <ISSUE CATEGORY=...> blocks of
// "phrase [CODE]" lines, where "n:" marks a noun (matched with its plural,
// as a word matches the words it begins), "+" joins words a hyphen or a
// space may separate, and a "~phrase" is one to ignore.
func ReadIssues(r io.Reader, file string) (*Issues, []Problem, error) {
	return readInto(newIssues(), r, file)
}

// newIssues is an empty dictionary.
func newIssues() *Issues {
	return &Issues{index: newPhraseIndex[*Issue](), ignores: newPhraseIndex[bool]()}
}

// Read adds the entries of another issues file.
func (out *Issues) Read(r io.Reader, file string) ([]Problem, error) {
	ls, err := lines(r, true)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var probs []Problem
	category := ""
	for _, l := range ls {
		t := l.text
		switch {
		case strings.HasPrefix(t, "</ISSUE"):
			category = ""
			continue
		case strings.HasPrefix(t, "<ISSUE"):
			category = ""
			if i := strings.Index(t, `CATEGORY="`); i >= 0 {
				rest := t[i+len(`CATEGORY="`):]
				category, _, _ = strings.Cut(rest, `"`)
			}
			continue
		case strings.HasPrefix(t, "~"):
			if p, ok := issuePhrase(t[1:]); ok {
				out.ignores.add(p, true)
			}
			continue
		}
		text, code, ok := bracket(t)
		if !ok {
			probs = append(probs, Problem{file, l.n, fmt.Sprintf("issue phrase %q has no [code]", t)})
			continue
		}
		p, ok := issuePhrase(text)
		if !ok {
			probs = append(probs, Problem{file, l.n, "empty issue phrase"})
			continue
		}
		out.index.add(p, &Issue{Code: code, Category: category, File: file, Line: l.n})
		out.n++
	}
	out.index.sort()
	out.ignores.sort()
	return probs, nil
}

// issuePhrase reads an issue phrase into words; the last word may match
// as a prefix only when it is marked a noun.
func issuePhrase(s string) (phrase, bool) {
	s = strings.ReplaceAll(s, "+", " ")
	noun := false
	var ws []string
	for _, w := range strings.Fields(s) {
		noun = strings.HasPrefix(w, "n:")
		w = strings.TrimPrefix(w, "n:")
		ws = append(ws, strings.ToUpper(w))
	}
	return phrase{words: ws, exact: !noun}, len(ws) > 0
}
