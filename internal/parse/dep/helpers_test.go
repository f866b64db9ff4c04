package dep

import (
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/dyad-events/dyad/internal/conllu"
	"github.com/dyad-events/dyad/internal/parse/tagger"
)

// devPath finds a treebank file in ../shared/data/ud from the package
// directory or above.
func devPath(tb, file string) string {
	for _, up := range []string{"../../../..", "../../../../.."} {
		p := filepath.Join(up, "shared", "data", "ud", tb, file)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return filepath.Join("../../../../shared/data/ud", tb, file)
}

var synthVocab = []Word{
	{"the", "the", "DET", "DT"}, {"a", "a", "DET", "DT"}, {"dog", "dog", "NOUN", "NN"},
	{"cat", "cat", "NOUN", "NN"}, {"saw", "see", "VERB", "VBD"}, {"chased", "chase", "VERB", "VBD"},
	{"big", "big", "ADJ", "JJ"}, {"in", "in", "ADP", "IN"}, {"park", "park", "NOUN", "NN"},
	{".", ".", "PUNCT", "."}, {"Iran", "Iran", "PROPN", "NNP"}, {"said", "say", "VERB", "VBD"},
	{"and", "and", "CCONJ", "CC"}, {"quickly", "quickly", "ADV", "RB"}, {"", "", "", ""},
	{"’s", "'s", "PART", "POS"}, {"2023", "2023", "NUM", "CD"}, {"Ünïcødé", "x", "X", "FW"},
}

// syntheticSentence is a pseudo-random word sequence.
func syntheticSentence(seed uint64) []Word {
	r := rand.New(rand.NewPCG(seed, 99))
	n := 1 + r.IntN(40)
	ws := make([]Word, n)
	for i := range ws {
		ws[i] = synthVocab[r.IntN(len(synthVocab))]
	}
	return ws
}

// trainTestTagger jackknifes with dyad's tagger, as dyad train does.
func trainTestTagger(train []*conllu.Sentence, seed uint64) (func([]*conllu.Sentence) []*conllu.Sentence, error) {
	m, err := tagger.Train(train, tagger.TrainOptions{Seed: seed, Iterations: 2})
	if err != nil {
		return nil, err
	}
	return m.Tagger().TagSentences, nil
}
