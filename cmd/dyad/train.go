package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/dyad-events/dyad/internal/conllu"
	"github.com/dyad-events/dyad/internal/entity"
	"github.com/dyad-events/dyad/internal/eval"
	"github.com/dyad-events/dyad/internal/ner"
	"github.com/dyad-events/dyad/internal/parse/dep"
	"github.com/dyad-events/dyad/internal/parse/tagger"
	"github.com/dyad-events/dyad/internal/quote"
	"github.com/dyad-events/dyad/internal/text"
)

// nonCommercialGUM are GUM's genres whose licence forbids commercial use:
// they never go into shipped models (../shared/data/README.md).
var nonCommercialGUM = []string{"essay", "fiction", "letter", "podcast", "whow"}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func cmdTrain(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(e.stdout, `Usage: dyad train MODEL --train FILE... --dev FILE --out DIR

Train one of dyad's language models on Universal Dependencies treebanks.
Training is reproducible: the same data and --seed give the same model bytes.
GUM documents of the non-commercial genres (essay, fiction, letter, podcast,
whow) are left out unless --keep-noncommercial is given.

Models:
  tagger   part-of-speech tagger (UPOS, XPOS, features)
  parser   labelled dependency parser
  ner      named-entity recogniser (reads UNER and the other NER corpora
           under --data; the actor dictionary is its gazetteer)
  quotes   the quote stage's learned cue model (reads PolNeAR's train split;
           weights only go into the model, never the corpus)

Example:
  dyad train tagger --train ud/en_ewt-ud-train.conllu --train ud/en_gum-ud-train.conllu \
      --dev ud/en_ewt-ud-dev.conllu --out internal/parse/tagger/model
`)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	model := args[0]
	if model == "ner" {
		return trainNER(e, args[1:])
	}
	if model == "quotes" {
		return trainQuotes(ctx, e, args[1:])
	}
	fs := newFlags(e, "train "+model, "--train FILE... --dev FILE --out DIR", "Train the "+model+" on CoNLL-U treebanks.",
		"  dyad train "+model+" --train en_ewt-ud-train.conllu --dev en_ewt-ud-dev.conllu --out /tmp/"+model)
	var trainFiles stringList
	fs.Var(&trainFiles, "train", "CoNLL-U training file (repeatable)")
	devFile := fs.String("dev", "", "CoNLL-U development file, for choosing the number of iterations")
	out := fs.String("out", "", "directory to write the model to")
	iterations := fs.Int("iterations", 0, "training iterations (0: the model's default)")
	seed := fs.Uint64("seed", 1, "random seed for shuffling")
	members := fs.Int("members", 0, "parser: perceptrons trained in different orders and averaged (0: the default, 2)")
	finalPrune := fs.Float64("final-prune", 0, "parser: drop averaged weights below this magnitude, for a smaller, faster, slightly less accurate model (0 keeps all; see docs/models.md)")
	keepNC := fs.Bool("keep-noncommercial", false, "keep GUM's non-commercial genres (never for shipped models)")
	if err := parseFlags(e, fs, args[1:]); err != nil {
		return err
	}
	if len(trainFiles) == 0 || *out == "" {
		return fmt.Errorf("%w: --train and --out are required", errUsage)
	}
	var train []*conllu.Sentence
	for _, f := range trainFiles {
		sents, err := conllu.ReadFile(f)
		if err != nil {
			return err
		}
		if !*keepNC {
			sents = conllu.KeepDocs(sents, commercialDoc)
		}
		train = append(train, sents...)
	}
	var dev []*conllu.Sentence
	if *devFile != "" {
		var err error
		if dev, err = conllu.ReadFile(*devFile); err != nil {
			return err
		}
	}
	logf := func(msg string) { fmt.Fprintf(e.stderr, "%s %s\n", time.Now().Format("15:04:05"), msg) }
	fmt.Fprintf(e.stderr, "training %s on %d sentences\n", model, len(train))
	switch model {
	case "tagger":
		m, err := tagger.Train(train, tagger.TrainOptions{Iterations: *iterations, Seed: *seed, Dev: dev, Log: logf})
		if err != nil {
			return err
		}
		return m.WriteTo(*out)
	case "parser":
		if len(dev) > 0 {
			// Score dev as the parser will meet it: with the shipped
			// tagger's tags, not the treebank's.
			tg, err := tagger.Load()
			if err != nil {
				return err
			}
			dev = tg.TagSentences(dev)
		}
		m, err := dep.Train(train, dep.TrainOptions{Iterations: *iterations, Seed: *seed, Dev: dev, Log: logf,
			Members: *members, FinalPrune: float32(*finalPrune), Tagger: jackknifeTagger})
		if err != nil {
			return err
		}
		return m.WriteTo(*out)
	default:
		return fmt.Errorf("%w: unknown model %q (want tagger or parser)", errUsage, model)
	}
}

// jackknifeTagger trains dyad's tagger for the parser's jackknife, with
// the number of passes the shipped tagger chose on development data.
func jackknifeTagger(train []*conllu.Sentence, seed uint64) (func([]*conllu.Sentence) []*conllu.Sentence, error) {
	m, err := tagger.Train(train, tagger.TrainOptions{Seed: seed, Iterations: 10})
	if err != nil {
		return nil, err
	}
	return m.Tagger().TagSentences, nil
}

// commercialDoc reports whether a treebank document may go into a shipped
// model.
func commercialDoc(id string) bool {
	for _, g := range nonCommercialGUM {
		if strings.HasPrefix(id, "GUM_"+g+"_") {
			return false
		}
	}
	return true
}

// trainNER trains the recogniser on the corpora under --data, choosing
// the number of passes on UNER EWT dev.
func trainNER(e *env, args []string) error {
	fs := newFlags(e, "train ner", "--data DIR --out DIR", "Train the named-entity recogniser on the NER corpora under DIR (../shared/data).",
		"  dyad train ner --data ../shared/data --out internal/ner/model")
	data := fs.String("data", "", "directory with ner/UNER_English-EWT and the other corpora")
	out := fs.String("out", "", "directory to write the model to")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *data == "" || *out == "" {
		return fmt.Errorf("%w: --data and --out are required", errUsage)
	}
	dict, err := entity.LoadDictionary(text.New().Words)
	if err != nil {
		return err
	}
	return ner.TrainDefault(*data, *out, entity.NewGazetteer(dict), e.stderr)
}

// trainQuotes fits the quote stage's learned cue model on PolNeAR train.
func trainQuotes(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "train quotes", "--polnear DIR --out FILE", "Fit the quote stage's learned cue model (internal/quote/learn.go) on PolNeAR's train split.",
		"  dyad train quotes --polnear ../shared/peers/quotes/polnear --out internal/quote/data/cues.model")
	dir := fs.String("polnear", "", "the PolNeAR directory (polnear-train.jsonl)")
	out := fs.String("out", "", "model file to write")
	epochs := fs.Int("epochs", 5, "passes over the examples")
	l2 := fs.Float64("l2", 1e-4, "L2 regularisation")
	minCount := fs.Int("min-count", 3, "leave out features seen fewer times")
	threshold := fs.Float64("threshold", 0.3, "probability from which a verb the cue list does not name is a cue (choose on dev)")
	drop := fs.Float64("drop", 0, "probability below which a verb the cue list names is not a cue (choose on dev)")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *dir == "" || *out == "" {
		return fmt.Errorf("%w: --polnear and --out are required", errUsage)
	}
	step, finish := countProgress(e, "articles")
	exs, err := eval.QuoteCueExamples(ctx, *dir, "train", newPipelineBefore("quote").Process, quote.New(), step)
	finish()
	if err != nil {
		return err
	}
	pos := 0
	for _, x := range exs {
		if x.Positive {
			pos++
		}
	}
	fmt.Fprintf(e.stderr, "train quotes: %d candidate verbs, %d positive\n", len(exs), pos)
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := quote.TrainCueModel(f, exs, *epochs, *l2, *minCount, *threshold, *drop, 1); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
