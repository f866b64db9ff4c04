// Package quote finds who said what in a document: direct quotes in
// quotation marks (across sentences and paragraphs, split around their
// cue), partial quotes inside reported speech, and indirect speech from
// the dependency parse ("X said (that) ...", "according to X, ..."),
// each with its cue, its speaker resolved to an entity of the entity
// stage (pronouns and descriptions included), and its reporting chain
// ("Ashtiani said, quoted by Tasnim": via Tasnim).
//
// It runs after the language and entity stages and reads their tokens,
// trees, mentions and entities. A speaker the entity stage did not link
// (an unnamed "spokesman", "sources") becomes a new mention and entity,
// so that every quote with a speaker has one.
package quote

import (
	"bufio"
	"bytes"
	"context"
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/doc"
)

//go:embed data
var dataFS embed.FS

// cues are the words that introduce reported speech.
type cues struct {
	verbs map[string]bool // lemmas of speech verbs
	// quoting are speech verbs that introduce quotations in marks only:
	// “...,” he continued; but "support continues to grow" reports
	// nothing.
	quoting  map[string]bool
	thoughts map[string]bool // lemmas of verbs of belief and intent
	// addressee are verbs whose object is who is spoken to ("told
	// reporters"), not what is said.
	addressee map[string]bool
	// preps are verbs that report through a preposition: "called for
	// the repeal", "accused her of lying", lemma -> prepositions.
	preps map[string][]string
	// nouns and adjectives report through a dependent ("criticism of",
	// "critical of", "concern that").
	nouns, adjectives map[string]bool
	phrases           [][]string // lower-case words
	// model judges verbs the list does not name (learn.go); nil without
	// data/cues.model.
	model *cueModel
}

func loadCues() (*cues, error) {
	b, err := dataFS.ReadFile("data/cues.txt")
	if err != nil {
		return nil, fmt.Errorf("quote: read cues: %w", err)
	}
	c := &cues{verbs: map[string]bool{}, quoting: map[string]bool{}, thoughts: map[string]bool{}, addressee: map[string]bool{}, preps: map[string][]string{}, nouns: map[string]bool{}, adjectives: map[string]bool{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, rest, _ := strings.Cut(line, " ")
		switch kind {
		case "verb":
			c.verbs[strings.TrimSpace(rest)] = true
		case "quoting":
			c.verbs[strings.TrimSpace(rest)] = true
			c.quoting[strings.TrimSpace(rest)] = true
		case "thought":
			c.thoughts[strings.TrimSpace(rest)] = true
		case "addressee":
			c.addressee[strings.TrimSpace(rest)] = true
		case "noun":
			c.nouns[strings.TrimSpace(rest)] = true
		case "adjective":
			c.adjectives[strings.TrimSpace(rest)] = true
		case "prep":
			f := strings.Fields(rest)
			if len(f) != 2 {
				return nil, fmt.Errorf("quote: data/cues.txt:%d: want \"prep LEMMA PREPOSITION\"", n)
			}
			c.preps[f[0]] = append(c.preps[f[0]], f[1])
		case "phrase":
			c.phrases = append(c.phrases, strings.Fields(strings.ToLower(rest)))
		default:
			return nil, fmt.Errorf("quote: data/cues.txt:%d: unknown kind %q (want verb, quoting, thought, addressee, prep, noun, adjective or phrase)", n, kind)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if mb, err := dataFS.ReadFile("data/cues.model"); err == nil {
		if c.model, err = readCueModel(bytes.NewReader(mb)); err != nil {
			return nil, fmt.Errorf("quote: %w", err)
		}
	}
	return c, nil
}

// Stage extracts the quotes of a document.
type Stage struct {
	load func() (*cues, error)
}

// New returns the stage; its cue list is read on first use.
func New() *Stage { return &Stage{load: sync.OnceValues(loadCues)} }

// Name implements pipeline.Stage.
func (s *Stage) Name() string { return "quote" }

// Process implements pipeline.Stage: it sets d.Quotes, and adds mentions
// and entities for speakers the entity stage left unlinked.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	c, err := s.load()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x := newExtractor(d, c)
	x.run()
	return nil
}

// extractor holds the indexes of one document.
type extractor struct {
	d    *doc.Document
	c    *cues
	body string
	// children[i] are the dependents of token i, in order.
	children [][]int
	// mentionAt[i] is the longest mention containing token i, or -1.
	mentionAt []int
	// inQuote[i] is the region containing token i, or -1.
	inQuote []int
	regions []region
	// cueUsed marks cue tokens that already introduce a quote region, so
	// indirect speech does not report the same words twice.
	cueUsed map[int]bool
	// spoken are the contents of colon introductions (transcript lines),
	// whose quotation marks are part of them.
	spoken []doc.Span
	// collect, when set, receives the verbs the learned model would be
	// asked about (for training it) instead of asking it.
	collect *[]Candidate
}

func newExtractor(d *doc.Document, c *cues) *extractor {
	n := len(d.Tokens)
	x := &extractor{d: d, c: c, body: d.Article.Body, children: make([][]int, n), mentionAt: make([]int, n), inQuote: make([]int, n), cueUsed: map[int]bool{}}
	for i, t := range d.Tokens {
		if t.Head >= 0 && t.Head < n {
			x.children[t.Head] = append(x.children[t.Head], i)
		}
		x.mentionAt[i], x.inQuote[i] = -1, -1
	}
	for mi, m := range d.Mentions {
		for i := x.firstToken(m.Span.Start); i < n && d.Tokens[i].Span.Start < m.Span.End; i++ {
			if !m.Span.Contains(d.Tokens[i].Span) {
				continue
			}
			if cur := x.mentionAt[i]; cur < 0 || d.Mentions[cur].Span.Len() < m.Span.Len() {
				x.mentionAt[i] = mi
			}
		}
	}
	return x
}

// firstToken is the index of the first token ending after byte off.
func (x *extractor) firstToken(off int) int {
	return sortSearch(len(x.d.Tokens), func(i int) bool { return x.d.Tokens[i].Span.End > off })
}

func sortSearch(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if !f(h) {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

func (x *extractor) run() {
	x.regions = findRegions(x.body, x.d.Article.Paragraphs)
	for ri, r := range x.regions {
		for i := x.firstToken(r.content.Start); i < len(x.d.Tokens) && x.d.Tokens[i].Span.Start < r.content.End; i++ {
			x.inQuote[i] = ri
		}
	}
	x.transcript()
	// Quotes in quotation marks first, in text order, so that a region
	// without a cue can take the speaker of the quote before it.
	lastPara, lastIdx := -1, -1
	for ri := range x.regions {
		q, ok := x.direct(ri)
		if !ok {
			continue
		}
		para := x.paragraphOf(x.regions[ri].content.Start)
		if q.Cue.Len() == 0 {
			x.dashSpeaker(&q, ri)
		}
		if q.Cue.Len() == 0 {
			x.colonSpeaker(&q, ri)
		}
		if q.Cue.Len() == 0 {
			// No cue: a quote that continues the one before it (in the
			// same paragraph, or opening the paragraph after it) has the
			// same speaker and is part of it.
			if lastIdx >= 0 && q.Kind == doc.QuoteDirect && (lastPara == para || lastPara == para-1 && x.regions[ri].cont >= 0 || lastPara == para-1 && x.opensParagraph(ri)) {
				prev := &x.d.Quotes[lastIdx]
				if prev.Kind == doc.QuoteDirect && prev.Speaker >= 0 && x.onlyCueBetween(prev, q) {
					prev.Content = append(prev.Content, q.Content...)
					prev.Text += " " + q.Text
					for _, s := range q.Sentences {
						if !slices.Contains(prev.Sentences, s) {
							prev.Sentences = append(prev.Sentences, s)
						}
					}
					lastPara = para
					continue
				}
			}
			// A quotation nobody is said to have spoken: a whole clause
			// of at least four words is kept, without a speaker, and
			// noted as a problem (the text attributes it somewhere the
			// rules do not reach); shorter ones are scare quotes and
			// titles.
			if q.Kind == doc.QuoteDirect && x.words(x.tokensOf(q.Content[0])) >= 4 {
				x.d.Problems = append(x.d.Problems, doc.Problem{Stage: "quote", Span: q.Content[0], Message: "quotation without a speaker"})
				x.d.Quotes = append(x.d.Quotes, q)
			}
			continue
		}
		// A quote with a cue whose speaker cannot be found is kept with
		// its speaker unknown rather than lost, unless it is a word or
		// two (the so-called “experts”).
		if q.Speaker < 0 && q.SpeakerMention < 0 && x.words(x.tokensOf(q.Content[0])) < 3 {
			continue
		}
		x.d.Quotes = append(x.d.Quotes, q)
		lastIdx, lastPara = len(x.d.Quotes)-1, para
	}
	x.mergeSplit()
	x.indirect()
	slices.SortStableFunc(x.d.Quotes, func(a, b doc.Quote) int { return a.Content[0].Start - b.Content[0].Start })
	// Mentions added for speakers keep each entity's list in text order.
	for i := range x.d.Entities {
		slices.SortStableFunc(x.d.Entities[i].Mentions, func(a, b int) int {
			return x.d.Mentions[a].Span.Start - x.d.Mentions[b].Span.Start
		})
	}
}

// colonSpeaker attributes a quotation that opens a paragraph after one
// ending in a colon to the speech verb before the colon ("He told the
// crowd:" then “...”).
func (x *extractor) colonSpeaker(q *doc.Quote, ri int) {
	if !x.opensParagraph(ri) {
		return
	}
	pi := x.paragraphOf(x.regions[ri].outer.Start)
	if pi == 0 {
		return
	}
	prev := x.paragraphs()[pi-1]
	if !strings.HasSuffix(strings.TrimSpace(x.body[prev.Start:prev.End]), ":") {
		return
	}
	from, to := x.tokensOf(prev)
	for v := to - 1; v >= from && v >= to-12; v-- {
		if x.isSpeech(v) && x.inQuote[v] < 0 {
			if subj := x.subject(v); subj >= 0 {
				q.Kind = doc.QuoteDirect
				x.attribute(q, v)
				return
			}
		}
	}
}

// dashSpeaker attributes a quotation followed by a dash and a name to
// the end of its paragraph (“...” ― Pamela Padilla), as reader letters
// and pull quotes are signed.
func (x *extractor) dashSpeaker(q *doc.Quote, ri int) {
	r := x.regions[ri]
	p := x.paragraphs()[x.paragraphOf(r.outer.Start)]
	rest := x.body[r.outer.End:p.End]
	trimmed := strings.TrimLeft(rest, " \t\u00a0")
	dash, size := utf8.DecodeRuneInString(trimmed)
	if !strings.ContainsRune("―—–-", dash) || size == 0 {
		return
	}
	start := r.outer.End + (len(rest) - len(trimmed)) + size
	from, to := x.tokensOf(doc.Span{Start: start, End: p.End})
	// The name: capitalised words up to a comma or the end.
	end := from
	for end < to && end-from < 6 {
		w := x.d.Text(x.d.Tokens[end].Span)
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !(end > from && (w == "." || w == "-")) {
			break
		}
		end++
	}
	if end == from {
		return
	}
	q.Cue = doc.Span{Start: start - size, End: start}
	q.SpeakerMention, q.Speaker = x.mentionOf(from, end, end-1)
}

// onlyCueBetween reports whether nothing but a's cue clause ("she
// said.") and punctuation lies between quotes a and b.
func (x *extractor) onlyCueBetween(a *doc.Quote, b doc.Quote) bool {
	end, start := a.Content[len(a.Content)-1].End, b.Content[0].Start
	if start <= end {
		return false
	}
	from, to := x.tokensOf(doc.Span{Start: end, End: start})
	cueInside := a.Cue.Start >= end && a.Cue.End <= start
	n := x.words(from, to)
	// The cue clause may name the speaker at length ("Quentin Kidd, a
	// political scientist at Christopher Newport University, said").
	return n == 0 || cueInside && n <= 30
}

// paragraphs are the article's paragraphs, or the whole body as one.
func (x *extractor) paragraphs() []doc.Span {
	if len(x.d.Article.Paragraphs) == 0 {
		return []doc.Span{{Start: 0, End: len(x.body)}}
	}
	return x.d.Article.Paragraphs
}

// opensParagraph reports whether region ri starts its paragraph.
func (x *extractor) opensParagraph(ri int) bool {
	p := x.paragraphs()[x.paragraphOf(x.regions[ri].outer.Start)]
	return strings.TrimSpace(x.body[p.Start:x.regions[ri].outer.Start]) == ""
}

func (x *extractor) paragraphOf(off int) int {
	for i, p := range x.paragraphs() {
		if p.Start <= off && off < p.End {
			return i
		}
	}
	return 0
}

// sentenceOf is the index of the sentence containing byte off, or -1.
func (x *extractor) sentenceOf(off int) int {
	i := sortSearch(len(x.d.Sentences), func(i int) bool { return x.d.Sentences[i].Span.End > off })
	if i < len(x.d.Sentences) && x.d.Sentences[i].Span.Start <= off {
		return i
	}
	return -1
}

func (x *extractor) words(from, to int) int {
	n := 0
	for i := from; i < to; i++ {
		if isWordToken(x.d.Text(x.d.Tokens[i].Span)) {
			n++
		}
	}
	return n
}

func isWordToken(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// tokensOf returns the token range [from, to) inside span.
func (x *extractor) tokensOf(s doc.Span) (from, to int) {
	from = x.firstToken(s.Start)
	to = from
	for to < len(x.d.Tokens) && x.d.Tokens[to].Span.Start < s.End {
		to++
	}
	return from, to
}

// direct turns region ri into a quote: kind, cue, speaker and via. It
// reports false for what is not a quote: headings, titles and scare
// quotes of one or two words with no speech around them.
func (x *extractor) direct(ri int) (doc.Quote, bool) {
	r := x.regions[ri]
	for _, sp := range x.spoken {
		if sp.Contains(r.content) {
			return doc.Quote{}, false
		}
	}
	from, to := x.tokensOf(r.content)
	q := doc.Quote{Speaker: -1, SpeakerMention: -1, Content: []doc.Span{r.content}}
	q.Text = x.d.Text(r.content)
	nw := x.words(from, to)
	if nw == 0 {
		return q, false
	}
	// A heading: the quote is the whole paragraph, short, and ends
	// without punctuation (the seed's ‘Urgent ceasefire’).
	para := x.d.Article.Paragraphs
	for _, p := range para {
		if p.Start <= r.outer.Start && r.outer.End <= p.End {
			rest := strings.TrimSpace(x.body[p.Start:r.outer.Start] + x.body[r.outer.End:p.End])
			last, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(q.Text))
			if rest == "" && nw <= 12 && !strings.ContainsRune(".?!,;:…", last) {
				return q, false
			}
		}
	}
	sents := x.sentencesOf(r.outer)
	for _, s := range sents {
		q.Sentences = append(q.Sentences, s)
	}
	// The kind: a quote that opens its sentence (or follows a colon, or
	// opens with a capital after a comma) and is a clause of its own is
	// direct; one that is part of the writer's clause is partial.
	q.Kind = doc.QuotePartial
	if x.opensClause(r, from) {
		q.Kind = doc.QuoteDirect
	}
	cue, ok := x.cueFor(from, to, ri)
	if !ok && nw <= 2 {
		// "scare quotes" and titles of one or two words with no speech
		// around them are not quotes.
		return q, false
	}
	if ok {
		cue = x.outermost(cue)
		x.attribute(&q, cue)
		x.cueUsed[cue] = true
		if q.Kind == doc.QuotePartial {
			q.Clause = x.clause(from, to, cue)
			if q.Clause == nil && cue < from && x.d.Tokens[cue].Sentence == x.d.Tokens[from].Sentence {
				// The tree does not say: the report runs from the cue to
				// the end of the quotation.
				if cf, ct := x.trim(cue+1, to); cf < from {
					q.Clause = []doc.Span{{Start: x.d.Tokens[cf].Span.Start, End: x.d.Tokens[ct-1].Span.End}}
				}
			}
		}
	}
	return q, true
}

// outermost climbs from cue v to the reporting verb whose complement
// holds it ("he said he hopes the day sends a message that “...”": said),
// as long as the speaker stays the same, so that the report is the whole
// of what the speaker said.
func (x *extractor) outermost(v int) int {
	for steps := 0; steps < 3; steps++ {
		h := x.d.Tokens[v].Head
		if h < 0 || x.d.Tokens[v].Deprel != "ccomp" || !x.isCue(h) || x.inQuote[h] >= 0 {
			return v
		}
		s1, s2 := x.subject(v), x.subject(h)
		if s1 < 0 || s2 < 0 {
			return v
		}
		m1, m2 := x.mentionAt[s1], x.mentionAt[s2]
		if m1 < 0 || m2 < 0 || x.d.Mentions[m1].Entity < 0 || x.d.Mentions[m1].Entity != x.d.Mentions[m2].Entity {
			return v
		}
		v = h
	}
	return v
}

// clause is the reported clause of a partial quote with tokens [from,
// to) under cue: the subtree of the cue's dependent that holds the quote,
// without a leading "that" or edge punctuation; nil when it is no larger
// than the quote.
func (x *extractor) clause(from, to, cue int) []doc.Span {
	h := from
	for h >= 0 && x.d.Tokens[h].Head >= 0 && x.d.Tokens[h].Head != cue {
		h = x.d.Tokens[h].Head
		if h >= 0 && x.d.Tokens[h].Sentence != x.d.Tokens[from].Sentence {
			return nil
		}
	}
	if h < 0 || x.d.Tokens[h].Head != cue {
		return nil
	}
	switch x.d.Tokens[h].Deprel {
	case "ccomp", "xcomp", "obj", "advcl", "parataxis", "obl":
	default:
		return nil
	}
	cf, ct := x.subtree(h)
	cf, ct = x.trim(cf, ct)
	if cf >= ct || (cf >= from && ct <= to) {
		return nil
	}
	return []doc.Span{{Start: x.d.Tokens[cf].Span.Start, End: x.d.Tokens[ct-1].Span.End}}
}

// trim drops punctuation at both edges of tokens [from, to) and a
// trailing comment of the writer's set off by a comma or a dash: a
// participle clause ("..., implicitly putting his name on the line"), an
// apposition ("..., an oil-and-gas extraction method known as fracking"),
// a non-restrictive relative clause ("..., which votes on March 1"). A leading "that" stays:
// it is part of the reported clause as PolNeAR marks it.
func (x *extractor) trim(from, to int) (int, int) {
	for i := from + 1; i < to; i++ {
		if cut, ok := x.trailingComment(i, from, to); ok {
			to = cut
			break
		}
	}
	for from < to && !isWordToken(x.d.Text(x.d.Tokens[from].Span)) {
		from++
	}
	for to > from && !isWordToken(x.d.Text(x.d.Tokens[to-1].Span)) {
		to--
	}
	return from, to
}

// trailingComment reports whether token i heads a comment that runs to
// the end of [from, to) and where the report ends if so.
func (x *extractor) trailingComment(i, from, to int) (int, bool) {
	t := x.d.Tokens[i]
	cf, ct := x.subtree(i)
	if ct < to || cf <= from+2 {
		return 0, false
	}
	setOff := func() bool {
		for _, k := range []int{cf - 1, cf} {
			switch x.d.Text(x.d.Tokens[k].Span) {
			case ",", "–", "—", "--", ";":
				return true
			}
		}
		return false
	}
	switch {
	case t.Deprel == "advcl" && t.XPOS == "VBG",
		t.Deprel == "appos",
		t.Deprel == "acl:relcl" && x.relativeWord(cf, i):
		if setOff() {
			return cf, true
		}
	}
	return 0, false
}

// relativeWord reports whether the relative clause headed by v, starting
// at token from, opens with which, who, whom, whose or where (a
// non-restrictive clause does; "that" is restrictive).
func (x *extractor) relativeWord(from, v int) bool {
	for k := from; k < v; k++ {
		switch strings.ToLower(x.d.Text(x.d.Tokens[k].Span)) {
		case ",", "–", "—":
			continue
		case "which", "who", "whom", "whose", "where":
			return true
		}
		return false
	}
	return false
}

// sentencesOf lists the sentences that s overlaps.
func (x *extractor) sentencesOf(s doc.Span) []int {
	var out []int
	for i := max(0, x.sentenceOf(s.Start)); i < len(x.d.Sentences) && x.d.Sentences[i].Span.Start < s.End; i++ {
		if x.d.Sentences[i].Span.Overlaps(s) {
			out = append(out, i)
		}
	}
	return out
}

// opensClause reports whether the quote stands as a clause of its own:
// it starts its sentence, or follows a colon or a comma, with a capital
// letter, or runs over a whole sentence.
func (x *extractor) opensClause(r region, from int) bool {
	first, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(x.body[r.content.Start:r.content.End], unicode.IsSpace))
	si := x.sentenceOf(r.outer.Start)
	if si < 0 {
		return false
	}
	before := strings.TrimSpace(x.body[x.d.Sentences[si].Span.Start:r.outer.Start])
	if before == "" || r.cont >= 0 {
		return true
	}
	if strings.HasSuffix(before, ":") {
		return unicode.IsUpper(first)
	}
	if strings.HasSuffix(before, ",") {
		// "said that, “Of course ...”" is part of the writer's clause.
		w := strings.Fields(strings.TrimSuffix(before, ","))
		if len(w) > 0 && strings.EqualFold(w[len(w)-1], "that") {
			return false
		}
		return unicode.IsUpper(first)
	}
	return false
}

// isCue reports whether token i is a reporting verb or a verb of
// belief or intent.
func (x *extractor) isCue(i int) bool {
	if x.isSpeech(i) {
		return true
	}
	t := x.d.Tokens[i]
	if t.UPOS != "VERB" {
		return false
	}
	lemma := strings.ToLower(t.Lemma)
	return x.c.thoughts[lemma] || x.prepObject(i) >= 0
}

// prepObject is the dependent of verb v that a "prep" cue reports ("the
// repeal" of "called for the repeal"), or -1.
func (x *extractor) prepObject(v int) int {
	ps := x.c.preps[strings.ToLower(x.d.Tokens[v].Lemma)]
	if len(ps) == 0 {
		return -1
	}
	for _, c := range x.children[v] {
		if c > v && (x.d.Tokens[c].Deprel == "obl" || x.d.Tokens[c].Deprel == "advcl") {
			for _, p := range ps {
				if x.hasCase(c, p) || x.hasMark(c, p) {
					return c
				}
			}
		}
	}
	return -1
}

// hasMark reports whether token t has a mark child with text w.
func (x *extractor) hasMark(t int, w string) bool {
	for _, c := range x.children[t] {
		if x.d.Tokens[c].Deprel == "mark" && strings.EqualFold(x.d.Text(x.d.Tokens[c].Span), w) {
			return true
		}
	}
	return false
}

// isSpeech reports whether token i is a verb of speech or writing.
func (x *extractor) isSpeech(i int) bool {
	t := x.d.Tokens[i]
	if t.UPOS != "VERB" && !(t.UPOS == "AUX" && t.Lemma == "say") {
		return false
	}
	return x.c.verbs[strings.ToLower(t.Lemma)]
}

// cueFor finds the reporting verb of the quote whose tokens are
// [from, to): the nearest reporting verb above the quote in the tree,
// else one attached to the quote's own head (a parenthetical "he said"),
// else the nearest one in the quote's sentences outside the quote that
// has a subject ("..., X said." after a quote of several sentences).
func (x *extractor) cueFor(from, to, ri int) (int, bool) {
	inside := func(i int) bool { return i >= from && i < to }
	var heads []int
	for i := from; i < to; i++ {
		h := x.d.Tokens[i].Head
		if h < 0 || !inside(h) {
			heads = append(heads, i)
		}
	}
	for _, h := range heads {
		// The nearest verb of speech above the quote; a verb of belief or
		// intent ("Trump favors a “strongman approach,” she said") only
		// when no verb of speech governs it.
		thought := -1
		for j, steps := x.d.Tokens[h].Head, 0; j >= 0 && steps < 8; j, steps = x.d.Tokens[j].Head, steps+1 {
			if inside(j) || x.inQuote[j] >= 0 {
				continue
			}
			if x.isSpeech(j) {
				return j, true
			}
			if thought < 0 && x.isCue(j) {
				thought = j
			}
		}
		if thought >= 0 {
			return thought, true
		}
		for _, c := range x.children[h] {
			if !inside(c) && x.isCue(c) && x.inQuote[c] < 0 {
				return c, true
			}
		}
	}
	// Any verb introduces a quotation after a colon ("Trump boomed:
	// “...”", "Devine responded: “I guess so.”").
	if from >= 2 && x.d.Text(x.d.Tokens[from-2].Span) == ":" && x.d.Tokens[from-2].Sentence == x.d.Tokens[from].Sentence {
		for _, h := range heads {
			for j, steps := x.d.Tokens[h].Head, 0; j >= 0 && steps < 4; j, steps = x.d.Tokens[j].Head, steps+1 {
				if inside(j) || x.inQuote[j] >= 0 {
					continue
				}
				if j < from-2 && x.d.Tokens[j].UPOS == "VERB" && x.subject(j) >= 0 {
					return j, true
				}
				break
			}
		}
	}
	// The nearest reporting verb with a subject in the quote's
	// sentences, after the quote first. A quotation that ends with its
	// own "!" or "?" leaves its cue to the next sentence (“...!” Clinton
	// said).
	sents := x.sentencesOf(x.regions[ri].outer)
	next := -1
	if n := x.firstToken(x.regions[ri].outer.End); n < len(x.d.Tokens) {
		si := x.d.Tokens[n].Sentence
		if len(sents) > 0 && si == sents[len(sents)-1]+1 && n == x.d.Sentences[si].FirstToken &&
			x.d.Sentences[si].Paragraph == x.d.Sentences[sents[len(sents)-1]].Paragraph &&
			strings.TrimSpace(x.body[x.regions[ri].outer.End:x.d.Tokens[n].Span.Start]) == "" {
			last, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(x.d.Text(x.regions[ri].content)))
			if last == '!' || last == '?' {
				next = si
				sents = append(sents, si)
			}
		}
	}
	best, bestDist := -1, 1<<30
	for _, si := range sents {
		s := x.d.Sentences[si]
		for i := s.FirstToken; i < s.EndToken; i++ {
			if si == next && i > s.FirstToken+6 {
				break
			}
			if inside(i) || x.inQuote[i] >= 0 || !x.isSpeech(i) || x.subject(i) < 0 && (i < to || x.nameBetween(x.regions[ri].outer.End, i) < 0) {
				continue
			}
			dist := i - to
			if i < from {
				dist = (from - i) * 2 // after the quote is the usual place
			}
			if dist < bestDist {
				best, bestDist = i, dist
			}
		}
	}
	return best, best >= 0
}

// subject is the subject token of verb v: its nsubj, else the subject of
// the verb it depends on (a shared subject: "he said ..., adding that"),
// or -1. A passive "X was quoted as saying" gives X.
func (x *extractor) subject(v int) int {
	first := v
	for steps := 0; v >= 0 && steps < 4; steps++ {
		for _, c := range x.children[v] {
			switch x.d.Tokens[c].Deprel {
			case "nsubj", "nsubj:pass":
				if x.d.Tokens[c].Deprel == "nsubj:pass" && x.d.Tokens[v].Lemma != "quote" {
					continue
				}
				if x.d.Tokens[c].UPOS == "VERB" || x.d.Tokens[c].UPOS == "SCONJ" {
					return -1 // a clause is no speaker
				}
				return c
			}
		}
		// "..., said Republican party boss Reince Priebus": the subject
		// after the verb, which parsers often attach as an object.
		if v > 0 && x.isSpeech(v) && x.c.addressee[strings.ToLower(x.d.Tokens[v].Lemma)] == false {
			if prev := x.d.Text(x.d.Tokens[v-1].Span); prev == "”" || prev == "\"" || prev == "’" || prev == "''" {
				for _, c := range x.children[v] {
					if c > v && c <= v+6 {
						switch x.d.Tokens[c].Deprel {
						case "obl", "obj", "appos", "nmod", "iobj", "dep":
							if u := x.d.Tokens[c].UPOS; (u == "PROPN" || u == "NOUN") && !x.hasCase(c, "to") {
								return c
							}
						}
					}
				}
				// The parser hung the name elsewhere ("said Ms. Gil, whose
				// family moved..." with Gil the subject of "moved"): the
				// noun phrase right after the verb.
				if h := x.phraseHead(v+1, x.d.Sentences[x.d.Tokens[v].Sentence].EndToken); h >= 0 {
					return h
				}
			}
		}
		switch x.d.Tokens[v].Deprel {
		case "advcl", "xcomp", "conj", "acl":
			v = x.d.Tokens[v].Head
		default:
			return x.participleSubject(first)
		}
	}
	return x.participleSubject(first)
}

// participleSubject is the subject of the main clause for a participle
// set off by a comma ("Fiorina was upfront about her distaste for Trump,
// the front-runner, saying ..."), which the parser may have hung on the
// nearest noun; -1 for other verbs.
func (x *extractor) participleSubject(v int) int {
	t := x.d.Tokens[v]
	if t.XPOS != "VBG" || v == 0 || x.d.Text(x.d.Tokens[v-1].Span) != "," {
		return -1
	}
	s := x.d.Sentences[t.Sentence]
	for r := s.FirstToken; r < s.EndToken; r++ {
		if x.d.Tokens[r].Head < 0 {
			if r == v || x.inQuote[r] >= 0 {
				return -1
			}
			for _, c := range x.children[r] {
				if d := x.d.Tokens[c].Deprel; d == "nsubj" && c < v && x.d.Tokens[c].UPOS != "VERB" {
					return c
				}
			}
			return -1
		}
	}
	return -1
}

// attribute fills the cue, speaker and reporting chain of q from cue
// token v.
func (x *extractor) attribute(q *doc.Quote, v int) {
	q.Cue = x.d.Tokens[v].Span
	subj := x.subject(v)
	// "he was quoted as saying by Tasnim": the speaker is the subject of
	// "quoted", the agent a link of the chain.
	if subj < 0 && x.d.Tokens[v].Deprel == "advcl" {
		if h := x.d.Tokens[v].Head; h >= 0 && x.d.Tokens[h].Lemma == "quote" {
			subj = x.subject(h)
		}
	}
	if subj < 0 && len(q.Content) > 0 {
		subj = x.nameBetween(q.Content[len(q.Content)-1].End, v)
	}
	if subj >= 0 {
		q.SpeakerMention, q.Speaker = x.speakerMention(subj)
	}
	q.Via = x.via(v, q.Speaker)
}

// nameBetween finds the speaker the parser did not make the subject of
// cue v when the words between the end of the quotation (byte offset
// end) and the cue are a name and its apposition (“...,” Graham, a
// former candidate, told CBS): the head of the name, or -1.
func (x *extractor) nameBetween(end, v int) int {
	from := x.firstToken(end)
	if from >= v || x.d.Tokens[from].Sentence != x.d.Tokens[v].Sentence {
		return -1
	}
	for from < v && !isWordToken(x.d.Text(x.d.Tokens[from].Span)) {
		from++
	}
	return x.phraseHead(from, v)
}

// phraseEnd is where the noun phrase that starts at token from ends: the
// first token that is not a determiner, adjective, number or noun, or to.
func (x *extractor) phraseEnd(from, to int) int {
	i := from
	for ; i < to; i++ {
		t := x.d.Tokens[i]
		if x.d.Text(t.Span) == "-" && i > from && i+1 < to && x.d.Tokens[i-1].Span.End == t.Span.Start && t.Span.End == x.d.Tokens[i+1].Span.Start {
			continue // "the 46-year-old"
		}
		if !isWordToken(x.d.Text(t.Span)) {
			return i
		}
		switch t.UPOS {
		case "PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM":
		default:
			return i
		}
	}
	return i
}

// phraseHead is the head of the noun phrase that starts at token from and
// ends at a punctuation mark or at to (its last noun, or an adjective
// used as one: "the 46-year-old"), or -1 when the words there are not a
// noun phrase by themselves.
func (x *extractor) phraseHead(from, to int) int {
	end := x.phraseEnd(from, to)
	if end == from || end < to && isWordToken(x.d.Text(x.d.Tokens[end].Span)) {
		return -1
	}
	for i := end - 1; i >= from; i-- {
		switch x.d.Tokens[i].UPOS {
		case "PROPN", "NOUN", "PRON":
			return i
		case "ADJ":
			if i > from && x.d.Tokens[i-1].UPOS == "DET" {
				return i
			}
		}
	}
	return -1
}

// speakerMention returns the mention and entity of the speaker whose
// head token is t, adding them when the entity stage left the words
// unlinked.
func (x *extractor) speakerMention(t int) (mention, entity int) {
	if m := x.mentionAt[t]; m >= 0 {
		return m, x.d.Mentions[m].Entity
	}
	// "a report, which found ...": the relative pronoun is the mention,
	// and the noun the clause modifies the entity.
	if tk := x.d.Tokens[t]; tk.XPOS == "WDT" || tk.XPOS == "WP" {
		v := tk.Head
		if v < 0 || x.d.Tokens[v].Deprel != "acl:relcl" || x.d.Tokens[v].Head < 0 {
			return -1, -1
		}
		_, ent := x.speakerMention(x.d.Tokens[v].Head)
		if ent < 0 {
			return -1, -1
		}
		m := doc.Mention{Span: tk.Span, Sentence: tk.Sentence, Text: x.d.Text(tk.Span), Type: x.d.Entities[ent].Type, Kind: "pronoun", Entity: ent}
		x.d.Entities[ent].Mentions = append(x.d.Entities[ent].Mentions, len(x.d.Mentions))
		x.d.Mentions = append(x.d.Mentions, m)
		x.mentionAt[t] = len(x.d.Mentions) - 1
		return len(x.d.Mentions) - 1, ent
	}
	// A mention inside the subject's phrase ("a spokesman for the
	// ministry" has none, "the ministry's spokesman" has "the
	// ministry"): only when it is the phrase's head would it speak, so
	// make the phrase itself the speaker.
	from, to := x.subtree(t)
	// The phrase up to its head's right edge: a relative clause or an
	// apposition after the head ("sources, who spoke on condition...")
	// is not the name.
	for _, c := range x.children[t] {
		switch x.d.Tokens[c].Deprel {
		case "acl:relcl", "acl", "appos", "parataxis":
			if c > t {
				if cf, _ := x.subtree(c); cf < to {
					to = cf
				}
			}
		}
	}
	return x.mentionOf(from, to, t)
}

// mentionOf returns the mention and entity for the words [from, to)
// around head token t, adding them when no mention covers t.
func (x *extractor) mentionOf(from, to, t int) (mention, entity int) {
	if m := x.mentionAt[t]; m >= 0 {
		return m, x.d.Mentions[m].Entity
	}
	// Trim punctuation at the edges.
	for from < to && !isWordToken(x.d.Text(x.d.Tokens[from].Span)) {
		from++
	}
	for to > from && !isWordToken(x.d.Text(x.d.Tokens[to-1].Span)) {
		to--
	}
	if from >= to {
		return -1, -1
	}
	span := doc.Span{Start: x.d.Tokens[from].Span.Start, End: x.d.Tokens[to-1].Span.End}
	text := x.d.Text(span)
	kind := "nominal"
	typ := "PER"
	switch strings.ToLower(text) {
	case "he", "she", "they", "we", "i", "it", "you":
		kind = "pronoun"
		if strings.ToLower(text) == "it" {
			typ = "ORG"
		}
	}
	m := doc.Mention{Span: span, Sentence: x.d.Tokens[t].Sentence, Text: text, Type: typ, Kind: kind, Entity: -1}
	// A name written again ("PENCE:" in each paragraph of a transcript,
	// or in capitals for a "Pence" the entity stage found) is the same
	// entity.
	if kind == "nominal" {
		m.Entity = x.entityNamed(text)
	}
	if m.Entity < 0 {
		m.Entity = len(x.d.Entities)
		x.d.Entities = append(x.d.Entities, doc.Entity{Canonical: text, Type: typ, Place: -1})
	}
	e := &x.d.Entities[m.Entity]
	e.Mentions = append(e.Mentions, len(x.d.Mentions))
	x.d.Mentions = append(x.d.Mentions, m)
	mi := len(x.d.Mentions) - 1
	for i := from; i < to; i++ {
		if x.mentionAt[i] < 0 {
			x.mentionAt[i] = mi
		}
	}
	return mi, m.Entity
}

// entityNamed is the entity one of whose name mentions, or whose
// canonical name's last word, equals text ignoring case; -1 if none.
func (x *extractor) entityNamed(text string) int {
	for _, m := range x.d.Mentions {
		if m.Entity >= 0 && m.Kind != "pronoun" && strings.EqualFold(m.Text, text) {
			return m.Entity
		}
	}
	if !strings.Contains(text, " ") {
		for i, e := range x.d.Entities {
			if e.Type == "PER" {
				f := strings.Fields(e.Canonical)
				if len(f) > 1 && strings.EqualFold(f[len(f)-1], text) {
					return i
				}
			}
		}
	}
	return -1
}

// subtree returns the token range [from, to) of t's subtree (its
// contiguous extent).
func (x *extractor) subtree(t int) (from, to int) {
	from, to = t, t+1
	var walk func(int)
	walk = func(i int) {
		for _, c := range x.children[i] {
			if x.d.Tokens[c].Deprel == "punct" && (c < from-1 || c > to) {
				continue
			}
			from, to = min(from, c), max(to, c+1)
			walk(c)
		}
	}
	walk(t)
	return from, to
}

// via finds the reporting chain around cue v in its sentence: "quoted
// (as saying) by X", "according to X" or "X reported" where X is not the
// speaker. Outermost last.
func (x *extractor) via(v, speaker int) []int {
	si := x.d.Tokens[v].Sentence
	if si < 0 || si >= len(x.d.Sentences) {
		return nil
	}
	s := x.d.Sentences[si]
	var out []int
	add := func(tok int) {
		if m := x.mentionAt[tok]; m >= 0 {
			e := x.d.Mentions[m].Entity
			if e >= 0 && e != speaker && !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
	}
	for i := s.FirstToken; i < s.EndToken; i++ {
		if i == v || x.inQuote[i] >= 0 {
			continue
		}
		low := strings.ToLower(x.d.Text(x.d.Tokens[i].Span))
		switch {
		case x.d.Tokens[i].Lemma == "quote" && i != v:
			// "quoted ... by X": the agent.
			for _, c := range x.children[i] {
				if x.d.Tokens[c].Deprel == "obl:agent" || x.d.Tokens[c].Deprel == "obl" && x.hasCase(c, "by") {
					add(c)
				}
			}
			for _, c := range x.children[i] {
				for _, cc := range x.children[c] {
					if x.d.Tokens[cc].Deprel == "obl:agent" || x.d.Tokens[cc].Deprel == "obl" && x.hasCase(cc, "by") {
						add(cc)
					}
				}
			}
		case low == "according" && i+1 < s.EndToken && strings.EqualFold(x.d.Text(x.d.Tokens[i+1].Span), "to"):
			if j := x.d.Tokens[i].Head; j >= 0 && j != v {
				add(j)
			}
		case i != v && x.isCue(i) && (x.d.Tokens[i].Lemma == "report" || x.d.Tokens[i].Lemma == "quote"):
			if subj := x.subject(i); subj >= 0 {
				add(subj)
			}
		}
	}
	return out
}

// hasCase reports whether token t has a case marker child with text w.
func (x *extractor) hasCase(t int, w string) bool {
	for _, c := range x.children[t] {
		if x.d.Tokens[c].Deprel == "case" && strings.EqualFold(x.d.Text(x.d.Tokens[c].Span), w) {
			return true
		}
	}
	return false
}

// mergeSplit joins the quotes of one cue: a direct quote split around
// it (“We stand ready,” he tweeted, “to provide...”) and the partial
// quotes of one clause (he called it “disgusting” and “a con”) are one
// report each.
func (x *extractor) mergeSplit() {
	qs := x.d.Quotes
	out := qs[:0]
	byCue := map[doc.Span]int{} // cue -> index in out
	for _, q := range qs {
		// A partial quote in a clause of its own under the cue ("..., he
		// said, mentioning the album is “in the home stretch”") is a
		// report of its own, not the rest of a split direct quote.
		if j, ok := byCue[q.Cue]; ok && q.Cue.Len() > 0 && out[j].Speaker == q.Speaker && (len(out[j].Clause) > 0) == (len(q.Clause) > 0) {
			p := &out[j]
			p.Content = append(p.Content, q.Content...)
			p.Text += " " + q.Text
			for _, s := range q.Sentences {
				if !slices.Contains(p.Sentences, s) {
					p.Sentences = append(p.Sentences, s)
				}
			}
			if len(q.Clause) > 0 && !slices.Contains(p.Clause, q.Clause[0]) {
				p.Clause = append(p.Clause, q.Clause...)
			}
			continue
		}
		byCue[q.Cue] = len(out)
		out = append(out, q)
	}
	x.d.Quotes = out
}

// indirect adds reported speech without quotation marks: "X said (that)
// CLAUSE", "CLAUSE, X said", "according to X, CLAUSE". A complement that
// holds a quotation is left to the quote in marks (a partial quote: the
// words in marks are the speaker's, the rest the writer's).
func (x *extractor) indirect() {
	// Candidates first; the widest reports are taken first, so that in
	// "X said Y told officials that ..." the outer report stands and the
	// one nested in it is not reported again.
	type candidate struct {
		si, v, subj, from, to int
		rest                  [2]int
	}
	var cands []candidate
	for si, s := range x.d.Sentences {
		for v := s.FirstToken; v < s.EndToken; v++ {
			if x.inQuote[v] >= 0 || x.cueUsed[v] {
				continue
			}
			low := strings.ToLower(x.d.Text(x.d.Tokens[v].Span))
			if low == "according" && v+1 < s.EndToken && strings.EqualFold(x.d.Text(x.d.Tokens[v+1].Span), "to") {
				x.accordingTo(si, v)
				continue
			}
			if from, to, src, ok := x.nominal(v); ok {
				if from, to = x.trim(from, to); to > from {
					cands = append(cands, candidate{si, v, src, from, to, [2]int{}})
				}
				continue
			}
			listed := x.isCue(v)
			if quoting := x.c.quoting[strings.ToLower(x.d.Tokens[v].Lemma)]; !listed || quoting {
				// A verb the list does not name is a cue if the learned
				// model says so (below).
				if quoting || x.d.Tokens[v].UPOS != "VERB" || x.c.model == nil && x.collect == nil {
					continue
				}
			}
			subj := x.subject(v)
			from, to := x.complement(v)
			var rest [2]int // a second part after a parenthetical cue
			if f, t, r, ok := x.parenthetical(s, v, &subj); ok {
				from, to, rest = f, t, r
			} else if subj < 0 {
				continue
			} else if from < 0 && x.d.Tokens[v].Deprel == "parataxis" {
				// "CLAUSE, X said" and "CLAUSE, X said, CLAUSE": the report
				// is the head's subtree less the cue's own.
				h := x.d.Tokens[v].Head
				if h >= 0 {
					hf, ht := x.subtree(h)
					cf, ct := x.subtree(v)
					from, to = hf, cf
					if ct < ht {
						rest = [2]int{ct, ht}
					}
					if x.words(from, to) < 2 {
						from, to, rest = rest[0], rest[1], [2]int{}
					}
				}
			}
			if from < 0 {
				continue
			}
			from, to = x.trim(from, to)
			// A report of one or two words ("declined to comment",
			// "praised Sanders") is one only when the learned model says
			// so; without it, at least three words.
			short := x.words(from, to)+x.words(rest[0], rest[1]) < 3
			if to <= from || short && x.c.model == nil && x.collect == nil {
				continue
			}
			if !x.learnedCue(v, subj, from, to, listed && !short) {
				continue
			}
			cands = append(cands, candidate{si, v, subj, from, to, rest})
		}
	}
	size := func(c candidate) int { return c.to - c.from + c.rest[1] - c.rest[0] }
	slices.SortStableFunc(cands, func(a, b candidate) int { return size(b) - size(a) })
	for _, c := range cands {
		if x.containsQuote(c.from, c.to) {
			continue
		}
		x.addIndirect(c.si, c.v, c.subj, c.from, c.to)
		if rf, rt := x.trim(c.rest[0], c.rest[1]); rt > rf && x.words(rf, rt) >= 2 && !x.containsQuote(rf, rt) {
			q := &x.d.Quotes[len(x.d.Quotes)-1]
			span := doc.Span{Start: x.d.Tokens[rf].Span.Start, End: x.d.Tokens[rt-1].Span.End}
			q.Content = append(q.Content, span)
			q.Text += " " + x.d.Text(span)
		}
	}
}

// nominal recognises a report made by a noun or an adjective: "his
// criticism of the deal", "Trump's claim that ...", "she is critical of
// Trump", "a staunch opponent of the death penalty". The source is the
// possessor, else the subject of the verb or copula the word belongs to.
func (x *extractor) nominal(n int) (from, to, src int, ok bool) {
	t := x.d.Tokens[n]
	lemma := strings.ToLower(t.Lemma)
	switch {
	case t.UPOS == "NOUN" && x.c.nouns[lemma]:
	case t.UPOS == "ADJ" && x.c.adjectives[lemma]:
	default:
		return 0, 0, -1, false
	}
	content := -1
	for _, c := range x.children[n] {
		if c < n {
			continue
		}
		switch x.d.Tokens[c].Deprel {
		case "nmod", "obl":
			for _, p := range []string{"of", "about", "for", "on", "to", "against", "over"} {
				if x.hasCase(c, p) {
					content = c
				}
			}
		case "acl", "ccomp":
			if x.hasMark(c, "that") {
				content = c
			}
		}
		if content >= 0 {
			break
		}
	}
	if content < 0 {
		return 0, 0, -1, false
	}
	// The source.
	src = -1
	for _, c := range x.children[n] {
		if x.d.Tokens[c].Deprel == "nmod:poss" {
			src = c
		}
	}
	if src < 0 {
		// A predicate ("is critical of", "is an opponent of") has its
		// subject; an object ("voiced concern that") the verb's.
		for _, c := range x.children[n] {
			if d := x.d.Tokens[c].Deprel; d == "nsubj" {
				src = c
			}
		}
		if src < 0 && (t.Deprel == "obj" || t.Deprel == "xcomp") && t.Head >= 0 {
			src = x.subject(t.Head)
		}
	}
	if src < 0 {
		return 0, 0, -1, false
	}
	from, to = x.subtree(content)
	// Drop the preposition itself.
	for from < to && x.d.Tokens[from].Deprel == "case" && x.d.Tokens[from].Head == content {
		from++
	}
	if x.words(from, to) < 2 {
		return 0, 0, -1, false
	}
	return from, to, src, true
}

// parenthetical recognises a cue set off by commas, which parsers often
// attach wrongly: "CLAUSE, X said." and "CLAUSE, X said, CLAUSE." The
// report is the rest of the sentence: [from, to) and rest.
func (x *extractor) parenthetical(s doc.Sentence, v int, subj *int) (from, to int, rest [2]int, ok bool) {
	// The subject: the noun phrase between a comma and the cue, whatever
	// the parser made of it ("The ceasefire, the spokesman said, will
	// hold").
	c1 := -1
	for i := v - 1; i > s.FirstToken && i >= v-7; i-- {
		if x.d.Text(x.d.Tokens[i].Span) == "," {
			c1 = i
			break
		}
		switch x.d.Tokens[i].UPOS {
		case "DET", "ADJ", "NOUN", "PROPN", "PRON", "NUM", "PART":
		case "ADV":
			if i != v-1 {
				return 0, 0, rest, false
			}
		default:
			return 0, 0, rest, false
		}
	}
	if c1 < 0 || c1+1 >= v {
		return 0, 0, rest, false
	}
	head := -1
	for i := c1 + 1; i < v; i++ {
		if u := x.d.Tokens[i].UPOS; u == "NOUN" || u == "PROPN" || u == "PRON" {
			head = i
		}
	}
	if head < 0 {
		return 0, 0, rest, false
	}
	sf := c1 + 1
	// After the cue: a comma or the end, perhaps after a short phrase
	// ("on Sunday", "in a statement").
	after := v + 1
	for after < s.EndToken && after-v <= 5 && isWordToken(x.d.Text(x.d.Tokens[after].Span)) {
		after++
	}
	if after >= s.EndToken {
		return 0, 0, rest, false
	}
	switch x.d.Text(x.d.Tokens[after].Span) {
	case ",", ".", "!", "?", ";":
	default:
		return 0, 0, rest, false
	}
	// Nothing after the cue that takes a clause of its own.
	for _, c := range x.children[v] {
		if c > v && x.d.Tokens[c].Deprel == "ccomp" && c < after {
			return 0, 0, rest, false
		}
	}
	from, to = s.FirstToken, sf-1
	if after+1 < s.EndToken && x.d.Text(x.d.Tokens[after].Span) == "," {
		rest = [2]int{after + 1, s.EndToken}
	}
	if x.mentionAt[head] < 0 {
		// Name the speaker by the phrase, not the parser's subtree.
		x.mentionOf(sf, v, head)
	}
	*subj = head
	return from, to, rest, true
}

// complement is the token range of what cue verb v reports: its clausal
// complement, else its object with any infinitive after it ("urged
// supporters to monitor polling places") or what it is about ("spoke
// about the economy"); (-1, -1) if none.
func (x *extractor) complement(v int) (from, to int) {
	from, to = -1, -1
	for _, c := range x.children[v] {
		if x.d.Tokens[c].Deprel == "ccomp" {
			return x.subtree(c)
		}
	}
	// The object of "tell", "ask", "warn", "call" (on the phone) or
	// "accuse" is who is addressed, not what is said.
	objIsContent := !x.c.addressee[strings.ToLower(x.d.Tokens[v].Lemma)]
	for _, c := range x.children[v] {
		if c < v {
			continue
		}
		ok := false
		switch x.d.Tokens[c].Deprel {
		case "obj":
			ok = objIsContent
		case "xcomp":
			ok = true
		case "obl", "advcl":
			ok = c == x.prepObject(v) || x.d.Tokens[c].Deprel == "obl" && (x.hasCase(c, "about") || x.hasCase(c, "of"))
		}
		if !ok {
			continue
		}
		cf, ct := x.subtree(c)
		if from < 0 {
			from = cf
		}
		to = max(to, ct)
	}
	return from, to
}

// containsQuote reports whether tokens [from, to) hold a quote already
// reported (a scare quote that was not reported does not count).
func (x *extractor) containsQuote(from, to int) bool {
	if from >= to {
		return false
	}
	span := doc.Span{Start: x.d.Tokens[from].Span.Start, End: x.d.Tokens[to-1].Span.End}
	for _, q := range x.d.Quotes {
		for _, c := range q.Content {
			if span.Overlaps(c) {
				return true
			}
		}
	}
	return false
}

// accordingTo adds "according to X, CLAUSE" (or "CLAUSE, according to
// X"): the content is the rest of the sentence.
func (x *extractor) accordingTo(si, v int) {
	s := x.d.Sentences[si]
	// X is the head of "according": UD attaches "according to X" as
	// case marking on X.
	src := x.d.Tokens[v].Head
	if src < 0 || src == v+1 {
		return
	}
	pf, pt := x.subtree(src)
	pf = min(pf, v)
	from, to := s.FirstToken, s.EndToken
	var rest [2]int // the part after a phrase in the middle
	switch {
	case pf <= from+1:
		from = pt
	case pt >= to-1:
		to = pf
	default:
		// In the middle ("Since November, according to Human Rights
		// Watch, forces have killed ..."): the report is both sides.
		rest = [2]int{pt, to}
		to = pf
	}
	from, to = x.trim(from, to)
	rf, rt := x.trim(rest[0], rest[1])
	if x.words(from, to)+x.words(rf, rt) < 3 || x.containsQuote(from, to) || x.containsQuote(rf, rt) {
		return
	}
	if to <= from {
		from, to, rf, rt = rf, rt, 0, 0
	}
	if x.mentionAt[src] < 0 {
		// The source is the words from after "according to" to its
		// head and the names that continue it, not the rest of its
		// phrase ("a poll released last week").
		end := src + 1
		for end < pt && x.d.Tokens[end].Deprel == "flat" {
			end++
		}
		x.mentionOf(v+2, end, src)
	}
	x.addIndirect(si, v, src, from, to)
	q := &x.d.Quotes[len(x.d.Quotes)-1]
	q.Cue = doc.Span{Start: x.d.Tokens[v].Span.Start, End: x.d.Tokens[v+1].Span.End}
	if rt > rf {
		span := doc.Span{Start: x.d.Tokens[rf].Span.Start, End: x.d.Tokens[rt-1].Span.End}
		q.Content = append(q.Content, span)
		q.Text += " " + x.d.Text(span)
	}
}

func (x *extractor) addIndirect(si, v, subj, from, to int) {
	span := doc.Span{Start: x.d.Tokens[from].Span.Start, End: x.d.Tokens[to-1].Span.End}
	q := doc.Quote{Kind: doc.QuoteIndirect, Content: []doc.Span{span}, Text: x.d.Text(span), Cue: x.d.Tokens[v].Span, Speaker: -1, SpeakerMention: -1, Sentences: []int{si}}
	q.SpeakerMention, q.Speaker = x.speakerMention(subj)
	q.Via = x.via(v, q.Speaker)
	x.d.Quotes = append(x.d.Quotes, q)
}

// transcript adds the colon introductions of interviews and transcripts:
// a paragraph that opens with a name in capitals and a colon ("PENCE:
// Well, look, ...") is that person's direct speech.
func (x *extractor) transcript() {
	for _, p := range x.paragraphs() {
		from, to := x.tokensOf(p)
		colon := -1
		for i := from; i < to && i < from+5; i++ {
			if x.d.Text(x.d.Tokens[i].Span) == ":" {
				colon = i
				break
			}
		}
		if colon <= from || x.words(colon+1, to) < 3 || x.inQuote[from] >= 0 {
			continue
		}
		// The name: in capitals ("PENCE:"), or a person or organisation
		// the entity stage found ("Pence: ...", a headline).
		name := true
		for i := from; i < colon; i++ {
			w := x.d.Text(x.d.Tokens[i].Span)
			if !isWordToken(w) || strings.ToUpper(w) != w {
				name = false
			}
		}
		if m := x.mentionAt[colon-1]; !name && m >= 0 {
			mm := x.d.Mentions[m]
			name = (mm.Type == "PER" || mm.Type == "ORG") && mm.Kind == "name" && mm.Span.Start <= x.d.Tokens[from].Span.Start
		}
		if !name {
			continue
		}
		cf, ct := x.trim(colon+1, to)
		if cf >= ct {
			continue
		}
		span := doc.Span{Start: x.d.Tokens[cf].Span.Start, End: x.d.Tokens[ct-1].Span.End}
		q := doc.Quote{Kind: doc.QuoteDirect, Content: []doc.Span{span}, Text: x.d.Text(span), Cue: x.d.Tokens[colon].Span, Speaker: -1, SpeakerMention: -1}
		q.Sentences = x.sentencesOf(span)
		q.SpeakerMention, q.Speaker = x.mentionOf(from, colon, colon-1)
		x.d.Quotes = append(x.d.Quotes, q)
		x.spoken = append(x.spoken, span)
		for i := cf; i < ct; i++ {
			x.cueUsed[i] = true // its verbs are the speaker's, not cues
		}
	}
}
