package entity_test

import (
	"context"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/entity"
	"github.com/dyad-events/dyad/internal/testkit"
	"github.com/dyad-events/dyad/internal/text"
)

// BenchmarkStage measures recognition, linking and coreference on the
// Wikinews examples, after the language stages (which are not timed).
func BenchmarkStage(b *testing.B) {
	var docs []*doc.Document
	for _, body := range testkit.ExampleBodies(b) {
		docs = append(docs, testkit.Analyse(b, body, time.Time{}))
	}
	res, err := entity.LoadResources(text.New().Words)
	if err != nil {
		b.Fatal(err)
	}
	st := entity.New(func() (*entity.Resources, error) { return res, nil })
	ctx := context.Background()
	b.ResetTimer()
	tokens := 0
	for b.Loop() {
		for _, d := range docs {
			if err := st.Process(ctx, d); err != nil {
				b.Fatal(err)
			}
			tokens += len(d.Tokens)
		}
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
}
