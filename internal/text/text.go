// Package text is dyad's tokenizer and sentence splitter: the first stage
// of the language pipeline, which turns an article body into sentences of
// syntactic words.
//
// Tokens follow the conventions of Universal Dependencies English as the
// English Web Treebank (r2.16) writes them: punctuation apart, "don't" as
// the two words do + n't, "Iran’s" as Iran + ’s (both marked
// FusedWithNext, as UD's multiword tokens), most hyphenated compounds as
// three tokens (search - engine), but URLs, e-mail addresses, numbers,
// dates, abbreviations and emoticons whole.
//
// Sentences are found by a small averaged perceptron that looks at every
// gap between surface tokens in a paragraph, with the token before and
// after it, their shapes and whether the word before is a known
// abbreviation. It was trained on the train splits of UD English EWT and
// GUM (see gen/); a paragraph (and a heading) is always a sentence of its
// own or several, never part of one.
package text

import (
	"context"
	"fmt"
	"strings"

	"github.com/dyad-events/dyad/internal/doc"
)

// Segmenter splits a body into sentences and tokens. It holds no mutable
// state and is safe for concurrent use.
type Segmenter struct{}

// New returns a Segmenter. It is cheap: the embedded word lists and model
// are loaded once, on first use, and shared.
func New() *Segmenter { return &Segmenter{} }

// Name returns the stage name.
func (s *Segmenter) Name() string { return "text" }

// Process fills d.Sentences and d.Tokens from d.Article.Body, replacing
// any there were. Paragraph boundaries come from d.Article.Paragraphs or,
// when there are none, from blank lines (the paragraphs found are then
// stored in d.Article.Paragraphs, which Sentence.Paragraph indexes).
// Headings are sentences of their own.
func (s *Segmenter) Process(ctx context.Context, d *doc.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t, err := loadTables()
	if err != nil {
		return err
	}
	a := &d.Article
	if len(a.Paragraphs) == 0 {
		a.Paragraphs = Paragraphs(a.Body)
	}
	d.Sentences, d.Tokens = segment(t, a.Body, a.Paragraphs, a.Headings)
	if n := len(d.Tokens); n > 0 && d.Tokens[n-1].Span.End > len(a.Body) {
		return fmt.Errorf("text: token beyond the body (%d > %d)", d.Tokens[n-1].Span.End, len(a.Body))
	}
	return nil
}

// Segment splits body into sentences and tokens. Sentence.Paragraph
// indexes paragraphs or, when paragraphs is empty, Paragraphs(body).
// Text outside the given paragraphs is segmented too and counted with the
// paragraph before it, so every non-space byte of body lands in exactly
// one token.
func (s *Segmenter) Segment(body string, paragraphs []doc.Span) ([]doc.Sentence, []doc.Token) {
	t, err := loadTables()
	if err != nil {
		// The embedded data is part of the binary and checked by the
		// package tests; it cannot be broken at run time.
		panic(err)
	}
	if len(paragraphs) == 0 {
		paragraphs = Paragraphs(body)
	}
	return segment(t, body, paragraphs, nil)
}

// Paragraphs returns the paragraphs of body: runs of lines that are not
// blank (a blank line holds only white space), trimmed of white space.
func Paragraphs(body string) []doc.Span {
	var out []doc.Span
	start, end := -1, -1
	for ls := 0; ls <= len(body); {
		le := strings.IndexByte(body[ls:], '\n')
		if le < 0 {
			le = len(body)
		} else {
			le += ls
		}
		a, b := trimSpace(body, ls, le)
		if a == b {
			if start >= 0 {
				out = append(out, doc.Span{Start: start, End: end})
				start = -1
			}
		} else {
			if start < 0 {
				start = a
			}
			end = b
		}
		ls = le + 1
	}
	if start >= 0 {
		out = append(out, doc.Span{Start: start, End: end})
	}
	return out
}

// trimSpace returns body[lo:hi] without leading and trailing white space,
// as a range.
func trimSpace(body string, lo, hi int) (int, int) {
	for lo < hi {
		r, n := decode(body, lo)
		if !isSpace(r) {
			break
		}
		lo += n
	}
	for hi > lo {
		r, n := decodeLast(body, hi)
		if !isSpace(r) {
			break
		}
		hi -= n
	}
	return lo, hi
}

// Words returns the tokens of a short text, such as a dictionary phrase,
// as strings: what the segmenter finds in running text, so that phrases
// listed in data files meet the text's tokens.
func (s *Segmenter) Words(phrase string) []string {
	_, toks := s.Segment(phrase, nil)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = phrase[t.Span.Start:t.Span.End]
	}
	return out
}
