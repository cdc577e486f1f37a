"""The embedded backend: one SQLite file in WAL mode, the default.

All work happens on one thread that owns the connection (sqlite3 connections
belong to the thread that uses them); the async methods hand it their work. The
file and its folders are created on the first write, never by a read: reading a
log that does not exist yet gives an empty answer.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar
from uuid import UUID

from bot.store import migrations
from bot.store.api import (
    GuildSettings,
    Miss,
    MissGroup,
    MissSummary,
    SchemaStatus,
    Score,
    Standing,
    Store,
    StoreError,
    TransientStoreError,
)
from bot.store.rows import channels_text, parse_timestamp, settings_from, timestamp

T = TypeVar("T")

BUSY_TIMEOUT = 0.2  # seconds a statement waits for another process's lock

_DIALECT: migrations.Dialect = "sqlite"


class SqliteStore(Store):
    def __init__(self, path: Path, *, busy_timeout: float = BUSY_TIMEOUT) -> None:
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        self.busy_timeout = busy_timeout
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="namida-sqlite"
        )
        self._conn: sqlite3.Connection | None = None  # on the executor's thread only
        self._closed = False

    # ------------------------------------------------------------- plumbing

    async def _run(self, work: Callable[[], T]) -> T:
        if self._closed:
            raise StoreError(f"{self.path}: the store is closed")
        return await asyncio.wrap_future(self._executor.submit(self._guarded, work))

    def _guarded(self, work: Callable[[], T]) -> T:
        try:
            return work()
        except sqlite3.OperationalError as exc:
            self._drop_connection()  # reopen next time: the file may be repaired meanwhile
            text = str(exc)
            kind = TransientStoreError if "locked" in text or "busy" in text else StoreError
            raise kind(f"{self.path}: {text}") from exc
        except (sqlite3.Error, OSError) as exc:
            self._drop_connection()
            raise StoreError(f"{self.path}: {exc}") from exc

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                # A commit survives the process being killed (the OS has the WAL);
                # only a power cut may lose the last few, as before.
                conn.execute("PRAGMA synchronous=NORMAL")
                _migrate(conn)
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _reader(self) -> sqlite3.Connection | None:
        """The connection for a read; None when there is no file yet (reads never create)."""
        if self._conn is None and not self.path.exists():
            return None
        return self._connection()

    def _drop_connection(self) -> None:
        if self._conn is not None:
            with suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._executor.submit(self._drop_connection)
        await asyncio.to_thread(self._executor.shutdown, wait=True)

    # ------------------------------------------------------------- schema

    async def migrate(self) -> SchemaStatus:
        def work() -> SchemaStatus:
            return _status(self._connection())

        return await self._run(work)

    async def status(self) -> SchemaStatus:
        def work() -> SchemaStatus:
            if self._conn is None and not self.path.exists():
                return _pending(0)
            uri = self.path.resolve().as_uri() + "?mode=ro"
            with closing(sqlite3.connect(uri, uri=True, timeout=2.0)) as conn:
                return _status(conn)

        return await self._run(work)

    # ------------------------------------------------------------- writes

    async def write(
        self,
        misses: Sequence[Miss] = (),
        scores: Sequence[Score] = (),
        *,
        batch_id: UUID | None = None,
    ) -> None:
        if not misses and not scores:
            return

        def work() -> None:
            conn = self._connection()
            with _transaction(conn):
                if batch_id is not None and not _first_time(conn, batch_id):
                    return  # committed before: the retry stores nothing twice
                conn.executemany(
                    "INSERT INTO misses (asked_at, command, question, normalized, reading) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [
                        (timestamp(m.asked_at), m.command, m.question, m.normalized, m.reading)
                        for m in misses
                    ],
                )
                conn.executemany(
                    "INSERT INTO scores (guild_id, user_id, points, correct, at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [
                        (s.guild_id, s.user_id, s.points, int(s.correct), timestamp(s.at))
                        for s in scores
                    ],
                )

        await self._run(work)

    # ------------------------------------------------------------- misses

    async def miss_summary(self, *, since: date | None = None, limit: int = 20) -> MissSummary:
        def work() -> MissSummary:
            conn = self._reader()
            if conn is None:
                return MissSummary((), 0, 0, since)
            where, params = ("WHERE asked_at >= ?", [since.isoformat()]) if since else ("", [])
            total, distinct = conn.execute(
                f"SELECT count(*), count(DISTINCT normalized) FROM misses {where}", params
            ).fetchone()
            # The example is the latest wording: each group's most recent row.
            rows = conn.execute(
                f"""WITH grouped AS (
                        SELECT normalized, count(*) AS n, max(asked_at) AS seen,
                               group_concat(DISTINCT command) AS commands
                        FROM misses {where} GROUP BY normalized),
                    latest AS (
                        SELECT normalized, question, reading, row_number() OVER (
                            PARTITION BY normalized ORDER BY asked_at DESC, id DESC) AS nth
                        FROM misses {where})
                    SELECT n, seen, question, commands, reading
                    FROM grouped JOIN latest USING (normalized)
                    WHERE nth = 1
                    ORDER BY n DESC, seen DESC, normalized LIMIT ?""",
                [*params, *params, limit],
            ).fetchall()
            groups = tuple(
                MissGroup(
                    count=n,
                    last_seen=parse_timestamp(seen),
                    example=example,
                    commands=tuple(sorted((commands or "").split(","))),
                    reading=reading,
                )
                for n, seen, example, commands, reading in rows
            )
            return MissSummary(groups, distinct, total, since)

        return await self._run(work)

    async def misses_after(self, after_id: int, limit: int) -> list[tuple[int, Miss]]:
        def work() -> list[tuple[int, Miss]]:
            conn = self._reader()
            if conn is None:
                return []
            rows = conn.execute(
                "SELECT id, question, normalized, command, asked_at, reading FROM misses "
                "WHERE id > ? ORDER BY id LIMIT ?",
                (after_id, limit),
            ).fetchall()
            return [(i, Miss(q, n, c, parse_timestamp(a), r)) for i, q, n, c, a, r in rows]

        return await self._run(work)

    # ------------------------------------------------------------- scores

    async def leaderboard(
        self, guild_id: int, *, since: datetime | None = None, limit: int = 10, offset: int = 0
    ) -> list[Standing]:
        def work() -> list[Standing]:
            conn = self._reader()
            if conn is None:
                return []
            rows = conn.execute(
                _standings_sql(since is not None) + " ORDER BY rank, user_id LIMIT ? OFFSET ?",
                [*_standings_params(guild_id, since), limit, offset],
            ).fetchall()
            return [Standing(*row) for row in rows]

        return await self._run(work)

    async def rank(
        self, guild_id: int, user_id: int, *, since: datetime | None = None
    ) -> Standing | None:
        def work() -> Standing | None:
            conn = self._reader()
            if conn is None:
                return None
            row = conn.execute(
                f"SELECT * FROM ({_standings_sql(since is not None)}) WHERE user_id = ?",
                [*_standings_params(guild_id, since), user_id],
            ).fetchone()
            return Standing(*row) if row else None

        return await self._run(work)

    async def scores_after(self, after_id: int, limit: int) -> list[tuple[int, Score]]:
        def work() -> list[tuple[int, Score]]:
            conn = self._reader()
            if conn is None:
                return []
            rows = conn.execute(
                "SELECT id, guild_id, user_id, points, correct, at FROM scores "
                "WHERE id > ? ORDER BY id LIMIT ?",
                (after_id, limit),
            ).fetchall()
            return [(i, Score(g, u, p, bool(c), parse_timestamp(a))) for i, g, u, p, c, a in rows]

        return await self._run(work)

    # ------------------------------------------------------------- server settings

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        def work() -> GuildSettings:
            conn = self._reader()
            if conn is None:
                return GuildSettings()
            row = conn.execute(f"{_SETTINGS_SELECT} WHERE guild_id = ?", (guild_id,)).fetchone()
            return settings_from(*row[1:]) if row else GuildSettings()

        return await self._run(work)

    async def all_guild_settings(self) -> dict[int, GuildSettings]:
        def work() -> dict[int, GuildSettings]:
            conn = self._reader()
            if conn is None:
                return {}
            return {row[0]: settings_from(*row[1:]) for row in conn.execute(_SETTINGS_SELECT)}

        return await self._run(work)

    async def save_guild_settings(self, guild_id: int, settings: GuildSettings) -> None:
        def work() -> None:
            conn = self._connection()
            with _transaction(conn):
                conn.execute(
                    """INSERT INTO guild_settings (guild_id, reveal_spoilers, language,
                           cooldown_rate, cooldown_seconds, mention_channels, updated_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT (guild_id) DO UPDATE SET
                           reveal_spoilers = excluded.reveal_spoilers,
                           language = excluded.language,
                           cooldown_rate = excluded.cooldown_rate,
                           cooldown_seconds = excluded.cooldown_seconds,
                           mention_channels = excluded.mention_channels,
                           updated_at = excluded.updated_at""",
                    (
                        guild_id,
                        int(settings.reveal_spoilers),
                        settings.language.value if settings.language else None,
                        settings.cooldown_rate,
                        settings.cooldown_seconds,
                        channels_text(settings.mention_channels),
                        timestamp(datetime.now().astimezone()),
                    ),
                )

        await self._run(work)


BATCHES_KEPT = timedelta(days=1)


def _first_time(conn: sqlite3.Connection, batch_id: UUID) -> bool:
    """Note the batch as committed (with the rest of the transaction); False if it was."""
    now = datetime.now(UTC)
    conn.execute("DELETE FROM namida_batches WHERE at < ?", (timestamp(now - BATCHES_KEPT),))
    added = conn.execute(
        "INSERT INTO namida_batches (id, at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
        (str(batch_id), timestamp(now)),
    )
    return added.rowcount == 1


_SETTINGS_SELECT = (
    "SELECT guild_id, reveal_spoilers, language, cooldown_rate, cooldown_seconds, "
    "mention_channels FROM guild_settings"
)


def _standings_sql(with_since: bool) -> str:
    since = " AND at >= ?" if with_since else ""
    return f"""SELECT rank() OVER (ORDER BY sum(points) DESC) AS rank, user_id,
                      sum(points) AS points, count(*) AS answered, sum(correct) AS correct
               FROM scores WHERE guild_id = ?{since} GROUP BY user_id"""


def _standings_params(guild_id: int, since: datetime | None) -> list[object]:
    return [guild_id] if since is None else [guild_id, timestamp(since)]


# ----------------------------------------------------------------- migrations


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error: a crash leaves no half row."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _current(conn: sqlite3.Connection) -> int:
    """The version applied: the version table, else a 0.1 file's ``user_version`` (1)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
        (migrations.VERSION_TABLE,),
    ).fetchone()
    if has_table:
        return int(
            conn.execute(
                f"SELECT coalesce(max(version), 0) FROM {migrations.VERSION_TABLE}"
            ).fetchone()[0]
        )
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _pending(current: int) -> SchemaStatus:
    shipped = migrations.migrations(_DIALECT)
    return SchemaStatus(
        current=current,
        latest=len(shipped),
        pending=tuple(f"{m.version:04d}_{m.name}" for m in shipped if m.version > current),
    )


def _status(conn: sqlite3.Connection) -> SchemaStatus:
    current = _current(conn)
    if current > migrations.latest(_DIALECT):
        raise StoreError(
            f"schema version {current} is newer than this Namida knows "
            f"({migrations.latest(_DIALECT)}): upgrade Namida to use it"
        )
    return _pending(current)


def _migrate(conn: sqlite3.Connection) -> None:
    if _status(conn).up_to_date:
        return
    with _transaction(conn):  # one writer at a time: a second process waits, then sees it done
        current = _current(conn)
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {migrations.VERSION_TABLE} ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        for migration in migrations.migrations(_DIALECT):
            if migration.version > current:
                for statement in migration.statements():  # not executescript(): it COMMITs
                    conn.execute(statement)
            conn.execute(
                f"INSERT OR IGNORE INTO {migrations.VERSION_TABLE} VALUES (?, ?, ?)",
                (migration.version, migration.name, timestamp(datetime.now().astimezone())),
            )
        # Namida 0.1 reads user_version: it refuses a newer file instead of misreading it.
        conn.execute(f"PRAGMA user_version = {migrations.latest(_DIALECT)}")
