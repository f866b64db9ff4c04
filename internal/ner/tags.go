package ner

import (
	"fmt"

	"github.com/dyad-events/dyad/internal/parse/tagger"
)

// Tagged returns sents with the Penn Treebank tags of dyad's tagger
// (parse/tagger) in XPOS, for training and evaluation, where the corpora
// come without them. The tagger is loaded once per call, and only if a
// sentence lacks tags; sentences that have them are kept as they are.
// The result is a new slice sharing Words and Labels with sents.
func Tagged(sents []Sentence) ([]Sentence, error) {
	var tg *tagger.Tagger
	out := make([]Sentence, len(sents))
	var tags []tagger.Tag
	for i, s := range sents {
		out[i] = s
		if len(s.XPOS) == len(s.Words) {
			continue
		}
		if tg == nil {
			var err error
			if tg, err = tagger.Load(); err != nil {
				return nil, fmt.Errorf("ner: loading the part-of-speech tagger: %w", err)
			}
		}
		tags = append(tags[:0], make([]tagger.Tag, len(s.Words))...)
		tg.Tag(s.Words, tags)
		xpos := make([]string, len(s.Words))
		for j, t := range tags {
			xpos[j] = t.XPOS
		}
		out[i].XPOS = xpos
	}
	return out, nil
}
