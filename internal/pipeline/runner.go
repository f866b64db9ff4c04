package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"sync"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
)

// DefaultBatchSize is how many documents a Runner hands to its sink at
// once: large enough that one store transaction per batch is cheap, small
// enough that a crash loses little work and memory stays small.
const DefaultBatchSize = 256

// DefaultFlushEvery is how long a Runner lets finished documents wait for
// their batch to fill. On slow input (a feed that trickles, a large
// article, a busy machine) a batch of DefaultBatchSize can take minutes,
// and all of it would be lost to a crash; this bounds the loss in time.
const DefaultFlushEvery = 10 * time.Second

// Runner streams articles through a Pipeline with a bounded worker pool.
type Runner struct {
	Pipeline *Pipeline
	// Workers is the number of documents processed at once; 0 means one
	// per core.
	Workers int
	// BatchSize is the number of documents per Flush; 0 means
	// DefaultBatchSize.
	BatchSize int
	// FlushEvery is the longest a finished document waits in an unfilled
	// batch before the batch is flushed anyway; 0 means DefaultFlushEvery.
	FlushEvery time.Duration
	// Flush receives finished documents, a batch at a time, from a single
	// goroutine. An error from Flush stops the run.
	Flush func(ctx context.Context, batch []*doc.Document) error
	// OnError receives every per-article problem (bad input, a stage that
	// failed on one document) from a single goroutine; the run goes on.
	// Nil means such errors are counted only.
	OnError func(err error)
	// OnDone is called after each document is processed, from a single
	// goroutine; nil means no callback. Useful for progress.
	OnDone func(d *doc.Document)
}

// Summary counts what a run did.
type Summary struct {
	Articles int // documents processed and flushed
	Errors   int // articles that could not be read or processed
}

// ArticleError is a stage failure on one article, located by its source.
type ArticleError struct {
	Source string
	Line   int
	ID     string
	Err    error
}

func (e *ArticleError) Error() string {
	loc := e.Source
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.Source, e.Line)
	}
	return fmt.Sprintf("%s: article %s: %v", loc, e.ID, e.Err)
}

func (e *ArticleError) Unwrap() error { return e.Err }

// Run reads articles from src until it is exhausted or ctx is cancelled,
// processes them and flushes them in batches. Documents already processed
// when ctx is cancelled are still flushed, so an interrupted run keeps its
// work; Run then returns ctx's error.
func (r *Runner) Run(ctx context.Context, src iter.Seq2[*doc.Article, error]) (Summary, error) {
	workers := r.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batchSize := r.BatchSize
	if batchSize <= 0 {
		batchSize = DefaultBatchSize
	}
	flushEvery := r.FlushEvery
	if flushEvery <= 0 {
		flushEvery = DefaultFlushEvery
	}

	// Workers stop on workCtx; the flush below keeps going on its own
	// context so that cancelling the run still commits finished work.
	workCtx, cancelWork := context.WithCancel(ctx)
	defer cancelWork()

	type result struct {
		d   *doc.Document
		err error
	}
	jobs := make(chan *doc.Document, workers)
	results := make(chan result, workers*2)

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for d := range jobs {
				err := r.Pipeline.Process(workCtx, d)
				if err != nil && workCtx.Err() == nil {
					a := &d.Article
					err = &ArticleError{Source: a.Ingest.Source, Line: a.Ingest.Line, ID: a.ID, Err: err}
				}
				results <- result{d: d, err: err}
			}
		})
	}

	// The producer owns the iterator: an iter.Seq2 must be consumed from
	// one goroutine.
	go func() {
		defer close(jobs)
		for a, err := range src {
			if err != nil {
				select {
				case results <- result{err: err}:
				case <-workCtx.Done():
					return
				}
				continue
			}
			select {
			case jobs <- doc.NewDocument(*a):
			case <-workCtx.Done():
				return
			}
		}
	}()
	go func() {
		// The producer's last send to results happens before it closes
		// jobs, and workers return only after jobs is closed, so once they
		// have all returned nothing can send to results any more.
		wg.Wait()
		close(results)
	}()

	var sum Summary
	var batch []*doc.Document
	var flushErr error
	flush := func() {
		if len(batch) == 0 || flushErr != nil {
			return
		}
		// A cancelled run still commits what it finished.
		if err := r.Flush(context.WithoutCancel(ctx), batch); err != nil {
			flushErr = err
			cancelWork()
			return
		}
		sum.Articles += len(batch)
		batch = batch[:0]
	}
	// The timer runs only while the batch holds something: it starts
	// with the batch's first document, so no document waits longer than
	// flushEvery however slowly the rest arrive.
	timer := time.NewTimer(flushEvery)
	timer.Stop()
	defer timer.Stop()
	add := func(d *doc.Document) {
		if len(batch) == 0 {
			timer.Reset(flushEvery)
		}
		batch = append(batch, d)
		if r.OnDone != nil {
			r.OnDone(d)
		}
		if len(batch) >= batchSize {
			timer.Stop()
			flush()
		}
	}
	for open := true; open; {
		select {
		case <-timer.C:
			flush()
		case res, ok := <-results:
			if !ok {
				open = false
				continue
			}
			if res.err != nil {
				if errors.Is(res.err, context.Canceled) || errors.Is(res.err, context.DeadlineExceeded) {
					continue // cancelled mid-document: not an article problem
				}
				sum.Errors++
				if r.OnError != nil {
					r.OnError(res.err)
				}
				continue
			}
			if flushErr != nil {
				continue // drain so workers can exit
			}
			add(res.d)
		}
	}
	flush()
	if flushErr != nil {
		return sum, flushErr
	}
	return sum, ctx.Err()
}
