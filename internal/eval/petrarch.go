package eval

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/dyad-events/dyad/internal/petrarch"
)

// EvalPETRARCH reads a PETRARCH validation file, loads the dictionaries
// its <Environment> names (relative to the file), codes its records with
// them and scores the records marked for evaluation by PETRARCH-1's rule:
// a record passes when its coded and expected (source, target, code)
// triples match one to one; a noevents record passes with no event; a
// discard record passes when that discard fires, and another error
// record when nothing is coded. Texts are parsed by parse, or with given
// set read from the records' own CoNLL-U parses where they have them.
// Dictionary entries that could not be read are passed to skipped.
func EvalPETRARCH(path string, parse petrarch.Parser, given bool, skipped func(petrarch.Problem)) (PETRARCHReport, error) {
	f, err := os.Open(path)
	if err != nil {
		return PETRARCHReport{}, err
	}
	suite, err := petrarch.ReadSuite(f)
	f.Close()
	if err != nil {
		return PETRARCHReport{}, fmt.Errorf("%s: %w", path, err)
	}
	dicts, probs, err := petrarch.Load(suite.Files(path))
	if err != nil {
		return PETRARCHReport{}, err
	}
	for _, p := range probs {
		skipped(p)
	}
	rep, err := evalSuite(suite, dicts, parse, given)
	if err != nil {
		return PETRARCHReport{}, fmt.Errorf("%s: %w", path, err)
	}
	return rep, nil
}

// PETRARCHReport is how a coder did on a PETRARCH validation suite.
type PETRARCHReport struct {
	Records        int     `json:"records"`
	Passed         int     `json:"passed"`
	PassRate       float64 `json:"pass_rate"`
	EventPrecision float64 `json:"event_precision"`
	EventRecall    float64 `json:"event_recall"`
	// DyadOnlyRecall is the recall over expected events with both a
	// source and a target.
	DyadOnlyRecall float64                      `json:"dyad_only_recall"`
	Categories     map[string]*PETRARCHCategory `json:"categories"`
	// Errors are the records that could not be coded (a malformed
	// parse); they count as coding nothing, and the rest go on.
	Errors   []string          `json:"errors,omitempty"`
	Failures []PETRARCHFailure `json:"-"`
}

// PETRARCHCategory is the pass rate of one category of records.
type PETRARCHCategory struct {
	Records  int     `json:"records"`
	Passed   int     `json:"passed"`
	PassRate float64 `json:"pass_rate"`
}

// PETRARCHFailure is a record that did not pass.
type PETRARCHFailure struct {
	ID        string
	Want, Got []petrarch.Triple
	Note      string
}

// petrarchTally accumulates a PETRARCHReport.
type petrarchTally struct {
	s                              PETRARCHReport
	coded, correct, want, dyadWant int
	dyadCorrect                    int
}

// Add scores one record against what was coded for it.
func (t *petrarchTally) add(rec petrarch.Record, res petrarch.Result) {
	if t.s.Categories == nil {
		t.s.Categories = map[string]*PETRARCHCategory{}
	}
	cat := t.s.Categories[rec.Category]
	if cat == nil {
		cat = &PETRARCHCategory{}
		t.s.Categories[rec.Category] = cat
	}
	var got []petrarch.Triple
	for _, e := range res.Events {
		got = append(got, petrarch.Triple{Source: e.Source, Target: e.Target, Code: e.Code})
	}
	pass := false
	note := ""
	switch {
	case rec.Error == "sentencediscard":
		pass = res.Discard != nil && !res.Discard.Story
	case rec.Error == "storydiscard":
		pass = res.Discard != nil && res.Discard.Story
	case rec.Error != "":
		// dateline, bad_input_parse: the input is to be refused, so
		// coding nothing passes.
		pass = len(got) == 0
	case rec.NoEvents:
		pass = len(got) == 0
	default:
		matched := 0
		used := make([]bool, len(got))
		for _, w := range rec.Expected {
			dyadic := w.Source != "" && w.Source != "---" && w.Target != "" && w.Target != "---"
			t.want++
			if dyadic {
				t.dyadWant++
			}
			for i, g := range got {
				if !used[i] && g == w {
					used[i] = true
					matched++
					if dyadic {
						t.dyadCorrect++
					}
					break
				}
			}
		}
		t.correct += matched
		t.coded += len(got)
		pass = matched == len(rec.Expected) && len(got) == len(rec.Expected)
	}
	if res.Discard != nil && rec.Error == "" {
		note = "discarded by " + res.Discard.Text
	}
	if res.Err != nil {
		note = res.Err.Error()
		t.s.Errors = append(t.s.Errors, note)
	}
	t.s.Records++
	cat.Records++
	if pass {
		t.s.Passed++
		cat.Passed++
	} else {
		t.s.Failures = append(t.s.Failures, PETRARCHFailure{ID: rec.ID, Want: rec.Expected, Got: got, Note: note})
	}
}

// report returns the totals.
func (t *petrarchTally) report() PETRARCHReport {
	s := t.s
	s.PassRate = ratio(s.Passed, s.Records)
	s.EventPrecision = ratio(t.correct, t.coded)
	s.EventRecall = ratio(t.correct, t.want)
	s.DyadOnlyRecall = ratio(t.dyadCorrect, t.dyadWant)
	for _, c := range s.Categories {
		c.PassRate = ratio(c.Passed, c.Records)
	}
	return s
}

// evalSuite codes the suite's records marked for evaluation with dicts
// and scores them. Each record's text is parsed by parse, or, with given set,
// read from the record's own parse where it has one. A record whose text
// the parser splits into several sentences is coded sentence by sentence.
func evalSuite(s *petrarch.Suite, dicts petrarch.Dictionaries, parse petrarch.Parser, given bool) (PETRARCHReport, error) {
	var t petrarchTally
	for _, r := range s.Records {
		if !s.Included(r) {
			continue
		}
		var sents [][]petrarch.Token
		if given && r.Parse != nil {
			sents = [][]petrarch.Token{r.Parse}
		} else {
			var err error
			if sents, err = parse(r.Text); err != nil {
				return PETRARCHReport{}, fmt.Errorf("record %s (line %d): %w", r.ID, r.Line, err)
			}
		}
		c := &petrarch.Coder{D: dicts, Opt: r.Options}
		var res petrarch.Result
		seen := map[[3]string]bool{}
		for _, toks := range sents {
			one := c.Code(petrarch.Sentence{Tokens: toks, Date: r.Date})
			if one.Err != nil && res.Err == nil {
				res.Err = fmt.Errorf("record %s (line %d): %w", r.ID, r.Line, one.Err)
			}
			if one.Discard != nil && res.Discard == nil {
				res.Discard = one.Discard
			}
			for _, e := range one.Events {
				k := [3]string{e.Source, e.Target, e.Code}
				if !seen[k] {
					seen[k] = true
					res.Events = append(res.Events, e)
				}
			}
		}
		if res.Discard != nil {
			res.Events = nil
		}
		t.add(r, res)
	}
	return t.report(), nil
}

// WriteTable prints the report as a table, with the pass rate of each
// category.
func (r PETRARCHReport) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "records\t%d\n", r.Records)
	fmt.Fprintf(tw, "passed\t%d\n", r.Passed)
	fmt.Fprintf(tw, "pass_rate\t%.3f\n", r.PassRate)
	fmt.Fprintf(tw, "event_precision\t%.3f\n", r.EventPrecision)
	fmt.Fprintf(tw, "event_recall\t%.3f\n", r.EventRecall)
	fmt.Fprintf(tw, "dyad_only_recall\t%.3f\n", r.DyadOnlyRecall)
	fmt.Fprintf(tw, "\ncategory\trecords\tpassed\tpass_rate\n")
	var cats []string
	for c := range r.Categories {
		cats = append(cats, c)
	}
	slices.Sort(cats)
	for _, c := range cats {
		x := r.Categories[c]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\n", strings.ToLower(c), x.Records, x.Passed, x.PassRate)
	}
	return tw.Flush()
}
