// Command gen builds the segmenter's learned data files from treebank
// training sets:
//
//	go run ./internal/text/gen \
//	    -ewt ../shared/data/ud/UD_English-EWT/en_ewt-ud-train.conllu \
//	    -gum ../shared/data/ud/UD_English-GUM/en_gum-ud-train.conllu \
//	    -out internal/text/data
//
// It writes contractions.txt (surface tokens the treebanks split into
// words without an apostrophe to mark it: gonna, cannot, dont),
// hyphen_prefixes.txt (prefixes whose compounds stay one token: e-mail,
// non-profit), units.txt (unit words split from a number: 35 mm, 6 am),
// abbreviations_learned.txt (abbreviations that keep their full stop) and
// boundary.model (the sentence boundary perceptron, trained with the new
// lists). GUM documents of the non-commercial genres (essay, fiction,
// letter, podcast, whow) are always left out. The same inputs give the
// same bytes. With -dev FILE (repeatable) it logs the sentence F1 on each
// file after every training pass; only train files feed the data.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/dyad-events/dyad/internal/conllu"
	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/text"
)

// nonCommercialGUM are GUM's genres whose licence forbids commercial use.
var nonCommercialGUM = []string{"essay", "fiction", "letter", "podcast", "whow"}

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	ewt := flag.String("ewt", "", "UD_English-EWT train file")
	gum := flag.String("gum", "", "UD_English-GUM train file (non-commercial genres are left out)")
	out := flag.String("out", "", "directory to write the data files to; empty to write nothing")
	iters := flag.Int("iterations", 0, "training passes (0: the default)")
	prune := flag.Float64("prune", 0, "drop weights smaller than this (0: the default)")
	var dev list
	flag.Var(&dev, "dev", "CoNLL-U file to report sentence F1 on after each pass (repeatable)")
	flag.Parse()
	if err := run(*ewt, *gum, *out, *iters, float32(*prune), dev); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(ewt, gum, out string, iters int, prune float32, dev []string) error {
	if ewt == "" && gum == "" {
		return fmt.Errorf("give -ewt and/or -gum")
	}
	var docs [][]*conllu.Sentence
	for _, path := range []string{ewt, gum} {
		if path == "" {
			continue
		}
		sents, err := readCommercial(path)
		if err != nil {
			return err
		}
		docs = append(docs, splitDocs(sents)...)
	}
	files := map[string][]byte{
		"contractions.txt":          contractions(docs),
		"hyphen_prefixes.txt":       hyphenPrefixes(docs),
		"units.txt":                 units(docs),
		"abbreviations_learned.txt": abbreviations(docs),
	}
	var texts []text.TrainingText
	for _, d := range docs {
		texts = append(texts, trainingText(d))
	}
	devTexts := map[string][]text.TrainingText{}
	for _, path := range dev {
		sents, err := conllu.ReadFile(path)
		if err != nil {
			return err
		}
		name := strings.TrimSuffix(filepath.Base(path), ".conllu")
		for _, d := range splitDocs(sents) {
			devTexts[name] = append(devTexts[name], trainingText(d))
		}
	}
	model, err := text.TrainBoundaries(texts, text.TrainOptions{
		Iterations: iters,
		Prune:      prune,
		Lists:      files,
		Dev:        devTexts,
		Log:        func(s string) { fmt.Fprintln(os.Stderr, s) },
	})
	if err != nil {
		return err
	}
	files["boundary.model"] = model
	if out == "" {
		return nil
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// readCommercial reads a treebank without GUM's non-commercial genres.
func readCommercial(path string) ([]*conllu.Sentence, error) {
	sents, err := conllu.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return conllu.KeepDocs(sents, func(id string) bool {
		for _, g := range nonCommercialGUM {
			if strings.HasPrefix(id, "GUM_"+g+"_") {
				return false
			}
		}
		return true
	}), nil
}

// splitDocs splits a treebank at its "newdoc" comments.
func splitDocs(sents []*conllu.Sentence) [][]*conllu.Sentence {
	var out [][]*conllu.Sentence
	ids := conllu.DocIDs(sents)
	for i, s := range sents {
		if i == 0 || ids[i] != ids[i-1] {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], s)
	}
	return out
}

// trainingText rebuilds a document's raw text as the CoNLL 2018 shared
// task does, with its gold sentence spans.
func trainingText(d []*conllu.Sentence) text.TrainingText {
	body, starts := conllu.RawText(d)
	tx := text.TrainingText{Body: body}
	for i, s := range d {
		tx.Sentences = append(tx.Sentences, doc.Span{Start: starts[i], End: starts[i] + len(s.Text())})
	}
	return tx
}

// surface is a gold surface token with the words it splits into.
type surface struct {
	form       string
	words      []string
	spaceAfter bool
	last       bool // the sentence's last token
}

func surfaces(d []*conllu.Sentence, fn func(toks []surface)) {
	for _, s := range d {
		var toks []surface
		for i, tk := range s.Tokens() {
			sf := surface{form: tk.Form, spaceAfter: tk.SpaceAfter}
			for k := tk.First; k <= tk.Last; k++ {
				sf.words = append(sf.words, s.Words[k-1].Form)
			}
			_ = i
			toks = append(toks, sf)
		}
		if len(toks) > 0 {
			toks[len(toks)-1].last = true
		}
		fn(toks)
	}
}

func eachDoc(docs [][]*conllu.Sentence, fn func(toks []surface)) {
	for _, d := range docs {
		surfaces(d, fn)
	}
}

type counts struct{ yes, no int }

func header(what string) string {
	return "# " + what + "\n# Generated by go run ./internal/text/gen from the UD English EWT and GUM train\n# splits (GUM without its non-commercial genres); do not edit.\n"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// standardClitic matches the contractions the tokenizer splits by rule:
// n't, 's, 'm, 'd, 're, 've, 'll and a final apostrophe after s.
var standardClitic = regexp.MustCompile(`^(.*\p{L})(n['’` + "`" + `]t|['’` + "`" + `](s|m|d|re|ve|ll))$|^(.*s)(['’` + "`" + `])$`)

func standardSplit(form string) []string {
	m := standardClitic.FindStringSubmatch(form)
	switch {
	case m == nil:
		return nil
	case m[1] != "":
		return []string{m[1], m[2]}
	case m[4] != "":
		return []string{m[4], m[5]}
	}
	return nil
}

// contractions lists surface tokens that the treebanks split into words
// in most of their occurrences and that the clitic rules would not split
// the same way.
func contractions(docs [][]*conllu.Sentence) []byte {
	split := map[string]map[string]int{} // lower-case form -> words -> count
	total := map[string]int{}
	eachDoc(docs, func(toks []surface) {
		for _, t := range toks {
			f := strings.ToLower(t.form)
			total[f]++
			if len(t.words) > 1 {
				w := strings.ToLower(strings.Join(t.words, " "))
				if split[f] == nil {
					split[f] = map[string]int{}
				}
				split[f][w]++
			}
		}
	})
	var b strings.Builder
	b.WriteString(header("Contractions: a lower-case surface token, then the words it is split into."))
	for _, f := range sortedKeys(split) {
		var best string
		n := 0
		for _, w := range sortedKeys(split[f]) {
			if split[f][w] > n {
				best, n = w, split[f][w]
			}
		}
		words := strings.Fields(best)
		if n < 2 || 2*n < total[f] || strings.Join(words, "") != f || strings.ContainsAny(f, " \t") {
			continue
		}
		if std := standardSplit(f); slices.Equal(std, words) {
			continue
		}
		fmt.Fprintf(&b, "%s\t%s\n", f, best)
	}
	return []byte(b.String())
}

// tally counts, per key, the occurrences for and against a choice.
type tally map[string]*counts

func (t tally) get(k string) *counts {
	if t[k] == nil {
		t[k] = &counts{}
	}
	return t[k]
}

var lettersOnly = regexp.MustCompile(`^\p{L}+$`)
var hyphenWord = regexp.MustCompile(`^(\p{L}+)-[\p{L}\p{N}]`)

// hyphenPrefixes lists the first parts of hyphenated words that the
// treebanks keep whole most of the time.
func hyphenPrefixes(docs [][]*conllu.Sentence) []byte {
	c := tally{}
	eachDoc(docs, func(toks []surface) {
		for i, t := range toks {
			if m := hyphenWord.FindStringSubmatch(t.form); m != nil {
				c.get(strings.ToLower(m[1])).yes++
			}
			if i+2 < len(toks) && toks[i+1].form == "-" && !t.spaceAfter && !toks[i+1].spaceAfter && lettersOnly.MatchString(t.form) {
				c.get(strings.ToLower(t.form)).no++
			}
		}
	})
	var b strings.Builder
	b.WriteString(header("Hyphen prefixes: a hyphenated word starting with one of these stays one token."))
	for _, k := range sortedKeys(c) {
		if n := c[k]; n.yes >= 2 && 10*n.yes >= 7*(n.yes+n.no) {
			fmt.Fprintln(&b, k)
		}
	}
	return []byte(b.String())
}

var number = regexp.MustCompile(`^[0-9][0-9.,]*$`)
var numberUnit = regexp.MustCompile(`^[0-9][0-9.,]*([A-Za-z]+)$`)

// units lists the letters that the treebanks split from a number written
// against them, in most of their occurrences.
func units(docs [][]*conllu.Sentence) []byte {
	c := tally{}
	eachDoc(docs, func(toks []surface) {
		for i, t := range toks {
			if m := numberUnit.FindStringSubmatch(t.form); m != nil {
				c.get(strings.ToLower(m[1])).no++
			}
			if i+1 < len(toks) && !t.spaceAfter && number.MatchString(t.form) && lettersOnly.MatchString(toks[i+1].form) && len(toks[i+1].words) == 1 {
				c.get(strings.ToLower(toks[i+1].form)).yes++
			}
		}
	})
	var b strings.Builder
	b.WriteString(header("Units: letters written against a number that are a token of their own (35mm, 6am)."))
	for _, k := range sortedKeys(c) {
		if n := c[k]; n.yes >= 1 && n.yes > n.no {
			fmt.Fprintln(&b, k)
		}
	}
	return []byte(b.String())
}

var dottedInitials = regexp.MustCompile(`^(\p{L}\.)+$`)

// abbreviations lists tokens ending with a full stop that the treebanks
// keep whole inside sentences, at least twice and twice as often as they
// split the stop off.
func abbreviations(docs [][]*conllu.Sentence) []byte {
	c := tally{}
	eachDoc(docs, func(toks []surface) {
		for i, t := range toks {
			if t.last || len(t.words) > 1 {
				continue
			}
			f := t.form
			if len(f) >= 2 && strings.HasSuffix(f, ".") && strings.IndexFunc(f, isLetter) >= 0 && !dottedInitials.MatchString(f) && !strings.HasSuffix(f, "..") {
				c.get(f).yes++
			}
			if i+1 < len(toks) && !toks[i+1].last && toks[i+1].form == "." && !t.spaceAfter && lettersOnly.MatchString(f) {
				c.get(f+".").no++
			}
		}
	})
	type entry struct {
		form string
		n    counts
	}
	var es []entry
	for _, k := range sortedKeys(c) {
		if n := c[k]; n.yes >= 2 && n.yes >= 2*n.no {
			es = append(es, entry{k, *n})
		}
	}
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.form, b.form) })
	var b strings.Builder
	b.WriteString(header("Abbreviations the treebanks keep with their full stop inside a sentence\n# (see abbreviations.txt for the format; that list wins where both have a form)."))
	for _, e := range es {
		fmt.Fprintln(&b, e.form)
	}
	return []byte(b.String())
}

func isLetter(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r > 0x7f }
