-- How each unanswered question was read (the reader's one-line summary:
-- intent, rule, entities, unexplained words), so a maintainer sees why it was
-- missed. Rows stored before have none.
ALTER TABLE misses ADD COLUMN reading TEXT NOT NULL DEFAULT '';
