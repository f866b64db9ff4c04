package eval

// Universal Dependencies scoring, as the CoNLL 2018 shared task's
// conll18_ud_eval.py scores a system file against a gold treebank.
//
// Coordinates. Both sides are placed on the same axis: the index of a
// character (a rune) in the document's body with all white space left
// out (unicode.IsSpace and category Zs), as the script concatenates FORMs
// with their spaces removed. A token's or word's span is a half-open range
// on that axis. Documents are scored one by one and their counts added,
// which is what the script gives on the concatenated files, since no
// alignment crosses a document boundary.
//
// Gold. Tokens are the surface tokens (a multiword token "don't" is one
// token), sentences run from their first token's start to their last
// token's end, and words are the syntactic words; a word inside a
// multiword token carries the span of the whole token and is marked as
// multiword.
//
// System. The tokens of doc.Document are words; a run of words joined by
// FusedWithNext is one surface token, spanning from the smallest start to
// the largest end of its words, and its words are multiword. A word's form
// is the body text of its span. Sentences are Document.Sentences
// (FirstToken to EndToken), or, when there are none, runs of equal
// Token.Sentence. Heads index Document.Tokens (-1 for the root).
//
// Where the script refuses a system file (its characters differ from the
// gold's), EvalUD is more lenient in one way and as strict in others: body
// characters that no system token covers are simply missed (they score as
// missing tokens and words), but an invalid span, a token without any
// character, or surface tokens that overlap or go backwards are errors.

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/conllu"
	"github.com/dyad-events/dyad/internal/doc"
)

// UDReport has the contract keys, in percent with one decimal. Tokens and
// Sentences are F1 of spans; the others are F1 over aligned words, so with
// gold tokenisation they equal accuracy.
type UDReport struct {
	TokensF1    float64 `json:"tokens_f1"`
	SentencesF1 float64 `json:"sentences_f1"`
	UPOS        float64 `json:"upos"`
	XPOS        float64 `json:"xpos"`
	Lemmas      float64 `json:"lemmas"`
	UAS         float64 `json:"uas"`
	LAS         float64 `json:"las"`

	// Counts are the tallies the report was computed from; WriteTable
	// shows them. They are not part of the JSON.
	Counts UDCounts `json:"-"`
}

// UDCounts are the raw tallies of a UD evaluation. Gold and system totals
// of the word metrics are GoldWords and SystemWords; their numerators are
// counted over aligned words.
type UDCounts struct {
	GoldTokens, SystemTokens, CorrectTokens          int
	GoldSentences, SystemSentences, CorrectSentences int
	GoldWords, SystemWords, AlignedWords             int
	UPOS, XPOS, Lemmas, UAS, LAS                     int
}

// Add adds o to c.
func (c *UDCounts) Add(o UDCounts) {
	c.GoldTokens += o.GoldTokens
	c.SystemTokens += o.SystemTokens
	c.CorrectTokens += o.CorrectTokens
	c.GoldSentences += o.GoldSentences
	c.SystemSentences += o.SystemSentences
	c.CorrectSentences += o.CorrectSentences
	c.GoldWords += o.GoldWords
	c.SystemWords += o.SystemWords
	c.AlignedWords += o.AlignedWords
	c.UPOS += o.UPOS
	c.XPOS += o.XPOS
	c.Lemmas += o.Lemmas
	c.UAS += o.UAS
	c.LAS += o.LAS
}

// Report computes the contract figures.
func (c UDCounts) Report() UDReport {
	w := func(n int) float64 { return percentF1(n, c.GoldWords, c.SystemWords) }
	return UDReport{
		TokensF1:    percentF1(c.CorrectTokens, c.GoldTokens, c.SystemTokens),
		SentencesF1: percentF1(c.CorrectSentences, c.GoldSentences, c.SystemSentences),
		UPOS:        w(c.UPOS),
		XPOS:        w(c.XPOS),
		Lemmas:      w(c.Lemmas),
		UAS:         w(c.UAS),
		LAS:         w(c.LAS),
		Counts:      c,
	}
}

// percentF1 is 2c/(g+s) in percent, rounded to one decimal; 0 when g+s is 0.
func percentF1(correct, gold, system int) float64 {
	if gold+system == 0 {
		return 0
	}
	return math.Round(1000*2*float64(correct)/float64(gold+system)) / 10
}

// WriteTable writes the report as one row per JSON key, with the counts
// (correct, gold, system) beside each figure, and a words row (alignment
// F1, not a contract key):
//
//	metric        value  correct   gold  system
//	tokens_f1      99.1    24612  24787   24880
func (r UDReport) WriteTable(w io.Writer) error {
	c := r.Counts
	var b strings.Builder
	fmt.Fprintf(&b, "%-12s  %6s  %8s  %8s  %8s\n", "metric", "value", "correct", "gold", "system")
	row := func(key string, v float64, n, g, s int) {
		fmt.Fprintf(&b, "%-12s  %6.1f  %8d  %8d  %8d\n", key, v, n, g, s)
	}
	row("tokens_f1", r.TokensF1, c.CorrectTokens, c.GoldTokens, c.SystemTokens)
	row("sentences_f1", r.SentencesF1, c.CorrectSentences, c.GoldSentences, c.SystemSentences)
	row("words", percentF1(c.AlignedWords, c.GoldWords, c.SystemWords), c.AlignedWords, c.GoldWords, c.SystemWords)
	row("upos", r.UPOS, c.UPOS, c.GoldWords, c.SystemWords)
	row("xpos", r.XPOS, c.XPOS, c.GoldWords, c.SystemWords)
	row("lemmas", r.Lemmas, c.Lemmas, c.GoldWords, c.SystemWords)
	row("uas", r.UAS, c.UAS, c.GoldWords, c.SystemWords)
	row("las", r.LAS, c.LAS, c.GoldWords, c.SystemWords)
	_, err := io.WriteString(w, b.String())
	return err
}

// EvalUD runs process on the treebank and scores its output.
//
// The treebank is split into documents at "newdoc" comments and process
// runs once per document, in order.
//
// raw=true: each doc.Document has Body = the document's raw text rebuilt
// like conllu.RawText (sentence texts joined by a space, a new paragraph
// after a blank line), Article.Paragraphs and Article.ID (the newdoc id)
// set, nothing else: process must segment, tag, lemmatise and parse.
// Words are aligned to gold by character offsets as conll18_ud_eval.py
// does, multiword tokens by LCS of lower-cased forms inside the minimal
// span covering them, white space ignored.
//
// raw=false: gold tokenisation. Body is the words' forms joined by single
// spaces, sentence by sentence (a space between sentences, a blank line
// before a new paragraph), and Sentences and Tokens are prefilled with the
// gold segmentation (Span, Sentence, Paragraph, FirstToken, EndToken; for
// tokens Span, Sentence, Head -1 and FusedWithNext from the gold multiword
// tokens, nothing else): process must only tag, lemmatise and parse.
//
// Metrics are those of the script: Tokens and Sentences are F1 of exactly
// matching spans; UPOS, XPOS, Lemmas, UAS and LAS are F1 over aligned words
// (correct aligned words over gold and system word counts). A gold lemma
// "_" accepts any lemma. UAS needs the system head to be the word aligned
// to the gold head (or both to be the root); LAS also needs the deprels'
// universal parts (before ':') to be equal.
func EvalUD(ctx context.Context, gold []*conllu.Sentence, raw bool, process func(context.Context, *doc.Document) error) (UDReport, error) {
	var total UDCounts
	for _, g := range splitDocs(gold) {
		if err := ctx.Err(); err != nil {
			return UDReport{}, err
		}
		d, gs, err := buildUDDoc(g.id, g.sents, raw)
		if err != nil {
			return UDReport{}, err
		}
		if err := process(ctx, d); err != nil {
			return UDReport{}, fmt.Errorf("document %q: %w", g.id, err)
		}
		ss, err := systemSide(d, gs.chars)
		if err != nil {
			return UDReport{}, fmt.Errorf("document %q: %w", g.id, err)
		}
		total.Add(scoreUD(gs, ss))
	}
	return total.Report(), nil
}

type udDocSents struct {
	id    string
	sents []*conllu.Sentence
}

// splitDocs splits a treebank into documents at "newdoc" comments.
func splitDocs(sents []*conllu.Sentence) []udDocSents {
	var out []udDocSents
	for i, s := range sents {
		id, ok := s.Comment("newdoc id")
		if !ok {
			_, ok = s.Comment("newdoc")
		}
		if ok || i == 0 {
			if id == "" {
				id = fmt.Sprintf("line %d", s.Line)
			}
			out = append(out, udDocSents{id: id})
		}
		out[len(out)-1].sents = append(out[len(out)-1].sents, s)
	}
	return out
}

// newParagraph reports whether sentence s starts a paragraph.
func newParagraph(s *conllu.Sentence) bool {
	for _, k := range []string{"newdoc id", "newdoc", "newpar id", "newpar"} {
		if _, ok := s.Comment(k); ok {
			return true
		}
	}
	return false
}

// udSpan is a half-open range of character indexes with white space left
// out.
type udSpan struct{ start, end int }

// udWord is one syntactic word on either side.
type udWord struct {
	span              udSpan // of the word, or of its whole multiword token
	mw                bool   // part of a multiword token
	form              string // lower-cased, white space removed
	lemma, upos, xpos string
	deprel            string // universal part only
	// head indexes the same side's words; -1 is the root, and any other
	// negative value a head that matches nothing.
	head int
}

type udSide struct {
	chars     []int // chars[b] = characters (white space left out) in body[:b]
	tokens    []udSpan
	sentences []udSpan
	words     []udWord
}

// charIndex maps every byte offset of body to the number of non-space
// characters before it.
func charIndex(body string) []int {
	idx := make([]int, len(body)+1)
	n := 0
	for i, r := range body {
		size := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, size = utf8.DecodeRuneInString(body[i:])
		}
		for k := 0; k < size; k++ {
			idx[i+k] = n
		}
		if !isUDSpace(r) {
			n++
		}
	}
	idx[len(body)] = n
	return idx
}

func isUDSpace(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) }

func stripSpace(s string) string {
	if strings.IndexFunc(s, isUDSpace) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isUDSpace(r) {
			return -1
		}
		return r
	}, s)
}

func universal(deprel string) string {
	d, _, _ := strings.Cut(deprel, ":")
	return d
}

// buildUDDoc builds the document process sees and the gold side scored
// against it.
func buildUDDoc(id string, sents []*conllu.Sentence, raw bool) (*doc.Document, *udSide, error) {
	d := doc.NewDocument(doc.Article{ID: id})
	var b strings.Builder
	// Byte spans of every gold surface token and word, per sentence.
	type goldTok struct {
		span        doc.Span
		first, last int // word indexes in the sentence, 0-based, inclusive
	}
	tokSpans := make([][]goldTok, len(sents))
	wordSpans := make([][]doc.Span, len(sents))
	sentStarts := make([]int, len(sents))
	paraStart := 0
	for i, s := range sents {
		if i > 0 {
			if newParagraph(s) {
				d.Article.Paragraphs = append(d.Article.Paragraphs, doc.Span{Start: paraStart, End: b.Len()})
				b.WriteString("\n\n")
				paraStart = b.Len()
			} else {
				b.WriteByte(' ')
			}
		}
		sentStarts[i] = b.Len()
		toks := s.Tokens()
		if raw {
			start := b.Len()
			text := s.Text()
			b.WriteString(text)
			pos := 0 // in text
			for _, t := range toks {
				f := stripSpace(t.Form)
				ts, te := -1, -1
				for _, r := range f {
					for pos < len(text) {
						q, size := utf8.DecodeRuneInString(text[pos:])
						if !isUDSpace(q) {
							break
						}
						pos += size
					}
					q, size := utf8.DecodeRuneInString(text[pos:])
					if pos >= len(text) || q != r {
						return nil, nil, fmt.Errorf("document %q, sentence at line %d: token %q does not match the sentence text %q", id, s.Line, t.Form, text)
					}
					if ts < 0 {
						ts = pos
					}
					pos += size
					te = pos
				}
				if ts < 0 {
					return nil, nil, fmt.Errorf("document %q, sentence at line %d: empty token form", id, s.Line)
				}
				tokSpans[i] = append(tokSpans[i], goldTok{doc.Span{Start: start + ts, End: start + te}, t.First - 1, t.Last - 1})
			}
			if strings.TrimFunc(text[pos:], isUDSpace) != "" {
				return nil, nil, fmt.Errorf("document %q, sentence at line %d: the sentence text %q has more than its tokens", id, s.Line, text)
			}
			continue
		}
		for j, w := range s.Words {
			if j > 0 {
				b.WriteByte(' ')
			}
			if stripSpace(w.Form) == "" {
				return nil, nil, fmt.Errorf("document %q, sentence at line %d: empty word form", id, s.Line)
			}
			wordSpans[i] = append(wordSpans[i], doc.Span{Start: b.Len(), End: b.Len() + len(w.Form)})
			b.WriteString(w.Form)
		}
		for _, t := range toks {
			sp := doc.Span{Start: wordSpans[i][t.First-1].Start, End: wordSpans[i][t.Last-1].End}
			tokSpans[i] = append(tokSpans[i], goldTok{sp, t.First - 1, t.Last - 1})
		}
	}
	if len(sents) > 0 {
		d.Article.Paragraphs = append(d.Article.Paragraphs, doc.Span{Start: paraStart, End: b.Len()})
	}
	d.Article.Body = b.String()

	g := &udSide{chars: charIndex(d.Article.Body)}
	cs := func(sp doc.Span) udSpan { return udSpan{g.chars[sp.Start], g.chars[sp.End]} }
	para := 0
	for i, s := range sents {
		if i > 0 && newParagraph(s) {
			para++
		}
		base := len(g.words)
		for _, t := range tokSpans[i] {
			g.tokens = append(g.tokens, cs(t.span))
		}
		if len(tokSpans[i]) > 0 {
			g.sentences = append(g.sentences, udSpan{cs(tokSpans[i][0].span).start, cs(tokSpans[i][len(tokSpans[i])-1].span).end})
		}
		for _, t := range tokSpans[i] {
			for k := t.first; k <= t.last; k++ {
				w := s.Words[k]
				head := -1
				if w.Head > 0 {
					head = base + w.Head - 1
				}
				if w.Head < 0 || w.Head > len(s.Words) {
					return nil, nil, fmt.Errorf("document %q, sentence at line %d: head %d out of range", id, s.Line, w.Head)
				}
				g.words = append(g.words, udWord{
					span: cs(t.span), mw: t.last > t.first, form: strings.ToLower(stripSpace(w.Form)),
					lemma: w.Lemma, upos: w.UPOS, xpos: w.XPOS, deprel: universal(w.Deprel), head: head,
				})
			}
		}
		if raw {
			continue
		}
		// Prefill the gold segmentation.
		first := len(d.Tokens)
		for _, t := range tokSpans[i] {
			for k := t.first; k <= t.last; k++ {
				d.Tokens = append(d.Tokens, doc.Token{Span: wordSpans[i][k], Sentence: len(d.Sentences), Head: -1, FusedWithNext: k < t.last})
			}
		}
		sp := doc.Span{Start: sentStarts[i], End: sentStarts[i]}
		if n := len(d.Tokens); n > first {
			sp.End = d.Tokens[n-1].Span.End
		}
		d.Sentences = append(d.Sentences, doc.Sentence{Span: sp, Paragraph: para, FirstToken: first, EndToken: len(d.Tokens)})
	}
	return d, g, nil
}

// systemSide reads the scored structure off a processed document. chars
// is the character index of its body.
func systemSide(d *doc.Document, chars []int) (*udSide, error) {
	body := d.Article.Body
	if len(chars) != len(body)+1 {
		return nil, fmt.Errorf("process changed the body")
	}
	s := &udSide{chars: chars}
	n := len(d.Tokens)
	cs := func(sp doc.Span) udSpan { return udSpan{chars[sp.Start], chars[sp.End]} }
	for i, t := range d.Tokens {
		if !t.Span.Valid(len(body)) {
			return nil, fmt.Errorf("token %d: span %v outside the body", i, t.Span)
		}
		if sp := cs(t.Span); sp.start == sp.end {
			return nil, fmt.Errorf("token %d: span %v has no characters", i, t.Span)
		}
	}
	s.words = make([]udWord, n)
	for i := 0; i < n; {
		j := i
		for j+1 < n && d.Tokens[j].FusedWithNext {
			j++
		}
		tok := cs(d.Tokens[i].Span)
		for k := i + 1; k <= j; k++ {
			sp := cs(d.Tokens[k].Span)
			tok.start, tok.end = min(tok.start, sp.start), max(tok.end, sp.end)
		}
		if m := len(s.tokens); m > 0 && tok.start < s.tokens[m-1].end {
			return nil, fmt.Errorf("token %d (%q) overlaps or precedes the token before it", i, d.Text(d.Tokens[i].Span))
		}
		s.tokens = append(s.tokens, tok)
		for k := i; k <= j; k++ {
			t := d.Tokens[k]
			w := udWord{form: strings.ToLower(stripSpace(d.Text(t.Span))), lemma: t.Lemma, upos: t.UPOS, xpos: t.XPOS,
				deprel: universal(t.Deprel), head: t.Head}
			if j > i {
				w.span, w.mw = tok, true
			} else {
				w.span = cs(t.Span)
			}
			if w.head < -1 || w.head >= n {
				w.head = -3 // matches nothing
			}
			s.words[k] = w
		}
		i = j + 1
	}
	sentence := func(first, end int) {
		if first < end {
			s.sentences = append(s.sentences, udSpan{cs(d.Tokens[first].Span).start, cs(d.Tokens[end-1].Span).end})
		}
	}
	if len(d.Sentences) > 0 {
		for i, st := range d.Sentences {
			if st.FirstToken < 0 || st.FirstToken > st.EndToken || st.EndToken > n {
				return nil, fmt.Errorf("sentence %d: token range [%d,%d) outside [0,%d)", i, st.FirstToken, st.EndToken, n)
			}
			sentence(st.FirstToken, st.EndToken)
		}
	} else {
		for i := 0; i < n; {
			j := i + 1
			for j < n && d.Tokens[j].Sentence == d.Tokens[i].Sentence {
				j++
			}
			sentence(i, j)
			i = j
		}
	}
	return s, nil
}

// spansScore counts spans equal on both sides; both lists are ordered.
func spansScore(gold, system []udSpan) (correct int) {
	gi, si := 0, 0
	for gi < len(gold) && si < len(system) {
		switch {
		case system[si].start < gold[gi].start:
			si++
		case gold[gi].start < system[si].start:
			gi++
		default:
			if gold[gi].end == system[si].end {
				correct++
			}
			gi++
			si++
		}
	}
	return correct
}

// alignWords aligns gold and system words as conll18_ud_eval.py does and
// returns, for every system word, the gold word aligned to it or -1.
func alignWords(gold, system []udWord) []int {
	toGold := make([]int, len(system))
	for i := range toGold {
		toGold[i] = -1
	}
	gi, si := 0, 0
	for gi < len(gold) && si < len(system) {
		if !gold[gi].mw && !system[si].mw {
			// Outside multiword tokens words align by their spans.
			switch {
			case gold[gi].span == system[si].span:
				toGold[si] = gi
				gi++
				si++
			case gold[gi].span.start <= system[si].span.start:
				gi++
			default:
				si++
			}
			continue
		}
		var gs, ss int
		gs, ss, gi, si = multiwordRegion(gold, system, gi, si)
		if gi > gs && si > ss {
			alignLCS(gold[gs:gi], system[ss:si], toGold[ss:si], gs)
		}
	}
	return toGold
}

// beyondEnd reports whether words[i] lies past a multiword region ending
// at end.
func beyondEnd(words []udWord, i, end int) bool {
	if i >= len(words) {
		return true
	}
	if words[i].mw {
		return words[i].span.start >= end
	}
	return words[i].span.end > end
}

func extendEnd(w udWord, end int) int {
	if w.mw && w.span.end > end {
		return w.span.end
	}
	return end
}

// multiwordRegion finds the smallest region around gold[gi] or system[si]
// (one of which is in a multiword token) that no multiword token of either
// side sticks out of. It returns the region's first words (gs, ss) and the
// words after it (ge, se).
func multiwordRegion(gold, system []udWord, gi, si int) (gs, ss, ge, se int) {
	var end int
	if gold[gi].mw {
		end = gold[gi].span.end
		if !system[si].mw && system[si].span.start < gold[gi].span.start {
			si++
		}
	} else {
		end = system[si].span.end
		if !gold[gi].mw && gold[gi].span.start < system[si].span.start {
			gi++
		}
	}
	gs, ss = gi, si
	for !beyondEnd(gold, gi, end) || !beyondEnd(system, si, end) {
		if gi < len(gold) && (si >= len(system) || gold[gi].span.start <= system[si].span.start) {
			end = extendEnd(gold[gi], end)
			gi++
		} else {
			end = extendEnd(system[si], end)
			si++
		}
	}
	return gs, ss, gi, si
}

// alignLCS aligns the words of one multiword region by the longest common
// subsequence of their lower-cased forms, filling toGold (indexed like
// system) with gold indexes offset by goff.
func alignLCS(gold, system []udWord, toGold []int, goff int) {
	ng, ns := len(gold), len(system)
	// lcs[g][s] is the LCS length of gold[g:] and system[s:]; row and
	// column ng/ns are the zero borders.
	lcs := make([][]int, ng+1)
	for g := range lcs {
		lcs[g] = make([]int, ns+1)
	}
	for g := ng - 1; g >= 0; g-- {
		for s := ns - 1; s >= 0; s-- {
			v := max(lcs[g+1][s], lcs[g][s+1])
			if gold[g].form == system[s].form {
				v = max(v, 1+lcs[g+1][s+1])
			}
			lcs[g][s] = v
		}
	}
	g, s := 0, 0
	for g < ng && s < ns {
		switch {
		case gold[g].form == system[s].form:
			toGold[s] = goff + g
			g++
			s++
		case lcs[g][s] == lcs[g+1][s]:
			g++
		default:
			s++
		}
	}
}

// scoreUD compares one document's two sides.
func scoreUD(g, s *udSide) UDCounts {
	c := UDCounts{
		GoldTokens: len(g.tokens), SystemTokens: len(s.tokens), CorrectTokens: spansScore(g.tokens, s.tokens),
		GoldSentences: len(g.sentences), SystemSentences: len(s.sentences), CorrectSentences: spansScore(g.sentences, s.sentences),
		GoldWords: len(g.words), SystemWords: len(s.words),
	}
	toGold := alignWords(g.words, s.words)
	// head maps a system head to the gold word aligned to it: -1 stays the
	// root, an unaligned word or a bad head becomes -2, which no gold head
	// equals.
	head := func(h int) int {
		switch {
		case h == -1:
			return -1
		case h < 0:
			return -2
		case toGold[h] < 0:
			return -2
		}
		return toGold[h]
	}
	for si, gi := range toGold {
		if gi < 0 {
			continue
		}
		gw, sw := &g.words[gi], &s.words[si]
		c.AlignedWords++
		if gw.upos == sw.upos {
			c.UPOS++
		}
		if gw.xpos == sw.xpos {
			c.XPOS++
		}
		if gw.lemma == "_" || gw.lemma == sw.lemma {
			c.Lemmas++
		}
		if gw.head == head(sw.head) {
			c.UAS++
			if gw.deprel == sw.deprel {
				c.LAS++
			}
		}
	}
	return c
}
