package dep

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/conllu"
	"github.com/dyad-events/dyad/internal/parse/perceptron"
)

// Tagger is a small greedy averaged-perceptron tagger that predicts UPOS
// and XPOS together. It is not dyad's tagger (package tagger is): the
// parser's trainer uses it to jackknife the training data, so that the
// parser learns from the kind of tagging errors it will meet, and to tag
// development data for measuring the parser on predicted tags.
type Tagger struct {
	classes []string // "UPOS\tXPOS"
	w       *perceptron.Model
	amb     map[string]uint64
}

// ambiguityClasses maps each word seen at least 3 times to a hash of the
// set of UPOS tags it had at least 5% of the time: the tags a word can
// have, a strong hint for its neighbours' tags.
func ambiguityClasses(sents []*conllu.Sentence) map[string]uint64 {
	counts := uposCounts(sents)
	out := map[string]uint64{}
	for word, tags := range counts {
		total := 0
		for _, c := range tags {
			total += c
		}
		if total < 3 {
			continue
		}
		var set []string
		for tag, c := range tags {
			if 20*c >= total {
				set = append(set, tag)
			}
		}
		slices.Sort(set)
		out[word] = perceptron.HashString("\x00amb:" + strings.Join(set, "|"))
	}
	return out
}

func (t *Tagger) info(form string) wordInfo {
	wi := tagWordInfo(form)
	if a, ok := t.amb[normWord(form)]; ok {
		wi.amb = a
	} else {
		wi.amb = perceptron.HashString("\x00amb?")
	}
	return wi
}

// wordInfo holds the hashes of one word's tagging features.
type wordInfo struct {
	raw, low, suf1, suf2, suf3, suf4, pre1, pre2, shape uint64
	amb                                                 uint64 // ambiguity class
}

func tagWordInfo(form string) wordInfo {
	low := normWord(form)
	r := []rune(low)
	suf := func(k int) uint64 {
		if len(r) < k {
			return perceptron.HashString("\x00<" + low)
		}
		return perceptron.HashString(string(r[len(r)-k:]))
	}
	pre := func(k int) uint64 {
		if len(r) < k {
			return perceptron.HashString("\x00>" + low)
		}
		return perceptron.HashString(string(r[:k]))
	}
	return wordInfo{
		raw: perceptron.HashString(form), low: perceptron.HashString(low),
		suf1: suf(1), suf2: suf(2), suf3: suf(3), suf4: suf(4),
		pre1: pre(1), pre2: pre(2), shape: perceptron.HashString(shape(form)),
	}
}

// shape maps a word to its character classes with runs collapsed:
// "McDonald's" -> "XxXx'x", "1990s" -> "dx", "U.S." -> "X.X.".
func shape(s string) string {
	var b strings.Builder
	var last rune = -1
	for _, r := range s {
		var c rune
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = r
		default:
			c = '*'
		}
		if c != last {
			b.WriteRune(c)
			last = c
		}
	}
	if utf8.RuneCountInString(s) > 12 {
		b.WriteString("+")
	}
	return b.String()
}

var (
	tagNoneWord = wordInfo{raw: perceptron.HashString("\x00none"), low: perceptron.HashString("\x00none"), suf3: perceptron.HashString("\x00none")}
	tagStart    = perceptron.HashString("\x00start")
)

func tagFeatures(fs []uint64, ws []wordInfo, i int, prev, prev2 uint64) []uint64 {
	at := func(j int) *wordInfo {
		if j < 0 || j >= len(ws) {
			return &tagNoneWord
		}
		return &ws[j]
	}
	w := &ws[i]
	t := 0
	add := func(vals ...uint64) {
		h := tseed[t]
		for _, v := range vals {
			h = perceptron.Fold(h, v)
		}
		fs = append(fs, perceptron.Key(h))
		t++
	}
	add(0)
	add(w.low)
	add(w.raw)
	add(w.suf1)
	add(w.suf2)
	add(w.suf3)
	add(w.suf4)
	add(w.pre1)
	add(w.pre2)
	add(w.shape)
	add(prev)
	add(prev2)
	add(prev, prev2)
	add(prev, w.low)
	add(prev, w.suf3)
	add(at(i - 1).low)
	add(at(i - 1).suf3)
	add(at(i - 2).low)
	add(at(i + 1).low)
	add(at(i + 1).suf3)
	add(at(i + 1).shape)
	add(at(i + 2).low)
	add(w.low, at(i+1).low)
	add(at(i-1).low, w.low)
	add(w.shape, at(i+1).shape)
	add(w.amb)
	add(at(i + 1).amb)
	add(at(i + 2).amb)
	add(w.amb, at(i+1).amb)
	add(prev, at(i+1).amb)
	add(w.amb, w.suf3)
	add(prev, w.amb)
	add(at(i - 1).amb)
	add(at(i-1).amb, w.amb, at(i+1).amb)
	add(prev, at(i+1).low)
	add(w.low, at(i+1).amb)
	add(at(i-1).low, w.amb)
	add(at(i-1).shape, w.shape)
	if i == 0 {
		add(1, w.shape)
		add(1, w.low)
	} else {
		add(0, w.shape)
		add(0, 0)
	}
	return fs
}

type tagSent struct {
	ws   []wordInfo
	gold []int
}

// TrainTagger trains a tagger on sents for iters passes (0: 10),
// shuffling with seed.
func TrainTagger(sents []*conllu.Sentence, iters int, seed uint64) *Tagger {
	if iters <= 0 {
		iters = 10
	}
	classes := perceptron.NewLabels()
	tg := &Tagger{amb: ambiguityClasses(sents)}
	data := make([]tagSent, 0, len(sents))
	for _, s := range sents {
		ts := tagSent{}
		for _, w := range s.Words {
			ts.ws = append(ts.ws, tg.info(w.Form))
			ts.gold = append(ts.gold, classes.Add(w.UPOS+"\t"+w.XPOS))
		}
		data = append(data, ts)
	}
	// Class hashes must not depend on class numbering order across runs:
	// they are hashes of the names.
	names := classes.Names()
	ch := make([]uint64, len(names))
	for i, n := range names {
		ch[i] = perceptron.HashString("\x00tag:" + n)
	}
	tr := perceptron.NewTrainer(len(names))
	rng := rand.New(rand.NewPCG(seed, 0x7a66))
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	scores := make([]float32, len(names))
	var fs []uint64
	for range iters {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, si := range order {
			s := data[si]
			p1, p2 := tagStart, tagStart
			for i := range s.ws {
				fs = tagFeatures(fs[:0], s.ws, i, p1, p2)
				clear(scores)
				tr.Scores(fs, scores)
				guess := perceptron.Best(scores, nil)
				tr.Update(fs, s.gold[i], guess)
				tr.Tick()
				p2, p1 = p1, ch[guess]
			}
		}
	}
	tg.classes, tg.w = names, tr.Model(0.01)
	return tg
}

// Tag returns a copy of s whose UPOS and XPOS are the tagger's.
func (t *Tagger) Tag(s *conllu.Sentence) *conllu.Sentence {
	out := *s
	out.Words = append([]conllu.Word(nil), s.Words...)
	ws := make([]wordInfo, len(s.Words))
	for i, w := range s.Words {
		ws[i] = t.info(w.Form)
	}
	scores := make([]float32, len(t.classes))
	var fs []uint64
	p1, p2 := tagStart, tagStart
	for i := range ws {
		fs = tagFeatures(fs[:0], ws, i, p1, p2)
		clear(scores)
		t.w.Scores(fs, scores)
		c := perceptron.Best(scores, nil)
		out.Words[i].UPOS, out.Words[i].XPOS, _ = strings.Cut(t.classes[c], "\t")
		p2, p1 = p1, perceptron.HashString("\x00tag:"+t.classes[c])
	}
	return &out
}

// TagAll tags every sentence, returning copies.
func (t *Tagger) TagAll(sents []*conllu.Sentence) []*conllu.Sentence {
	out := make([]*conllu.Sentence, len(sents))
	for i, s := range sents {
		out[i] = t.Tag(s)
	}
	return out
}

// Jackknife returns copies of sents whose tags come from taggers that did
// not see them: the sentences are cut into folds contiguous blocks (so
// documents stay together), and each block is tagged by a tagger trained
// on the others. Up to workers folds are trained at once; the result does
// not depend on workers.
func Jackknife(sents []*conllu.Sentence, folds, workers int, seed uint64) []*conllu.Sentence {
	if folds < 2 {
		folds = 2
	}
	workers = max(workers, 1)
	out := make([]*conllu.Sentence, len(sents))
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
				tg := TrainTagger(rest, 0, seed+uint64(k))
				for i := lo; i < hi; i++ {
					out[i] = tg.Tag(sents[i])
				}
			}
		}()
	}
	for k := range folds {
		jobs <- k
	}
	close(jobs)
	wg.Wait()
	return out
}
