package dep

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/dyad-events/dyad/internal/conllu"
)

// synthTreebank generates sentences of a toy grammar with their trees:
//
//	S  -> NP(nsubj) V [NP(obj)] [PP(obl)] [.]
//	NP -> [DET(det)] [ADJ(amod)] N [PP(nmod)]
//	PP -> P(case) NP
//
// Attachment of PPs is decided by the preposition ("with" to the verb,
// "of" to the noun), so a parser can learn it from the words.
func synthTreebank(seed uint64, n int) []*conllu.Sentence {
	r := rand.New(rand.NewPCG(seed, 7))
	nouns := []string{"dog", "cat", "minister", "army", "city", "talks", "deal"}
	verbs := []string{"saw", "met", "signed", "attacked", "praised"}
	adjs := []string{"big", "old", "new", "foreign"}
	var out []*conllu.Sentence
	for range n {
		s := &conllu.Sentence{}
		add := func(form, upos, xpos string) int {
			s.Words = append(s.Words, conllu.Word{ID: len(s.Words) + 1, Form: form, Lemma: form, UPOS: upos, XPOS: xpos})
			return len(s.Words)
		}
		set := func(d, h int, rel string) { s.Words[d-1].Head, s.Words[d-1].Deprel = h, rel }
		var np func(depth int) int
		pp := func(prep string, depth int) (int, int) {
			p := add(prep, "ADP", "IN")
			head := np(depth + 1)
			set(p, head, "case")
			return p, head
		}
		np = func(depth int) int {
			var det, adj int
			if r.IntN(3) > 0 {
				det = add([]string{"the", "a"}[r.IntN(2)], "DET", "DT")
			}
			if r.IntN(3) == 0 {
				adj = add(adjs[r.IntN(len(adjs))], "ADJ", "JJ")
			}
			noun := add(nouns[r.IntN(len(nouns))], "NOUN", "NN")
			if det > 0 {
				set(det, noun, "det")
			}
			if adj > 0 {
				set(adj, noun, "amod")
			}
			if depth < 2 && r.IntN(4) == 0 {
				_, h := pp("of", depth)
				set(h, noun, "nmod")
			}
			return noun
		}
		subj := np(0)
		verb := add(verbs[r.IntN(len(verbs))], "VERB", "VBD")
		set(subj, verb, "nsubj")
		set(verb, 0, "root")
		if r.IntN(4) > 0 {
			set(np(0), verb, "obj")
		}
		if r.IntN(3) == 0 {
			_, h := pp("with", 0)
			set(h, verb, "obl")
		}
		if r.IntN(2) == 0 {
			set(add(".", "PUNCT", "."), verb, "punct")
		}
		out = append(out, s)
	}
	return out
}

func TestSynthTreebankIsValid(t *testing.T) {
	for _, s := range synthTreebank(1, 200) {
		heads := make([]int32, len(s.Words))
		for i, w := range s.Words {
			heads[i] = int32(w.Head - 1)
			if w.Head == 0 {
				heads[i] = int32(len(s.Words))
			}
		}
		if !isTree(heads) || projectivize(heads) != 0 {
			t.Fatalf("bad synthetic tree %+v", s.Words)
		}
	}
}

// TestLearnsSyntheticTreebank trains on the toy grammar and parses
// held-out sentences of it almost perfectly.
func TestLearnsSyntheticTreebank(t *testing.T) {
	train := synthTreebank(1, 300)
	test := synthTreebank(2, 100)
	m, err := Train(train, TrainOptions{Iterations: 5, Seed: 1, GoldTags: true})
	if err != nil {
		t.Fatal(err)
	}
	sc := Evaluate(New(m), test)
	t.Logf("synthetic test: %s", sc)
	if sc.LAS < 0.97 {
		t.Errorf("LAS %.3f on the toy grammar, want >= 0.97", sc.LAS)
	}
}

// TestFinalPrune prunes the averaged model: half the features go, and
// the toy grammar is still parsed as well as TestLearnsSyntheticTreebank
// asks of the full model.
func TestFinalPrune(t *testing.T) {
	train := synthTreebank(1, 300)
	test := synthTreebank(2, 100)
	full, err := Train(train, TrainOptions{Iterations: 5, Seed: 1, GoldTags: true})
	if err != nil {
		t.Fatal(err)
	}
	pruned, err := Train(train, TrainOptions{Iterations: 5, Seed: 1, GoldTags: true, FinalPrune: 1.5})
	if err != nil {
		t.Fatal(err)
	}
	if pruned.t.Features() >= full.t.Features() || pruned.Weights() >= full.Weights() {
		t.Errorf("pruned model has %d features and %d weights, the full one %d and %d: want fewer",
			pruned.t.Features(), pruned.Weights(), full.t.Features(), full.Weights())
	}
	sc := Evaluate(New(pruned), test)
	t.Logf("pruned: %d of %d features; synthetic test: %s", pruned.t.Features(), full.t.Features(), sc)
	if sc.LAS < 0.97 {
		t.Errorf("LAS %.3f on the toy grammar after pruning, want >= 0.97", sc.LAS)
	}
}

// TestTrainDeterministic trains twice, jackknife included, and compares
// the model bytes.
func TestTrainDeterministic(t *testing.T) {
	train := synthTreebank(3, 120)
	write := func(workers int) map[string][]byte {
		m, err := Train(train, TrainOptions{Iterations: 3, Seed: 9, Folds: 3, Workers: workers, Tagger: trainTestTagger, Dev: synthTreebank(4, 10)})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if err := m.WriteTo(dir); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, name := range []string{metaFile, labelsFile, weightsFile} {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			files[name] = b
		}
		return files
	}
	a, b := write(1), write(2)
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two trainings", name)
		}
	}
}

// TestModelRoundTrip writes a model, loads it back and gets the same
// parses; a model of another feature set is refused.
func TestModelRoundTrip(t *testing.T) {
	train := synthTreebank(5, 100)
	m, err := Train(train, TrainOptions{Iterations: 2, Seed: 1, GoldTags: true})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := m.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	p2, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	p1 := New(m)
	for _, s := range synthTreebank(6, 30) {
		words := wordsOf(s)
		h1, l1 := make([]int, len(words)), make([]string, len(words))
		h2, l2 := make([]int, len(words)), make([]string, len(words))
		p1.Parse(words, h1, l1)
		p2.Parse(words, h2, l2)
		for i := range words {
			if h1[i] != h2[i] || l1[i] != l2[i] {
				t.Fatalf("word %d: %d %s before writing, %d %s after", i, h1[i], l1[i], h2[i], l2[i])
			}
		}
	}
	os.WriteFile(filepath.Join(dir, metaFile), []byte("dyad dependency parser\nfeatures old\n"), 0o644)
	if _, err := LoadDir(dir); err == nil {
		t.Error("a model of another feature set loaded")
	}
}

func wordsOf(s *conllu.Sentence) []Word {
	var ws []Word
	for _, w := range s.Words {
		ws = append(ws, Word{Form: w.Form, Lemma: w.Lemma, UPOS: w.UPOS, XPOS: w.XPOS})
	}
	return ws
}
