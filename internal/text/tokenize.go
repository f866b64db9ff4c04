package text

import (
	"strings"
	"unicode"
)

// Tokenisation follows UD English as in EWT and GUM. White space separates
// chunks; each chunk is peeled like an onion, spaCy-style: opening
// punctuation comes off the front, closing punctuation off the back, until
// what is left is a core, which is split at infixes (dashes, most hyphens,
// word/word slashes, ...) into surface tokens. A surface token that is a
// contraction is then split into its syntactic words (do + n't), which
// are marked FusedWithNext. Whole-token shapes (emoticons, abbreviations,
// URLs, e-mail addresses) are recognised before any peeling.

// token is one syntactic word while segmenting.
type token struct {
	start, end int
	// fused says the next token is part of the same surface token.
	fused bool
	// abbr says how the token's final full stop behaves (abbrNone when it
	// has none).
	abbr uint8
}

const (
	abbrNone   = iota
	abbrSplit  // an abbreviation or initial whose full stop becomes a token of its own if a sentence ends here ("etc.")
	abbrDotted // dotted initials that keep their full stop even at a sentence end ("U.S.")
	abbrTitle  // a title before a name ("Dr.")
)

// tokenizer holds the state of tokenising one body.
type tokenizer struct {
	t    *tables
	body string
	toks []token
	suf  []token // closing tokens peeled off the current chunk, innermost last
	// openSingle says a single quote was opened and not yet closed in
	// the current paragraph: a final apostrophe after "s" then closes it
	// rather than marking a plural possessive (the boys' room).
	openSingle bool
	// chunkLT says the current chunk has a '<', so a final '>' closes it.
	chunkLT bool
}

// tokenize appends the tokens of body[lo:hi] to z.toks.
func (z *tokenizer) tokenize(lo, hi int) {
	s := z.body
	i := lo
	for i < hi {
		r, n := decode(s, i)
		if isSpace(r) {
			i += n
			continue
		}
		j := i + n
		for j < hi {
			c := s[j]
			if c < 0x80 {
				if c == ' ' || '\t' <= c && c <= '\r' {
					break
				}
				j++
				continue
			}
			r, n = decode(s, j)
			if isSpace(r) {
				break
			}
			j += n
		}
		z.chunk(i, j)
		i = j
	}
}

func (z *tokenizer) emit(lo, hi int) {
	z.toks = append(z.toks, token{start: lo, end: hi})
}

// chunk tokenises one white-space-free stretch s[lo:hi].
func (z *tokenizer) chunk(lo, hi int) {
	s := z.body
	base := len(z.suf)
	z.chunkLT = strings.IndexByte(s[lo:hi], '<') >= 0
	if hi-lo >= 2 && s[lo] < 0x80 && drawing[s[lo]] && isDrawing(s[lo:hi]) {
		// "----==", "=---", "->", "*~*~*": a rule or arrow drawn with
		// symbols is one token
		z.emit(lo, hi)
		return
	}
	for lo < hi {
		if hi-lo <= 4 && maybeEmoticon(s[lo:hi]) && z.t.emoticons[s[lo:hi]] {
			z.emit(lo, hi)
			break
		}
		if s[hi-1] == '.' {
			if k := z.abbrevKind(lo, hi); k != abbrNone {
				z.toks = append(z.toks, token{start: lo, end: hi, abbr: k})
				break
			}
		}
		if n := z.prefix(lo, hi); n > 0 {
			z.emit(lo, lo+n)
			lo += n
			continue
		}
		if e := z.url(lo, hi); e > lo {
			z.emit(lo, e)
			lo = e
			continue
		}
		if n := z.suffix(lo, hi); n > 0 {
			z.suf = append(z.suf, token{start: hi - n, end: hi})
			hi -= n
			continue
		}
		z.core(lo, hi)
		break
	}
	for k := len(z.suf) - 1; k >= base; k-- {
		z.toks = append(z.toks, z.suf[k])
	}
	z.suf = z.suf[:base]
}

// abbrevKind reports whether s[lo:hi], which ends with '.', is an
// abbreviation that keeps its full stop.
func (z *tokenizer) abbrevKind(lo, hi int) uint8 {
	s := z.body[lo:hi]
	if len(s) < 2 || len(s) > 24 {
		return abbrNone
	}
	if n := initials(s); n > 0 {
		if n == 1 {
			return abbrSplit
		}
		return abbrDotted
	}
	switch z.t.abbreviation(s) {
	case abbrevPlain:
		return abbrSplit
	case abbrevTitle:
		return abbrTitle
	case abbrevNumber:
		// "No. 5" but "said no."
		for i := hi; i < len(z.body); {
			r, n := decode(z.body, i)
			if isSpace(r) {
				i += n
				continue
			}
			if isDigit(r) || r == '#' {
				return abbrTitle
			}
			break
		}
	}
	return abbrNone
}

// initials returns the number of letters of s if s is single letters each
// followed by a full stop ("J.", "U.S.", "e.g."), else 0.
func initials(s string) int {
	n := 0
	for i := 0; i < len(s); {
		r, size := decode(s, i)
		if !isAlpha(r) {
			return 0
		}
		i += size
		for i < len(s) {
			// combining marks belong to the letter
			r, size = decode(s, i)
			if !unicode.IsMark(r) {
				break
			}
			i += size
		}
		if i >= len(s) || s[i] != '.' {
			return 0
		}
		i++
		n++
	}
	return n
}

// elisions are words that begin with an apostrophe standing for dropped
// letters; the apostrophe stays part of them.
var elisions = map[string]bool{
	"em": true, "cause": true, "cuz": true, "cos": true, "coz": true, "til": true, "till": true,
	"tis": true, "twas": true, "n": true, "bout": true, "round": true, "nuff": true, "s": true,
	"ll": true, "re": true, "ve": true, "d": true, "m": true, "t": true, "all": true, "ya": true,
}

// prefix returns the length of a token to peel off the front of s[lo:hi]
// (0 for none).
func (z *tokenizer) prefix(lo, hi int) int {
	s := z.body
	if c := s[lo]; c < 0x80 && isAlnumByte(c) {
		return 0 // the common case: a word or number
	}
	r, n := decode(s, lo)
	if lo+n >= hi {
		return 0
	}
	if r == ':' || r == ';' || r == '=' {
		// An emoticon before punctuation: ":-)."
		for l := 3; l >= 2; l-- {
			if lo+l < hi && z.t.emoticons[s[lo:lo+l]] {
				if q, _ := decode(s, lo+l); !isAlnum(q) {
					return l
				}
			}
		}
	}
	switch {
	case isApostrophe(r) || r == '‘':
		if z.elision(lo+n, hi) {
			return 0
		}
		if q, m := decode(s, lo+n); q == r && (r == '`' || r == '\'') || (r == '‘' || r == '’') && (q == '‘' || q == '’') {
			n += m // ``, '' and ‘’ are quotes of their own
		} else if r != '`' {
			z.openSingle = true
		}
		return n
	case isOpening(r):
		if r == '<' {
			return z.run(lo, hi, r)
		}
		return n
	case r == '-' || r == '=':
		// "--", "==--", and a hyphen before a word or number ("-Page",
		// "-37") is a token of its own.
		return ruleLen(s[lo:hi])
	case isDash(r), r == '…', r == ',', r == ';', r == '!', r == '?', r == '*', r == '~', r == '|', r == '•', r == '·', r == '>':
		// ">>" before a quoted line is one token
		return z.run(lo, hi, r)
	case r == ':':
		return z.run(lo, hi, r)
	case r == '.':
		if m := z.run(lo, hi, r); m > 1 {
			return m
		}
		return 0
	case r == '#':
		if q, _ := decode(s, lo+n); isDigit(q) {
			return n // "# 1", but "#hashtag"
		}
		return 0
	case isCurrency(r):
		if q, _ := decode(s, lo+n); isDigit(q) || q == '.' {
			return n
		}
		return 0
	case unicode.IsSymbol(r) || unicode.IsPunct(r):
		switch r {
		case '@', '&', '_', '+', '^', '/', '\\', '%', '\'':
			return 0
		}
		return n
	}
	return 0
}

// run returns the length of the run of r starting at lo, or 0 if the run
// is all of s[lo:hi] (a chunk of only that character is one token).
func (z *tokenizer) run(lo, hi int, r rune) int {
	i := lo
	for i < hi {
		q, n := decode(z.body, i)
		if q != r {
			break
		}
		i += n
	}
	if i >= hi {
		return 0
	}
	return i - lo
}

// runBack returns the length of the run of r ending at hi, or 0 if the run
// is all of s[lo:hi].
func (z *tokenizer) runBack(lo, hi int, r rune) int {
	i := hi
	for i > lo {
		q, n := decodeLast(z.body, i)
		if q != r {
			break
		}
		i -= n
	}
	if i <= lo {
		return 0
	}
	return hi - i
}

// elision reports whether the letters from i on are an elided word after
// an apostrophe ('em, 'cause, '90s).
func (z *tokenizer) elision(i, hi int) bool {
	s := z.body
	j := i
	for j < hi && j-i < 8 {
		r, n := decode(s, j)
		if !isAlnum(r) {
			break
		}
		j += n
	}
	if j == i {
		return false
	}
	if j < hi {
		// 's, 'em, ... must end the word.
		if r, _ := decode(s, j); isAlnum(r) {
			return false
		}
	}
	w := s[i:j]
	if w[0] >= '0' && w[0] <= '9' {
		// '90s, '07
		return len(w) == 2 && isDigitByte(w[1]) || len(w) == 3 && isDigitByte(w[1]) && w[2] == 's'
	}
	var buf [8]byte
	low, ok := lowerASCII(buf[:0], w)
	return ok && elisions[string(low)]
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

func isAlnumByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// maybeEmoticon is a cheap test that lets most chunks skip the emoticon
// lookup: every emoticon has punctuation in it or ends in D or P (xD).
func maybeEmoticon(s string) bool {
	if c := s[len(s)-1]; c == 'D' || c == 'P' {
		return true
	}
	for i := 0; i < len(s); i++ {
		if !isAlnumByte(s[i]) {
			return true
		}
	}
	return false
}

// suffix returns the length of a token to peel off the end of s[lo:hi] (0
// for none).
func (z *tokenizer) suffix(lo, hi int) int {
	s := z.body
	r, n := decodeLast(s, hi)
	if hi-n <= lo {
		return 0
	}
	// An emoticon stuck to a word: "great:)".
	if hi-lo > 2 && (r == ')' || r == '(' || r == 'D' || r == 'P' || r == 'p') {
		for l := 3; l >= 2; l-- {
			if hi-l > lo && strings.ContainsRune(":;=", rune(s[hi-l])) && z.t.emoticons[s[hi-l:hi]] {
				if q, _ := decodeLast(s, hi-l); isAlnum(q) {
					return l
				}
			}
		}
	}
	if r < 0x80 && isAlnumByte(byte(r)) {
		return 0 // the common case: a word or number
	}
	switch {
	case isTerminal(r):
		// A run of terminal punctuation is one token: "...", "?!", "!!!".
		j := hi
		for j > lo {
			q, m := decodeLast(s, j)
			if !isTerminal(q) {
				break
			}
			j -= m
		}
		if j <= lo {
			return 0
		}
		if hi-j > 1 && s[j] == '.' && z.abbrevKind(lo, j+1) != abbrNone {
			return hi - j - 1 // "U.S.." is U.S. + .
		}
		if hi-j > 3 && s[j] == '.' && s[j+1] == '.' && s[j+2] == '.' && s[hi-1] != '.' {
			// "...?" is ... + ?
			k := strings.LastIndexByte(s[j:hi], '.')
			return hi - (j + k + 1)
		}
		return hi - j
	case r == '=':
		return ruleLenBack(s[lo:hi])
	case r == ',' || r == ';' || r == ':' || r == '*' || r == '~' || r == '|' || r == '+' || isDash(r):
		return z.runBack(lo, hi, r)
	case isCurrency(r):
		// US$ 10
		if q, _ := decodeLast(s, hi-n); isAlpha(q) {
			return n
		}
		return 0
	case isApostrophe(r):
		q, m := decodeLast(s, hi-n)
		if (q == 's' || q == 'S') && !z.openSingle && hi-n-m > lo {
			if f, _ := decode(s, lo); !isApostrophe(f) && f != '‘' {
				return 0 // the boys' room: a possessive, split as a word later
			}
		}
		if q == 'n' && hi-n-m > lo && r != '`' {
			if p, _ := decodeLast(s, hi-n-m); p == 'i' {
				return 0 // lovin'
			}
		}
		if (q == r && (r == '\'' || r == '`') || r == '’' && (q == '’' || q == '‘')) && hi-n-m > lo {
			z.openSingle = false
			return n + m // '', ’’
		}
		if r == '`' {
			return 0
		}
		z.openSingle = false
		return n
	case r == '>':
		m := z.runBack(lo, hi, r) // ">>" is one token
		if m == 0 {
			return 0
		}
		q, _ := decodeLast(s, hi-m)
		if isAlnum(q) || z.chunkLT {
			return m
		}
		return 0
	case isClosing(r), r == '%', r == '‰', r == '…', r == '•':
		return n
	case r == '-':
		if m := ruleLenBack(s[lo:hi]); m > 1 {
			return m // "--", "News==----"
		}
		return 0
	case unicode.IsSymbol(r) || unicode.IsPunct(r):
		switch r {
		case '@', '&', '_', '^', '/', '\\', '#', '<':
			return 0
		}
		return z.runBack(lo, hi, r)
	}
	return 0
}

// urlSchemes start a URL, matched in any case.
var urlSchemes = []string{"http://", "https://", "ftp://", "www.", "mailto:", "file://"}

// url returns the end of a URL starting at lo in s[lo:hi], or lo if there
// is none. Closing punctuation at the end stays outside unless the URL
// opened it ("…/Foo_(bar)").
func (z *tokenizer) url(lo, hi int) int {
	s := z.body[lo:hi]
	scheme := 0
	for _, p := range urlSchemes {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			scheme = len(p)
			break
		}
	}
	if scheme == 0 {
		return lo
	}
	e := len(s)
	// unmatched closing brackets
	paren := strings.Count(s, ")") - strings.Count(s, "(")
	square := strings.Count(s, "]") - strings.Count(s, "[")
	for e > scheme {
		r, n := decodeLast(s, e)
		switch r {
		case '.', ',', ';', ':', '!', '?', '\'', '"', '”', '’', '»', '>', '*':
			e -= n
			continue
		case ')':
			if paren > 0 {
				paren--
				e -= n
				continue
			}
		case ']':
			if square > 0 {
				square--
				e -= n
				continue
			}
		}
		break
	}
	return lo + e
}

// core splits a chunk's core s[lo:hi] at its infixes and emits the
// pieces. Hard infixes (brackets, quotes, dashes, ...) always split;
// within the stretches between them, e-mail addresses stay whole and the
// soft infixes (hyphens, slashes, full stops, commas, colons) split
// depending on their neighbours.
func (z *tokenizer) core(lo, hi int) {
	s := z.body
	start := lo
	for i := lo; i < hi; {
		r, n := decode(s, i)
		if r < 0x80 && asciiSoft[r] || !hardInfix(r) {
			i += n
			continue
		}
		m := z.run(i, hi, r)
		if m == 0 {
			m = hi - i
		}
		if i > start {
			z.soft(start, i)
		}
		z.emit(i, i+m)
		i += m
		start = i
	}
	if start < hi {
		z.soft(start, hi)
	}
}

func hardInfix(r rune) bool {
	switch r {
	case '…', ';', '!', '?', '(', ')', '[', ']', '{', '}', '"', '“', '”', '*', '|', '~', '<', '>', '‘', '«', '»':
		return true
	}
	return isDash(r)
}

// asciiSoft marks ASCII characters that are not hard infixes.
var asciiSoft = func() (t [128]bool) {
	for c := 0; c < 128; c++ {
		t[c] = !hardInfix(rune(c))
	}
	return t
}()

// soft splits s[lo:hi], which has no hard infix, at its soft infixes.
func (z *tokenizer) soft(lo, hi int) {
	s := z.body
	for {
		// An e-mail address: local part and domain stay whole, whatever
		// is glued before it is split as usual ("Johnson/ENRON@enronXgate").
		at := strings.IndexByte(s[lo:hi], '@')
		if at <= 0 || at >= hi-lo-1 {
			break
		}
		at += lo
		a := at
		for a > lo && isEmailByte(s[a-1]) {
			a--
		}
		b := at + 1
		for b < hi && (isEmailByte(s[b]) || s[b] >= 0x80) {
			b++
		}
		if a == at || b == at+1 {
			break
		}
		if a > lo {
			z.softPart(lo, a)
		}
		z.emit(a, b)
		lo = b
	}
	if lo < hi {
		z.softPart(lo, hi)
	}
}

// softPart splits s[lo:hi], which holds no e-mail address, at its soft
// infixes.
func (z *tokenizer) softPart(lo, hi int) {
	s := z.body
	start := lo
	slashes := -1 // the number of slashes in s[lo:hi], counted when needed
	dotted := -1  // 1 if s[lo:hi] is a dotted name (found when needed)
	for i := lo; i < hi; {
		r, n := decode(s, i)
		split := 0 // length of an infix token at i
		switch r {
		case ',', ':':
			if i == lo || i+n >= hi {
				split = n
			} else if p, _ := decodeLast(s, i); !isDigit(p) {
				split = n
			} else if q, _ := decode(s, i+n); !isDigit(q) {
				split = n
			}
		case '-':
			if m := z.run(i, hi, '-'); m > 1 {
				split = m
			} else if m == 0 && i+1 < hi {
				split = hi - i
			} else if i > start && i+1 < hi && z.splitHyphen(start, i, hi) {
				if dotted < 0 {
					dotted = 0
					if dottedName(s[lo:hi]) {
						dotted = 1
					}
				}
				if dotted == 0 {
					split = 1
				}
			}
		case '/':
			switch {
			case i == start+1 && (s[start] == 'w' || s[start] == 'W') && i+1 < hi && isLowerAt(s, i+1) && i+3 < hi:
				// w/it: "w/" is one word ("with")
				z.emit(start, i+1)
				start = i + 1
			case i > start && i+1 == hi:
				split = 1
			case i > start && i+1 < hi && z.splitSlash(lo, start, i, hi, &slashes):
				split = 1
			}
		case '.':
			if i+1 < hi && s[i+1] == '.' {
				m := z.run(i, hi, '.')
				if m == 0 {
					m = hi - i
				}
				split = m
			} else if i > start && i+1 < hi {
				if k := z.abbrevKind(start, i+1); k != abbrNone && isUpperAt(s, i+1) && !(i+2 < hi && s[i+2] == '.') && !initialsNoStop(s[start:hi]) {
					// "St.George": the abbreviation keeps its stop (but
					// dotted initials, "U.S.-led", and "U.S", initials short
					// of their last stop, stay whole)
					z.toks = append(z.toks, token{start: start, end: i + 1, abbr: k})
					start = i + 1
				} else if z.splitDot(start, i, hi) {
					split = 1
				}
			}
		}
		if split > 0 {
			if i > start {
				z.emitPiece(start, i)
			}
			z.emit(i, i+split)
			i += split
			start = i
			continue
		}
		i += n
	}
	if start < hi {
		z.emitPiece(start, hi)
	}
}

func isEmailByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-' || c == '+' || c == '%'
}

func isLowerAt(s string, i int) bool {
	r, _ := decode(s, i)
	return isLower(r)
}

func isUpperAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := decode(s, i)
	return isUpper(r)
}

// splitHyphen decides whether the hyphen at s[i] splits the core: UD
// English writes most compounds as three tokens (search - engine), but
// keeps common prefixes (e-mail, non-profit, co-founder) and phone
// numbers whole.
func (z *tokenizer) splitHyphen(start, i, hi int) bool {
	s := z.body
	left := s[start:i]
	j := i + 1
	for j < hi {
		r, n := decode(s, j)
		if !isAlnum(r) {
			break
		}
		j += n
	}
	right := s[i+1 : j]
	if right == "" {
		return false
	}
	g := i // start of the group of characters before the hyphen
	for g > start && s[g-1] != '-' {
		g--
	}
	if group := s[g:i]; allDigits(group) && allDigits(right) {
		// 713-853-3989, 345-9945 and 16802-6601 are phone numbers and
		// codes; 3-4, 10-12 and 1969-1970 are ranges.
		if j < hi && s[j] == '-' || g > start || len(right) >= 2 && right[0] == '0' && len(group) != 4 {
			// (a number after the hyphen with a leading zero, as in
			// 36-01, is part of a code, not the end of a range)
			return false
		}
		return !(len(right) == 4 && len(group) != 4 || len(group) >= 5)
	}
	if len(left) > 24 {
		return true
	}
	var buf [16]byte
	if low, ok := lowerASCII(buf[:0], left); ok {
		return !z.t.hyphenPrefix[string(low)]
	}
	return !z.t.hyphenPrefix[strings.ToLower(left)]
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigitByte(s[i]) {
			return false
		}
	}
	return true
}

// splitSlash decides whether the slash at s[i] splits the core: and/or is
// three tokens, but dates (11/28/2000), fractions and s/he are one.
func (z *tokenizer) splitSlash(lo, start, i, hi int, slashes *int) bool {
	s := z.body
	p, _ := decodeLast(s, i)
	q, _ := decode(s, i+1)
	if isDigit(p) || isDigit(q) {
		return false
	}
	if !isAlpha(p) || !isAlpha(q) {
		return true
	}
	// Two short letter groups joined once (s/he, w/o, l/c) stay whole.
	j := i + 1
	for j < hi && s[j] != '/' {
		j++
	}
	if i-start <= 1 && j-i-1 <= 2 {
		if *slashes < 0 {
			*slashes = strings.Count(s[lo:hi], "/")
		}
		if *slashes == 1 {
			return false
		}
	}
	return true
}

// splitDot decides whether the full stop at s[i] ends a sentence typed
// without a space after it ("sushi.They"), as opposed to a domain name or
// a file name (enron.com, plan.doc).
func (z *tokenizer) splitDot(start, i, hi int) bool {
	s := z.body
	if i-start < 2 || hi-i-1 < 2 {
		return false
	}
	for k := start; k < i; k++ {
		if c := s[k]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	if c := s[i+1]; !('A' <= c && c <= 'Z') {
		return false
	}
	if hi-i-1 == 3 {
		switch t := s[i+1 : hi]; {
		case equalFoldASCII(t, "com"), equalFoldASCII(t, "org"), equalFoldASCII(t, "net"), equalFoldASCII(t, "edu"), equalFoldASCII(t, "gov"):
			return false // a domain name: Newsfeed.Com
		}
	}
	for k := i + 2; k < hi; k++ {
		if c := s[k]; !('a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

// emitPiece emits one piece of a core, splitting a number from its unit
// (35 mm, 6 am) but not from an ordinal or plural suffix (3rd, 1970s).
func (z *tokenizer) emitPiece(lo, hi int) {
	s := z.body
	if isDigitByte(s[lo]) {
		j := lo + 1
		for j < hi && (isDigitByte(s[j]) || (s[j] == '.' || s[j] == ',' || s[j] == ':') && j+1 < hi && isDigitByte(s[j+1])) {
			j++
		}
		if j+1 < hi && s[j] == 0xc2 && (s[j+1] == 0xb0 || s[j+1] == 0xba) {
			// 24°C is 24 + ° + C
			z.emit(lo, j)
			z.emit(j, j+2)
			if j+2 < hi {
				z.emitWord(j+2, hi)
			}
			return
		}
		if j < hi && j-lo <= 12 {
			var buf [16]byte
			if low, ok := lowerASCII(buf[:0], s[j:hi]); ok && z.t.units[string(low)] {
				z.emit(lo, j)
				z.emit(j, hi)
				return
			}
		}
	}
	z.emitWord(lo, hi)
}

// emitWord emits one surface token, split into its syntactic words when
// it is a contraction: do + n't, Iran + 's, gon + na, the boys + '.
func (z *tokenizer) emitWord(lo, hi int) {
	s := z.body
	w := s[lo:hi]
	if len(w) < 2 {
		z.emit(lo, hi)
		return
	}
	if len(w) == 3 && equalFoldASCII(w, "its") && z.wordAfterIn(hi, afterIts) ||
		len(w) == 4 && equalFoldASCII(w, "your") && z.wordAfterIn(hi, afterYour) {
		// "its a shame", "your in luck": it + s, you + r, as UD writes
		// "it's" and "you're" typed without their apostrophe.
		z.toks = append(z.toks, token{start: lo, end: hi - 1, fused: true}, token{start: hi - 1, end: hi})
		return
	}
	if len(w) <= 12 && z.t.maybeContraction(w) {
		var buf [16]byte
		low, ok := lowerASCII(buf[:0], w)
		var parts []uint8
		if ok {
			parts = z.t.contractions[string(low)]
		} else if strings.ContainsAny(w, "’`ʼ") {
			parts = z.t.contractions[strings.ToLower(w)]
			if len(strings.ToLower(w)) != len(w) {
				parts = nil // byte lengths would not fit the surface
			}
		}
		if parts != nil {
			at := lo
			for k, l := range parts {
				z.toks = append(z.toks, token{start: at, end: at + int(l), fused: k < len(parts)-1})
				at += int(l)
			}
			return
		}
	}
	if cut := cliticCut(w); cut > 0 {
		z.toks = append(z.toks, token{start: lo, end: lo + cut, fused: true}, token{start: lo + cut, end: hi})
		return
	}
	z.emit(lo, hi)
}

// cliticCut returns where the clitic of w starts (don't -> 2, Iran's -> 4,
// boys' -> 4), or 0 if w has none. The host must end with a letter.
func cliticCut(w string) int {
	n := len(w)
	// Find the last apostrophe; clitics are at most "n't" + apostrophe.
	a := -1
	for i := n - 1; i >= 0 && i >= n-6; i-- {
		c := w[i]
		if c == '\'' || c == '`' {
			a = i
			break
		}
		if c == 0x99 && i >= 2 && w[i-2] == 0xe2 && w[i-1] == 0x80 { // ’ U+2019
			a = i - 2
			break
		}
		if c == 0xbc && i >= 1 && w[i-1] == 0xca { // ʼ U+02BC
			a = i - 1
			break
		}
	}
	if a <= 0 {
		return 0
	}
	alen := 1
	if w[a] >= 0x80 {
		alen = 2
		if w[a] == 0xe2 {
			alen = 3
		}
	}
	tail := w[a+alen:]
	host := w[:a]
	switch {
	case len(tail) == 1 && (tail[0] == 't' || tail[0] == 'T'):
		// n't: the n belongs to the clitic.
		if len(host) >= 2 && (host[len(host)-1] == 'n' || host[len(host)-1] == 'N') {
			if p, _ := decodeLast(host, len(host)-1); isAlpha(p) {
				return a - 1
			}
		}
		return 0
	case tail == "":
		// The boys' room.
		if c := host[len(host)-1]; (c == 's' || c == 'S') && len(host) >= 2 {
			return a
		}
		return 0
	case equalFoldASCII(tail, "s"), equalFoldASCII(tail, "m"), equalFoldASCII(tail, "d"),
		equalFoldASCII(tail, "re"), equalFoldASCII(tail, "ve"), equalFoldASCII(tail, "ll"):
		if p, _ := decodeLast(host, len(host)); isAlpha(p) {
			return a
		}
	}
	return 0
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// afterIts are words that follow "it's" but never the possessive "its"
// (determiners, adverbs, prepositions, ...): "its a shame", "its not
// fair", "its in the box", but "its own", "its name".
var afterIts = map[string]bool{
	"a": true, "an": true, "the": true, "not": true, "really": true, "just": true,
	"like": true, "also": true, "still": true, "now": true, "getting": true,
	"been": true, "simply": true, "definitely": true, "probably": true,
	"prolly": true, "always": true, "never": true, "all": true, "so": true, "too": true,
	"gonna": true, "going": true, "my": true, "your": true, "his": true, "our": true,
	"their": true, "this": true, "that": true, "these": true, "those": true, "because": true,
	"about": true, "almost": true, "actually": true, "in": true, "on": true, "at": true,
	"for": true, "from": true, "as": true, "with": true, "between": true, "by": true,
	"to": true, "ok": true, "okay": true, "what": true, "where": true, "when": true,
	"how": true, "why": true, "who": true, "nothing": true, "something": true,
	"quite": true, "kinda": true, "totally": true,
}

// afterYour are words that follow "you're" but not the possessive "your".
var afterYour = map[string]bool{
	"a": true, "an": true, "the": true, "not": true, "in": true, "on": true, "at": true,
	"gonna": true, "so": true, "too": true,
}

// wordAfterIn reports whether the word after the one ending at hi, on the
// same line, is in words (which holds lower-case ASCII words): whether
// "its" is "it's" without the apostrophe, say.
func (z *tokenizer) wordAfterIn(hi int, words map[string]bool) bool {
	s := z.body
	i := hi
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i == hi {
		return false // "its," or "its-" : no word after it
	}
	j := i
	for j < len(s) && j-i <= 10 && ('a' <= s[j] && s[j] <= 'z' || 'A' <= s[j] && s[j] <= 'Z') {
		j++
	}
	if j == i || j-i > 10 {
		return false
	}
	if j < len(s) {
		if c := s[j]; c == '-' || c == '\'' || c >= 0x80 || isAlnumByte(c) {
			return false // "its so-called", "its a's"
		}
	}
	var buf [16]byte
	low, _ := lowerASCII(buf[:0], s[i:j])
	return words[string(low)]
}

// ruleLen returns the length of the run of hyphens and equals signs that
// starts s ("--", "==--"); ruleLenBack the length of the one that ends
// it, or 0 if that run is all of s.
func ruleLen(s string) int {
	i := 0
	for i < len(s) && (s[i] == '-' || s[i] == '=') {
		i++
	}
	return i
}

func ruleLenBack(s string) int {
	i := len(s)
	for i > 0 && (s[i-1] == '-' || s[i-1] == '=') {
		i--
	}
	if i == 0 {
		return 0
	}
	return len(s) - i
}

// initialsNoStop reports whether s is two or more single ASCII letters
// joined by full stops, without a final one ("U.S", "L.I.T").
func initialsNoStop(s string) bool {
	if len(s) < 3 || len(s)%2 == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i%2 == 1 {
			if c != '.' {
				return false
			}
		} else if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// dottedName reports whether s has a full stop between a letter or digit
// and two letters, as domain, newsgroup and file names do
// (alt.animals.open-forum, draft-FINAL.doc): hyphens in them do not split.
func dottedName(s string) bool {
	for i := 1; i+2 < len(s); i++ {
		if s[i] == '.' && isAlnumByte(s[i-1]) && isAlphaByte(s[i+1]) && isAlphaByte(s[i+2]) {
			return true // but not initials: U.S.-led
		}
	}
	return false
}

func isAlphaByte(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// drawing marks the ASCII symbols that rules, arrows and ornaments are
// drawn with.
var drawing = func() (t [128]bool) {
	for _, c := range "-=_*~+<>|{}#" {
		t[c] = true
	}
	return t
}()

// isDrawing reports whether s is made of drawing symbols only, with a
// line among them ("<>", an empty pair of brackets, is two tokens).
func isDrawing(s string) bool {
	line := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || !drawing[c] {
			return false
		}
		line = line || c == '-' || c == '=' || c == '_' || c == '*' || c == '~'
	}
	return line
}
