package dep

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/dyad-events/dyad/internal/conllu"
	"github.com/dyad-events/dyad/internal/parse/perceptron"
)

// TrainOptions control training. The zero value trains the shipped
// configuration.
type TrainOptions struct {
	// Iterations over the training data; 0 means DefaultIterations.
	Iterations int
	// Seed drives shuffling, exploration and the jackknife taggers.
	Seed uint64
	// Dev, if set, is parsed after every iteration and the scores logged.
	// It is parsed with the tags it has: tag it first (tagger.TagSentences) to
	// measure the parser on predicted tags.
	Dev []*conllu.Sentence
	// Log receives progress messages; nil discards them.
	Log func(string)
	// Members is the number of perceptrons trained, each in its own
	// order (seeds Seed, Seed+1, ...), and averaged into the model; 0
	// means DefaultMembers.
	Members int
	// Beam is the beam width. Only greedy parsing (0 or 1) is
	// implemented: with the dynamic oracle it meets the accuracy target at
	// a fraction of a beam's cost.
	Beam int

	// Tagger trains the taggers that jackknife the training data; it
	// is required unless GoldTags is set.
	Tagger TrainTagger
	// GoldTags trains on the treebank's own tags only. By default the
	// parser trains on two copies of the data: one with the treebank's
	// tags and one with jackknifed tags, so it learns both what the tags
	// mean and what to expect when they are wrong.
	GoldTags bool
	// JackknifeOnly leaves out the gold-tagged copy.
	JackknifeOnly bool
	// Folds is the number of jackknife folds; 0 means 10.
	Folds int
	// Workers is how many jackknife taggers train at once; 0 means
	// min(2, GOMAXPROCS). The model does not depend on it.
	Workers int
	// Explore is the probability of following a wrong prediction from the
	// second iteration on (Goldberg and Nivre 2012); 0 means 0.9, a
	// negative value trains with the static oracle.
	Explore float64
	// Prune drops averaged weights whose magnitude is below it; 0 means
	// DefaultPrune.
	Prune float32
	// FinalPrune, if above 0, drops weights of the averaged model whose
	// magnitude is below it, and the features left with none: a smaller
	// table that parses faster and a little less accurately (the
	// trade-off on EWT dev is in docs/models.md). The shipped model keeps
	// every weight.
	FinalPrune float32
	// NonProjective is how non-projective training trees are handled:
	// "lift" (the default) lifts their arcs until they are projective,
	// "skip" leaves such sentences out.
	NonProjective string
}

// Defaults of TrainOptions.
const (
	DefaultIterations = 9
	DefaultMembers    = 2
	DefaultPrune      = 1.0
)

// trainSent is a training sentence: tokens, gold heads (n for the root)
// and gold label numbers.
type trainSent struct {
	sn     sentence
	gold   []int32
	glabel []int16
}

// Train trains a parser on train, deterministically: the same sentences
// and options give the same model bytes.
func Train(train []*conllu.Sentence, opt TrainOptions) (*Model, error) {
	logf := func(format string, args ...any) {
		if opt.Log != nil {
			opt.Log(fmt.Sprintf(format, args...))
		}
	}
	if opt.Beam > 1 {
		return nil, errors.New("dep: beam search is not implemented; use Beam 0 or 1")
	}
	if opt.Iterations <= 0 {
		opt.Iterations = DefaultIterations
	}
	if opt.Members <= 0 {
		opt.Members = DefaultMembers
	}
	if opt.Folds == 0 {
		opt.Folds = 10
	}
	if opt.Workers <= 0 {
		opt.Workers = min(2, runtime.GOMAXPROCS(0))
	}
	if opt.Explore == 0 {
		opt.Explore = 0.9
	}
	if opt.Prune == 0 {
		opt.Prune = DefaultPrune
	}
	switch opt.NonProjective {
	case "":
		opt.NonProjective = "lift"
	case "lift", "skip":
	default:
		return nil, fmt.Errorf("dep: NonProjective %q (want lift or skip)", opt.NonProjective)
	}

	// The deprel inventory, sorted so that it does not depend on order.
	seen := map[string]bool{"root": true}
	for _, s := range train {
		for _, w := range s.Words {
			if w.Deprel != "" && w.Deprel != "_" {
				seen[w.Deprel] = true
			}
		}
	}
	labels := make([]string, 0, len(seen))
	for l := range seen {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	m, err := newModel(labels, nil)
	if err != nil {
		return nil, err
	}

	m.lex = buildLexicon(train) // from the gold tags
	tagged := train
	if !opt.GoldTags {
		t0 := time.Now()
		if opt.Tagger == nil {
			return nil, errors.New("dep: training on jackknifed tags needs a Tagger (or GoldTags)")
		}
		jk, err := Jackknife(train, opt.Folds, opt.Workers, opt.Seed, opt.Tagger)
		if err != nil {
			return nil, fmt.Errorf("dep: jackknife: %w", err)
		}
		logf("jackknifed tags with %d folds in %s: UPOS %.2f%% XPOS %.2f%%", opt.Folds,
			time.Since(t0).Round(time.Second), 100*tagAccuracy(train, jk, true), 100*tagAccuracy(train, jk, false))
		if opt.JackknifeOnly {
			tagged = jk
		} else {
			tagged = append(append(make([]*conllu.Sentence, 0, 2*len(train)), train...), jk...)
		}
	}

	data, stats := prepare(tagged, m, opt.NonProjective)
	if len(data) == 0 {
		return nil, errors.New("dep: no usable training sentences")
	}
	logf("%d training sentences (%d words); %d non-projective (%d arcs lifted), %d skipped as non-projective, %d skipped as malformed",
		len(data), stats.words, stats.nonProj, stats.lifted, stats.skippedNonProj, stats.malformed)

	var members []*perceptron.Model
	for k := range opt.Members {
		pm, err := trainMember(data, m, opt, opt.Seed+uint64(k), func(format string, args ...any) {
			if opt.Members > 1 {
				format = fmt.Sprintf("member %d of %d: ", k+1, opt.Members) + format
			}
			logf(format, args...)
		})
		if err != nil {
			return nil, err
		}
		members = append(members, pm)
	}
	avg, err := perceptron.Average(members...)
	if err != nil {
		return nil, err
	}
	if opt.FinalPrune > 0 {
		avg = avg.Prune(opt.FinalPrune)
	}
	if err := m.setWeights(avg); err != nil {
		return nil, err
	}
	if len(opt.Dev) > 0 && opt.Members > 1 {
		logf("averaged %d members: dev %s", opt.Members, Evaluate(New(m), opt.Dev))
	}
	logf("model: %d features, %d weights, %.1f MB", m.t.Features(), m.t.Weights(), float64(len(m.weights))/1e6)
	return m, nil
}

// trainMember trains one perceptron on data, shuffling and exploring with
// seed. With dev data it sets m's weights after each pass to score them.
func trainMember(data []trainSent, m *Model, opt TrainOptions, seed uint64, logf func(string, ...any)) (*perceptron.Model, error) {
	ls := m.ls
	tr := perceptron.NewTrainer(ls.classes())
	rng := rand.New(rand.NewPCG(seed, 0xd1ad))
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	var st state
	feats := make([]uint64, 0, 256)
	scores := make([]float32, ls.classes())
	cost := make([]int32, ls.classes())
	for it := range opt.Iterations {
		t0 := time.Now()
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var moves, wrong int
		for _, si := range order {
			s := &data[si]
			st.reset(len(s.gold))
			for !st.terminal() {
				feats = st.features(feats[:0], &s.sn, m.lab)
				clear(scores)
				tr.Scores(feats, scores)
				pred := best(&st, ls, scores)
				lo := st.costs(ls, s.gold, s.glabel, cost)
				next := pred
				if cost[pred] != lo {
					// The best-scoring of the cheapest moves.
					gold := -1
					for c, k := range cost {
						if k == lo && (gold < 0 || scores[c] > scores[gold]) {
							gold = c
						}
					}
					tr.Update(feats, gold, pred)
					wrong++
					if opt.Explore < 0 || it == 0 || rng.Float64() >= opt.Explore {
						next = gold
					}
				}
				tr.Tick()
				moves++
				st.apply(ls, next)
			}
		}
		msg := fmt.Sprintf("iteration %d: %.2f%% of %d moves wrong, %d features, %s", it+1,
			100*float64(wrong)/float64(moves), moves, tr.Features(), time.Since(t0).Round(time.Second))
		if len(opt.Dev) > 0 {
			if err := m.setWeights(tr.Model(opt.Prune)); err != nil {
				return nil, err
			}
			sc := Evaluate(New(m), opt.Dev)
			msg += fmt.Sprintf("; dev %s", sc)
		}
		logf("%s", msg)
	}
	return tr.Model(opt.Prune), nil
}

type prepStats struct {
	words, nonProj, lifted, skippedNonProj, malformed int
}

// prepare turns treebank sentences into training sentences, projectivising
// or skipping non-projective trees and skipping malformed ones.
func prepare(sents []*conllu.Sentence, m *Model, nonProj string) ([]trainSent, prepStats) {
	index := map[string]int{}
	for i, l := range m.labels {
		index[l] = i
	}
	var st prepStats
	var out []trainSent
	for _, s := range sents {
		n := len(s.Words)
		if n == 0 {
			continue
		}
		ts := trainSent{gold: make([]int32, n), glabel: make([]int16, n)}
		ok := true
		for i, w := range s.Words {
			l, known := index[w.Deprel]
			if !known || w.Head < 0 || w.Head > n || w.Head == i+1 {
				ok = false
				break
			}
			h := int32(w.Head - 1)
			if w.Head == 0 {
				h = int32(n)
			}
			ts.gold[i], ts.glabel[i] = h, int16(l)
			if (h == int32(n)) != (l == m.ls.root) {
				ok = false
			}
		}
		if !ok || !isTree(ts.gold) {
			st.malformed++
			continue
		}
		if lifted := projectivize(ts.gold); lifted > 0 {
			st.nonProj++
			if nonProj == "skip" {
				st.skippedNonProj++
				continue
			}
			st.lifted += lifted
		}
		ts.sn.toks = make([]tok, n+1)
		for i, w := range s.Words {
			ts.sn.toks[i] = m.makeTok(w.Form, w.UPOS, w.XPOS)
		}
		ts.sn.toks[n] = rootTok
		st.words += n
		out = append(out, ts)
	}
	return out, st
}

// isTree reports whether heads (n for the root) form a tree with exactly
// one word attached to the root.
func isTree(heads []int32) bool {
	n := int32(len(heads))
	roots := 0
	for i, h := range heads {
		if h == n {
			roots++
		}
		// Walk up at most n steps: a longer walk is a cycle.
		x := int32(i)
		for steps := int32(0); x != n; steps++ {
			if steps > n || x < 0 || x > n {
				return false
			}
			x = heads[x]
		}
	}
	return roots == 1
}

// dominates reports whether h is an ancestor of (or is) d.
func dominates(heads []int32, h, d int32) bool {
	n := int32(len(heads))
	for x := d; ; x = heads[x] {
		if x == h {
			return true
		}
		if x == n {
			return false
		}
	}
}

// nonProjective reports whether the arc to d crosses a word its head
// does not dominate.
func nonProjective(heads []int32, d int32) bool {
	h := heads[d]
	lo, hi := min(h, d), max(h, d)
	for k := lo + 1; k < hi; k++ {
		if !dominates(heads, h, k) {
			return true
		}
	}
	return false
}

// projectivize lifts non-projective arcs, shortest first, to the head's
// head until the tree is projective (Nivre and Nilsson 2005, without
// encoding the lift in the label), and returns how many lifts it made.
func projectivize(heads []int32) int {
	n := int32(len(heads))
	lifts := 0
	for {
		best, bestLen := int32(-1), int32(0)
		for d := int32(0); d < n; d++ {
			if heads[d] == n || !nonProjective(heads, d) {
				continue
			}
			l := heads[d] - d
			if l < 0 {
				l = -l
			}
			if best < 0 || l < bestLen {
				best, bestLen = d, l
			}
		}
		if best < 0 {
			return lifts
		}
		heads[best] = heads[heads[best]]
		lifts++
	}
}

// Score is attachment accuracy over a set of sentences, punctuation
// included.
type Score struct {
	Words int
	// UAS is the share of words with the right head; LAS with the right
	// head and universal relation (subtypes ignored, as the CoNLL 2018
	// scorer does); LASFull with the right head and full relation.
	UAS, LAS, LASFull float64
}

func (s Score) String() string {
	return fmt.Sprintf("UAS %.2f LAS %.2f (full labels %.2f) on %d words", 100*s.UAS, 100*s.LAS, 100*s.LASFull, s.Words)
}

func universal(l string) string {
	u, _, _ := strings.Cut(l, ":")
	return u
}

// Evaluate parses gold's sentences with the tags they have and scores
// the trees against theirs.
func Evaluate(p *Parser, gold []*conllu.Sentence) Score {
	var sc Score
	var uas, las, full int
	var words []Word
	var heads []int
	var labels []string
	for _, s := range gold {
		words = words[:0]
		for _, w := range s.Words {
			words = append(words, Word{Form: w.Form, Lemma: w.Lemma, UPOS: w.UPOS, XPOS: w.XPOS})
		}
		heads = resize(heads, len(words))
		labels = resize(labels, len(words))
		p.Parse(words, heads, labels)
		for i, w := range s.Words {
			sc.Words++
			if heads[i] != w.Head {
				continue
			}
			uas++
			if universal(labels[i]) == universal(w.Deprel) {
				las++
			}
			if labels[i] == w.Deprel {
				full++
			}
		}
	}
	if sc.Words > 0 {
		sc.UAS = float64(uas) / float64(sc.Words)
		sc.LAS = float64(las) / float64(sc.Words)
		sc.LASFull = float64(full) / float64(sc.Words)
	}
	return sc
}

// tagAccuracy is the share of words whose UPOS (or XPOS) in got equals
// the one in gold.
func tagAccuracy(gold, got []*conllu.Sentence, upos bool) float64 {
	var n, right int
	for i, s := range gold {
		for j, w := range s.Words {
			n++
			g := got[i].Words[j]
			if (upos && g.UPOS == w.UPOS) || (!upos && g.XPOS == w.XPOS) {
				right++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(right) / float64(n)
}

// TagAccuracy returns the UPOS and XPOS accuracy of got against gold,
// which must hold the same sentences.
func TagAccuracy(gold, got []*conllu.Sentence) (upos, xpos float64) {
	return tagAccuracy(gold, got, true), tagAccuracy(gold, got, false)
}
