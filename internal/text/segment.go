package text

import (
	"cmp"
	"slices"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/doc"
)

// segment tokenises body paragraph by paragraph and splits each paragraph
// into sentences. Text outside the paragraphs (which a caller's spans may
// leave out) is segmented as well and counted with the paragraph before.
func segment(t *tables, body string, paragraphs, headings []doc.Span) ([]doc.Sentence, []doc.Token) {
	// Tokenise everything first, so that the output is allocated once at
	// its exact size: a doc.Token is large, and growing a slice of them
	// would copy the lot.
	z := &tokenizer{t: t, body: body, toks: make([]token, 0, len(body)/6+16)}
	type block struct{ first, end, para int }
	var blocks []block
	run := func(lo, hi, para int) {
		if hi <= lo {
			return
		}
		first := len(z.toks)
		z.openSingle = false
		z.tokenize(lo, hi)
		if len(z.toks) > first {
			blocks = append(blocks, block{first, len(z.toks), para})
		}
	}
	pos := 0
	last := 0 // the paragraph text outside any paragraph counts with
	for k, p := range paragraphs {
		a, b := max(runeStart(body, p.Start), pos), runeStart(body, min(p.End, len(body)))
		if b <= a {
			continue
		}
		run(pos, a, last)
		run(a, b, k)
		pos, last = b, k
	}
	run(pos, len(body), last)

	ends := make([]bool, len(z.toks))
	sg := &splitter{t: t, body: body, margin: t.margin, headings: sortedSpans(headings)}
	nTok, nSent := len(z.toks), 0
	for _, b := range blocks {
		e := ends[b.first:b.end]
		sg.split(z.toks[b.first:b.end], e)
		e[len(e)-1] = true
		for i, end := range e {
			if end {
				nSent++
				if z.toks[b.first+i].abbr == abbrSplit {
					nTok++
				}
			}
		}
	}
	out := output{tokens: make([]doc.Token, 0, nTok), sentences: make([]doc.Sentence, 0, nSent)}
	for _, b := range blocks {
		out.add(z.toks[b.first:b.end], ends[b.first:b.end], b.para)
	}
	return out.sentences, out.tokens
}

// sortedSpans returns spans sorted by start, copying them if they are
// not.
func sortedSpans(spans []doc.Span) []doc.Span {
	if slices.IsSortedFunc(spans, cmpSpan) {
		return spans
	}
	spans = slices.Clone(spans)
	slices.SortFunc(spans, cmpSpan)
	return spans
}

func cmpSpan(a, b doc.Span) int {
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
}

// runeStart moves i back to the start of the character it falls in, so
// that a span given in bytes never cuts a character in two.
func runeStart(body string, i int) int {
	if i <= 0 {
		return 0
	}
	if i >= len(body) {
		return len(body)
	}
	for j := i; j >= 0 && j >= i-3; j-- {
		if utf8.RuneStart(body[j]) {
			if _, n := utf8.DecodeRuneInString(body[j:]); j+n > i {
				return j
			}
			break
		}
	}
	return i
}

// output collects the document's sentences and tokens.
type output struct {
	sentences []doc.Sentence
	tokens    []doc.Token
}

// add appends one paragraph's tokens as sentences. ends[i] says a
// sentence ends after toks[i]; the last token always ends one. An
// abbreviation's full stop at a sentence end becomes a token of its own,
// as in UD ("etc" + "." but "etc." inside a sentence).
func (o *output) add(toks []token, ends []bool, para int) {
	first := len(o.tokens)
	for i, tk := range toks {
		end := ends[i]
		if end && tk.abbr == abbrSplit && !tk.fused {
			o.push(tk.start, tk.end-1, false)
			o.push(tk.end-1, tk.end, false)
		} else {
			o.push(tk.start, tk.end, tk.fused)
		}
		if end {
			o.sentence(first, para)
			first = len(o.tokens)
		}
	}
}

func (o *output) push(start, end int, fused bool) {
	o.tokens = append(o.tokens, doc.Token{
		Span:          doc.Span{Start: start, End: end},
		Sentence:      len(o.sentences),
		Head:          -1,
		FusedWithNext: fused,
	})
}

func (o *output) sentence(first, para int) {
	if first >= len(o.tokens) {
		return
	}
	o.sentences = append(o.sentences, doc.Sentence{
		Span:       doc.Span{Start: o.tokens[first].Span.Start, End: o.tokens[len(o.tokens)-1].Span.End},
		Paragraph:  para,
		FirstToken: first,
		EndToken:   len(o.tokens),
	})
}
