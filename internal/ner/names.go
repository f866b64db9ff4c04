package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/parse/perceptron"
)

// The name list is a small built-in gazetteer: the proper nouns of
// WordNet 3.0 (capitalised noun lemmas) with their lexicographer class,
// stored with the model as names.tsv.gz, one "lower-case phrase<TAB>
// classes" per line, classes a comma list of per (noun.person), loc
// (noun.location), obj (noun.object: rivers, mountains), grp (noun.group:
// organisations, peoples) and oth; person names also give their first
// and last words the classes pfirst and plast. Its features are the
// classes of the longest phrase starting at each word (B-cls, I-cls).
const namesFile = "names.tsv.gz"

const maxNameWords = 6

var nameClasses = []string{"per", "loc", "obj", "grp", "oth", "pfirst", "plast"}

type names struct {
	phrases map[string]uint8 // lower-case phrase -> class bits
	first   map[string]uint8 // lower-case first word -> longest phrase in words
	// hashes of the B-/I- features of each class bit
	bh, ih [8]uint64
	sh     [8]uint64 // single-word classes (pfirst, plast)
}

func lexClass(lex int) string {
	switch lex {
	case 18:
		return "per"
	case 15:
		return "loc"
	case 17:
		return "obj"
	case 14:
		return "grp"
	}
	return "oth"
}

// BuildNames writes the name list from WordNet's data.noun in wordnetDir
// (/usr/share/wordnet on Debian, package wordnet-base) to w.
func BuildNames(wordnetDir string, w io.Writer) error {
	f, err := os.Open(filepath.Join(wordnetDir, "data.noun"))
	if err != nil {
		return err
	}
	defer f.Close()
	cls := map[string]map[string]bool{}
	add := func(p, c string) {
		if cls[p] == nil {
			cls[p] = map[string]bool{}
		}
		cls[p][c] = true
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") {
			continue
		}
		fs := strings.Fields(line)
		if len(fs) < 5 {
			continue
		}
		lex, _ := strconv.Atoi(fs[1])
		n, _ := strconv.ParseInt(fs[3], 16, 32)
		for i := range int(n) {
			if 4+2*i >= len(fs) {
				break
			}
			word, _, _ := strings.Cut(fs[4+2*i], "(")
			r, _ := utf8.DecodeRuneInString(word)
			if !unicode.IsUpper(r) {
				continue
			}
			ws := strings.Split(strings.ToLower(word), "_")
			if len(ws) > maxNameWords {
				continue
			}
			c := lexClass(lex)
			add(strings.Join(ws, " "), c)
			if c == "per" && len(ws) > 1 {
				add(ws[0], "pfirst")
				add(ws[len(ws)-1], "plast")
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	keys := make([]string, 0, len(cls))
	for k := range cls {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b bytes.Buffer
	for _, k := range keys {
		var cs []string
		for _, c := range nameClasses {
			if cls[k][c] {
				cs = append(cs, c)
			}
		}
		fmt.Fprintf(&b, "%s\t%s\n", k, strings.Join(cs, ","))
	}
	zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
	if _, err := zw.Write(b.Bytes()); err != nil {
		return err
	}
	return zw.Close()
}

func readNames(r io.Reader) (*names, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", namesFile, err)
	}
	nm := &names{phrases: make(map[string]uint8, 32000), first: make(map[string]uint8, 24000)}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		p, cs, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			return nil, fmt.Errorf("%s: bad line %q", namesFile, sc.Text())
		}
		var bits uint8
		for _, c := range strings.Split(cs, ",") {
			if i := slices.Index(nameClasses, c); i >= 0 {
				bits |= 1 << i
			}
		}
		nm.phrases[p] = bits
		fw, _, _ := strings.Cut(p, " ")
		nm.first[fw] = max(nm.first[fw], uint8(strings.Count(p, " ")+1))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", namesFile, err)
	}
	for i, c := range nameClasses {
		nm.bh[i] = hashClass("wn-B-" + c)
		nm.ih[i] = hashClass("wn-I-" + c)
		nm.sh[i] = hashClass("wn-" + c)
	}
	return nm, nil
}

// mark appends the name features of each word to ws[i].gaz; lows holds
// scratch space for the lower-case words.
func (nm *names) mark(words []string, ws []wordInfo, lows []string) []string {
	lows = lows[:0]
	for _, w := range words {
		lows = append(lows, lowerFast(w))
	}
	var key []byte
	for i := 0; i < len(words); i++ {
		if bits, ok := nm.phrases[lows[i]]; ok {
			for c := 5; c < 7; c++ {
				if bits&(1<<c) != 0 {
					ws[i].gaz = append(ws[i].gaz, nm.sh[c])
				}
			}
		}
	}
	for i := 0; i < len(words); {
		ml := int(nm.first[lows[i]])
		found, bits := 0, uint8(0)
		for l := min(ml, len(words)-i); l >= 1; l-- {
			key = key[:0]
			for j := i; j < i+l; j++ {
				if j > i {
					key = append(key, ' ')
				}
				key = append(key, lows[j]...)
			}
			if b, ok := nm.phrases[string(key)]; ok && b&0x1f != 0 {
				found, bits = l, b
				break
			}
		}
		if found == 0 {
			i++
			continue
		}
		for c := range 5 {
			if bits&(1<<c) == 0 {
				continue
			}
			ws[i].gaz = append(ws[i].gaz, nm.bh[c])
			for j := i + 1; j < i+found; j++ {
				ws[j].gaz = append(ws[j].gaz, nm.ih[c])
			}
		}
		i += found
	}
	return lows
}

func hashClass(s string) uint64 { return perceptron.HashString(s) }

// lowerFast is strings.ToLower with a fast path for lower-case ASCII.
func lowerFast(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}
