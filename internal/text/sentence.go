package text

import (
	"github.com/dyad-events/dyad/internal/doc"
)

// Sentence boundaries. Every gap between two surface tokens of a
// paragraph that could end a sentence is scored by an averaged perceptron
// (boundary.model) over the tokens around it: their lower-cased forms and
// shapes, whether the one before is a known abbreviation, and how far the
// gap is from the last boundary and from the paragraph's end. Rules come
// first: a heading is always a sentence of its own, and a line break
// inside a paragraph ends a sentence unless the next line starts in lower
// case or the line ends in a comma, hyphen or the like (training text has
// no line breaks inside paragraphs, so the model knows nothing of them).
//
// Gaps where a word ending in a letter or digit meets a word starting in
// lower case, or where the next token is a comma, colon, closing bracket
// and the like, are never boundaries: the treebanks have almost none
// there, and skipping them keeps scoring cheap.

// Token flags computed once per token.
const (
	tfLowerStart  = 1 << iota // starts with a lower-case letter
	tfUpperStart              // starts with a capital
	tfAlnumEnd                // ends with a letter or digit
	tfNoStart                 // cannot start a sentence: , ; : % ) ] } and the like
	tfTerminal                // only terminal punctuation: . ! ? ... ?!
	tfClosing                 // a closing quote or bracket
	tfSpaceBefore             // white space separates it from the token before
	tfSpaceAfter              // white space separates it from the token after
)

// tokInfo is what the features need of a token.
type tokInfo struct {
	word, shape uint64 // hashes of the lower-cased form and of the shape
	flags       uint16
	runes       uint8 // length in runes, capped at 255
}

// splitter decides where the sentences of a paragraph end. Its buffers
// are reused from paragraph to paragraph.
type splitter struct {
	t      *tables
	margin float32
	body   string
	// headings are sorted by start; nextHeading skips those that end
	// before the text still to split.
	headings    []doc.Span
	nextHeading int
	info        []tokInfo
	feats       []uint64
}

// Special hashes for positions outside the paragraph.
var (
	hashBOS = hashString(0, "<s>")
	hashEOS = hashString(0, "</s>")
)

// split sets ends[i] when a sentence ends after toks[i], a paragraph's
// tokens. Paragraphs must come in order.
func (sg *splitter) split(toks []token, ends []bool) {
	n := len(toks)
	if cap(sg.info) < n {
		sg.info = make([]tokInfo, n, 2*n)
	}
	sg.info = sg.info[:n]
	info := sg.info
	sg.analyze(toks, info)
	last := -1 // the token that ended the last sentence
	for i := 0; i+1 < n; i++ {
		if toks[i].fused {
			continue
		}
		switch sg.forced(toks, i) {
		case 1:
			ends[i] = true
			last = i
			continue
		case -1:
			continue
		}
		if !candidate(info, i) || sg.t.model == nil {
			continue
		}
		sg.feats = features(sg.feats[:0], toks, info, i, last)
		if sg.t.model.score(sg.feats)+sg.margin > 0 {
			ends[i] = true
			last = i
		}
	}
}

// forced applies the rules that override the model at the gap after
// toks[i]: 1 for a boundary, -1 for none, 0 to ask the model.
func (sg *splitter) forced(toks []token, i int) int {
	a, b := toks[i].end, toks[i+1].start
	hs := sg.headings
	for sg.nextHeading < len(hs) && hs[sg.nextHeading].End < a {
		sg.nextHeading++
	}
	for _, h := range hs[sg.nextHeading:] {
		if h.Start > b {
			break
		}
		if h.End < a {
			continue
		}
		if a <= h.Start || h.End <= b {
			return 1 // the gap holds the heading's start or end
		}
		if b < h.End {
			return -1 // inside a heading
		}
	}
	// A quotation that closes after a comma (“...,” Tom told the crowd)
	// runs on into its cue: never a boundary.
	if sg.info[i].flags&tfClosing != 0 && toks[i].start > 0 {
		if r, _ := decodeLast(sg.body, toks[i].start); r == ',' {
			return -1
		}
	}
	nl := false
	for k := a; k < b; k++ {
		if sg.body[k] == '\n' {
			nl = true
			break
		}
	}
	if !nl {
		return 0
	}
	// A line break inside a paragraph: a list item, a dateline, a
	// heading-like line, a verse. It ends a sentence unless the text
	// plainly runs on.
	s := sg.body
	r, _ := decodeLast(s, a)
	if r == ',' || isHyphen(r) || isDash(r) || r == '&' || r == '/' {
		return 0
	}
	q, _ := decode(s, b)
	if isLower(q) {
		return 0
	}
	return 1
}

// candidate reports whether the gap after token i may be a boundary at
// all.
func candidate(info []tokInfo, i int) bool {
	p, n := info[i].flags, info[i+1].flags
	if n&tfNoStart != 0 {
		return false
	}
	return !(p&tfAlnumEnd != 0 && n&tfLowerStart != 0)
}

// analyze fills info for the tokens of a paragraph.
func (sg *splitter) analyze(toks []token, info []tokInfo) {
	s := sg.body
	inQuote := false
	for i, tk := range toks {
		ti := sg.tokenInfo(tk)
		if i > 0 && toks[i-1].end < tk.start {
			ti.flags |= tfSpaceBefore
		}
		if i+1 < len(toks) && tk.end < toks[i+1].start {
			ti.flags |= tfSpaceAfter
		}
		if tk.end-tk.start == 1 && s[tk.start] == '"' {
			// A straight double quote opens or closes: by the spaces
			// around it where they tell, else by what came before.
			before, after := i == 0 || ti.flags&tfSpaceBefore != 0, i+1 == len(toks) || ti.flags&tfSpaceAfter != 0
			open := !inQuote
			switch {
			case before && !after:
				open = true
			case after && !before:
				open = false
			}
			inQuote = open
			if open {
				ti.shape = finish(ti.shape ^ 0x6f70656e)
			}
		}
		info[i] = ti
	}
}

// tokenInfo computes a token's hashes and flags in one pass over its
// bytes.
func (sg *splitter) tokenInfo(tk token) tokInfo {
	s := sg.body[tk.start:tk.end]
	var ti tokInfo
	w := uint64(offset64)
	sh := uint64(offset64)
	var prevClass byte
	shapeLen := 0
	allTerm := true
	runes := 0
	var first, last rune
	for i := 0; i < len(s); {
		r, n := decode(s, i)
		if i == 0 {
			first = r
		}
		last = r
		runes++
		// word hash: lower-cased bytes
		if r < 0x80 {
			c := byte(r)
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			w = (w ^ uint64(c)) * prime64
		} else {
			for k := i; k < i+n; k++ {
				w = (w ^ uint64(s[k])) * prime64
			}
		}
		// shape: character classes with repeats collapsed
		var class byte
		switch {
		case isUpper(r):
			class = 'X'
		case isLower(r) || isAlpha(r):
			class = 'x'
		case isDigit(r):
			class = 'd'
		case r < 0x80:
			class = byte(r)
		default:
			class = 'o'
		}
		if class != prevClass && shapeLen < 6 {
			sh = (sh ^ uint64(class)) * prime64
			shapeLen++
			prevClass = class
		}
		if !isTerminal(r) {
			allTerm = false
		}
		i += n
	}
	ti.word = finish(w)
	ti.shape = finish(sh)
	ti.runes = uint8(min(runes, 255))
	switch {
	case isLower(first):
		ti.flags |= tfLowerStart
	case isUpper(first):
		ti.flags |= tfUpperStart
	}
	if isAlnum(last) {
		ti.flags |= tfAlnumEnd
	}
	switch first {
	case ',', ';', ':', '%', ')', ']', '}', '‰':
		if runes == 1 || first == ',' || first == ')' {
			ti.flags |= tfNoStart
		}
	}
	if allTerm && s != "" {
		ti.flags |= tfTerminal
	}
	if runes == 1 && (isClosing(first) || first == '’') || s == "''" {
		ti.flags |= tfClosing
	}
	return ti
}

// Feature templates.
const (
	ftBias = iota + 1
	ftW0
	ftW1
	ftS0
	ftS1
	ftW0S1
	ftS0W1
	ftWm1W0
	ftW1W2
	ftSm1S0S1
	ftS0S1S2
	ftWm1
	ftWm1S1
	ftAbbrS1
	ftLenS1
	ftSinceS0
	ftLeftS1
	ftS2
	ftW0W1
	ftSm1
	ftSpace
)

// features appends the feature hashes of the gap after token i; last is
// the token that ended the previous sentence (-1 for none).
func features(f []uint64, toks []token, info []tokInfo, i, last int) []uint64 {
	n := len(info)
	w := func(k int) uint64 {
		switch {
		case k < 0:
			return hashBOS
		case k >= n:
			return hashEOS
		}
		return info[k].word
	}
	sh := func(k int) uint64 {
		switch {
		case k < 0:
			return hashBOS
		case k >= n:
			return hashEOS
		}
		return info[k].shape
	}
	w0, w1, wm1, w2 := w(i), w(i+1), w(i-1), w(i+2)
	s0, s1, sm1, s2 := sh(i), sh(i+1), sh(i-1), sh(i+2)
	since := bucket(i - last)
	left := bucket(n - 1 - i)
	length := uint64(min(info[i].runes, 6))
	f = append(f,
		key(ftBias, 0, 0, 0),
		key(ftW0, w0, 0, 0),
		key(ftW1, w1, 0, 0),
		key(ftS0, s0, 0, 0),
		key(ftS1, s1, 0, 0),
		key(ftW0S1, w0, s1, 0),
		key(ftS0W1, s0, w1, 0),
		key(ftWm1W0, wm1, w0, 0),
		key(ftW1W2, w1, w2, 0),
		key(ftSm1S0S1, sm1, s0, s1),
		key(ftS0S1S2, s0, s1, s2),
		key(ftWm1, wm1, 0, 0),
		key(ftWm1S1, wm1, s1, 0),
		key(ftAbbrS1, uint64(toks[i].abbr), s1, 0),
		key(ftLenS1, length, s0, s1),
		key(ftSinceS0, since, s0, 0),
		key(ftLeftS1, left, s1, 0),
		key(ftS2, s2, 0, 0),
		key(ftW0W1, w0, w1, 0),
		key(ftSm1, sm1, s0, 0),
		key(ftSpace, spacing(info, i), s0, s1),
	)
	return f
}

// spacing encodes where white space lies around the gap after token i.
func spacing(info []tokInfo, i int) uint64 {
	var v uint64
	if info[i].flags&tfSpaceBefore != 0 {
		v |= 1
	}
	if info[i].flags&tfSpaceAfter != 0 {
		v |= 2
	}
	if i+1 < len(info) && info[i+1].flags&tfSpaceAfter != 0 {
		v |= 4
	}
	return v
}

// bucket maps a token distance to a few classes.
func bucket(d int) uint64 {
	switch {
	case d <= 3:
		return uint64(d)
	case d <= 6:
		return 4
	case d <= 12:
		return 5
	}
	return 6
}

// FNV-1a constants; the hashes only need to agree between training and
// use, which both go through this file.
const (
	offset64 = 14695981039346656037
	prime64  = 1099511628211
)

func hashString(h uint64, s string) uint64 {
	if h == 0 {
		h = offset64
	}
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * prime64
	}
	return finish(h)
}

// key combines a template and up to three values into a feature hash.
func key(t, a, b, c uint64) uint64 {
	h := t*0x9e3779b97f4a7c15 ^ a
	h = (h ^ h>>29) * 0xbf58476d1ce4e5b9
	h ^= b
	h = (h ^ h>>32) * 0x94d049bb133111eb
	h ^= c
	return finish(h)
}

// finish avalanches h so that its low bits, which index the model's
// table, depend on every input bit; 0 is reserved.
func finish(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	if h == 0 {
		h = 1
	}
	return h
}
