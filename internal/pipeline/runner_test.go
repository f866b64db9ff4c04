package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
)

// articles yields n articles, with a read error in place of each index in bad.
func articles(n int, bad map[int]bool) iter.Seq2[*doc.Article, error] {
	return func(yield func(*doc.Article, error) bool) {
		for i := range n {
			if bad[i] {
				if !yield(nil, fmt.Errorf("input.jsonl:%d: invalid JSON", i+1)) {
					return
				}
				continue
			}
			a := &doc.Article{ID: fmt.Sprintf("a%03d", i), Body: strings.Repeat("x", i+1),
				Ingest: doc.IngestInfo{Source: "input.jsonl", Line: i + 1}}
			if !yield(a, nil) {
				return
			}
		}
	}
}

func TestPipelineRunsStagesInOrder(t *testing.T) {
	var order []string
	mk := func(name string) Stage {
		return StageFunc{StageName: name, Func: func(ctx context.Context, d *doc.Document) error {
			order = append(order, name)
			return nil
		}}
	}
	p := New(mk("text"), mk("entity"), mk("event"))
	if err := p.Process(context.Background(), doc.NewDocument(doc.Article{})); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(order, ","); got != "text,entity,event" {
		t.Errorf("order = %s", got)
	}
	prof := p.Profile()
	if len(prof) != 3 || prof[1].Stage != "entity" || prof[1].Documents != 1 {
		t.Errorf("profile = %+v", prof)
	}
}

func TestRunner(t *testing.T) {
	failOn := func(id string) Stage {
		return StageFunc{StageName: "boom", Func: func(ctx context.Context, d *doc.Document) error {
			if d.Article.ID == id {
				return errors.New("cannot parse")
			}
			return nil
		}}
	}
	tests := []struct {
		name        string
		n           int
		bad         map[int]bool
		stage       Stage
		batch       int
		workers     int
		wantArt     int
		wantErr     int
		wantBatches int
		wantMsg     string
	}{
		{name: "all good, partial last batch", n: 10, batch: 4, workers: 3, wantArt: 10, wantBatches: 3},
		{name: "read errors do not stop the run", n: 10, bad: map[int]bool{2: true, 7: true}, batch: 100, workers: 2,
			wantArt: 8, wantErr: 2, wantBatches: 1, wantMsg: "input.jsonl:3: invalid JSON"},
		{name: "stage error names source, line and stage", n: 5, stage: failOn("a003"), batch: 2, workers: 1,
			wantArt: 4, wantErr: 1, wantBatches: 2, wantMsg: "input.jsonl:4: article a003: stage boom: cannot parse"},
		{name: "empty input", n: 0, wantBatches: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stages []Stage
			if tt.stage != nil {
				stages = append(stages, tt.stage)
			}
			var batches, done int
			seen := map[string]bool{}
			var msgs []string
			r := &Runner{
				Pipeline: New(stages...), Workers: tt.workers, BatchSize: tt.batch,
				Flush: func(ctx context.Context, b []*doc.Document) error {
					batches++
					for _, d := range b {
						if seen[d.Article.ID] {
							t.Errorf("%s flushed twice", d.Article.ID)
						}
						seen[d.Article.ID] = true
					}
					return nil
				},
				OnError: func(err error) { msgs = append(msgs, err.Error()) },
				OnDone:  func(*doc.Document) { done++ },
			}
			sum, err := r.Run(context.Background(), articles(tt.n, tt.bad))
			if err != nil {
				t.Fatal(err)
			}
			if sum.Articles != tt.wantArt || sum.Errors != tt.wantErr || len(seen) != tt.wantArt || done != tt.wantArt {
				t.Errorf("summary %+v, flushed %d, done %d; want %d articles, %d errors", sum, len(seen), done, tt.wantArt, tt.wantErr)
			}
			if batches != tt.wantBatches {
				t.Errorf("batches = %d, want %d", batches, tt.wantBatches)
			}
			if tt.wantMsg != "" && !strings.Contains(strings.Join(msgs, "\n"), tt.wantMsg) {
				t.Errorf("errors %q do not contain %q", msgs, tt.wantMsg)
			}
		})
	}
}

func TestRunnerCancelKeepsFinishedWork(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var processed atomic.Int64
	stage := StageFunc{StageName: "count", Func: func(ctx context.Context, d *doc.Document) error {
		if processed.Add(1) == 20 {
			cancel()
		}
		return nil
	}}
	flushed := 0
	r := &Runner{Pipeline: New(stage), Workers: 2, BatchSize: 8,
		Flush: func(ctx context.Context, b []*doc.Document) error {
			if ctx.Err() != nil {
				t.Error("flush got a cancelled context: finished work would be lost")
			}
			flushed += len(b)
			return nil
		}}
	sum, err := r.Run(ctx, articles(1000, nil))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if flushed < 19 || flushed >= 1000 || sum.Articles != flushed {
		t.Errorf("flushed %d (summary %d): want the ~20 finished documents kept and the rest not read", flushed, sum.Articles)
	}
}

func TestRunnerFlushErrorStops(t *testing.T) {
	r := &Runner{Pipeline: New(), Workers: 2, BatchSize: 5,
		Flush: func(ctx context.Context, b []*doc.Document) error { return errors.New("disk full") }}
	sum, err := r.Run(context.Background(), articles(10000, nil))
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want disk full", err)
	}
	if sum.Articles != 0 {
		t.Errorf("articles = %d, want 0 committed", sum.Articles)
	}
}

func BenchmarkRunnerOverhead(b *testing.B) {
	r := &Runner{Pipeline: New(), Flush: func(context.Context, []*doc.Document) error { return nil }}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Run(context.Background(), articles(1000, nil)); err != nil {
			b.Fatal(err)
		}
	}
}

// A batch that fills slowly is flushed after FlushEvery, so a crash while
// the source stalls loses nothing that was finished before the stall.
func TestRunnerFlushesAStalledBatch(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	flushed := make(chan int, 10)
	src := func(yield func(*doc.Article, error) bool) {
		for i := range 3 {
			if !yield(&doc.Article{ID: fmt.Sprintf("early%d", i)}, nil) {
				return
			}
		}
		// The source stalls until the first three are committed; without
		// the timer the batch of 100 would never be flushed and the run
		// would end only when ctx expires.
		select {
		case n := <-flushed:
			if n != 3 {
				t.Errorf("first flush had %d documents, want the 3 read before the stall", n)
			}
		case <-ctx.Done():
			t.Error("the stalled batch was never flushed")
			return
		}
		yield(&doc.Article{ID: "late"}, nil)
	}
	var batches atomic.Int32
	r := &Runner{Pipeline: New(), Workers: 2, BatchSize: 100, FlushEvery: 20 * time.Millisecond,
		Flush: func(ctx context.Context, batch []*doc.Document) error {
			batches.Add(1)
			flushed <- len(batch)
			return nil
		}}
	sum, err := r.Run(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Articles != 4 || batches.Load() != 2 {
		t.Errorf("%d articles in %d batches, want 4 in 2", sum.Articles, batches.Load())
	}
}
