package tagger

import (
	"strings"
	"testing"
)

const benchText = `The Foreign Minister of Turkey said on Sunday that Ankara would not accept the proposal , which was rejected by Iran 's state TV in a statement . Protesters gathered outside the embassy in Tehran , chanting slogans against the government and calling for new elections . " We will respond to any attack , " he told reporters after meeting his Russian counterpart .`

func BenchmarkTag(b *testing.B) {
	tg, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	var sents [][]string
	for _, s := range strings.Split(benchText, " . ") {
		sents = append(sents, append(strings.Fields(s), "."))
	}
	n := 0
	for _, s := range sents {
		n += len(s)
	}
	out := make([]Tag, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range sents {
			tg.Tag(s, out)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "words/s")
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}
