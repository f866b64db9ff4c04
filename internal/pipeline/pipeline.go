// Package pipeline runs dyad's stages over a stream of articles.
//
// A Stage does one job on one Document (split sentences, find entities,
// code events...). A Pipeline runs its stages in order on a document; a
// Runner feeds a stream of articles through a Pipeline on a bounded pool of
// workers and hands finished documents to a sink in batches, so memory stays
// constant however long the stream is.
package pipeline

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
)

// Stage is one step of processing. Process fills in the facts the stage is
// responsible for, reading what earlier stages left in the document. It must
// be safe to call from several goroutines at once on different documents.
type Stage interface {
	Name() string
	Process(ctx context.Context, d *doc.Document) error
}

// StageFunc adapts a function to a Stage.
type StageFunc struct {
	StageName string
	Func      func(ctx context.Context, d *doc.Document) error
}

// Name returns the stage's name.
func (f StageFunc) Name() string { return f.StageName }

// Process calls the function.
func (f StageFunc) Process(ctx context.Context, d *doc.Document) error { return f.Func(ctx, d) }

// Pipeline is an ordered list of stages with per-stage timing.
type Pipeline struct {
	stages []Stage

	mu      sync.Mutex
	timings []StageTiming
}

// StageTiming is the time one stage spent, summed over all documents.
type StageTiming struct {
	Stage     string
	Documents int
	Elapsed   time.Duration
}

// New returns a pipeline that runs stages in the given order.
func New(stages ...Stage) *Pipeline {
	p := &Pipeline{stages: stages, timings: make([]StageTiming, len(stages))}
	for i, s := range stages {
		p.timings[i].Stage = s.Name()
	}
	return p
}

// Stages returns the names of the stages in order.
func (p *Pipeline) Stages() []string {
	names := make([]string, len(p.stages))
	for i, s := range p.stages {
		names[i] = s.Name()
	}
	return names
}

// Process runs every stage on d in order. It stops at the first stage that
// fails and reports which one it was.
func (p *Pipeline) Process(ctx context.Context, d *doc.Document) error {
	for i, s := range p.stages {
		if err := ctx.Err(); err != nil {
			return err
		}
		start := time.Now()
		err := s.Process(ctx, d)
		elapsed := time.Since(start)
		p.mu.Lock()
		p.timings[i].Documents++
		p.timings[i].Elapsed += elapsed
		p.mu.Unlock()
		if err != nil {
			return fmt.Errorf("stage %s: %w", s.Name(), err)
		}
	}
	return nil
}

// Profile returns the time spent in each stage so far.
func (p *Pipeline) Profile() []StageTiming {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]StageTiming(nil), p.timings...)
}
