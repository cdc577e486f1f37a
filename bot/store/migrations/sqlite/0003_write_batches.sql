-- The batches the bot's writer committed, by the id it gives each one: a batch
-- retried because the answer to its COMMIT was lost on the way is recognised and
-- not stored twice. Rows older than a day are removed as new batches come.
CREATE TABLE namida_batches (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL
);
CREATE INDEX namida_batches_by_time ON namida_batches (at);
