package quote

import (
	"bytes"
	"strings"
	"testing"
)

func TestReadCueModelErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"bias x\n", "cues.model:1: bias"},
		{"bias 0\nlemma=say 1\n", "cues.model:2: want FEATURE<TAB>WEIGHT"},
		{"threshold 0.5\nlemma=say\tone\n", "cues.model:2: weight"},
	} {
		_, err := readCueModel(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want it to contain %q", c.in, err, c.want)
		}
	}
}

// TestTrainCueModel fits a problem a logistic model can separate and
// reads the model back.
func TestTrainCueModel(t *testing.T) {
	var exs []Example
	for i := range 200 {
		exs = append(exs, Example{Features: []string{"lemma=say", "len=4-7"}, Positive: i%10 != 0},
			Example{Features: []string{"lemma=build", "len=4-7"}, Positive: i%10 == 0})
	}
	var b bytes.Buffer
	if err := TrainCueModel(&b, exs, 5, 1e-4, 3, 0.3, 0.1, 1); err != nil {
		t.Fatal(err)
	}
	m, err := readCueModel(&b)
	if err != nil {
		t.Fatal(err)
	}
	say, build := m.prob([]string{"lemma=say", "len=4-7"}), m.prob([]string{"lemma=build", "len=4-7"})
	if say < 0.8 || build > 0.2 {
		t.Errorf("P(say) = %.2f, P(build) = %.2f; want about 0.9 and 0.1", say, build)
	}
	if m.threshold != 0.3 || m.drop != 0.1 {
		t.Errorf("threshold %v drop %v, want 0.3 and 0.1", m.threshold, m.drop)
	}
	var again bytes.Buffer
	TrainCueModel(&again, exs, 5, 1e-4, 3, 0.3, 0.1, 1)
	var first bytes.Buffer
	TrainCueModel(&first, exs, 5, 1e-4, 3, 0.3, 0.1, 1)
	if again.String() != first.String() {
		t.Error("training twice with one seed gave different models")
	}
}
