package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/doc"
)

// region is the text between a pair of quotation marks: Content excludes
// the marks, Outer includes them. A quote that runs over several
// paragraphs (each opening with a mark, only the last closing) is one
// region per paragraph, linked by cont.
type region struct {
	content, outer doc.Span
	// cont is the index of the region this one continues, or -1.
	cont int
	// double says the marks were double (“ ” " « » „); single quotes (‘ ’
	// ') are kept only at the top level.
	double bool
}

// Mark kinds.
const (
	markNone = iota
	markOpen
	markClose
	markEither // a straight quote: which one depends on the neighbours
)

// classify says what the quotation mark r at byte i of s can be; the
// second result is true for double marks. prev and next are the runes
// around it (0 at the edges).
func classify(r rune, prev, next rune) (kind int, double bool) {
	switch r {
	case '“', '„', '«':
		return markOpen, true
	case '”':
		// A right mark before a word that follows a space or starts the
		// text is an opening mark typed the wrong way round (”This is
		// why...,” said Krystek).
		if (prev == 0 || unicode.IsSpace(prev)) && isLetter(next) {
			return markOpen, true
		}
		return markClose, true
	case '»':
		return markClose, true
	case '"':
		return markEither, true
	case '‘':
		return markOpen, false
	case '’', '\'':
		// An apostrophe inside or at the end of a word ("Iran’s",
		// "Jones’") is not a quote; a closing single mark follows a word
		// and is not followed by a letter.
		if isLetter(next) {
			if r == '\'' && !isLetter(prev) && !isDigit(prev) {
				return markOpen, false
			}
			return markNone, false
		}
		if prev == 0 || unicode.IsSpace(prev) {
			if r == '\'' && next != 0 && !unicode.IsSpace(next) {
				return markOpen, false
			}
			return markNone, false
		}
		return markClose, false
	}
	return markNone, false
}

func isLetter(r rune) bool { return r != 0 && unicode.IsLetter(r) }
func isDigit(r rune) bool  { return r != 0 && unicode.IsDigit(r) }

// findRegions pairs the quotation marks of each paragraph. Double marks
// pair at the top level, single marks inside them are nested quotes and
// belong to the outer region; single marks at the top level pair among
// themselves. A paragraph that opens a double quote without closing it
// continues into the next paragraph when that one opens with a mark; any
// other unclosed mark is ignored (a stray mark does not swallow text).
func findRegions(body string, paragraphs []doc.Span) []region {
	if len(paragraphs) == 0 {
		paragraphs = []doc.Span{{Start: 0, End: len(body)}}
	}
	var out []region
	pendingCont := -1 // region of the previous paragraph left open
	for _, p := range paragraphs {
		type open struct {
			at     int // byte offset of the mark
			size   int
			double bool
			r      rune
		}
		var stack []open
		cont := pendingCont
		pendingCont = -1
		text := body[p.Start:p.End]
		// A paragraph that starts with a continuation mark continues the
		// open quote of the previous one.
		prev := rune(0)
		for i := 0; i < len(text); {
			r, size := utf8.DecodeRuneInString(text[i:])
			next := rune(0)
			if i+size < len(text) {
				next, _ = utf8.DecodeRuneInString(text[i+size:])
			}
			kind, double := classify(r, prev, next)
			at := p.Start + i
			switch {
			case kind == markNone:
			case !double && len(stack) > 0 && stack[0].double:
				// Nested single quotes: part of the outer content.
			case kind == markEither:
				// A straight mark after a word closes an open straight
				// mark, or a curly one that no curly mark closes later in
				// the paragraph (“...,\" mixed by an editor).
				top := len(stack) - 1
				if top >= 0 && prev != 0 && !unicode.IsSpace(prev) && (stack[top].r == '"' || stack[top].double && !strings.ContainsRune(text[i+size:], '”')) {
					kind = markClose
				} else if next != 0 && !unicode.IsSpace(next) {
					kind = markOpen
				} else {
					kind = markNone
				}
			}
			if !double && len(stack) > 0 && stack[0].double {
				kind = markNone
			}
			switch kind {
			case markOpen:
				if len(stack) == 0 || !double || !stack[len(stack)-1].double {
					stack = append(stack, open{at: at, size: size, double: double, r: r})
				} else if r == '“' && stack[len(stack)-1].r == '„' {
					// German „...“: this closes.
					kind = markClose
				}
			}
			if kind == markClose && len(stack) > 0 && stack[len(stack)-1].double == double {
				o := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					out = append(out, region{
						content: doc.Span{Start: o.at + o.size, End: at},
						outer:   doc.Span{Start: o.at, End: at + size},
						cont:    cont,
						double:  double,
					})
					cont = -1
				}
			}
			prev = r
			i += size
		}
		// An open double quote at the end of the paragraph continues when
		// the next paragraph opens with a mark.
		if len(stack) > 0 && stack[0].double {
			o := stack[0]
			end := p.End
			for end > o.at+o.size && unicode.IsSpace(rune(body[end-1])) {
				end--
			}
			if nextOpensQuote(body, paragraphs, p) && end > o.at+o.size {
				out = append(out, region{
					content: doc.Span{Start: o.at + o.size, End: end},
					outer:   doc.Span{Start: o.at, End: end},
					cont:    cont,
					double:  true,
				})
				pendingCont = len(out) - 1
			}
		}
	}
	return out
}

// nextOpensQuote reports whether the paragraph after p starts with an
// opening double quotation mark.
func nextOpensQuote(body string, paragraphs []doc.Span, p doc.Span) bool {
	for _, q := range paragraphs {
		if q.Start >= p.End {
			r, _ := utf8.DecodeRuneInString(body[q.Start:q.End])
			return r == '“' || r == '"' || r == '«' || r == '„'
		}
	}
	return false
}
