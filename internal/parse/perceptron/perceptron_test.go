package perceptron

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

// toy is a three-class problem: the class is decided by which of three
// marker features is present, with noise features around it.
func toy(r *rand.Rand) ([]uint64, int) {
	c := r.IntN(3)
	feats := []uint64{Hash1(1, string(rune('a'+c)))}
	for range 3 {
		feats = append(feats, HashInts(2, r.IntN(50)))
	}
	return feats, c
}

func train(t testing.TB) *Model {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	tr := NewTrainer(3)
	scores := make([]float32, 3)
	for range 2000 {
		feats, gold := toy(r)
		clear(scores)
		tr.Scores(feats, scores)
		tr.Update(feats, gold, Best(scores, nil))
		tr.Tick()
	}
	return tr.Model(0)
}

func TestLearnsAndRoundTrips(t *testing.T) {
	m := train(t)
	r := rand.New(rand.NewPCG(3, 4))
	right := 0
	scores := make([]float32, 3)
	for range 500 {
		feats, gold := toy(r)
		clear(scores)
		m.Scores(feats, scores)
		if Best(scores, nil) == gold {
			right++
		}
	}
	if right < 490 {
		t.Fatalf("accuracy %d/500 on a separable problem", right)
	}

	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if m2.Features() != m.Features() || m2.Weights() != m.Weights() {
		t.Fatalf("read %d features/%d weights, wrote %d/%d", m2.Features(), m2.Weights(), m.Features(), m.Weights())
	}
	feats, _ := toy(r)
	a, b := make([]float32, 3), make([]float32, 3)
	m.Scores(feats, a)
	m2.Scores(feats, b)
	for i := range a {
		if math.Abs(float64(a[i]-b[i])) > 1e-3*math.Max(1, math.Abs(float64(a[i]))) {
			t.Errorf("class %d: score %v after reading, %v before", i, b[i], a[i])
		}
	}

	// Same training, same bytes.
	var again bytes.Buffer
	if _, err := train(t).WriteTo(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two identical training runs wrote different model files")
	}
}

func TestAveragingAndPruning(t *testing.T) {
	tr := NewTrainer(2)
	f := []uint64{Hash1(1, "x")}
	tr.Add(f, 0, 1) // weight 1 for instances 0..9
	for range 10 {
		tr.Tick()
	}
	tr.Add(f, 0, -1) // weight 0 for instances 10..19
	for range 10 {
		tr.Tick()
	}
	m := tr.Model(0)
	s := make([]float32, 2)
	m.Scores(f, s)
	if math.Abs(float64(s[0])-0.5) > 1e-6 {
		t.Errorf("averaged weight %v, want 0.5", s[0])
	}
	if tr.Model(0.6).Features() != 0 {
		t.Error("pruning at 0.6 kept a weight of 0.5")
	}
}

func TestReadRejectsGarbage(t *testing.T) {
	if _, err := Read(bytes.NewReader([]byte("not a model"))); err == nil {
		t.Error("read garbage without error")
	}
}

func TestHashesDiffer(t *testing.T) {
	seen := map[uint64]string{}
	for _, c := range []struct {
		name string
		h    uint64
	}{
		{"ab|c", Hash2(1, "ab", "c")}, {"a|bc", Hash2(1, "a", "bc")}, {"t2 ab|c", Hash2(2, "ab", "c")},
		{"abc", Hash1(1, "abc")}, {"ints 1,2", HashInts(1, 1, 2)}, {"ints 2,1", HashInts(1, 2, 1)},
	} {
		if c.h == 0 {
			t.Errorf("%s hashes to 0, which is reserved", c.name)
		}
		if prev, dup := seen[c.h]; dup {
			t.Errorf("%s and %s collide", c.name, prev)
		}
		seen[c.h] = c.name
	}
}

func BenchmarkScores(b *testing.B) {
	m := train(b)
	r := rand.New(rand.NewPCG(5, 6))
	feats, _ := toy(r)
	scores := make([]float32, 3)
	for b.Loop() {
		m.Scores(feats, scores)
	}
}

func TestAverageIsTheScoreEnsemble(t *testing.T) {
	a := train(t)
	r := rand.New(rand.NewPCG(9, 9))
	tr := NewTrainer(3)
	scores := make([]float32, 3)
	for range 1500 {
		feats, gold := toy(r)
		clear(scores)
		tr.Scores(feats, scores)
		tr.Update(feats, gold, Best(scores, nil))
		tr.Tick()
	}
	b := tr.Model(0)
	avg, err := Average(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if avg.Features() < max(a.Features(), b.Features()) {
		t.Fatalf("average has %d features, fewer than its members (%d, %d)", avg.Features(), a.Features(), b.Features())
	}
	sa, sb, sv := make([]float32, 3), make([]float32, 3), make([]float32, 3)
	for range 100 {
		feats, _ := toy(r)
		clear(sa)
		clear(sb)
		clear(sv)
		a.Scores(feats, sa)
		b.Scores(feats, sb)
		avg.Scores(feats, sv)
		for c := range sv {
			if want := (sa[c] + sb[c]) / 2; math.Abs(float64(sv[c]-want)) > 1e-4 {
				t.Fatalf("class %d: average scores %v, want %v", c, sv[c], want)
			}
		}
	}
	if _, err := Average(a, wideModel(t)); err == nil {
		t.Error("averaging models of different class counts: no error")
	}
	if _, err := Average(); err == nil {
		t.Error("averaging nothing: no error")
	}
}
