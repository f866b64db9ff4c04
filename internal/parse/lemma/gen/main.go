// Command gen builds the lemmatiser's data files from treebank training
// sets and WordNet 3.0's exception lists:
//
//	go run ./internal/parse/lemma/gen \
//	    -ewt ../shared/data/ud/UD_English-EWT/en_ewt-ud-train.conllu \
//	    -gum ../shared/data/ud/UD_English-GUM/en_gum-ud-train.conllu \
//	    -wordnet /usr/share/wordnet -out internal/parse/lemma/data
//
// -ewt and -gum take a train file or a treebank directory (its
// *-ud-train.conllu is used). GUM documents of the non-commercial genres
// (essay, fiction, letter, podcast, whow) are always left out. The same
// inputs give the same bytes. With -dev FILE (repeatable) it also prints
// the lemma accuracy with gold tags on each file.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dyad-events/dyad/internal/conllu"
	"github.com/dyad-events/dyad/internal/parse/lemma"
)

// nonCommercialGUM are GUM's genres whose licence forbids commercial use.
var nonCommercialGUM = []string{"essay", "fiction", "letter", "podcast", "whow"}

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	ewt := flag.String("ewt", "", "UD_English-EWT train file or directory")
	gum := flag.String("gum", "", "UD_English-GUM train file or directory (non-commercial genres are left out)")
	wordnet := flag.String("wordnet", "/usr/share/wordnet", "WordNet 3.0 dictionary directory with *.exc; empty for none")
	out := flag.String("out", "", "directory to write the data files to; empty to write nothing")
	var dev list
	flag.Var(&dev, "dev", "CoNLL-U file to report lemma accuracy on (repeatable)")
	errs := flag.Int("errors", 0, "with -dev, also list the N most frequent errors")
	flag.Parse()
	if err := run(*ewt, *gum, *wordnet, *out, dev, *errs); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(ewt, gum, wordnet, out string, dev []string, nErrors int) error {
	if ewt == "" && gum == "" {
		return fmt.Errorf("give -ewt and/or -gum")
	}
	var train []*conllu.Sentence
	var sources []string
	for _, tb := range []struct{ flag, path string }{{"ewt", ewt}, {"gum", gum}} {
		if tb.path == "" {
			continue
		}
		file, err := trainFile(tb.path)
		if err != nil {
			return err
		}
		sents, err := conllu.ReadFile(file)
		if err != nil {
			return err
		}
		name := filepath.Base(file)
		if tb.flag == "gum" {
			sents = conllu.KeepDocs(sents, commercial)
			name += " (commercial-use genres only)"
		}
		train = append(train, sents...)
		sources = append(sources, name)
		fmt.Fprintf(os.Stderr, "%s: %d sentences\n", name, len(sents))
	}
	var wn *lemma.WordNet
	if wordnet != "" {
		var err error
		if wn, err = lemma.ReadWordNet(wordnet); err != nil {
			return err
		}
	}
	m := lemma.Train(train, wn, sources...)
	lex, exc, suf, proper := m.Sizes()
	fmt.Fprintf(os.Stderr, "lexicon %d entries, exceptions %d, suffix rules %d, proper adjectives %d\n", lex, exc, suf, proper)
	if out != "" {
		if err := m.WriteTo(out); err != nil {
			return err
		}
	}
	l := m.Lemmatizer()
	for _, f := range dev {
		sents, err := conllu.ReadFile(f)
		if err != nil {
			return err
		}
		c, n := lemma.Score(l, sents)
		fmt.Printf("%s: lemma accuracy %.2f%% (%d/%d)\n", filepath.Base(f), 100*float64(c)/float64(n), c, n)
		if nErrors > 0 {
			listErrors(l, sents, nErrors)
		}
	}
	return nil
}

// listErrors prints the n most frequent errors: form, tag, gold lemma,
// lemma given.
func listErrors(l *lemma.Lemmatizer, sents []*conllu.Sentence, n int) {
	type miss struct{ form, xpos, gold, got string }
	count := map[miss]int{}
	for _, s := range sents {
		for _, w := range s.Words {
			if got := l.Lemma(w.Form, w.UPOS, w.XPOS); w.Lemma != "_" && got != w.Lemma {
				count[miss{w.Form, w.XPOS, w.Lemma, got}]++
			}
		}
	}
	misses := make([]miss, 0, len(count))
	for m := range count {
		misses = append(misses, m)
	}
	slices.SortFunc(misses, func(a, b miss) int {
		return cmp.Or(count[b]-count[a], strings.Compare(a.xpos, b.xpos), strings.Compare(a.form, b.form))
	})
	for _, m := range misses[:min(n, len(misses))] {
		fmt.Printf("  %3d  %-20s %-5s gold %-20s got %s\n", count[m], m.form, m.xpos, m.gold, m.got)
	}
}

// trainFile returns path, or the *-ud-train.conllu inside a directory.
func trainFile(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if !st.IsDir() {
		return path, nil
	}
	m, err := filepath.Glob(filepath.Join(path, "*-ud-train.conllu"))
	if err != nil || len(m) != 1 {
		return "", fmt.Errorf("%s: want one *-ud-train.conllu, found %d", path, len(m))
	}
	return m[0], nil
}

func commercial(docID string) bool {
	for _, g := range nonCommercialGUM {
		if strings.HasPrefix(docID, "GUM_"+g+"_") {
			return false
		}
	}
	return true
}
