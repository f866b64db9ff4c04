package dep

import (
	"os"
	"testing"

	"github.com/dyad-events/dyad/internal/conllu"
)

// benchSentences are EWT dev sentences when the shared data is there,
// else synthetic ones.
func benchSentences(b *testing.B) [][]Word {
	var out [][]Word
	if sents, err := conllu.ReadFile(devPath("UD_English-EWT", "en_ewt-ud-dev.conllu")); err == nil {
		for _, s := range sents[:min(len(sents), 1000)] {
			var ws []Word
			for _, w := range s.Words {
				ws = append(ws, Word{Form: w.Form, Lemma: w.Lemma, UPOS: w.UPOS, XPOS: w.XPOS})
			}
			out = append(out, ws)
		}
		return out
	}
	for i := range 500 {
		out = append(out, syntheticSentence(uint64(i)))
	}
	return out
}

func benchParser(b *testing.B) *Parser {
	dir := os.Getenv("DEP_MODEL")
	var p *Parser
	var err error
	if dir != "" {
		p, err = LoadDir(dir)
	} else {
		p, err = Load()
	}
	if err != nil {
		b.Skip(err)
	}
	return p
}

// BenchmarkParse parses EWT dev sentences on one goroutine and reports
// words per second.
func BenchmarkParse(b *testing.B) {
	p := benchParser(b)
	sents := benchSentences(b)
	heads := make([]int, 512)
	labels := make([]string, 512)
	words := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := sents[i%len(sents)]
		p.Parse(s, heads, labels)
		words += len(s)
	}
	b.ReportMetric(float64(words)/b.Elapsed().Seconds(), "words/s")
}

func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Load(); err != nil {
			b.Skip(err)
		}
	}
}
