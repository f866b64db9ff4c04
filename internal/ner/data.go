package ner

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dyad-events/dyad/internal/conllu"
)

// Sentence is a tokenised sentence with its gold IOB2 labels (O, B-PER,
// I-PER, B-ORG, I-ORG, B-LOC, I-LOC), one per word, and optionally the
// Penn Treebank tags of dyad's tagger (see Tagged); the readers leave
// XPOS nil.
type Sentence struct {
	Words  []string
	Labels []string
	XPOS   []string
	// Domain names the corpus the sentence comes from ("" for UNER EWT,
	// the target). With Options.DomainFeatures, training gives each
	// domain its own copy of every feature (Daumé 2007), so corpora with
	// other conventions can add what they share with EWT without
	// teaching the model their differences.
	Domain string
}

// normalise rewrites labels as valid IOB2 over PER/ORG/LOC: typeMap maps a
// corpus type to PER, ORG, LOC or "" (O); iob1 says an I-X that does not
// continue an X begins one (as in CoNLL IOB1 data); in IOB2 input such an
// I-X begins one too, repairing stray labels.
func normalise(labels []string, typeMap func(string) string) []string {
	out := make([]string, len(labels))
	prev := ""
	for i, l := range labels {
		bi, typ, ok := strings.Cut(l, "-")
		if !ok || (bi != "B" && bi != "I") {
			out[i], prev = "O", ""
			continue
		}
		typ = typeMap(typ)
		if typ == "" {
			out[i], prev = "O", ""
			continue
		}
		if bi == "I" && prev == typ {
			out[i] = "I-" + typ
		} else {
			out[i] = "B-" + typ
		}
		prev = typ
	}
	return out
}

func unerType(t string) string {
	switch t {
	case "PER", "ORG", "LOC":
		return t
	}
	return ""
}

// ReadIOB2 reads a UNER file: "# " comment lines, then one word per line
// as id, word, label, ... separated by tabs, and a blank line after each
// sentence. Types other than PER, ORG and LOC (OTH, stray B-O) become O.
func ReadIOB2(path string) ([]Sentence, error) {
	return readColumns(path, "\t", 1, 2, unerType)
}

// ReadCoNLL reads a CoNLL-style file with the word in the first column
// and the label in the last, columns separated by white space, blank
// lines between sentences and -DOCSTART- lines between documents; it
// accepts IOB1 and IOB2. typeMap maps the corpus's types to PER, ORG,
// LOC, or "" for O.
func ReadCoNLL(path string, typeMap func(string) string) ([]Sentence, error) {
	return readColumns(path, "", 0, -1, typeMap)
}

func readColumns(path, sep string, wordCol, labelCol int, typeMap func(string) string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []Sentence
	var cur Sentence
	flush := func() {
		if len(cur.Words) > 0 {
			cur.Labels = normalise(cur.Labels, typeMap)
			out = append(out, cur)
		}
		cur = Sentence{}
	}
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(t) == "" {
			flush()
			continue
		}
		if strings.HasPrefix(t, "#") && sep == "\t" || strings.HasPrefix(t, "-DOCSTART-") {
			continue
		}
		var cols []string
		if sep == "" {
			cols = strings.Fields(t)
		} else {
			cols = strings.Split(t, sep)
		}
		lc := labelCol
		if lc < 0 {
			lc = len(cols) + lc
		}
		if len(cols) < 2 || lc <= wordCol || lc >= len(cols) {
			return nil, fmt.Errorf("%s:%d: want a word and a label", path, line)
		}
		cur.Words = append(cur.Words, cols[wordCol])
		cur.Labels = append(cur.Labels, cols[lc])
	}
	flush()
	return out, sc.Err()
}

// WikigoldType maps wikigold's CoNLL-03 types (MISC becomes O).
func WikigoldType(t string) string { return unerType(t) }

// Re3dType maps re3d's types: Person, Organisation, Location; the others
// become O.
func Re3dType(t string) string {
	switch t {
	case "Person":
		return "PER"
	case "Organisation":
		return "ORG"
	case "Location":
		return "LOC"
	}
	return ""
}

// NamesOnly keeps the spans that look like proper names: it drops a
// leading "the" and then every span with a word that is not capitalised
// other than of, and, for, the, de, al, "-", "&". re3d counts
// descriptions ("the Army", "a spokesman") as entities.
func NamesOnly(s Sentence) Sentence {
	labels := append([]string(nil), s.Labels...)
	for _, sp := range Spans(labels) {
		st := sp.Start
		for st < sp.End && strings.EqualFold(s.Words[st], "the") {
			labels[st] = "O"
			st++
		}
		ok := st < sp.End
		for i := st; i < sp.End && ok; i++ {
			w := s.Words[i]
			switch strings.ToLower(w) {
			case "of", "and", "for", "the", "de", "al", "-", "&":
				if i == st {
					ok = false
				}
				continue
			}
			r := []rune(w)[0]
			if !(r >= 'A' && r <= 'Z') && !(r >= '0' && r <= '9') && !strings.ContainsRune("ÀÁÂÄÉÈÊÖÓÔÜÚŞÇ", r) {
				ok = false
			}
		}
		for i := st; i < sp.End; i++ {
			switch {
			case !ok:
				labels[i] = "O"
			case i == st:
				labels[i] = "B-" + sp.Type
			default:
				labels[i] = "I-" + sp.Type
			}
		}
	}
	return Sentence{Words: s.Words, Labels: labels, XPOS: s.XPOS, Domain: s.Domain}
}

// ReadGUM derives flat NER data from the entity layer of a GUM CoNLL-U
// file, for the documents whose id keep accepts (nil: all). A mention
// counts as a name when its head word (the one whose syntactic head lies
// outside it) is a PROPN; the name is the run of PROPN (and NUM) words
// around the head, with "of", "and", "de", "the" or "'s" allowed inside
// it. Nested names give way to the longest. Types: person -> PER,
// organization -> ORG, place -> LOC; names of other types are O.
func ReadGUM(path string, keep func(docID string) bool) ([]Sentence, error) {
	sents, err := conllu.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if keep != nil {
		sents = conllu.KeepDocs(sents, keep)
	}
	out := make([]Sentence, 0, len(sents))
	for _, s := range sents {
		out = append(out, gumSentence(s))
	}
	return out, nil
}

type mention struct {
	start, end int // words, end exclusive
	typ        string
}

func gumSentence(s *conllu.Sentence) Sentence {
	n := len(s.Words)
	ns := Sentence{Words: make([]string, n), Labels: make([]string, n)}
	type open struct {
		start int
		typ   string
	}
	opens := map[string]open{}
	var ms []mention
	for k, w := range s.Words {
		ns.Words[k] = w.Form
		ns.Labels[k] = "O"
		v := conllu.MiscValue(w.Misc, "Entity")
		for i := 0; i < len(v); {
			switch {
			case v[i] == '(':
				j := i + 1
				for j < len(v) && v[j] != '(' && v[j] != ')' {
					j++
				}
				fields := strings.Split(v[i+1:j], "-")
				typ := ""
				if len(fields) > 1 {
					typ = fields[1]
				}
				if j < len(v) && v[j] == ')' {
					ms = append(ms, mention{k, k + 1, typ})
					j++
				} else {
					opens[fields[0]] = open{k, typ}
				}
				i = j
			case v[i] >= '0' && v[i] <= '9':
				j := i
				for j < len(v) && v[j] != ')' && v[j] != '(' {
					j++
				}
				if o, ok := opens[v[i:j]]; ok {
					ms = append(ms, mention{o.start, k + 1, o.typ})
					delete(opens, v[i:j])
				}
				if j < len(v) && v[j] == ')' {
					j++
				}
				i = j
			default:
				i++
			}
		}
	}
	// Names.
	var names []mention
	for _, m := range ms {
		head := -1
		for i := m.start; i < m.end; i++ {
			h := s.Words[i].Head - 1 // 0-based, -1 for root
			if h < m.start || h >= m.end {
				head = i
				break
			}
		}
		if head < 0 || s.Words[head].UPOS != "PROPN" {
			continue
		}
		isName := func(i int) bool {
			u := s.Words[i].UPOS
			return u == "PROPN" || u == "NUM" && i > m.start
		}
		isLink := func(i int) bool {
			switch strings.ToLower(s.Words[i].Form) {
			case "of", "and", "de", "the", "'s", "&", "-", "for":
				return true
			}
			return false
		}
		l, r := head, head+1
		for {
			if l-1 >= m.start && isName(l-1) {
				l--
			} else if l-2 >= m.start && isLink(l-1) && isName(l-2) && s.Words[l-2].UPOS == "PROPN" {
				l -= 2
			} else {
				break
			}
		}
		for {
			if r < m.end && isName(r) {
				r++
			} else if r+1 < m.end && isLink(r) && s.Words[r+1].UPOS == "PROPN" {
				r += 2
			} else {
				break
			}
		}
		typ := ""
		switch m.typ {
		case "person":
			typ = "PER"
		case "organization":
			typ = "ORG"
		case "place":
			typ = "LOC"
		}
		names = append(names, mention{l, r, typ})
	}
	// Longest first; earlier on ties.
	for a := 1; a < len(names); a++ {
		for b := a; b > 0; b-- {
			x, y := names[b-1], names[b]
			if y.end-y.start > x.end-x.start || y.end-y.start == x.end-x.start && y.start < x.start {
				names[b-1], names[b] = y, x
			} else {
				break
			}
		}
	}
	taken := make([]bool, n)
	for _, m := range names {
		free := true
		for i := m.start; i < m.end; i++ {
			free = free && !taken[i]
		}
		if !free {
			continue
		}
		for i := m.start; i < m.end; i++ {
			taken[i] = true
			if m.typ == "" {
				continue
			}
			if i == m.start {
				ns.Labels[i] = "B-" + m.typ
			} else {
				ns.Labels[i] = "I-" + m.typ
			}
		}
	}
	return ns
}

// GUMCommercial accepts the GUM documents whose genre allows commercial
// use: it leaves out essay, fiction, letter, podcast and whow, which are
// CC BY-NC-SA.
func GUMCommercial(docID string) bool {
	for _, g := range []string{"essay", "fiction", "letter", "podcast", "whow"} {
		if strings.HasPrefix(docID, "GUM_"+g+"_") {
			return false
		}
	}
	return true
}

// ReadRe3d reads the CoNLL conversion of re3d, one file per document in
// a folder per source, leaving out BBC_Online (non-commercial). With
// namesOnly it keeps only spans that look like names (see NamesOnly).
func ReadRe3d(dir string, namesOnly bool) ([]Sentence, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.conll"))
	if err != nil {
		return nil, err
	}
	var out []Sentence
	for _, f := range files {
		if filepath.Base(filepath.Dir(f)) == "BBC_Online" {
			continue
		}
		ss, err := ReadCoNLL(f, Re3dType)
		if err != nil {
			return nil, err
		}
		for _, s := range ss {
			if namesOnly {
				s = NamesOnly(s)
			}
			out = append(out, s)
		}
	}
	return out, nil
}
