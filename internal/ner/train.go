package ner

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/dyad-events/dyad/internal/parse/perceptron"
)

// Options control training.
type Options struct {
	// Epochs is the number of passes over the training data (0: 12).
	// With Dev data the model keeps the weights of the pass that scored
	// best on Dev.
	Epochs int
	// Seed seeds the shuffling of the training data before each pass.
	Seed uint64
	// Prune drops averaged weights smaller than this (0: 0.05).
	Prune float32
	// Gazetteer, if not nil, gives dictionary features; the model records
	// its name.
	Gazetteer Gazetteer
	// POS adds the Penn Treebank tags of dyad's tagger (parse/tagger) as
	// features: the sentences' XPOS, tagged by Train where missing (see
	// Tagged). The model then needs tags in Recognise.
	POS bool
	// Names is the name list file (names.tsv.gz, see BuildNames), or
	// nil for none; the model keeps a copy.
	Names []byte
	// WordDropout is the probability with which a training word is
	// made unknown (its form and lower-case features replaced) in a pass,
	// so that the model learns to use context and spelling.
	WordDropout float64
	// DomainFeatures gives each corpus (Sentence.Domain) its own copy of
	// every feature besides the shared one; the model then reads text
	// with the copies of the target domain, UNER EWT.
	DomainFeatures bool
	// Dev is development data, scored after each pass; may be nil.
	Dev []Sentence
	// Note is a free-text line stored in the model's meta.txt (the
	// training data, say).
	Note string
	// Log receives progress messages; may be nil.
	Log io.Writer
}

// Train trains a model. Training is deterministic: the same sentences,
// options and seed give the same model bytes.
func Train(sents []Sentence, opt Options) (*Model, error) {
	if len(sents) == 0 {
		return nil, errors.New("ner: no training sentences")
	}
	for i, s := range sents {
		if len(s.Words) != len(s.Labels) {
			return nil, fmt.Errorf("ner: training sentence %d has %d words and %d labels", i, len(s.Words), len(s.Labels))
		}
	}
	epochs := opt.Epochs
	if epochs <= 0 {
		epochs = 12
	}
	prune := opt.Prune
	if prune == 0 {
		prune = 0.05
	}
	logf := func(format string, args ...any) {
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, format+"\n", args...)
		}
	}
	mt := meta{version: featureVersion, note: opt.Note, domains: opt.DomainFeatures}
	if opt.Gazetteer != nil {
		mt.gazetteer = opt.Gazetteer.Name()
	}
	dev := opt.Dev
	if opt.POS {
		// One call, so the tagger is loaded at most once.
		all, err := Tagged(append(append(make([]Sentence, 0, len(sents)+len(dev)), sents...), dev...))
		if err != nil {
			return nil, err
		}
		sents, dev = all[:len(sents):len(sents)], all[len(sents):]
		if opt.Dev == nil {
			dev = nil
		}
		mt.pos = true
	}
	var nm *names
	if opt.Names != nil {
		var err error
		if nm, err = readNames(bytes.NewReader(opt.Names)); err != nil {
			return nil, err
		}
		mt.names = true
	}
	tr := perceptron.NewTrainer(nClasses)
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x6e65720001))
	drop := rand.New(rand.NewPCG(opt.Seed, 0x64726f70))
	s := &scratch{buf: make([]byte, 0, 64)}
	scores := make([]float32, nClasses)
	gold := make([]int, 0, 64)
	var fold func(*perceptron.Model) *perceptron.Model
	if opt.DomainFeatures {
		fold = domainFolder(sents)
	}
	var best *Model
	bestF := -1.0
	for ep := 1; ep <= epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var correct, total int
		for _, si := range order {
			sn := sents[si]
			prepare(s, sn.Words, sn.XPOS, opt.Gazetteer, opt.POS, nm)
			if opt.WordDropout > 0 {
				for i := range s.ws {
					if drop.Float64() < opt.WordDropout {
						s.ws[i].form, s.ws[i].low = unkWord, unkWord
					}
				}
			}
			gold = gold[:0]
			for _, l := range sn.Labels {
				gold = append(gold, classOf(l))
			}
			var dom uint64
			if opt.DomainFeatures {
				dom = domainHash(sn.Domain)
			}
			p1, p2 := nClasses, nClasses
			for i := range sn.Words {
				s.fs = features(s.fs[:0], s.ws, i, p1, p2, opt.POS, dom)
				clear(scores)
				tr.Scores(s.fs, scores)
				guess := bestAllowed(scores, p1)
				tr.Update(s.fs, gold[i], guess)
				tr.Tick()
				if guess == gold[i] {
					correct++
				}
				total++
				p2, p1 = p1, guess
			}
		}
		mt.epochs = ep
		var pm *perceptron.Model
		if opt.DomainFeatures {
			// Folded before pruning, so that a feature and its copy
			// are pruned by their sum, as they are scored.
			pm = fold(tr.Model(0)).Prune(prune)
			mt.folded = true
		} else {
			pm = tr.Model(prune)
		}
		m := newModel(pm.Table(), mt, opt.Gazetteer)
		m.names, m.namesData, m.weights = nm, opt.Names, pm
		if dev == nil {
			logf("epoch %d: train accuracy %.4f, %d features", ep, float64(correct)/float64(total), tr.Features())
			best = m
			continue
		}
		sc := Evaluate(m, dev)
		logf("epoch %d: train accuracy %.4f, %d features; dev F1 %.4f (PER %.4f ORG %.4f LOC %.4f)", ep,
			float64(correct)/float64(total), tr.Features(), sc.F1, sc.Types["PER"].F1, sc.Types["ORG"].F1, sc.Types["LOC"].F1)
		if sc.F1 > bestF {
			best, bestF = m, sc.F1
		}
	}
	if dev != nil {
		logf("kept epoch %d: dev F1 %.4f", best.meta.epochs, bestF)
	}
	return best, nil
}

// TrainMembers trains members models with seeds opt.Seed,
// opt.Seed+1, ... and returns the one whose weights are their mean
// (perceptron.Average): the ensemble of perceptrons trained in different
// orders, at the cost of one model. Each member keeps its best epoch on
// opt.Dev.
func TrainMembers(sents []Sentence, opt Options, members int) (*Model, error) {
	if members <= 1 {
		return Train(sents, opt)
	}
	if opt.POS {
		all, err := Tagged(append(append(make([]Sentence, 0, len(sents)+len(opt.Dev)), sents...), opt.Dev...))
		if err != nil {
			return nil, err
		}
		sents, opt.Dev = all[:len(sents):len(sents)], all[len(sents):]
	}
	var ms []*Model
	var pms []*perceptron.Model
	for k := range members {
		o := opt
		o.Seed = opt.Seed + uint64(k)
		m, err := Train(sents, o)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
		pms = append(pms, m.weights)
	}
	avg, err := perceptron.Average(pms...)
	if err != nil {
		return nil, err
	}
	mt := ms[0].meta
	mt.members = members
	m := newModel(avg.Table(), mt, opt.Gazetteer)
	m.names, m.namesData, m.weights = ms[0].names, ms[0].namesData, avg
	return m, nil
}

// domainFolder returns the function that folds the domain copies of a
// model's features into the shared features (perceptron.Model.FoldCopies):
// the target domain's copy of each feature is added to it and the copies
// of the other corpora of trained dropped, so that the model reads text
// with half the lookups and a table less than half the size, scoring as
// the copies would.
func domainFolder(trained []Sentence) func(*perceptron.Model) *perceptron.Model {
	seen := map[string]bool{"": true}
	var others []uint64
	for _, s := range trained {
		if !seen[s.Domain] {
			seen[s.Domain] = true
			others = append(others, domainHash(s.Domain))
		}
	}
	target := domainHash("")
	return func(pm *perceptron.Model) *perceptron.Model {
		buf := make([]uint64, len(others))
		return pm.FoldCopies(func(k uint64) (uint64, []uint64) {
			for i, d := range others {
				buf[i] = perceptron.Key(perceptron.Fold(k, d))
			}
			return perceptron.Key(perceptron.Fold(k, target)), buf
		})
	}
}
