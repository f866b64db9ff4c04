package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/dyad-events/dyad/internal/doc"
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
	path := fs.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	suite, err := petrarch.ReadSuite(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	dicts, probs, err := petrarch.Load(suite.Files(path))
	if err != nil {
		return err
	}
	for _, p := range probs {
		e.log.Warn("dictionary entry skipped", "at", fmt.Sprintf("%s:%d", p.File, p.Line), "problem", p.Msg)
	}
	score, err := suite.Evaluate(dicts, dyadParser(ctx), *given)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	out := e.stdout
	if *verbose {
		w := out
		if *asJSON {
			w = e.stderr
		}
		for _, fl := range score.Failures {
			fmt.Fprintf(w, "FAIL %s want %v got %v %s\n", fl.ID, fl.Want, fl.Got, fl.Note)
		}
	}
	if *asJSON {
		return writeJSON(out, score)
	}
	return writePETRARCHTable(out, score)
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

func writePETRARCHTable(w io.Writer, s petrarch.Score) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "records\t%d\n", s.Records)
	fmt.Fprintf(tw, "passed\t%d\n", s.Passed)
	fmt.Fprintf(tw, "pass_rate\t%.3f\n", s.PassRate)
	fmt.Fprintf(tw, "event_precision\t%.3f\n", s.EventPrecision)
	fmt.Fprintf(tw, "event_recall\t%.3f\n", s.EventRecall)
	fmt.Fprintf(tw, "dyad_only_recall\t%.3f\n", s.DyadOnlyRecall)
	fmt.Fprintf(tw, "\ncategory\trecords\tpassed\tpass_rate\n")
	var cats []string
	for c := range s.Categories {
		cats = append(cats, c)
	}
	slices.Sort(cats)
	for _, c := range cats {
		x := s.Categories[c]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\n", strings.ToLower(c), x.Records, x.Passed, x.PassRate)
	}
	return tw.Flush()
}
