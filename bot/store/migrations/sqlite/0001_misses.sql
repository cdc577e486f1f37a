-- The unanswered-questions log as Namida 0.1 created it (schema "user_version 1"):
-- a file written by that version already has it, and IF NOT EXISTS leaves it as is.
CREATE TABLE IF NOT EXISTS misses (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,
    command TEXT NOT NULL,
    question TEXT NOT NULL,
    normalized TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS misses_by_time ON misses (asked_at);
CREATE INDEX IF NOT EXISTS misses_by_question ON misses (normalized, asked_at);
