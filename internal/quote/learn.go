package quote

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/dyad-events/dyad/internal/doc"
)

// Learned cues. The cue list (data/cues.txt) names the verbs that report
// speech; news also attributes through a long tail of other verbs ("is
// raising questions about", "openly admires", "has ruled out"). For a
// verb the list does not name, with a subject and a complement, a
// logistic model over the verb's lemma and the shape of its clause
// (data/cues.model, trained by `dyad train quotes` on PolNeAR's train
// split) gives the probability that the complement is attributed to the
// subject; above the model's threshold, the verb is a cue like any other.

// cueModel is a logistic model over string features.
type cueModel struct {
	w         map[string]float64
	bias      float64
	threshold float64 // an unlisted verb is a cue from this probability
	drop      float64 // a listed verb stops being one below this
}

// readCueModel reads the model file: "bias X", "threshold X", then
// "FEATURE<TAB>WEIGHT" lines; # comments.
func readCueModel(r io.Reader) (*cueModel, error) {
	m := &cueModel{w: map[string]float64{}, threshold: 0.5}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if k, v, ok := strings.Cut(line, " "); ok && (k == "bias" || k == "threshold" || k == "drop") {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return nil, fmt.Errorf("cues.model:%d: %s %q: %w", n, k, v, err)
			}
			switch k {
			case "bias":
				m.bias = x
			case "threshold":
				m.threshold = x
			default:
				m.drop = x
			}
			continue
		}
		f, v, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("cues.model:%d: want FEATURE<TAB>WEIGHT", n)
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, fmt.Errorf("cues.model:%d: weight %q: %w", n, v, err)
		}
		m.w[f] = x
	}
	return m, sc.Err()
}

// prob is the model's probability for a verb with features fs.
func (m *cueModel) prob(fs []string) float64 {
	z := m.bias
	for _, f := range fs {
		z += m.w[f]
	}
	return 1 / (1 + math.Exp(-z))
}

// learnedCue decides a verb v with subject subj (or -1) and report
// [from, to): a verb the cue list names stays a cue unless the model
// gives it less than its drop threshold; another verb is a cue when the
// model gives it at least its threshold. When collect is set it records
// the verb as a training candidate instead and answers as the list does.
func (x *extractor) learnedCue(v, subj, from, to int, listed bool) bool {
	m := x.c.model
	if x.collect == nil && (m == nil || listed && m.drop <= 0) {
		return listed // nothing for the model to decide
	}
	fs := x.cueFeatures(v, subj, from, to)
	if listed {
		fs = append(fs, "listed", "listed+lemma="+strings.ToLower(x.d.Tokens[v].Lemma))
	}
	if x.collect != nil {
		span := doc.Span{Start: x.d.Tokens[from].Span.Start, End: x.d.Tokens[to-1].Span.End}
		*x.collect = append(*x.collect, Candidate{Features: fs, Content: span, Listed: listed})
		return listed
	}
	p := m.prob(fs)
	if listed {
		return p >= m.drop
	}
	return p >= m.threshold
}

// cueFeatures describes verb v as a possible cue: its lemma, how its
// complement attaches, who its subject is.
func (x *extractor) cueFeatures(v, subj, from, to int) []string {
	t := x.d.Tokens[v]
	lemma := strings.ToLower(t.Lemma)
	head := from
	for i := from; i < to; i++ {
		if h := x.d.Tokens[i].Head; h == v {
			head = i
			break
		}
	}
	dep := x.d.Tokens[head].Deprel
	fs := []string{"lemma=" + lemma, "lemma+dep=" + lemma + "/" + dep, "dep=" + dep, "vdep=" + t.Deprel, "xpos=" + t.XPOS}
	subjType := "none"
	if subj >= 0 {
		subjType = x.d.Tokens[subj].UPOS
		if m := x.mentionAt[subj]; m >= 0 {
			subjType = x.d.Mentions[m].Type + "/" + x.d.Mentions[m].Kind
		}
	}
	fs = append(fs, "subj="+subjType, "lemma+subj="+lemma+"/"+subjType)
	if subj >= 0 && x.d.Tokens[subj].UPOS == "NOUN" {
		fs = append(fs, "subjlemma="+strings.ToLower(x.d.Tokens[subj].Lemma))
	}
	hl := strings.ToLower(x.d.Tokens[head].Lemma)
	fs = append(fs, "comp="+hl, "lemma+comp="+lemma+"/"+hl)
	if x.hasMark(head, "that") {
		fs = append(fs, "that", "lemma+that="+lemma)
	}
	clause := false
	for _, c := range x.children[head] {
		if strings.HasPrefix(x.d.Tokens[c].Deprel, "nsubj") {
			clause = true
		}
	}
	if clause {
		fs = append(fs, "clause", "lemma+clause="+lemma)
	}
	for _, c := range x.children[v] {
		if x.d.Tokens[c].Deprel == "advmod" {
			if w := strings.ToLower(x.d.Text(x.d.Tokens[c].Span)); w == "not" || w == "n't" || w == "never" {
				fs = append(fs, "neg")
			}
		}
		if x.d.Tokens[c].Deprel == "compound:prt" {
			fs = append(fs, "prt="+lemma+"/"+strings.ToLower(x.d.Text(x.d.Tokens[c].Span)))
		}
	}
	n := x.words(from, to)
	switch {
	case n <= 1:
		fs = append(fs, "len=1")
	case n <= 3:
		fs = append(fs, "len=2-3")
	case n <= 7:
		fs = append(fs, "len=4-7")
	default:
		fs = append(fs, "len=8+")
	}
	if from < v {
		fs = append(fs, "before")
	}
	return fs
}

// Candidate is a verb the cue list does not name that the learned model
// would judge: its features and the content it would report.
type Candidate struct {
	Features []string
	Content  doc.Span
	Listed   bool // the cue list names the verb
}

// Candidates runs the rules over d (which must have been through the
// language and entity stages) and returns the verbs the learned model
// would be asked about, for training it; d.Quotes is set as by Process
// without the model.
func (s *Stage) Candidates(d *doc.Document) ([]Candidate, error) {
	c, err := s.load()
	if err != nil {
		return nil, err
	}
	noModel := *c
	noModel.model = nil
	x := newExtractor(d, &noModel)
	var out []Candidate
	x.collect = &out
	x.run()
	return out, nil
}

// Example is a training example for the cue model.
type Example struct {
	Features []string
	Positive bool
}

// TrainCueModel fits the logistic model to examples by stochastic
// gradient descent with L2 regularisation, in an order fixed by seed,
// and writes it with threshold to w. Features seen fewer than minCount
// times are left out.
func TrainCueModel(w io.Writer, examples []Example, epochs int, l2 float64, minCount int, threshold, drop float64, seed uint64) error {
	count := map[string]int{}
	for _, e := range examples {
		for _, f := range e.Features {
			count[f]++
		}
	}
	wt := map[string]float64{}
	bias := 0.0
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	for ep := range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		lr := 0.1 / (1 + float64(ep))
		for _, i := range order {
			e := examples[i]
			z := bias
			for _, f := range e.Features {
				if count[f] >= minCount {
					z += wt[f]
				}
			}
			p := 1 / (1 + math.Exp(-z))
			y := 0.0
			if e.Positive {
				y = 1
			}
			g := p - y
			bias -= lr * g
			for _, f := range e.Features {
				if count[f] >= minCount {
					wt[f] -= lr * (g + l2*wt[f])
				}
			}
		}
	}
	var keys []string
	for f, x := range wt {
		if math.Abs(x) >= 0.01 {
			keys = append(keys, f)
		}
	}
	slices.Sort(keys)
	var b bytes.Buffer
	fmt.Fprintf(&b, "# cues.model: dyad's learned cue model (internal/quote/learn.go), made by\n# `dyad train quotes`. Logistic weights over verb features; not data of\n# the corpus it was fitted on.\nbias %.4f\nthreshold %.3f\ndrop %.3f\n", bias, threshold, drop)
	for _, f := range keys {
		fmt.Fprintf(&b, "%s\t%.4f\n", f, wt[f])
	}
	_, err := w.Write(b.Bytes())
	return err
}
