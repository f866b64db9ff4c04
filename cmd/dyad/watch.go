package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/dyad-events/dyad/internal/queue"
	"github.com/dyad-events/dyad/internal/watch"
)

func cmdWatch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "watch", "[flags] FEEDS.txt",
		"Poll the RSS and Atom feeds listed in FEEDS.txt (one URL per line, # comments)\nand store their new articles, politely: robots.txt, a delay between requests\nto one host, conditional GETs, backoff on errors. State is in the store, so\na restart neither fetches again nor loses anything. Ctrl-C stops.",
		"  dyad watch feeds.txt\n  dyad watch --db news.db --interval 10m feeds.txt\n  dyad watch --once feeds.txt          # poll each feed once and exit\n  dyad watch --nats nats://127.0.0.1:4222 feeds.txt   # queue for dyad worker")
	db := fs.String("db", defaultDB, "database: a SQLite file, or a postgres://user:password@host/dbname URL")
	interval := fs.Duration("interval", 5*time.Minute, "time between polls of one feed")
	hostDelay := fs.Duration("host-delay", time.Second, "least time between requests to one host")
	once := fs.Bool("once", false, "poll every feed once, then exit")
	natsURL := fs.String("nats", "", "queue new articles on the NATS JetStream work queue at this URL for 'dyad worker' instead of processing them here")
	var dicts dictFlags
	dicts.register(fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: want one FEEDS.txt", errUsage)
	}
	feeds, err := readFeedList(fs.Arg(0))
	if err != nil {
		return err
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
	opt := watch.Options{Interval: *interval, HostDelay: *hostDelay, Logger: e.log}
	if *natsURL != "" {
		q, err := queue.Open(ctx, *natsURL)
		if err != nil {
			return err
		}
		defer q.Close()
		opt.Publish = q.Publish
	}
	w := watch.New(st, p.Process, opt)
	report := func(r watch.Result) {
		switch {
		case r.Err != nil:
			fmt.Fprintf(e.stderr, "dyad watch: %v\n", r.Err)
		case r.NotModified:
			fmt.Fprintf(e.stderr, "%s: not modified\n", r.Feed)
		default:
			fmt.Fprintf(e.stderr, "%s: %d items, %d new stored\n", r.Feed, r.Items, r.Stored)
		}
	}
	if *once {
		failed := 0
		for _, f := range feeds {
			r := w.Poll(ctx, f)
			report(r)
			if r.Err != nil {
				failed++
			}
		}
		if failed > 0 {
			return fmt.Errorf("%w: %d of %d feeds failed", errPartial, failed, len(feeds))
		}
		return nil
	}
	err = w.Run(ctx, feeds, report)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// readFeedList reads one feed URL per line; blank lines and # comments
// are skipped, anything else that is not an http(s) URL is an error
// naming its line.
func readFeedList(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !strings.HasPrefix(line, "http://") && !strings.HasPrefix(line, "https://") {
			return nil, fmt.Errorf("%w: %s:%d: %q is not an http(s) feed URL", errUsage, path, n, line)
		}
		out = append(out, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("watch %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: %s lists no feeds", errUsage, path)
	}
	return out, nil
}
