package entity_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/entity"
	"github.com/dyad-events/dyad/internal/ner"
	"github.com/dyad-events/dyad/internal/parse"
	"github.com/dyad-events/dyad/internal/text"
)

// BenchmarkStage measures recognition, linking and coreference on the
// Wikinews examples, after the language stages (which are not timed).
func BenchmarkStage(b *testing.B) {
	f, err := os.Open(filepath.Join("..", "..", "examples", "wikinews.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	seg, lang := text.New(), parse.New()
	var docs []*doc.Document
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	ctx := context.Background()
	for sc.Scan() {
		var a struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			b.Fatal(err)
		}
		d := doc.NewDocument(doc.Article{Body: a.Text})
		if err := seg.Process(ctx, d); err != nil {
			b.Fatal(err)
		}
		if err := lang.Process(ctx, d); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
	}
	dict, err := entity.LoadDictionary(seg.Words)
	if err != nil {
		b.Fatal(err)
	}
	rec, err := ner.Load(ner.Deps{Gazetteer: entity.NewGazetteer(dict)})
	if err != nil {
		b.Fatal(err)
	}
	st := entity.New(func() (*entity.Resources, error) { return &entity.Resources{Dict: dict, NER: rec}, nil })
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
