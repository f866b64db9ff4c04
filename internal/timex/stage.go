package timex

import (
	"bufio"
	"bytes"
	"context"
	"embed"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
)

//go:embed data/reporting.txt
var dataFS embed.FS

// Anchor values of doc.Timex.
const (
	AnchorPublished = "published"
	AnchorSpeech    = "speech"
)

// lexicon is the stage's word data.
type lexicon struct {
	// reporting are the lemmas of reporting verbs ("say", "add").
	reporting map[string]bool
}

func loadLexicon() (*lexicon, error) {
	b, err := dataFS.ReadFile("data/reporting.txt")
	if err != nil {
		return nil, fmt.Errorf("timex: read reporting verbs: %w", err)
	}
	lx := &lexicon{reporting: map[string]bool{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		lx.reporting[line] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("timex: read reporting verbs: %w", err)
	}
	return lx, nil
}

// Stage finds and resolves the time expressions of a document. It needs
// the language stages' tokens, tags and dependency trees; without trees
// it still finds expressions but has no tense evidence.
type Stage struct {
	load func() (*lexicon, error)
}

// New returns the stage; its word data is read on first use.
func New() *Stage { return &Stage{load: sync.OnceValues(loadLexicon)} }

// Name is the stage's name.
func (s *Stage) Name() string { return "timex" }

// Process fills d.Times, replacing any there were, in text order.
// Expressions that cannot be resolved (no publication date, "30
// February") are reported as problems.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	lx, err := s.load()
	if err != nil {
		return err
	}
	d.Times = nil
	if len(d.Tokens) == 0 {
		return nil
	}
	r := newResolver(lx, d)
	r.find()
	r.resolveAll()
	for i := range r.found {
		f := &r.found[i]
		if f.err != nil {
			d.Problems = append(d.Problems, doc.Problem{Stage: "timex", Span: f.span, Message: fmt.Sprintf("cannot resolve %q: %v", d.Text(f.span), f.err)})
			continue
		}
		d.Times = append(d.Times, doc.Timex{
			Span:        f.span,
			Text:        d.Text(f.span),
			Value:       f.v.Value,
			Granularity: string(f.v.Granularity),
			Start:       f.v.Start,
			End:         f.v.End,
			Anchor:      f.anchor,
			Confidence:  f.conf,
		})
	}
	return nil
}

// found is one expression in the text while resolving.
type found struct {
	start, end int // tokens
	span       doc.Span
	sentence   int
	e          expr
	quoted     bool // inside quotation marks
	reported   bool // in a clause under a reporting verb
	tense      Tense
	done       bool
	v          Value
	anchor     string
	conf       float64
	err        error
}

// resolver holds the work on one document.
type resolver struct {
	lx     *lexicon
	d      *doc.Document
	w      words
	quoted []bool
	tree   *tree
	found  []found
}

func newResolver(lx *lexicon, d *doc.Document) *resolver {
	r := &resolver{lx: lx, d: d}
	n := len(d.Tokens)
	r.w.raw = make([]string, n)
	r.w.low = make([]string, n)
	for i, t := range d.Tokens {
		r.w.raw[i] = d.Text(t.Span)
		r.w.low[i] = strings.ToLower(r.w.raw[i])
	}
	r.tree = newTree(d, r.w.low)
	r.quoted = quotedTokens(d, r.w.raw)
	return r
}

// quotedTokens marks the tokens inside quotation marks: the quote stage's
// quotes when there are any, and the marks themselves paragraph by
// paragraph (a quote does not run over a paragraph break unclosed).
func quotedTokens(d *doc.Document, raw []string) []bool {
	q := make([]bool, len(d.Tokens))
	in, para := false, -1
	for i, t := range d.Tokens {
		if s := t.Sentence; s >= 0 && s < len(d.Sentences) && d.Sentences[s].Paragraph != para {
			para, in = d.Sentences[s].Paragraph, false
		}
		switch raw[i] {
		case "“", "‘", "«":
			in = true
			continue
		case "”", "’", "»":
			in = false
			continue
		case `"`:
			in = !in
			continue
		}
		q[i] = in
	}
	for _, qu := range d.Quotes {
		for _, c := range qu.Content {
			for i, t := range d.Tokens {
				if c.Contains(t.Span) {
					q[i] = true
				}
			}
		}
	}
	return q
}

// find recognises the expressions sentence by sentence, longest first,
// and reads their tense.
func (r *resolver) find() {
	d := r.d
	for si, s := range d.Sentences {
		sw := words{raw: r.w.raw[s.FirstToken:s.EndToken], low: r.w.low[s.FirstToken:s.EndToken]}
		for i := 0; i < len(sw.low); {
			n, e, ok := sw.match(i)
			if !ok {
				i++
				continue
			}
			start, end := s.FirstToken+i, s.FirstToken+i+n
			if e.kind == kindShift {
				last := sw.at(i + n - 1)
				e.complement = (last == "after" || last == "before") && complement(d, start+n, s.EndToken, r.w.low)
			}
			f := found{
				start: start, end: end, sentence: si, e: e,
				span:   doc.Span{Start: d.Tokens[start].Span.Start, End: d.Tokens[end-1].Span.End},
				quoted: r.quoted[start],
			}
			if p := r.tree.predicate(start, end); p >= 0 {
				f.tense = r.tree.tenseOf(p)
				f.reported = !f.quoted && r.tree.reporter(p, r.lx.reporting) >= 0 && f.tense == TenseFuture
			}
			r.found = append(r.found, f)
			i += n
		}
	}
}

// complement says the token at i starts what a shift dates ("a day after
// [a Hamas official said]") rather than ending the phrase ("a day after,
// ...").
func complement(d *doc.Document, i, end int, low []string) bool {
	if i >= end {
		return false
	}
	if d.Tokens[i].UPOS == "PUNCT" {
		return false
	}
	switch low[i] {
	case ",", ".", ";", ":", ")", "”", `"`, "and", "but", "when":
		return false
	}
	return true
}

// resolveAll resolves the narrative first, against the publication date,
// then quotes and reported plans, against the day the speaker spoke,
// which the narrative gives.
func (r *resolver) resolveAll() {
	pub := r.d.Article.Published
	for i := range r.found {
		if !r.found[i].quoted && !r.found[i].reported {
			r.resolveOne(i, pub, AnchorPublished)
		}
	}
	for i := range r.found {
		f := &r.found[i]
		if f.done {
			continue
		}
		if sp, ok := r.speechDay(i); ok {
			r.resolveOne(i, sp, AnchorSpeech)
		} else {
			r.resolveOne(i, pub, AnchorPublished)
		}
	}
}

// resolveOne resolves found i against anchor; a shift takes the nearest
// earlier day in the text on the same side of the quotation marks
// instead, when there is one.
func (r *resolver) resolveOne(i int, anchor time.Time, anchorName string) {
	f := &r.found[i]
	f.done = true
	conf := confidence(f.e, f.tense)
	if f.e.kind == kindShift {
		if j := r.reference(i); j >= 0 {
			anchor, anchorName = r.found[j].v.Date, r.found[j].anchor
			conf += 0.05
		}
	}
	if anchorName == AnchorPublished && f.quoted && !f.e.absolute() {
		// The quote's own day is unknown; the paper's is a guess.
		conf -= 0.1
	}
	if anchor.IsZero() && !f.e.absolute() {
		f.err = fmt.Errorf("no publication date")
		return
	}
	v, err := resolve(f.e, f.tense, anchor)
	if err != nil {
		f.err = err
		return
	}
	if f.e.kind == kindWeekday && f.e.mod == modNone && v.Date.Equal(day(anchor)) {
		// The paper's own weekday is that very day whatever the tense.
		conf = 0.9
	}
	f.v, f.conf = v, conf
	f.anchor = anchorName
	if f.e.absolute() {
		// An absolute date does not depend on the anchor.
		f.anchor = ""
	}
}

// reference is the expression a shift counts from: the last resolved
// day before it in its sentence or the one before, quoted alike.
func (r *resolver) reference(i int) int {
	f := r.found[i]
	for j := i - 1; j >= 0; j-- {
		g := r.found[j]
		if g.sentence < f.sentence-1 {
			break
		}
		if g.done && g.err == nil && g.v.Granularity == Day && g.quoted == f.quoted {
			return j
		}
	}
	return -1
}

// speechDay is the day a quote or reported clause was spoken: a day the
// narrative gives in the same sentence ("he said on Sunday"), else in
// the two sentences before ("Erdogan on Sunday condemned ... 'I will go
// tomorrow,' he said"). Only days not in the future count: words are
// reported after they are said.
func (r *resolver) speechDay(i int) (time.Time, bool) {
	f := r.found[i]
	pick := func(j int) bool {
		g := r.found[j]
		return g.done && g.err == nil && !g.quoted && !g.reported && g.v.Granularity == Day && g.tense != TenseFuture && g.anchor == AnchorPublished
	}
	for j := range r.found {
		if r.found[j].sentence == f.sentence && pick(j) {
			return r.found[j].v.Date, true
		}
	}
	for j := i - 1; j >= 0; j-- {
		if r.found[j].sentence < f.sentence-2 {
			break
		}
		if r.found[j].sentence < f.sentence && pick(j) {
			return r.found[j].v.Date, true
		}
	}
	return time.Time{}, false
}

// absolute says the expression names its date outright.
func (e expr) absolute() bool {
	switch e.kind {
	case kindYear, kindYearSpan:
		return true
	case kindDate, kindMonth:
		return e.y != 0
	}
	return false
}

// confidence is how sure the resolution is, by kind of expression and
// the evidence for it.
func confidence(e expr, t Tense) float64 {
	switch {
	case e.absolute():
		return 0.95
	case e.kind == kindDeictic, e.kind == kindAgo, e.kind == kindRelUnit:
		return 0.9
	case e.kind == kindShift:
		return 0.7
	case e.kind == kindWeekday && e.mod != modNone:
		return 0.9
	case t != TenseUnknown:
		return 0.85
	}
	return 0.7
}
