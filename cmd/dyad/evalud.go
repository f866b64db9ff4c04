package main

import (
	"context"
	"fmt"

	"github.com/dyad-events/dyad/internal/conllu"
	"github.com/dyad-events/dyad/internal/eval"
	"github.com/dyad-events/dyad/internal/parse"
	"github.com/dyad-events/dyad/internal/pipeline"
)

func evalUD(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval ud", "[flags] FILE.conllu",
		`Score the language stack on a Universal Dependencies treebank, as the CoNLL
2018 shared task does. With --raw, the raw text is rebuilt from the # text
comments and the whole stack runs on it (tokens and sentences are scored,
words aligned by character offsets); without it, the gold tokens are given
and only tagging, lemmatisation and parsing run. Figures are percentages.`,
		"  dyad eval ud --raw ../shared/data/ud/UD_English-EWT/en_ewt-ud-test.conllu\n  dyad eval ud --json en_gum-ud-dev.conllu")
	raw := fs.Bool("raw", false, "start from raw text")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: give one CoNLL-U file", errUsage)
	}
	gold, err := conllu.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	p := pipeline.New(parse.New())
	if *raw {
		p = newLanguagePipeline()
	}
	rep, err := eval.EvalUD(ctx, gold, *raw, p.Process)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, rep)
	}
	return rep.WriteTable(e.stdout)
}
