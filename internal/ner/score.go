package ner

import (
	"fmt"
	"strings"
)

// PRF is exact-span precision, recall and F1 with the counts behind them.
type PRF struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	Correct   int     `json:"correct"`
}

func (p *PRF) finish() {
	p.Precision, p.Recall, p.F1 = 0, 0, 0
	if p.Predicted > 0 {
		p.Precision = float64(p.Correct) / float64(p.Predicted)
	}
	if p.Gold > 0 {
		p.Recall = float64(p.Correct) / float64(p.Gold)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

// Scores are exact-span scores overall and per entity type. A predicted
// span counts as correct when a gold span has the same start, end and type.
type Scores struct {
	PRF
	Types map[string]PRF `json:"types"`
}

// Score compares the predicted spans of each sentence with the gold ones;
// gold and pred have one entry per sentence.
func Score(gold, pred [][]Span) Scores {
	sc := Scores{Types: map[string]PRF{}}
	for _, t := range Types {
		sc.Types[t] = PRF{}
	}
	add := func(typ string, g, p, c int) {
		x := sc.Types[typ]
		x.Gold += g
		x.Predicted += p
		x.Correct += c
		sc.Types[typ] = x
		sc.Gold += g
		sc.Predicted += p
		sc.Correct += c
	}
	for i := range max(len(gold), len(pred)) {
		var gs, ps []Span
		if i < len(gold) {
			gs = gold[i]
		}
		if i < len(pred) {
			ps = pred[i]
		}
		set := make(map[Span]bool, len(gs))
		for _, g := range gs {
			set[g] = true
			add(g.Type, 1, 0, 0)
		}
		for _, p := range ps {
			c := 0
			if set[p] {
				c = 1
				delete(set, p)
			}
			add(p.Type, 0, 1, c)
		}
	}
	sc.finish()
	for t, x := range sc.Types {
		x.finish()
		sc.Types[t] = x
	}
	return sc
}

// String formats the scores as a small table.
func (sc Scores) String() string {
	var b strings.Builder
	row := func(name string, p PRF) {
		fmt.Fprintf(&b, "%-4s P %.4f  R %.4f  F1 %.4f  (gold %d, predicted %d, correct %d)\n", name, p.Precision, p.Recall, p.F1, p.Gold, p.Predicted, p.Correct)
	}
	row("all", sc.PRF)
	for _, t := range Types {
		row(t, sc.Types[t])
	}
	return b.String()
}

// Evaluate runs m over the sentences and scores it against their labels.
// The sentences' XPOS are passed to the model: for a model that uses tags
// (UsesTags) they should come from Tagged.
func Evaluate(m *Model, sents []Sentence) Scores {
	gold := make([][]Span, len(sents))
	pred := make([][]Span, len(sents))
	for i, s := range sents {
		gold[i] = Spans(s.Labels)
		pred[i] = m.Recognise(s.Words, s.XPOS)
	}
	return Score(gold, pred)
}

// EvalFile scores m on an IOB2 file in the UNER format, tagging its
// words with dyad's tagger if the model uses tags.
func EvalFile(m *Model, path string) (Scores, error) {
	sents, err := ReadIOB2(path)
	if err != nil {
		return Scores{}, err
	}
	if m.UsesTags() {
		if sents, err = Tagged(sents); err != nil {
			return Scores{}, err
		}
	}
	return Evaluate(m, sents), nil
}
