package text

import (
	"fmt"
	"testing"

	"github.com/dyad-events/dyad/internal/doc"
)

// checkSegmentation verifies the invariants every output must keep: token
// spans in bounds, non-empty, in order and not overlapping, covering every
// non-space byte of body exactly once and no space at their edges; fused
// words adjacent; sentences in order, covering exactly their tokens, each
// token pointing at its sentence; paragraphs indexing paras.
func checkSegmentation(body string, paras []doc.Span, sents []doc.Sentence, toks []doc.Token) error {
	covered := make([]bool, len(body))
	prevEnd := 0
	for i, t := range toks {
		sp := t.Span
		if !sp.Valid(len(body)) || sp.Len() == 0 {
			return fmt.Errorf("token %d: bad span %v (body %d bytes)", i, sp, len(body))
		}
		if sp.Start < prevEnd {
			return fmt.Errorf("token %d %q: span %v overlaps or precedes the token before (end %d)", i, body[sp.Start:sp.End], sp, prevEnd)
		}
		if i > 0 && toks[i-1].FusedWithNext && toks[i-1].Span.End != sp.Start {
			return fmt.Errorf("token %d: fused with the token before but not adjacent", i)
		}
		if t.Head != -1 {
			return fmt.Errorf("token %d: head %d, want -1", i, t.Head)
		}
		r, _ := decode(body, sp.Start)
		q, _ := decodeLast(body, sp.End)
		if isSpace(r) || isSpace(q) {
			return fmt.Errorf("token %d %q: white space at its edge", i, body[sp.Start:sp.End])
		}
		for k := sp.Start; k < sp.End; k++ {
			covered[k] = true
		}
		prevEnd = sp.End
	}
	if n := len(toks); n > 0 && toks[n-1].FusedWithNext {
		return fmt.Errorf("last token fused with nothing")
	}
	for i := 0; i < len(body); {
		r, n := decode(body, i)
		for k := i; k < i+n; k++ {
			if covered[k] == isSpace(r) {
				if covered[k] {
					return fmt.Errorf("byte %d (%q) is space but inside a token", k, body[i:i+n])
				}
				return fmt.Errorf("byte %d (%q) is in no token", k, body[i:i+n])
			}
		}
		i += n
	}
	next := 0
	for i, s := range sents {
		if s.FirstToken != next || s.EndToken <= s.FirstToken || s.EndToken > len(toks) {
			return fmt.Errorf("sentence %d: tokens [%d,%d), want to start at %d", i, s.FirstToken, s.EndToken, next)
		}
		if s.Span.Start != toks[s.FirstToken].Span.Start || s.Span.End != toks[s.EndToken-1].Span.End {
			return fmt.Errorf("sentence %d: span %v does not match its tokens", i, s.Span)
		}
		if toks[s.EndToken-1].FusedWithNext {
			return fmt.Errorf("sentence %d ends inside a multiword token", i)
		}
		for k := s.FirstToken; k < s.EndToken; k++ {
			if toks[k].Sentence != i {
				return fmt.Errorf("token %d: sentence %d, want %d", k, toks[k].Sentence, i)
			}
		}
		if s.Paragraph < 0 || len(paras) > 0 && s.Paragraph >= len(paras) || i > 0 && s.Paragraph < sents[i-1].Paragraph {
			return fmt.Errorf("sentence %d: paragraph %d out of order or range (%d paragraphs)", i, s.Paragraph, len(paras))
		}
		next = s.EndToken
	}
	if next != len(toks) {
		return fmt.Errorf("tokens after the last sentence: %d of %d", len(toks)-next, len(toks))
	}
	return nil
}

func FuzzSegment(f *testing.F) {
	for _, s := range []string{
		"",
		" \n\n\t ",
		"Gen. Smith met U.S. officials on Nov. 5. They talked.",
		"“Urgent ceasefire.” He said so. ‘Quoted’ too.",
		"I don't know, can't say; won't go. Iran’s, boys' room; y'all gonna cannot",
		"...!?! :-) <3 #tag @user e-mail non-profit search-engine 1,000 3.5 6am $5 5% 11/28/2000",
		"http://example.com/a_(b). mail me@example.org, www.x.org!",
		"\xff\xfe invalid \xe2\x80 utf-8 \xc3",
		"'em ''quoted'' ``also'' -- dash — em–en",
		"line one\nLine two\n\nnew paragraph\r\n\r\nthird",
		"a\u00a0b\u2003c\u3000d\u0085e\u2028f",
		"((((((((((x))))))))))",
		"U.S.. etc.. No. 5 no. J. K. Rowling St.George Mr.Smith",
		"'s ' ’ ` '' ‘’ \"\" “”",
		"12-34-56 713-853-3989 3-4 1969-1970 x-ray F-102",
		"::::;;;;,,,,....!!!!????----____****",
		"its a ----== News==---- =--- >>x <<a.doc>> ’’ ‘’x 7:30PM ...? U.S U.S.-led alt.x.y-z 36-01 havent c’mon",
	} {
		f.Add(s)
	}
	seg := New()
	f.Fuzz(func(t *testing.T, body string) {
		sents, toks := seg.Segment(body, nil)
		if err := checkSegmentation(body, Paragraphs(body), sents, toks); err != nil {
			t.Fatalf("%q: %v", body, err)
		}
		// Arbitrary (even nonsensical) paragraph spans must not break
		// the invariants either.
		paras := []doc.Span{{Start: len(body) / 3, End: len(body)/3 + len(body)/4}, {Start: len(body) / 2, End: len(body) + 5}}
		sents, toks = seg.Segment(body, paras)
		if err := checkSegmentation(body, paras, sents, toks); err != nil {
			t.Fatalf("%q with paragraphs %v: %v", body, paras, err)
		}
	})
}
