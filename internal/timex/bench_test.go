package timex_test

import (
	"context"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/testkit"
	"github.com/dyad-events/dyad/internal/timex"
)

// BenchmarkStage measures finding and resolving time expressions on the
// Wikinews examples, after the language stages (which are not timed).
func BenchmarkStage(b *testing.B) {
	published := time.Date(2023, 11, 5, 12, 0, 0, 0, time.UTC)
	var docs []*doc.Document
	for _, body := range testkit.ExampleBodies(b) {
		docs = append(docs, testkit.Analyse(b, body, published))
	}
	ctx := context.Background()
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
