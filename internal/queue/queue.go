// Package queue spreads articles over worker processes through a NATS
// JetStream work queue: `dyad ingest --nats` and `dyad watch --nats`
// publish articles, `dyad worker` takes them, runs the pipeline and
// stores the facts. Delivery is at least once: a worker acknowledges an
// article only after it is stored, so one killed mid-article leaves it to
// be delivered again after AckWait, and storing an article twice changes
// nothing (its id is the hash of its text). A published article's id is
// also the message's deduplication id, so publishing it twice within the
// stream's window queues it once.
package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/store"
)

// Names of the stream, its subject and the workers' durable consumer.
const (
	Stream   = "DYAD_ARTICLES"
	Subject  = "dyad.articles"
	Consumer = "dyad-workers"
)

// Queue is a connection to the work queue.
type Queue struct {
	nc *nats.Conn
	js jetstream.JetStream
}

// Open connects to the NATS server at url and makes sure the stream
// exists.
func Open(ctx context.Context, url string) (*Queue, error) {
	nc, err := nats.Connect(url, nats.Name("dyad"), nats.MaxReconnects(-1))
	if err != nil {
		return nil, fmt.Errorf("queue %s: %w", url, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("queue %s: %w", url, err)
	}
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: Stream, Subjects: []string{Subject},
		Retention: jetstream.WorkQueuePolicy, Storage: jetstream.FileStorage,
		Duplicates: 10 * time.Minute,
	}); err != nil {
		nc.Close()
		return nil, fmt.Errorf("queue %s: stream: %w", url, err)
	}
	return &Queue{nc: nc, js: js}, nil
}

// Close closes the connection.
func (q *Queue) Close() { q.nc.Close() }

// Publish queues an article.
func (q *Queue) Publish(ctx context.Context, a *doc.Article) error {
	b, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("queue: article %s: %w", a.ID, err)
	}
	if _, err := q.js.Publish(ctx, Subject, b, jetstream.WithMsgID(a.ID)); err != nil {
		return fmt.Errorf("queue: publish %s: %w", a.ID, err)
	}
	return nil
}

// Pending is the number of articles queued and not yet acknowledged.
func (q *Queue) Pending(ctx context.Context) (uint64, error) {
	s, err := q.js.Stream(ctx, Stream)
	if err != nil {
		return 0, fmt.Errorf("queue: %w", err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("queue: %w", err)
	}
	return info.State.Msgs, nil
}

// Store is what a worker needs of a store.
type Store interface {
	Put(ctx context.Context, docs []*doc.Document) (store.PutResult, error)
}

// Worker takes articles from the queue, processes and stores them.
type Worker struct {
	Queue   *Queue
	Store   Store
	Process func(context.Context, *doc.Document) error
	Logger  *slog.Logger
	// Batch is how many articles one fetch asks for (default 8).
	Batch int
	// AckWait is how long an article may take before it is delivered to
	// another worker (default 2 minutes). Workers share one consumer:
	// the last to start sets it.
	AckWait time.Duration
	// Done, if set, is called after each stored article.
	Done func(id string)
}

// Run works until ctx is done. An article that cannot be decoded is
// reported and terminated (never redelivered); one whose processing or
// storing fails is left unacknowledged, to be tried again.
func (w *Worker) Run(ctx context.Context) error {
	log := w.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	batch := w.Batch
	if batch <= 0 {
		batch = 8
	}
	ackWait := w.AckWait
	if ackWait <= 0 {
		ackWait = 2 * time.Minute
	}
	cons, err := w.Queue.js.CreateOrUpdateConsumer(ctx, Stream, jetstream.ConsumerConfig{
		Durable: Consumer, AckPolicy: jetstream.AckExplicitPolicy, AckWait: ackWait, MaxDeliver: -1,
	})
	if err != nil {
		return fmt.Errorf("worker: consumer: %w", err)
	}
	for ctx.Err() == nil {
		msgs, err := cons.Fetch(batch, jetstream.FetchMaxWait(500*time.Millisecond))
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			log.Warn("fetch failed", "err", err)
			time.Sleep(200 * time.Millisecond)
			continue
		}
		// The batch is stored in one transaction, then acknowledged: one
		// write per batch keeps workers sharing a store from queueing on
		// its lock.
		var docs []*doc.Document
		var done []jetstream.Msg
		for m := range msgs.Messages() {
			var a doc.Article
			if err := json.Unmarshal(m.Data(), &a); err != nil || a.ID == "" {
				log.Error("bad message: terminated", "err", err)
				m.Term()
				continue
			}
			d := doc.NewDocument(a)
			if err := w.Process(ctx, d); err != nil {
				log.Error("process failed; left for redelivery", "article", a.ID, "err", err)
				continue
			}
			docs, done = append(docs, d), append(done, m)
		}
		if len(docs) > 0 {
			if _, err := w.Store.Put(ctx, docs); err != nil {
				log.Error("store failed; left for redelivery", "articles", len(docs), "err", err)
				continue
			}
			for i, m := range done {
				if err := m.Ack(); err != nil {
					log.Warn("ack failed; the article may come again", "article", docs[i].Article.ID, "err", err)
				}
				if w.Done != nil {
					w.Done(docs[i].Article.ID)
				}
			}
		}
		if err := msgs.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) && ctx.Err() == nil {
			log.Warn("fetch ended", "err", err)
		}
	}
	return nil
}
