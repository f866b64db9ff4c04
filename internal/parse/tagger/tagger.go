// Package tagger is dyad's part-of-speech tagger: it gives every word of a
// sentence its universal tag (UPOS), its Penn Treebank tag (XPOS) and its
// morphological features (Feats), as in Universal Dependencies.
//
// It is a greedy left-to-right averaged perceptron (Collins 2002) over
// hashed features of the word, its affixes and shape, the words around it,
// their ambiguity classes (the tags each was seen with in training) and
// usual tags, the case of the sentence, and the tags already given to the
// two words before it. Words seen fewer than twice in training are
// described by their spelling and by the parts of speech WordNet gives
// them (data/, made by gen/), and training hides known words now and
// then, so that the tagger learns to tag words it has not seen. Its
// classes are joint XPOS+UPOS tags. Frequent words that always had the
// same tag skip the perceptron. Feats come from a table: the most
// frequent Feats of the word with its tag in the training data, else of
// the tag.
//
// The model trained on UD English EWT and GUM is embedded in the binary
// (directory model/) and loaded with Load.
package tagger

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"sync"

	"github.com/dyad-events/dyad/internal/conllu"
	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/parse/perceptron"
)

// Tag is the tagging of one word.
type Tag struct {
	UPOS, XPOS, Feats string
}

// Tagger tags sentences. It is safe for concurrent use.
type Tagger struct {
	lex  *lexicon
	w    *perceptron.Table
	pool sync.Pool // *scratch
}

// scratch is the per-call working memory, reused through the pool so
// that tagging allocates nothing in the steady state.
type scratch struct {
	ws     []wordInfo
	cls    []int32
	fs     []uint64
	scores []int32
	buf    []byte
	words  []string
}

//go:embed model/*
var embedded embed.FS

// Load loads the tagger embedded in the binary.
func Load() (*Tagger, error) {
	sub, err := fs.Sub(embedded, "model")
	if err != nil {
		return nil, err
	}
	return load(sub)
}

// LoadDir loads a tagger from a model directory written by Model.WriteTo.
func LoadDir(dir string) (*Tagger, error) {
	return load(os.DirFS(dir))
}

func load(fsys fs.FS) (*Tagger, error) {
	m, err := readModel(fsys)
	if err != nil {
		return nil, fmt.Errorf("tagger: %w", err)
	}
	return m.Tagger(), nil
}

func newTagger(lx *lexicon, w *perceptron.Table) *Tagger {
	t := &Tagger{lex: lx, w: w}
	t.pool.New = func() any {
		return &scratch{scores: make([]int32, len(lx.classes)), buf: make([]byte, 0, 64)}
	}
	return t
}

// Tag tags one sentence: out[i] receives the tags of words[i]. out must be
// at least as long as words.
func (t *Tagger) Tag(words []string, out []Tag) {
	if len(words) == 0 {
		return
	}
	s := t.pool.Get().(*scratch)
	t.tag(s, words)
	for i, w := range words {
		out[i] = t.output(s, w, i)
	}
	t.pool.Put(s)
}

// TagSentences returns copies of sents with the tagger's UPOS, XPOS and
// features in place of theirs: the parser's development data is parsed
// with predicted tags, as it will be in use.
func (t *Tagger) TagSentences(sents []*conllu.Sentence) []*conllu.Sentence {
	out := make([]*conllu.Sentence, len(sents))
	var words []string
	var tags []Tag
	for i, s := range sents {
		c := *s
		c.Words = append([]conllu.Word(nil), s.Words...)
		words = words[:0]
		for _, w := range c.Words {
			words = append(words, w.Form)
		}
		tags = append(tags[:0], make([]Tag, len(words))...)
		t.Tag(words, tags)
		for j, tg := range tags {
			c.Words[j].UPOS, c.Words[j].XPOS, c.Words[j].Feats = tg.UPOS, tg.XPOS, tg.Feats
		}
		out[i] = &c
	}
	return out
}

// TagDocument tags the tokens of every sentence of d in place, setting
// their UPOS, XPOS and Feats.
func (t *Tagger) TagDocument(d *doc.Document) {
	s := t.pool.Get().(*scratch)
	defer t.pool.Put(s)
	tag := func(first, end int) {
		if first >= end {
			return
		}
		words := s.words[:0]
		for _, tok := range d.Tokens[first:end] {
			words = append(words, d.Text(tok.Span))
		}
		s.words = words
		t.tag(s, words)
		for i, w := range words {
			tg := t.output(s, w, i)
			tok := &d.Tokens[first+i]
			tok.UPOS, tok.XPOS, tok.Feats = tg.UPOS, tg.XPOS, tg.Feats
		}
	}
	if len(d.Sentences) == 0 {
		tag(0, len(d.Tokens))
		return
	}
	for _, sent := range d.Sentences {
		first, end := max(sent.FirstToken, 0), min(sent.EndToken, len(d.Tokens))
		tag(first, end)
	}
}

// tag fills s.cls with the class of each word.
func (t *Tagger) tag(s *scratch, words []string) {
	s.ws = s.ws[:0]
	for _, w := range words {
		var wi wordInfo
		wi, s.buf = describe(w, s.buf)
		t.lex.lookup(&wi, s.buf)
		s.ws = append(s.ws, wi)
	}
	setCase(s.ws)
	s.cls = s.cls[:0]
	p1, p2 := startTag, start2
	for i := range s.ws {
		c := s.ws[i].dict
		if c < 0 {
			s.fs = features(s.fs[:0], s.ws, i, p1, p2)
			c = t.w.Best(s.fs, s.scores)
		}
		s.cls = append(s.cls, c)
		p2, p1 = p1, uint64(c)
	}
}

// lookup fills the lexicon's part of wi, whose normalised lower-case form
// is low: words without an ambiguity class (seen fewer than ambMin times
// in training) are unknown.
func (lx *lexicon) lookup(wi *wordInfo, low []byte) {
	wi.wn = lx.wordnet.class(low)
	if c, ok := lx.dict[wi.raw]; ok {
		wi.dict = c
	}
	if a, ok := lx.amb[wi.lowKey]; ok {
		wi.amb = a
		wi.mode = lx.mode[wi.lowKey]
	} else {
		unknownize(wi)
	}
}

// output is the Tag of word i after tag.
func (t *Tagger) output(s *scratch, word string, i int) Tag {
	c := s.cls[i]
	cl := &t.lex.classes[c]
	tg := Tag{XPOS: cl.XPOS, UPOS: cl.UPOS, Feats: cl.Feats}
	if s.ws[i].digit {
		tg.Feats = cl.FeatsDigit
	}
	if f, ok := t.lex.feats[wordClassKey(s.ws[i].lowKey, c)]; ok {
		tg.Feats = f
	}
	return tg
}

// unknownize makes wi look like a word the tagger has not seen: no tag
// dictionary entry, ambiguity class or usual tag, and no features of the
// form itself (a word seen once would otherwise have weights learnt from
// that one sentence), only of its spelling: affixes, shape and flags.
// lowKey is kept for the Feats tables.
func unknownize(wi *wordInfo) {
	wi.amb, wi.dict, wi.mode = unknownAmb, -1, unknownAmb
	wi.low, wi.raw = unknownAmb, unknownAmb
}
