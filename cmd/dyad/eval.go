package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/eval"
	"github.com/dyad-events/dyad/internal/event"
	"github.com/dyad-events/dyad/internal/ingest"
)

func cmdEval(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(e.stdout, `Usage: dyad eval SUITE [flags] ARGS

Score the pipeline against gold data. Each suite prints a table, or with
--json one JSON object.

Suites:
  gold DIR...   seed-format folders (article.txt + gold.json); keys
                entities_recall, entities_strict_recall, places_correct,
                places_total, dates_correct, dates_total, quotes_precision,
                quotes_recall, speaker_accuracy, events_precision,
                events_recall, attributes_correct, attributes_total
  ner FILE      an IOB2 named-entity file (UNER); keys precision, recall,
                f1, overall and per type
  ud FILE       a Universal Dependencies treebank (CoNLL-U), CoNLL 2018
                scoring; --raw starts from raw text; keys tokens_f1,
                sentences_f1, upos, xpos, lemmas, uas, las
  plover FILE   PLOVER gold sentences (JSON); keys sentences,
                event_type_accuracy, source_accuracy, target_accuracy
  quotes DIR    the PolNeAR quote-attribution corpus, --split dev|test|train;
                keys content_f1, content_f1_exact, speaker_accuracy,
                end_to_end_f1
  coref FILE    a CoNLL-U file with coreference (GUM's Entity= marks); keys
                pronouns, resolved, correct, precision, recall, f1 of
                he/she/him/her/his resolution, and per genre
  petrarch FILE a PETRARCH validation suite (XML) with the TABARI/PETRARCH
                dictionaries it names; keys records, passed, pass_rate,
                event_precision, event_recall, dyad_only_recall, categories

Example:
  dyad eval gold ../shared/acceptance/seed --json
  dyad eval ud --raw ../shared/data/ud/UD_English-EWT/en_ewt-ud-test.conllu
  dyad eval quotes ../shared/peers/quotes/polnear --split dev
  dyad eval plover ../shared/peers/corpora/plover-gsr-cameo/PLOVER_GSR_CAMEO.json
  dyad eval petrarch ../shared/peers/petrarch2/universalpetrarch/PETR_Validate_records_2_02.xml
  dyad eval coref ../shared/data/ud/UD_English-GUM/en_gum-ud-dev.conllu
`)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	switch args[0] {
	case "gold":
		return evalGold(ctx, e, args[1:])
	case "ud":
		return evalUD(ctx, e, args[1:])
	case "ner":
		return evalNER(ctx, e, args[1:])
	case "quotes":
		return evalQuotes(ctx, e, args[1:])
	case "plover":
		return evalPLOVER(ctx, e, args[1:])
	case "petrarch":
		return evalPETRARCH(ctx, e, args[1:])
	case "coref":
		return evalCoref(ctx, e, args[1:])
	default:
		return fmt.Errorf("%w: unknown suite %q (want gold, ud, ner, quotes, plover, petrarch or coref)", errUsage, args[0])
	}
}

func evalGold(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval gold", "[flags] DIR...",
		"Run the pipeline on each folder's article.txt, with the outlet and publication\ndate its gold.json gives, and score the output by the rules of\n../shared/acceptance/seed/README.md. Several folders are micro-averaged.",
		"  dyad eval gold ../shared/acceptance/seed\n  dyad eval gold --json --verbose gold/*/")
	asJSON := fs.Bool("json", false, "print one JSON object")
	verbose := fs.Bool("verbose", false, "also list each gold item found or missed (to standard error with --json)")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: give at least one gold folder", errUsage)
	}
	p := newPipeline()
	var total eval.Counts
	for _, dir := range fs.Args() {
		gc, err := eval.LoadGold(dir)
		if err != nil {
			return err
		}
		ga := gc.Gold.Article
		a, err := ingest.Article(gc.Text,
			ingest.Meta{Outlet: ga.Outlet, Published: ga.Published, Language: ga.Language},
			doc.IngestInfo{Source: filepath.Join(dir, "article.txt"), Format: "text"})
		if err != nil {
			return fmt.Errorf("%s: %w", dir, err)
		}
		d := doc.NewDocument(*a)
		if err := p.Process(ctx, d); err != nil {
			return fmt.Errorf("%s: %w", dir, err)
		}
		c, details := eval.Score(gc, d)
		total.Add(c)
		if *verbose {
			w := e.detailOut(*asJSON)
			fmt.Fprintf(w, "== %s\n", dir)
			if err := details.WriteTable(w); err != nil {
				return err
			}
		}
	}
	rep := total.Report()
	if *asJSON {
		return writeJSON(e.stdout, rep)
	}
	return rep.WriteTable(e.stdout)
}

func evalQuotes(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval quotes", "[flags] DIR",
		`Run the pipeline on the primary articles of one PolNeAR split (DIR holds
polnear-<split>.jsonl) and score its quotes by the corpus README's rule:
content pairs one to one at token Jaccard >= 0.6 (content_f1) and 1.0
(content_f1_exact); the speaker is right when it shares a token with the
gold source, or one of its entity's mentions does (the outermost link of
a reporting chain is compared). Develop on train and dev; test is for
reporting only.`,
		"  dyad eval quotes ../shared/peers/quotes/polnear --split dev\n  dyad eval quotes --json --split test ../shared/peers/quotes/polnear")
	split := fs.String("split", "dev", "the split to score: train, dev or test")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: give the PolNeAR directory", errUsage)
	}
	switch *split {
	case "train", "dev", "test":
	default:
		return fmt.Errorf("%w: --split %q: want train, dev or test", errUsage, *split)
	}
	p := newPipeline()
	step, finish := countProgress(e, "articles")
	rep, err := eval.EvalQuotes(ctx, fs.Arg(0), *split, p.Process, step)
	finish()
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, rep)
	}
	return rep.WriteTable(e.stdout)
}

func evalPLOVER(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval plover", "[flags] FILE",
		`Run the pipeline on each PLOVER gold sentence (the CAMEO manual's examples,
coded in PLOVER) and score the events: a sentence's event type is right when
one event's CAMEO code maps through the CAMEO-to-PLOVER crosswalk to the
gold type; source and target are right by country and sector.`,
		"  dyad eval plover ../shared/peers/corpora/plover-gsr-cameo/PLOVER_GSR_CAMEO.json\n  dyad eval plover --json --verbose PLOVER_GSR_CAMEO.json")
	asJSON := fs.Bool("json", false, "print one JSON object")
	verbose := fs.Bool("verbose", false, "list each sentence whose event type is wrong, with what was coded (to standard error with --json)")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: give the PLOVER gold file", errUsage)
	}
	cw, err := event.LoadCrosswalk()
	if err != nil {
		return err
	}
	ploverType := func(code string) string {
		t, _ := cw.Lookup(code)
		return t.Event
	}
	rep, err := eval.EvalPLOVER(ctx, fs.Arg(0), ploverType, newPipeline().Process)
	if err != nil {
		return err
	}
	if *verbose {
		w := e.detailOut(*asJSON)
		for _, m := range rep.Misses {
			fmt.Fprintf(w, "MISS %s want %s %s->%s got %v\n     %s\n", m.ID, m.Want, m.Source, m.Target, m.Got, m.Text)
		}
	}
	if *asJSON {
		return writeJSON(e.stdout, rep)
	}
	return rep.WriteTable(e.stdout)
}

func evalCoref(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval coref", "[flags] FILE.conllu",
		`Run the pipeline on each document of a CoNLL-U file that marks coreference
(GUM's Entity= annotations, CorefUD brackets) and score how it resolves
he, she, him, her, his, hers, himself and herself. A pronoun counts when
its gold chain names its referent earlier; it is right when the entity it
is linked to has a name or description inside a gold mention of that
chain. Develop on train and dev; test is for reporting only.`,
		"  dyad eval coref ../shared/data/ud/UD_English-GUM/en_gum-ud-dev.conllu\n  dyad eval coref --json --verbose en_gum-ud-dev.conllu")
	asJSON := fs.Bool("json", false, "print one JSON object")
	verbose := fs.Bool("verbose", false, "list each pronoun resolved wrongly or not at all (to standard error with --json)")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: give one CoNLL-U file", errUsage)
	}
	step, finish := countProgress(e, "documents")
	rep, err := eval.EvalCoref(ctx, fs.Arg(0), newPipeline().Process, step)
	finish()
	if err != nil {
		return err
	}
	if *verbose {
		w := e.detailOut(*asJSON)
		for _, m := range rep.Misses {
			got := "unresolved"
			if m.Resolved {
				got = "got " + m.Got
			}
			fmt.Fprintf(w, "MISS %s %q want %q %s\n     %s\n", m.Doc, m.Pronoun, m.Want, got, strings.ReplaceAll(m.Context, "\n", " "))
		}
	}
	if *asJSON {
		return writeJSON(e.stdout, rep)
	}
	return rep.WriteTable(e.stdout)
}
