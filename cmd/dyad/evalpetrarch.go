package main

import (
	"context"
	"fmt"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/eval"
	"github.com/dyad-events/dyad/internal/petrarch"
)

func evalPETRARCH(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval petrarch", "[flags] RECORDS.xml",
		`Code a PETRARCH validation suite with the dictionaries its <Environment>
names (paths relative to the file) and score it by PETRARCH-1's rule: a
record passes when its coded and expected (source, target, code) triples
match one to one; a noevents record passes with no event; a discard
record passes when that discard fires. Only records marked for evaluation
in the categories the file's <Include> lists are scored. Texts are parsed
by dyad's own models unless --given-parses.`,
		"  dyad eval petrarch ../shared/peers/petrarch2/universalpetrarch/PETR_Validate_records_2_02.xml\n  dyad eval petrarch --given-parses --json --verbose PETR_Validate_records_2_02.xml")
	asJSON := fs.Bool("json", false, "print one JSON object")
	given := fs.Bool("given-parses", false, "use the records' own CoNLL-U parses where they have them")
	verbose := fs.Bool("verbose", false, "list each failing record (to standard error with --json)")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: give one validation records file", errUsage)
	}
	score, err := eval.EvalPETRARCH(fs.Arg(0), dyadParser(ctx), *given, func(p petrarch.Problem) {
		e.log.Warn("dictionary entry skipped", "at", fmt.Sprintf("%s:%d", p.File, p.Line), "problem", p.Msg)
	})
	if err != nil {
		return err
	}
	out := e.stdout
	if *verbose {
		w := e.detailOut(*asJSON)
		for _, fl := range score.Failures {
			fmt.Fprintf(w, "FAIL %s want %v got %v %s\n", fl.ID, fl.Want, fl.Got, fl.Note)
		}
	}
	if *asJSON {
		return writeJSON(out, score)
	}
	return score.WriteTable(out)
}

// dyadParser parses text with dyad's language stages.
func dyadParser(ctx context.Context) petrarch.Parser {
	lang := newLanguagePipeline()
	return func(text string) ([][]petrarch.Token, error) {
		d := doc.NewDocument(doc.Article{ID: "petrarch", Body: text})
		if err := lang.Process(ctx, d); err != nil {
			return nil, err
		}
		return petrarch.DocSentences(d), nil
	}
}
