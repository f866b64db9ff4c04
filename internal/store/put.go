package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dyad-events/dyad/internal/doc"
)

// PutResult counts what a Put did.
type PutResult struct {
	Added   int // documents whose article id was new
	Updated int // documents whose article id was already stored, now reprocessed
}

// derivedTables are the tables that hold an article's facts, cleared
// before a reprocessed document's facts are written. article_sources is
// not among them: provenance accumulates.
var derivedTables = []string{
	"sentences", "article_tokens", "mentions", "entities", "places",
	"times", "quotes", "events", "problems",
}

// writeStmts are the statements Put runs, prepared once on the writing
// connection and bound to each batch's transaction with Tx.StmtContext,
// which reuses the compiled statement rather than preparing it again.
type writeStmts struct {
	exists, upsert, source                   *sql.Stmt
	del                                      []*sql.Stmt // parallel to derivedTables
	sentence, tokens, mention, entity, place *sql.Stmt
	timex, quote, event, problem             *sql.Stmt
	storyCands, story                        *sql.Stmt
	all                                      []*sql.Stmt
}

const upsertArticle = `
INSERT INTO articles (id, url, outlet, title, language, published, published_utc,
	published_text, date_precision, body, paragraphs, headings, ingest,
	schema_version, first_ingested_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
	-- Metadata: a new non-empty value wins; an empty one keeps what an
	-- earlier source said (one feed gives the URL, another the title).
	url            = coalesce(nullif(excluded.url, ''), url),
	outlet         = coalesce(nullif(excluded.outlet, ''), outlet),
	title          = coalesce(nullif(excluded.title, ''), title),
	language       = coalesce(nullif(excluded.language, ''), language),
	published      = coalesce(nullif(excluded.published, ''), published),
	published_utc  = CASE WHEN excluded.published <> '' THEN excluded.published_utc ELSE published_utc END,
	published_text = coalesce(nullif(excluded.published_text, ''), published_text),
	date_precision = coalesce(nullif(excluded.date_precision, ''), date_precision),
	-- The text and its layout always come from the new document: the new
	-- facts' spans point into this body, which may differ from the old in
	-- whitespace although the id (a hash of collapsed text) is the same.
	body           = excluded.body,
	paragraphs     = excluded.paragraphs,
	headings       = excluded.headings,
	ingest         = excluded.ingest,
	schema_version = excluded.schema_version,
	first_ingested_at = CASE
		WHEN first_ingested_at IS NULL OR excluded.first_ingested_at < first_ingested_at
		THEN excluded.first_ingested_at ELSE first_ingested_at END,
	updated_at     = excluded.updated_at`

func prepareWrite(ctx context.Context, db *sql.DB) (*writeStmts, error) {
	ws := &writeStmts{}
	prep := func(dst **sql.Stmt, query string) error {
		st, err := db.PrepareContext(ctx, query)
		if err != nil {
			return fmt.Errorf("prepare %q: %w", query, err)
		}
		*dst = st
		ws.all = append(ws.all, st)
		return nil
	}
	steps := []struct {
		dst   **sql.Stmt
		query string
	}{
		{&ws.exists, `SELECT 1 FROM articles WHERE id = ?`},
		{&ws.upsert, upsertArticle},
		{&ws.source, `INSERT INTO article_sources (article_id, source, line, external_id, format, ingested_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`},
		{&ws.sentence, `INSERT INTO sentences (article_id, idx, start, "end", paragraph, first_token, end_token)
			VALUES (?, ?, ?, ?, ?, ?, ?)`},
		{&ws.tokens, `INSERT INTO article_tokens (article_id, token_count, tokens) VALUES (?, ?, ?)`},
		{&ws.mention, `INSERT INTO mentions (article_id, idx, start, "end", sentence, text, type, kind, entity, actor)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&ws.entity, `INSERT INTO entities (article_id, idx, canonical, type, actor, role, place, mentions)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`},
		{&ws.place, `INSERT INTO places (article_id, idx, name, resolved, lat, lon, country, adm1, feature,
			gazetteer_id, confidence, mentions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&ws.timex, `INSERT INTO times (article_id, idx, start, "end", text, value, granularity, range_start,
			range_end, anchor, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&ws.quote, `INSERT INTO quotes (article_id, idx, kind, text, content, cue_start, cue_end, speaker,
			speaker_mention, via, sentences, clause) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&ws.event, `INSERT INTO events (article_id, idx, code, root, quad_class, goldstein,
			source_code, source_name, source_entity, source_start, source_end,
			target_code, target_name, target_entity, target_start, target_end,
			date, time, place, modality, quote, sentence, start, "end", cue_start, cue_end,
			confidence, mention_count)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		// The stories of the earliest stored articles that share a band
		// with the fingerprint, oldest first.
		{&ws.storyCands, `SELECT s.story_id, s.signature FROM article_stories AS s JOIN articles AS a ON a.id = s.article_id
			WHERE (s.band0 = ?1 OR s.band1 = ?2 OR s.band2 = ?3 OR s.band3 = ?4 OR s.band4 = ?5 OR s.band5 = ?6
				OR s.band6 = ?7 OR s.band7 = ?8) AND s.article_id != ?9
			ORDER BY a.seq LIMIT 100`},
		{&ws.story, `INSERT INTO article_stories (article_id, story_id, signature, band0, band1, band2, band3,
			band4, band5, band6, band7) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, signature = excluded.signature,
			band0 = excluded.band0, band1 = excluded.band1, band2 = excluded.band2, band3 = excluded.band3,
			band4 = excluded.band4, band5 = excluded.band5, band6 = excluded.band6, band7 = excluded.band7`},
		{&ws.problem, `INSERT INTO problems (article_id, idx, stage, start, "end", message) VALUES (?, ?, ?, ?, ?, ?)`},
	}
	for _, s := range steps {
		if err := prep(s.dst, s.query); err != nil {
			ws.close()
			return nil, err
		}
	}
	ws.del = make([]*sql.Stmt, len(derivedTables))
	for i, t := range derivedTables {
		if err := prep(&ws.del[i], `DELETE FROM `+t+` WHERE article_id = ?`); err != nil {
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
func (s *SQLite) Put(ctx context.Context, docs []*doc.Document) (PutResult, error) {
	var res PutResult
	for i, d := range docs {
		if d == nil {
			return res, fmt.Errorf("store: put: document %d is nil", i)
		}
		if d.Article.ID == "" {
			return res, fmt.Errorf("store: put: document %d has no article id", i)
		}
	}
	if len(docs) == 0 {
		return res, nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("store: put: begin: %w", err)
	}
	defer tx.Rollback() // no-op after Commit

	b := &batch{ctx: ctx, tx: tx, ws: s.ws, stmts: map[*sql.Stmt]*sql.Stmt{}, now: formatUTC(s.now())}
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
	if err := tx.Commit(); err != nil {
		return PutResult{}, fmt.Errorf("store: put: commit: %w", err)
	}
	return res, nil
}

// batch is the state of one Put transaction.
type batch struct {
	ctx   context.Context
	tx    *sql.Tx
	ws    *writeStmts
	stmts map[*sql.Stmt]*sql.Stmt // prepared statement -> its binding to tx
	now   any
	buf   []byte // reused by the token encoder
}

// st returns the transaction's binding of a prepared statement, binding it
// on first use: each statement is bound once per batch, not once per row.
func (b *batch) st(p *sql.Stmt) *sql.Stmt {
	if t, ok := b.stmts[p]; ok {
		return t
	}
	t := b.tx.StmtContext(b.ctx, p)
	b.stmts[p] = t
	return t
}

func (b *batch) exec(p *sql.Stmt, what string, idx int, args ...any) error {
	if _, err := b.st(p).ExecContext(b.ctx, args...); err != nil {
		if idx >= 0 {
			return fmt.Errorf("%s %d: %w", what, idx, err)
		}
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// put writes one document and reports whether its article was already
// stored.
func (b *batch) put(d *doc.Document) (existed bool, err error) {
	a := &d.Article
	id := a.ID

	var one int
	switch err := b.st(b.ws.exists).QueryRowContext(b.ctx, id).Scan(&one); {
	case err == nil:
		existed = true
	case errors.Is(err, sql.ErrNoRows):
	default:
		return false, fmt.Errorf("look up: %w", err)
	}

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
	if err := b.exec(b.ws.upsert, "article", -1,
		id, a.URL, a.Outlet, a.Title, a.Language,
		formatZoned(a.Published), formatUTC(a.Published), a.PublishedText, a.DatePrecision,
		a.Body, paragraphs, headings, string(ingest), d.SchemaVersion,
		formatUTC(a.Ingest.IngestedAt), b.now); err != nil {
		return false, err
	}
	in := &a.Ingest
	if err := b.exec(b.ws.source, "source", -1,
		id, in.Source, in.Line, in.ExternalID, in.Format, formatUTC(in.IngestedAt)); err != nil {
		return false, err
	}

	if err := b.linkStory(id, a.Body); err != nil {
		return false, err
	}
	if existed {
		for i, del := range b.ws.del {
			if err := b.exec(del, "delete "+derivedTables[i], -1, id); err != nil {
				return false, err
			}
		}
	}
	return existed, b.facts(d)
}

// facts inserts the document's derived rows.
func (b *batch) facts(d *doc.Document) error {
	id := d.Article.ID
	ws := b.ws
	for i, x := range d.Sentences {
		if err := b.exec(ws.sentence, "sentence", i,
			id, i, x.Span.Start, x.Span.End, x.Paragraph, x.FirstToken, x.EndToken); err != nil {
			return err
		}
	}
	if len(d.Tokens) > 0 {
		b.buf = appendTokens(b.buf[:0], d.Tokens)
		if err := b.exec(ws.tokens, "tokens", -1, id, len(d.Tokens), string(b.buf)); err != nil {
			return err
		}
	}
	for i, x := range d.Mentions {
		if err := b.exec(ws.mention, "mention", i,
			id, i, x.Span.Start, x.Span.End, x.Sentence, x.Text, x.Type, x.Kind, ref(x.Entity), x.Actor); err != nil {
			return err
		}
	}
	for i, x := range d.Entities {
		mentions, err := jsonList(x.Mentions)
		if err != nil {
			return fmt.Errorf("entity %d: %w", i, err)
		}
		if err := b.exec(ws.entity, "entity", i,
			id, i, x.Canonical, x.Type, x.Actor, x.Role, ref(x.Place), mentions); err != nil {
			return err
		}
	}
	for i, x := range d.Places {
		mentions, err := jsonList(x.Mentions)
		if err != nil {
			return fmt.Errorf("place %d: %w", i, err)
		}
		if err := b.exec(ws.place, "place", i,
			id, i, x.Name, x.Resolved, x.Lat, x.Lon, x.Country, x.ADM1, x.Feature,
			x.GazetteerID, x.Confidence, mentions); err != nil {
			return err
		}
	}
	for i, x := range d.Times {
		if err := b.exec(ws.timex, "time", i,
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
		if err := b.exec(ws.quote, "quote", i,
			id, i, x.Kind, x.Text, content, x.Cue.Start, x.Cue.End, ref(x.Speaker),
			ref(x.SpeakerMention), via, sentences, clause); err != nil {
			return err
		}
	}
	for i, x := range d.Events {
		if err := b.exec(ws.event, "event", i,
			id, i, x.Code, x.Root, x.QuadClass, x.Goldstein,
			x.Source.Code, x.Source.Name, ref(x.Source.Entity), x.Source.Mention.Start, x.Source.Mention.End,
			x.Target.Code, x.Target.Name, ref(x.Target.Entity), x.Target.Mention.Start, x.Target.Mention.End,
			x.Date, ref(x.Time), ref(x.Place), x.Modality, ref(x.Quote), x.Sentence,
			x.Span.Start, x.Span.End, x.Cue.Start, x.Cue.End, x.Confidence, x.MentionCount); err != nil {
			return err
		}
	}
	for i, x := range d.Problems {
		if err := b.exec(ws.problem, "problem", i,
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
