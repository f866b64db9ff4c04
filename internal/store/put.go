package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
)

// PutResult counts what a Put did.
type PutResult struct {
	Added   int // documents whose article id was new
	Updated int // documents whose article id was already stored, now reprocessed
}

// factTable is a table of one kind of fact, keyed (article_id, idx) but
// for article_tokens. The columns are in the order facts passes values.
type factTable struct {
	name string
	cols []string
}

// insertSQL is the INSERT of one row.
func (t *factTable) insertSQL() string {
	quoted := make([]string, len(t.cols))
	for i, c := range t.cols {
		quoted[i] = `"` + c + `"`
	}
	return "INSERT INTO " + t.name + " (" + strings.Join(quoted, ", ") + ") VALUES (?" +
		strings.Repeat(", ?", len(t.cols)-1) + ")"
}

var (
	sentenceRows = &factTable{"sentences", []string{"article_id", "idx", "start", "end", "paragraph", "first_token", "end_token"}}
	tokenRows    = &factTable{"article_tokens", []string{"article_id", "token_count", "tokens"}}
	mentionRows  = &factTable{"mentions", []string{"article_id", "idx", "start", "end", "sentence", "text", "type", "kind", "entity", "actor"}}
	entityRows   = &factTable{"entities", []string{"article_id", "idx", "canonical", "type", "actor", "role", "place", "mentions"}}
	placeRows    = &factTable{"places", []string{"article_id", "idx", "name", "resolved", "lat", "lon", "country", "adm1", "feature",
		"gazetteer_id", "confidence", "mentions"}}
	timeRows = &factTable{"times", []string{"article_id", "idx", "start", "end", "text", "value", "granularity", "range_start",
		"range_end", "anchor", "confidence"}}
	quoteRows = &factTable{"quotes", []string{"article_id", "idx", "kind", "text", "content", "cue_start", "cue_end", "speaker",
		"speaker_mention", "via", "sentences", "clause"}}
	eventRows = &factTable{"events", []string{"article_id", "idx", "code", "root", "quad_class", "goldstein",
		"source_code", "source_name", "source_entity", "source_start", "source_end",
		"target_code", "target_name", "target_entity", "target_start", "target_end",
		"date", "time", "place", "modality", "quote", "sentence", "start", "end", "cue_start", "cue_end",
		"confidence", "mention_count", "issues", "dictionary"}}
	problemRows = &factTable{"problems", []string{"article_id", "idx", "stage", "start", "end", "message"}}
)

// factTables hold an article's facts, cleared before a reprocessed
// document's facts are written. article_sources is not among them:
// provenance accumulates.
var factTables = []*factTable{sentenceRows, tokenRows, mentionRows, entityRows, placeRows, timeRows, quoteRows, eventRows, problemRows}

// upsertArticle writes an article row.
const upsertArticle = `
INSERT INTO articles (id, url, outlet, title, language, published, published_utc,
	published_text, date_precision, body, paragraphs, headings, ingest,
	schema_version, first_ingested_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
	-- Metadata: a new non-empty value wins; an empty one keeps what an
	-- earlier source said (one feed gives the URL, another the title).
	url            = coalesce(nullif(excluded.url, ''), articles.url),
	outlet         = coalesce(nullif(excluded.outlet, ''), articles.outlet),
	title          = coalesce(nullif(excluded.title, ''), articles.title),
	language       = coalesce(nullif(excluded.language, ''), articles.language),
	published      = coalesce(nullif(excluded.published, ''), articles.published),
	published_utc  = CASE WHEN excluded.published <> '' THEN excluded.published_utc ELSE articles.published_utc END,
	published_text = coalesce(nullif(excluded.published_text, ''), articles.published_text),
	date_precision = coalesce(nullif(excluded.date_precision, ''), articles.date_precision),
	-- The text and its layout always come from the new document: the new
	-- facts' spans point into this body, which may differ from the old in
	-- whitespace although the id (a hash of collapsed text) is the same.
	body           = excluded.body,
	paragraphs     = excluded.paragraphs,
	headings       = excluded.headings,
	ingest         = excluded.ingest,
	schema_version = excluded.schema_version,
	first_ingested_at = CASE
		WHEN articles.first_ingested_at IS NULL OR excluded.first_ingested_at < articles.first_ingested_at
		THEN excluded.first_ingested_at ELSE articles.first_ingested_at END,
	updated_at     = excluded.updated_at`

// Put's statements besides the fact inserts.
const (
	sourceSQL = `INSERT INTO article_sources (article_id, source, line, external_id, format, ingested_at)
	VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
	// The stories of the earliest stored articles that share a band with
	// the fingerprint, oldest first.
	storyCandidatesSQL = `SELECT s.story_id, s.signature FROM article_stories AS s JOIN articles AS a ON a.id = s.article_id
	WHERE (s.band0 = ?1 OR s.band1 = ?2 OR s.band2 = ?3 OR s.band3 = ?4 OR s.band4 = ?5 OR s.band5 = ?6
		OR s.band6 = ?7 OR s.band7 = ?8) AND s.article_id != ?9
	ORDER BY a.seq LIMIT 100`
	storySQL = `INSERT INTO article_stories (article_id, story_id, signature, band0, band1, band2, band3,
	band4, band5, band6, band7) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, signature = excluded.signature,
	band0 = excluded.band0, band1 = excluded.band1, band2 = excluded.band2, band3 = excluded.band3,
	band4 = excluded.band4, band5 = excluded.band5, band6 = excluded.band6, band7 = excluded.band7`
)

// putTx is one Put transaction, in its store's dialect: what batch needs
// of it.
type putTx interface {
	// upsert writes the article row (upsertArticle's parameters) and
	// reports whether the article was stored before.
	upsert(args ...any) (existed bool, err error)
	// exec runs sourceSQL or storySQL.
	exec(query string, args ...any) error
	// storyCandidates runs storyCandidatesSQL.
	storyCandidates(args ...any) (rowIter, error)
	// clear deletes every fact of article id.
	clear(id string) error
	// insert adds one fact row to t.
	insert(t *factTable, args ...any) error
}

// writeStmts are the statements a SQLite Put runs, prepared once on the
// writing connection and bound to each batch's transaction with
// Tx.StmtContext, which reuses the compiled statement rather than
// preparing it again.
type writeStmts struct {
	exists, upsert, source, storyCands, story *sql.Stmt
	del, insert                               map[*factTable]*sql.Stmt
	all                                       []*sql.Stmt
}

func prepareWrite(ctx context.Context, db *sql.DB) (*writeStmts, error) {
	ws := &writeStmts{del: map[*factTable]*sql.Stmt{}, insert: map[*factTable]*sql.Stmt{}}
	prep := func(query string) (*sql.Stmt, error) {
		st, err := db.PrepareContext(ctx, query)
		if err != nil {
			return nil, fmt.Errorf("prepare %q: %w", query, err)
		}
		ws.all = append(ws.all, st)
		return st, nil
	}
	var err error
	for _, s := range []struct {
		dst   **sql.Stmt
		query string
	}{
		{&ws.exists, `SELECT 1 FROM articles WHERE id = ?`},
		{&ws.upsert, upsertArticle},
		{&ws.source, sourceSQL},
		{&ws.storyCands, storyCandidatesSQL},
		{&ws.story, storySQL},
	} {
		if *s.dst, err = prep(s.query); err != nil {
			ws.close()
			return nil, err
		}
	}
	for _, t := range factTables {
		if ws.insert[t], err = prep(t.insertSQL()); err != nil {
			ws.close()
			return nil, err
		}
		if ws.del[t], err = prep(`DELETE FROM ` + t.name + ` WHERE article_id = ?`); err != nil {
			ws.close()
			return nil, err
		}
	}
	return ws, nil
}

func (ws *writeStmts) close() error {
	var errs []error
	for _, st := range ws.all {
		errs = append(errs, st.Close())
	}
	ws.all = nil
	return errors.Join(errs...)
}

// Put stores a batch of documents in one transaction. For each document it
// upserts the article (same id, same article: the first ingestion time is
// kept, metadata takes the new non-empty values, body and ingest details
// are replaced), records the source in article_sources, deletes every fact
// stored for the article before and inserts the document's facts. Either
// the whole batch is committed or nothing of it is.
//
// A document whose id appears twice in one batch is stored twice, the
// later one winning, and counted once as added and once as updated.
func (s *Store) Put(ctx context.Context, docs []*doc.Document) (PutResult, error) {
	for i, d := range docs {
		if d == nil {
			return PutResult{}, fmt.Errorf("store: put: document %d is nil", i)
		}
		if d.Article.ID == "" {
			return PutResult{}, fmt.Errorf("store: put: document %d has no article id", i)
		}
	}
	if len(docs) == 0 {
		return PutResult{}, nil
	}
	if s.d.pg {
		return s.putPostgres(ctx, docs)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return PutResult{}, fmt.Errorf("store: put: begin: %w", err)
	}
	defer tx.Rollback() // no-op after Commit

	w := &sqliteTx{ctx: ctx, tx: tx, ws: s.ws, stmts: map[*sql.Stmt]*sql.Stmt{}}
	res, err := putAll(w, docs, s.now())
	if err != nil {
		return PutResult{}, err
	}
	if err := tx.Commit(); err != nil {
		return PutResult{}, fmt.Errorf("store: put: commit: %w", err)
	}
	return res, nil
}

// putAll writes docs through w.
func putAll(w putTx, docs []*doc.Document, now time.Time) (PutResult, error) {
	var res PutResult
	b := &batch{w: w, now: formatUTC(now)}
	for _, d := range docs {
		existed, err := b.put(d)
		if err != nil {
			return PutResult{}, fmt.Errorf("store: put %s: %w", d.Article.ID, err)
		}
		if existed {
			res.Updated++
		} else {
			res.Added++
		}
	}
	return res, nil
}

// sqliteTx is a putTx on SQLite's prepared statements.
type sqliteTx struct {
	ctx   context.Context
	tx    *sql.Tx
	ws    *writeStmts
	stmts map[*sql.Stmt]*sql.Stmt // prepared statement -> its binding to tx
}

// st returns the transaction's binding of a prepared statement, binding it
// on first use: each statement is bound once per batch, not once per row.
func (w *sqliteTx) st(p *sql.Stmt) *sql.Stmt {
	if t, ok := w.stmts[p]; ok {
		return t
	}
	t := w.tx.StmtContext(w.ctx, p)
	w.stmts[p] = t
	return t
}

func (w *sqliteTx) upsert(args ...any) (bool, error) {
	var one int
	existed := false
	switch err := w.st(w.ws.exists).QueryRowContext(w.ctx, args[0]).Scan(&one); {
	case err == nil:
		existed = true
	case errors.Is(err, sql.ErrNoRows):
	default:
		return false, fmt.Errorf("look up: %w", err)
	}
	_, err := w.st(w.ws.upsert).ExecContext(w.ctx, args...)
	return existed, err
}

func (w *sqliteTx) exec(query string, args ...any) error {
	p := w.ws.source
	if query == storySQL {
		p = w.ws.story
	}
	_, err := w.st(p).ExecContext(w.ctx, args...)
	return err
}

func (w *sqliteTx) storyCandidates(args ...any) (rowIter, error) {
	return w.st(w.ws.storyCands).QueryContext(w.ctx, args...)
}

func (w *sqliteTx) clear(id string) error {
	for _, t := range factTables {
		if _, err := w.st(w.ws.del[t]).ExecContext(w.ctx, id); err != nil {
			return fmt.Errorf("delete %s: %w", t.name, err)
		}
	}
	return nil
}

func (w *sqliteTx) insert(t *factTable, args ...any) error {
	_, err := w.st(w.ws.insert[t]).ExecContext(w.ctx, args...)
	return err
}

// batch is the state of one Put transaction.
type batch struct {
	w   putTx
	now any
	buf []byte // reused by the token encoder
}

// row inserts fact idx (-1: the only one) into t. A number that is not
// finite is refused here: SQLite would refuse NaN only (as NULL in a NOT
// NULL column) and PostgreSQL would store both, for JSON to choke on
// later.
func (b *batch) row(t *factTable, idx int, args ...any) error {
	for i, a := range args {
		if f, ok := a.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
			return fmt.Errorf("%s %d: %s is %v, not a finite number", t.name, idx, t.cols[i], f)
		}
	}
	if err := b.w.insert(t, args...); err != nil {
		if idx >= 0 {
			return fmt.Errorf("%s %d: %w", t.name, idx, err)
		}
		return fmt.Errorf("%s: %w", t.name, err)
	}
	return nil
}

// put writes one document and reports whether its article was already
// stored.
func (b *batch) put(d *doc.Document) (existed bool, err error) {
	a := &d.Article
	id := a.ID

	paragraphs, err := jsonList(a.Paragraphs)
	if err != nil {
		return false, fmt.Errorf("paragraphs: %w", err)
	}
	headings, err := jsonList(a.Headings)
	if err != nil {
		return false, fmt.Errorf("headings: %w", err)
	}
	ingest, err := json.Marshal(a.Ingest)
	if err != nil {
		return false, fmt.Errorf("ingest: %w", err)
	}
	existed, err = b.w.upsert(
		id, a.URL, a.Outlet, a.Title, a.Language,
		formatZoned(a.Published), formatUTC(a.Published), a.PublishedText, a.DatePrecision,
		a.Body, paragraphs, headings, string(ingest), d.SchemaVersion,
		formatUTC(a.Ingest.IngestedAt), b.now)
	if err != nil {
		return false, fmt.Errorf("article: %w", err)
	}
	in := &a.Ingest
	if err := b.w.exec(sourceSQL, id, in.Source, in.Line, in.ExternalID, in.Format, formatUTC(in.IngestedAt)); err != nil {
		return false, fmt.Errorf("source: %w", err)
	}

	if err := b.linkStory(id, a.Body); err != nil {
		return false, err
	}
	if existed {
		if err := b.w.clear(id); err != nil {
			return false, err
		}
	}
	return existed, b.facts(d)
}

// facts inserts the document's derived rows.
func (b *batch) facts(d *doc.Document) error {
	id := d.Article.ID
	for i, x := range d.Sentences {
		if err := b.row(sentenceRows, i,
			id, i, x.Span.Start, x.Span.End, x.Paragraph, x.FirstToken, x.EndToken); err != nil {
			return err
		}
	}
	if len(d.Tokens) > 0 {
		b.buf = appendTokens(b.buf[:0], d.Tokens)
		if err := b.row(tokenRows, -1, id, len(d.Tokens), string(b.buf)); err != nil {
			return err
		}
	}
	for i, x := range d.Mentions {
		if err := b.row(mentionRows, i,
			id, i, x.Span.Start, x.Span.End, x.Sentence, x.Text, x.Type, x.Kind, ref(x.Entity), x.Actor); err != nil {
			return err
		}
	}
	for i, x := range d.Entities {
		mentions, err := jsonList(x.Mentions)
		if err != nil {
			return fmt.Errorf("entity %d: %w", i, err)
		}
		if err := b.row(entityRows, i,
			id, i, x.Canonical, x.Type, x.Actor, x.Role, ref(x.Place), mentions); err != nil {
			return err
		}
	}
	for i, x := range d.Places {
		mentions, err := jsonList(x.Mentions)
		if err != nil {
			return fmt.Errorf("place %d: %w", i, err)
		}
		resolved := 0
		if x.Resolved {
			resolved = 1
		}
		if err := b.row(placeRows, i,
			id, i, x.Name, resolved, x.Lat, x.Lon, x.Country, x.ADM1, x.Feature,
			x.GazetteerID, x.Confidence, mentions); err != nil {
			return err
		}
	}
	for i, x := range d.Times {
		if err := b.row(timeRows, i,
			id, i, x.Span.Start, x.Span.End, x.Text, x.Value, x.Granularity, x.Start, x.End,
			x.Anchor, x.Confidence); err != nil {
			return err
		}
	}
	for i, x := range d.Quotes {
		content, err := jsonList(x.Content)
		if err != nil {
			return fmt.Errorf("quote %d: %w", i, err)
		}
		via, err := jsonList(x.Via)
		if err != nil {
			return fmt.Errorf("quote %d: %w", i, err)
		}
		sentences, err := jsonList(x.Sentences)
		if err != nil {
			return fmt.Errorf("quote %d: %w", i, err)
		}
		clause, err := jsonList(x.Clause)
		if err != nil {
			return fmt.Errorf("quote %d: %w", i, err)
		}
		if err := b.row(quoteRows, i,
			id, i, x.Kind, x.Text, content, x.Cue.Start, x.Cue.End, ref(x.Speaker),
			ref(x.SpeakerMention), via, sentences, clause); err != nil {
			return err
		}
	}
	for i, x := range d.Events {
		issues, err := jsonList(x.Issues)
		if err != nil {
			return fmt.Errorf("event %d: %w", i, err)
		}
		if err := b.row(eventRows, i,
			id, i, x.Code, x.Root, x.QuadClass, x.Goldstein,
			x.Source.Code, x.Source.Name, ref(x.Source.Entity), x.Source.Mention.Start, x.Source.Mention.End,
			x.Target.Code, x.Target.Name, ref(x.Target.Entity), x.Target.Mention.Start, x.Target.Mention.End,
			x.Date, ref(x.Time), ref(x.Place), x.Modality, ref(x.Quote), x.Sentence,
			x.Span.Start, x.Span.End, x.Cue.Start, x.Cue.End, x.Confidence, x.MentionCount, issues, x.Dictionary); err != nil {
			return err
		}
	}
	for i, x := range d.Problems {
		if err := b.row(problemRows, i,
			id, i, x.Stage, x.Span.Start, x.Span.End, x.Message); err != nil {
			return err
		}
	}
	return nil
}

// ref stores a cross reference: doc's -1 ("none") becomes SQL NULL, so
// that joins and IS NULL read naturally. Any other value is kept as is,
// so a round trip is exact even for a malformed reference.
func ref(i int) any {
	if i == -1 {
		return nil
	}
	return i
}

// jsonList encodes a list column: NULL for a nil slice, JSON otherwise
// (so an empty, non-nil slice stays empty rather than becoming nil).
func jsonList[T any](v []T) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}
