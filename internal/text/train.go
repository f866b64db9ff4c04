package text

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/parse/perceptron"
)

// TrainingText is raw text with its gold sentences, for training the
// sentence boundary model.
type TrainingText struct {
	Body string
	// Paragraphs as in Segment; nil for blank-line paragraphs.
	Paragraphs []doc.Span
	// Sentences are the gold sentence spans, in order.
	Sentences []doc.Span
}

// TrainOptions control TrainBoundaries.
type TrainOptions struct {
	// Iterations is the number of passes over the data (0: 8).
	Iterations int
	// Seed seeds the shuffling of the paragraphs before each pass.
	Seed uint64
	// Prune drops averaged weights smaller than this (0: 1), which
	// keeps the model file small.
	Prune float32
	// Lists are data files by name, as under data/, that replace the
	// embedded ones: a generator trains with the word lists it has just
	// built. The embedded boundary model is never used.
	Lists map[string][]byte
	// Dev sets, by name, are segmented after each pass and their
	// sentence F1 logged; may be nil.
	Dev map[string][]TrainingText
	// Log receives progress messages; may be nil.
	Log func(string)
}

// instance is one candidate gap with its features and gold label.
type instance struct {
	feats    []uint64
	boundary bool
}

// TrainBoundaries trains the sentence boundary model on texts and returns
// it in the file format of data/boundary.model. The same inputs give the
// same bytes.
func TrainBoundaries(texts []TrainingText, opt TrainOptions) ([]byte, error) {
	if opt.Iterations == 0 {
		opt.Iterations = 8
	}
	if opt.Prune == 0 {
		opt.Prune = 1
	}
	logf := func(format string, args ...any) {
		if opt.Log != nil {
			opt.Log(fmt.Sprintf(format, args...))
		}
	}
	files := embeddedFiles()
	maps.Copy(files, opt.Lists)
	delete(files, fileBoundaryModel)
	t, err := parseTables(files)
	if err != nil {
		return nil, err
	}

	// Candidate gaps, grouped by paragraph; the features that look back
	// at the last boundary see the gold one.
	var paras [][]instance
	missed := 0
	for _, tx := range texts {
		goldEnd := map[int]bool{}
		for _, s := range tx.Sentences {
			goldEnd[s.End] = true
		}
		z := &tokenizer{t: t, body: tx.Body}
		sg := &splitter{t: t, body: tx.Body}
		ps := tx.Paragraphs
		if ps == nil {
			ps = Paragraphs(tx.Body)
		}
		for _, p := range ps {
			z.toks = z.toks[:0]
			z.openSingle = false
			z.tokenize(p.Start, p.End)
			toks := z.toks
			if len(toks) < 2 {
				continue
			}
			info := make([]tokInfo, len(toks))
			sg.analyze(toks, info)
			var inst []instance
			last := -1
			for i := 0; i+1 < len(toks); i++ {
				if toks[i].fused {
					continue
				}
				gold := goldEnd[toks[i].end]
				if candidate(info, i) {
					inst = append(inst, instance{feats: features(nil, toks, info, i, last), boundary: gold})
				} else if gold {
					missed++
				}
				if gold {
					last = i
				}
			}
			paras = append(paras, inst)
		}
	}
	n := 0
	for _, p := range paras {
		n += len(p)
	}
	logf("%d paragraphs, %d candidate gaps; %d gold boundaries outside the candidates", len(paras), n, missed)

	tr := perceptron.NewTrainer(2)
	rng := rand.New(rand.NewPCG(opt.Seed, 0x7e47))
	var scores [2]float32
	for it := 1; it <= opt.Iterations; it++ {
		rng.Shuffle(len(paras), func(i, j int) { paras[i], paras[j] = paras[j], paras[i] })
		errs := 0
		for _, p := range paras {
			for _, in := range p {
				scores = [2]float32{}
				tr.Scores(in.feats, scores[:])
				guess := 0
				if scores[1] > scores[0] {
					guess = 1
				}
				gold := 0
				if in.boundary {
					gold = 1
				}
				if guess != gold {
					errs++
					tr.Update(in.feats, gold, guess)
				}
				tr.Tick()
			}
		}
		msg := fmt.Sprintf("pass %d: %d training errors", it, errs)
		if len(opt.Dev) > 0 {
			t.model = compact(tr.Model(opt.Prune), paras)
			for _, name := range slices.Sorted(maps.Keys(opt.Dev)) {
				msg += fmt.Sprintf(", %s sentences F1 %.2f", name, sentenceF1(t, opt.Dev[name]))
			}
		}
		logf("%s", msg)
	}
	data := encodeModel(entries(tr.Model(opt.Prune), paras))
	logf("%d features, %d bytes", (len(data)-len(modelMagic)-8)/10, len(data))
	return data, nil
}

// entries returns the binary weights of every feature seen in training
// that the averaged model kept.
func entries(m *perceptron.Model, paras [][]instance) []modelEntry {
	seen := map[uint64]bool{}
	var out []modelEntry
	var scores [2]float32
	for _, p := range paras {
		for _, in := range p {
			for _, f := range in.feats {
				if seen[f] {
					continue
				}
				seen[f] = true
				scores = [2]float32{}
				m.Scores([]uint64{f}, scores[:])
				if d := scores[1] - scores[0]; d != 0 {
					out = append(out, modelEntry{f, d})
				}
			}
		}
	}
	return out
}

// compact turns an averaged perceptron into the table Segment uses.
func compact(m *perceptron.Model, paras [][]instance) *boundaryWeights {
	m2, err := decodeModel(encodeModel(entries(m, paras)))
	if err != nil {
		panic(err) // encodeModel's own output
	}
	return m2
}

// sentenceF1 segments texts with t and returns the F1 of exactly matching
// sentence spans, in percent.
func sentenceF1(t *tables, texts []TrainingText) float64 {
	gold, sys, ok := 0, 0, 0
	for _, tx := range texts {
		ps := tx.Paragraphs
		if ps == nil {
			ps = Paragraphs(tx.Body)
		}
		ss, _ := segment(t, tx.Body, ps, nil)
		gold += len(tx.Sentences)
		sys += len(ss)
		want := map[doc.Span]bool{}
		for _, s := range tx.Sentences {
			want[s] = true
		}
		for _, s := range ss {
			if want[s.Span] {
				ok++
			}
		}
	}
	if gold+sys == 0 {
		return 0
	}
	return 200 * float64(ok) / float64(gold+sys)
}
