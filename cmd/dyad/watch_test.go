package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/queue"
)

// TestWatchOnce polls the bundled example feed from a local server:
// its items are stored once, a second poll stores nothing, and a
// feed list with a bad line is refused with the line named.
func TestWatchOnce(t *testing.T) {
	feed, err := os.ReadFile(filepath.Join(examplesDir(t), "wikinews-feed.rss"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed.rss" {
			http.NotFound(w, r)
			return
		}
		w.Write(feed)
	}))
	defer srv.Close()
	dir := t.TempDir()
	list := filepath.Join(dir, "feeds.txt")
	os.WriteFile(list, []byte("# test feeds\n"+srv.URL+"/feed.rss\n"), 0o644)
	db := filepath.Join(dir, "x.db")
	code, _, errs := dyad(t, "watch", "--once", "--db", db, "--host-delay", "1ms", list)
	if code != 0 {
		t.Fatalf("watch: %d %s", code, errs)
	}
	n := storedCount(t, db)
	if n == 0 || !strings.Contains(errs, "new stored") {
		t.Fatalf("%d articles stored; output %q", n, errs)
	}
	if code, _, errs := dyad(t, "watch", "--once", "--db", db, "--host-delay", "1ms", list); code != 0 || !strings.Contains(errs, " 0 new stored") {
		t.Errorf("second poll: %d %q, want nothing new", code, errs)
	}
	if m := storedCount(t, db); m != n {
		t.Errorf("second poll changed the store: %d articles, had %d", m, n)
	}
	// With --nats the new items go to the work queue instead.
	url := startNATS(t)
	db2 := filepath.Join(dir, "y.db")
	if code, _, errs := dyad(t, "watch", "--once", "--db", db2, "--nats", url, "--host-delay", "1ms", list); code != 0 || !strings.Contains(errs, "new stored") {
		t.Fatalf("watch --nats: %d %s", code, errs)
	}
	q, err := queue.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if pending, _ := q.Pending(context.Background()); int(pending) != n || storedCount(t, db2) != 0 {
		t.Errorf("watch --nats: %d queued, %d stored; want %d queued and none stored here", pending, storedCount(t, db2), n)
	}
	os.WriteFile(list, []byte(srv.URL+"/feed.rss\nftp://example.com/feed\n"), 0o644)
	if code, _, errs := dyad(t, "watch", "--once", "--db", db, list); code != 2 || !strings.Contains(errs, "feeds.txt:2") {
		t.Errorf("bad feed list: %d %q, want a usage error naming line 2", code, errs)
	}
}
