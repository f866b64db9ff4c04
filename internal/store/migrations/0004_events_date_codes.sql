-- 0004: events_date gives way to an index that answers "events of this
-- actor in this period, newest first" by itself: walking it backwards
-- from the end of the period, the actor codes are in the index, so no
-- row is read until one matches; a page of 50 stops early for a busy
-- actor and costs one pass over the period's index entries for a rare
-- one. It serves every query events_date did (date is its first column),
-- and the aggregates of the API's network, places and actors over a
-- period without reading a row.
DROP INDEX events_date;
CREATE INDEX events_date_codes ON events (date, source_code, target_code, code, quad_class, goldstein, place);
