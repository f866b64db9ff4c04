package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	sqlite "modernc.org/sqlite"
)

// Summary is one line of a listing.
type Summary struct {
	ID, URL, Outlet, Title string
	Published              time.Time // zero when unknown
	Bytes                  int       // length of the body in bytes
	Sentences              int
	Entities               int
	Quotes                 int
	Events                 int
}

// ListOptions selects and pages articles for List.
type ListOptions struct {
	Limit  int    // at most this many; 0 means no limit
	Offset int    // skip this many first
	Outlet string // only this outlet (ASCII case-insensitive); "" for all
	// Since and Until bound the publication time: Since <= published <
	// Until. A zero bound is open; with either bound set, articles without
	// a publication time are left out.
	Since, Until time.Time
}

// List returns summaries of stored articles, newest published first (those
// without a publication time last), then by id.
func (s *Store) List(ctx context.Context, opt ListOptions) ([]Summary, error) {
	var q strings.Builder
	q.WriteString(`SELECT a.id, a.url, a.outlet, a.title, a.published, octet_length(a.body),
	(SELECT count(*) FROM sentences WHERE article_id = a.id),
	(SELECT count(*) FROM entities WHERE article_id = a.id),
	(SELECT count(*) FROM quotes WHERE article_id = a.id),
	(SELECT count(*) FROM events WHERE article_id = a.id)
FROM articles AS a`)
	// The query is assembled from fixed clauses so that each filter that
	// is absent leaves no "? = ''" behind to stop SQLite using an index.
	var where []string
	var args []any
	if opt.Outlet != "" {
		where = append(where, s.d.equalFold("a.outlet"))
		args = append(args, opt.Outlet)
	}
	if !opt.Since.IsZero() {
		where = append(where, `a.published_utc >= ?`)
		args = append(args, formatUTC(opt.Since))
	}
	if !opt.Until.IsZero() {
		where = append(where, `a.published_utc < ?`)
		args = append(args, formatUTC(opt.Until))
	}
	if len(where) > 0 {
		q.WriteString("\nWHERE " + strings.Join(where, " AND "))
	}
	// Articles without a publication time come last. (NULLs sort first
	// in SQLite, so last in descending order; PostgreSQL needs telling.)
	nullsLast := ""
	if s.d.pg {
		nullsLast = " NULLS LAST"
	}
	q.WriteString("\nORDER BY a.published_utc DESC" + nullsLast + ", a.id LIMIT ? OFFSET ?")
	var limit any = opt.Limit
	if opt.Limit <= 0 {
		limit = s.d.noLimit()
	}
	args = append(args, limit, max(opt.Offset, 0))

	rows, err := s.query(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list: %w", err)
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var x Summary
		var published string
		if err := rows.Scan(&x.ID, &x.URL, &x.Outlet, &x.Title, &published, &x.Bytes,
			&x.Sentences, &x.Entities, &x.Quotes, &x.Events); err != nil {
			return nil, fmt.Errorf("store: list: %w", err)
		}
		if x.Published, err = parseZoned(published); err != nil {
			return nil, fmt.Errorf("store: list: %s: published: %w", x.ID, err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list: %w", err)
	}
	return out, nil
}

// Hit is one search result.
type Hit struct {
	ArticleID string
	Kind      string // "title", "body" or "quote"
	// Snippet is the matching text around the match, with matched terms
	// in [brackets] and cuts marked with "…".
	Snippet string
	// Rank is the BM25 relevance, larger is better. (SQLite's bm25() is
	// negative, smaller better; Rank is its negation.)
	Rank float64
}

// searchBranches are the queries Search runs, one per kind of hit. The
// title and body branches wrap the user's query in an FTS5 column filter,
// so that a hit says where the text matched; Search checks first that the
// query's parentheses balance, so the wrapping cannot be escaped.
var searchBranches = []struct{ kind, sql string }{
	{"title", `SELECT a.id, snippet(articles_fts, 0, '[', ']', '…', 16), bm25(articles_fts)
		FROM articles_fts JOIN articles AS a ON a.seq = articles_fts.rowid
		WHERE articles_fts MATCH '{title} : (' || ?1 || ')' ORDER BY bm25(articles_fts), a.id LIMIT ?2`},
	{"body", `SELECT a.id, snippet(articles_fts, 1, '[', ']', '…', 16), bm25(articles_fts)
		FROM articles_fts JOIN articles AS a ON a.seq = articles_fts.rowid
		WHERE articles_fts MATCH '{body} : (' || ?1 || ')' ORDER BY bm25(articles_fts), a.id LIMIT ?2`},
	{"quote", `SELECT q.article_id, snippet(quotes_fts, 0, '[', ']', '…', 16), bm25(quotes_fts)
		FROM quotes_fts JOIN quotes AS q ON q.seq = quotes_fts.rowid
		WHERE quotes_fts MATCH ?1 ORDER BY bm25(quotes_fts), q.article_id, q.idx LIMIT ?2`},
}

// pgSearchBranches are searchBranches for PostgreSQL. The query is read
// by websearch_to_tsquery ("quoted phrases", or, -word), which takes any
// text without error; a leading "title:", "body:" or "text:" picks the
// branch, as FTS5's column filters do. The third column is the negated
// ts_rank, so that it sorts like bm25.
var pgSearchBranches = []struct{ kind, sql string }{
	{"title", `SELECT a.id, ts_headline('simple', a.title, wq, '` + headline + `'), -ts_rank(a.fts, wq)
		FROM articles AS a, websearch_to_tsquery('simple', ?1) AS wq
		WHERE a.fts @@ wq AND to_tsvector('simple', a.title) @@ wq ORDER BY 3, a.id LIMIT ?2`},
	{"body", `SELECT a.id, ts_headline('simple', a.body, wq, '` + headline + `'), -ts_rank(a.fts, wq)
		FROM articles AS a, websearch_to_tsquery('simple', ?1) AS wq
		WHERE a.fts @@ wq AND to_tsvector('simple', a.body) @@ wq ORDER BY 3, a.id LIMIT ?2`},
	{"quote", `SELECT q.article_id, ts_headline('simple', q.text, wq, '` + headline + `'), -ts_rank(q.text_fts, wq)
		FROM quotes AS q, websearch_to_tsquery('simple', ?1) AS wq
		WHERE q.text_fts @@ wq ORDER BY 3, q.article_id, q.idx LIMIT ?2`},
}

// headline makes ts_headline's snippets look like FTS5's.
const headline = `StartSel=[, StopSel=], MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=…`

// pgColumnFilter splits a leading column filter off a PostgreSQL search:
// the kind of hit it asks for ("" for all) and the rest of the query. A
// filter naming no column is an error, as in FTS5.
func pgColumnFilter(query string) (kind, rest string, err error) {
	q := strings.TrimSpace(query)
	word, after, ok := strings.Cut(q, ":")
	if !ok || word == "" || strings.ContainsAny(word, " \t\"()-") {
		return "", q, nil
	}
	switch strings.ToLower(word) {
	case "title", "body":
		return strings.ToLower(word), strings.TrimSpace(after), nil
	case "text":
		return "quote", strings.TrimSpace(after), nil
	}
	return "", "", fmt.Errorf("store: search %q: %w: no such column: %s", query, ErrBadQuery, word)
}

// Search runs an FTS5 query (https://sqlite.org/fts5.html#full_text_query_syntax)
// over article titles, bodies and quote texts and returns the best limit
// hits, best first; limit <= 0 means no limit. An article can give a title
// hit, a body hit and one hit per matching quote. Column filters name
// what to search: "title:", "body:" or "text:" (quotes); a query that
// names only article columns finds no quotes and the other way round.
// Text is matched case-insensitively and without diacritics. A query that
// is not valid FTS5 gives an error wrapping ErrBadQuery. On PostgreSQL the
// query is read as pgSearchBranches says.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]Hit, error) {
	if strings.TrimSpace(query) == "" {
		return nil, fmt.Errorf("store: search: %w: empty query", ErrBadQuery)
	}
	if !balanced(query) {
		return nil, fmt.Errorf("store: search %q: %w: unbalanced parentheses or quotes", query, ErrBadQuery)
	}
	var err error
	var lim any = limit
	if limit <= 0 {
		lim = s.d.noLimit()
	}
	branches, match, only := searchBranches, query, ""
	if s.d.pg {
		branches = pgSearchBranches
		if only, match, err = pgColumnFilter(query); err != nil {
			return nil, err
		}
	}
	// One read transaction: the branches see the same snapshot.
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	defer tx.Rollback()

	var hits []Hit
	var unknown error // a column filter naming no column of some branch
	ran := 0
	for _, br := range branches {
		if only != "" && br.kind != only {
			continue
		}
		got, err := searchBranch(ctx, tx, br.kind, s.d.sql(br.sql), match, lim)
		if err != nil {
			err = searchError(query, err)
			if errors.Is(err, ErrBadQuery) && strings.Contains(err.Error(), "no such column") {
				unknown = err
				continue
			}
			return nil, err
		}
		ran++
		hits = append(hits, got...)
	}
	if ran == 0 {
		return nil, unknown
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if c := cmp.Compare(b.Rank, a.Rank); c != 0 {
			return c
		}
		return cmp.Compare(a.ArticleID, b.ArticleID)
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}

func searchBranch(ctx context.Context, tx *sql.Tx, kind, query, match string, limit any) ([]Hit, error) {
	rows, err := tx.QueryContext(ctx, query, match, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hits []Hit
	for rows.Next() {
		h := Hit{Kind: kind}
		var bm25 float64
		if err := rows.Scan(&h.ArticleID, &h.Snippet, &bm25); err != nil {
			return nil, err
		}
		h.Rank = -bm25
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// balanced reports whether the parentheses of an FTS5 query balance
// outside its double-quoted strings (in which "" is a quote), and every
// string is closed.
func balanced(q string) bool {
	depth := 0
	in := false
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case in && c == '"':
			if i+1 < len(q) && q[i+1] == '"' {
				i++
			} else {
				in = false
			}
		case in:
		case c == '"':
			in = true
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0 && !in
}

// sqliteError is SQLite's primary result code for a generic error.
// FTS5 reports syntax errors, unknown columns and the like with it.
const sqliteError = 1

// sqliteCorrupt is the primary result code FTS5's integrity-check gives
// when an index and its content disagree.
const sqliteCorrupt = 11

// searchError tells a malformed query from a failing store. The SQL of
// the statements is fixed and known to be valid, so a plain SQLITE_ERROR
// from them can only come from the query text.
func searchError(query string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqliteError {
		msg := se.Error()
		// "SQL logic error: fts5: syntax error near ")" (1)" -> the middle.
		msg = strings.TrimPrefix(msg, "SQL logic error: ")
		if i := strings.LastIndex(msg, " ("); i > 0 && strings.HasSuffix(msg, ")") &&
			strings.Trim(msg[i+2:len(msg)-1], "0123456789") == "" {
			msg = msg[:i]
		}
		return fmt.Errorf("store: search %q: %w: %s", query, ErrBadQuery, msg)
	}
	return fmt.Errorf("store: search %q: %w", query, err)
}

// Stats counts what the store holds.
type Stats struct {
	Articles, Sentences, Tokens, Mentions, Entities, Places, Times, Quotes, Events int
}

// Stats counts the stored articles and facts.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	// One statement, so the counts come from one snapshot.
	err := s.queryRow(ctx, `SELECT
		(SELECT count(*) FROM articles),
		(SELECT count(*) FROM sentences),
		(SELECT coalesce(sum(token_count), 0) FROM article_tokens),
		(SELECT count(*) FROM mentions),
		(SELECT count(*) FROM entities),
		(SELECT count(*) FROM places),
		(SELECT count(*) FROM times),
		(SELECT count(*) FROM quotes),
		(SELECT count(*) FROM events)`).Scan(&st.Articles, &st.Sentences, &st.Tokens, &st.Mentions,
		&st.Entities, &st.Places, &st.Times, &st.Quotes, &st.Events)
	if err != nil {
		return Stats{}, fmt.Errorf("store: stats: %w", err)
	}
	return st, nil
}

// IntegrityCheck verifies the database: SQLite's integrity_check must say
// "ok", no foreign key may dangle, and both full-text indexes must agree
// with the tables they index (a trigger bug or a torn write would show up
// there first). The error says what failed.
//
// On PostgreSQL the server itself enforces the foreign keys and keeps the
// full-text columns in step (they are generated columns); the check
// confirms that the schema is this program's and that no fact row has an
// idx beyond its article's facts (a torn write would leave a gap).
func (s *Store) IntegrityCheck(ctx context.Context) error {
	if s.d.pg {
		return s.pgIntegrityCheck(ctx)
	}
	var problems []string
	rows, err := s.query(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	var said []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return fmt.Errorf("store: integrity check: %w", err)
		}
		said = append(said, line)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	if len(said) != 1 || said[0] != "ok" {
		problems = append(problems, "integrity_check: "+strings.Join(said, "; "))
	}

	rows, err = s.query(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("store: integrity check: foreign keys: %w", err)
	}
	n := 0
	first := ""
	for rows.Next() {
		var table, parent string
		var rowid, fkid any
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			rows.Close()
			return fmt.Errorf("store: integrity check: foreign keys: %w", err)
		}
		if n == 0 {
			first = fmt.Sprintf("%s row %v references a missing %s", table, rowid, parent)
		}
		n++
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("store: integrity check: foreign keys: %w", err)
	}
	if n > 0 {
		problems = append(problems, fmt.Sprintf("foreign_key_check: %d dangling rows, first: %s", n, first))
	}

	// 'integrity-check' with rank 1 also compares an external-content
	// index with its content table. It is an INSERT, so it goes through
	// the writer.
	for _, fts := range []struct{ index, table string }{{"articles_fts", "articles"}, {"quotes_fts", "quotes"}} {
		q := fmt.Sprintf(`INSERT INTO %[1]s (%[1]s, rank) VALUES ('integrity-check', 1)`, fts.index)
		if _, err := s.exec(ctx, q); err != nil {
			var se *sqlite.Error
			if errors.As(err, &se) && se.Code()&0xff == sqliteCorrupt {
				problems = append(problems, fmt.Sprintf("%s: the index does not match table %s", fts.index, fts.table))
			} else {
				problems = append(problems, fmt.Sprintf("%s: %v", fts.index, err))
			}
		}
	}

	if len(problems) > 0 {
		return fmt.Errorf("store: integrity check %s failed: %s", s.path, strings.Join(problems, "; "))
	}
	return nil
}
