package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// FeedState is what dyad watch keeps of a feed between polls.
type FeedState struct {
	URL          string
	ETag         string
	LastModified string
	NextPoll     time.Time // zero: due now
	Failures     int
	LastError    string
	LastPolled   time.Time
}

// Feed returns the state of the feed at url; a feed never polled has a
// zero state with its URL.
func (s *Store) Feed(ctx context.Context, url string) (FeedState, error) {
	st := FeedState{URL: url}
	var next, polled string
	err := s.queryRow(ctx, `SELECT etag, last_modified, next_poll, failures, last_error, last_polled FROM feeds WHERE url = ?`, url).
		Scan(&st.ETag, &st.LastModified, &next, &st.Failures, &st.LastError, &polled)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("store: feed %s: %w", url, err)
	}
	st.NextPoll, _ = time.Parse(utcLayout, next)
	st.LastPolled, _ = time.Parse(utcLayout, polled)
	return st, nil
}

// SetFeed stores the state of a feed.
func (s *Store) SetFeed(ctx context.Context, st FeedState) error {
	_, err := s.exec(ctx, `INSERT INTO feeds (url, etag, last_modified, next_poll, failures, last_error, last_polled)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
	next_poll = excluded.next_poll, failures = excluded.failures, last_error = excluded.last_error,
	last_polled = excluded.last_polled`,
		st.URL, st.ETag, st.LastModified, utcOrEmpty(st.NextPoll), st.Failures, st.LastError, utcOrEmpty(st.LastPolled))
	if err != nil {
		return fmt.Errorf("store: feed %s: %w", st.URL, err)
	}
	return nil
}

func utcOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(utcLayout)
}

// SeenItem reports whether the feed's item with this key is stored.
func (s *Store) SeenItem(ctx context.Context, feed, key string) (bool, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT count(*) FROM feed_items WHERE feed_url = ? AND item_key = ?`, feed, key).Scan(&n); err != nil {
		return false, fmt.Errorf("store: feed item: %w", err)
	}
	return n > 0, nil
}

// MarkItem records that the feed's item with this key is stored as the
// article id.
func (s *Store) MarkItem(ctx context.Context, feed, key, articleID string) error {
	_, err := s.exec(ctx, `INSERT INTO feed_items (feed_url, item_key, article_id, seen_at) VALUES (?, ?, ?, ?)
ON CONFLICT DO NOTHING`, feed, key, articleID, time.Now().UTC().Format(utcLayout))
	if err != nil {
		return fmt.Errorf("store: feed item: %w", err)
	}
	return nil
}
