package tagger

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/dyad-events/dyad/internal/parse/perceptron"
)

// lexicon is what the tagger knows about words and tags besides the
// perceptron's weights: the tag set, a tag dictionary for frequent
// unambiguous words, each known word's ambiguity class (the set of tags
// it was seen with), and the tables that give UPOS and Feats.
type lexicon struct {
	// classes are the perceptron's classes: an XPOS and a UPOS.
	classes []class
	// dict maps the hash of a frequent unambiguous word form to its class.
	dict map[uint64]int32
	// amb maps the hash of a normalised lower-case form to the hash of
	// its ambiguity class, and mode to its most frequent class.
	amb  map[uint64]uint64
	mode map[uint64]uint64
	// wordnet gives the parts of speech WordNet knows for a word.
	wordnet wordnet
	// feats gives a word's Feats for a class where they differ from the
	// class's defaults; keyed by wordClassKey.
	feats map[uint64]string

	// Kept for writing the lexicon back out.
	dictWords  map[string]int32
	ambWords   map[string][]int32
	featsWords map[wordClass]string
}

// class is one perceptron class and its default outputs.
type class struct {
	XPOS, UPOS string
	// Feats for words with a digit and for other words.
	FeatsDigit, Feats string
}

func (lx *lexicon) className(c int32) string {
	return lx.classes[c].XPOS + "\t" + lx.classes[c].UPOS
}

type wordClass struct {
	word  string
	class int32
}

func wordClassKey(low uint64, c int32) uint64 {
	return perceptron.Fmix(low ^ uint64(c+1)*0x9e3779b97f4a7c15)
}

// ambHash is the hash of an ambiguity class, from class names so that it
// does not depend on class numbering.
func (lx *lexicon) ambHash(cs []int32) uint64 {
	h := perceptron.HashString("\x00amb")
	cs = slices.Clone(cs)
	slices.Sort(cs)
	for _, c := range cs {
		h = perceptron.Fold(h, perceptron.HashString(lx.className(c)))
	}
	return perceptron.Fmix(h)
}

var unknownAmb = perceptron.HashString("\x00amb-unknown")

// index builds the hash maps from the word tables.
func (lx *lexicon) index() {
	lx.dict = make(map[uint64]int32, len(lx.dictWords))
	for w, c := range lx.dictWords {
		lx.dict[perceptron.HashString(w)] = c
	}
	lx.amb = make(map[uint64]uint64, len(lx.ambWords))
	lx.mode = make(map[uint64]uint64, len(lx.ambWords))
	for w, cs := range lx.ambWords {
		lx.amb[perceptron.HashString(w)] = lx.ambHash(cs)
		lx.mode[perceptron.HashString(w)] = uint64(cs[0]) + 0x1000
	}
	lx.feats = make(map[uint64]string, len(lx.featsWords))
	for wc, f := range lx.featsWords {
		lx.feats[wordClassKey(perceptron.HashString(wc.word), wc.class)] = f
	}
}

// The lexicon file is gzipped UTF-8 text, one record a line, fields
// separated by tabs, in a fixed order so that it is deterministic:
//
//	dyad tagger lexicon
//	features <featureVersion>
//	class <XPOS> <UPOS> <Feats> <Feats with digits>   (in class order)
//	dict <form> <class>
//	amb <lower-case form> <class>,<class>,...   (most frequent first)
//	feats <lower-case form> <class> <Feats>
//
// Empty Feats are written as "_".
func (lx *lexicon) write(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "dyad tagger lexicon\nfeatures %s\n", featureVersion)
	for _, c := range lx.classes {
		fmt.Fprintf(&b, "class\t%s\t%s\t%s\t%s\n", c.XPOS, c.UPOS, underscore(c.Feats), underscore(c.FeatsDigit))
	}
	for _, w := range sortedKeys(lx.dictWords) {
		fmt.Fprintf(&b, "dict\t%s\t%d\n", w, lx.dictWords[w])
	}
	for _, w := range sortedKeys(lx.ambWords) {
		b.WriteString("amb\t")
		b.WriteString(w)
		for i, c := range lx.ambWords[w] {
			if i == 0 {
				b.WriteByte('\t')
			} else {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(int(c)))
		}
		b.WriteByte('\n')
	}
	for _, wc := range sortedWordClasses(lx.featsWords) {
		fmt.Fprintf(&b, "feats\t%s\t%d\t%s\n", wc.word, wc.class, underscore(lx.featsWords[wc]))
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(b.Bytes()); err != nil {
		return err
	}
	return zw.Close()
}

func underscore(s string) string {
	if s == "" {
		return "_"
	}
	return s
}

func unUnderscore(s string) string {
	if s == "_" {
		return ""
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func sortedWordClasses(m map[wordClass]string) []wordClass {
	keys := make([]wordClass, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b wordClass) int {
		if c := strings.Compare(a.word, b.word); c != 0 {
			return c
		}
		return cmp.Compare(a.class, b.class)
	})
	return keys
}

// readLexicon reads a lexicon written by write.
func readLexicon(r io.Reader) (*lexicon, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("lexicon: %w", err)
	}
	lx, err := newLexicon()
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	line := 0
	bad := func(msg string) error { return fmt.Errorf("lexicon line %d: %s", line, msg) }
	classNum := func(s string) (int32, error) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n >= len(lx.classes) {
			return 0, bad(fmt.Sprintf("bad class %q", s))
		}
		return int32(n), nil
	}
	for sc.Scan() {
		line++
		t := sc.Text()
		switch line {
		case 1:
			if t != "dyad tagger lexicon" {
				return nil, bad("not a dyad tagger lexicon")
			}
			continue
		case 2:
			if t != "features "+featureVersion {
				return nil, bad(fmt.Sprintf("trained with another feature set (%q, want %q)", t, "features "+featureVersion))
			}
			continue
		}
		f := strings.Split(t, "\t")
		switch {
		case f[0] == "class" && len(f) == 5:
			lx.classes = append(lx.classes, class{XPOS: f[1], UPOS: f[2], Feats: unUnderscore(f[3]), FeatsDigit: unUnderscore(f[4])})
		case f[0] == "dict" && len(f) == 3:
			c, err := classNum(f[2])
			if err != nil {
				return nil, err
			}
			lx.dictWords[f[1]] = c
		case f[0] == "amb" && len(f) == 3:
			var cs []int32
			for _, s := range strings.Split(f[2], ",") {
				c, err := classNum(s)
				if err != nil {
					return nil, err
				}
				cs = append(cs, c)
			}
			lx.ambWords[f[1]] = cs
		case f[0] == "feats" && len(f) == 4:
			c, err := classNum(f[2])
			if err != nil {
				return nil, err
			}
			lx.featsWords[wordClass{f[1], c}] = unUnderscore(f[3])
		default:
			return nil, bad(fmt.Sprintf("cannot read %q", t))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lexicon: %w", err)
	}
	if len(lx.classes) == 0 {
		return nil, fmt.Errorf("lexicon: no classes")
	}
	lx.index()
	return lx, nil
}

// newLexicon returns an empty lexicon with the embedded WordNet classes.
func newLexicon() (*lexicon, error) {
	wn, err := loadWordnet()
	if err != nil {
		return nil, err
	}
	return &lexicon{
		wordnet:    wn,
		dictWords:  map[string]int32{},
		ambWords:   map[string][]int32{},
		featsWords: map[wordClass]string{},
	}, nil
}
