package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"log/slog"
	"os"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
)

// Meta is article metadata given from outside the text (sidecar, JSONL
// fields, CLI flags).
type Meta struct {
	ID        string // external id (goes to IngestInfo.ExternalID)
	URL       string
	Outlet    string
	Published string // as written: "2023-11-05", RFC 3339, RFC 1123Z, ...
	Title     string
	Language  string
}

// or returns m with its empty fields taken from d.
func (m Meta) or(d Meta) Meta {
	m.ID = first(m.ID, d.ID)
	m.URL = first(m.URL, d.URL)
	m.Outlet = first(m.Outlet, d.Outlet)
	m.Published = first(m.Published, d.Published)
	m.Title = first(m.Title, d.Title)
	m.Language = first(m.Language, d.Language)
	return m
}

// DefaultMaxBytes is the default size limit of one input file or JSON line.
const DefaultMaxBytes = 20 << 20

// Options configures a Reader.
type Options struct {
	// MaxBytes is the size limit of one file and of one JSON line (a JSON
	// lines file may be any size); 0 means DefaultMaxBytes.
	MaxBytes int64
	// Format forces the input format: "" chooses by extension or sniffing,
	// else one of text, html, jsonl, feed (or json, one JSON object).
	Format string
	// Defaults are applied where the input gives no value (the CLI's
	// --outlet, --published, ... flags).
	Defaults Meta
	// Now gives IngestInfo.IngestedAt; nil means time.Now.
	Now func() time.Time
	// Logger receives skipped files and other notes; nil discards them.
	Logger *slog.Logger
	// Progress, if set, is called with the number of input bytes consumed
	// so far: after each file, and every megabyte within JSON lines. The
	// total to expect is Size(paths).
	Progress func(bytesDone int64)
	// Stdin is read for the path "-"; nil means os.Stdin.
	Stdin io.Reader
}

// Reader reads articles from paths. It holds only its options, so one
// Reader may serve several All calls at once.
type Reader struct {
	opts Options
}

// NewReader returns a Reader with opts, filling in the defaults.
func NewReader(opts Options) *Reader {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Stdin == nil {
		opts.Stdin = os.Stdin
	}
	return &Reader{opts: opts}
}

// Error locates a bad input. Error() is "PATH:LINE: reason" when Line > 0,
// else "PATH: reason".
type Error struct {
	Path string
	Line int // 1-based line of JSON lines, item of a feed; 0 if none
	Err  error
}

func (e *Error) Error() string {
	switch {
	case e.Path == "":
		return e.Err.Error()
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// pathError makes an *Error of a file system error, dropping the
// *fs.PathError's own copy of the path and operation so the message names
// the file once: "x.txt: no such file or directory".
func pathError(path string, err error) *Error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &Error{Path: path, Err: err}
}

// All streams every article found under paths ("-" is standard input).
// Folders are walked recursively in lexical order, skipping hidden files
// and folders and choosing the format by extension (see the package
// documentation). A bad item yields (nil, err) with err an *Error, and
// iteration continues with the next item; the caller decides the exit
// code. If ctx is cancelled All yields (nil, ctx.Err()) and stops.
func (r *Reader) All(ctx context.Context, paths []string) iter.Seq2[*doc.Article, error] {
	return func(yield func(*doc.Article, error) bool) {
		rn := &run{Reader: r, ctx: ctx, yield: yield}
		for e := range entries(paths, r.opts.Logger) {
			if rn.cancelled() {
				return
			}
			rn.entry(e)
			if rn.stopped {
				return
			}
			rn.done += e.size
			if r.opts.Progress != nil && e.size > 0 {
				r.opts.Progress(rn.done)
			}
		}
	}
}

// run is the state of one All call.
type run struct {
	*Reader
	ctx     context.Context
	yield   func(*doc.Article, error) bool
	stopped bool  // the consumer stopped, or ctx was cancelled
	done    int64 // bytes of the entries finished so far, for Progress
}

// emit hands one result to the consumer and reports whether to go on.
func (rn *run) emit(a *doc.Article, err error) bool {
	if rn.stopped {
		return false
	}
	if !rn.yield(a, err) {
		rn.stopped = true
	}
	return !rn.stopped
}

// fail emits an error located at path and line.
func (rn *run) fail(path string, line int, err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Path: path, Line: line, Err: err}
	}
	return rn.emit(nil, e)
}

// cancelled reports whether ctx is done, yielding its error once if so.
func (rn *run) cancelled() bool {
	if rn.stopped {
		return true
	}
	if err := rn.ctx.Err(); err != nil {
		rn.emit(nil, err)
		rn.stopped = true
		return true
	}
	return false
}

// info is the IngestInfo every article starts with.
func (rn *run) info(path, format string, line, size int) doc.IngestInfo {
	return doc.IngestInfo{
		Source:     path,
		Line:       line,
		Format:     format,
		IngestedAt: rn.opts.Now().UTC(),
		Bytes:      size,
	}
}

// Size sums the sizes of the files All would read (for a progress bar);
// standard input counts 0. A path that does not exist is an error, so that
// a typo is reported before a long run starts; problems inside folders are
// left to All, which reports them in place.
func Size(paths []string) (int64, error) {
	var total int64
	for e := range entries(paths, slog.New(slog.DiscardHandler)) {
		if e.err != nil && e.top {
			return 0, e.err
		}
		total += e.size
	}
	return total, nil
}

// tooLarge is the error for an input above the size limit. Both sizes are
// given in the unit that suits the limit: "25.3 MB exceeds the 20.0 MB
// limit", "2200 B exceeds the 1000 B limit".
func tooLarge(size, limit int64) error {
	return fmt.Errorf("%s exceeds the %s limit (raise it with --max-size)", sizeIn(size, limit), sizeIn(limit, limit))
}

// sizeIn formats n in the unit that suits unit: MB, KB or bytes.
func sizeIn(n, unit int64) string {
	switch {
	case unit >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case unit >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
