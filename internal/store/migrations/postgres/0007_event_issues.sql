-- 0007: as ../0007_event_issues.sql.
ALTER TABLE events ADD COLUMN issues text COLLATE "C";
ALTER TABLE events ADD COLUMN dictionary text COLLATE "C" NOT NULL DEFAULT '';
