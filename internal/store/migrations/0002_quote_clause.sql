-- 0002: the reported clause of a partial quote (doc.Quote.Clause), a JSON
-- list of spans like content; NULL for quotes stored before it existed
-- and for quotes without one.
ALTER TABLE quotes ADD COLUMN clause TEXT;
