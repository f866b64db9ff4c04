package timex_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/parse"
	"github.com/dyad-events/dyad/internal/text"
	"github.com/dyad-events/dyad/internal/timex"
)

// BenchmarkStage measures finding and resolving time expressions on the
// Wikinews examples, after the language stages (which are not timed).
func BenchmarkStage(b *testing.B) {
	f, err := os.Open(filepath.Join("..", "..", "examples", "wikinews.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	seg, lang := text.New(), parse.New()
	published := time.Date(2023, 11, 5, 12, 0, 0, 0, time.UTC)
	var docs []*doc.Document
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	ctx := context.Background()
	for sc.Scan() {
		var a struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			b.Fatal(err)
		}
		d := doc.NewDocument(doc.Article{Body: a.Text, Published: published})
		if err := seg.Process(ctx, d); err != nil {
			b.Fatal(err)
		}
		if err := lang.Process(ctx, d); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	st := timex.New()
	b.ResetTimer()
	tokens, times := 0, 0
	for b.Loop() {
		for _, d := range docs {
			d.Problems = nil
			if err := st.Process(ctx, d); err != nil {
				b.Fatal(err)
			}
			tokens += len(d.Tokens)
			times += len(d.Times)
		}
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
	b.ReportMetric(float64(times)/float64(b.N), "times/op")
}
