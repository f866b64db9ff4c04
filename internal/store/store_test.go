package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/testkit/pgtest"
)

func TestRoundTrip(t *testing.T) { pgtest.Both(t, testRoundTrip) }

func testRoundTrip(t *testing.T) {
	for _, path := range []string{"file", ":memory:"} {
		t.Run(path, func(t *testing.T) {
			var s *Store
			if path == "file" {
				s = openTemp(t)
			} else {
				s = openAt(t, path)
			}
			want := fullDoc(hexID("full"))
			if res := put(t, s, want); res != (PutResult{Added: 1}) {
				t.Errorf("Put = %+v, want 1 added", res)
			}
			got, err := s.Get(t.Context(), want.Article.ID)
			if err != nil {
				t.Fatal(err)
			}
			sameDoc(t, got, want)

			// Beyond the JSON form: the instant and the zone offset.
			if !got.Article.Published.Equal(want.Article.Published) {
				t.Errorf("Published = %v, want %v", got.Article.Published, want.Article.Published)
			}
			if _, off := got.Article.Published.Zone(); off != 5*3600 {
				t.Errorf("Published offset = %d, want +05:00", off)
			}
			// Nil and empty lists are kept apart where JSON tells them apart.
			if got.Quotes[1].Content == nil || len(got.Quotes[1].Content) != 0 {
				t.Errorf("empty Quote.Content came back as %#v", got.Quotes[1].Content)
			}
			if got.Quotes[1].Via != nil {
				t.Errorf("nil Quote.Via came back as %#v", got.Quotes[1].Via)
			}
			// Floats are stored exactly.
			if got.Places[1].Confidence != 1e-300 || got.Events[0].Confidence != 0.61803398875 {
				t.Errorf("floats changed: %v %v", got.Places[1].Confidence, got.Events[0].Confidence)
			}
			// The SQL face analysts see: "none" is NULL, tokens expand
			// into rows.
			id := want.Article.ID
			if n := count(t, s, `SELECT count(*) FROM mentions WHERE article_id = ? AND entity IS NULL`, id); n != 1 {
				t.Errorf("%d unlinked mentions, want 1", n)
			}
			if n := count(t, s, `SELECT count(*) FROM events WHERE article_id = ? AND time IS NULL AND quote IS NULL`, id); n != 1 {
				t.Errorf("%d events without time and quote, want 1", n)
			}
			var lemma string
			var head, end int
			err = s.queryRow(t.Context(), `SELECT lemma, head, "end" FROM tokens WHERE article_id = ? AND idx = 2`, id).Scan(&lemma, &head, &end)
			if err != nil || lemma != "say" || head != -1 || end != want.Tokens[2].Span.End {
				t.Errorf("tokens view: %q %d %d, %v", lemma, head, end, err)
			}
			if n := count(t, s, `SELECT count(*) FROM tokens`); n != len(want.Tokens) {
				t.Errorf("tokens view has %d rows, want %d", n, len(want.Tokens))
			}
			if err := s.IntegrityCheck(t.Context()); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestRoundTripEmpty(t *testing.T) { pgtest.Both(t, testRoundTripEmpty) }

func testRoundTripEmpty(t *testing.T) {
	// A document with no facts at all, and no publication time.
	s := openTemp(t)
	want := doc.NewDocument(doc.Article{ID: hexID("empty"), Body: ""})
	put(t, s, want)
	got, err := s.Get(t.Context(), want.Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameDoc(t, got, want)
	if !got.Article.Published.IsZero() {
		t.Errorf("Published = %v, want zero", got.Article.Published)
	}
}

func TestPutTwice(t *testing.T) { pgtest.Both(t, testPutTwice) }

func testPutTwice(t *testing.T) {
	s := openTemp(t)
	docs := []*doc.Document{fullDoc(hexID("a")), fullDoc(hexID("b")), smallDoc(1)}
	if res := put(t, s, docs...); res != (PutResult{Added: 3}) {
		t.Errorf("first Put = %+v, want 3 added", res)
	}
	first := stats(t, s)
	sources := count(t, s, `SELECT count(*) FROM article_sources`)

	if res := put(t, s, docs...); res != (PutResult{Updated: 3}) {
		t.Errorf("second Put = %+v, want 3 updated", res)
	}
	if second := stats(t, s); second != first {
		t.Errorf("stats after second Put = %+v, want %+v", second, first)
	}
	if n := count(t, s, `SELECT count(*) FROM article_sources`); n != sources {
		t.Errorf("re-ingesting the same source gave %d source rows, want %d", n, sources)
	}
	for _, d := range docs {
		got, err := s.Get(t.Context(), d.Article.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameDoc(t, got, d)
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func TestPutDuplicateInBatch(t *testing.T) { pgtest.Both(t, testPutDuplicateInBatch) }

func testPutDuplicateInBatch(t *testing.T) {
	s := openTemp(t)
	a, b := fullDoc(hexID("dup")), fullDoc(hexID("dup"))
	b.Events = b.Events[:1]
	if res := put(t, s, a, b); res != (PutResult{Added: 1, Updated: 1}) {
		t.Errorf("Put = %+v, want 1 added, 1 updated", res)
	}
	got, err := s.Get(t.Context(), a.Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameDoc(t, got, b)
}

func TestReprocessFewerFacts(t *testing.T) { pgtest.Both(t, testReprocessFewerFacts) }

func testReprocessFewerFacts(t *testing.T) {
	s := openTemp(t)
	d := fullDoc(hexID("reprocess"))
	put(t, s, d)

	// Reprocess: only sentences survive, and a new body spelling.
	r := fullDoc(d.Article.ID)
	r.ResetFacts()
	r.Article.Body = strings.Replace(r.Article.Body, "Background", "Context", 1)
	r.Article.Headings = nil
	r.Sentences = d.Sentences[:1]
	if res := put(t, s, r); res != (PutResult{Updated: 1}) {
		t.Errorf("Put = %+v, want 1 updated", res)
	}
	got, err := s.Get(t.Context(), d.Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameDoc(t, got, r)
	want := Stats{Articles: 1, Sentences: 1}
	if st := stats(t, s); st != want {
		t.Errorf("Stats = %+v, want %+v", st, want)
	}
	if n := count(t, s, `SELECT count(*) FROM problems`); n != 0 {
		t.Errorf("%d problems left over", n)
	}
	// The full-text indexes follow: the old body text and the quotes are
	// gone.
	for _, q := range []string{"Background", "text: pressure"} {
		hits, err := s.Search(t.Context(), q, 10)
		if err != nil || len(hits) != 0 {
			t.Errorf("Search(%q) after reprocessing = %+v, %v; want nothing", q, hits, err)
		}
	}
	if hits, err := s.Search(t.Context(), "Context", 10); err != nil || len(hits) != 1 {
		t.Errorf("Search(Context) = %v, %v; want the new body", hits, err)
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func TestMetadataMerge(t *testing.T) { pgtest.Both(t, testMetadataMerge) }

func testMetadataMerge(t *testing.T) {
	s := openTemp(t)
	first := fullDoc(hexID("merge"))
	put(t, s, first)

	// The same text from another source a day later, with less metadata
	// and a new title.
	second := fullDoc(first.Article.ID)
	second.Article.URL = ""
	second.Article.Outlet = ""
	second.Article.Published = time.Time{}
	second.Article.PublishedText = ""
	second.Article.Title = "A new title"
	second.Article.Ingest = doc.IngestInfo{Source: "other.rss", Line: 3, Format: "rss", ExternalID: "guid-3",
		IngestedAt: first.Article.Ingest.IngestedAt.Add(24 * time.Hour)}
	put(t, s, second)

	got, err := s.Get(t.Context(), first.Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	a := got.Article
	if a.URL != first.Article.URL || a.Outlet != first.Article.Outlet || a.PublishedText != first.Article.PublishedText {
		t.Errorf("empty metadata overwrote the old: %q %q %q", a.URL, a.Outlet, a.PublishedText)
	}
	if !a.Published.Equal(first.Article.Published) {
		t.Errorf("Published = %v, want %v", a.Published, first.Article.Published)
	}
	if a.Title != "A new title" {
		t.Errorf("Title = %q, want the new one", a.Title)
	}
	if a.Ingest != second.Article.Ingest {
		t.Errorf("Ingest = %+v, want the latest %+v", a.Ingest, second.Article.Ingest)
	}
	var firstAt string
	if err := s.queryRow(t.Context(), `SELECT first_ingested_at FROM articles WHERE id = ?`, a.ID).Scan(&firstAt); err != nil {
		t.Fatal(err)
	}
	if want := first.Article.Ingest.IngestedAt.UTC().Format(utcLayout); firstAt != want {
		t.Errorf("first_ingested_at = %s, want %s", firstAt, want)
	}
	if n := count(t, s, `SELECT count(*) FROM article_sources WHERE article_id = ?`, a.ID); n != 2 {
		t.Errorf("%d sources, want 2", n)
	}
	// The new title is searchable and the old one is not.
	for q, want := range map[string]int{`"new title"`: 1, `Türkiye AND replies`: 0} {
		hits, err := s.Search(t.Context(), "title: ("+q+")", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != want {
			t.Errorf("Search(%s) = %+v, want %d hits", q, hits, want)
		}
	}
}

func TestGet(t *testing.T) { pgtest.Both(t, testGet) }

func testGet(t *testing.T) {
	s := openTemp(t)
	// Two ids sharing a five-digit prefix, one apart.
	a, b, c := fullDoc("abcde00001"), fullDoc("abcde00002"), fullDoc("fedcba9876")
	put(t, s, a, b, c)
	tests := []struct {
		id      string
		want    string
		wantErr error
	}{
		{"abcde00001", "abcde00001", nil},
		{"fedcba9876", "fedcba9876", nil},
		{"fedc", "fedcba9876", nil},
		{"FEDCBA", "fedcba9876", nil},
		{"abcde0000", "", ErrAmbiguous},
		{"abcd", "", ErrAmbiguous},
		{"abcde00003", "", ErrNotFound},
		{"0000", "", ErrNotFound},
		{"fed", "", ErrNotFound}, // too short to be a prefix
		{"fedc*", "", ErrNotFound},
		{"", "", ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got, err := s.Get(t.Context(), tt.id)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Get(%q) error = %v, want %v", tt.id, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Article.ID != tt.want {
				t.Errorf("Get(%q) = %s, want %s", tt.id, got.Article.ID, tt.want)
			}
		})
	}
}

func TestHas(t *testing.T) { pgtest.Both(t, testHas) }

func testHas(t *testing.T) {
	s := openTemp(t)
	put(t, s, smallDoc(1))
	id := smallDoc(1).Article.ID
	for _, tt := range []struct {
		id   string
		want bool
	}{{id, true}, {id[:6], false}, {hexID("other"), false}} {
		got, err := s.Has(t.Context(), tt.id)
		if err != nil || got != tt.want {
			t.Errorf("Has(%q) = %v, %v; want %v", tt.id, got, err, tt.want)
		}
	}
}

func TestList(t *testing.T) { pgtest.Both(t, testList) }

func testList(t *testing.T) {
	s := openTemp(t)
	at := func(day, hour int, zone int) time.Time {
		return time.Date(2023, 11, day, hour, 0, 0, 0, time.FixedZone("", zone*3600))
	}
	mk := func(id, outlet string, published time.Time) *doc.Document {
		d := smallDoc(len(id))
		d.Article.ID, d.Article.Outlet, d.Article.Published = id, outlet, published
		return d
	}
	put(t, s,
		mk("a1", "Dawn", at(5, 10, 5)),    // 05:00Z on the 5th
		mk("a2", "Reuters", at(5, 1, -5)), // 06:00Z on the 5th: later, though an earlier local hour
		mk("a3", "Dawn", at(6, 0, 0)),     // the 6th
		mk("a4", "Dawn", time.Time{}),     // unknown
		mk("a0", "Reuters", at(6, 0, 0)),  // same instant as a3: id decides
		mk("a5", "Tasnim", at(4, 23, 0)))  // the 4th
	ids := func(ss []Summary) string {
		var out []string
		for _, x := range ss {
			out = append(out, x.ID)
		}
		return strings.Join(out, " ")
	}
	day := func(d int) time.Time { return time.Date(2023, 11, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		opt  ListOptions
		want string
	}{
		{"all", ListOptions{}, "a0 a3 a2 a1 a5 a4"},
		{"limit", ListOptions{Limit: 2}, "a0 a3"},
		{"offset", ListOptions{Limit: 2, Offset: 2}, "a2 a1"},
		{"offset past end", ListOptions{Offset: 10}, ""},
		{"outlet", ListOptions{Outlet: "dawn"}, "a3 a1 a4"},
		{"since", ListOptions{Since: day(5)}, "a0 a3 a2 a1"},
		{"until", ListOptions{Until: day(5)}, "a5"},
		{"range", ListOptions{Since: day(5), Until: day(6)}, "a2 a1"},
		{"range in zone", ListOptions{Since: at(5, 10, 5), Until: at(5, 6, 0)}, "a1"},
		{"outlet and range", ListOptions{Outlet: "Reuters", Since: day(5), Until: day(7)}, "a0 a2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.List(t.Context(), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if ids(got) != tt.want {
				t.Errorf("List(%+v) = %q, want %q", tt.opt, ids(got), tt.want)
			}
		})
	}

	got, err := s.List(t.Context(), ListOptions{Limit: 1, Offset: 3})
	if err != nil {
		t.Fatal(err)
	}
	d := mk("a1", "Dawn", at(5, 10, 5))
	want := Summary{ID: "a1", URL: d.Article.URL, Outlet: "Dawn", Title: d.Article.Title, Published: d.Article.Published,
		Bytes: len(d.Article.Body), Sentences: 2, Entities: 2, Quotes: 0, Events: 1}
	if len(got) != 1 || !got[0].Published.Equal(want.Published) {
		t.Fatalf("List = %+v, want %+v", got, want)
	}
	if _, off := got[0].Published.Zone(); off != 5*3600 {
		t.Errorf("Published offset = %d, want +05:00", off)
	}
	got[0].Published = want.Published
	if got[0] != want {
		t.Errorf("List = %+v, want %+v", got[0], want)
	}
}

func TestSearch(t *testing.T) { pgtest.Both(t, testSearch) }

func testSearch(t *testing.T) {
	s := openTemp(t)
	full := fullDoc(hexID("search"))
	put(t, s, full, smallDoc(1), smallDoc(2))

	kinds := func(hits []Hit) string {
		var out []string
		for _, h := range hits {
			out = append(out, h.Kind+":"+h.ArticleID)
		}
		slices.Sort(out)
		return strings.Join(out, " ")
	}
	id := full.Article.ID
	tests := []struct {
		query      string
		want       string
		sqliteOnly bool // FTS5 features PostgreSQL's search lacks
	}{
		{"Karachi", "body:" + id, false},
		{"karachi", "body:" + id, false},                 // case folded
		{"turkiye", "body:" + id + " title:" + id, true}, // diacritics folded
		{"pressure", "body:" + id + " quote:" + id, false},
		{"negotiate", "body:" + id + " quote:" + id + " title:" + id, false},
		{`"not negotiate"`, "body:" + id + " quote:" + id + " title:" + id, false},
		{"Talks", "title:" + smallDoc(1).Article.ID + " title:" + smallDoc(2).Article.ID, false},
		{"Officials AND Tasnim", "body:" + id, false},
		{"nothinglikethis", "", false},
		{"中文", "body:" + id, false},
		{"title: negotiate", "title:" + id, false},
		{"body: negotiate", "body:" + id, false},
		{"text: negotiate", "quote:" + id, false},
		{"{title body}: negotiate", "body:" + id + " title:" + id, true},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			if tt.sqliteOnly && pgtest.OnPostgres(t) {
				t.Skip("not in PostgreSQL's search syntax")
			}
			hits, err := s.Search(t.Context(), tt.query, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := kinds(hits); got != tt.want {
				t.Errorf("Search(%q) = %q, want %q", tt.query, got, tt.want)
			}
			for i, h := range hits {
				if !strings.Contains(h.Snippet, "[") || h.Rank <= 0 {
					t.Errorf("hit %+v: want a highlighted snippet and a positive rank", h)
				}
				if i > 0 && h.Rank > hits[i-1].Rank {
					t.Errorf("hits not best first: %v then %v", hits[i-1].Rank, h.Rank)
				}
			}
		})
	}

	if hits, err := s.Search(t.Context(), "Ankara OR Talks", 2); err != nil || len(hits) != 2 {
		t.Errorf("Search with limit 2 = %d hits, %v", len(hits), err)
	}

	for _, q := range []string{"a) OR (b", `"unterminated`, "nosuchcolumn: x", "AND", "", "  ", "(((", "x NEAR("} {
		if q == "AND" && pgtest.OnPostgres(t) {
			continue // websearch_to_tsquery reads it as a word
		}
		_, err := s.Search(t.Context(), q, 10)
		if !errors.Is(err, ErrBadQuery) {
			t.Errorf("Search(%q) error = %v, want ErrBadQuery", q, err)
		}
	}
}

func TestEach(t *testing.T) { pgtest.Both(t, testEach) }

func testEach(t *testing.T) {
	s := openTemp(t)
	// More than a page, so paging is exercised.
	n := eachPage*2 + 3
	var docs []*doc.Document
	for i := range n {
		docs = append(docs, smallDoc(i))
	}
	put(t, s, docs...)
	byID := map[string]*doc.Document{}
	for _, d := range docs {
		byID[d.Article.ID] = d
	}

	var seen []string
	err := s.Each(t.Context(), func(d *doc.Document) error {
		seen = append(seen, d.Article.ID)
		sameDoc(t, d, byID[d.Article.ID])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != n || !slices.IsSorted(seen) {
		t.Errorf("Each saw %d documents (sorted: %v), want %d in id order", len(seen), slices.IsSorted(seen), n)
	}

	stop := errors.New("stop")
	calls := 0
	err = s.Each(t.Context(), func(*doc.Document) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 3 {
		t.Errorf("Each = %v after %d calls, want stop after 3", err, calls)
	}
}

func TestEachMemoryReentrant(t *testing.T) {
	// ":memory:" has a single connection; fn must still be able to use
	// the store, which it can only because Each holds nothing while fn runs.
	s := openAt(t, ":memory:")
	put(t, s, smallDoc(1), smallDoc(2))
	err := s.Each(t.Context(), func(d *doc.Document) error {
		if _, err := s.Get(t.Context(), d.Article.ID); err != nil {
			return err
		}
		_, err := s.Put(t.Context(), []*doc.Document{d})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dyad.db")
	d := smallDoc(1)
	for i := range 3 {
		s, err := Open(t.Context(), path)
		if err != nil {
			t.Fatalf("Open #%d: %v", i+1, err)
		}
		if i == 0 {
			put(t, s, d)
		}
		if _, err := s.Get(t.Context(), d.Article.ID); err != nil {
			t.Errorf("Open #%d: %v", i+1, err)
		}
		ms, err := loadMigrations(migrationFiles, "migrations")
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, s, `SELECT count(*) FROM schema_migrations`); n != len(ms) {
			t.Errorf("Open #%d: %d migrations recorded, want %d", i+1, n, len(ms))
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}

	// A database from a newer dyad is refused, not written into.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations VALUES (9999, '9999_future', '')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if s, err := Open(t.Context(), path); err == nil || !strings.Contains(err.Error(), "newer") {
		if s != nil {
			s.Close()
		}
		t.Errorf("Open of a newer schema: %v, want an error", err)
	}
}

func TestOpenPragmas(t *testing.T) {
	s := openTemp(t)
	check := func(db *sql.DB, pragma, want string) {
		t.Helper()
		// Several round trips, so more than one pooled connection answers.
		for range 3 {
			var got string
			if err := db.QueryRow("PRAGMA " + pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
			}
		}
	}
	check(s.w, "journal_mode", "wal")
	check(s.w, "synchronous", "2") // FULL
	check(s.w, "foreign_keys", "1")
	check(s.w, "busy_timeout", fmt.Sprint(busyTimeoutMS))
	check(s.r, "foreign_keys", "1")
	check(s.r, "busy_timeout", fmt.Sprint(busyTimeoutMS))
	check(s.r, "query_only", "1")

	if _, err := Open(t.Context(), ""); err == nil {
		t.Error("Open(\"\") succeeded")
	}
	if _, err := Open(t.Context(), filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")); err == nil {
		t.Error("Open in a missing directory succeeded")
	}
}

func TestLoadMigrations(t *testing.T) {
	ms, err := loadMigrations(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].version != 1 || ms[0].name != "0001_init" {
		t.Fatalf("migrations = %+v, want 0001_init first", ms)
	}
	for i := 1; i < len(ms); i++ {
		if ms[i].version <= ms[i-1].version {
			t.Errorf("migrations out of order: %s after %s", ms[i].name, ms[i-1].name)
		}
	}
}

func TestPutAtomic(t *testing.T) { pgtest.Both(t, testPutAtomic) }

func testPutAtomic(t *testing.T) {
	nan := func(d *doc.Document) *doc.Document {
		d.Events[0].Goldstein = math.NaN()
		return d
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()

	tests := []struct {
		name string
		ctx  context.Context
		// batch is Put after the store holds smallDoc(0).
		batch []*doc.Document
	}{
		{"NaN halfway", context.Background(), []*doc.Document{smallDoc(1), smallDoc(2), nan(smallDoc(3)), smallDoc(4)}},
		{"NaN after an update", context.Background(), []*doc.Document{fullDoc(smallDoc(0).Article.ID), nan(smallDoc(5))}},
		{"NaN in last", context.Background(), []*doc.Document{smallDoc(6), nan(smallDoc(7))}},
		{"nil document", context.Background(), []*doc.Document{smallDoc(8), nil}},
		{"no id", context.Background(), []*doc.Document{smallDoc(9), doc.NewDocument(doc.Article{Body: "x"})}},
		{"cancelled", cancelled, []*doc.Document{smallDoc(10), smallDoc(11)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTemp(t)
			base := smallDoc(0)
			put(t, s, base)
			before := stats(t, s)
			sources := count(t, s, `SELECT count(*) FROM article_sources`)

			res, err := s.Put(tt.ctx, tt.batch)
			if err == nil {
				t.Fatalf("Put succeeded: %+v", res)
			}
			if res != (PutResult{}) {
				t.Errorf("failed Put reported %+v", res)
			}
			t.Logf("Put: %v", err)

			if after := stats(t, s); after != before {
				t.Errorf("stats after failed Put = %+v, want %+v", after, before)
			}
			if n := count(t, s, `SELECT count(*) FROM article_sources`); n != sources {
				t.Errorf("%d sources after failed Put, want %d", n, sources)
			}
			for _, d := range tt.batch {
				if d == nil || d.Article.ID == base.Article.ID {
					continue
				}
				if ok, _ := s.Has(t.Context(), d.Article.ID); ok {
					t.Errorf("article %s of the failed batch was stored", d.Article.ID)
				}
			}
			got, err := s.Get(t.Context(), base.Article.ID)
			if err != nil {
				t.Fatal(err)
			}
			sameDoc(t, got, base)
			if hits, err := s.Search(t.Context(), "Araghchi OR Tehran", 0); err != nil || len(hits) != 0 {
				t.Errorf("full-text index kept the failed batch: %v %v", hits, err)
			}
			if err := s.IntegrityCheck(t.Context()); err != nil {
				t.Fatal(err)
			}
			// The store is still usable after the failure.
			put(t, s, smallDoc(99))
		})
	}
}

func TestConcurrentReaders(t *testing.T) { pgtest.Both(t, testConcurrentReaders) }

func testConcurrentReaders(t *testing.T) {
	s := openTemp(t)
	const batches, size = 20, 16
	ctx := t.Context()
	var done atomic.Bool
	var wg sync.WaitGroup

	wg.Add(1)
	go func() {
		defer wg.Done()
		defer done.Store(true)
		for b := range batches {
			var docs []*doc.Document
			for i := range size {
				docs = append(docs, smallDoc(b*size+i))
			}
			if _, err := s.Put(ctx, docs); err != nil {
				t.Error(err)
				return
			}
		}
	}()

	for r := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := 0
			for i := 0; !done.Load() || i < 5; i++ {
				st, err := s.Stats(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				// A reader sees whole batches or nothing of them.
				if st.Articles%size != 0 || st.Events != st.Articles || st.Articles < last {
					t.Errorf("reader %d saw a partial or shrinking store: %+v (before: %d)", r, st, last)
				}
				last = st.Articles
				list, err := s.List(ctx, ListOptions{Limit: 5})
				if err != nil {
					t.Error(err)
					return
				}
				for _, x := range list {
					d, err := s.Get(ctx, x.ID)
					if err != nil {
						t.Error(err)
						return
					}
					if len(d.Events) != 1 || len(d.Tokens) != 6 {
						t.Errorf("reader %d: incomplete document %s", r, x.ID)
					}
				}
				if _, err := s.Search(ctx, "Ankara", 3); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if st := stats(t, s); st.Articles != batches*size {
		t.Errorf("stored %d articles, want %d", st.Articles, batches*size)
	}
}

func TestTokensCodec(t *testing.T) {
	tests := []struct {
		name string
		toks []doc.Token
	}{
		{"none", []doc.Token{}},
		{"plain", []doc.Token{{Span: doc.Span{Start: 0, End: 3}, Lemma: "the", UPOS: "DET", Head: 1, Deprel: "det"}}},
		{"escapes", []doc.Token{{Lemma: "\"q\" \\ \n\r\t\x00\x1f\x7f", Feats: "A=B|C=D", Head: -1}}},
		{"unicode", []doc.Token{{Lemma: "Türkiye 中文 😀 \u2028 <&>", Deprel: "nmod:poss"}}},
		{"large", []doc.Token{{Span: doc.Span{Start: 1 << 40, End: 1<<40 + 1}, Sentence: 1 << 31, Head: -1 << 20}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := appendTokens(nil, tt.toks)
			got, err := decodeTokens(string(enc))
			if err != nil {
				t.Fatalf("decode %s: %v", enc, err)
			}
			if !slices.Equal(got, tt.toks) {
				t.Errorf("round trip of %s:\n got %+v\nwant %+v", enc, got, tt.toks)
			}
		})
	}

	// Invalid UTF-8 becomes U+FFFD, as encoding/json would make it.
	got, err := decodeTokens(string(appendTokens(nil, []doc.Token{{Lemma: "a\xffb"}})))
	if err != nil || got[0].Lemma != "a\uFFFDb" {
		t.Errorf("invalid UTF-8: %q, %v", got[0].Lemma, err)
	}

	// Other spellings of the same JSON, as SQLite's json functions or a
	// hand edit might leave them, read back the same.
	want := []doc.Token{{Span: doc.Span{Start: 5, End: 100}, Sentence: 0, Lemma: "é\"", UPOS: "X", Head: -1, Deprel: "root"}}
	for _, alt := range []string{
		`[[5,100,0,"é\"","X","","",-1,"root"]]`,
		` [ [ 5 , 1e2 , 0.0 , "\u00e9\"" , "\u0058" , "" , "" , -1 , "root" ] ] `,
		"[\n [5,100.0,-0,\"\u00e9\\\"\",\"X\",\"\",\"\",-1e0,\"root\"]\n]",
	} {
		got, err := decodeTokens(alt)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("decodeTokens(%s) = %+v, %v; want %+v", alt, got, err, want)
		}
	}

	for _, bad := range []string{
		``, `{}`, `[`, `[[]]`, `[[1,2]]`, `[[1,2,3,"","","","",0,"",5]]`,
		`[["a",2,3,"","","","",0,""]]`, `[[1.5,2,3,"","","","",0,""]]`,
		`[[1,2,3,"","","","",0,""],]`, `[[1,2,3,"","","","",0,""]] x`,
		`[[1,2,3,"unterminated,"","","",0,""]]`, `[[1,2,3,"\x","","","",0,""]]`,
		`[[1,2,3,4,"","","",0,""]]`, `[[1,2,3,"","","","","",""]]`,
	} {
		if got, err := decodeTokens(bad); err == nil {
			t.Errorf("decodeTokens(%s) = %+v, want an error", bad, got)
		}
	}
}

// FuzzTokens checks that any token survives the codec, with invalid UTF-8
// replaced as encoding/json would replace it.
func FuzzTokens(f *testing.F) {
	f.Add(0, 3, "the", "DET", "A=B", -1, "det")
	f.Add(1<<40, -7, "\"\\\n\x00\xff", "中文", "", 0, "\u2028")
	f.Fuzz(func(t *testing.T, start, head int, lemma, upos, feats string, sentence int, deprel string) {
		tok := doc.Token{Span: doc.Span{Start: start, End: start + 1}, Sentence: sentence, Lemma: lemma,
			UPOS: upos, Feats: feats, Head: head, Deprel: deprel}
		got, err := decodeTokens(string(appendTokens(nil, []doc.Token{tok})))
		if err != nil {
			t.Fatal(err)
		}
		fix := func(s string) string { // each invalid byte becomes U+FFFD
			var b strings.Builder
			for i := 0; i < len(s); {
				r, n := utf8.DecodeRuneInString(s[i:])
				if r == utf8.RuneError && n == 1 {
					b.WriteRune(utf8.RuneError)
				} else {
					b.WriteString(s[i : i+n])
				}
				i += n
			}
			return b.String()
		}
		tok.Lemma, tok.UPOS, tok.Feats, tok.Deprel = fix(tok.Lemma), fix(tok.UPOS), fix(tok.Feats), fix(tok.Deprel)
		if len(got) != 1 || got[0] != tok {
			t.Errorf("got %+v, want %+v", got, tok)
		}
	})
}

func TestIntegrityCheckDetects(t *testing.T) {
	tests := []struct {
		name  string
		sql   []string
		wants string
	}{
		{"stale full-text index", []string{
			`DROP TRIGGER articles_fts_update`,
			`UPDATE articles SET body = 'something else entirely'`,
		}, "articles_fts"},
		{"stale quote index", []string{
			`DROP TRIGGER quotes_fts_delete`,
			`DELETE FROM quotes`,
		}, "quotes_fts"},
		{"dangling foreign key", []string{
			`PRAGMA foreign_keys = OFF`,
			`INSERT INTO problems (article_id, idx, stage, start, "end", message) VALUES ('nope', 0, '', 0, 0, '')`,
			`PRAGMA foreign_keys = ON`,
		}, "foreign_key_check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTemp(t)
			put(t, s, fullDoc(hexID("integrity")))
			if err := s.IntegrityCheck(t.Context()); err != nil {
				t.Fatal(err)
			}
			for _, q := range tt.sql {
				if _, err := s.w.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			err := s.IntegrityCheck(t.Context())
			if err == nil || !strings.Contains(err.Error(), tt.wants) {
				t.Errorf("IntegrityCheck = %v, want an error about %s", err, tt.wants)
			}
		})
	}
}

func TestVacuumKeepsSearch(t *testing.T) {
	// Reprocessing leaves gaps in quotes.seq; VACUUM must not renumber
	// the rows the full-text indexes point at (see articles.seq).
	s := openTemp(t)
	var docs []*doc.Document
	for i := range 20 {
		docs = append(docs, fullDoc(hexID(fmt.Sprint("vacuum ", i))))
	}
	put(t, s, docs...)
	put(t, s, docs[5:10]...)
	if _, err := s.w.Exec(`DELETE FROM articles WHERE id IN (?, ?)`, docs[0].Article.ID, docs[1].Article.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec(`VACUUM`); err != nil {
		t.Fatal(err)
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatal(err)
	}
	hits, err := s.Search(t.Context(), "text: pressure", 0)
	if err != nil || len(hits) != 18 {
		t.Errorf("Search after VACUUM = %d hits, %v; want 18", len(hits), err)
	}
}

func TestCloseWhileInUse(t *testing.T) { pgtest.Both(t, testCloseWhileInUse) }

// A watcher or worker cancelled at shutdown may still be finishing a call
// when its store is closed: the call must fail cleanly (the race detector
// watches this test), and Close may be called again.
func testCloseWhileInUse(t *testing.T) {
	s := openTemp(t)
	put(t, s, smallDoc(1))
	ctx := t.Context()
	var wg sync.WaitGroup
	started := make(chan struct{})
	for r := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				if i == 1 && r == 0 {
					close(started)
				}
				var err error
				if r == 2 {
					_, err = s.Put(ctx, []*doc.Document{smallDoc(100 + i)})
				} else {
					_, err = s.Stats(ctx)
				}
				if err != nil {
					return // closed under it: the expected end
				}
			}
		}()
	}
	<-started
	if err := s.Close(); err != nil {
		t.Errorf("close while in use: %v", err)
	}
	wg.Wait()
	if err := s.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
	if _, err := s.Stats(ctx); err == nil {
		t.Error("Stats on a closed store: no error")
	}
}

// TestOpenWhileAnotherWrites opens a store whose schema is up to date
// while another process holds SQLite's write lock, as `dyad list` does
// beside a running `dyad run` committing a large batch: the open must
// not wait for the lock (the busy timeout is 5 s) and reads must work.
func TestOpenWhileAnotherWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.db")
	first := openAt(t, path)
	put(t, first, smallDoc(1))

	other, err := sql.Open("sqlite", dsn(path, []string{"busy_timeout(0)"}, "_txlock=immediate"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`UPDATE articles SET title = title`); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("open while another connection writes: %v", err)
	}
	defer s.Close()
	if waited := time.Since(start); waited > 2*time.Second {
		t.Errorf("open waited %s for the writer", waited)
	}
	if st, err := s.Stats(t.Context()); err != nil || st.Articles != 1 {
		t.Errorf("stats while another connection writes: %+v, %v", st, err)
	}
	// Let the writer go before Close, which optimises and so writes.
	tx.Rollback()
}
