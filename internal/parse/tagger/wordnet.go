package tagger

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:generate go run ./gen -wordnet /usr/share/wordnet -out data/wordnet.tsv.gz

// wordnetData lists the parts of speech WordNet 3.0 gives each word; see
// gen/main.go for its format and data/WORDNET-LICENSE for its licence.
//
//go:embed data/wordnet.tsv.gz
var wordnetData []byte

// WordNet classes of a word, bits of wordInfo.wn: the parts of speech of
// the word as a lemma (wnNoun...) or as an irregular form (wnNounX...),
// and those of the lemmas it is a regular inflection of (wnPlural...).
const (
	wnNoun = 1 << iota
	wnVerb
	wnAdj
	wnAdv
	wnNounX
	wnVerbX
	wnAdjX
	wnAdvX
	wnPlural  // -s of a noun
	wnVerbS   // -s of a verb
	wnVerbEd  // -ed of a verb
	wnVerbIng // -ing of a verb
	wnAdjEr   // -er or -est of an adjective
)

// wnKnown stands for the WordNet class of a word the lexicon knows: the
// WordNet features are only for unknown words.
const wnKnown = 1 << 20

// wordnet maps lower-case words to their WordNet parts of speech (the
// first eight bits of the classes above).
type wordnet map[string]uint8

// loadWordnet reads wordnetData once; the table is never changed.
var loadWordnet = sync.OnceValues(func() (wordnet, error) { return readWordnet(wordnetData) })

func readWordnet(data []byte) (wordnet, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("wordnet: %w", err)
	}
	wn := make(wordnet, 90000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		w, ps, ok := strings.Cut(sc.Text(), "\t")
		if !ok || w == "" || ps == "" {
			return nil, fmt.Errorf("wordnet: bad line %q", sc.Text())
		}
		var c uint8
		for _, p := range []byte(ps) {
			i := strings.IndexByte("nvarNVAR", p)
			if i < 0 {
				return nil, fmt.Errorf("wordnet: bad part of speech in %q", sc.Text())
			}
			c |= 1 << i
		}
		wn[w] = c
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("wordnet: %w", err)
	}
	return wn, nil
}

// has reports whether stem+add is a WordNet word with a part of speech
// in mask.
func (wn wordnet) has(stem []byte, add string, mask uint8) bool {
	if len(stem) < 2 {
		return false
	}
	var tmp [40]byte
	if len(stem)+len(add) > len(tmp) {
		return false
	}
	b := append(append(tmp[:0], stem...), add...)
	return wn[string(b)]&mask != 0
}

// class is the WordNet class of the lower-case word w: the parts of
// speech WordNet gives it, and those of the lemmas it is a regular
// inflection of (as in WordNet's morphy, and with doubled consonants:
// "running", "bigger").
func (wn wordnet) class(w []byte) uint64 {
	c := uint64(wn[string(w)])
	n := len(w)
	if n < 4 {
		return c
	}
	doubled := func(k int) bool { return n-k >= 3 && w[n-k-1] == w[n-k-2] }
	if w[n-1] == 's' && w[n-2] != 's' {
		for _, p := range []struct {
			mask uint8
			bit  uint64
		}{{wnNoun, wnPlural}, {wnVerb, wnVerbS}} {
			if wn.has(w[:n-1], "", p.mask) ||
				bytes.HasSuffix(w, []byte("es")) && wn.has(w[:n-2], "", p.mask) ||
				bytes.HasSuffix(w, []byte("ies")) && wn.has(w[:n-3], "y", p.mask) {
				c |= p.bit
			}
		}
	}
	if bytes.HasSuffix(w, []byte("men")) && wn.has(w[:n-3], "man", wnNoun) {
		c |= wnPlural
	}
	if bytes.HasSuffix(w, []byte("ed")) &&
		(wn.has(w[:n-2], "", wnVerb) || wn.has(w[:n-1], "", wnVerb) ||
			bytes.HasSuffix(w, []byte("ied")) && wn.has(w[:n-3], "y", wnVerb) ||
			doubled(2) && wn.has(w[:n-3], "", wnVerb)) {
		c |= wnVerbEd
	}
	if bytes.HasSuffix(w, []byte("ing")) &&
		(wn.has(w[:n-3], "", wnVerb) || wn.has(w[:n-3], "e", wnVerb) ||
			doubled(3) && wn.has(w[:n-4], "", wnVerb)) {
		c |= wnVerbIng
	}
	for _, suf := range []string{"er", "est"} {
		k := len(suf)
		if bytes.HasSuffix(w, []byte(suf)) &&
			(wn.has(w[:n-k], "", wnAdj) || wn.has(w[:n-k], "e", wnAdj) ||
				w[n-k-1] == 'i' && wn.has(w[:n-k-1], "y", wnAdj) ||
				doubled(k) && wn.has(w[:n-k-1], "", wnAdj)) {
			c |= wnAdjEr
		}
	}
	return c
}
