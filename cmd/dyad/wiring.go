package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/dyad-events/dyad/internal/entity"
	"github.com/dyad-events/dyad/internal/event"
	"github.com/dyad-events/dyad/internal/geo"
	"github.com/dyad-events/dyad/internal/ingest"
	"github.com/dyad-events/dyad/internal/parse"
	"github.com/dyad-events/dyad/internal/pipeline"
	"github.com/dyad-events/dyad/internal/quote"
	"github.com/dyad-events/dyad/internal/store"
	"github.com/dyad-events/dyad/internal/text"
	"github.com/dyad-events/dyad/internal/timex"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// defaultDB is where facts go unless --db says otherwise.
const defaultDB = "dyad.db"

// stages returns the processing stages in order. Each later stage
// (quotes, events) plugs in here.
func stages() []pipeline.Stage {
	seg := text.New()
	return []pipeline.Stage{seg, parse.New(), entity.New(sync.OnceValues(func() (*entity.Resources, error) {
		return entity.LoadResources(seg.Words)
	})), quote.New(), geo.New(sync.OnceValues(geo.Load)), timex.New(), event.New(sync.OnceValues(event.LoadResources))}
}

// newPipeline returns the whole pipeline.
func newPipeline() *pipeline.Pipeline { return pipeline.New(stages()...) }

// newPipelineBefore returns the stages that run before the one named
// (what a stage's training data must have been through).
func newPipelineBefore(name string) *pipeline.Pipeline {
	all := stages()
	for i, st := range all {
		if st.Name() == name {
			return pipeline.New(all[:i]...)
		}
	}
	panic("no stage named " + name)
}

// newLanguagePipeline returns the language stages: segmentation, then
// tagging, lemmatisation and parsing.
func newLanguagePipeline() *pipeline.Pipeline {
	return pipeline.New(text.New(), parse.New())
}

// ingestFlags registers the flags that shape how input is read.
type ingestFlags struct {
	maxSize   int64
	format    string
	outlet    string
	published string
	url       string
	title     string
	language  string
}

func (f *ingestFlags) register(fs *flag.FlagSet) {
	fs.Int64Var(&f.maxSize, "max-size", ingest.DefaultMaxBytes, "largest input file (or JSON line) in bytes")
	fs.StringVar(&f.format, "format", "", "input format: text, html, jsonl or feed (default: by extension, or sniffed on stdin)")
	fs.StringVar(&f.outlet, "outlet", "", "outlet for articles whose input names none")
	fs.StringVar(&f.published, "published", "", "publication date or time for articles whose input gives none (2023-11-05, RFC 3339)")
	fs.StringVar(&f.url, "url", "", "URL for articles whose input gives none")
	fs.StringVar(&f.title, "title", "", "title for articles whose input gives none")
	fs.StringVar(&f.language, "language", "", "language tag for articles whose input gives none")
}

func (f *ingestFlags) options(e *env) (ingest.Options, error) {
	switch f.format {
	case "", "text", "html", "jsonl", "feed":
	default:
		return ingest.Options{}, fmt.Errorf("%w: --format %q: want text, html, jsonl or feed", errUsage, f.format)
	}
	if f.published != "" {
		if _, _, err := ingest.ParseTime(f.published); err != nil {
			return ingest.Options{}, fmt.Errorf("%w: --published: %v", errUsage, err)
		}
	}
	if f.maxSize <= 0 {
		return ingest.Options{}, fmt.Errorf("%w: --max-size must be positive", errUsage)
	}
	return ingest.Options{
		MaxBytes: f.maxSize,
		Format:   f.format,
		Defaults: ingest.Meta{Outlet: f.outlet, Published: f.published, URL: f.url, Title: f.title, Language: f.language},
		Logger:   e.log,
	}, nil
}

func openStore(ctx context.Context, path string) (*store.Store, error) {
	s, err := store.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", store.Redact(path), err)
	}
	return s, nil
}

// isTerminal reports whether w is an interactive terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress is a byte-counting progress bar shown only on terminals, so
// pipes and CI logs stay clean.
type progress struct {
	bar *progressbar.ProgressBar
}

func newProgress(e *env, total int64, what string, quiet bool) *progress {
	if quiet || !isTerminal(e.stderr) {
		return &progress{}
	}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	return &progress{bar: bar}
}

// set moves the bar to done bytes.
func (p *progress) set(done int64) {
	if p.bar != nil {
		_ = p.bar.Set64(done)
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// countProgress returns a progress callback for work that learns its
// total as it goes (done of total items), making the bar on the first
// call, and the function that finishes it.
func countProgress(e *env, what string) (step func(done, total int), finish func()) {
	var bar *progress
	step = func(done, total int) {
		if bar == nil {
			bar = newProgress(e, int64(total), what, false)
		}
		bar.set(int64(done))
	}
	finish = func() {
		if bar != nil {
			bar.finish()
		}
	}
	return step, finish
}
