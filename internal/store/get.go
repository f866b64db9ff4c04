package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/dyad-events/dyad/internal/doc"
)

// readStmts are the statements Get and Each run, prepared once per reading
// connection (database/sql prepares a *sql.Stmt lazily on each connection
// that uses it and keeps it there).
type readStmts struct {
	exact, prefix, page, article            *sql.Stmt
	sentences, tokens, mentions, entities   *sql.Stmt
	places, times, quotes, events, problems *sql.Stmt
	all                                     []*sql.Stmt
	text                                    map[*sql.Stmt]string // in the store's dialect
}

// loadOrder is the order in which load reads an article's statements
// (PostgreSQL sends them all at once, in this order).
func (rs *readStmts) loadOrder() []*sql.Stmt {
	return []*sql.Stmt{rs.article, rs.tokens, rs.sentences, rs.mentions, rs.entities, rs.places,
		rs.times, rs.quotes, rs.events, rs.problems}
}

func prepareRead(ctx context.Context, db *sql.DB, d dialect) (*readStmts, error) {
	rs := &readStmts{text: map[*sql.Stmt]string{}}
	// GLOB, unlike LIKE, is case-sensitive and so can use the index on id
	// for a literal prefix. In PostgreSQL, LIKE on a COLLATE "C" column
	// can. The prefix is checked to be hex first, so it holds no wildcard.
	prefix := `SELECT id FROM articles WHERE id GLOB ? || '*' ORDER BY id LIMIT 2`
	if d.pg {
		prefix = `SELECT id FROM articles WHERE id LIKE ? || '%' ORDER BY id LIMIT 2`
	}
	steps := []struct {
		dst   **sql.Stmt
		query string
	}{
		{&rs.exact, `SELECT id FROM articles WHERE id = ?`},
		{&rs.prefix, prefix},
		{&rs.page, `SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?`},
		{&rs.article, `SELECT url, outlet, title, language, published, published_text, date_precision,
			body, paragraphs, headings, ingest, schema_version FROM articles WHERE id = ?`},
		{&rs.sentences, `SELECT idx, start, "end", paragraph, first_token, end_token
			FROM sentences WHERE article_id = ? ORDER BY idx`},
		{&rs.tokens, `SELECT tokens FROM article_tokens WHERE article_id = ?`},
		{&rs.mentions, `SELECT idx, start, "end", sentence, text, type, kind, entity, actor
			FROM mentions WHERE article_id = ? ORDER BY idx`},
		{&rs.entities, `SELECT idx, canonical, type, actor, role, place, mentions
			FROM entities WHERE article_id = ? ORDER BY idx`},
		{&rs.places, `SELECT idx, name, resolved, lat, lon, country, adm1, feature, gazetteer_id, confidence, mentions
			FROM places WHERE article_id = ? ORDER BY idx`},
		{&rs.times, `SELECT idx, start, "end", text, value, granularity, range_start, range_end, anchor, confidence
			FROM times WHERE article_id = ? ORDER BY idx`},
		{&rs.quotes, `SELECT idx, kind, text, content, cue_start, cue_end, speaker, speaker_mention, via, sentences, clause
			FROM quotes WHERE article_id = ? ORDER BY idx`},
		{&rs.events, `SELECT idx, code, root, quad_class, goldstein,
			source_code, source_name, source_entity, source_start, source_end,
			target_code, target_name, target_entity, target_start, target_end,
			date, time, place, modality, quote, sentence, start, "end", cue_start, cue_end,
			confidence, mention_count, issues, dictionary FROM events WHERE article_id = ? ORDER BY idx`},
		{&rs.problems, `SELECT idx, stage, start, "end", message FROM problems WHERE article_id = ? ORDER BY idx`},
	}
	for _, s := range steps {
		st, err := db.PrepareContext(ctx, d.sql(s.query))
		if err != nil {
			rs.close()
			return nil, fmt.Errorf("prepare %q: %w", s.query, err)
		}
		*s.dst = st
		rs.all = append(rs.all, st)
		rs.text[st] = d.sql(s.query)
	}
	return rs, nil
}

func (rs *readStmts) close() error {
	var errs []error
	for _, st := range rs.all {
		errs = append(errs, st.Close())
	}
	rs.all = nil
	return errors.Join(errs...)
}

// Has reports whether an article with exactly this id is stored. Unlike
// Get it does not accept a prefix: it answers "is this article new?".
func (s *Store) Has(ctx context.Context, id string) (bool, error) {
	var got string
	switch err := s.rs.exact.QueryRowContext(ctx, id).Scan(&got); {
	case err == nil:
		return true, nil
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	default:
		return false, fmt.Errorf("store: has %s: %w", id, err)
	}
}

// Get loads the document stored for id, which is a full article id or a
// prefix of one at least four hex digits long that no other id shares.
// The error wraps ErrNotFound or ErrAmbiguous when id names no article or
// several.
//
// The document is what the latest Put of the article stored, except that
// metadata the latest document left empty comes from earlier ones (see
// Put). Times come back in the zone offset they were stored with.
func (s *Store) Get(ctx context.Context, id string) (*doc.Document, error) {
	d, err := s.get(ctx, id, true)
	if err != nil {
		return nil, fmt.Errorf("store: get %s: %w", id, err)
	}
	return d, nil
}

// get loads one document in a read transaction, so that it is one
// consistent snapshot even while a Put replaces the article's facts.
func (s *Store) get(ctx context.Context, id string, prefix bool) (*doc.Document, error) {
	if s.d.pg {
		return s.getPostgres(ctx, id, prefix)
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() // read only: nothing to commit
	l := loader{rs: s.rs, src: txSource{ctx, tx}}
	full, err := l.resolve(id, prefix)
	if err != nil {
		return nil, err
	}
	return l.load(full)
}

// loader reads one document from a source of rows.
type loader struct {
	rs  *readStmts
	src rowSource
}

// rowSource runs the read statements.
type rowSource interface {
	queryRow(st *sql.Stmt, args ...any) rowScanner
	query(st *sql.Stmt, args ...any) (rowIter, error)
}

// rowScanner is one row: *sql.Row, or a pgx row adapted.
type rowScanner interface{ Scan(dest ...any) error }

// rowIter is a result set: *sql.Rows, or pgx rows adapted.
type rowIter interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// txSource runs the statements in a database/sql transaction.
type txSource struct {
	ctx context.Context
	tx  *sql.Tx
}

func (t txSource) query(p *sql.Stmt, args ...any) (rowIter, error) {
	return t.tx.StmtContext(t.ctx, p).QueryContext(t.ctx, args...)
}

func (t txSource) queryRow(p *sql.Stmt, args ...any) rowScanner {
	return t.tx.StmtContext(t.ctx, p).QueryRowContext(t.ctx, args...)
}

func (l *loader) query(p *sql.Stmt, args ...any) (rowIter, error) { return l.src.query(p, args...) }
func (l *loader) queryRow(p *sql.Stmt, args ...any) rowScanner    { return l.src.queryRow(p, args...) }

// resolve turns an id or unique id prefix into a full id.
func (l *loader) resolve(id string, prefix bool) (string, error) {
	var full string
	err := l.queryRow(l.rs.exact, id).Scan(&full)
	if err == nil {
		return full, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	if !prefix {
		return "", ErrNotFound
	}
	p := strings.ToLower(id)
	if len(p) < minPrefix || strings.Trim(p, "0123456789abcdef") != "" {
		return "", fmt.Errorf("%w (a prefix must be at least %d hex digits)", ErrNotFound, minPrefix)
	}
	rows, err := l.query(l.rs.prefix, p)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		if err := rows.Scan(&full); err != nil {
			return "", err
		}
		ids = append(ids, full)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	switch len(ids) {
	case 0:
		return "", ErrNotFound
	case 1:
		return ids[0], nil
	default:
		return "", fmt.Errorf("%w: matches %s, %s, ...", ErrAmbiguous, ids[0], ids[1])
	}
}

// load reads the article id and all its facts.
func (l *loader) load(id string) (*doc.Document, error) {
	d := &doc.Document{}
	a := &d.Article
	a.ID = id
	var published string
	var paragraphs, headings sql.NullString
	var ingest string
	err := l.queryRow(l.rs.article, id).Scan(&a.URL, &a.Outlet, &a.Title, &a.Language, &published,
		&a.PublishedText, &a.DatePrecision, &a.Body, &paragraphs, &headings, &ingest, &d.SchemaVersion)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("article: %w", err)
	}
	if a.Published, err = parseZoned(published); err != nil {
		return nil, fmt.Errorf("article: published: %w", err)
	}
	if err := unmarshalList(paragraphs, &a.Paragraphs); err != nil {
		return nil, fmt.Errorf("article: paragraphs: %w", err)
	}
	if err := unmarshalList(headings, &a.Headings); err != nil {
		return nil, fmt.Errorf("article: headings: %w", err)
	}
	if err := json.Unmarshal([]byte(ingest), &a.Ingest); err != nil {
		return nil, fmt.Errorf("article: ingest: %w", err)
	}

	var tokens string
	switch err := l.queryRow(l.rs.tokens, id).Scan(&tokens); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, fmt.Errorf("tokens: %w", err)
	default:
		if d.Tokens, err = decodeTokens(tokens); err != nil {
			return nil, err
		}
	}

	steps := []struct {
		name string
		st   *sql.Stmt
		scan func(rowIter) error
	}{
		{"sentences", l.rs.sentences, func(r rowIter) error {
			var x doc.Sentence
			if err := scanIdx(r, len(d.Sentences), &x.Span.Start, &x.Span.End, &x.Paragraph,
				&x.FirstToken, &x.EndToken); err != nil {
				return err
			}
			d.Sentences = append(d.Sentences, x)
			return nil
		}},
		{"mentions", l.rs.mentions, func(r rowIter) error {
			var x doc.Mention
			var entity sql.NullInt64
			if err := scanIdx(r, len(d.Mentions), &x.Span.Start, &x.Span.End, &x.Sentence, &x.Text,
				&x.Type, &x.Kind, &entity, &x.Actor); err != nil {
				return err
			}
			x.Entity = deref(entity)
			d.Mentions = append(d.Mentions, x)
			return nil
		}},
		{"entities", l.rs.entities, func(r rowIter) error {
			var x doc.Entity
			var place sql.NullInt64
			var mentions sql.NullString
			if err := scanIdx(r, len(d.Entities), &x.Canonical, &x.Type, &x.Actor, &x.Role,
				&place, &mentions); err != nil {
				return err
			}
			x.Place = deref(place)
			if err := unmarshalList(mentions, &x.Mentions); err != nil {
				return err
			}
			d.Entities = append(d.Entities, x)
			return nil
		}},
		{"places", l.rs.places, func(r rowIter) error {
			var x doc.Place
			var mentions sql.NullString
			var resolved int64 // 0 or 1: pgx will not scan an integer into a bool
			if err := scanIdx(r, len(d.Places), &x.Name, &resolved, &x.Lat, &x.Lon, &x.Country,
				&x.ADM1, &x.Feature, &x.GazetteerID, &x.Confidence, &mentions); err != nil {
				return err
			}
			x.Resolved = resolved != 0
			if err := unmarshalList(mentions, &x.Mentions); err != nil {
				return err
			}
			d.Places = append(d.Places, x)
			return nil
		}},
		{"times", l.rs.times, func(r rowIter) error {
			var x doc.Timex
			if err := scanIdx(r, len(d.Times), &x.Span.Start, &x.Span.End, &x.Text, &x.Value,
				&x.Granularity, &x.Start, &x.End, &x.Anchor, &x.Confidence); err != nil {
				return err
			}
			d.Times = append(d.Times, x)
			return nil
		}},
		{"quotes", l.rs.quotes, func(r rowIter) error {
			var x doc.Quote
			var content, via, sentences, clause sql.NullString
			var speaker, speakerMention sql.NullInt64
			if err := scanIdx(r, len(d.Quotes), &x.Kind, &x.Text, &content, &x.Cue.Start, &x.Cue.End,
				&speaker, &speakerMention, &via, &sentences, &clause); err != nil {
				return err
			}
			if err := unmarshalList(clause, &x.Clause); err != nil {
				return err
			}
			x.Speaker, x.SpeakerMention = deref(speaker), deref(speakerMention)
			if err := unmarshalList(content, &x.Content); err != nil {
				return err
			}
			if err := unmarshalList(via, &x.Via); err != nil {
				return err
			}
			if err := unmarshalList(sentences, &x.Sentences); err != nil {
				return err
			}
			d.Quotes = append(d.Quotes, x)
			return nil
		}},
		{"events", l.rs.events, func(r rowIter) error {
			var x doc.Event
			var srcEntity, tgtEntity, time, place, quote sql.NullInt64
			var issues sql.NullString
			if err := scanIdx(r, len(d.Events), &x.Code, &x.Root, &x.QuadClass, &x.Goldstein,
				&x.Source.Code, &x.Source.Name, &srcEntity, &x.Source.Mention.Start, &x.Source.Mention.End,
				&x.Target.Code, &x.Target.Name, &tgtEntity, &x.Target.Mention.Start, &x.Target.Mention.End,
				&x.Date, &time, &place, &x.Modality, &quote, &x.Sentence,
				&x.Span.Start, &x.Span.End, &x.Cue.Start, &x.Cue.End, &x.Confidence, &x.MentionCount,
				&issues, &x.Dictionary); err != nil {
				return err
			}
			if err := unmarshalList(issues, &x.Issues); err != nil {
				return err
			}
			x.Source.Entity, x.Target.Entity = deref(srcEntity), deref(tgtEntity)
			x.Time, x.Place, x.Quote = deref(time), deref(place), deref(quote)
			d.Events = append(d.Events, x)
			return nil
		}},
		{"problems", l.rs.problems, func(r rowIter) error {
			var x doc.Problem
			if err := scanIdx(r, len(d.Problems), &x.Stage, &x.Span.Start, &x.Span.End, &x.Message); err != nil {
				return err
			}
			d.Problems = append(d.Problems, x)
			return nil
		}},
	}
	for _, step := range steps {
		if err := l.each(step.st, id, step.scan); err != nil {
			return nil, fmt.Errorf("%s: %w", step.name, err)
		}
	}
	return d, nil
}

func (l *loader) each(st *sql.Stmt, id string, scan func(rowIter) error) error {
	rows, err := l.query(st, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// scanIdx scans a row whose first column is idx, and checks that idx is
// the next index: the rows must be exactly the slice Put was given, with
// no gap that would silently shift every cross reference after it.
func scanIdx(r rowIter, want int, dest ...any) error {
	var idx int
	if err := r.Scan(append([]any{&idx}, dest...)...); err != nil {
		return err
	}
	if idx != want {
		return fmt.Errorf("row idx %d where %d was expected", idx, want)
	}
	return nil
}

// deref is the inverse of ref.
func deref(n sql.NullInt64) int {
	if !n.Valid {
		return -1
	}
	return int(n.Int64)
}

// unmarshalList is the inverse of jsonList.
func unmarshalList[T any](s sql.NullString, dst *[]T) error {
	if !s.Valid {
		*dst = nil
		return nil
	}
	return json.Unmarshal([]byte(s.String), dst)
}

// eachPage is how many ids Each reads at a time: memory stays bounded by a
// page of ids and one document, however large the store.
const eachPage = 256

// Each calls fn for every stored document in id order. It holds no
// transaction or connection while fn runs, so fn may take its time or use
// the store; each document is a consistent snapshot, but documents Put
// while Each runs may or may not be seen. Each stops at the first error
// from fn and returns that error unchanged.
func (s *Store) Each(ctx context.Context, fn func(*doc.Document) error) error {
	last := ""
	ids := make([]string, 0, eachPage)
	for {
		ids = ids[:0]
		rows, err := s.rs.page.QueryContext(ctx, last, eachPage)
		if err != nil {
			return fmt.Errorf("store: each: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("store: each: %w", err)
			}
			ids = append(ids, id)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("store: each: %w", err)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: each: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		for _, id := range ids {
			d, err := s.get(ctx, id, false)
			if errors.Is(err, ErrNotFound) {
				continue // cannot happen today (nothing deletes), but harmless
			}
			if err != nil {
				return fmt.Errorf("store: each: get %s: %w", id, err)
			}
			if err := fn(d); err != nil {
				return err
			}
		}
		last = ids[len(ids)-1]
	}
}
