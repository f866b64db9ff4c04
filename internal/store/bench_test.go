package store

import (
	"context"
	"testing"

	"github.com/dyad-events/dyad/internal/doc"
)

const benchBatch = 256

// BenchmarkPut stores batches of 256 small documents with a few facts
// each (2 sentences, 6 tokens, 2 mentions, 2 entities, a place, an event):
// "new" adds fresh articles, "reprocess" replaces the facts of stored ones;
// on SQLite and on PostgreSQL.
func BenchmarkPut(b *testing.B) {
	b.Run("sqlite", benchmarkPut)
	b.Run("postgres", benchmarkPut)
}

func benchmarkPut(b *testing.B) {
	for _, mode := range []string{"new", "reprocess"} {
		b.Run(mode, func(b *testing.B) {
			s := openTemp(b)
			ctx := context.Background()
			n := 0
			batch := func() []*doc.Document {
				docs := make([]*doc.Document, benchBatch)
				for i := range docs {
					docs[i] = smallDoc(n)
					if mode == "new" {
						n++
					} else {
						n = (n + 1) % (4 * benchBatch)
					}
				}
				return docs
			}
			if mode == "reprocess" {
				for range 4 {
					put(b, s, batch()...)
				}
			}
			batches := 0
			for b.Loop() {
				b.StopTimer()
				docs := batch()
				b.StartTimer()
				if _, err := s.Put(ctx, docs); err != nil {
					b.Fatal(err)
				}
				batches++
			}
			b.ReportMetric(float64(batches*benchBatch)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// BenchmarkGet loads a fully populated document.
func BenchmarkGet(b *testing.B) {
	b.Run("sqlite", benchmarkGet)
	b.Run("postgres", benchmarkGet)
}

func benchmarkGet(b *testing.B) {
	s := openTemp(b)
	d := fullDoc(hexID("bench"))
	put(b, s, d)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.Get(ctx, d.Article.ID); err != nil {
			b.Fatal(err)
		}
	}
}
