package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/ingest"
	"github.com/dyad-events/dyad/internal/pipeline"
)

type benchResult struct {
	Path         string  `json:"path"`
	Workers      int     `json:"workers"`
	Store        bool    `json:"store"`
	Articles     int     `json:"articles"`
	Tokens       int     `json:"tokens"`
	InputMB      float64 `json:"input_mb"`
	Seconds      float64 `json:"seconds"`
	ArticlesPerS float64 `json:"articles_per_s"`
	TokensPerS   float64 `json:"tokens_per_s"`
	MBPerS       float64 `json:"mb_per_s"`
	PeakRSSMB    float64 `json:"peak_rss_mb"`
}

func cmdBench(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench", "[flags] [PATH]",
		`Measure end-to-end throughput: read PATH (default examples/), run every stage
and store the facts in a scratch database, then report articles/s, tokens/s,
MB/s of input and peak resident memory. One worker by default, so figures are
per core; --workers 0 uses every core.`,
		"  dyad bench ../shared/peers/corpora/wikinews-2019-2020/wikinews_2019_2020.jsonl\n  dyad bench --repeat 5 --workers 0 --json corpus/")
	workers := fs.Int("workers", 1, "documents processed at once (0: one per core)")
	repeat := fs.Int("repeat", 1, "read the input this many times")
	noStore := fs.Bool("no-store", false, "skip the database: measure ingest and stages only")
	asJSON := fs.Bool("json", false, "print one JSON object")
	profile := fs.Bool("profile", false, "print the time spent in each stage")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	path := "examples"
	switch fs.NArg() {
	case 0:
	case 1:
		path = fs.Arg(0)
	default:
		return fmt.Errorf("%w: give one PATH", errUsage)
	}
	if *repeat < 1 {
		return fmt.Errorf("%w: --repeat must be at least 1", errUsage)
	}
	size, err := ingest.Size([]string{path})
	if err != nil {
		return err
	}
	if *workers <= 0 {
		*workers = runtime.GOMAXPROCS(0)
	}

	flush := func(context.Context, []*doc.Document) error { return nil }
	if !*noStore {
		dir, err := os.MkdirTemp("", "dyad-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		st, err := openStore(ctx, filepath.Join(dir, "bench.db"))
		if err != nil {
			return err
		}
		defer st.Close()
		flush = func(ctx context.Context, b []*doc.Document) error { _, err := st.Put(ctx, b); return err }
	}

	p := newPipeline()
	res := benchResult{Path: path, Workers: *workers, Store: !*noStore}
	reader := ingest.NewReader(ingest.Options{Logger: e.log})
	start := time.Now()
	for range *repeat {
		r := &pipeline.Runner{Pipeline: p, Workers: *workers, Flush: flush,
			OnDone:  func(d *doc.Document) { res.Tokens += len(d.Tokens) },
			OnError: func(err error) { e.log.Debug("bench input error", "err", err) }}
		sum, err := r.Run(ctx, reader.All(ctx, []string{path}))
		if err != nil {
			return err
		}
		res.Articles += sum.Articles
	}
	res.Seconds = time.Since(start).Seconds()
	res.InputMB = float64(size) * float64(*repeat) / 1e6
	if res.Seconds > 0 {
		res.ArticlesPerS = float64(res.Articles) / res.Seconds
		res.TokensPerS = float64(res.Tokens) / res.Seconds
		res.MBPerS = res.InputMB / res.Seconds
	}
	res.PeakRSSMB = peakRSSMB()
	if *profile {
		printProfile(e.stderr, p.Profile())
	}
	if *asJSON {
		return writeJSON(e.stdout, res)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "input\t%s (%.2f MB x %d)\n", res.Path, float64(size)/1e6, *repeat)
	fmt.Fprintf(tw, "workers\t%d\n", res.Workers)
	fmt.Fprintf(tw, "articles\t%d in %.2fs\n", res.Articles, res.Seconds)
	fmt.Fprintf(tw, "articles_per_s\t%.1f\n", res.ArticlesPerS)
	fmt.Fprintf(tw, "tokens_per_s\t%.0f\n", res.TokensPerS)
	fmt.Fprintf(tw, "mb_per_s\t%.2f\n", res.MBPerS)
	fmt.Fprintf(tw, "peak_rss_mb\t%.1f\n", res.PeakRSSMB)
	return tw.Flush()
}

// peakRSSMB is the process's peak resident set size. Linux reports
// ru_maxrss in kilobytes.
func peakRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024
}
