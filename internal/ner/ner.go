// Package ner is dyad's named-entity recogniser: it finds the names of
// persons (PER), organisations (ORG) and locations (LOC) in a tokenised
// sentence, with the types and span conventions of Universal NER
// (UNER_English-EWT).
//
// It is a greedy left-to-right averaged perceptron (Collins 2002) over
// IOB2 classes, with hashed features of the word, its lower-case form,
// shape, affixes and capitalisation, the two words on either side, the
// Penn Treebank tags of dyad's tagger (parse/tagger) for the words
// around, a name list from WordNet (names.go), and the classes already
// given to the two words before it. I-X may only follow B-X or I-X. An
// optional Gazetteer adds dictionary classes of the words as features.
//
// The shipped model is embedded in the binary (directory model/) and
// read by Load; TrainDefault trained it on the UNER EWT train draft (see
// DefaultCorpus for why no other corpus) with the actor dictionary of
// package entity as its gazetteer (entity.NewGazetteer, "actors-1"),
// choosing the epoch on EWT dev. Loading it therefore needs that
// gazetteer in Deps. The UNER EWT test file is for a final measurement
// only.
//
// The package keeps no state of its own: whatever a model needs beyond
// its files (a Gazetteer) is passed to Load in Deps, and the caller
// passes the Penn Treebank tags it already has to Recognise. Entry
// points:
//
//	// the entity stage, after dyad's tagger (tags from doc.Token.XPOS)
//	m, err := ner.Load(ner.Deps{Gazetteer: g})
//	spans := m.Recognise(words, xpos)
//
//	// dyad train ner [--data ../shared/data] [--out internal/ner/model]
//	err := ner.TrainDefault(dataDir, outDir, g, os.Stderr)
//
//	// dyad eval ner FILE.iob2 [--json]
//	sc, err := ner.EvalFile(m, path) // tags the file itself; sc.String() for text
//
// TrainDefault reads the corpora under dataDir (../shared/data beside the
// module) and the name list embedded in the binary, tags the words with
// dyad's tagger, and is deterministic: it reproduces model/weights.zst
// byte for byte given the same gazetteer.
package ner

import (
	"bufio"
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/dyad-events/dyad/internal/parse/perceptron"
)

// Span is an entity: words Start to End-1 of a sentence.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Type  string `json:"type"`
}

// Gazetteer gives dictionary classes of words as features. A model
// trained with a gazetteer records its Name, and loading the model needs
// a gazetteer of that name in Deps.
type Gazetteer interface {
	// Name identifies the gazetteer and its version ("actors-1").
	Name() string
	// Classes sets out[i] to the dictionary classes of words[i], such as
	// "B-country" and "I-country" for the words of "South Africa", or
	// "person-name". out has one entry per word; entries come in empty
	// and may be appended to.
	Classes(words []string, out [][]string)
}

// Deps are what a model may need besides its own files.
type Deps struct {
	// Gazetteer is needed by a model trained with one, and must have the
	// same Name; models trained without one ignore it.
	Gazetteer Gazetteer
}

// Model is a trained recogniser. It is safe for concurrent use.
type Model struct {
	table *perceptron.Table
	gaz   Gazetteer
	names *names // nil unless the model uses the name list
	// namesData is the name list file, kept for WriteTo.
	namesData []byte
	meta      meta
	pool      sync.Pool // *scratch
	// weights are the trained weights before conversion to a Table,
	// kept by Train for TrainMembers; nil in a loaded model.
	weights *perceptron.Model
}

type meta struct {
	version   string
	pos       bool
	names     bool
	gazetteer string
	domains   bool // trained with domain features (Options.DomainFeatures)
	folded    bool // and the target domain's copies folded into the shared features
	epochs    int
	members   int // models averaged (TrainMembers); 0 or 1 for one
	note      string
}

type scratch struct {
	ws     []wordInfo
	cls    []int
	fs     []uint64
	scores []int32
	buf    []byte
	gaz    [][]string
	lows   []string
}

func newModel(t *perceptron.Table, mt meta, g Gazetteer) *Model {
	m := &Model{table: t, meta: mt, gaz: g}
	m.pool.New = func() any {
		return &scratch{scores: make([]int32, nClasses), buf: make([]byte, 0, 64)}
	}
	return m
}

// UsesTags reports whether the model reads Penn Treebank tags: then
// Recognise needs the tags of dyad's tagger (parse/tagger), one per word.
func (m *Model) UsesTags() bool { return m.meta.pos }

// Gazetteer is the name of the gazetteer the model was trained with, or
// "" for none.
func (m *Model) Gazetteer() string { return m.meta.gazetteer }

// Recognise returns the entities of a tokenised sentence, in order.
// xpos holds the Penn Treebank tag of each word as dyad's tagger gives
// it (doc.Token.XPOS); a model that does not use tags (UsesTags) ignores
// it and accepts nil. With a model that uses tags, missing tags (nil, or
// a slice of another length) count as unknown, which costs accuracy.
func (m *Model) Recognise(words, xpos []string) []Span {
	if len(words) == 0 {
		return nil
	}
	s := m.pool.Get().(*scratch)
	defer m.pool.Put(s)
	m.classify(s, words, xpos)
	return decode(s.cls)
}

// Labels returns the IOB2 label of each word; xpos is as for Recognise.
func (m *Model) Labels(words, xpos []string) []string {
	s := m.pool.Get().(*scratch)
	defer m.pool.Put(s)
	m.classify(s, words, xpos)
	out := make([]string, len(words))
	for i, c := range s.cls {
		out[i] = labelNames[c]
	}
	return out
}

var noTag = perceptron.HashString("\x00no-tag")

// prepare computes the per-word hashes; xpos are the words' tags, used
// if usePOS.
func prepare(s *scratch, words, xpos []string, g Gazetteer, usePOS bool, nm *names) {
	n := len(words)
	if cap(s.ws) < n {
		s.ws = make([]wordInfo, n)
		s.cls = make([]int, n)
	}
	s.ws, s.cls = s.ws[:n], s.cls[:n]
	for i, w := range words {
		s.buf = describe(&s.ws[i], w, s.buf)
		s.ws[i].gaz = s.ws[i].gaz[:0]
	}
	if usePOS {
		for i := range s.ws {
			if len(xpos) == n {
				s.ws[i].pos = perceptron.HashString(xpos[i])
			} else {
				s.ws[i].pos = noTag
			}
		}
	}
	if nm != nil {
		s.lows = nm.mark(words, s.ws, s.lows)
	} else {
		s.lows = s.lows[:0]
		for _, w := range words {
			s.lows = append(s.lows, lowerFast(w))
		}
	}
	markRuns(s.ws, xpos, s.lows)
	if g != nil {
		if cap(s.gaz) < n {
			s.gaz = make([][]string, n)
		}
		s.gaz = s.gaz[:n]
		for i := range s.gaz {
			s.gaz[i] = s.gaz[i][:0]
		}
		g.Classes(words, s.gaz)
		for i, cs := range s.gaz {
			for _, c := range cs {
				s.ws[i].gaz = append(s.ws[i].gaz, perceptron.HashString(c))
			}
		}
	}
}

func (m *Model) classify(s *scratch, words, xpos []string) {
	prepare(s, words, xpos, m.gaz, m.meta.pos, m.names)
	var dom uint64
	if m.meta.domains && !m.meta.folded {
		dom = domainHash("")
	}
	p1, p2 := nClasses, nClasses
	for i := range words {
		s.fs = features(s.fs[:0], s.ws, i, p1, p2, m.meta.pos, dom)
		clear(s.scores)
		m.table.Scores(s.fs, s.scores)
		best := bestAllowed(s.scores, p1)
		s.cls[i] = best
		p2, p1 = p1, best
	}
}

// decode turns classes into spans; an I-X that does not continue an X
// starts a new span.
func decode(cls []int) []Span {
	var out []Span
	for i := 0; i < len(cls); i++ {
		c := cls[i]
		if c == 0 {
			continue
		}
		typ := classType(c)
		j := i + 1
		for j < len(cls) && cls[j] != 0 && !isBegin(cls[j]) && classType(cls[j]) == typ {
			j++
		}
		out = append(out, Span{Start: i, End: j, Type: typ})
		i = j - 1
	}
	return out
}

// Spans decodes IOB2 (or IOB1) labels such as "B-PER", "I-PER", "O" into
// spans. An I-X that does not continue an X starts a new span; labels of
// types other than PER, ORG and LOC count as O.
func Spans(labels []string) []Span {
	cls := make([]int, len(labels))
	for i, l := range labels {
		cls[i] = classOf(l)
	}
	return decode(cls)
}

func classOf(label string) int {
	for c, n := range labelNames {
		if n == label {
			return c
		}
	}
	return 0
}

//go:embed model/*
var embedded embed.FS

// Load reads the model embedded in the binary; each call reads it anew,
// so callers that need it more than once keep the result. It fails if
// the model was trained with a gazetteer and deps has none of that name.
func Load(deps Deps) (*Model, error) {
	sub, err := fs.Sub(embedded, "model")
	if err != nil {
		return nil, err
	}
	m, err := load(sub, deps)
	if err != nil {
		return nil, fmt.Errorf("embedded ner model: %w", err)
	}
	return m, nil
}

// LoadDir loads a model from a directory written by Model.WriteTo, as
// Load does.
func LoadDir(dir string, deps Deps) (*Model, error) {
	m, err := load(os.DirFS(dir), deps)
	if err != nil {
		return nil, fmt.Errorf("ner model %s: %w", dir, err)
	}
	return m, nil
}

const (
	metaFile    = "meta.txt"
	weightsFile = "weights.zst"
)

func load(fsys fs.FS, deps Deps) (*Model, error) {
	mb, err := fs.ReadFile(fsys, metaFile)
	if err != nil {
		return nil, err
	}
	mt, err := parseMeta(string(mb))
	if err != nil {
		return nil, err
	}
	if mt.version != featureVersion {
		return nil, fmt.Errorf("model has feature set %q, this program needs %q", mt.version, featureVersion)
	}
	var g Gazetteer
	if mt.gazetteer != "" {
		g = deps.Gazetteer
		switch {
		case g == nil:
			return nil, fmt.Errorf("model was trained with gazetteer %q and needs it in Deps.Gazetteer, which is nil", mt.gazetteer)
		case g.Name() != mt.gazetteer:
			return nil, fmt.Errorf("model was trained with gazetteer %q, Deps.Gazetteer is %q", mt.gazetteer, g.Name())
		}
	}
	f, err := fsys.Open(weightsFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := perceptron.ReadTable(bufio.NewReader(f))
	if err != nil {
		return nil, err
	}
	if t.Classes() != nClasses {
		return nil, fmt.Errorf("model has %d classes, want %d", t.Classes(), nClasses)
	}
	m := newModel(t, mt, g)
	if mt.names {
		data, err := fs.ReadFile(fsys, namesFile)
		if err != nil {
			return nil, err
		}
		if m.names, err = readNames(bytes.NewReader(data)); err != nil {
			return nil, err
		}
		m.namesData = data
	}
	return m, nil
}

func parseMeta(s string) (meta, error) {
	var mt meta
	for _, line := range strings.Split(s, "\n") {
		k, v, _ := strings.Cut(line, "\t")
		switch k {
		case "features":
			mt.version = v
		case "names":
			mt.names = v == "wordnet"
		case "pos":
			mt.pos = v == "xpos"
		case "gazetteer":
			mt.gazetteer = v
		case "domains":
			mt.domains = v == "yes" || v == "folded"
			mt.folded = v == "folded"
		case "members":
			fmt.Sscan(v, &mt.members)
		case "epochs":
			fmt.Sscan(v, &mt.epochs)
		case "note":
			mt.note = v
		}
	}
	if mt.version == "" {
		return mt, errors.New("meta.txt: no feature version")
	}
	return mt, nil
}

func (mt meta) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "features\t%s\n", mt.version)
	if mt.names {
		fmt.Fprintf(&b, "names\twordnet\n")
	}
	if mt.pos {
		fmt.Fprintf(&b, "pos\txpos\n")
	}
	if mt.gazetteer != "" {
		fmt.Fprintf(&b, "gazetteer\t%s\n", mt.gazetteer)
	}
	switch {
	case mt.folded:
		fmt.Fprintf(&b, "domains\tfolded\n")
	case mt.domains:
		fmt.Fprintf(&b, "domains\tyes\n")
	}
	fmt.Fprintf(&b, "epochs\t%d\n", mt.epochs)
	if mt.members > 1 {
		fmt.Fprintf(&b, "members\t%d\n", mt.members)
	}
	if mt.note != "" {
		fmt.Fprintf(&b, "note\t%s\n", strings.ReplaceAll(mt.note, "\n", " "))
	}
	return b.String()
}

// WriteTo writes the model into dir (meta.txt and weights.zst), creating
// dir if needed. The same model always gives the same bytes.
func (m *Model) WriteTo(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, metaFile), []byte(m.meta.String()), 0o644); err != nil {
		return err
	}
	if m.names != nil {
		if err := os.WriteFile(filepath.Join(dir, namesFile), m.namesData, 0o644); err != nil {
			return err
		}
	}
	f, err := os.Create(filepath.Join(dir, weightsFile))
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if _, err := m.table.WriteTo(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Info describes the model in one line.
func (m *Model) Info() string {
	return fmt.Sprintf("features %s, %d epochs, %d features, %d weights%s",
		m.meta.version, m.meta.epochs, m.table.Features(), m.table.Weights(), func() string {
			if m.meta.gazetteer != "" {
				return ", gazetteer " + m.meta.gazetteer
			}
			return ""
		}())
}
