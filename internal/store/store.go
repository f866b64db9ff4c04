package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// ErrNotFound is returned (wrapped) by Get when no article has the id.
var ErrNotFound = errors.New("not found")

// ErrAmbiguous is returned (wrapped) by Get when an id prefix matches more
// than one article.
var ErrAmbiguous = errors.New("ambiguous id prefix")

// ErrBadQuery is returned (wrapped) by Search when the query is not valid
// FTS5 syntax, so a caller can tell the user's mistake from a failure of
// the store.
var ErrBadQuery = errors.New("malformed search query")

// minPrefix is the shortest id prefix Get accepts: shorter prefixes match
// too many articles to be a useful way of naming one.
const minPrefix = 4

// busyTimeoutMS is how long a connection waits for a lock held by another
// connection (another process, in practice: this package's own writes are
// serialised on one connection) before giving up with SQLITE_BUSY.
const busyTimeoutMS = 5000

// utcLayout formats instants in columns that are compared as text
// (published_utc, first_ingested_at): fixed width, so that text order is
// time order.
const utcLayout = "2006-01-02T15:04:05.000000000Z"

// Store is a dyad store: one SQLite database file, or a PostgreSQL
// database. Its methods are safe for concurrent use.
//
// On SQLite, writes are serialised on a single connection; reads run
// concurrently on a pool of their own and, thanks to WAL, are not blocked
// by a write in progress. On PostgreSQL, reads and writes share a pool and
// several processes may write at once (dyad worker): Put writes the facts
// of a batch with COPY.
type Store struct {
	path string // as the user named it; a PostgreSQL URL without its password
	d    dialect
	w    *sql.DB       // SQLite: the one writing connection; PostgreSQL: == r
	r    *sql.DB       // readers; == w for ":memory:"
	pool *pgxpool.Pool // PostgreSQL only: Put's connections
	ws   *writeStmts   // SQLite only
	rs   *readStmts
	log  *slog.Logger
	now  func() time.Time

	// Close may be called while another goroutine is still finishing a
	// call (a watcher whose context was just cancelled, say): it closes
	// once and never writes the fields above, so such a call fails with
	// "database is closed" rather than racing.
	closeOnce sync.Once
	closeErr  error
}

// Open opens the store named by path, creating it if needed, and brings
// its schema up to date. path is a SQLite file name, ":memory:" for a
// private in-memory SQLite database on a single connection (for tests),
// or a PostgreSQL URL (postgres://user:password@host/dbname?options) of an
// existing database.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: open: empty path")
	}
	name := Redact(path)
	s := &Store{path: name, log: slog.Default().With("store", name), now: time.Now}
	open := s.open
	if IsPostgres(path) {
		s.d = dialect{pg: true}
		open = func(ctx context.Context) error { return s.openPostgres(ctx, path) }
	}
	if err := open(ctx); err != nil {
		s.closeDBs()
		return nil, fmt.Errorf("store: open %s: %w", name, err)
	}
	return s, nil
}

// open opens the SQLite database at s.path.
func (s *Store) open(ctx context.Context) error {
	memory := s.path == ":memory:"

	// Every pooled connection runs the DSN's pragmas when it is opened, so
	// none can miss foreign_keys or busy_timeout.
	//
	// synchronous=FULL: in WAL mode a commit then fsyncs the WAL before it
	// returns. With NORMAL a committed transaction survives a crash of the
	// process (the WAL is in the OS page cache) but may roll back after a
	// power loss or OS crash. Put commits a whole batch at a time, so the
	// one fsync per commit costs little, and "committed" means durable.
	//
	// cache_size: a 64 MiB page cache for the one writer (the default is
	// 2 MiB). Article ids are hashes, so a batch's inserts land all over
	// every index; with the small cache Put spent its time re-reading
	// pages.
	//
	// _txlock=immediate: a write transaction takes the write lock at BEGIN.
	// A deferred transaction that reads first and then tries to write can
	// fail with SQLITE_BUSY immediately, which busy_timeout cannot help.
	writer := dsn(s.path, []string{
		fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS),
		"foreign_keys(1)",
		"journal_mode(WAL)",
		"synchronous(FULL)",
		"cache_size(-65536)",
	}, "_txlock=immediate")

	w, err := sql.Open("sqlite", writer)
	if err != nil {
		return err
	}
	s.w = w
	// One writing connection: SQLite allows one writer at a time anyway,
	// and queueing in database/sql is cheaper and fairer than SQLITE_BUSY
	// retries. For ":memory:" it is also the only connection, because
	// every connection to ":memory:" would be a different database; it
	// must then never be closed while idle.
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		return err
	}
	if !memory {
		var mode string
		if err := w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			return err
		}
		if !strings.EqualFold(mode, "wal") {
			// Happens on file systems without shared memory support.
			// The store still works, but readers then block the writer.
			s.log.Warn("store: WAL journal unavailable", "journal_mode", mode)
		}
	}

	if err := migrate(ctx, w, s.d, s.log); err != nil {
		return err
	}

	if memory {
		s.r = w
	} else {
		reader := dsn(s.path, []string{
			fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS),
			"foreign_keys(1)",
			// Readers never write: make a stray write fail loudly
			// instead of competing with the writer for the lock.
			"query_only(1)",
		}, "")
		r, err := sql.Open("sqlite", reader)
		if err != nil {
			return err
		}
		s.r = r
		n := max(4, runtime.GOMAXPROCS(0))
		r.SetMaxOpenConns(n)
		r.SetMaxIdleConns(n)
		if err := r.PingContext(ctx); err != nil {
			return err
		}
	}

	if s.ws, err = prepareWrite(ctx, s.w); err != nil {
		return err
	}
	if s.rs, err = prepareRead(ctx, s.r, s.d); err != nil {
		return err
	}
	return nil
}

// dsn builds a modernc.org/sqlite data source name. The path goes into a
// file: URI, escaped, so that a '?' or '#' in a file name cannot be taken
// for the start of the parameters.
func dsn(path string, pragmas []string, extra string) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	name := "file:" + (&url.URL{Path: path}).EscapedPath()
	if path == ":memory:" {
		name = "file::memory:"
	}
	enc := q.Encode()
	if extra != "" {
		enc += "&" + extra
	}
	return name + "?" + enc
}

// Close closes the store. Committed data is safe whether or not Close is
// called; Close also lets SQLite fold the WAL back into the database file.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.close() })
	return s.closeErr
}

func (s *Store) close() error {
	var errs []error
	if s.ws != nil {
		errs = append(errs, s.ws.close())
	}
	if s.rs != nil {
		errs = append(errs, s.rs.close())
	}
	if s.w != nil && !s.d.pg {
		// Recommended before closing a long-lived connection: lets the
		// query planner refresh statistics where they have gone stale.
		if _, err := s.w.Exec("PRAGMA optimize"); err != nil {
			s.log.Debug("store: optimize", "err", err)
		}
	}
	errs = append(errs, s.closeDBs())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("store: close %s: %w", s.path, err)
	}
	return nil
}

func (s *Store) closeDBs() error {
	var errs []error
	if s.r != nil && s.r != s.w {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		errs = append(errs, s.w.Close())
	}
	if s.pool != nil {
		s.pool.Close()
	}
	return errors.Join(errs...)
}

// formatUTC formats t for a text-compared column; the zero time is NULL.
func formatUTC(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(utcLayout)
}

// formatZoned formats t in its own zone, ” for the zero time.
func formatZoned(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

// parseZoned is the inverse of formatZoned. The zone comes back as a fixed
// offset (or UTC): the instant and the offset survive, a zone name such as
// "Asia/Karachi" does not.
func parseZoned(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

// query, queryRow and exec run a statement written with SQLite's "?"
// parameters on the reading pool (query, queryRow) or the writer (exec),
// in the store's dialect.
func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.r.QueryContext(ctx, s.d.sql(q), args...)
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return s.r.QueryRowContext(ctx, s.d.sql(q), args...)
}

func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return s.w.ExecContext(ctx, s.d.sql(q), args...)
}
