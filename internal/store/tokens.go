package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/doc"
)

// Tokens are stored as one JSON array per article, each token a positional
// array rather than an object:
//
//	[start, end, sentence, lemma, upos, xpos, feats, head, deprel]
//
// Objects would repeat nine keys per token and roughly double the size of
// the largest column in the database. The encoder is hand-written because
// it runs for every token of every document Put stores.

const tokenFields = 9

// appendTokens appends the JSON encoding of toks to b.
func appendTokens(b []byte, toks []doc.Token) []byte {
	b = append(b, '[')
	for i := range toks {
		t := &toks[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(t.Span.Start), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(t.Span.End), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(t.Sentence), 10)
		b = append(b, ',')
		b = appendJSONString(b, t.Lemma)
		b = append(b, ',')
		b = appendJSONString(b, t.UPOS)
		b = append(b, ',')
		b = appendJSONString(b, t.XPOS)
		b = append(b, ',')
		b = appendJSONString(b, t.Feats)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(t.Head), 10)
		b = append(b, ',')
		b = appendJSONString(b, t.Deprel)
		b = append(b, ']')
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. Like encoding/json it
// replaces invalid UTF-8 with U+FFFD (JSON text must be valid UTF-8, and
// SQLite's json functions reject it otherwise); unlike encoding/json it
// does not escape <, > and &, which is only needed for HTML.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// decodeTokens is the inverse of appendTokens. It is a small parser for
// exactly this shape, because export reads every token of every article
// and encoding/json's generic decoding was a millisecond per thousand
// tokens. It accepts any JSON of the shape (whitespace, escapes, numbers
// written as 5.0 or 5e0), not just what appendTokens writes.
func decodeTokens(data string) ([]doc.Token, error) {
	p := tokenParser{s: data, strs: map[string]string{}}
	toks, err := p.tokens()
	if err != nil {
		return nil, fmt.Errorf("tokens: offset %d: %w", p.i, err)
	}
	return toks, nil
}

type tokenParser struct {
	s string
	i int
	// strs interns strings: UPOS tags, relations and common lemmas repeat
	// throughout an article, and a copy per distinct value lets the JSON
	// text be freed.
	strs map[string]string
}

func (p *tokenParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *tokenParser) expect(c byte) error {
	p.ws()
	if p.i >= len(p.s) || p.s[p.i] != c {
		return fmt.Errorf("want %q", c)
	}
	p.i++
	return nil
}

// next consumes the separator after an element: ',' (more follow, true) or
// the closing bracket (false).
func (p *tokenParser) next() (more bool, err error) {
	p.ws()
	if p.i < len(p.s) {
		switch p.s[p.i] {
		case ',':
			p.i++
			return true, nil
		case ']':
			p.i++
			return false, nil
		}
	}
	return false, errors.New("want ',' or ']'")
}

func (p *tokenParser) tokens() ([]doc.Token, error) {
	if err := p.expect('['); err != nil {
		return nil, err
	}
	toks := make([]doc.Token, 0, strings.Count(p.s, "[")-1)
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
	} else {
		for {
			t, err := p.token()
			if err != nil {
				return nil, fmt.Errorf("token %d: %w", len(toks), err)
			}
			toks = append(toks, t)
			more, err := p.next()
			if err != nil {
				return nil, err
			}
			if !more {
				break
			}
		}
	}
	p.ws()
	if p.i != len(p.s) {
		return nil, errors.New("text after the array")
	}
	return toks, nil
}

func (p *tokenParser) token() (doc.Token, error) {
	var t doc.Token
	if err := p.expect('['); err != nil {
		return t, err
	}
	// The fields in order, as appendTokens writes them.
	ints := [...]*int{0: &t.Span.Start, 1: &t.Span.End, 2: &t.Sentence, 7: &t.Head}
	strs := [...]*string{3: &t.Lemma, 4: &t.UPOS, 5: &t.XPOS, 6: &t.Feats, 8: &t.Deprel}
	for f := range tokenFields {
		if f > 0 {
			if more, err := p.next(); err != nil || !more {
				return t, fmt.Errorf("want %d fields", tokenFields)
			}
		}
		var err error
		if f < len(ints) && ints[f] != nil {
			*ints[f], err = p.int()
		} else {
			*strs[f], err = p.str()
		}
		if err != nil {
			return t, fmt.Errorf("field %d: %w", f, err)
		}
	}
	if more, err := p.next(); err != nil || more {
		return t, fmt.Errorf("want %d fields", tokenFields)
	}
	return t, nil
}

func (p *tokenParser) int() (int, error) {
	p.ws()
	start := p.i
	for p.i < len(p.s) && strings.IndexByte("+-0123456789.eE", p.s[p.i]) >= 0 {
		p.i++
	}
	num := p.s[start:p.i]
	if n, err := strconv.Atoi(num); err == nil {
		return n, nil
	}
	// 5.0 or 5e0: valid JSON for an integer, if not what appendTokens writes.
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, fmt.Errorf("%q is not an integer", num)
	}
	return int(f), nil
}

func (p *tokenParser) str() (string, error) {
	p.ws()
	if p.i >= len(p.s) || p.s[p.i] != '"' {
		return "", errors.New("want a string")
	}
	start := p.i
	p.i++
	escaped := false
	for {
		if p.i >= len(p.s) {
			return "", errors.New("unterminated string")
		}
		c := p.s[p.i]
		p.i++
		if c == '"' {
			break
		}
		if c == '\\' {
			escaped = true
			p.i++ // whatever follows is part of the escape
		}
	}
	lit := p.s[start:p.i]
	if escaped {
		// Rare: leave the escape rules to encoding/json.
		var v string
		if err := json.Unmarshal([]byte(lit), &v); err != nil {
			return "", err
		}
		return v, nil
	}
	v := lit[1 : len(lit)-1]
	if w, ok := p.strs[v]; ok {
		return w, nil
	}
	w := strings.Clone(v)
	p.strs[w] = w
	return w, nil
}
