package dep

import (
	"sync"

	"github.com/dyad-events/dyad/internal/conllu"
)

// TrainTagger trains a part-of-speech tagger on train with the given seed
// and returns a function that tags copies of other sentences. The parser's
// trainer jackknifes its data with it; dyad passes its own tagger
// (package tagger), so the parser learns from the errors of the tagger it
// will run behind.
type TrainTagger func(train []*conllu.Sentence, seed uint64) (func([]*conllu.Sentence) []*conllu.Sentence, error)

// Jackknife returns copies of sents whose tags come from taggers that did
// not see them: the sentences are cut into folds contiguous blocks (so
// documents stay together), and each block is tagged by a tagger trained
// on the others with seed+k. Up to workers folds are trained at once; the
// result does not depend on workers.
func Jackknife(sents []*conllu.Sentence, folds, workers int, seed uint64, train TrainTagger) ([]*conllu.Sentence, error) {
	folds = max(folds, 2)
	workers = max(workers, 1)
	out := make([]*conllu.Sentence, len(sents))
	errs := make([]error, folds)
	bounds := func(k int) (int, int) { return k * len(sents) / folds, (k + 1) * len(sents) / folds }
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				lo, hi := bounds(k)
				rest := make([]*conllu.Sentence, 0, len(sents)-(hi-lo))
				rest = append(rest, sents[:lo]...)
				rest = append(rest, sents[hi:]...)
				tag, err := train(rest, seed+uint64(k))
				if err != nil {
					errs[k] = err
					continue
				}
				copy(out[lo:hi], tag(sents[lo:hi]))
			}
		}()
	}
	for k := range folds {
		jobs <- k
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
