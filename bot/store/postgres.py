"""The shared backend: PostgreSQL through an asyncpg pool, for shards on several machines.

``DATABASE_URL`` goes to asyncpg as it is, so everything libpq-style URLs carry
works: ``sslmode=verify-full``, ``sslrootcert=…``, ``sslcert=…``, a
``host=/run/postgresql`` socket, several hosts, and the ``PG*`` variables for
what the URL leaves out (``PGPASSWORD``, ``PGSSLMODE``…). Connecting waits at
most ``connect_timeout`` and every statement ``command_timeout`` seconds, so a
server that has gone away is noticed quickly rather than holding a connection.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import asyncpg

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
from bot.store.rows import channels_text, settings_from

CONNECT_TIMEOUT = 5.0
COMMAND_TIMEOUT = 10.0
POOL_MAX = 4  # the writer uses one connection; reads from commands the others

_DIALECT: migrations.Dialect = "postgresql"
# Any fixed number: every Namida process migrating the same database takes this lock.
_MIGRATION_LOCK = 0x6E616D69

# Failures that a retry may cure: the server restarting or unreachable, a
# connection cut, a timeout, too many clients, a serialisation conflict.
_TRANSIENT: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,  # e.g. the connection lost in the middle of a statement
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TransactionRollbackError,
)


def redact(url: str) -> str:
    """The URL without its password, for messages and logs.

    >>> redact("postgresql://namida:s3cret@db.example:5432/namida?sslmode=require")
    'postgresql://namida:***@db.example:5432/namida?sslmode=require'
    >>> redact("postgresql://db.example/namida?user=namida&password=s3cret&sslmode=require")
    'postgresql://db.example/namida?user=namida&password=***&sslmode=require'
    """
    url = re.sub(r"(//[^/:@]*:)[^@/]*@", r"\1***@", url)
    return re.sub(r"([?&]password=)[^&]*", r"\1***", url)


class PostgresStore(Store):
    def __init__(
        self,
        url: str,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        command_timeout: float = COMMAND_TIMEOUT,
        pool_max: int = POOL_MAX,
    ) -> None:
        self._dsn = url
        self.url = redact(url)
        self.connect_timeout = connect_timeout
        self.command_timeout = command_timeout
        self.pool_max = pool_max
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()
        self._migrated = False
        self._closed = False

    # ------------------------------------------------------------- plumbing

    async def _get_pool(self) -> asyncpg.Pool:
        if self._closed:
            raise StoreError(f"{self.url}: the store is closed")
        async with self._opening:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    self._dsn,
                    min_size=1,
                    max_size=self.pool_max,
                    timeout=self.connect_timeout,
                    command_timeout=self.command_timeout,
                    max_inactive_connection_lifetime=60.0,
                )
            return self._pool

    @asynccontextmanager
    async def _connection(self, *, migrate: bool = True) -> AsyncIterator[Any]:
        """A pooled connection; errors become Store errors (transient when retrying may help)."""
        try:
            pool = await self._get_pool()
            async with pool.acquire(timeout=self.connect_timeout) as conn:
                if migrate and not self._migrated:
                    await _migrate(conn)
                    self._migrated = True
                yield conn
        except StoreError:
            raise
        except _TRANSIENT as exc:
            raise TransientStoreError(f"{self.url}: {_reason(exc)}") from exc
        except (asyncpg.PostgresError, ValueError) as exc:
            raise StoreError(f"{self.url}: {_reason(exc)}") from exc

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        pool, self._pool = self._pool, None
        if pool is not None:
            try:
                await asyncio.wait_for(pool.close(), self.command_timeout)
            except (TimeoutError, OSError, asyncpg.PostgresError):
                pool.terminate()

    # ------------------------------------------------------------- schema

    async def migrate(self) -> SchemaStatus:
        async with self._connection(migrate=False) as conn:
            await _migrate(conn)
            self._migrated = True
            return await _status(conn)

    async def status(self) -> SchemaStatus:
        async with self._connection(migrate=False) as conn:
            return await _status(conn)

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
        async with self._connection() as conn, conn.transaction():
            if batch_id is not None:
                await conn.execute("DELETE FROM namida_batches WHERE at < now() - interval '1 day'")
                added = await conn.fetchval(
                    "INSERT INTO namida_batches (id) VALUES ($1) "
                    "ON CONFLICT (id) DO NOTHING RETURNING true",
                    batch_id,
                )
                if not added:
                    return  # committed before: the retry stores nothing twice
            if misses:
                await conn.executemany(
                    "INSERT INTO misses (asked_at, command, question, normalized, reading) "
                    "VALUES ($1, $2, $3, $4, $5)",
                    [(m.asked_at, m.command, m.question, m.normalized, m.reading) for m in misses],
                )
            if scores:
                await conn.executemany(
                    "INSERT INTO scores (guild_id, user_id, points, correct, at) "
                    "VALUES ($1, $2, $3, $4, $5)",
                    [(s.guild_id, s.user_id, s.points, s.correct, s.at) for s in scores],
                )

    # ------------------------------------------------------------- misses

    async def miss_summary(self, *, since: date | None = None, limit: int = 20) -> MissSummary:
        start = datetime(since.year, since.month, since.day, tzinfo=UTC) if since else None
        async with self._connection() as conn:
            total, distinct = await conn.fetchrow(
                "SELECT count(*), count(DISTINCT normalized) FROM misses "
                "WHERE $1::timestamptz IS NULL OR asked_at >= $1",
                start,
            )
            rows = await conn.fetch(
                """WITH chosen AS (
                       SELECT * FROM misses WHERE $1::timestamptz IS NULL OR asked_at >= $1),
                   grouped AS (
                       SELECT normalized, count(*) AS n, max(asked_at) AS seen,
                              array_agg(DISTINCT command ORDER BY command) AS commands
                       FROM chosen GROUP BY normalized),
                   latest AS (
                       SELECT DISTINCT ON (normalized) normalized, question, reading
                       FROM chosen ORDER BY normalized, asked_at DESC, id DESC)
                   SELECT n, seen, question, commands, reading
                   FROM grouped JOIN latest USING (normalized)
                   ORDER BY n DESC, seen DESC, normalized COLLATE "C" LIMIT $2""",
                start,
                limit,
            )
        groups = tuple(
            MissGroup(
                count=row["n"],
                last_seen=row["seen"].astimezone(UTC),
                example=row["question"],
                commands=tuple(row["commands"]),
                reading=row["reading"],
            )
            for row in rows
        )
        return MissSummary(groups, distinct, total, since)

    async def misses_after(self, after_id: int, limit: int) -> list[tuple[int, Miss]]:
        async with self._connection() as conn:
            rows = await conn.fetch(
                "SELECT id, question, normalized, command, asked_at, reading FROM misses "
                "WHERE id > $1 ORDER BY id LIMIT $2",
                after_id,
                limit,
            )
        return [(r[0], Miss(r[1], r[2], r[3], r[4].astimezone(UTC), r[5])) for r in rows]

    # ------------------------------------------------------------- scores

    async def leaderboard(
        self, guild_id: int, *, since: datetime | None = None, limit: int = 10, offset: int = 0
    ) -> list[Standing]:
        async with self._connection() as conn:
            rows = await conn.fetch(
                f"{_STANDINGS} ORDER BY rank, user_id LIMIT $3 OFFSET $4",
                guild_id,
                since,
                limit,
                offset,
            )
        return [Standing(*row) for row in rows]

    async def rank(
        self, guild_id: int, user_id: int, *, since: datetime | None = None
    ) -> Standing | None:
        async with self._connection() as conn:
            row = await conn.fetchrow(
                f"SELECT * FROM ({_STANDINGS}) AS standings WHERE user_id = $3",
                guild_id,
                since,
                user_id,
            )
        return Standing(*row) if row else None

    async def scores_after(self, after_id: int, limit: int) -> list[tuple[int, Score]]:
        async with self._connection() as conn:
            rows = await conn.fetch(
                "SELECT id, guild_id, user_id, points, correct, at FROM scores "
                "WHERE id > $1 ORDER BY id LIMIT $2",
                after_id,
                limit,
            )
        return [(r[0], Score(r[1], r[2], r[3], r[4], r[5].astimezone(UTC))) for r in rows]

    # ------------------------------------------------------------- server settings

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        async with self._connection() as conn:
            row = await conn.fetchrow(f"{_SETTINGS_SELECT} WHERE guild_id = $1", guild_id)
        return settings_from(*row[1:]) if row else GuildSettings()

    async def all_guild_settings(self) -> dict[int, GuildSettings]:
        async with self._connection() as conn:
            rows = await conn.fetch(_SETTINGS_SELECT)
        return {row[0]: settings_from(*row[1:]) for row in rows}

    async def save_guild_settings(self, guild_id: int, settings: GuildSettings) -> None:
        async with self._connection() as conn:
            await conn.execute(
                """INSERT INTO guild_settings (guild_id, reveal_spoilers, language,
                       cooldown_rate, cooldown_seconds, mention_channels, updated_at)
                   VALUES ($1, $2, $3, $4, $5, $6, now())
                   ON CONFLICT (guild_id) DO UPDATE SET
                       reveal_spoilers = excluded.reveal_spoilers,
                       language = excluded.language,
                       cooldown_rate = excluded.cooldown_rate,
                       cooldown_seconds = excluded.cooldown_seconds,
                       mention_channels = excluded.mention_channels,
                       updated_at = excluded.updated_at""",
                guild_id,
                settings.reveal_spoilers,
                settings.language.value if settings.language else None,
                settings.cooldown_rate,
                settings.cooldown_seconds,
                channels_text(settings.mention_channels),
            )


_SETTINGS_SELECT = (
    "SELECT guild_id, reveal_spoilers, language, cooldown_rate, cooldown_seconds, "
    "mention_channels FROM guild_settings"
)

_STANDINGS = """SELECT (rank() OVER (ORDER BY sum(points) DESC))::int AS rank, user_id,
                       sum(points)::int AS points, count(*)::int AS answered,
                       count(*) FILTER (WHERE correct)::int AS correct
                FROM scores
                WHERE guild_id = $1 AND ($2::timestamptz IS NULL OR at >= $2)
                GROUP BY user_id"""


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


# ----------------------------------------------------------------- migrations


async def _current(conn: Any) -> int:
    exists = await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", migrations.VERSION_TABLE)
    if not exists:
        return 0
    return int(
        await conn.fetchval(f"SELECT coalesce(max(version), 0) FROM {migrations.VERSION_TABLE}")
    )


async def _status(conn: Any) -> SchemaStatus:
    current = await _current(conn)
    shipped = migrations.migrations(_DIALECT)
    if current > len(shipped):
        raise StoreError(
            f"schema version {current} is newer than this Namida knows "
            f"({len(shipped)}): upgrade Namida to use it"
        )
    return SchemaStatus(
        current=current,
        latest=len(shipped),
        pending=tuple(f"{m.version:04d}_{m.name}" for m in shipped if m.version > current),
    )


async def _migrate(conn: Any) -> None:
    if (await _status(conn)).up_to_date:
        return
    async with conn.transaction():
        # Shards starting together: the first migrates, the others wait and find it done.
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {migrations.VERSION_TABLE} ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        current = (await _status(conn)).current
        for migration in migrations.migrations(_DIALECT):
            if migration.version > current:
                await conn.execute(migration.sql)
                await conn.execute(
                    f"INSERT INTO {migrations.VERSION_TABLE} (version, name) VALUES ($1, $2)",
                    migration.version,
                    migration.name,
                )
