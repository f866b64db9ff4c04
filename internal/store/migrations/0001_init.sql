-- 0001_init: the first dyad schema. See internal/store/doc.go for why it
-- looks the way it does. Applied inside one transaction by store.Open.
--
-- Conventions:
--   * Tables are STRICT: a value of the wrong type is an error, not a
--     silently converted value.
--   * Every derived table is keyed (article_id, idx), where idx is the
--     fact's index in its doc.Document slice, and cascades from articles.
--   * Cross references between facts (mentions.entity, events.place, ...)
--     are the same indexes as in doc.Document, NULL where the document has
--     -1 ("none"), so a join on (article_id, idx) follows them.
--   * Spans are byte offsets into articles.body: [start, end).
--   * Columns analysts filter on are real columns; lists that are only
--     ever read back whole are JSON text, NULL for a nil Go slice and '[]'
--     for an empty one so a round trip keeps the difference.

CREATE TABLE articles (
    -- seq is the rowid that articles_fts points at. It is an INTEGER
    -- PRIMARY KEY, not SQLite's implicit rowid, because VACUUM may renumber
    -- implicit rowids, which would silently break the external-content FTS
    -- index. The article's identity is id.
    seq               INTEGER PRIMARY KEY,
    id                TEXT    NOT NULL UNIQUE,
    url               TEXT    NOT NULL DEFAULT '',
    outlet            TEXT    NOT NULL DEFAULT '',
    title             TEXT    NOT NULL DEFAULT '',
    language          TEXT    NOT NULL DEFAULT '',
    -- published is RFC 3339 in the outlet's own zone ('' when unknown), so
    -- relative dates can be re-read against the local calendar day.
    published         TEXT    NOT NULL DEFAULT '',
    -- published_utc is the same instant as fixed-width UTC
    -- (2006-01-02T15:04:05.000000000Z), NULL when unknown: text comparison
    -- is then time order, which published with its mixed zones is not.
    published_utc     TEXT,
    published_text    TEXT    NOT NULL DEFAULT '',
    date_precision    TEXT    NOT NULL DEFAULT '',
    body              TEXT    NOT NULL,
    paragraphs        TEXT,             -- JSON [{"start":..,"end":..}]
    headings          TEXT,             -- JSON [{"start":..,"end":..}]
    ingest            TEXT    NOT NULL, -- JSON doc.IngestInfo of the latest Put
    schema_version    INTEGER NOT NULL, -- doc.Document.SchemaVersion
    first_ingested_at TEXT,             -- fixed-width UTC, earliest seen
    updated_at        TEXT    NOT NULL  -- fixed-width UTC, latest Put
) STRICT;

CREATE INDEX articles_published ON articles (published_utc DESC, id);
CREATE INDEX articles_outlet ON articles (outlet COLLATE NOCASE, published_utc DESC);

-- Every place an article was read from. Re-ingesting the same file and
-- line adds nothing; the same text from a second feed adds a row.
CREATE TABLE article_sources (
    article_id  TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    source      TEXT    NOT NULL,
    line        INTEGER NOT NULL,
    external_id TEXT    NOT NULL DEFAULT '',
    format      TEXT    NOT NULL DEFAULT '',
    ingested_at TEXT,
    PRIMARY KEY (article_id, source, line)
) STRICT, WITHOUT ROWID;

CREATE INDEX article_sources_source ON article_sources (source, line);

CREATE TABLE sentences (
    article_id  TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    paragraph   INTEGER NOT NULL,
    first_token INTEGER NOT NULL,
    end_token   INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
) STRICT, WITHOUT ROWID;

-- Tokens are one JSON array per article rather than one row per token: an
-- article has about a thousand tokens, so rows would be most of the
-- database and most of the write time, and tokens are only ever read back
-- whole. Each element is
--   [start, end, sentence, lemma, upos, xpos, feats, head, deprel]
-- (doc.Token's fields in order). The tokens view below gives analysts a
-- row per token when they want one.
CREATE TABLE article_tokens (
    article_id  TEXT    NOT NULL PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    token_count INTEGER NOT NULL,
    tokens      TEXT    NOT NULL
) STRICT;

CREATE VIEW tokens AS
SELECT t.article_id          AS article_id,
       j.key                 AS idx,
       j.value ->> 0         AS start,
       j.value ->> 1         AS "end",
       j.value ->> 2         AS sentence,
       j.value ->> 3         AS lemma,
       j.value ->> 4         AS upos,
       j.value ->> 5         AS xpos,
       j.value ->> 6         AS feats,
       j.value ->> 7         AS head,
       j.value ->> 8         AS deprel
FROM article_tokens AS t, json_each(t.tokens) AS j;

CREATE TABLE entities (
    article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    canonical  TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    role       TEXT    NOT NULL,
    place      INTEGER,          -- places.idx, NULL for none
    mentions   TEXT,             -- JSON [mentions.idx, ...]
    PRIMARY KEY (article_id, idx)
) STRICT, WITHOUT ROWID;

CREATE INDEX entities_actor ON entities (actor);

CREATE TABLE mentions (
    article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    sentence   INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    entity     INTEGER,          -- entities.idx, NULL when unlinked
    actor      TEXT    NOT NULL,
    PRIMARY KEY (article_id, idx)
) STRICT, WITHOUT ROWID;

CREATE INDEX mentions_entity ON mentions (article_id, entity);

CREATE TABLE places (
    article_id   TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    resolved     INTEGER NOT NULL CHECK (resolved IN (0, 1)),
    lat          REAL    NOT NULL,
    lon          REAL    NOT NULL,
    country      TEXT    NOT NULL,
    adm1         TEXT    NOT NULL,
    feature      TEXT    NOT NULL,
    gazetteer_id TEXT    NOT NULL,
    confidence   REAL    NOT NULL,
    mentions     TEXT,           -- JSON [{"start":..,"end":..}]
    PRIMARY KEY (article_id, idx)
) STRICT, WITHOUT ROWID;

CREATE INDEX places_country ON places (country, adm1);

CREATE TABLE times (
    article_id  TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    granularity TEXT    NOT NULL,
    range_start TEXT    NOT NULL,
    range_end   TEXT    NOT NULL,
    anchor      TEXT    NOT NULL,
    confidence  REAL    NOT NULL,
    PRIMARY KEY (article_id, idx)
) STRICT, WITHOUT ROWID;

-- quotes has its own INTEGER PRIMARY KEY for the same reason as
-- articles.seq: quotes_fts points at it. (article_id, idx) is the key the
-- rest of the schema uses.
CREATE TABLE quotes (
    seq             INTEGER PRIMARY KEY,
    article_id      TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx             INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    text            TEXT    NOT NULL,
    content         TEXT,        -- JSON [{"start":..,"end":..}]
    cue_start       INTEGER NOT NULL,
    cue_end         INTEGER NOT NULL,
    speaker         INTEGER,     -- entities.idx, NULL when unknown
    speaker_mention INTEGER,     -- mentions.idx, NULL when unknown
    via             TEXT,        -- JSON [entities.idx, ...], innermost first
    sentences       TEXT,        -- JSON [sentences.idx, ...]
    UNIQUE (article_id, idx)
) STRICT;

CREATE TABLE events (
    article_id     TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,
    code           TEXT    NOT NULL,
    root           TEXT    NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL    NOT NULL,
    source_code    TEXT    NOT NULL,
    source_name    TEXT    NOT NULL,
    source_entity  INTEGER,      -- entities.idx, NULL for none
    source_start   INTEGER NOT NULL,
    source_end     INTEGER NOT NULL,
    target_code    TEXT    NOT NULL,
    target_name    TEXT    NOT NULL,
    target_entity  INTEGER,      -- entities.idx, NULL for none
    target_start   INTEGER NOT NULL,
    target_end     INTEGER NOT NULL,
    date           TEXT    NOT NULL,
    time           INTEGER,      -- times.idx, NULL when date is the publication date
    place          INTEGER,      -- places.idx, NULL for none
    modality       TEXT    NOT NULL,
    quote          INTEGER,      -- quotes.idx, NULL unless reported speech
    sentence       INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    cue_start      INTEGER NOT NULL,
    cue_end        INTEGER NOT NULL,
    confidence     REAL    NOT NULL,
    mention_count  INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
) STRICT, WITHOUT ROWID;

CREATE INDEX events_date ON events (date);
CREATE INDEX events_source ON events (source_code, date);
CREATE INDEX events_target ON events (target_code, date);
CREATE INDEX events_root ON events (root, date);

CREATE TABLE problems (
    article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    stage      TEXT    NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    message    TEXT    NOT NULL,
    PRIMARY KEY (article_id, idx)
) STRICT, WITHOUT ROWID;

-- Full-text search. Both indexes are external-content tables: the text is
-- stored once, in articles and quotes, and the triggers keep the index in
-- step. An external-content index cannot read the old text itself, so
-- removals go through the 'delete' command with the old values.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, body,
    content = 'articles', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
    VALUES ('delete', old.seq, old.title, old.body);
END;

-- Reprocessing an unchanged article rewrites the row with the same text;
-- the WHEN clause spares the index that work.
CREATE TRIGGER articles_fts_update AFTER UPDATE OF seq, title, body ON articles
WHEN old.seq IS NOT new.seq OR old.title IS NOT new.title OR old.body IS NOT new.body
BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
    VALUES ('delete', old.seq, old.title, old.body);
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5 (
    text,
    content = 'quotes', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, text) VALUES (new.seq, new.text);
END;

CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.seq, old.text);
END;

CREATE TRIGGER quotes_fts_update AFTER UPDATE OF seq, text ON quotes
WHEN old.seq IS NOT new.seq OR old.text IS NOT new.text
BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.seq, old.text);
    INSERT INTO quotes_fts (rowid, text) VALUES (new.seq, new.text);
END;
