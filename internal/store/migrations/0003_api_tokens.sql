-- 0003: bearer tokens for dyad serve's write endpoints, made by
-- `dyad token`. Only a token's SHA-256 (hex) is kept.
CREATE TABLE api_tokens (
    hash       TEXT NOT NULL PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
