package text

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// The word lists and the boundary model are data, not code: the curated
// lists are edited by hand, the learned ones are written by
// "go run ./internal/text/gen" from the treebanks' train files.
var (
	//go:embed data/abbreviations.txt
	abbreviationsTxt []byte
	//go:embed data/abbreviations_learned.txt
	abbreviationsLearnedTxt []byte
	//go:embed data/emoticons.txt
	emoticonsTxt []byte
	//go:embed data/contractions.txt
	contractionsTxt []byte
	//go:embed data/hyphen_prefixes.txt
	hyphenPrefixesTxt []byte
	//go:embed data/units.txt
	unitsTxt []byte
	//go:embed data/boundary.model
	boundaryModel []byte
)

// abbrevKind says how an abbreviation behaves at a possible sentence end.
type abbrevKind uint8

const (
	abbrevPlain  abbrevKind = iota + 1 // may end a sentence ("Inc.")
	abbrevTitle                        // precedes a name ("Dr.")
	abbrevNumber                       // an abbreviation only before a number ("No. 5")
)

// tables are the read-only data the segmenter consults. They are loaded
// once per process and shared by every Segmenter.
type tables struct {
	abbrev     map[string]abbrevKind // exact forms, final '.' included
	abbrevFold map[string]abbrevKind // lower-case forms matching in any case
	emoticons  map[string]bool
	// contractions maps a lower-case surface token to the byte lengths of
	// its words ("gonna" -> 3, 2).
	contractions map[string][]uint8
	// contractionLens has bit n set for first byte c (lower case) when a
	// contraction of n bytes starts with c: a cheap filter before the
	// map lookup that every word would otherwise pay.
	contractionLens [256]uint32
	hyphenPrefix    map[string]bool // lower case, without the hyphen
	units           map[string]bool // lower case
	model           *boundaryWeights
	margin          float32 // added to the boundary score; tuning only
}

// Data file names, as under data/ and as keys of the lists a training run
// passes in.
const (
	fileAbbreviations        = "abbreviations.txt"
	fileAbbreviationsLearned = "abbreviations_learned.txt"
	fileEmoticons            = "emoticons.txt"
	fileContractions         = "contractions.txt"
	fileHyphenPrefixes       = "hyphen_prefixes.txt"
	fileUnits                = "units.txt"
	fileBoundaryModel        = "boundary.model"
)

func embeddedFiles() map[string][]byte {
	return map[string][]byte{
		fileAbbreviations:        abbreviationsTxt,
		fileAbbreviationsLearned: abbreviationsLearnedTxt,
		fileEmoticons:            emoticonsTxt,
		fileContractions:         contractionsTxt,
		fileHyphenPrefixes:       hyphenPrefixesTxt,
		fileUnits:                unitsTxt,
		fileBoundaryModel:        boundaryModel,
	}
}

// loadTables parses the embedded data once. An error here means the
// embedded files are broken, which the package tests catch.
var loadTables = sync.OnceValues(func() (*tables, error) { return parseTables(embeddedFiles()) })

// parseTables builds tables from data files by name.
func parseTables(files map[string][]byte) (*tables, error) {
	t := &tables{
		abbrev:       map[string]abbrevKind{},
		abbrevFold:   map[string]abbrevKind{},
		emoticons:    map[string]bool{},
		contractions: map[string][]uint8{},
		hyphenPrefix: map[string]bool{},
		units:        map[string]bool{},
	}
	for _, name := range []string{fileAbbreviations, fileAbbreviationsLearned} {
		err := eachLine(name, files[name], func(fields []string) error {
			form := fields[0]
			if !strings.HasSuffix(form, ".") || len(form) < 2 {
				return fmt.Errorf("abbreviation %q does not end with a full stop", form)
			}
			kind := abbrevPlain
			if len(fields) > 1 {
				switch fields[1] {
				case "title":
					kind = abbrevTitle
				case "number":
					kind = abbrevNumber
				default:
					return fmt.Errorf("abbreviation %q: unknown kind %q", form, fields[1])
				}
			}
			m := t.abbrev
			if strings.ToLower(form) == form {
				m = t.abbrevFold
			}
			if _, dup := m[form]; !dup { // the curated list comes first and wins
				m[form] = kind
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	err := eachLine(fileEmoticons, files[fileEmoticons], func(fields []string) error {
		t.emoticons[fields[0]] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine(fileContractions, files[fileContractions], func(fields []string) error {
		if len(fields) < 3 {
			return fmt.Errorf("contraction %q: want the form and at least two words", fields[0])
		}
		var lens []uint8
		for _, w := range fields[1:] {
			if len(w) == 0 || len(w) > 255 {
				return fmt.Errorf("contraction %q: bad word %q", fields[0], w)
			}
			lens = append(lens, uint8(len(w)))
		}
		if strings.Join(fields[1:], "") != fields[0] || strings.ToLower(fields[0]) != fields[0] {
			return fmt.Errorf("contraction %q: words %q do not spell it in lower case", fields[0], fields[1:])
		}
		t.contractions[fields[0]] = lens
		if f := fields[0]; len(f) < 32 {
			t.contractionLens[f[0]] |= 1 << len(f)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range curatedContractions {
		if _, ok := t.contractions[c[0]]; ok {
			continue // the learned list wins
		}
		lens := make([]uint8, 0, len(c)-1)
		for _, w := range c[1:] {
			lens = append(lens, uint8(len(w)))
		}
		t.contractions[c[0]] = lens
		t.contractionLens[c[0][0]] |= 1 << len(c[0])
	}
	err = eachLine(fileHyphenPrefixes, files[fileHyphenPrefixes], func(fields []string) error {
		t.hyphenPrefix[fields[0]] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine(fileUnits, files[fileUnits], func(fields []string) error {
		t.units[fields[0]] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	if data := files[fileBoundaryModel]; len(data) > 0 {
		m, err := decodeModel(data)
		if err != nil {
			return nil, fmt.Errorf("text: %s: %w", fileBoundaryModel, err)
		}
		t.model = m
	}
	return t, nil
}

// eachLine calls fn with the tab- or space-separated fields of every line
// that is neither blank nor a '#' comment.
func eachLine(name string, data []byte, fn func(fields []string) error) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if err := fn(strings.Fields(s)); err != nil {
			return fmt.Errorf("text: %s:%d: %w", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("text: %s: %w", name, err)
	}
	return nil
}

// abbreviation reports the kind of abbreviation s is (s ends with '.'), 0
// if it is none.
func (t *tables) abbreviation(s string) abbrevKind {
	if k, ok := t.abbrev[s]; ok {
		return k
	}
	if len(s) > 2 && isUpperASCII(s) {
		// GEN., LTD.: an abbreviation in capitals
		var buf [32]byte
		if low, ok := lowerASCII(buf[:0], s[1:]); ok {
			title := append([]byte{s[0]}, low...)
			if k, ok := t.abbrev[string(title)]; ok {
				return k
			}
		}
	}
	if len(t.abbrevFold) == 0 {
		return 0
	}
	var buf [32]byte
	if low, ok := lowerASCII(buf[:0], s); ok {
		return t.abbrevFold[string(low)]
	}
	return t.abbrevFold[strings.ToLower(s)]
}

// lowerASCII appends the lower case of s to dst if s is short ASCII; ok is
// false otherwise (the caller falls back to strings.ToLower). It lets map
// lookups on the hot path run without allocating.
func lowerASCII(dst []byte, s string) ([]byte, bool) {
	if len(s) > cap(dst)-len(dst) {
		return dst, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return dst, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst, true
}

// isUpperASCII reports whether s has an ASCII capital letter and no lower
// case one.
func isUpperASCII(s string) bool {
	up := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || c >= 0x80:
			return false
		case 'A' <= c && c <= 'Z':
			up = true
		}
	}
	return up
}

// maybeContraction reports whether w might be in the contractions table.
func (t *tables) maybeContraction(w string) bool {
	if len(w) >= 32 {
		return false
	}
	c := w[0]
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	return t.contractionLens[c]&(1<<len(w)) != 0
}

// curatedContractions are auxiliaries written with n't but without the
// apostrophe, split as UD English splits the ones it has seen ("didnt" =
// did + nt): the learned list only holds those frequent in the train
// files, while the rule is general. Each entry is the lower-case form,
// then its words.
var curatedContractions = [][]string{
	{"isnt", "is", "nt"}, {"arent", "are", "nt"}, {"wasnt", "was", "nt"}, {"werent", "were", "nt"},
	{"havent", "have", "nt"}, {"hasnt", "has", "nt"}, {"hadnt", "had", "nt"},
	{"shouldnt", "should", "nt"}, {"mustnt", "must", "nt"},
	{"dunno", "du", "n", "no"}, {"c'mon", "c'm", "on"}, {"c’mon", "c’m", "on"},
}
