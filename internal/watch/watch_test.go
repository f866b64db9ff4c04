package watch_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/store"
	"github.com/dyad-events/dyad/internal/testkit/pgtest"
	"github.com/dyad-events/dyad/internal/watch"
)

// site serves a feed whose items can be added while the test runs, its
// items' pages, and a robots.txt.
type site struct {
	mu      sync.Mutex
	items   []string // item ids
	status  int      // forced status for the feed, 0 for none
	body    string   // forced body for the feed
	robots  string
	hits    map[string]int
	srv     *httptest.Server
	summary bool // items carry a short summary only
}

func newSite(t *testing.T) *site {
	s := &site{hits: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) text(id string) string {
	return fmt.Sprintf("Story %s. The foreign minister met his counterpart in the capital on Monday to discuss trade, security and the war in the region, officials said. The talks lasted three hours and ended with a joint statement on cooperation. Both sides agreed to meet again next month. A spokesman described the meeting as constructive and said further steps would follow. Analysts said the visit marked a thaw in relations after years of tension between the two countries, which share a long border and deep economic ties.", id)
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits[r.URL.Path]++
	switch {
	case r.URL.Path == "/robots.txt":
		if s.robots == "" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, s.robots)
	case strings.HasPrefix(r.URL.Path, "/story/"):
		id := strings.TrimPrefix(r.URL.Path, "/story/")
		fmt.Fprintf(w, "<html><head><title>Story %s</title></head><body><nav>Home | World</nav><article><h1>Story %s</h1><p>%s</p></article><footer>Copyright</footer></body></html>", id, id, s.text(id))
	case r.URL.Path == "/feed.xml":
		if s.status != 0 {
			w.WriteHeader(s.status)
			return
		}
		if s.body != "" {
			fmt.Fprint(w, s.body)
			return
		}
		etag := fmt.Sprintf(`"%d"`, len(s.items))
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title><link>` + s.srv.URL + `</link>`)
		for _, id := range s.items {
			desc := s.text(id)
			if s.summary {
				desc = "Story " + id + " in brief."
			}
			fmt.Fprintf(&b, `<item><guid>%s</guid><title>Story %s</title><link>%s/story/%s</link><pubDate>Mon, 06 Nov 2023 10:00:00 GMT</pubDate><description>%s</description></item>`, id, id, s.srv.URL, id, desc)
		}
		b.WriteString(`</channel></rss>`)
		fmt.Fprint(w, b.String())
	default:
		http.NotFound(w, r)
	}
}

func (s *site) add(ids ...string) {
	s.mu.Lock()
	s.items = append(s.items, ids...)
	s.mu.Unlock()
}

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// openStore opens the store at path, or under pgtest.Both's postgres
// subtest a PostgreSQL schema that path names (the same for the same
// path, so a test can reopen it).
func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	db, err := store.Open(context.Background(), pgtest.Store(t, path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var nop = func(context.Context, *doc.Document) error { return nil }

func opts() watch.Options {
	return watch.Options{Interval: 50 * time.Millisecond, HostDelay: time.Millisecond, MaxBackoff: time.Second}
}

func count(t *testing.T, db *store.Store) int {
	t.Helper()
	st, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Articles
}

func TestPollStoresNewItemsOnce(t *testing.T) { pgtest.Both(t, testPollStoresNewItemsOnce) }

func testPollStoresNewItemsOnce(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	s.add("a", "b")
	path := filepath.Join(t.TempDir(), "w.db")
	db := openStore(t, path)
	feed := s.srv.URL + "/feed.xml"
	w := watch.New(db, nop, opts())
	if r := w.Poll(ctx, feed); r.Err != nil || r.Stored != 2 {
		t.Fatalf("first poll: %+v", r)
	}
	if r := w.Poll(ctx, feed); r.Err != nil || !r.NotModified || r.Stored != 0 {
		t.Errorf("unchanged feed: %+v, want a 304 and nothing stored", r)
	}
	s.add("c")
	if r := w.Poll(ctx, feed); r.Err != nil || r.Stored != 1 || r.Items != 3 {
		t.Errorf("one new item: %+v", r)
	}
	if n := count(t, db); n != 3 {
		t.Errorf("%d articles, want 3", n)
	}
	// A restart: a new watcher over the same store fetches with the
	// stored validators and stores nothing twice, even when the feed
	// ignores them.
	w2 := watch.New(db, nop, opts())
	if r := w2.Poll(ctx, feed); r.Err != nil || !r.NotModified {
		t.Errorf("after a restart: %+v, want a 304", r)
	}
	s.mu.Lock()
	s.items = append(s.items[:0:0], s.items...) // same items
	s.mu.Unlock()
	st, _ := db.Feed(ctx, feed)
	st.ETag = ""
	db.SetFeed(ctx, st)
	if r := w2.Poll(ctx, feed); r.Err != nil || r.Stored != 0 || r.Items != 3 {
		t.Errorf("refetched feed after a restart: %+v, want 3 items, none stored again", r)
	}
	if n := count(t, db); n != 3 {
		t.Errorf("%d articles after the restart, want 3", n)
	}
}

func TestRunWithinOnePollInterval(t *testing.T) { pgtest.Both(t, testRunWithinOnePollInterval) }

func testRunWithinOnePollInterval(t *testing.T) {
	s := newSite(t)
	s.add("a")
	db := openStore(t, filepath.Join(t.TempDir(), "w.db"))
	// The deadlines only bound a hang: what is asserted is counted in
	// polls, which a slow machine does not change.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var polls atomic.Int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		watch.New(db, nop, opts()).Run(ctx, []string{s.srv.URL + "/feed.xml"}, func(watch.Result) { polls.Add(1) })
	}()
	// The watcher must be gone before the store's cleanup closes it.
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(45 * time.Second)
	for count(t, db) < 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	s.add("b")
	// Polls that began before the item was added cannot see it: the one
	// in flight at most. The next one must store it.
	before := polls.Load()
	for count(t, db) < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if count(t, db) != 2 {
		t.Fatalf("the new item was not stored (%d polls)", polls.Load())
	}
	if after := polls.Load() - before; after > 2 {
		t.Errorf("the new item took %d polls to be stored, want it from the first poll after it appeared", after)
	}
}

func TestFailingFeedsBackOffOthersGoOn(t *testing.T) {
	pgtest.Both(t, testFailingFeedsBackOffOthersGoOn)
}

func testFailingFeedsBackOffOthersGoOn(t *testing.T) {
	ctx := context.Background()
	good, broken, malformed := newSite(t), newSite(t), newSite(t)
	good.add("a")
	broken.status = http.StatusInternalServerError
	malformed.body = "<rss><channel><item><title>unclosed"
	db := openStore(t, filepath.Join(t.TempDir(), "w.db"))
	w := watch.New(db, nop, opts())
	for _, f := range []*site{broken, malformed, good} {
		r := w.Poll(ctx, f.srv.URL+"/feed.xml")
		if f == good && (r.Err != nil || r.Stored != 1) {
			t.Errorf("good feed: %+v", r)
		}
		if f != good && r.Err == nil {
			t.Errorf("%s: no error reported", f.srv.URL)
		}
	}
	for _, f := range []*site{broken, malformed} {
		st, err := db.Feed(ctx, f.srv.URL+"/feed.xml")
		if err != nil {
			t.Fatal(err)
		}
		if st.Failures != 1 || st.LastError == "" || !st.NextPoll.After(st.LastPolled.Add(opts().Interval)) {
			t.Errorf("failing feed state %+v: want one failure, its error and a backoff longer than the interval", st)
		}
	}
	// A second failure doubles the wait.
	w.Poll(ctx, broken.srv.URL+"/feed.xml")
	st, _ := db.Feed(ctx, broken.srv.URL+"/feed.xml")
	if st.Failures != 2 || st.NextPoll.Sub(st.LastPolled) < 4*opts().Interval {
		t.Errorf("after two failures: %+v", st)
	}
	// Recovery clears the failures.
	broken.mu.Lock()
	broken.status = 0
	broken.mu.Unlock()
	broken.add("x")
	if r := w.Poll(ctx, broken.srv.URL+"/feed.xml"); r.Err != nil || r.Stored != 1 {
		t.Errorf("recovered feed: %+v", r)
	}
	st, _ = db.Feed(ctx, broken.srv.URL+"/feed.xml")
	if st.Failures != 0 || st.LastError != "" {
		t.Errorf("recovered feed state %+v", st)
	}
}

func TestRobotsAndFullText(t *testing.T) { pgtest.Both(t, testRobotsAndFullText) }

func testRobotsAndFullText(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	s.summary = true
	s.add("a")
	db := openStore(t, filepath.Join(t.TempDir(), "w.db"))
	w := watch.New(db, nop, opts())
	if r := w.Poll(ctx, s.srv.URL+"/feed.xml"); r.Err != nil || r.Stored != 1 {
		t.Fatalf("poll: %+v", r)
	}
	if s.hits["/story/a"] != 1 {
		t.Errorf("the item's page was fetched %d times, want once (the feed has a summary only)", s.hits["/story/a"])
	}
	sums, _ := db.List(ctx, store.ListOptions{})
	d, err := db.Get(ctx, sums[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Article.Body, "joint statement") || strings.Contains(d.Article.Body, "Copyright") {
		t.Errorf("stored body is not the page's article text: %q", d.Article.Body)
	}

	blocked := newSite(t)
	blocked.robots = "User-agent: *\nDisallow: /feed.xml\n"
	blocked.add("z")
	w2 := watch.New(db, nop, opts())
	if r := w2.Poll(ctx, blocked.srv.URL+"/feed.xml"); r.Err == nil || !strings.Contains(r.Err.Error(), "robots.txt") {
		t.Errorf("a feed robots.txt disallows: %+v", r)
	}
	if blocked.hits["/feed.xml"] != 0 {
		t.Error("a disallowed feed was fetched")
	}
}
