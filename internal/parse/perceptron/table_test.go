package perceptron

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

// wideModel has more than 256 classes, so its table file stores classes
// in two bytes.
func wideModel(t testing.TB) *Model {
	t.Helper()
	const classes = 300
	r := rand.New(rand.NewPCG(5, 6))
	tr := NewTrainer(classes)
	scores := make([]float32, classes)
	for range 3000 {
		c := r.IntN(classes)
		feats := []uint64{HashInts(1, c), HashInts(2, r.IntN(20))}
		clear(scores)
		tr.Scores(feats, scores)
		tr.Update(feats, c, Best(scores, nil))
		tr.Tick()
	}
	return tr.Model(0)
}

func TestTableScoresLikeModel(t *testing.T) {
	for _, tc := range []struct {
		name  string
		m     *Model
		mixed bool // has features with one weight and with several
	}{{"narrow", train(t), false}, {"wide", wideModel(t), false}, {"pruned", wideModel(t).Prune(0.5), true}} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.m
			tb := m.Table()
			var buf bytes.Buffer
			if _, err := tb.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			first := append([]byte(nil), buf.Bytes()...)
			tb2, err := ReadTable(&buf)
			if err != nil {
				t.Fatal(err)
			}
			var again bytes.Buffer
			if _, err := tb2.WriteTo(&again); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first, again.Bytes()) {
				t.Fatal("table file differs after a round trip")
			}
			// Both slot kinds must be exercised: a feature's only weight
			// inline, several weights out of line.
			var inlined, outside int
			for _, e := range tb2.slots {
				switch {
				case e == 0:
				case e&inline != 0:
					inlined++
				default:
					outside++
				}
			}
			if tc.mixed && (inlined == 0 || outside == 0) {
				t.Fatalf("%d features inline, %d out of line: the test model must have both", inlined, outside)
			}
			if tb2.Features() != m.Features() || tb2.Weights() != m.Weights() || tb2.Classes() != m.Classes() {
				t.Fatalf("table has %d features %d weights %d classes, model %d %d %d",
					tb2.Features(), tb2.Weights(), tb2.Classes(), m.Features(), m.Weights(), m.Classes())
			}
			r := rand.New(rand.NewPCG(7, 8))
			fs := make([]float32, m.Classes())
			is := make([]int32, m.Classes())
			for range 200 {
				feats := []uint64{HashInts(1, r.IntN(m.Classes())), HashInts(2, r.IntN(50)), Hash1(1, "a"), 12345}
				clear(fs)
				m.Scores(feats, fs)
				best := tb2.Best(feats, is)
				for c := range fs {
					got := float32(is[c]) * tb2.Step()
					// Each weight is off by at most half a step.
					if math.Abs(float64(got-fs[c])) > float64(len(feats))*float64(tb2.Step()) {
						t.Fatalf("class %d: table %.4f, model %.4f", c, got, fs[c])
					}
				}
				if fs[best] < fs[Best(fs, nil)]-float32(len(feats))*tb2.Step() {
					t.Fatalf("table's best class %d scores %.4f, model's best %.4f", best, fs[best], fs[Best(fs, nil)])
				}
			}
		})
	}
}

func TestReadTableRejectsGarbage(t *testing.T) {
	var buf bytes.Buffer
	if _, err := train(t).Table().WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not zstd", []byte("DYADPT01 and some more bytes")},
		{"truncated", good[:len(good)/2]},
	} {
		if _, err := ReadTable(bytes.NewReader(tc.data)); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	if _, err := decodeTable([]byte("DYADPT02\x03\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00\x00\x00\x00\x80\x3f")); err == nil {
		t.Error("truncated body: no error")
	}
}

func TestPrune(t *testing.T) {
	m := wideModel(t)
	const min = 0.5
	p := m.Prune(min)
	if p.Features() >= m.Features() || p.Weights() >= m.Weights() || p.Features() == 0 {
		t.Fatalf("pruned %d features %d weights from %d %d: want fewer, not none", p.Features(), p.Weights(), m.Features(), m.Weights())
	}
	r := rand.New(rand.NewPCG(9, 10))
	full := make([]float32, m.Classes())
	pruned := make([]float32, m.Classes())
	for range 200 {
		feats := []uint64{HashInts(1, r.IntN(m.Classes())), HashInts(2, r.IntN(30))}
		for _, f := range feats {
			clear(full)
			clear(pruned)
			m.Scores([]uint64{f}, full)
			p.Scores([]uint64{f}, pruned)
			for c := range full {
				want := full[c]
				if want < min && -want < min {
					want = 0
				}
				if pruned[c] != want {
					t.Fatalf("class %d: pruned weight %v, want %v (full %v)", c, pruned[c], want, full[c])
				}
			}
		}
	}
}

func TestFoldCopies(t *testing.T) {
	// Every feature comes with a copy for domain a or b, as in training
	// with feature copies (Daumé 2007); text is read in domain a.
	copyOf := func(k uint64, dom int) uint64 { return Key(Fold(k, HashInts(99, dom))) }
	r := rand.New(rand.NewPCG(11, 12))
	tr := NewTrainer(3)
	scores := make([]float32, 3)
	for range 3000 {
		c, dom := r.IntN(3), r.IntN(2)
		base := []uint64{Key(HashInts(1, c+3*r.IntN(2))), Key(HashInts(2, r.IntN(20)))}
		feats := append([]uint64(nil), base...)
		for _, k := range base {
			feats = append(feats, copyOf(k, dom))
		}
		clear(scores)
		tr.Scores(feats, scores)
		tr.Update(feats, c, Best(scores, nil))
		tr.Tick()
	}
	m := tr.Model(0)
	folded := m.FoldCopies(func(k uint64) (uint64, []uint64) { return copyOf(k, 0), []uint64{copyOf(k, 1)} })
	if folded.Features() >= m.Features()/2 || folded.Features() == 0 {
		t.Fatalf("folded %d features of %d: want the copies gone", folded.Features(), m.Features())
	}
	full := make([]float32, 3)
	got := make([]float32, 3)
	for i := range 6 {
		for j := range 20 {
			base := []uint64{Key(HashInts(1, i)), Key(HashInts(2, j))}
			clear(full)
			clear(got)
			m.Scores(append(base, copyOf(base[0], 0), copyOf(base[1], 0)), full)
			folded.Scores(base, got)
			for c := range full {
				if math.Abs(float64(full[c]-got[c])) > 1e-4 {
					t.Fatalf("features %d,%d class %d: folded %v, with copies %v", i, j, c, got[c], full[c])
				}
			}
		}
	}
}
