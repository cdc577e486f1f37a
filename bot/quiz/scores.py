"""Quiz points per server and player, kept beside the unanswered-questions log.

:class:`ScoreStore` is what the quiz needs from a store; :class:`SqliteScores`
keeps the points in the same SQLite file as the misses (``MISSES_DB``), one row
per round won, so a leaderboard can cover any period. Writes and reads run in a
worker thread, so the event loop never waits for the disk.
"""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Protocol, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

BUSY_TIMEOUT = 2.0


class Period(StrEnum):
    ALL = "all"
    MONTH = "month"
    WEEK = "week"

    def since(self, now: datetime) -> datetime | None:
        """The start of the period that ends ``now`` (None: all time)."""
        days = {Period.ALL: None, Period.MONTH: 30, Period.WEEK: 7}[self]
        return None if days is None else now - timedelta(days=days)


@dataclass(frozen=True)
class Standing:
    rank: int  # from 1; players with equal points share a rank
    user_id: int
    points: int


class ScoresError(Exception):
    """The scores could not be read or written."""


class ScoreStore(Protocol):
    async def add_points(
        self, guild_id: int, user_id: int, points: int, when: datetime | None = None
    ) -> None: ...

    async def leaderboard(
        self, guild_id: int, *, since: datetime | None, offset: int = 0, limit: int = 10
    ) -> list[Standing]: ...

    async def standing(
        self, guild_id: int, user_id: int, *, since: datetime | None
    ) -> Standing | None: ...

    async def player_count(self, guild_id: int, *, since: datetime | None) -> int: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS quiz_points (
    id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    points INTEGER NOT NULL,
    scored_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS quiz_points_by_guild ON quiz_points (guild_id, scored_at);
"""

# Totals per player, ranked: equal totals share a rank; then by who reached it first.
_TOTALS = """
WITH totals AS (
    SELECT user_id, SUM(points) AS points, MAX(scored_at) AS last
    FROM quiz_points
    WHERE guild_id = ? AND scored_at >= ?
    GROUP BY user_id
)
SELECT RANK() OVER (ORDER BY points DESC) AS rank, user_id, points
FROM totals
ORDER BY points DESC, last ASC, user_id ASC
"""


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


_BEGINNING = "0000"


class SqliteScores:
    """:class:`ScoreStore` in a SQLite file (created on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = asyncio.Lock()

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT)
            conn.executescript(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise ScoresError(f"cannot open {self.path}: {exc}") from None
        return conn

    async def _run(self, work: _Work[T]) -> T:
        def job() -> T:
            with closing(self._connect()) as conn:
                try:
                    with conn:
                        return work(conn)
                except sqlite3.Error as exc:
                    raise ScoresError(f"{self.path}: {exc}") from None

        async with self._lock:
            return await asyncio.to_thread(job)

    async def add_points(
        self, guild_id: int, user_id: int, points: int, when: datetime | None = None
    ) -> None:
        stamp = _stamp(when or datetime.now(UTC))

        def work(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO quiz_points (guild_id, user_id, points, scored_at) VALUES (?,?,?,?)",
                (guild_id, user_id, points, stamp),
            )

        await self._run(work)

    async def leaderboard(
        self, guild_id: int, *, since: datetime | None, offset: int = 0, limit: int = 10
    ) -> list[Standing]:
        start = _stamp(since) if since else _BEGINNING

        def work(conn: sqlite3.Connection) -> list[Standing]:
            rows = conn.execute(_TOTALS + " LIMIT ? OFFSET ?", (guild_id, start, limit, offset))
            return [Standing(int(r), int(u), int(p)) for r, u, p in rows]

        return await self._run(work)

    async def standing(
        self, guild_id: int, user_id: int, *, since: datetime | None
    ) -> Standing | None:
        start = _stamp(since) if since else _BEGINNING

        def work(conn: sqlite3.Connection) -> Standing | None:
            query = f"SELECT rank, user_id, points FROM ({_TOTALS}) WHERE user_id = ?"
            row = conn.execute(query, (guild_id, start, user_id)).fetchone()
            return Standing(int(row[0]), int(row[1]), int(row[2])) if row else None

        return await self._run(work)

    async def player_count(self, guild_id: int, *, since: datetime | None) -> int:
        start = _stamp(since) if since else _BEGINNING

        def work(conn: sqlite3.Connection) -> int:
            query = (
                "SELECT COUNT(DISTINCT user_id) FROM quiz_points WHERE guild_id = ? "
                "AND scored_at >= ?"
            )
            return int(conn.execute(query, (guild_id, start)).fetchone()[0])

        return await self._run(work)


class _Work(Protocol[T_co]):
    def __call__(self, conn: sqlite3.Connection, /) -> T_co: ...
