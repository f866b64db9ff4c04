package dep

// The transition system is arc-hybrid (Kuhlmann, Gómez-Rodríguez and
// Satta 2011) with the artificial root at the end of the buffer
// (Ballesteros and Nivre 2013). A configuration has a stack, a buffer
// front b (the words b..n-1 and then the root n) and the arcs so far:
//
//	SHIFT      move b onto the stack                 (b is a word)
//	LEFT(l)    s0 gets head b with label l, pop s0   (b may be the root)
//	RIGHT(l)   s0 gets head s1 with label l, pop s0
//
// A sentence of n words takes exactly 2n transitions. UD trees have one
// root, so LEFT to the root is allowed only when s0 is the last word on
// the stack, with label "root", and "root" is used for nothing else:
// every output is a tree with a single root.
//
// Classes are SHIFT = 0, LEFT(l) = 1+l, RIGHT(l) = 1+L+l for L labels.

const noTok = -1

type state struct {
	n     int
	stack []int32
	b     int32
	head  []int32 // -1 until attached; n is the root
	label []int16
	// Children: leftmost, second leftmost, rightmost, second rightmost.
	l1, l2, r1, r2 []int32
	nl, nr         []uint8
	// Label sets of the left and right children, as bit sets.
	setL, setR [][2]uint64
}

func (st *state) reset(n int) {
	st.n = n
	st.stack = st.stack[:0]
	st.b = 0
	m := n + 1
	st.head = resize(st.head, m)
	st.label = resize(st.label, m)
	st.l1 = resize(st.l1, m)
	st.l2 = resize(st.l2, m)
	st.r1 = resize(st.r1, m)
	st.r2 = resize(st.r2, m)
	st.nl = resize(st.nl, m)
	st.nr = resize(st.nr, m)
	st.setL = resize(st.setL, m)
	st.setR = resize(st.setR, m)
	for i := 0; i < m; i++ {
		st.head[i], st.label[i] = noTok, -1
		st.l1[i], st.l2[i], st.r1[i], st.r2[i] = noTok, noTok, noTok, noTok
		st.nl[i], st.nr[i] = 0, 0
		st.setL[i], st.setR[i] = [2]uint64{}, [2]uint64{}
	}
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

func (st *state) terminal() bool { return len(st.stack) == 0 && int(st.b) == st.n }

// s returns the i-th item from the top of the stack, or noTok.
func (st *state) s(i int) int32 {
	if i >= len(st.stack) {
		return noTok
	}
	return st.stack[len(st.stack)-1-i]
}

// buf returns the i-th buffer item (the root counts), or noTok.
func (st *state) buf(i int) int32 {
	if j := int(st.b) + i; j <= st.n {
		return int32(j)
	}
	return noTok
}

func (st *state) addArc(h, d int32, l int) {
	st.head[d] = h
	st.label[d] = int16(l)
	if d < h {
		if st.nl[h] < 255 {
			st.nl[h]++
		}
		st.setL[h][l>>6] |= 1 << (l & 63)
		switch {
		case st.l1[h] == noTok || d < st.l1[h]:
			st.l2[h], st.l1[h] = st.l1[h], d
		case st.l2[h] == noTok || d < st.l2[h]:
			st.l2[h] = d
		}
	} else {
		if st.nr[h] < 255 {
			st.nr[h]++
		}
		st.setR[h][l>>6] |= 1 << (l & 63)
		switch {
		case st.r1[h] == noTok || d > st.r1[h]:
			st.r2[h], st.r1[h] = st.r1[h], d
		case st.r2[h] == noTok || d > st.r2[h]:
			st.r2[h] = d
		}
	}
}

// labelSet describes the deprel inventory of a model.
type labelSet struct {
	n    int // number of labels
	root int // index of "root"
}

func (ls labelSet) classes() int { return 1 + 2*ls.n }

// decode splits a class into its move (0 shift, 1 left, 2 right) and label.
func (ls labelSet) decode(c int) (move, label int) {
	switch {
	case c == 0:
		return 0, -1
	case c <= ls.n:
		return 1, c - 1
	default:
		return 2, c - 1 - ls.n
	}
}

// canShift, canLeft and canRight say which moves are valid; canLeft
// reports also whether the move must be labelled root (b is the root).
func (st *state) canShift() bool { return int(st.b) < st.n }
func (st *state) canLeft() (ok, toRoot bool) {
	if len(st.stack) == 0 {
		return false, false
	}
	if int(st.b) == st.n {
		return len(st.stack) == 1, true
	}
	return true, false
}
func (st *state) canRight() bool { return len(st.stack) >= 2 }

func (st *state) valid(ls labelSet, c int) bool {
	move, l := ls.decode(c)
	switch move {
	case 0:
		return st.canShift()
	case 1:
		ok, toRoot := st.canLeft()
		return ok && toRoot == (l == ls.root)
	default:
		return st.canRight() && l != ls.root
	}
}

func (st *state) apply(ls labelSet, c int) {
	move, l := ls.decode(c)
	switch move {
	case 0:
		st.stack = append(st.stack, st.b)
		st.b++
	case 1:
		d := st.stack[len(st.stack)-1]
		st.stack = st.stack[:len(st.stack)-1]
		st.addArc(st.b, d, l)
	default:
		d := st.stack[len(st.stack)-1]
		st.stack = st.stack[:len(st.stack)-1]
		st.addArc(st.stack[len(st.stack)-1], d, l)
	}
}

// best returns the highest-scoring valid class, lowest on ties.
func best[S int32 | float32](st *state, ls labelSet, scores []S) int {
	best := -1
	var bs S
	try := func(c int) {
		if best < 0 || scores[c] > bs {
			best, bs = c, scores[c]
		}
	}
	if st.canShift() {
		try(0)
	}
	if ok, toRoot := st.canLeft(); ok {
		if toRoot {
			try(1 + ls.root)
		} else {
			for l := 0; l < ls.n; l++ {
				if l != ls.root {
					try(1 + l)
				}
			}
		}
	}
	if st.canRight() {
		for l := 0; l < ls.n; l++ {
			if l != ls.root {
				try(1 + ls.n + l)
			}
		}
	}
	return best
}

// moveCosts returns the unlabelled costs of SHIFT, LEFT and RIGHT under
// the dynamic oracle of Goldberg and Nivre (2013) for arc-hybrid: the
// number of gold arcs that are reachable before the move and not after.
// gold heads use n for the root. The system is arc-decomposable, so for
// a projective gold tree the cost is exact; the single-root constraint
// adds one case (a word whose gold head is the root is reachable only
// from the bottom of the stack), handled here too. Invalid moves get -1.
func (st *state) moveCosts(gold []int32) (sh, left, right int) {
	sh, left, right = -1, -1, -1
	n := int32(st.n)
	b := st.b
	if st.canShift() {
		sh = 0
		s0 := st.s(0)
		for _, s := range st.stack {
			if gold[s] == b {
				sh++ // b's dependent on the stack
			}
			if gold[b] == s && s != s0 {
				sh++ // b's head deeper than s0
			}
		}
		if gold[b] == n && len(st.stack) > 0 {
			sh++ // the root word can no longer reach the stack bottom
		}
	}
	if len(st.stack) == 0 {
		return
	}
	s0, s1 := st.s(0), st.s(1)
	deps := 0 // s0's dependents in the buffer
	for d := b; d < n; d++ {
		if gold[d] == s0 {
			deps++
		}
	}
	g := gold[s0]
	rootOK := g != n || len(st.stack) == 1 // is s0's root arc still reachable?
	if ok, _ := st.canLeft(); ok {
		left = deps
		if g != b && rootOK && ((s1 != noTok && g == s1) || g > b) {
			left++
		}
	}
	if st.canRight() {
		right = deps
		if g >= b && g < n {
			right++
		}
	}
	return
}

// costs fills cost[c] for every class (-1 when invalid) and returns the
// lowest cost.
func (st *state) costs(ls labelSet, gold []int32, glabel []int16, cost []int32) int32 {
	sh, left, right := st.moveCosts(gold)
	cost[0] = int32(sh)
	var s0, s1 int32 = noTok, noTok
	if len(st.stack) > 0 {
		s0, s1 = st.s(0), st.s(1)
	}
	lo := int32(-1)
	if sh >= 0 {
		lo = int32(sh)
	}
	for l := 0; l < ls.n; l++ {
		cl, cr := int32(-1), int32(-1)
		if left >= 0 && st.valid(ls, 1+l) {
			cl = int32(left)
			if gold[s0] == st.b && int(glabel[s0]) != l {
				cl++
			}
		}
		if right >= 0 && l != ls.root {
			cr = int32(right)
			if gold[s0] == s1 && int(glabel[s0]) != l {
				cr++
			}
		}
		cost[1+l], cost[1+ls.n+l] = cl, cr
		for _, c := range [2]int32{cl, cr} {
			if c >= 0 && (lo < 0 || c < lo) {
				lo = c
			}
		}
	}
	return lo
}

// staticOracle returns the canonical transition towards a projective gold
// tree: attach s0 as soon as it has all its dependents, shift otherwise.
func (st *state) staticOracle(ls labelSet, gold []int32, glabel []int16) int {
	if len(st.stack) > 0 {
		s0, s1 := st.s(0), st.s(1)
		done := true
		for d := st.b; d < int32(st.n); d++ {
			if gold[d] == s0 {
				done = false
				break
			}
		}
		if done && gold[s0] == st.b {
			if ok, _ := st.canLeft(); ok {
				return 1 + int(glabel[s0])
			}
		}
		if done && s1 != noTok && gold[s0] == s1 {
			return 1 + ls.n + int(glabel[s0])
		}
	}
	if st.canShift() {
		return 0
	}
	// Not reachable for a projective tree: fall back to any valid move.
	if st.canRight() {
		return 1 + ls.n + (ls.root+1)%ls.n
	}
	return 1 + ls.root
}
