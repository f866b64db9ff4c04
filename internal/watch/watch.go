// Package watch is dyad watch: it polls RSS and Atom feeds politely and
// stores their new articles. Politeness: robots.txt is obeyed for feeds
// and pages, requests to one host are spaced by a minimum delay, feeds
// are fetched with conditional GETs (ETag, Last-Modified), and a feed
// that fails is retried after an exponential backoff while the others go
// on. Everything it must remember (validators, next poll, failures,
// items already stored) is in the store, so a restart neither fetches
// again nor loses anything.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/ingest"
	"github.com/dyad-events/dyad/internal/store"
)

// Store is what the watcher needs of a store.
type Store interface {
	Feed(ctx context.Context, url string) (store.FeedState, error)
	SetFeed(ctx context.Context, st store.FeedState) error
	SeenItem(ctx context.Context, feed, key string) (bool, error)
	MarkItem(ctx context.Context, feed, key, articleID string) error
	Put(ctx context.Context, docs []*doc.Document) (store.PutResult, error)
}

// Options configure a Watcher. Zero values take the defaults.
type Options struct {
	Interval   time.Duration // between polls of one feed (default 5 min)
	HostDelay  time.Duration // between requests to one host (default 1 s)
	MaxBackoff time.Duration // longest wait after failures (default 6 h)
	UserAgent  string
	MaxBytes   int64 // largest feed or page (default 20 MiB)
	// FullText fetches an item's page when the feed gives less text
	// than this many bytes (default 600; 0 keeps the default, a negative
	// value never fetches).
	FullText int
	Client   *http.Client
	Logger   *slog.Logger
	Now      func() time.Time
	// Publish, when set, hands each new article to a work queue (dyad
	// watch --nats) instead of processing and storing it here; the item
	// is marked as seen once the queue has it.
	Publish func(ctx context.Context, a *doc.Article) error
}

// Watcher polls feeds into a store.
type Watcher struct {
	db      Store
	process func(context.Context, *doc.Document) error
	opt     Options

	mu       sync.Mutex
	lastHit  map[string]time.Time // host -> last request
	robots   map[string]*robotstxt.RobotsData
	robotsAt map[string]time.Time
}

// New returns a watcher that runs process over each new article and
// stores it in db.
func New(db Store, process func(context.Context, *doc.Document) error, opt Options) *Watcher {
	if opt.Interval <= 0 {
		opt.Interval = 5 * time.Minute
	}
	if opt.HostDelay <= 0 {
		opt.HostDelay = time.Second
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 6 * time.Hour
	}
	if opt.UserAgent == "" {
		opt.UserAgent = "dyad-watch/1 (+https://github.com/dyad-events/dyad)"
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = ingest.DefaultMaxBytes
	}
	if opt.FullText == 0 {
		opt.FullText = 600
	}
	if opt.Client == nil {
		opt.Client = &http.Client{Timeout: 30 * time.Second}
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Watcher{db: db, process: process, opt: opt, lastHit: map[string]time.Time{},
		robots: map[string]*robotstxt.RobotsData{}, robotsAt: map[string]time.Time{}}
}

// Result is what one poll of one feed did.
type Result struct {
	Feed        string
	NotModified bool
	Items       int       // items in the feed
	Stored      int       // new articles stored
	NextPoll    time.Time // when the feed is due again
	Err         error
}

// Run polls feeds until ctx is done, each when it is due; report, if not
// nil, is called after every poll.
func (w *Watcher) Run(ctx context.Context, feeds []string, report func(Result)) error {
	for {
		next := w.opt.Now().Add(w.opt.Interval)
		for _, f := range feeds {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			st, err := w.db.Feed(ctx, f)
			if err != nil {
				return err
			}
			if !st.NextPoll.IsZero() && st.NextPoll.After(w.opt.Now()) {
				if st.NextPoll.Before(next) {
					next = st.NextPoll
				}
				continue
			}
			r := w.Poll(ctx, f)
			if report != nil {
				report(r)
			}
			if !r.NextPoll.IsZero() && r.NextPoll.Before(next) {
				next = r.NextPoll
			}
		}
		wait := time.Until(next)
		if wait < 10*time.Millisecond {
			wait = 10 * time.Millisecond
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// errStatus is a feed's unexpected HTTP status.
type errStatus struct{ code int }

func (e errStatus) Error() string { return fmt.Sprintf("HTTP %d", e.code) }

// Poll fetches one feed now and stores its new items. A failure is
// recorded in the feed's state with the time of the next try.
func (w *Watcher) Poll(ctx context.Context, feed string) Result {
	res := Result{Feed: feed}
	st, err := w.db.Feed(ctx, feed)
	if err != nil {
		res.Err = err
		return res
	}
	now := w.opt.Now()
	st.LastPolled = now
	fail := func(err error) Result {
		st.Failures++
		st.LastError = err.Error()
		backoff := w.opt.Interval << min(st.Failures, 16)
		backoff = min(backoff, w.opt.MaxBackoff)
		st.NextPoll = now.Add(backoff)
		res.NextPoll = st.NextPoll
		if serr := w.db.SetFeed(ctx, st); serr != nil {
			err = errors.Join(err, serr)
		}
		w.opt.Logger.Warn("feed failed", "feed", feed, "failures", st.Failures, "retry_in", backoff, "err", err)
		res.Err = fmt.Errorf("watch %s: %w", feed, err)
		return res
	}
	hdr := http.Header{}
	if st.ETag != "" {
		hdr.Set("If-None-Match", st.ETag)
	}
	if st.LastModified != "" {
		hdr.Set("If-Modified-Since", st.LastModified)
	}
	resp, body, err := w.get(ctx, feed, hdr)
	if err != nil {
		return fail(err)
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		res.NotModified = true
	case resp.StatusCode == http.StatusOK:
		arts, errs := ingest.Feed(body, feed)
		if len(arts) == 0 && len(errs) > 0 {
			return fail(errs[0])
		}
		for _, e := range errs {
			w.opt.Logger.Warn("feed item skipped", "feed", feed, "err", e)
		}
		res.Items = len(arts)
		for _, a := range arts {
			stored, err := w.item(ctx, feed, a)
			if err != nil {
				return fail(err)
			}
			if stored {
				res.Stored++
			}
		}
		st.ETag = resp.Header.Get("ETag")
		st.LastModified = resp.Header.Get("Last-Modified")
	default:
		return fail(errStatus{resp.StatusCode})
	}
	st.Failures, st.LastError = 0, ""
	st.NextPoll = now.Add(w.opt.Interval)
	res.NextPoll = st.NextPoll
	if err := w.db.SetFeed(ctx, st); err != nil {
		res.Err = err
	}
	return res
}

// item stores one feed item unless it is stored already, fetching its
// page when the feed gives only a summary.
func (w *Watcher) item(ctx context.Context, feed string, a *doc.Article) (bool, error) {
	key := a.Ingest.ExternalID
	if key == "" {
		key = a.URL
	}
	if key == "" {
		key = a.ID
	}
	seen, err := w.db.SeenItem(ctx, feed, key)
	if err != nil || seen {
		return false, err
	}
	if w.opt.FullText > 0 && len(a.Body) < w.opt.FullText && strings.HasPrefix(a.URL, "http") {
		if full, err := w.page(ctx, a); err != nil {
			w.opt.Logger.Info("item page not fetched; the feed's text is kept", "url", a.URL, "err", err)
		} else if len(full.Body) > len(a.Body) {
			a = full
		}
	}
	if w.opt.Publish != nil {
		if err := w.opt.Publish(ctx, a); err != nil {
			return false, err
		}
		return true, w.db.MarkItem(ctx, feed, key, a.ID)
	}
	d := doc.NewDocument(*a)
	if err := w.process(ctx, d); err != nil {
		return false, fmt.Errorf("process %s: %w", key, err)
	}
	if _, err := w.db.Put(ctx, []*doc.Document{d}); err != nil {
		return false, err
	}
	// Marked after the article is stored: a crash in between fetches the
	// item again, and storing it again changes nothing.
	return true, w.db.MarkItem(ctx, feed, key, d.Article.ID)
}

// page fetches an item's web page and extracts its article.
func (w *Watcher) page(ctx context.Context, a *doc.Article) (*doc.Article, error) {
	resp, body, err := w.get(ctx, a.URL, nil)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, errStatus{resp.StatusCode}
	}
	meta := ingest.Meta{ID: a.Ingest.ExternalID, URL: a.URL, Outlet: a.Outlet, Title: a.Title, Language: a.Language}
	if !a.Published.IsZero() {
		meta.Published = a.Published.Format(time.RFC3339)
	}
	info := a.Ingest
	return ingest.HTML(body, meta, info)
}

// get fetches u, after robots.txt allows it and the host's delay has
// passed.
func (w *Watcher) get(ctx context.Context, u string, hdr http.Header) (*http.Response, []byte, error) {
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" {
		return nil, nil, fmt.Errorf("bad URL %q", u)
	}
	if ok, err := w.allowed(ctx, pu); err != nil {
		return nil, nil, err
	} else if !ok {
		return nil, nil, fmt.Errorf("robots.txt of %s disallows %s", pu.Host, pu.Path)
	}
	return w.fetch(ctx, u, hdr)
}

// fetch makes one polite request.
func (w *Watcher) fetch(ctx context.Context, u string, hdr http.Header) (*http.Response, []byte, error) {
	pu, _ := url.Parse(u)
	if err := w.wait(ctx, pu.Host); err != nil {
		return nil, nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", w.opt.UserAgent)
	resp, err := w.opt.Client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, w.opt.MaxBytes+1))
	if err != nil {
		return nil, nil, err
	}
	if int64(len(body)) > w.opt.MaxBytes {
		return nil, nil, fmt.Errorf("%s is larger than %d bytes", u, w.opt.MaxBytes)
	}
	return resp, body, nil
}

// wait sleeps until the host's delay since the last request has passed.
func (w *Watcher) wait(ctx context.Context, host string) error {
	w.mu.Lock()
	next := w.lastHit[host].Add(w.opt.HostDelay)
	now := time.Now()
	if next.Before(now) {
		next = now
	}
	w.lastHit[host] = next
	w.mu.Unlock()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Until(next)):
		return nil
	}
}

// allowed checks robots.txt for u, fetched once a day per host. A
// robots.txt that is missing or fails allows everything, as crawlers
// agree.
func (w *Watcher) allowed(ctx context.Context, u *url.URL) (bool, error) {
	host := u.Scheme + "://" + u.Host
	w.mu.Lock()
	rd, ok := w.robots[host]
	fresh := ok && time.Since(w.robotsAt[host]) < 24*time.Hour
	w.mu.Unlock()
	if !fresh {
		rd = nil
		resp, body, err := w.fetch(ctx, host+"/robots.txt", nil)
		if err != nil && ctx.Err() != nil {
			return false, ctx.Err()
		}
		if err == nil {
			if parsed, perr := robotstxt.FromStatusAndBytes(resp.StatusCode, body); perr == nil {
				rd = parsed
			}
		}
		w.mu.Lock()
		w.robots[host], w.robotsAt[host] = rd, time.Now()
		w.mu.Unlock()
	}
	if rd == nil {
		return true, nil
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return rd.TestAgent(path, "dyad-watch"), nil
}
