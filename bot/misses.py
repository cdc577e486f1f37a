"""Questions the bot could not answer, kept in SQLite so the knowledge can grow.

Each miss is one row: the question as asked (mentions of people, roles and
channels replaced, so no ids are kept), its normalised form for grouping, the
command it came through ("/ask", "/episode", "mention"…) and the UTC time.
Nothing about who asked or where.

:class:`MissLog` writes from one background thread, so an answer never waits
for the disk; when the database cannot be written (locked, full, unwritable,
corrupt) the miss is dropped and the problem logged once, not once per miss.
:func:`summarize` reads the most frequent misses for ``namida misses`` and
``/misses``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import re
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from bot.engine.normalize import normalize
from bot.engine.text import QUESTION_MAX

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
BUSY_TIMEOUT = 0.2  # seconds a write waits for a lock before the miss is dropped
MAX_PENDING = 1000  # misses waiting for the writer; beyond this they are dropped

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS misses (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,
    command TEXT NOT NULL,
    question TEXT NOT NULL,
    normalized TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS misses_by_time ON misses (asked_at);
CREATE INDEX IF NOT EXISTS misses_by_question ON misses (normalized, asked_at);
"""

# <@123>, <@!123>, <@&123>, <#123>: what a typed mention looks like in message text.
_MENTION = re.compile(r"<(@[!&]?|#)(\d+)>")
_MENTION_WORD = {"@": "@someone", "@!": "@someone", "@&": "@role", "#": "#channel"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class MissesError(Exception):
    """The misses database could not be read; the message says why in one line."""


def scrub(question: str) -> str:
    """The question without ids: typed mentions become words; one line, bounded length."""
    text = _MENTION.sub(lambda m: _MENTION_WORD[m.group(1)], question)
    return " ".join(text.split())[:QUESTION_MAX]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _timestamp(when: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, fixed width, so text order is time order."""
    return when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def connect(path: Path, *, busy_timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
    """Open (creating it and its folders if needed) and migrate the misses database."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        _migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(
            f"schema version {version} is newer than this Namida knows ({SCHEMA_VERSION})"
        )
    with _transaction(conn):
        for statement in _SCHEMA.split(";"):  # not executescript(): it would COMMIT first
            if statement.strip():
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


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


def insert(conn: sqlite3.Connection, question: str, command: str, when: datetime) -> None:
    text = scrub(question)
    with _transaction(conn):
        conn.execute(
            "INSERT INTO misses (asked_at, command, question, normalized) VALUES (?, ?, ?, ?)",
            (_timestamp(when), command[:32], text, normalize(text)),
        )


class MissLog:
    """Records misses in the background; never raises and never blocks the caller.

    Nothing is opened until the first miss. All database work happens on one
    writer thread, which owns the connection; :meth:`close` waits for it.
    """

    def __init__(
        self, path: Path, *, busy_timeout: float = BUSY_TIMEOUT, max_pending: int = MAX_PENDING
    ) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.max_pending = max_pending
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._conn: sqlite3.Connection | None = None  # used on the writer thread only
        self._lock = threading.Lock()
        self._pending = 0
        self._closed = False
        self._failing = False  # writer thread only: the current outage was logged
        self._lost = 0  # writer thread only: misses dropped in the current outage
        self._overflowing = False

    def record(
        self, question: str, command: str, when: datetime | None = None
    ) -> concurrent.futures.Future[bool] | None:
        """Queue one miss for writing and return at once (None if it was dropped)."""
        stamp = when or utc_now()
        with self._lock:
            if self._closed:
                log.debug("miss log closed: a miss was not recorded")
                return None
            if self._pending >= self.max_pending:
                if not self._overflowing:
                    self._overflowing = True
                    log.warning(
                        "unanswered questions arrive faster than %s can store them; "
                        "dropping some until it catches up",
                        self.path,
                    )
                return None
            self._overflowing = False
            self._pending += 1
            if self._executor is None:
                self._executor = concurrent.futures.ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="namida-misses"
                )
            return self._executor.submit(self._write, question, command, stamp)

    async def flush(self) -> None:
        """Wait until every miss queued so far has been written (or dropped)."""
        with self._lock:
            executor = self._executor
            if executor is None or self._closed:
                return
            done = executor.submit(lambda: None)
        await asyncio.wrap_future(done)

    async def close(self) -> None:
        """Write what is queued, then close the database. Safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            executor = self._executor
        if executor is not None:
            executor.submit(self._close_connection)
            await asyncio.to_thread(executor.shutdown, wait=True)

    def _write(self, question: str, command: str, when: datetime) -> bool:
        try:
            if self._conn is None:
                self._conn = connect(self.path, busy_timeout=self.busy_timeout)
            insert(self._conn, question, command, when)
        except Exception as exc:  # locked, full, unwritable, corrupt… never the caller's problem
            self._close_connection()  # reopen next time: the file may be repaired meanwhile
            self._lost += 1
            if not self._failing:
                self._failing = True
                log.warning(
                    "cannot record unanswered questions in %s (%s: %s); answering goes on, "
                    "and this is logged once until it works again",
                    self.path,
                    type(exc).__name__,
                    exc,
                    exc_info=not isinstance(exc, sqlite3.Error | OSError),
                )
            return False
        else:
            if self._failing:
                log.warning(
                    "recording unanswered questions in %s works again (%d were lost)",
                    self.path,
                    self._lost,
                )
                self._failing = False
                self._lost = 0
            return True
        finally:
            with self._lock:
                self._pending -= 1

    def _close_connection(self) -> None:
        if self._conn is not None:
            with suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None


# ----------------------------------------------------------------- reading


@dataclass(frozen=True)
class MissGroup:
    """The misses that normalise to the same text."""

    count: int
    last_seen: datetime
    example: str  # the latest wording as asked
    commands: tuple[str, ...]


@dataclass(frozen=True)
class MissSummary:
    groups: tuple[MissGroup, ...]  # the most frequent first
    distinct: int  # groups in all, beyond the limit too
    total: int  # misses in all
    since: date | None


def parse_since(text: str | None) -> date | None:
    """``YYYY-MM-DD`` → a date; raises ValueError with a readable message."""
    if text is None:
        return None
    value = text.strip()
    try:
        if not _DATE.match(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"--since must be a date like 2024-05-01 (YYYY-MM-DD), not {text!r}"
        ) from None


def summarize(path: Path, *, since: date | None = None, limit: int = 20) -> MissSummary:
    """The most frequent misses, grouped by normalised text. Reads only; never creates."""
    if not path.exists():
        return MissSummary((), 0, 0, since)
    uri = path.resolve().as_uri() + "?mode=ro"
    where, params = ("WHERE asked_at >= ?", [since.isoformat()]) if since else ("", [])
    try:
        with closing(sqlite3.connect(uri, uri=True, timeout=2.0)) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                return MissSummary((), 0, 0, since)
            if version > SCHEMA_VERSION:
                raise MissesError(
                    f"{path} was written by a newer Namida (schema {version}); upgrade to read it"
                )
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
                        SELECT normalized, question, row_number() OVER (
                            PARTITION BY normalized ORDER BY asked_at DESC, id DESC) AS nth
                        FROM misses {where})
                    SELECT n, seen, question, commands
                    FROM grouped JOIN latest USING (normalized)
                    WHERE nth = 1
                    ORDER BY n DESC, seen DESC, normalized LIMIT ?""",
                [*params, *params, limit],
            ).fetchall()
    except sqlite3.Error as exc:
        raise MissesError(f"cannot read {path}: {exc}") from None
    groups = tuple(
        MissGroup(
            count=n,
            last_seen=datetime.fromisoformat(seen),
            example=example,
            commands=tuple(sorted((commands or "").split(","))),
        )
        for n, seen, example, commands in rows
    )
    return MissSummary(groups, distinct, total, since)


def describe(summary: MissSummary) -> str:
    """One line saying what the summary covers."""
    since = f" since {summary.since.isoformat()}" if summary.since else ""
    if not summary.total:
        return f"No unanswered questions recorded{since}."
    shown = len(summary.groups)
    top = f"top {shown} of " if shown < summary.distinct else ""
    misses = "miss" if summary.total == 1 else "misses"
    return (
        f"Unanswered questions{since}: {top}{summary.distinct} distinct, "
        f"{summary.total} {misses} in all."
    )


def format_table(summary: MissSummary) -> str:
    """The summary as a plain text table for the terminal."""
    lines = [describe(summary)]
    if not summary.groups:
        return lines[0]
    width = max(5, len(str(summary.groups[0].count)))
    lines.append(f"{'count':>{width}}  {'last seen (UTC)':<16}  question (asked via)")
    for group in summary.groups:
        seen = group.last_seen.strftime("%Y-%m-%d %H:%M")
        lines.append(
            f"{group.count:>{width}}  {seen:<16}  {group.example}  ({', '.join(group.commands)})"
        )
    return "\n".join(lines)


def report(
    since: str | None = None,
    limit: int = 20,
    *,
    path: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`namida misses`: print the most frequent unanswered questions; return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        start = parse_since(since)
    except ValueError as exc:
        print(f"namida misses: {exc}", file=err)
        return EXIT_USAGE
    if limit < 1:
        print(f"namida misses: --limit must be 1 or more, not {limit}", file=err)
        return EXIT_USAGE
    if path is None:
        from bot.settings import Settings, SettingsError

        try:
            path = Settings.load().misses_db
        except SettingsError as exc:
            print(exc, file=err)
            return EXIT_FAILED
    try:
        summary = summarize(path, since=start, limit=limit)
    except MissesError as exc:
        print(f"namida misses: {exc}", file=err)
        return EXIT_FAILED
    print(format_table(summary), file=out)
    if not summary.total and not path.exists():
        print(f"(nothing has been recorded in {path} yet)", file=out)
    return EXIT_OK
