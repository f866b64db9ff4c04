-- 0005: stories. Syndicated copies of one wire story (the same text
-- with small edits, another headline, a dateline, a different outlet)
-- are linked to one story: the earliest stored of them. An article's
-- MinHash signature (16 minimums over its word 3-shingles,
-- internal/store/story.go) is kept with eight bands of two minimums each:
-- two texts whose shingles overlap by half or more share a band with
-- near certainty, so the bands' indexes find every candidate.
CREATE TABLE article_stories (
    article_id TEXT    NOT NULL PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id   TEXT    NOT NULL,
    signature  BLOB    NOT NULL,
    band0      INTEGER NOT NULL,
    band1      INTEGER NOT NULL,
    band2      INTEGER NOT NULL,
    band3      INTEGER NOT NULL,
    band4      INTEGER NOT NULL,
    band5      INTEGER NOT NULL,
    band6      INTEGER NOT NULL,
    band7      INTEGER NOT NULL
) STRICT;

CREATE INDEX article_stories_band0 ON article_stories (band0);
CREATE INDEX article_stories_band1 ON article_stories (band1);
CREATE INDEX article_stories_band2 ON article_stories (band2);
CREATE INDEX article_stories_band3 ON article_stories (band3);
CREATE INDEX article_stories_band4 ON article_stories (band4);
CREATE INDEX article_stories_band5 ON article_stories (band5);
CREATE INDEX article_stories_band6 ON article_stories (band6);
CREATE INDEX article_stories_band7 ON article_stories (band7);
CREATE INDEX article_stories_story ON article_stories (story_id);

-- Events across articles, as GDELT counts them: one row per dyad, CAMEO
-- code and date, with how many articles, outlets, stories and mentions
-- state it. An article not yet linked to a story counts as its own.
CREATE VIEW event_groups AS
SELECT e.source_code                         AS source_code,
       e.target_code                         AS target_code,
       e.code                                AS code,
       e.date                                AS date,
       min(e.root)                           AS root,
       min(e.quad_class)                     AS quad_class,
       avg(e.goldstein)                      AS goldstein,
       count(DISTINCT e.article_id)          AS num_articles,
       count(DISTINCT lower(a.outlet))       AS num_sources,
       count(DISTINCT coalesce(s.story_id, e.article_id)) AS num_stories,
       sum(e.mention_count)                  AS num_mentions,
       avg(e.confidence)                     AS mean_confidence,
       min(a.first_ingested_at)              AS first_seen,
       min(e.article_id)                     AS first_article
FROM events AS e
JOIN articles AS a ON a.id = e.article_id
LEFT JOIN article_stories AS s ON s.article_id = e.article_id
WHERE e.modality != 'negated'
GROUP BY e.source_code, e.target_code, e.code, e.date;
