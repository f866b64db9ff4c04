// Package dep is dyad's labelled dependency parser: it gives every word of
// a sentence its syntactic head and Universal Dependencies relation.
//
// It is a greedy transition-based parser (arc-hybrid with the root at the
// end of the buffer, system.go) whose labelled transitions are scored by
// an averaged perceptron over the rich non-local features of Zhang and
// Nivre (2011) adapted to arc-hybrid, plus the words' ambiguity classes
// (lexicon.go). It is trained with the dynamic oracle and exploration of
// Goldberg and Nivre (2012, 2013), on the treebank twice over: once with
// its gold tags and once with tags from a jackknifed tagger (tagger.go),
// so that it learns what tags mean and what to expect when they are
// wrong. Parsing is linear in the sentence length and always yields a
// tree with a single root.
//
// The model directory holds meta.txt (feature set), deprels.txt,
// lexicon.tsv and weights.zst (a perceptron.Table); Load reads the copy embedded
// in the binary.
package dep

import (
	"fmt"
	"io/fs"
	"os"
	"sync"

	"github.com/dyad-events/dyad/internal/doc"
)

// Word is one syntactic word of the sentence to parse, with the tags a
// tagger gave it. Lemma is accepted for the interface's sake; the current
// features do not use it.
type Word struct {
	Form, Lemma, UPOS, XPOS string
}

// Parser parses sentences. It is safe for concurrent use.
type Parser struct {
	m    *Model
	pool sync.Pool // *work
}

// work is the per-call scratch space.
type work struct {
	st     state
	sn     sentence
	feats  []uint64
	scores []int32
	sink   uint32
}

// New returns a parser using m.
func New(m *Model) *Parser {
	p := &Parser{m: m}
	p.pool.New = func() any {
		return &work{scores: make([]int32, m.ls.classes()), feats: make([]uint64, 0, 256)}
	}
	return p
}

// Load returns the parser with the model embedded in the binary.
func Load() (*Parser, error) {
	sub, err := fs.Sub(embedded, "model")
	if err != nil {
		return nil, err
	}
	m, err := readModel(sub)
	if err != nil {
		return nil, fmt.Errorf("embedded parser model: %w", err)
	}
	return New(m), nil
}

// LoadDir returns the parser with the model written to dir by
// Model.WriteTo.
func LoadDir(dir string) (*Parser, error) {
	m, err := readModel(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return New(m), nil
}

// Model returns the parser's model.
func (p *Parser) Model() *Model { return p.m }

// Parse parses one sentence. It writes each word's head into heads, 1-based
// with 0 for the root as in CoNLL-U, and its relation into labels; both
// must be at least as long as words. The result is always a tree: exactly
// one word has head 0, with relation "root", and there are no cycles.
func (p *Parser) Parse(words []Word, heads []int, labels []string) {
	if len(heads) < len(words) || len(labels) < len(words) {
		panic(fmt.Sprintf("dep: Parse of %d words into %d heads and %d labels", len(words), len(heads), len(labels)))
	}
	if len(words) == 0 {
		return
	}
	w := p.pool.Get().(*work)
	defer p.pool.Put(w)
	w.sn.toks = resize(w.sn.toks, len(words)+1)
	for i, wd := range words {
		w.sn.toks[i] = p.m.makeTok(wd.Form, wd.UPOS, wd.XPOS)
	}
	w.sn.toks[len(words)] = rootTok
	p.run(w)
	n := len(words)
	for i := range n {
		h := int(w.st.head[i])
		if h == n {
			heads[i] = 0
		} else {
			heads[i] = h + 1
		}
		labels[i] = p.m.labels[w.st.label[i]]
	}
}

// run parses w.sn greedily, leaving the result in w.st.
func (p *Parser) run(w *work) {
	m := p.m
	st := &w.st
	st.reset(len(w.sn.toks) - 1)
	for !st.terminal() {
		w.feats = st.features(w.feats[:0], &w.sn, m.lab)
		clear(w.scores)
		w.sink += m.t.Scores(w.feats, w.scores)
		st.apply(m.ls, best(st, m.ls, w.scores))
	}
}

// ParseDocument parses every sentence of d from its tokens' text and tags,
// setting each token's Head (an index into d.Tokens, -1 for the sentence
// root) and Deprel.
func (p *Parser) ParseDocument(d *doc.Document) {
	var words []Word
	var heads []int
	var labels []string
	for _, s := range d.Sentences {
		if s.FirstToken < 0 || s.EndToken > len(d.Tokens) || s.EndToken <= s.FirstToken {
			continue
		}
		toks := d.Tokens[s.FirstToken:s.EndToken]
		words = words[:0]
		for _, t := range toks {
			words = append(words, Word{Form: d.Text(t.Span), Lemma: t.Lemma, UPOS: t.UPOS, XPOS: t.XPOS})
		}
		heads = resize(heads, len(words))
		labels = resize(labels, len(words))
		p.Parse(words, heads, labels)
		for i := range toks {
			if heads[i] == 0 {
				toks[i].Head = -1
			} else {
				toks[i].Head = s.FirstToken + heads[i] - 1
			}
			toks[i].Deprel = labels[i]
		}
	}
}
