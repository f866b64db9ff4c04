package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The schema lives in data files, not Go strings, so it can be read,
// diffed and run by hand with the sqlite3 shell.
//
// PostgreSQL's are in migrations/postgres.
//
//go:embed migrations/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// migrateLockKey is the PostgreSQL advisory lock migrate holds: an
// arbitrary number, the same in every dyad process.
const migrateLockKey = "7164626164"

// migration is one numbered schema change, migrations/NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the embedded migrations in version order.
func loadMigrations(fsys fs.FS, dir string) ([]migration, error) {
	names, err := fs.Glob(fsys, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_description.sql", base)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(base, ".sql"), sql: string(b)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s have the same version", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// migrate applies the migrations db has not seen yet, in order, in one
// transaction: a database is at one version or the next, never between.
// The transaction takes the write lock at BEGIN (the writer's DSN says
// immediate), so two processes opening a new database at once do not both
// apply the same migration: the second waits, then finds nothing to do.
//
// On PostgreSQL a transaction-scoped advisory lock does what the write
// lock does in SQLite, and the DDL is transactional too.
func migrate(ctx context.Context, db *sql.DB, d dialect, log *slog.Logger) error {
	dir, strict := "migrations", " STRICT"
	if d.pg {
		dir, strict = "migrations/postgres", ""
	}
	ms, err := loadMigrations(migrationFiles, dir)
	if err != nil {
		return err
	}
	// Most opens find the schema up to date. Finding that out needs only
	// a read, which neither waits for a writer nor holds one up: taking
	// the write lock on every open made `dyad list` or a test wait for a
	// running `dyad run` to commit its batch, and fail with "database is
	// locked" when the batch took longer than the busy timeout. A read
	// that fails (a new database has no schema_migrations) leaves the
	// answer to the transaction below.
	if applied, err := appliedVersions(ctx, db); err == nil {
		todo, err := pending(applied, ms)
		if err != nil || len(todo) == 0 {
			return err
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()

	if d.pg {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(`+migrateLockKey+`)`); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`+strict); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	applied, err := appliedVersions(ctx, tx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	todo, err := pending(applied, ms)
	if err != nil {
		return err
	}
	for _, m := range todo {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("migrate %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx,
			d.sql(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
			m.version, m.name, time.Now().UTC().Format(time.RFC3339)); err != nil {
			return fmt.Errorf("migrate %s: %w", m.name, err)
		}
		log.Debug("store: applied migration", "migration", m.name)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	return nil
}

// appliedVersions reads the versions schema_migrations records.
func appliedVersions(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) (map[int]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		applied[v] = true
	}
	return applied, rows.Err()
}

// pending returns the migrations of ms not yet applied, in order. It
// refuses a database whose schema is newer than ms: an older binary must
// not write into a schema it does not know.
func pending(applied map[int]bool, ms []migration) ([]migration, error) {
	latest := 0
	for v := range applied {
		latest = max(latest, v)
	}
	if len(ms) > 0 && latest > ms[len(ms)-1].version {
		return nil, fmt.Errorf("migrate: database schema version %d is newer than this program's %d",
			latest, ms[len(ms)-1].version)
	}
	var todo []migration
	for _, m := range ms {
		if !applied[m.version] {
			todo = append(todo, m)
		}
	}
	return todo, nil
}
