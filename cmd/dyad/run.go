package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"iter"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/ingest"
	"github.com/dyad-events/dyad/internal/pipeline"
	"github.com/dyad-events/dyad/internal/store"
)

func cmdRun(ctx context.Context, e *env, args []string) error {
	return runJob(ctx, e, args, "run", true)
}

func cmdIngest(ctx context.Context, e *env, args []string) error {
	return runJob(ctx, e, args, "ingest", false)
}

// runSummary is what run and ingest report.
type runSummary struct {
	Database   string         `json:"database"`
	Read       int            `json:"articles_read"`
	Added      int            `json:"articles_added"`
	Updated    int            `json:"articles_updated"`
	Unchanged  int            `json:"articles_unchanged,omitempty"`
	Errors     int            `json:"errors"`
	Facts      map[string]int `json:"facts"`
	Elapsed    float64        `json:"elapsed_s"`
	Stored     int            `json:"articles_in_database"`
	ErrorLines []string       `json:"error_messages,omitempty"`
}

// commitFlags say how often a run commits its work to the store: what a
// crash can lose is at most one batch, or one interval's worth.
type commitFlags struct {
	batch int
	every time.Duration
}

func (c *commitFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&c.batch, "batch", pipeline.DefaultBatchSize, "articles per store transaction")
	fs.DurationVar(&c.every, "commit-every", pipeline.DefaultFlushEvery, "commit finished articles at least this often, even when the batch is not full")
}

func (c *commitFlags) check() error {
	if c.batch < 1 {
		return fmt.Errorf("%w: --batch must be at least 1, got %d", errUsage, c.batch)
	}
	if c.every <= 0 {
		return fmt.Errorf("%w: --commit-every must be positive, got %s", errUsage, c.every)
	}
	return nil
}

func runJob(ctx context.Context, e *env, args []string, name string, process bool) error {
	summary := "Read articles from files, folders or - (standard input), extract their facts and store them."
	example := "  dyad run examples/\n  dyad run --db news.db feeds/*.xml articles.jsonl\n  curl -s https://example.org/story | dyad run --format html --outlet Example -"
	if !process {
		summary = "Read articles and store them without processing, to be processed later with 'dyad reprocess'.\nArticles already stored are left as they are."
		example = "  dyad ingest --db news.db archive/"
	}
	fs := newFlags(e, name, "[flags] PATH...", summary+`

Formats by extension: .txt .md (text, with optional front matter or a
sidecar NAME.json holding url, outlet, published, title), .html .htm,
.jsonl .ndjson (one article per line: id, url, outlet, published, title,
text or html), .rss .atom .xml (feeds), .json (one article). Folders are
read recursively. The same text read twice is the same article.`, example)
	db := fs.String("db", defaultDB, "database: a SQLite file, or a postgres://user:password@host/dbname URL")
	asJSON := fs.Bool("json", false, "print the summary as one JSON object")
	workers := fs.Int("workers", 0, "documents processed at once (default: one per core)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	var commit commitFlags
	commit.register(fs)
	profile := fs.Bool("profile", false, "print the time spent in each stage")
	var natsURL *string
	if !process {
		natsURL = fs.String("nats", "", "publish the articles to the NATS JetStream work queue at this URL for 'dyad worker' instead of storing them")
	}
	var inf ingestFlags
	inf.register(fs)
	var dicts dictFlags
	if process {
		dicts.register(fs)
	}
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if err := commit.check(); err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return fmt.Errorf("%w: no input: give files, folders or - for standard input", errUsage)
	}
	opts, err := inf.options(e)
	if err != nil {
		return err
	}
	// The dictionaries load before anything is opened, so that a bad
	// file stops the command before it touches the store.
	p := pipeline.New()
	if process {
		if p, err = dicts.pipeline(e); err != nil {
			return err
		}
	}
	if natsURL != nil && *natsURL != "" {
		if len(paths) == 1 && paths[0] == "-" {
			opts.Stdin = e.stdin
		}
		return publishArticles(ctx, e, *natsURL, ingest.NewReader(opts), paths)
	}
	total, err := ingest.Size(paths)
	if err != nil {
		return err
	}

	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()

	bar := newProgress(e, total, name, *quiet)
	opts.Progress = bar.set
	if len(paths) == 1 && paths[0] == "-" {
		opts.Stdin = e.stdin
	}
	reader := ingest.NewReader(opts)

	start := time.Now()
	sum := runSummary{Database: store.Redact(*db), Facts: map[string]int{}}
	var errMu sync.Mutex
	r := &pipeline.Runner{
		Pipeline:   p,
		Workers:    *workers,
		BatchSize:  commit.batch,
		FlushEvery: commit.every,
		Flush: func(ctx context.Context, batch []*doc.Document) error {
			if !process {
				batch, err = onlyNew(ctx, st, batch, &sum)
				if err != nil {
					return err
				}
			}
			res, err := st.Put(ctx, batch)
			if err != nil {
				return err
			}
			sum.Added += res.Added
			sum.Updated += res.Updated
			for _, d := range batch {
				countFacts(sum.Facts, d)
			}
			return nil
		},
		OnError: func(err error) {
			errMu.Lock()
			defer errMu.Unlock()
			sum.ErrorLines = append(sum.ErrorLines, err.Error())
			if !*asJSON {
				fmt.Fprintln(e.stderr, err)
			}
		},
	}
	rs, runErr := r.Run(ctx, reader.All(ctx, paths))
	bar.finish()
	sum.Read = rs.Articles + sum.Unchanged
	sum.Errors = rs.Errors
	sum.Elapsed = time.Since(start).Seconds()
	if stats, err := st.Stats(context.WithoutCancel(ctx)); err == nil {
		sum.Stored = stats.Articles
	}

	if *asJSON {
		if err := writeJSON(e.stdout, sum); err != nil {
			return err
		}
	} else {
		printRunSummary(e.stdout, sum, name)
	}
	if *profile {
		printProfile(e.stderr, p.Profile())
	}
	if runErr != nil {
		return runErr
	}
	if sum.Errors > 0 {
		return fmt.Errorf("%w: %d input error(s), everything else was stored", errPartial, sum.Errors)
	}
	return nil
}

// onlyNew drops documents already in the store, so that ingest never wipes
// the facts of an article processed earlier.
func onlyNew(ctx context.Context, st *store.Store, batch []*doc.Document, sum *runSummary) ([]*doc.Document, error) {
	out := batch[:0]
	for _, d := range batch {
		ok, err := st.Has(ctx, d.Article.ID)
		if err != nil {
			return nil, err
		}
		if ok {
			sum.Unchanged++
			continue
		}
		out = append(out, d)
	}
	return out, nil
}

func countFacts(m map[string]int, d *doc.Document) {
	m["sentences"] += len(d.Sentences)
	m["tokens"] += len(d.Tokens)
	m["entities"] += len(d.Entities)
	m["mentions"] += len(d.Mentions)
	m["places"] += len(d.Places)
	m["times"] += len(d.Times)
	m["quotes"] += len(d.Quotes)
	m["events"] += len(d.Events)
}

func printRunSummary(w io.Writer, s runSummary, name string) {
	fmt.Fprintf(w, "%s: %d article(s) read in %.1fs: %d new, %d updated", name, s.Read, s.Elapsed, s.Added, s.Updated)
	if s.Unchanged > 0 {
		fmt.Fprintf(w, ", %d already stored", s.Unchanged)
	}
	if s.Errors > 0 {
		fmt.Fprintf(w, ", %d error(s)", s.Errors)
	}
	fmt.Fprintf(w, "\n")
	keys := make([]string, 0, len(s.Facts))
	for k, v := range s.Facts {
		if v > 0 {
			keys = append(keys, k)
		}
	}
	if len(keys) > 0 {
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%d %s", s.Facts[k], k)
		}
		fmt.Fprintf(w, "found: %s\n", strings.Join(parts, ", "))
	}
	list := "dyad list --db " + s.Database
	if store.IsPostgres(s.Database) {
		list = "dyad list --db URL" // the URL shown has its password hidden
	}
	fmt.Fprintf(w, "database %s now holds %d article(s); see them with '%s'\n", s.Database, s.Stored, list)
}

func printProfile(w io.Writer, prof []pipeline.StageTiming) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "stage\tdocuments\ttotal\tper document")
	for _, t := range prof {
		per := time.Duration(0)
		if t.Documents > 0 {
			per = t.Elapsed / time.Duration(t.Documents)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", t.Stage, t.Documents, t.Elapsed.Round(time.Microsecond), per.Round(time.Microsecond))
	}
	if len(prof) == 0 {
		fmt.Fprintln(tw, "(no stages)\t\t\t")
	}
	tw.Flush()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func cmdReprocess(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "reprocess", "[flags]",
		"Run the pipeline again over every stored article, replacing its facts.\nUse it after upgrading dyad, or on articles stored with 'dyad ingest'.",
		"  dyad reprocess --db news.db")
	db := fs.String("db", defaultDB, "database: a SQLite file, or a postgres://user:password@host/dbname URL")
	workers := fs.Int("workers", 0, "documents processed at once (default: one per core)")
	asJSON := fs.Bool("json", false, "print the summary as one JSON object")
	var commit commitFlags
	commit.register(fs)
	var dicts dictFlags
	dicts.register(fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if err := commit.check(); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	p, err := dicts.pipeline(e)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()

	// Collect the ids first, then load one document at a time: rewriting
	// rows while paging through them would be fragile, and ids are small.
	var ids []string
	if err := st.Each(ctx, func(d *doc.Document) error {
		ids = append(ids, d.Article.ID)
		return nil
	}); err != nil {
		return err
	}
	src := iter.Seq2[*doc.Article, error](func(yield func(*doc.Article, error) bool) {
		for _, id := range ids {
			d, err := st.Get(ctx, id)
			if err != nil {
				err = fmt.Errorf("load %s: %w", id, err)
			}
			var a *doc.Article
			if d != nil {
				a = &d.Article
			}
			if !yield(a, err) {
				return
			}
		}
	})
	start := time.Now()
	sum := runSummary{Database: store.Redact(*db), Facts: map[string]int{}}
	r := &pipeline.Runner{Pipeline: p, Workers: *workers, BatchSize: commit.batch, FlushEvery: commit.every,
		Flush: func(ctx context.Context, batch []*doc.Document) error {
			res, err := st.Put(ctx, batch)
			sum.Added += res.Added
			sum.Updated += res.Updated
			for _, d := range batch {
				countFacts(sum.Facts, d)
			}
			return err
		},
		OnError: func(err error) { fmt.Fprintln(e.stderr, err) },
	}
	rs, runErr := r.Run(ctx, src)
	sum.Read, sum.Errors, sum.Stored = rs.Articles, rs.Errors, len(ids)
	sum.Elapsed = time.Since(start).Seconds()
	if *asJSON {
		if err := writeJSON(e.stdout, sum); err != nil {
			return err
		}
	} else {
		printRunSummary(e.stdout, sum, "reprocess")
	}
	if runErr != nil {
		return runErr
	}
	if rs.Errors > 0 {
		return fmt.Errorf("%w: %d article(s) failed", errPartial, rs.Errors)
	}
	return nil
}
