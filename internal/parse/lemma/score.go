package lemma

import "github.com/dyad-events/dyad/internal/conllu"

// Score lemmatises every word of sents given its gold form and tags and
// counts the lemmas equal to the gold ones; a gold lemma "_" accepts any,
// as conll18_ud_eval.py has it.
func Score(l *Lemmatizer, sents []*conllu.Sentence) (correct, total int) {
	for _, s := range sents {
		for _, w := range s.Words {
			total++
			if w.Lemma == "_" || l.Lemma(w.Form, w.UPOS, w.XPOS) == w.Lemma {
				correct++
			}
		}
	}
	return correct, total
}
