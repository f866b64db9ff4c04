package main

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/dyad-events/dyad/internal/ingest"
	"github.com/dyad-events/dyad/internal/queue"
	"github.com/dyad-events/dyad/internal/store"
)

func cmdWorker(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "worker", "--nats URL [flags]",
		"Take articles from the NATS JetStream work queue, extract their facts and store\nthem. Run one per core, on as many machines as you like; each article is\nacknowledged only once stored, so a worker killed mid-article loses nothing,\nand storing an article twice changes nothing.",
		"  dyad ingest --nats nats://127.0.0.1:4222 archive/     # queue the articles\n  dyad worker --nats nats://127.0.0.1:4222 --db news.db  # process them\n  dyad worker --nats nats://10.0.0.5:4222 --db postgres://dyad:secret@10.0.0.6/news  # one of many machines")
	db := fs.String("db", defaultDB, "database: a SQLite file, or a postgres://user:password@host/dbname URL")
	natsURL := fs.String("nats", "", "NATS server URL (required)")
	ackWait := fs.Duration("ack-wait", 2*time.Minute, "how long an article may take before it is delivered to another worker")
	var dicts dictFlags
	dicts.register(fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *natsURL == "" {
		return fmt.Errorf("%w: --nats is required", errUsage)
	}
	p, err := dicts.pipeline(e)
	if err != nil {
		return err
	}
	q, err := queue.Open(ctx, *natsURL)
	if err != nil {
		return err
	}
	defer q.Close()
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	var n atomic.Int64
	w := &queue.Worker{Queue: q, Store: st, Process: p.Process, Logger: e.log, AckWait: *ackWait, Done: func(string) { n.Add(1) }}
	fmt.Fprintf(e.stderr, "dyad worker: taking articles from %s into %s; Ctrl-C stops\n", *natsURL, store.Redact(*db))
	err = w.Run(ctx)
	fmt.Fprintf(e.stderr, "dyad worker: %d articles stored\n", n.Load())
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// publishArticles queues the articles read from paths.
func publishArticles(ctx context.Context, e *env, url string, r *ingest.Reader, paths []string) error {
	q, err := queue.Open(ctx, url)
	if err != nil {
		return err
	}
	defer q.Close()
	published, failed := 0, 0
	for a, err := range r.All(ctx, paths) {
		if err != nil {
			fmt.Fprintf(e.stderr, "dyad ingest: %v\n", err)
			failed++
			continue
		}
		if err := q.Publish(ctx, a); err != nil {
			return err
		}
		published++
	}
	fmt.Fprintf(e.stderr, "dyad ingest: %d articles queued at %s\n", published, url)
	if failed > 0 {
		return fmt.Errorf("%w: %d inputs could not be read", errPartial, failed)
	}
	return nil
}
