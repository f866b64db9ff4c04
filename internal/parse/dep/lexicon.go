package dep

import (
	"bufio"
	"bytes"
	"fmt"
	"github.com/dyad-events/dyad/internal/parse/perceptron"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/conllu"
)

// lexicon gives each frequent training word its ambiguity class: the set
// of UPOS tags it had in the (gold) training data at least 5% of the time,
// "NOUN|VERB" for "attack". Features on it let the parser weigh a
// predicted tag against what the word can be, which makes it less
// brittle under tagging errors. Words seen fewer than 3 times get a class
// from their shape.
type lexicon struct {
	classes map[string]string // normalised word -> class
	hashes  map[string]uint64
}

const (
	lexMinCount = 3
	lexMinShare = 0.05
)

func buildLexicon(sents []*conllu.Sentence) *lexicon {
	counts := uposCounts(sents)
	classes := map[string]string{}
	for word, tags := range counts {
		total := 0
		for _, c := range tags {
			total += c
		}
		if total < lexMinCount {
			continue
		}
		var set []string
		for tag, c := range tags {
			if float64(c) >= lexMinShare*float64(total) {
				set = append(set, tag)
			}
		}
		slices.Sort(set)
		classes[word] = strings.Join(set, "|")
	}
	return newLexicon(classes)
}

func newLexicon(classes map[string]string) *lexicon {
	l := &lexicon{classes: classes, hashes: make(map[string]uint64, len(classes))}
	for w, c := range classes {
		l.hashes[w] = perceptron.HashString("\x00amb:" + c)
	}
	return l
}

var (
	ambUpper = perceptron.HashString("\x00amb?X")
	ambLower = perceptron.HashString("\x00amb?x")
	ambDigit = perceptron.HashString("\x00amb?d")
	ambOther = perceptron.HashString("\x00amb?")
)

// class returns the hash of the ambiguity class of a word, given its
// normalised and raw forms.
func (l *lexicon) class(norm, raw string) uint64 {
	if l != nil {
		if h, ok := l.hashes[norm]; ok {
			return h
		}
	}
	r, _ := utf8.DecodeRuneInString(raw)
	switch {
	case unicode.IsUpper(r):
		return ambUpper
	case unicode.IsLower(r):
		return ambLower
	case unicode.IsDigit(r):
		return ambDigit
	}
	return ambOther
}

// write writes "word TAB class" lines in word order.
func (l *lexicon) write() []byte {
	words := make([]string, 0, len(l.classes))
	for w := range l.classes {
		words = append(words, w)
	}
	slices.Sort(words)
	var b bytes.Buffer
	for _, w := range words {
		if strings.ContainsAny(w, "\t\n") {
			continue
		}
		fmt.Fprintf(&b, "%s\t%s\n", w, l.classes[w])
	}
	return b.Bytes()
}

func readLexicon(r io.Reader) (*lexicon, error) {
	classes := map[string]string{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		w, c, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			return nil, fmt.Errorf("lexicon: bad line %q", sc.Text())
		}
		classes[w] = c
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return newLexicon(classes), nil
}

// uposCounts counts the UPOS tags of each normalised form in sents.
func uposCounts(sents []*conllu.Sentence) map[string]map[string]int {
	counts := map[string]map[string]int{}
	for _, s := range sents {
		for _, w := range s.Words {
			k := normWord(w.Form)
			if counts[k] == nil {
				counts[k] = map[string]int{}
			}
			counts[k][w.UPOS]++
		}
	}
	return counts
}
