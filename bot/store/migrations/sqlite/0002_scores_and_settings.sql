-- Quiz answers, one row each; times are ISO 8601 UTC text of fixed width, so
-- text order is time order.
CREATE TABLE scores (
    id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    points INTEGER NOT NULL,
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    at TEXT NOT NULL
);
CREATE INDEX scores_by_guild ON scores (guild_id, at);

-- One row per server that changed a setting; mention_channels is a
-- comma-separated list of channel ids, empty for every channel.
CREATE TABLE guild_settings (
    guild_id INTEGER PRIMARY KEY,
    reveal_spoilers INTEGER NOT NULL DEFAULT 0 CHECK (reveal_spoilers IN (0, 1)),
    language TEXT,
    cooldown_rate INTEGER,
    cooldown_seconds REAL,
    mention_channels TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
