-- 0006: what `dyad watch` knows of the feeds it polls, so that a restart
-- neither fetches again nor loses anything: each feed's validators for a
-- conditional GET, when to poll it next, its run of failures; and every
-- item already stored, by the feed's own id for it.
CREATE TABLE feeds (
    url           TEXT    NOT NULL PRIMARY KEY,
    etag          TEXT    NOT NULL DEFAULT '',
    last_modified TEXT    NOT NULL DEFAULT '',
    next_poll     TEXT    NOT NULL DEFAULT '',  -- fixed-width UTC
    failures      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT    NOT NULL DEFAULT '',
    last_polled   TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE feed_items (
    feed_url   TEXT NOT NULL,
    item_key   TEXT NOT NULL,  -- the item's GUID, else its link
    article_id TEXT NOT NULL,
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (feed_url, item_key)
) STRICT, WITHOUT ROWID;
