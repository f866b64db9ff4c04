package tagger

import (
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/parse/perceptron"
)

// Feature keys are 64-bit hashes. Each word's strings (form, lower case,
// affixes, shape) are hashed once per sentence into a wordInfo; a feature
// then combines a template seed with a few of those hashes by
// multiplication, so extracting ~40 features of a word costs no string
// work and no allocation, with perceptron's HashString, Fold and Key.

// seeds are the template seeds.
var seeds = func() (s [128]uint64) {
	for i := range s {
		s[i] = perceptron.Seed(i + 1)
	}
	return s
}()

// wordInfo holds the hashes of one word's features.
type wordInfo struct {
	raw, low, shape, flags uint64
	suf                    [4]uint64 // last 1..4 letters of low
	pre                    [3]uint64 // first 1..3 letters of low
	amb                    uint64    // ambiguity class: the tags the word can have
	mode                   uint64    // the word's most frequent tag
	wn                     uint64    // WordNet class: wnNoun, ...
	scase                  uint64    // the sentence's case: caseNormal, ...
	lowKey                 uint64    // lexicon key of the lower-cased form
	dict                   int32     // the word's only tag, or -1
	digit                  bool
}

// Word flags.
const (
	flagDigit = 1 << iota
	flagHyphen
	flagUpper
	flagAllUpper
	flagInitUpper
	flagPeriod
	flagLetter
	flagAllDigit
	flagLong
)

// normRune maps typographic variants to the treebanks' ASCII spelling:
// curly apostrophes and quotes, dashes.
func normRune(r rune) rune {
	switch r {
	case '\u2019', '\u2018', '\u02bc', '\u2032', '`':
		return '\''
	case '\u201c', '\u201d', '\u201e', '\u00ab', '\u00bb':
		return '"'
	case '\u2010', '\u2011':
		return '-'
	}
	return unicode.ToLower(r)
}

// shapeClass is a rune's character class in word shapes.
func shapeClass(r rune) uint64 {
	switch {
	case 'a' <= r && r <= 'z':
		return 'x'
	case 'A' <= r && r <= 'Z':
		return 'X'
	case '0' <= r && r <= '9':
		return 'd'
	case r < utf8.RuneSelf:
		return uint64(r)
	case unicode.IsUpper(r):
		return 'X'
	case unicode.IsLetter(r):
		return 'x'
	case unicode.IsDigit(r):
		return 'd'
	default:
		return uint64(r)
	}
}

// describe fills the lexical part of a wordInfo for form; buf is scratch
// space for the normalised lower-case form and is returned for reuse.
func describe(form string, buf []byte) (wordInfo, []byte) {
	var wi wordInfo
	buf = buf[:0]
	var flags uint64
	sh := uint64(14695981039346656037)
	var last uint64 = 1 << 40
	runes, letters, uppers, digits := 0, 0, 0, 0
	for i, r := range form {
		c := shapeClass(r)
		if c != last {
			sh = perceptron.Fold(sh, c)
			last = c
		}
		switch c {
		case 'X':
			uppers++
			letters++
			if i == 0 {
				flags |= flagInitUpper
			}
		case 'x':
			letters++
		case 'd':
			digits++
		case '-':
			flags |= flagHyphen
		case '.':
			flags |= flagPeriod
		}
		runes++
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			} else if r == '`' {
				r = '\''
			}
			buf = append(buf, byte(r))
		} else {
			buf = utf8.AppendRune(buf, normRune(r))
		}
	}
	if digits > 0 {
		flags |= flagDigit
		wi.digit = true
		if digits == runes {
			flags |= flagAllDigit
		}
	}
	if letters > 0 {
		flags |= flagLetter
	}
	if uppers > 0 {
		flags |= flagUpper
		if uppers == letters && letters > 1 {
			flags |= flagAllUpper
		}
	}
	if runes > 12 {
		flags |= flagLong
		sh = perceptron.Fold(sh, 0xffff)
	}
	wi.raw = perceptron.HashString(form)
	wi.low = perceptron.HashBytes(buf)
	wi.lowKey = wi.low
	wi.shape = perceptron.Fmix(sh)
	wi.flags = flags + 0x5bd1e995
	// Affixes by runes.
	end := len(buf)
	for k := range 4 {
		if end > 0 {
			_, n := utf8.DecodeLastRune(buf[:end])
			end -= n
		}
		wi.suf[k] = perceptron.HashBytes(buf[end:]) + uint64(k)
	}
	startAt := 0
	for k := range 3 {
		if startAt < len(buf) {
			_, n := utf8.DecodeRune(buf[startAt:])
			startAt += n
		}
		wi.pre[k] = perceptron.HashBytes(buf[:startAt]) + uint64(k+8)
	}
	wi.dict = -1
	return wi, buf
}

// Values standing for words and tags outside the sentence.
var (
	padWord = func() wordInfo {
		h := perceptron.HashString("\x00pad")
		return wordInfo{raw: h, low: h, shape: h, flags: h, suf: [4]uint64{h, h, h, h}, pre: [3]uint64{h, h, h}, amb: h, mode: h, scase: h, dict: -1}
	}()
	startTag = uint64(0xfff1)
	start2   = uint64(0xfff2)
)

// featureVersion names the feature set. Changing the set or the meaning
// of a template (or of the lexicon file) needs a new featureVersion, so that old model files are refused.
const featureVersion = "tagger-3"

// features appends the features of word i given the tags of the two
// words before it (class numbers, or startTag).
func features(fs []uint64, ws []wordInfo, i int, p1, p2 uint64) []uint64 {
	w := &ws[i]
	at := func(j int) *wordInfo {
		if j < 0 || j >= len(ws) {
			return &padWord
		}
		return &ws[j]
	}
	m1, m2 := at(i-1), at(i-2)
	n1, n2 := at(i+1), at(i+2)
	f := func(t int, a uint64) uint64 { return perceptron.Key(perceptron.Fold(seeds[t], a)) }
	f2 := func(t int, a, b uint64) uint64 {
		return perceptron.Key(perceptron.Fold(perceptron.Fold(seeds[t], a), b))
	}
	f3 := func(t int, a, b, c uint64) uint64 {
		return perceptron.Key(perceptron.Fold(perceptron.Fold(perceptron.Fold(seeds[t], a), b), c))
	}
	first := uint64(0)
	if i == 0 {
		first = 1
	}
	fs = append(fs,
		seeds[0],
		f(1, w.raw),
		f(2, w.low),
		f(3, w.suf[0]),
		f(4, w.suf[1]),
		f(5, w.suf[2]),
		f(6, w.suf[3]),
		f(7, w.pre[0]),
		f(8, w.pre[1]),
		f(9, w.pre[2]),
		f(10, w.shape),
		f2(11, w.flags, first),
		f(12, p1),
		f(13, p2),
		f2(14, p1, p2),
		f2(15, p1, w.low),
		f2(16, p1, w.suf[2]),
		f(17, m1.low),
		f(18, m1.suf[2]),
		f(19, m2.low),
		f(20, n1.low),
		f(21, n1.suf[2]),
		f(22, n2.low),
		f(23, n2.suf[2]),
		f(24, w.amb),
		f(25, n1.amb),
		f(26, n2.amb),
		f2(27, w.amb, n1.amb),
		f2(28, p1, n1.amb),
		f2(29, p1, w.amb),
		f2(30, w.low, n1.low),
		f2(31, m1.low, w.low),
		f2(32, p1, n1.low),
		f(33, n1.shape),
		f2(34, m1.shape, w.shape),
		f3(35, p1, w.amb, n1.amb),
		f2(36, w.shape, first),
		f2(37, w.amb, w.suf[2]),
		f2(38, n1.amb, n2.amb),
		f3(39, p2, p1, w.amb),
		// The sentence's case (headlines, all capitals, all lower case).
		f2(40, w.scase, w.flags),
		f3(41, w.scase, w.shape, first),
		f2(42, w.scase, w.amb),
		// The usual tags of the words to the right, not yet tagged.
		f(43, n1.mode),
		f2(44, n1.mode, n2.mode),
		f2(45, p1, n1.mode),
		f3(46, p1, w.amb, n1.mode),
		f2(47, w.mode, n1.mode),
		f3(48, w.low, n1.mode, n2.mode),
	)
	// The parts of speech WordNet gives an unknown word.
	wn := uint64(wnKnown)
	if w.amb == unknownAmb {
		wn = w.wn
	}
	fs = append(fs, f(49, wn), f2(50, wn, w.flags), f2(51, wn, w.suf[1]), f2(52, p1, wn))
	return fs
}

// Sentence cases.
const (
	caseNormal = iota + 0x6361
	caseLower
	caseUpper
	caseTitle
)

// setCase sets the sentence's case in every word of ws: all lower case,
// all capitals, title case (most words capitalised) or normal.
func setCase(ws []wordInfo) {
	letters, upper, lower, title, rest := 0, 0, 0, 0, 0
	for i := range ws {
		f := ws[i].flags - 0x5bd1e995
		if f&flagLetter == 0 {
			continue
		}
		letters++
		if f&flagUpper == 0 {
			lower++
		}
		if f&flagAllUpper != 0 {
			upper++
		}
		if i > 0 {
			rest++
			if f&flagInitUpper != 0 {
				title++
			}
		}
	}
	c := uint64(caseNormal)
	switch {
	case letters > 0 && lower == letters:
		c = caseLower
	case letters >= 2 && upper == letters:
		c = caseUpper
	case rest >= 3 && 10*title >= 7*rest:
		c = caseTitle
	}
	for i := range ws {
		ws[i].scase = c
	}
}
