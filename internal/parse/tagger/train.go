package tagger

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dyad-events/dyad/internal/conllu"
	"github.com/dyad-events/dyad/internal/parse/perceptron"
)

// TrainOptions control training.
type TrainOptions struct {
	// Iterations is the number of passes over the training data (0: 12).
	// With Dev data the model keeps the weights of the pass that scored
	// best on Dev.
	Iterations int
	// Seed seeds the shuffling of the training data before each pass
	// and the word dropout.
	Seed uint64
	// Dev is development data, scored after each pass; may be nil.
	Dev []*conllu.Sentence
	// Log receives progress messages; may be nil.
	Log func(string)
}

// Training choices, tuned on UD English EWT's development data.
const (
	// dictMin and dictFrac: a word form goes into the tag dictionary
	// (and skips the perceptron) when seen at least dictMin times, with
	// one tag at least dictFrac of them.
	dictMin  = 20
	dictFrac = 0.995
	// ambMin: a lower-case form needs this many occurrences for an
	// ambiguity class; rarer words are unknown words (see unknownize).
	ambMin = 2
	// ambFrac: a tag needs this share of a form's occurrences to be in
	// its ambiguity class.
	ambFrac = 0.01
	// prune: averaged weights smaller than this are dropped.
	prune = 0.01
	// wdrop is word dropout: in each pass, a known word seen n times is
	// made unknown with probability wdrop/(wdrop+n).
	wdrop = 1.0
)

// Model is a trained tagger model.
type Model struct {
	lex    *lexicon
	w      *perceptron.Table
	wbytes []byte // the weights file (a perceptron.Table)
	meta   string
	// Iterations is the number of training passes over the data whose
	// weights the model has.
	Iterations int
	// Dev is the model's accuracy on the development data (zero without).
	Dev Accuracy
}

// Model files in a model directory.
const (
	metaFile    = "meta.txt"
	lexiconFile = "lexicon.gz"
	weightsFile = "weights.zst"
)

// Tagger returns a tagger that uses the model.
func (m *Model) Tagger() *Tagger { return newTagger(m.lex, m.w) }

// Size is the size of the model's files in bytes.
func (m *Model) Size() (int, error) {
	var b bytes.Buffer
	if err := m.lex.write(&b); err != nil {
		return 0, err
	}
	return b.Len() + len(m.wbytes) + len(m.meta), nil
}

// WriteTo writes the model's files into dir, creating it if needed. The
// same model always gives the same bytes.
func (m *Model) WriteTo(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var lex bytes.Buffer
	if err := m.lex.write(&lex); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		b    []byte
	}{{metaFile, []byte(m.meta)}, {lexiconFile, lex.Bytes()}, {weightsFile, m.wbytes}} {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func readModel(fsys fs.FS) (*Model, error) {
	meta, err := fs.ReadFile(fsys, metaFile)
	if err != nil {
		return nil, err
	}
	if want := "features " + featureVersion + "\n"; !strings.Contains(string(meta), want) {
		return nil, fmt.Errorf("model trained with another feature set (want %q)", strings.TrimSpace(want))
	}
	lf, err := fsys.Open(lexiconFile)
	if err != nil {
		return nil, err
	}
	lex, err := readLexicon(lf)
	lf.Close()
	if err != nil {
		return nil, err
	}
	m := &Model{lex: lex, meta: string(meta)}
	if m.wbytes, err = fs.ReadFile(fsys, weightsFile); err != nil {
		return nil, err
	}
	if m.w, err = perceptron.ReadTable(bytes.NewReader(m.wbytes)); err != nil {
		return nil, err
	}
	if m.w.Classes() != len(lex.classes) {
		return nil, fmt.Errorf("weights have %d classes, lexicon %d", m.w.Classes(), len(lex.classes))
	}
	return m, nil
}

// Accuracy is tagging accuracy over a set of words.
type Accuracy struct {
	Words, UPOS, XPOS, Feats, All int // words, and words right in each
}

// Pct returns n as a percentage of the words.
func (a Accuracy) Pct(n int) float64 {
	if a.Words == 0 {
		return 0
	}
	return 100 * float64(n) / float64(a.Words)
}

func (a Accuracy) String() string {
	return fmt.Sprintf("UPOS %.2f XPOS %.2f UFeats %.2f AllTags %.2f (%d words)",
		a.Pct(a.UPOS), a.Pct(a.XPOS), a.Pct(a.Feats), a.Pct(a.All), a.Words)
}

// Evaluate tags sents with gold words and scores the tags as the CoNLL
// 2018 scorer does with gold tokenisation (Feats compared as sets of
// features; they are sorted in UD files).
func (t *Tagger) Evaluate(sents []*conllu.Sentence) Accuracy {
	var a Accuracy
	var words []string
	var out []Tag
	for _, s := range sents {
		words = words[:0]
		for _, w := range s.Words {
			words = append(words, w.Form)
		}
		out = slices.Grow(out[:0], len(words))[:len(words)]
		t.Tag(words, out)
		for i, w := range s.Words {
			a.Words++
			u, x, f := out[i].UPOS == w.UPOS, out[i].XPOS == w.XPOS, out[i].Feats == unUnderscore(w.Feats)
			if u {
				a.UPOS++
			}
			if x {
				a.XPOS++
			}
			if f {
				a.Feats++
			}
			if u && x && f {
				a.All++
			}
		}
	}
	return a
}

type trainSent struct {
	ws   []wordInfo
	gold []int32
	n    []int32 // how often each word's lower-case form is in the data
}

// prepare describes the words of sents with lex.
func prepare(sents []*conllu.Sentence, lex *lexicon) ([]trainSent, int) {
	index := map[string]int32{}
	for i := range lex.classes {
		index[lex.className(int32(i))] = int32(i)
	}
	nwords := 0
	data := make([]trainSent, 0, len(sents))
	var buf []byte
	count := map[uint64]int32{}
	for _, s := range sents {
		ts := trainSent{ws: make([]wordInfo, len(s.Words)), gold: make([]int32, len(s.Words)), n: make([]int32, len(s.Words))}
		for i, w := range s.Words {
			ts.ws[i], buf = describe(w.Form, buf)
			lex.lookup(&ts.ws[i], buf)
			ts.gold[i] = index[goldName(w)]
			count[ts.ws[i].lowKey]++
		}
		setCase(ts.ws)
		nwords += len(s.Words)
		data = append(data, ts)
	}
	for _, ts := range data {
		for i := range ts.ws {
			ts.n[i] = count[ts.ws[i].lowKey]
		}
	}
	return data, nwords
}

// Train trains a tagger on train, a treebank with gold tags.
func Train(train []*conllu.Sentence, opt TrainOptions) (*Model, error) {
	logf := func(format string, args ...any) {
		if opt.Log != nil {
			opt.Log(fmt.Sprintf(format, args...))
		}
	}
	iters := opt.Iterations
	if iters <= 0 {
		iters = 12
	}
	lex, err := buildLexicon(train)
	if err != nil {
		return nil, err
	}
	data, nwords := prepare(train, lex)
	logf("tagger: %d sentences, %d words, %d classes, %d dictionary words, %d ambiguity classes",
		len(data), nwords, len(lex.classes), len(lex.dictWords), len(lex.ambWords))

	var eval func(w *perceptron.Table) Accuracy
	if len(opt.Dev) > 0 {
		eval = func(w *perceptron.Table) Accuracy { return newTagger(lex, w).Evaluate(opt.Dev) }
	}
	r, err := trainPasses(data, lex, iters, opt.Seed, eval, logf)
	if err != nil {
		return nil, err
	}
	var wb bytes.Buffer
	if _, err := r.w.WriteTo(&wb); err != nil {
		return nil, err
	}
	m := &Model{lex: lex, w: r.w, wbytes: wb.Bytes(), Iterations: r.iters, Dev: r.dev}
	var meta strings.Builder
	fmt.Fprintf(&meta, "dyad part-of-speech tagger\nfeatures %s\n", featureVersion)
	fmt.Fprintf(&meta, "train %d sentences %d words\niterations %d of %d\nseed %d\n", len(data), nwords, m.Iterations, iters, opt.Seed)
	if len(opt.Dev) > 0 {
		fmt.Fprintf(&meta, "dev %s\n", m.Dev)
	}
	m.meta = meta.String()
	return m, nil
}

type passResult struct {
	w     *perceptron.Table
	iters int
	dev   Accuracy
}

// trainPasses trains the perceptron with iters passes over the data.
// With eval, the weights of the pass that scores best on development data
// are kept, else those of the last.
func trainPasses(data []trainSent, lex *lexicon, iters int, seed uint64,
	eval func(*perceptron.Table) Accuracy, logf func(string, ...any)) (passResult, error) {
	nc := len(lex.classes)
	tr := perceptron.NewTrainer(nc)
	rng := rand.New(rand.NewPCG(seed, 0x7461676765720001))
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	scores := make([]float32, nc)
	var fs []uint64
	var best passResult
	drop := rand.New(rand.NewPCG(seed, 0x64726f70))
	var wsd []wordInfo
	for it := 1; it <= iters; it++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		right, seen := 0, 0
		for _, si := range order {
			s := &data[si]
			ws := s.ws
			wsd = append(wsd[:0], ws...)
			for i := range wsd {
				if wsd[i].amb != unknownAmb && drop.Float64()*(wdrop+float64(s.n[i])) < wdrop {
					unknownize(&wsd[i])
				}
			}
			ws = wsd
			p1, p2 := startTag, start2
			for i := range ws {
				guess := ws[i].dict
				if guess < 0 {
					fs = features(fs[:0], ws, i, p1, p2)
					clear(scores)
					tr.Scores(fs, scores)
					guess = int32(perceptron.Best(scores, nil))
					tr.Update(fs, int(s.gold[i]), int(guess))
					tr.Tick()
				}
				if guess == s.gold[i] {
					right++
				}
				seen++
				p2, p1 = p1, uint64(guess)
			}
		}
		if eval == nil && it < iters {
			continue
		}
		pm := tr.Model(prune)
		w := pm.Table()
		r := passResult{w: w, iters: it}
		msg := fmt.Sprintf("tagger: pass %d: train %.2f%%, %d features, %d weights",
			it, 100*float64(right)/float64(seen), pm.Features(), pm.Weights())
		if eval != nil {
			r.dev = eval(w)
			msg += ", dev " + r.dev.String()
		}
		logf("%s", msg)
		if best.w == nil || r.dev.UPOS+r.dev.XPOS > best.dev.UPOS+best.dev.XPOS {
			best = r
		}
	}
	return best, nil
}

// goldName is the name of a word's class: its XPOS and UPOS.
func goldName(w conllu.Word) string {
	x := w.XPOS
	if x == "" || x == "_" {
		x = w.UPOS
	}
	return x + "\t" + w.UPOS
}

// counter counts strings.
type counter map[string]int

func (c counter) top() (string, int, int) {
	best, n, total := "", -1, 0
	for k, v := range c {
		total += v
		if v > n || v == n && k < best {
			best, n = k, v
		}
	}
	return best, n, total
}

// buildLexicon counts the training data.
func buildLexicon(train []*conllu.Sentence) (*lexicon, error) {
	lx, err := newLexicon()
	if err != nil {
		return nil, err
	}
	// Classes, numbered in name order.
	names := counter{}
	for _, s := range train {
		for _, w := range s.Words {
			names[goldName(w)]++
		}
	}
	if len(names) == 0 {
		return nil, errors.New("tagger: no training data")
	}
	if len(names) > 255 {
		return nil, fmt.Errorf("tagger: %d classes, at most 255 supported", len(names))
	}
	index := map[string]int32{}
	for i, n := range sortedKeys(names) {
		index[n] = int32(i)
		x, u, _ := strings.Cut(n, "\t")
		lx.classes = append(lx.classes, class{XPOS: x, UPOS: u})
	}
	type wc = wordClass
	raw := map[string]map[int32]int{}
	low := map[string]map[int32]int{}
	feats := map[wc]counter{}
	classFeats := make([][2]counter, len(lx.classes))
	for i := range lx.classes {
		classFeats[i] = [2]counter{{}, {}}
	}
	add := func(m map[string]map[int32]int, k string, c int32) {
		if m[k] == nil {
			m[k] = map[int32]int{}
		}
		m[k][c]++
	}
	var buf []byte
	for _, s := range train {
		for _, w := range s.Words {
			c := index[goldName(w)]
			var wi wordInfo
			wi, buf = describe(w.Form, buf)
			l := string(buf)
			add(raw, w.Form, c)
			add(low, l, c)
			k := wc{l, c}
			if feats[k] == nil {
				feats[k] = counter{}
			}
			f := unUnderscore(w.Feats)
			feats[k][f]++
			d := 0
			if wi.digit {
				d = 1
			}
			classFeats[c][d][f]++
		}
	}
	for i := range lx.classes {
		cl := &lx.classes[i]
		cl.Feats, _, _ = classFeats[i][0].top()
		cl.FeatsDigit, _, _ = classFeats[i][1].top()
		if len(classFeats[i][0]) == 0 {
			cl.Feats = cl.FeatsDigit
		}
		if len(classFeats[i][1]) == 0 {
			cl.FeatsDigit = cl.Feats
		}
	}
	for form, cs := range raw {
		total, top, topN := 0, int32(-1), 0
		for c, n := range cs {
			total += n
			if n > topN || n == topN && c < top {
				top, topN = c, n
			}
		}
		if total >= dictMin && float64(topN) >= dictFrac*float64(total) && !strings.ContainsAny(form, "\t\n") {
			lx.dictWords[form] = top
		}
	}
	for form, cs := range low {
		total := 0
		for _, n := range cs {
			total += n
		}
		if total < ambMin || strings.ContainsAny(form, "\t\n") {
			continue
		}
		var set []int32
		for c, n := range cs {
			if float64(n) >= ambFrac*float64(total) {
				set = append(set, c)
			}
		}
		// Most frequent first: the first is the word's usual tag.
		slices.SortFunc(set, func(a, b int32) int {
			if cs[a] != cs[b] {
				return cs[b] - cs[a]
			}
			return int(a - b)
		})
		lx.ambWords[form] = set
	}
	for k, fc := range feats {
		if strings.ContainsAny(k.word, "\t\n") {
			continue
		}
		f, _, _ := fc.top()
		// The default the tagger would give this word.
		var wi wordInfo
		wi, buf = describe(k.word, buf)
		def := lx.classes[k.class].Feats
		if wi.digit {
			def = lx.classes[k.class].FeatsDigit
		}
		if f != def {
			lx.featsWords[k] = f
		}
	}
	lx.index()
	return lx, nil
}
