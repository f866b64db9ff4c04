package ner

import (
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/parse/perceptron"
)

// featureVersion names the feature set; a model records it, and loading
// a model trained with another feature set fails.
const featureVersion = "ner-greedy-2"

// Classes: IOB2 labels over the three types.
var labelNames = []string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"}

// Types are the entity types, in class order.
var Types = []string{"PER", "ORG", "LOC"}

const nClasses = 7

func classType(c int) string {
	if c == 0 {
		return ""
	}
	return Types[(c-1)/2]
}

// bestAllowed is the highest-scoring class that may follow class p1
// (nClasses at the start of a sentence), the lowest on ties.
func bestAllowed[T int32 | float32](scores []T, p1 int) int {
	prev := -1
	if p1 != nClasses {
		prev = p1
	}
	best := -1
	for c := range nClasses {
		if allowed(prev, c) && (best < 0 || scores[c] > scores[best]) {
			best = c
		}
	}
	return best
}

func isBegin(c int) bool { return c > 0 && c%2 == 1 }

// allowed reports whether class c may follow class prev (-1: sentence
// start) in IOB2: I-X only after B-X or I-X.
func allowed(prev, c int) bool {
	if c == 0 || isBegin(c) {
		return true
	}
	return prev == c || prev == c-1
}

// wordInfo holds the hashes of one word's strings, computed once per
// sentence.
type wordInfo struct {
	form, low, shape, sshape uint64
	pre, suf                 [4]uint64
	cap                      uint64
	pos                      uint64
	gaz                      []uint64 // dictionary classes of the word
	// capClass is the capitalisation class (capNone...capMixed).
	capClass int
	// The run of capitalised words the word is in (see markRuns): its
	// first and last words' lower-case forms, the last word's suffix, and
	// the word's place in it with the run's length.
	runFirst, runLast, runSuf, runPos uint64
}

var (
	unkWord = perceptron.HashString("\x00unknown")
	bos     = [2]wordInfo{pad("\x00bos1"), pad("\x00bos2")}
	eos     = [2]wordInfo{pad("\x00eos1"), pad("\x00eos2")}
	labH    [nClasses + 1]uint64 // class hashes; [nClasses] is "no label"
	// tseed are the template seeds.
	tseed [128]uint64
)

func pad(s string) wordInfo {
	h := perceptron.HashString(s)
	return wordInfo{form: h, low: h, shape: h, sshape: h, cap: h, pos: h, pre: [4]uint64{h, h, h, h}, suf: [4]uint64{h, h, h, h}}
}

func init() {
	for i, n := range labelNames {
		labH[i] = perceptron.HashString("\x00label-" + n)
	}
	labH[nClasses] = perceptron.HashString("\x00label-none")
	for i := range tseed {
		tseed[i] = perceptron.Seed(1000 + i)
	}
}

// Capitalisation classes.
const (
	capNone   = iota // no letters
	capLower         // all lower case
	capTitle         // first letter upper, the others lower
	capUpper         // all upper, two letters or more
	capSingle        // one upper-case letter
	capMixed
)

// describe fills wi with the hashes of word; buf is scratch space, returned
// for reuse.
func describe(wi *wordInfo, word string, buf []byte) []byte {
	wi.form = perceptron.HashString(word)
	// Lower case with digits as 0, the shape and the capitalisation.
	low := buf[:0]
	var shapeArr, sshapeArr [32]byte
	shape, sshape := shapeArr[:0], sshapeArr[:0]
	var upper, lower, letters, digits int
	var hyphen, dot, apos bool
	firstUpper := false
	var lastS byte
	run := 0
	for i, r := range word {
		var s byte
		switch {
		case r < utf8.RuneSelf:
			c := byte(r)
			switch {
			case 'A' <= c && c <= 'Z':
				s = 'X'
				upper++
				letters++
				low = append(low, c+'a'-'A')
			case 'a' <= c && c <= 'z':
				s = 'x'
				lower++
				letters++
				low = append(low, c)
			case '0' <= c && c <= '9':
				s = 'd'
				digits++
				low = append(low, '0')
			default:
				s = c
				switch c {
				case '-':
					hyphen = true
				case '.':
					dot = true
				case '\'':
					apos = true
				}
				low = append(low, c)
			}
		case unicode.IsUpper(r):
			s = 'X'
			upper++
			letters++
			low = utf8.AppendRune(low, unicode.ToLower(r))
		case unicode.IsLetter(r):
			s = 'x'
			lower++
			letters++
			low = utf8.AppendRune(low, r)
		case unicode.IsDigit(r):
			s = 'd'
			digits++
			low = append(low, '0')
		default:
			s = '*'
			if r == '’' {
				apos = true
			}
			low = utf8.AppendRune(low, r)
		}
		if i == 0 && s == 'X' {
			firstUpper = true
		}
		if s == lastS {
			run++
		} else {
			run = 1
			lastS = s
			sshape = append(sshape, s)
		}
		if run <= 2 {
			shape = append(shape, s)
		}
	}
	wi.low = perceptron.HashBytes(low)
	wi.shape = perceptron.HashBytes(shape) ^ 0x5bd1e995
	wi.sshape = perceptron.HashBytes(sshape) ^ 0x1b873593
	// Affixes of the lower-case form, in runes.
	n := utf8.RuneCount(low)
	for k := 1; k <= 4; k++ {
		kk := min(k, n)
		// prefix of kk runes
		p := 0
		for j := 0; j < kk; j++ {
			_, sz := utf8.DecodeRune(low[p:])
			p += sz
		}
		wi.pre[k-1] = perceptron.Fold(perceptron.HashBytes(low[:p]), uint64(k))
		s := len(low)
		for j := 0; j < kk; j++ {
			_, sz := utf8.DecodeLastRune(low[:s])
			s -= sz
		}
		wi.suf[k-1] = perceptron.Fold(perceptron.HashBytes(low[s:]), uint64(k+8))
	}
	var c uint64
	switch {
	case letters == 0:
		c = capNone
	case upper == 0:
		c = capLower
	case upper == 1 && letters == 1:
		c = capSingle
	case lower == 0:
		c = capUpper
	case firstUpper && upper == 1:
		c = capTitle
	default:
		c = capMixed
	}
	wi.capClass = int(c)
	if digits > 0 {
		c |= 8
	}
	if hyphen {
		c |= 16
	}
	if dot {
		c |= 32
	}
	if apos {
		c |= 64
	}
	wi.cap = perceptron.Fmix(c + 0x9e3779b97f4a7c15)
	return low
}

// runConnectors may join capitalised words into one run when a
// capitalised word follows them ("Bank of England", "Procter & Gamble").
var runConnectors = map[string]bool{"of": true, "and": true, "&": true, "for": true, "the": true, "de": true, "du": true, "des": true, "la": true, "le": true, "del": true, "-": true, "on": true, "'s": true}

var (
	noRun               = perceptron.HashString("\x00no-run")
	runSingle, runBegin = perceptron.HashString("\x00run-single"), perceptron.HashString("\x00run-begin")
	runInside, runEnd   = perceptron.HashString("\x00run-inside"), perceptron.HashString("\x00run-end")
	runLen              = [4]uint64{perceptron.HashString("\x00len1"), perceptron.HashString("\x00len2"), perceptron.HashString("\x00len3"), perceptron.HashString("\x00len4+")}
)

// markRuns finds the runs of capitalised words (or words tagged NNP,
// NNPS), joined by connectors such as "of", and gives each word of a run
// the run's first and last words. A greedy tagger decides on the first
// word of "Georgetown University" before it reaches the last, which is
// the word that says whether the run names an organisation, a place or
// a person; these features let it look ahead.
func markRuns(ws []wordInfo, xpos []string, lows []string) {
	n := len(ws)
	capital := func(i int) bool {
		switch ws[i].capClass {
		case capTitle, capUpper, capMixed, capSingle:
			return true
		}
		return len(xpos) == n && (xpos[i] == "NNP" || xpos[i] == "NNPS")
	}
	for i := 0; i < n; {
		if !capital(i) {
			ws[i].runFirst, ws[i].runLast, ws[i].runSuf, ws[i].runPos = noRun, noRun, noRun, noRun
			i++
			continue
		}
		j := i + 1
		for j < n {
			if capital(j) {
				j++
				continue
			}
			if j+1 < n && runConnectors[lows[j]] && capital(j+1) {
				j += 2
				continue
			}
			break
		}
		first, last := ws[i].low, ws[j-1].low
		suf := ws[j-1].suf[2]
		ln := runLen[min(j-i, 4)-1]
		for k := i; k < j; k++ {
			w := &ws[k]
			w.runFirst, w.runLast, w.runSuf = first, last, suf
			switch {
			case j-i == 1:
				w.runPos = runSingle
			case k == i:
				w.runPos = perceptron.Fold(runBegin, ln)
			case k == j-1:
				w.runPos = perceptron.Fold(runEnd, ln)
			default:
				w.runPos = perceptron.Fold(runInside, ln)
			}
		}
		i = j
	}
}

// features appends the feature keys of word i given the two previous
// classes p1 and p2 (nClasses for none), and, if domain is not 0, a
// copy of each conjoined with the domain (see Sentence.Domain).
func features(fs []uint64, ws []wordInfo, i int, p1, p2 int, usePOS bool, domain uint64) []uint64 {
	start := len(fs)
	get := func(j int) *wordInfo {
		if j < 0 {
			return &bos[min(-j-1, 1)]
		}
		if j >= len(ws) {
			return &eos[min(j-len(ws), 1)]
		}
		return &ws[j]
	}
	w0, wm1, wm2, wp1, wp2 := &ws[i], get(i-1), get(i-2), get(i+1), get(i+2)
	l1, l2 := labH[p1], labH[p2]
	init := uint64(0)
	if i == 0 {
		init = 1
	}
	t := 0
	f1 := func(a uint64) {
		fs = append(fs, perceptron.Key(perceptron.Fold(tseed[t], a)))
		t++
	}
	f2 := func(a, b uint64) {
		fs = append(fs, perceptron.Key(perceptron.Fold(perceptron.Fold(tseed[t], a), b)))
		t++
	}
	f3 := func(a, b, c uint64) {
		fs = append(fs, perceptron.Key(perceptron.Fold(perceptron.Fold(perceptron.Fold(tseed[t], a), b), c)))
		t++
	}
	f1(0)
	f1(w0.form)
	f1(w0.low)
	f1(w0.shape)
	f1(w0.sshape)
	for k := range 4 {
		f1(w0.pre[k])
		f1(w0.suf[k])
	}
	f1(w0.cap)
	f2(init, w0.cap)
	f2(init, w0.low)
	f1(wm1.low)
	f1(wm2.low)
	f1(wp1.low)
	f1(wp2.low)
	f1(wm1.cap)
	f1(wp1.cap)
	f1(wm2.cap)
	f1(wp2.cap)
	f1(wm1.shape)
	f1(wp1.shape)
	f2(wm1.low, w0.low)
	f2(w0.low, wp1.low)
	f2(wm1.low, wp1.low)
	f3(wm1.cap, w0.cap, wp1.cap)
	f3(wm1.sshape, w0.sshape, wp1.sshape)
	f1(wm1.form)
	f1(wp1.form)
	f2(wm1.low, w0.cap)
	f2(w0.cap, wp1.low)
	f1(wp1.suf[2])
	f1(wm1.suf[2])
	f1(l1)
	f2(l2, l1)
	f2(l1, w0.low)
	f2(l1, w0.cap)
	f2(l1, w0.shape)
	f3(l1, w0.cap, wp1.cap)
	t = 44
	f1(w0.runLast)
	f1(w0.runFirst)
	f1(w0.runSuf)
	f1(w0.runPos)
	f2(w0.runPos, w0.runLast)
	f2(w0.runPos, l1)
	f2(w0.low, w0.runLast)
	f2(w0.runFirst, w0.runLast)
	f1(wm1.runLast)
	if usePOS {
		t = 60
		f1(w0.pos)
		f1(wm1.pos)
		f1(wp1.pos)
		f2(wm1.pos, w0.pos)
		f2(w0.pos, wp1.pos)
		f3(wm1.pos, w0.pos, wp1.pos)
		f2(w0.pos, w0.cap)
		f2(l1, w0.pos)
		f2(w0.pos, wp1.low)
		f2(wm1.low, w0.pos)
		f3(l1, w0.pos, wp1.pos)
		f2(wm2.pos, wm1.pos)
		f2(wp1.pos, wp2.pos)
	}
	for _, g := range w0.gaz {
		fs = append(fs, perceptron.Key(perceptron.Fold(tseed[80], g)))
		fs = append(fs, perceptron.Key(perceptron.Fold(perceptron.Fold(tseed[81], g), l1)))
		fs = append(fs, perceptron.Key(perceptron.Fold(perceptron.Fold(tseed[82], g), w0.cap)))
	}
	for _, g := range wm1.gaz {
		fs = append(fs, perceptron.Key(perceptron.Fold(tseed[83], g)))
	}
	for _, g := range wp1.gaz {
		fs = append(fs, perceptron.Key(perceptron.Fold(tseed[84], g)))
	}
	if domain != 0 {
		for _, k := range fs[start:] {
			fs = append(fs, perceptron.Key(perceptron.Fold(k, domain)))
		}
	}
	return fs
}

// domainHash is the hash of a Sentence.Domain for domain features; the
// target domain, "", is "ewt".
func domainHash(d string) uint64 {
	if d == "" {
		d = "ewt"
	}
	return perceptron.HashString("\x00domain-" + d)
}
