package main

import (
	"context"
	"fmt"

	"github.com/dyad-events/dyad/internal/entity"
	"github.com/dyad-events/dyad/internal/ner"
	"github.com/dyad-events/dyad/internal/text"
)

func evalNER(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval ner", "[flags] FILE.iob2",
		`Score the named-entity recogniser on an IOB2 or CoNLL file (words in the
second column, labels in the third, as UNER writes them): exact-span
precision, recall and F1, overall and per type. The recogniser's finer
types are mapped onto the file's PER, ORG and LOC (GPE to LOC; NORP is not
scored). Words are tagged with dyad's tagger first, as in the pipeline.`,
		"  dyad eval ner ../shared/data/ner/UNER_English-EWT/en_ewt-ud-test.iob2 --json")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: give one IOB2 file", errUsage)
	}
	res, err := entity.LoadResources(text.New().Words)
	if err != nil {
		return err
	}
	m, ok := res.NER.(*ner.Model)
	if !ok {
		return fmt.Errorf("eval ner: no recogniser loaded")
	}
	sc, err := ner.EvalFile(m, fs.Arg(0))
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, sc)
	}
	_, err = fmt.Fprintln(e.stdout, sc.String())
	return err
}
