-- 0007: events coded with a users' TABARI/PETRARCH dictionaries (dyad
-- --verbs, --issues): the issue codes of the event's sentence (JSON list,
-- NULL for none) and the dictionary file that coded it ('' for dyad's own).
ALTER TABLE events ADD COLUMN issues TEXT;
ALTER TABLE events ADD COLUMN dictionary TEXT NOT NULL DEFAULT '';
