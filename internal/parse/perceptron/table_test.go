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
		name string
		m    *Model
	}{{"narrow", train(t)}, {"wide", wideModel(t)}} {
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
