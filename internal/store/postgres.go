package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/dyad-events/dyad/internal/doc"
)

// openPostgres connects to the PostgreSQL database at url and brings its
// schema up to date. Queries go through database/sql on the pgx driver, so
// that they share their code with SQLite's; Put uses pgx itself, for COPY.
func (s *Store) openPostgres(ctx context.Context, url string) error {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message quotes the URL, password and all.
		return errors.New("not a valid PostgreSQL URL (postgres://user:password@host:port/dbname?options)")
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	s.pool = pool
	if err := pool.Ping(ctx); err != nil {
		return err
	}
	s.r = stdlib.OpenDBFromPool(pool)
	s.w = s.r
	var ctype string
	if err := s.r.QueryRowContext(ctx, "SHOW lc_ctype").Scan(&ctype); err == nil && (ctype == "C" || ctype == "POSIX") {
		// The text search parser reads letters by LC_CTYPE: under C,
		// typographic quotes and dashes stick to the words beside them.
		s.log.Warn("store: the database's LC_CTYPE is C; full-text search splits words best under a UTF-8 one (createdb --locale=C.UTF-8)")
	}
	if err := migrate(ctx, s.w, s.d, s.log); err != nil {
		return err
	}
	s.rs, err = prepareRead(ctx, s.r, s.d)
	return err
}

// pgRetries is how many times putPostgres runs a batch that PostgreSQL
// aborted to break a deadlock: two workers writing batches that share
// articles can each hold a row the other waits for.
const pgRetries = 5

// putPostgres is Put on PostgreSQL: the article rows one by one (each
// upsert takes the article's row lock, so that two processes storing the
// same article take turns), and the facts of the whole batch with one COPY
// per table at the end.
func (s *Store) putPostgres(ctx context.Context, docs []*doc.Document) (PutResult, error) {
	for attempt := 1; ; attempt++ {
		res, err := s.putPostgresOnce(ctx, docs)
		var pe *pgconn.PgError
		if err != nil && attempt < pgRetries && errors.As(err, &pe) &&
			(pe.Code == "40P01" || pe.Code == "40001") { // deadlock_detected, serialization_failure
			s.log.Debug("store: put: retrying", "attempt", attempt, "err", err)
			select {
			case <-ctx.Done():
				return PutResult{}, ctx.Err()
			case <-time.After(time.Duration(attempt*attempt) * 10 * time.Millisecond):
			}
			continue
		}
		return res, err
	}
}

func (s *Store) putPostgresOnce(ctx context.Context, docs []*doc.Document) (PutResult, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return PutResult{}, fmt.Errorf("store: put: begin: %w", err)
	}
	defer tx.Rollback(ctx) // no-op after Commit

	w := &pgTx{ctx: ctx, tx: tx, d: s.d, pending: map[*factTable][][]any{}, ids: map[string]bool{}}
	res, err := putAll(w, docs, s.now())
	if err != nil {
		return PutResult{}, err
	}
	if err := w.flush(); err != nil {
		return PutResult{}, fmt.Errorf("store: put: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return PutResult{}, fmt.Errorf("store: put: commit: %w", err)
	}
	return res, nil
}

// pgTx is a putTx on a pgx transaction. Fact rows wait in pending until
// flush copies them in.
type pgTx struct {
	ctx     context.Context
	tx      pgx.Tx
	d       dialect
	pending map[*factTable][][]any
	ids     map[string]bool // articles with rows in pending
	cleared []string        // articles whose stored facts go before pending's
	sources pgx.Batch       // queued article_sources inserts
}

// upsertReturning is upsertArticle telling whether it inserted: xmax is
// zero in a row version no transaction has updated or locked.
var upsertReturning = upsertArticle + "\nRETURNING (xmax = 0)"

func (w *pgTx) upsert(args ...any) (bool, error) {
	var inserted bool
	if err := w.tx.QueryRow(w.ctx, w.d.sql(upsertReturning), args...).Scan(&inserted); err != nil {
		return false, err
	}
	return !inserted, nil
}

// exec runs storySQL at once (a later article of the batch may be a copy
// of this one) and queues sourceSQL, which nothing in the batch reads, for
// flush to send with the others in one round trip.
func (w *pgTx) exec(query string, args ...any) error {
	if query == sourceSQL {
		w.sources.Queue(w.d.sql(query), args...)
		return nil
	}
	_, err := w.tx.Exec(w.ctx, w.d.sql(query), args...)
	return err
}

func (w *pgTx) storyCandidates(args ...any) (rowIter, error) {
	rows, err := w.tx.Query(w.ctx, w.d.sql(storyCandidatesSQL), args...)
	if err != nil {
		return nil, err
	}
	return pgRows{rows}, nil
}

// clear deletes the facts stored for id, at the next flush: one DELETE
// per table for the whole batch rather than per article. The same id
// earlier in this batch has its rows still pending: they are copied in
// first, so that the delete finds them and the later document wins.
func (w *pgTx) clear(id string) error {
	if w.ids[id] {
		if err := w.flush(); err != nil {
			return err
		}
	}
	w.cleared = append(w.cleared, id)
	return nil
}

func (w *pgTx) insert(t *factTable, args ...any) error {
	w.pending[t] = append(w.pending[t], args)
	if id, ok := args[0].(string); ok {
		w.ids[id] = true
	}
	return nil
}

// flush sends the queued source rows, deletes the facts of the cleared
// articles, then copies the pending rows in, table by table.
func (w *pgTx) flush() error {
	if w.sources.Len() > 0 {
		if err := w.tx.SendBatch(w.ctx, &w.sources).Close(); err != nil {
			return fmt.Errorf("sources: %w", err)
		}
		w.sources = pgx.Batch{}
	}
	if len(w.cleared) > 0 {
		for _, t := range factTables {
			if _, err := w.tx.Exec(w.ctx, `DELETE FROM `+t.name+` WHERE article_id = ANY($1)`, w.cleared); err != nil {
				return fmt.Errorf("delete %s: %w", t.name, err)
			}
		}
		w.cleared = w.cleared[:0]
	}
	for _, t := range factTables {
		rows := w.pending[t]
		if len(rows) == 0 {
			continue
		}
		n, err := w.tx.CopyFrom(w.ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromRows(rows))
		if err != nil {
			return fmt.Errorf("copy %s: %w", t.name, err)
		}
		if int(n) != len(rows) {
			return fmt.Errorf("copy %s: %d of %d rows", t.name, n, len(rows))
		}
		delete(w.pending, t)
	}
	clear(w.ids)
	return nil
}

// pgIntegrityCheck is IntegrityCheck on PostgreSQL.
func (s *Store) pgIntegrityCheck(ctx context.Context) error {
	var problems []string
	for _, t := range factTables {
		if t == tokenRows {
			continue
		}
		// Rows are 0..n-1 per article: a max idx beyond the count is a gap.
		q := `SELECT count(*) FROM (SELECT article_id FROM ` + t.name +
			` GROUP BY article_id HAVING max(idx) + 1 != count(*)) AS g`
		var n int
		if err := s.queryRow(ctx, q).Scan(&n); err != nil {
			return fmt.Errorf("store: integrity check: %s: %w", t.name, err)
		}
		if n > 0 {
			problems = append(problems, fmt.Sprintf("%s: %d articles with gaps in idx", t.name, n))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("store: integrity check %s failed: %s", s.path, strings.Join(problems, "; "))
	}
	return nil
}

// getPostgres is get on PostgreSQL: the id is resolved first, then every
// statement of the document goes to the server at once, between BEGIN
// and COMMIT of one repeatable-read transaction, so that the document is
// one snapshot read in two round trips rather than a dozen.
func (s *Store) getPostgres(ctx context.Context, id string, prefix bool) (*doc.Document, error) {
	l := loader{rs: s.rs, src: dbSource{ctx, s.r}}
	full, err := l.resolve(id, prefix)
	if err != nil {
		return nil, err
	}
	b := &pgx.Batch{}
	b.Queue("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
	order := s.rs.loadOrder()
	for _, st := range order {
		b.Queue(s.rs.text[st], full)
	}
	b.Queue("COMMIT")
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Release()
	br := conn.SendBatch(ctx, b)
	defer br.Close()
	if _, err := br.Exec(); err != nil {
		return nil, err
	}
	src := &batchSource{br: br, order: order}
	l.src = src
	d, err := l.load(full)
	if err != nil {
		return nil, err
	}
	if src.next != len(order) {
		return nil, fmt.Errorf("read %d of %d statements", src.next, len(order))
	}
	if _, err := br.Exec(); err != nil {
		return nil, err
	}
	return d, nil
}

// dbSource runs the read statements on the pool, outside a transaction.
type dbSource struct {
	ctx context.Context
	db  *sql.DB
}

func (d dbSource) query(p *sql.Stmt, args ...any) (rowIter, error) {
	return p.QueryContext(d.ctx, args...)
}

func (d dbSource) queryRow(p *sql.Stmt, args ...any) rowScanner {
	return p.QueryRowContext(d.ctx, args...)
}

// batchSource hands out a batch's results in the order they were queued;
// a statement asked for out of that order is an error.
type batchSource struct {
	br    pgx.BatchResults
	order []*sql.Stmt
	next  int
}

func (b *batchSource) take(p *sql.Stmt) error {
	if b.next >= len(b.order) || b.order[b.next] != p {
		return errors.New("store: statement read out of the batch's order")
	}
	b.next++
	return nil
}

func (b *batchSource) queryRow(p *sql.Stmt, _ ...any) rowScanner {
	if err := b.take(p); err != nil {
		return errRow{err}
	}
	return pgRow{b.br.QueryRow()}
}

func (b *batchSource) query(p *sql.Stmt, _ ...any) (rowIter, error) {
	if err := b.take(p); err != nil {
		return nil, err
	}
	rows, err := b.br.Query()
	if err != nil {
		return nil, err
	}
	return pgRows{rows}, nil
}

// pgRow reports pgx's "no rows" as database/sql's, which load checks for.
type pgRow struct{ r pgx.Row }

func (r pgRow) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return sql.ErrNoRows
	}
	return err
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// pgRows gives pgx rows database/sql's Close.
type pgRows struct{ pgx.Rows }

func (r pgRows) Close() error {
	r.Rows.Close()
	return r.Rows.Err()
}
