package dep

import "github.com/dyad-events/dyad/internal/parse/perceptron"

// featureVersion names the feature set; a model records it and loading a
// model trained with another feature set fails.
const featureVersion = "hybrid-zn-amb-1"

// tok holds the hashes of one token's strings.
type tok struct {
	w, p, u, wp uint64 // normalised form, XPOS, UPOS, form+XPOS
	a           uint64 // the word's ambiguity class (lexicon.go)
}

var (
	noneTok = tok{w: perceptron.HashString("\x00none"), p: perceptron.HashString("\x00none-p"), u: perceptron.HashString("\x00none-u"), a: perceptron.HashString("\x00none-a")}
	rootTok = tok{w: perceptron.HashString("\x00root"), p: perceptron.HashString("\x00root-p"), u: perceptron.HashString("\x00root-u"), a: perceptron.HashString("\x00root-a")}
	noLabel = perceptron.HashString("\x00nolabel")
)

func init() {
	noneTok.wp = perceptron.Fold(noneTok.w, noneTok.p)
	rootTok.wp = perceptron.Fold(rootTok.w, rootTok.p)
}

func (m *Model) makeTok(form, upos, xpos string) tok {
	nw := normWord(form)
	t := tok{w: perceptron.HashString(nw), p: perceptron.HashString(xpos), u: perceptron.HashString(upos), a: m.lex.class(nw, form)}
	t.wp = perceptron.Fold(t.w, t.p)
	return t
}

// sentence is a sentence ready for parsing: n words and the root at n.
type sentence struct {
	toks []tok
}

// dist buckets the distance between two words.
func dist(a, b int32, n int) uint64 {
	if a == noTok || b == noTok {
		return 0
	}
	if int(b) == n || int(a) == n {
		return 11
	}
	d := b - a
	if d < 0 {
		d = -d
	}
	switch {
	case d <= 5:
		return uint64(d)
	case d <= 7:
		return 6
	case d <= 10:
		return 7
	case d <= 15:
		return 8
	case d <= 25:
		return 9
	}
	return 10
}

func capv(v uint8) uint64 {
	if v > 6 {
		return 6
	}
	return uint64(v)
}

// Template seeds, precomputed.
var tseed [256]uint64

func init() {
	for i := range tseed {
		tseed[i] = perceptron.Seed(i)
	}
}

// features appends the feature keys of the configuration: the Zhang and
// Nivre (2011) set adapted to arc-hybrid, where s0's head candidates are
// s1 (RIGHT) and b0 (LEFT), so the "s0 head" templates use s1.
func (st *state) features(fs []uint64, sn *sentence, lab []uint64) []uint64 {
	toks := sn.toks
	n := st.n
	get := func(i int32) *tok {
		if i == noTok {
			return &noneTok
		}
		return &toks[i]
	}
	lb := func(i int32) uint64 {
		if i == noTok {
			return noLabel
		}
		return lab[st.label[i]]
	}
	child := func(arr []int32, i int32) int32 {
		if i == noTok {
			return noTok
		}
		return arr[i]
	}
	s0i, s1i, s2i := st.s(0), st.s(1), st.s(2)
	n0i, n1i, n2i := st.buf(0), st.buf(1), st.buf(2)
	s0, s1, s2 := get(s0i), get(s1i), get(s2i)
	n0, n1, n2 := get(n0i), get(n1i), get(n2i)
	s0l, s0l2 := child(st.l1, s0i), child(st.l2, s0i)
	s0r, s0r2 := child(st.r1, s0i), child(st.r2, s0i)
	n0l, n0l2 := child(st.l1, n0i), child(st.l2, n0i)
	s1l, s1r, s1r2 := child(st.l1, s1i), child(st.r1, s1i), child(st.r2, s1i)
	ts0l, ts0l2, ts0r, ts0r2 := get(s0l), get(s0l2), get(s0r), get(s0r2)
	tn0l, tn0l2 := get(n0l), get(n0l2)
	ts1l, ts1r, ts1r2 := get(s1l), get(s1r), get(s1r2)

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
	f4 := func(a, b, c, d uint64) {
		fs = append(fs, perceptron.Key(perceptron.Fold(perceptron.Fold(perceptron.Fold(perceptron.Fold(tseed[t], a), b), c), d)))
		t++
	}

	f1(0) // bias

	// Single words.
	f1(s0.wp)
	f1(s0.w)
	f1(s0.p)
	f1(n0.wp)
	f1(n0.w)
	f1(n0.p)
	f1(n1.wp)
	f1(n1.w)
	f1(n1.p)
	f1(n2.w)
	f1(n2.p)
	f1(s1.wp)
	f1(s1.w)
	f1(s1.p)
	f1(s2.p)
	f1(s0.u)
	f1(n0.u)
	f1(s1.u)
	f1(s0.a)
	f1(n0.a)
	f1(s1.a)
	f1(n1.a)
	f2(s0.a, n0.a)
	f2(s1.a, s0.a)
	f3(s1.a, s0.a, n0.a)
	f3(s0.a, n0.a, n1.a)
	f2(s0.a, n0.p)
	f2(s0.p, n0.a)
	f2(s1.a, s0.p)
	f2(s1.p, s0.a)

	// Pairs s0-n0 (LEFT) and s1-s0 (RIGHT).
	f2(s0.wp, n0.wp)
	f2(s0.wp, n0.w)
	f2(s0.w, n0.wp)
	f2(s0.wp, n0.p)
	f2(s0.p, n0.wp)
	f2(s0.w, n0.w)
	f2(s0.p, n0.p)
	f2(s0.u, n0.u)
	f2(n0.p, n1.p)
	f2(s1.wp, s0.wp)
	f2(s1.wp, s0.w)
	f2(s1.w, s0.wp)
	f2(s1.wp, s0.p)
	f2(s1.p, s0.wp)
	f2(s1.w, s0.w)
	f2(s1.p, s0.p)
	f2(s1.u, s0.u)
	f2(s1.w, n0.w)
	f2(s1.p, n0.p)

	// Three words.
	f3(n0.p, n1.p, n2.p)
	f3(s0.p, n0.p, n1.p)
	f3(s1.p, s0.p, n0.p)
	f3(s1.u, s0.u, n0.u)
	f3(s2.p, s1.p, s0.p)
	f3(s2.p, s1.p, n0.p)
	f3(s0.p, ts0l.p, n0.p)
	f3(s0.p, ts0r.p, n0.p)
	f3(s0.p, n0.p, tn0l.p)
	f3(s1.p, s0.p, ts0l.p)
	f3(s1.p, s0.p, ts0r.p)
	f3(s1.p, ts1r.p, s0.p)
	f3(s1.p, s0.p, tn0l.p)
	f3(s0.w, n0.p, n1.p)
	f3(s0.p, n0.w, n1.p)
	f3(s1.w, s0.p, n0.p)
	f3(s1.p, s0.w, n0.p)
	f3(s1.p, s0.p, n0.w)

	// Distance.
	d := dist(s0i, n0i, n)
	f2(s0.w, d)
	f2(s0.p, d)
	f2(n0.w, d)
	f2(n0.p, d)
	f3(s0.w, n0.w, d)
	f3(s0.p, n0.p, d)
	d2 := dist(s1i, s0i, n)
	f2(s1.w, d2)
	f2(s1.p, d2)
	f2(s0.w, d2)
	f2(s0.p, d2)
	f3(s1.w, s0.w, d2)
	f3(s1.p, s0.p, d2)

	// Valency.
	var vs0l, vs0r, vn0l, vs1l, vs1r uint64
	if s0i != noTok {
		vs0l, vs0r = capv(st.nl[s0i]), capv(st.nr[s0i])
	}
	if n0i != noTok {
		vn0l = capv(st.nl[n0i])
	}
	if s1i != noTok {
		vs1l, vs1r = capv(st.nl[s1i]), capv(st.nr[s1i])
	}
	f2(s0.w, vs0r)
	f2(s0.p, vs0r)
	f2(s0.w, vs0l)
	f2(s0.p, vs0l)
	f2(n0.w, vn0l)
	f2(n0.p, vn0l)
	f2(s1.w, vs1r)
	f2(s1.p, vs1r)
	f2(s1.p, vs1l)

	// Children and their labels.
	f1(ts0l.w)
	f1(ts0l.p)
	f1(lb(s0l))
	f1(ts0r.w)
	f1(ts0r.p)
	f1(lb(s0r))
	f1(tn0l.w)
	f1(tn0l.p)
	f1(lb(n0l))
	f1(ts1r.w)
	f1(ts1r.p)
	f1(lb(s1r))
	f1(ts1l.p)
	f1(lb(s1l))
	f2(s0.p, lb(s0l))
	f2(s0.p, lb(s0r))
	f2(n0.p, lb(n0l))
	f2(s1.p, lb(s1r))
	f3(s0.p, n0.p, lb(s0l))
	f3(s0.p, n0.p, lb(n0l))
	f3(s1.p, s0.p, lb(s1r))
	f3(s1.p, s0.p, lb(s0l))

	// Second children (third order).
	f1(ts0l2.w)
	f1(ts0l2.p)
	f1(lb(s0l2))
	f1(ts0r2.w)
	f1(ts0r2.p)
	f1(lb(s0r2))
	f1(tn0l2.w)
	f1(tn0l2.p)
	f1(lb(n0l2))
	f1(ts1r2.p)
	f1(lb(s1r2))
	f3(s0.p, ts0l.p, ts0l2.p)
	f3(s0.p, ts0r.p, ts0r2.p)
	f3(n0.p, tn0l.p, tn0l2.p)
	f3(s1.p, ts1r.p, ts1r2.p)

	// Label sets.
	var sls0l, sls0r, sln0l, sls1r [2]uint64
	if s0i != noTok {
		sls0l, sls0r = st.setL[s0i], st.setR[s0i]
	}
	if n0i != noTok {
		sln0l = st.setL[n0i]
	}
	if s1i != noTok {
		sls1r = st.setR[s1i]
	}
	f3(s0.w, sls0r[0], sls0r[1])
	f3(s0.p, sls0r[0], sls0r[1])
	f3(s0.w, sls0l[0], sls0l[1])
	f3(s0.p, sls0l[0], sls0l[1])
	f3(n0.w, sln0l[0], sln0l[1])
	f3(n0.p, sln0l[0], sln0l[1])
	f3(s1.p, sls1r[0], sls1r[1])
	f4(s1.p, s0.p, sls0l[0], sls0l[1])
	return fs
}
