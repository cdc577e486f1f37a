-- The batches the bot's writer committed, by the id it gives each one: a batch
-- retried because the answer to its COMMIT was lost on the way (a server
-- shutting down, a connection cut) is recognised and not stored twice. Rows
-- older than a day are removed as new batches come.
CREATE TABLE namida_batches (
    id UUID PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX namida_batches_by_time ON namida_batches (at);
