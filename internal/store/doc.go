// Package store keeps dyad documents in a SQLite database, or in a
// PostgreSQL database when Open is given a postgres:// URL.
//
// The API is deliberately narrow (Put, Get, Has, List, Each, Search, Stats,
// IntegrityCheck, and the API server's queries) and speaks only
// doc.Document and a few plain structs, so that no stage or command knows
// which database it writes to. SQLite is reached through
// modernc.org/sqlite: pure Go, no cgo, FTS5 built in. PostgreSQL is
// reached through pgx: queries through its database/sql driver, so that
// each is written once, in SQLite's form, with the few fragments that
// differ in dialect.go; Put through pgx itself, to COPY a batch's facts
// (postgres.go). The rest of this comment is about SQLite; docs/scale.md
// says what differs on PostgreSQL and why.
//
// # Connections and durability
//
// Open uses two database/sql pools on the same file. Writes go through a
// pool of exactly one connection whose transactions begin IMMEDIATE, so
// writers queue in Go instead of failing with SQLITE_BUSY, and a write
// never has to upgrade a read lock. Reads use a pool of several
// query_only connections; in WAL mode they run concurrently with the
// writer and each sees the last committed state. ":memory:" is a single
// connection for both, since every connection to ":memory:" is a database
// of its own.
//
// Every connection gets its settings from DSN _pragma parameters, so a
// connection the pool opens later cannot miss them: busy_timeout 5000,
// foreign_keys on, and on the writer journal_mode WAL and synchronous
// FULL. With WAL, a killed process loses nothing that was committed
// under either NORMAL or FULL; NORMAL can lose the last transactions on a
// power failure or OS crash. FULL costs one fsync per commit, and since
// Put commits a whole batch that measured at about 5% of a 256-document
// Put, so committed means durable. TestCrashSafety kills a writing child
// process with SIGKILL repeatedly and checks that every batch it reported
// committed is there, complete, and that integrity checks pass.
//
// # Schema
//
// The schema is in migrations/NNNN_*.sql, embedded and applied in order in
// one transaction by Open; schema_migrations records what was applied.
// Open refuses a database whose schema is newer than the program. A
// schema already up to date is found so by a read, so opening a store
// never waits for another process's write.
//
// articles holds one row per article id with its metadata and body.
// Its own key is seq, an INTEGER PRIMARY KEY, and id is UNIQUE: the
// full-text index refers to rows by rowid, and VACUUM may renumber implicit
// rowids but never an INTEGER PRIMARY KEY. published keeps the RFC 3339
// text in the outlet's zone, as the source gave it; published_utc is the
// same instant in a fixed-width UTC form that sorts and compares as text,
// and is what List filters and orders by. article_sources records every
// (source, line) an article was read from.
//
// Each kind of fact has a table (sentences, mentions, entities, places,
// times, quotes, events, problems) keyed (article_id, idx), idx being the
// position in the Document's slice, with a foreign key to articles that
// cascades on delete. Cross references are the Document's indexes, with
// -1 ("none") stored as NULL, so that following one is a join on
// (article_id, idx). The columns analysts filter and join on are real,
// indexed columns (events by date, source_code, target_code and root;
// entities by actor; mentions by entity; places by country); lists that
// are only read back whole (entity mentions, quote content, via) are JSON
// text. A nil slice is NULL and an empty one '[]', so a round trip keeps
// the difference where the JSON schema shows it. Tables are STRICT, so a
// value of the wrong type is an error rather than silently converted, and
// the fact tables are WITHOUT ROWID, clustered by article, so loading a
// document reads a few adjacent pages and inserting a row writes one
// b-tree rather than two.
//
// Tokens are the exception: an article has about a thousand, more rows
// than all its other facts together, and nothing queries one token
// without its sentence. article_tokens stores them as one JSON array per
// article, each token a positional array [start, end, sentence, lemma,
// upos, xpos, feats, head, deprel]: half the size of objects with keys,
// one row to write and read. The tokens view expands them into a row per
// token for ad hoc SQL.
//
// # Put and Get
//
// Put writes a batch in one transaction with statements prepared once per
// connection. For each document it upserts the article row, adds its
// source, deletes the article's previous facts and inserts the new ones:
// reprocessing replaces facts wholesale, so no stale fact can survive.
// Metadata merges (an empty field does not erase what an earlier source
// gave; the earliest ingestion time is kept), while the body, its layout
// and the ingest details always come from the latest document, since the
// new facts' spans point into that body. Get returns exactly the Document
// the last Put stored, apart from that merge: JSON-encoded, the two are
// byte for byte the same. Floats are stored as IEEE doubles, exactly,
// with two exceptions SQLite imposes: NaN is rejected (it would become
// NULL), and -0 reads back as 0. Times keep their instant and zone
// offset but not a zone name.
//
// # Full-text search
//
// articles_fts (title, body) and quotes_fts (text) are FTS5
// external-content indexes over articles and quotes: the text is stored
// once, in the tables, and triggers keep the indexes in step. An
// external-content index cannot look up what it indexed, so the delete and
// update triggers pass the old values to FTS5's 'delete' command; the
// update trigger skips rows whose text did not change, which makes
// reprocessing cheap. The unicode61 tokenizer folds case and diacritics
// ("turkiye" finds "Türkiye"); there is no stemming, so that a query means
// what it says in every language (use prefix queries: "protest*").
// IntegrityCheck asks FTS5 to compare each index with its table.
//
// # Porting
//
// Nothing here is needed by callers except the Go API. A PostgreSQL
// implementation would keep the same tables and keys, use tsvector columns
// or a search extension for Search, and map the upsert to INSERT ... ON
// CONFLICT, which has the same shape.
package store
