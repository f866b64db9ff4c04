package text

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// wikinews returns the bodies of the Wikinews 2019-2020 corpus, or
// generated news-like text when the corpus is absent.
func wikinews(tb testing.TB) []string {
	tb.Helper()
	path := sharedPathIfPresent("peers", "corpora", "wikinews-2019-2020", "wikinews_2019_2020.jsonl")
	if path == "" {
		return generatedNews()
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var a struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		out = append(out, a.Text)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// generatedNews is a stand-in corpus for machines without the shared
// corpora: the same paragraphs repeated with small changes.
func generatedNews() []string {
	paras := []string{
		"TEHRAN (Reuters) - Iran’s supreme leader Ayatollah Ali Khamenei has met the leader of Hamas, Ismail Haniyeh, in Tehran, state media reported on Sunday.",
		"“Our advice to the Americans is to immediately stop the war in Gaza,” Mohammad-Reza Ashtiani said. He didn't elaborate.",
		"Gen. Smith met U.S. officials on Nov. 5. The talks, which began at 9 a.m., lasted 3.5 hours and cost $1,000,000 (about 6% of the budget).",
		"See https://example.com/news?id=42 or write to press@example.org. #ceasefire @UN",
	}
	var out []string
	for i := 0; i < 300; i++ {
		var b strings.Builder
		for j := 0; j < 12; j++ {
			b.WriteString(paras[(i+j)%len(paras)])
			b.WriteString("\n\n")
		}
		out = append(out, b.String())
	}
	return out
}

func BenchmarkSegment(b *testing.B) {
	bodies := wikinews(b)
	s := New()
	s.Segment("warm up", nil)
	tokens, bytes := 0, 0
	for _, body := range bodies {
		_, ts := s.Segment(body, nil)
		tokens += len(ts)
		bytes += len(body)
	}
	b.SetBytes(int64(bytes))
	cpu0, ok := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, body := range bodies {
			s.Segment(body, nil)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
	if cpu1, ok1 := cpuTime(); ok && ok1 && cpu1 > cpu0 {
		// CPU time includes the garbage collector's, on any core.
		b.ReportMetric(float64(tokens)*float64(b.N)/(cpu1-cpu0).Seconds(), "tokens/cpu-s")
	}
}
