package dep

import (
	"math/rand/v2"
	"testing"
)

// testLabels is a small deprel inventory for transition tests.
var testLabels = []string{"dep", "nsubj", "obj", "root"}

func testModel(t *testing.T) *Model {
	t.Helper()
	m, err := newModel(testLabels, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// randomProjective returns a random projective tree over n words as
// heads with n for the root, by recursively splitting spans.
func randomProjective(r *rand.Rand, n int) []int32 {
	heads := make([]int32, n)
	var build func(lo, hi int, head int32) // words [lo,hi) all hang under head
	build = func(lo, hi int, head int32) {
		if lo >= hi {
			return
		}
		// One or more siblings share head; split [lo,hi) into chunks.
		for lo < hi {
			end := lo + 1 + r.IntN(hi-lo)
			h := lo + r.IntN(end-lo)
			heads[h] = head
			build(lo, h, int32(h))
			build(h+1, end, int32(h))
			lo = end
		}
	}
	// A single root word.
	root := r.IntN(n)
	heads[root] = int32(n)
	build(0, root, int32(root))
	build(root+1, n, int32(root))
	return heads
}

func TestRandomTreesAreProjectiveTrees(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for range 500 {
		h := randomProjective(r, 1+r.IntN(30))
		if !isTree(h) {
			t.Fatalf("not a tree: %v", h)
		}
		if projectivize(append([]int32(nil), h...)) != 0 {
			t.Fatalf("not projective: %v", h)
		}
	}
}

// TestStaticOracleReproducesTrees runs the static oracle on random
// projective trees: it must rebuild each exactly, in 2n moves, and every
// move it makes must cost nothing under the dynamic oracle.
func TestStaticOracleReproducesTrees(t *testing.T) {
	m := testModel(t)
	r := rand.New(rand.NewPCG(2, 2))
	cost := make([]int32, m.ls.classes())
	var st state
	for range 2000 {
		n := 1 + r.IntN(25)
		gold := randomProjective(r, n)
		glabel := make([]int16, n)
		for i := range glabel {
			if gold[i] == int32(n) {
				glabel[i] = int16(m.ls.root)
			} else {
				glabel[i] = int16(r.IntN(3)) // dep, nsubj or obj
			}
		}
		st.reset(n)
		moves := 0
		for !st.terminal() {
			c := st.staticOracle(m.ls, gold, glabel)
			if !st.valid(m.ls, c) {
				t.Fatalf("static oracle chose invalid move %d", c)
			}
			if lo := st.costs(m.ls, gold, glabel, cost); lo != 0 || cost[c] != 0 {
				t.Fatalf("tree %v: static move %d costs %d (lowest %d)", gold, c, cost[c], lo)
			}
			st.apply(m.ls, c)
			moves++
		}
		if moves != 2*n {
			t.Fatalf("%d moves for %d words", moves, n)
		}
		for i := range n {
			if st.head[i] != gold[i] || st.label[i] != glabel[i] {
				t.Fatalf("tree %v: word %d got head %d label %d", gold, i, st.head[i], st.label[i])
			}
		}
	}
}

// TestDynamicOracleCosts checks the move costs on hand-made
// configurations.
func TestDynamicOracleCosts(t *testing.T) {
	m := testModel(t)
	// Words 0..4, root is 5.
	//   0 <- 1 (nsubj), 1 root, 2 <- 3 (dep), 3 <- 1 (obj), 4 <- 1 (dep)
	gold := []int32{1, 5, 3, 1, 1}
	glabel := []int16{1, 3, 0, 2, 0}
	cases := []struct {
		name          string
		stack         []int32
		b             int32
		arcs          [][3]int32 // head, dep, label
		sh, left, rgt int
	}{
		// Stack empty: only SHIFT, free.
		{"start", nil, 0, nil, 0, -1, -1},
		// s0=0, b=1: LEFT gives 0 its gold head; SHIFT loses it (1's
		// dependent 0 would be below it) and 1's root arc (the root word
		// could no longer become the stack bottom).
		{"left-ready", []int32{0}, 1, nil, 2, 0, -1},
		// s0=1, b=2: 1 still has dependents 3 and 4 in the buffer, LEFT
		// loses both plus its root arc.
		{"root-word-early", []int32{1}, 2, [][3]int32{{1, 0, 1}}, 0, 3, -1},
		// s1=1, s0=2, b=3: 2's head is 3 in the buffer: RIGHT loses it,
		// LEFT is right, SHIFT loses 3's dependent 2 and 3's head is s1,
		// which after SHIFT is no longer s0's neighbour... 3's head 1 is
		// below s0, so SHIFT loses that arc as well.
		{"mid", []int32{1, 2}, 3, [][3]int32{{1, 0, 1}}, 2, 0, 1},
		// s1=1, s0=3, b=4: 3's head is s1: RIGHT is free; LEFT gives 3
		// head 4 (loses 1->3); SHIFT makes 4 lose its head 1 (below s0).
		{"right-ready", []int32{1, 3}, 4, [][3]int32{{1, 0, 1}, {3, 2, 0}}, 1, 1, 0},
		// At the root with two words stacked: LEFT is invalid (one root),
		// RIGHT attaches 4 to 1.
		{"end", []int32{1, 4}, 5, [][3]int32{{1, 0, 1}, {3, 2, 0}, {1, 3, 2}}, -1, -1, 0},
		// Only the root word left: LEFT to the root is free.
		{"final", []int32{1}, 5, [][3]int32{{1, 0, 1}, {3, 2, 0}, {1, 3, 2}, {1, 4, 0}}, -1, 0, -1},
		// Already wrong: 1 went under 2, so 0->1 and 1's root arc are
		// lost whatever comes next. From here LEFT (2 under 3) is free;
		// RIGHT (2 under 0) and SHIFT (3 over its dependent 2) lose 3->2.
		{"broken", []int32{0, 2}, 3, [][3]int32{{2, 1, 0}}, 1, 0, 1},
	}
	var st state
	for _, c := range cases {
		st.reset(len(gold))
		st.stack = append(st.stack, c.stack...)
		st.b = c.b
		for _, a := range c.arcs {
			st.addArc(a[0], a[1], int(a[2]))
		}
		sh, left, rgt := st.moveCosts(gold)
		if sh != c.sh || left != c.left || rgt != c.rgt {
			t.Errorf("%s: costs shift %d left %d right %d, want %d %d %d", c.name, sh, left, rgt, c.sh, c.left, c.rgt)
		}
	}

	// Labels: in "right-ready", RIGHT(obj) is free and RIGHT(nsubj) costs 1.
	st.reset(len(gold))
	st.stack = append(st.stack, 1, 3)
	st.b = 4
	st.addArc(1, 0, 1)
	st.addArc(3, 2, 0)
	cost := make([]int32, m.ls.classes())
	if lo := st.costs(m.ls, gold, glabel, cost); lo != 0 {
		t.Fatalf("lowest cost %d", lo)
	}
	if got := cost[1+m.ls.n+2]; got != 0 {
		t.Errorf("RIGHT(obj) costs %d", got)
	}
	if got := cost[1+m.ls.n+1]; got != 1 {
		t.Errorf("RIGHT(nsubj) costs %d", got)
	}
	if got := cost[1+m.ls.n+m.ls.root]; got != -1 {
		t.Errorf("RIGHT(root) is valid (cost %d)", got)
	}
	if got := cost[1+m.ls.root]; got != -1 {
		t.Errorf("LEFT(root) with a word as head is valid (cost %d)", got)
	}
}

// TestShiftOfRootWord: shifting the gold root word onto a non-empty stack
// loses its root arc (it can no longer become the stack bottom).
func TestShiftOfRootWord(t *testing.T) {
	// 0 <- 2, 1 <- 2, 2 root: words 0 and 1 are both left dependents of 2.
	gold := []int32{2, 2, 3}
	var st state
	st.reset(3)
	st.stack = append(st.stack, 0, 1)
	st.b = 2
	sh, left, _ := st.moveCosts(gold)
	// SHIFT loses 0->2, 1->2 (dependents on the stack) and 2's root arc.
	if sh != 3 || left != 0 {
		t.Errorf("shift %d left %d, want 3 0", sh, left)
	}
}

func TestProjectivize(t *testing.T) {
	// "A hearing is scheduled on the issue today": 0 A, 1 hearing,
	// 2 is, 3 scheduled, 4 on, 5 the, 6 issue, 7 today. "on the issue"
	// hangs from "hearing" across "is scheduled".
	heads := []int32{1, 3, 3, 8, 6, 6, 1, 3}
	if !isTree(heads) {
		t.Fatal("not a tree")
	}
	if !nonProjective(heads, 6) {
		t.Fatal("arc 1->6 should be non-projective")
	}
	if n := projectivize(heads); n != 1 {
		t.Fatalf("%d lifts, want 1", n)
	}
	if heads[6] != 3 {
		t.Errorf("issue lifted to %d, want 3", heads[6])
	}
	for d := range heads {
		if heads[d] != 8 && nonProjective(heads, int32(d)) {
			t.Errorf("arc to %d still non-projective", d)
		}
	}
}

func TestIsTree(t *testing.T) {
	for _, c := range []struct {
		heads []int32
		ok    bool
	}{
		{[]int32{1, 3, 1}, true},
		{[]int32{3, 3, 1}, false}, // two roots
		{[]int32{1, 0, 3}, false}, // cycle
		{[]int32{2, 0, 1}, false}, // no root
		{[]int32{1}, true},
	} {
		if got := isTree(c.heads); got != c.ok {
			t.Errorf("isTree(%v) = %v", c.heads, got)
		}
	}
}
