// Package conllu reads and writes CoNLL-U, the Universal Dependencies file
// format: the treebanks dyad's language models are trained and evaluated on.
//
// A Sentence keeps its comments (sent_id, text, newdoc, newpar), its
// syntactic words and its multiword tokens ("don't" = "do" + "n't"), so the
// raw text of a treebank can be rebuilt as the CoNLL 2018 shared task does.
package conllu

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Word is one syntactic word (a line whose ID is an integer).
type Word struct {
	ID     int // 1-based position in the sentence
	Form   string
	Lemma  string
	UPOS   string
	XPOS   string
	Feats  string
	Head   int // 0 for the root
	Deprel string
	Deps   string
	Misc   string
}

// SpaceAfter reports whether Misc does not say SpaceAfter=No.
func (w Word) SpaceAfter() bool { return !hasMisc(w.Misc, "SpaceAfter=No") }

// Multiword is a surface token spanning several words (an ID range "3-4").
type Multiword struct {
	First, Last int // word IDs covered, inclusive
	Form        string
	Misc        string
}

// SpaceAfter reports whether Misc does not say SpaceAfter=No.
func (m Multiword) SpaceAfter() bool { return !hasMisc(m.Misc, "SpaceAfter=No") }

// Sentence is one sentence with its comments.
type Sentence struct {
	Comments   []string // without the leading "# "
	Words      []Word
	Multiwords []Multiword
	// Line is the 1-based line where the sentence starts in its file.
	Line int
}

// Comment returns the value of a "# key = value" comment and whether it is
// present; a bare "# newdoc" counts as present with an empty value.
func (s *Sentence) Comment(key string) (string, bool) {
	for _, c := range s.Comments {
		k, v, ok := strings.Cut(c, "=")
		if strings.TrimSpace(k) == key {
			if !ok {
				return "", true
			}
			return strings.TrimSpace(v), true
		}
		if c == key {
			return "", true
		}
	}
	return "", false
}

// Text returns the sentence's "# text" comment, or the text rebuilt from
// its tokens and SpaceAfter marks when the comment is missing.
func (s *Sentence) Text() string {
	if t, ok := s.Comment("text"); ok {
		return t
	}
	var b strings.Builder
	for _, tok := range s.Tokens() {
		b.WriteString(tok.Form)
		if tok.SpaceAfter {
			b.WriteByte(' ')
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// Token is a surface token: a multiword token or a word outside any.
type Token struct {
	Form        string
	First, Last int // word IDs covered, inclusive
	SpaceAfter  bool
}

// Tokens returns the sentence's surface tokens in order.
func (s *Sentence) Tokens() []Token {
	var out []Token
	mw := 0
	for i := 0; i < len(s.Words); i++ {
		w := s.Words[i]
		if mw < len(s.Multiwords) && s.Multiwords[mw].First == w.ID {
			m := s.Multiwords[mw]
			out = append(out, Token{Form: m.Form, First: m.First, Last: m.Last, SpaceAfter: m.SpaceAfter()})
			i += m.Last - m.First
			mw++
			continue
		}
		out = append(out, Token{Form: w.Form, First: w.ID, Last: w.ID, SpaceAfter: w.SpaceAfter()})
	}
	return out
}

// Reader reads sentences from a CoNLL-U stream.
type Reader struct {
	sc   *bufio.Scanner
	name string
	line int
}

// NewReader returns a Reader; name is used in error messages.
func NewReader(r io.Reader, name string) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	return &Reader{sc: sc, name: name}
}

// Next returns the next sentence, or io.EOF after the last one.
func (r *Reader) Next() (*Sentence, error) {
	var s *Sentence
	for r.sc.Scan() {
		r.line++
		line := strings.TrimRight(r.sc.Text(), "\r")
		if line == "" {
			if s != nil {
				return s, nil
			}
			continue
		}
		if s == nil {
			s = &Sentence{Line: r.line}
		}
		if strings.HasPrefix(line, "#") {
			s.Comments = append(s.Comments, strings.TrimSpace(strings.TrimPrefix(line, "#")))
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 10 {
			return nil, fmt.Errorf("%s:%d: want 10 tab-separated fields, got %d", r.name, r.line, len(f))
		}
		id := f[0]
		switch {
		case strings.Contains(id, "."):
			continue // empty nodes of enhanced graphs: not part of basic trees
		case strings.Contains(id, "-"):
			a, b, _ := strings.Cut(id, "-")
			first, err1 := strconv.Atoi(a)
			last, err2 := strconv.Atoi(b)
			if err1 != nil || err2 != nil || last < first {
				return nil, fmt.Errorf("%s:%d: bad multiword range %q", r.name, r.line, id)
			}
			s.Multiwords = append(s.Multiwords, Multiword{First: first, Last: last, Form: f[1], Misc: f[9]})
		default:
			n, err := strconv.Atoi(id)
			if err != nil || n != len(s.Words)+1 {
				return nil, fmt.Errorf("%s:%d: word id %q out of sequence", r.name, r.line, id)
			}
			head := 0
			if f[6] != "_" {
				if head, err = strconv.Atoi(f[6]); err != nil {
					return nil, fmt.Errorf("%s:%d: bad head %q", r.name, r.line, f[6])
				}
			}
			s.Words = append(s.Words, Word{ID: n, Form: f[1], Lemma: f[2], UPOS: f[3], XPOS: f[4],
				Feats: f[5], Head: head, Deprel: f[7], Deps: f[8], Misc: f[9]})
		}
	}
	if err := r.sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", r.name, err)
	}
	if s != nil {
		return s, nil
	}
	return nil, io.EOF
}

// ReadFile reads every sentence of a CoNLL-U file.
func ReadFile(path string) ([]*Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := NewReader(f, path)
	var out []*Sentence
	for {
		s, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
}

// Write writes sentences in CoNLL-U.
func Write(w io.Writer, sents []*Sentence) error {
	bw := bufio.NewWriter(w)
	for _, s := range sents {
		for _, c := range s.Comments {
			fmt.Fprintf(bw, "# %s\n", c)
		}
		mw := 0
		for _, wd := range s.Words {
			if mw < len(s.Multiwords) && s.Multiwords[mw].First == wd.ID {
				m := s.Multiwords[mw]
				fmt.Fprintf(bw, "%d-%d\t%s\t_\t_\t_\t_\t_\t_\t_\t%s\n", m.First, m.Last, m.Form, or(m.Misc))
				mw++
			}
			fmt.Fprintf(bw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", wd.ID, wd.Form, or(wd.Lemma), or(wd.UPOS),
				or(wd.XPOS), or(wd.Feats), wd.Head, or(wd.Deprel), or(wd.Deps), or(wd.Misc))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

func or(s string) string {
	if s == "" {
		return "_"
	}
	return s
}

// MiscValue returns the value of key in a MISC column
// ("Entity=(1-person" for key Entity), "" when key is absent.
func MiscValue(misc, key string) string {
	for _, item := range strings.Split(misc, "|") {
		if k, v, ok := strings.Cut(item, "="); ok && k == key {
			return v
		}
	}
	return ""
}

func hasMisc(misc, item string) bool {
	for _, m := range strings.Split(misc, "|") {
		if m == item {
			return true
		}
	}
	return false
}

// RawText rebuilds the running text of a treebank the way the CoNLL 2018
// shared task does: sentence texts joined by a space, a new paragraph
// (newpar or newdoc) starting after a blank line. It returns the text and,
// for each sentence, the byte offset where its text starts.
func RawText(sents []*Sentence) (string, []int) {
	var b strings.Builder
	starts := make([]int, len(sents))
	for i, s := range sents {
		_, newdoc := s.Comment("newdoc id")
		if !newdoc {
			_, newdoc = s.Comment("newdoc")
		}
		_, newpar := s.Comment("newpar id")
		if !newpar {
			_, newpar = s.Comment("newpar")
		}
		if i > 0 {
			if newdoc || newpar {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		starts[i] = b.Len()
		b.WriteString(s.Text())
	}
	return b.String(), starts
}

// DocIDs returns the id of the document each sentence belongs to, from the
// "newdoc id" comments ("" before the first one).
func DocIDs(sents []*Sentence) []string {
	ids := make([]string, len(sents))
	cur := ""
	for i, s := range sents {
		if id, ok := s.Comment("newdoc id"); ok {
			cur = id
		}
		ids[i] = cur
	}
	return ids
}

// KeepDocs returns the sentences of the documents for which keep is true.
func KeepDocs(sents []*Sentence, keep func(docID string) bool) []*Sentence {
	ids := DocIDs(sents)
	var out []*Sentence
	for i, s := range sents {
		if keep(ids[i]) {
			out = append(out, s)
		}
	}
	return out
}
