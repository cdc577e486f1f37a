"""One contract, two backends: every test here runs on SQLite and on a real PostgreSQL.

PostgreSQL comes from ``pg_url`` (a fresh database on a throwaway server, see
tests/postgres_cluster.py); without server binaries those cases are skipped,
except on CI.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from bot import misses
from bot.store import (
    GuildSettings,
    Language,
    Miss,
    Score,
    Standing,
    Store,
    StoreError,
    open_store,
)
from bot.store import migrations as shipped
from bot.store.cli import copy

pytestmark = pytest.mark.timeout(60)

MAY_1 = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
MAY_3 = datetime(2024, 5, 3, 14, 2, tzinfo=UTC)
MAY_4 = datetime(2024, 5, 4, tzinfo=UTC)
GUILD, OTHER_GUILD = 81_000_000_000_000_001, 81_000_000_000_000_002
ANN, BEN, CY = 111, 222, 333


def miss(question: str, command: str = "/ask", when: datetime = MAY_1) -> Miss:
    made = misses.make_miss(question, command, when)
    assert made is not None
    return made


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state' / 'namida.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
async def store(url: str) -> AsyncIterator[Store]:
    opened = open_store(url)
    yield opened
    await opened.close()


# ----------------------------------------------------------------- misses


async def test_misses_grouped_most_frequent_first(store: Store) -> None:
    await store.write(
        misses=[
            miss("Who won the World Cup?"),
            miss("Where was the school?"),
            miss("who won the world cup", "mention", MAY_3),
            miss("  WHO won the World-Cup!! "),
        ]
    )
    summary = await store.miss_summary()
    assert (summary.total, summary.distinct) == (4, 2)
    first, second = summary.groups
    assert first.count == 3
    assert first.example == "who won the world cup"  # the latest wording
    assert first.last_seen == MAY_3
    assert first.commands == ("/ask", "mention")
    assert (second.count, second.example, second.commands) == (
        1,
        "Where was the school?",
        ("/ask",),
    )


async def test_misses_since_and_limit(store: Store) -> None:
    await store.write(
        misses=[
            miss("old question", when=MAY_1),
            miss("new question", when=MAY_3),
            miss("newer question", when=MAY_4),
            miss("newer question", when=MAY_4 + timedelta(hours=1)),
        ]
    )
    summary = await store.miss_summary(since=date(2024, 5, 3), limit=1)
    assert (summary.total, summary.distinct, summary.since) == (3, 2, date(2024, 5, 3))
    assert [(g.example, g.count) for g in summary.groups] == [("newer question", 2)]
    assert (await store.miss_summary(since=date(2030, 1, 1))).total == 0


async def test_misses_are_listed_in_order_for_copying(store: Store) -> None:
    await store.write(misses=[miss(f"q{i}", when=MAY_1 + timedelta(minutes=i)) for i in range(5)])
    first = await store.misses_after(0, 3)
    rest = await store.misses_after(first[-1][0], 3)
    assert [m.question for _, m in first + rest] == ["q0", "q1", "q2", "q3", "q4"]
    assert rest[0][1].asked_at == MAY_1 + timedelta(minutes=3)


async def test_a_miss_keeps_how_it_was_read(store: Store) -> None:
    """The latest wording's reading is shown with its group, and copied with the row."""
    read = "intent=decline rule=unexplained-words unexplained=zorp"
    await store.write(
        misses=[
            misses.make_miss("who is zorp", "/ask", MAY_1, reading="intent=decline rule=no-rule"),
            misses.make_miss("Who is Zorp?", "mention", MAY_3, reading=read),
            misses.make_miss("where is x", "/ask", MAY_1),
        ]
    )
    groups = {g.example: g for g in (await store.miss_summary()).groups}
    assert groups["Who is Zorp?"].reading == read  # the latest wording's
    assert groups["where is x"].reading == ""
    listed = await store.misses_after(0, 10)
    assert [m.reading for _, m in listed] == ["intent=decline rule=no-rule", read, ""]


async def test_a_batch_is_all_or_nothing(store: Store) -> None:
    await store.migrate()
    bad = Score(GUILD, ANN, 2**40, True, MAY_1)  # too big for the points column on PostgreSQL
    try:
        await store.write(misses=[miss("kept?")], scores=[bad, Score(GUILD, BEN, 1, True, MAY_1)])
    except StoreError:
        assert (await store.miss_summary()).total == 0  # the miss went with the bad score
    else:  # SQLite stores big integers: then all of it is there
        assert (await store.miss_summary()).total == 1


async def test_a_batch_retried_after_its_commit_is_stored_once(store: Store) -> None:
    batch = uuid.uuid4()
    scores = [Score(GUILD, ANN, 2, True, MAY_1)]
    await store.write(misses=[miss("once")], scores=scores, batch_id=batch)
    await store.write(misses=[miss("once")], scores=scores, batch_id=batch)  # the retry
    await store.write(misses=[miss("once")], scores=scores, batch_id=uuid.uuid4())
    await store.write(misses=[miss("once")])  # no id: always stored (namida db copy)
    assert (await store.miss_summary()).total == 3
    assert await store.rank(GUILD, ANN) == Standing(1, ANN, 4, 2, 2)


async def test_reading_an_empty_store(store: Store) -> None:
    assert (await store.miss_summary()).total == 0
    assert await store.leaderboard(GUILD) == []
    assert await store.rank(GUILD, ANN) is None
    assert await store.guild_settings(GUILD) == GuildSettings()
    assert await store.all_guild_settings() == {}


# ----------------------------------------------------------------- scores


async def test_scores_add_up_per_server_with_shared_ranks(store: Store) -> None:
    await store.write(
        scores=[
            Score(GUILD, ANN, 3, True, MAY_1),
            Score(GUILD, ANN, 0, False, MAY_3),
            Score(GUILD, BEN, 2, True, MAY_1),
            Score(GUILD, BEN, 1, True, MAY_4),
            Score(GUILD, CY, 1, True, MAY_4),
            Score(OTHER_GUILD, CY, 50, True, MAY_1),  # another server's board
        ]
    )
    assert await store.leaderboard(GUILD) == [
        Standing(rank=1, user_id=ANN, points=3, answered=2, correct=1),
        Standing(rank=1, user_id=BEN, points=3, answered=2, correct=2),
        Standing(rank=3, user_id=CY, points=1, answered=1, correct=1),
    ]
    assert [s.user_id for s in await store.leaderboard(GUILD, limit=1, offset=1)] == [BEN]
    assert await store.rank(GUILD, CY) == Standing(3, CY, 1, 1, 1)
    assert await store.rank(OTHER_GUILD, CY) == Standing(1, CY, 50, 1, 1)
    assert await store.rank(GUILD, 999) is None


async def test_scores_since(store: Store) -> None:
    await store.write(
        scores=[
            Score(GUILD, ANN, 5, True, MAY_1),
            Score(GUILD, BEN, 1, True, MAY_3),
            Score(GUILD, BEN, 1, True, MAY_4),
        ]
    )
    board = await store.leaderboard(GUILD, since=MAY_3)
    assert board == [Standing(1, BEN, 2, 2, 2)]
    assert await store.rank(GUILD, ANN, since=MAY_3) is None
    assert await store.rank(GUILD, ANN) == Standing(1, ANN, 5, 1, 1)
    copied = await store.scores_after(0, 10)
    assert [(s.user_id, s.at) for _, s in copied] == [(ANN, MAY_1), (BEN, MAY_3), (BEN, MAY_4)]


# ----------------------------------------------------------------- settings


async def test_server_settings_round_trip(store: Store) -> None:
    chosen = GuildSettings(
        reveal_spoilers=True,
        language=Language.JAPANESE,
        cooldown_rate=2,
        cooldown_seconds=30.5,
        mention_channels=frozenset({5, 81_000_000_000_000_009}),
    )
    await store.save_guild_settings(GUILD, chosen)
    assert await store.guild_settings(GUILD) == chosen
    assert await store.guild_settings(OTHER_GUILD) == GuildSettings()
    back = GuildSettings(language=Language.ENGLISH)
    await store.save_guild_settings(GUILD, back)  # replaces, does not merge
    await store.save_guild_settings(OTHER_GUILD, chosen)
    assert await store.all_guild_settings() == {GUILD: back, OTHER_GUILD: chosen}


# ----------------------------------------------------------------- migrations


async def test_migrations_from_empty(store: Store) -> None:
    before = await store.status()
    latest = len(shipped.migrations("sqlite"))
    assert (before.current, before.latest) == (0, latest)
    assert before.pending == (
        "0001_misses",
        "0002_scores_and_settings",
        "0003_write_batches",
        "0004_miss_readings",
    )
    after = await store.migrate()
    assert after.up_to_date and after.current == latest and after.pending == ()
    assert (await store.migrate()).current == latest  # twice is harmless
    assert (await store.status()).up_to_date


async def test_migrations_from_the_previous_schema(url: str, tmp_path: Path) -> None:
    """A database at version 1 (the misses log alone) keeps its rows and gains the rest."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        _namida_0_1_file(path, [("who won the world cup", "2024-05-01T09:30:00.000Z")])
    else:
        conn = await asyncpg.connect(url)
        try:
            await conn.execute(shipped.migrations("postgresql")[0].sql)
            await conn.execute(
                "CREATE TABLE namida_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                " applied_at TIMESTAMPTZ NOT NULL DEFAULT now());"
                "INSERT INTO namida_schema (version, name) VALUES (1, 'misses');"
                "INSERT INTO misses (asked_at, command, question, normalized) VALUES"
                " ('2024-05-01T09:30:00Z', '/ask',"
                " 'who won the world cup', 'who won the world cup')"
            )
        finally:
            await conn.close()
    store = open_store(url)
    try:
        status = await store.status()
        assert (status.current, status.pending) == (
            1,
            ("0002_scores_and_settings", "0003_write_batches", "0004_miss_readings"),
        )
        summary = await store.miss_summary()  # a read migrates on the way
        assert [(g.example, g.last_seen, g.reading) for g in summary.groups] == [
            ("who won the world cup", MAY_1, "")  # stored before readings were kept
        ]
        assert (await store.status()).up_to_date
        await store.write(misses=[miss("after")], scores=[Score(GUILD, ANN, 1, True, MAY_3)])
        assert (await store.miss_summary()).total == 2
        assert await store.rank(GUILD, ANN) == Standing(1, ANN, 1, 1, 1)
    finally:
        await store.close()


def _namida_0_1_file(path: Path, rows: list[tuple[str, str]]) -> None:
    """A misses file exactly as Namida 0.1 wrote it (PRAGMA user_version = 1)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(
            """CREATE TABLE misses (id INTEGER PRIMARY KEY, asked_at TEXT NOT NULL,
                   command TEXT NOT NULL, question TEXT NOT NULL, normalized TEXT NOT NULL);
               CREATE INDEX misses_by_time ON misses (asked_at);
               CREATE INDEX misses_by_question ON misses (normalized, asked_at);
               PRAGMA user_version = 1;"""
        )
        conn.executemany(
            "INSERT INTO misses (asked_at, command, question, normalized) VALUES (?, '/ask', ?, ?)",
            [(when, question, question) for question, when in rows],
        )


async def test_a_newer_schema_is_refused_plainly(store: Store, url: str) -> None:
    await store.migrate()
    await store.close()
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            conn.execute("INSERT INTO namida_schema VALUES (99, 'future', 'x')")
    else:
        conn = await asyncpg.connect(url)
        await conn.execute("INSERT INTO namida_schema (version, name) VALUES (99, 'future')")
        await conn.close()
    again = open_store(url)
    try:
        with pytest.raises(StoreError, match="schema version 99 is newer than this Namida knows"):
            await again.status()
        with pytest.raises(StoreError, match="newer"):
            await again.write(misses=[miss("x")])
    finally:
        await again.close()


# ----------------------------------------------------------------- copying


async def test_copy_from_sqlite_to_postgresql(tmp_path: Path, pg_url: str) -> None:
    path = tmp_path / "old.sqlite3"
    _namida_0_1_file(
        path, [(f"question {i}", f"2024-05-0{1 + i % 3}T00:00:00.000Z") for i in range(7)]
    )
    source, target = open_store(f"sqlite:///{path}"), open_store(pg_url)
    try:
        await source.write(scores=[Score(GUILD, ANN, 2, True, MAY_3)])
        await source.save_guild_settings(GUILD, GuildSettings(reveal_spoilers=True))
        assert await copy(source, target, chunk=3) == (7, 1, 1)
        want, got = await source.miss_summary(limit=50), await target.miss_summary(limit=50)
        assert got == want and got.total == 7
        assert await target.leaderboard(GUILD) == await source.leaderboard(GUILD)
        assert await target.guild_settings(GUILD) == GuildSettings(reveal_spoilers=True)
    finally:
        await source.close()
        await target.close()


# ----------------------------------------------------------------- what a miss keeps


@pytest.mark.parametrize(
    ("asked", "kept"),
    [
        (
            "<@1234567890> who won the <#987654321> World Cup?",
            "@someone who won the #channel World Cup?",
        ),
        ("who is <@!42> and <@&77>?", "who is @someone and @role?"),
        ("\x1b]0;owned\x07who\x1b[2J is\u202e she", "]0;ownedwho[2J is she"),
        ("line\none\r\ntwo\tthree", "line one two three"),
    ],
)
def test_what_a_miss_keeps(asked: str, kept: str) -> None:
    made = misses.make_miss(asked, "/ask", MAY_1)
    assert made is not None and made.question == kept
    assert all(ch.isprintable() for ch in made.question)


@pytest.mark.parametrize(
    "blank", ["", "   ", "\u200b", "\u3164", "\u3164 \u200b\u3164", "\x1b\x07", "\u2800"]
)
def test_blank_or_invisible_questions_are_not_kept(blank: str) -> None:
    assert misses.make_miss(blank, "mention") is None


def test_unknown_database_urls_are_refused() -> None:
    with pytest.raises(StoreError, match="must start with sqlite:/// or postgresql://"):
        open_store("mysql://db/namida")
