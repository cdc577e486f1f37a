"""Unanswered questions: kept in SQLite without ids, grouped, listed by `namida misses`.

The bot-level tests run the real client through the fake Discord; the rest use
MissLog directly. A broken database never breaks answering and is logged once.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from discord_helpers import make_settings, shipped_engine
from fake_discord import FakeDiscord, fake_discord, running_client
from fake_discord.server import BotResponse

from bot import cli, misses
from bot.discord_app.client import NamidaBot, create_bot
from bot.misses import MissLog

pytestmark = pytest.mark.timeout(30)

EPHEMERAL = 64
MAY_1 = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
MAY_3 = datetime(2024, 5, 3, 14, 2, tzinfo=UTC)


@pytest.fixture(autouse=True)
def no_writer_threads_left() -> Iterator[None]:
    yield
    left = [t.name for t in threading.enumerate() if t.name.startswith("namida-misses")]
    assert not left, f"miss log threads still running: {left}"


@pytest.fixture
async def miss_log(tmp_path: Path) -> AsyncIterator[MissLog]:
    log = MissLog(tmp_path / "data" / "misses.sqlite3")
    yield log
    await log.close()


def warnings_from_misses(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "bot.misses" and r.levelno >= logging.WARNING
    ]


# ----------------------------------------------------------------- storing


async def test_misses_are_stored_without_ids(miss_log: MissLog) -> None:
    assert not miss_log.path.parent.exists()  # nothing happens before the first miss
    miss_log.record("<@1234567890> who won the <#987654321> World Cup?", "/ask", MAY_1)
    miss_log.record("who is <@!42> and <@&77>?", "mention", MAY_3)
    await miss_log.flush()
    with sqlite3.connect(miss_log.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == misses.SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        columns = [row[1] for row in conn.execute("PRAGMA table_info(misses)")]
        rows = conn.execute("SELECT asked_at, command, question FROM misses ORDER BY id").fetchall()
    assert columns == ["id", "asked_at", "command", "question", "normalized"]
    assert rows == [
        ("2024-05-01T09:30:00.000Z", "/ask", "@someone who won the #channel World Cup?"),
        ("2024-05-03T14:02:00.000Z", "mention", "who is @someone and @role?"),
    ]


async def test_grouped_after_normalisation_most_frequent_first(miss_log: MissLog) -> None:
    miss_log.record("Who won the World Cup?", "/ask", MAY_1)
    miss_log.record("Where was the school?", "/ask", MAY_1)
    miss_log.record("who won the world cup", "mention", MAY_3)
    miss_log.record("  WHO won the World-Cup!! ", "/ask", MAY_1)
    await miss_log.flush()
    summary = misses.summarize(miss_log.path)
    assert (summary.total, summary.distinct) == (4, 2)
    first, second = summary.groups
    assert first.count == 3
    assert first.example == "who won the world cup"  # the latest wording
    assert first.last_seen == MAY_3
    assert first.commands == ("/ask", "mention")
    assert (second.count, second.example) == (1, "Where was the school?")


async def test_misses_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "misses.sqlite3"
    for _ in range(2):  # two lives of the bot
        log = MissLog(path)
        log.record("who won the world cup", "/ask")
        await log.close()
    assert misses.summarize(path).groups[0].count == 2


def test_a_crash_mid_write_leaves_no_half_row(tmp_path: Path) -> None:
    path = tmp_path / "misses.sqlite3"
    conn = misses.connect(path)
    misses.insert(conn, "kept", "/ask", MAY_1)
    conn.close()
    crash = (
        "import os, sys\n"
        "from datetime import datetime, UTC\n"
        "from pathlib import Path\n"
        "from bot import misses\n"
        "conn = misses.connect(Path(sys.argv[1]))\n"
        "conn.execute('BEGIN IMMEDIATE')\n"
        'conn.execute("INSERT INTO misses (asked_at, command, question, normalized) '
        "VALUES ('2024-05-02T00:00:00Z', '/ask', 'lost', 'lost')\")\n"
        "os._exit(9)\n"
    )
    done = subprocess.run([sys.executable, "-c", crash, str(path)], timeout=20, check=False)
    assert done.returncode == 9
    summary = misses.summarize(path)
    assert [g.example for g in summary.groups] == ["kept"]
    conn = misses.connect(path)  # and writing goes on
    misses.insert(conn, "after", "/ask", MAY_3)
    conn.close()
    assert misses.summarize(path).total == 2


async def test_record_after_close_is_ignored(tmp_path: Path) -> None:
    log = MissLog(tmp_path / "m.sqlite3")
    log.record("one", "/ask")
    await log.close()
    await log.close()  # twice is fine
    assert log.record("two", "/ask") is None
    assert misses.summarize(log.path).total == 1


# ----------------------------------------------------------------- a broken database


async def test_a_locked_database_drops_misses_and_logs_once(
    miss_log: MissLog, caplog: pytest.LogCaptureFixture
) -> None:
    miss_log.record("before", "/ask")
    await miss_log.flush()
    holder = sqlite3.connect(miss_log.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with caplog.at_level(logging.WARNING, logger="bot.misses"):
            for question in ("one", "two", "three"):
                assert miss_log.record(question, "/ask") is not None  # returns at once
            await miss_log.flush()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    [warning] = warnings_from_misses(caplog)
    assert "locked" in warning and "logged once" in warning
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="bot.misses"):
        miss_log.record("after", "/ask")
        await miss_log.flush()
    assert warnings_from_misses(caplog) == [
        f"recording unanswered questions in {miss_log.path} works again (3 were lost)"
    ]
    assert {g.example for g in misses.summarize(miss_log.path).groups} == {"before", "after"}


@pytest.mark.parametrize("broken", ["parent is a file", "path is a folder", "corrupt", "newer"])
async def test_an_unusable_database_is_logged_once(
    tmp_path: Path, broken: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "misses.sqlite3"
    if broken == "parent is a file":
        (tmp_path / "plain-file").write_text("not a folder")
        path = tmp_path / "plain-file" / "misses.sqlite3"
    elif broken == "path is a folder":
        path.mkdir()
    elif broken == "corrupt":
        path.write_bytes(b"this is not a database\n" * 200)
    else:
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA user_version = 99")
    log = MissLog(path)
    with caplog.at_level(logging.WARNING, logger="bot.misses"):
        futures = [log.record(f"question {i}", "/ask") for i in range(3)]
        await log.close()
    assert [f.result() for f in futures if f is not None] == [False, False, False]
    [warning] = warnings_from_misses(caplog)
    assert "cannot record unanswered questions" in warning


async def test_a_flood_while_stuck_is_bounded_and_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log = MissLog(tmp_path / "m.sqlite3", max_pending=2)
    gate = threading.Event()
    assert log._executor is None
    log.record("first", "/ask")
    assert log._executor is not None
    log._executor.submit(gate.wait)  # hold the writer
    with caplog.at_level(logging.WARNING, logger="bot.misses"):
        kept = [log.record(f"q{i}", "/ask") for i in range(10)]
    gate.set()
    await log.close()
    assert sum(f is not None for f in kept) == 1
    [warning] = warnings_from_misses(caplog)
    assert "faster than" in warning


# ----------------------------------------------------------------- namida misses


@pytest.fixture
def misses_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "state" / "misses.sqlite3"
    monkeypatch.setenv("MISSES_DB", str(path))
    monkeypatch.chdir(tmp_path)  # no stray .env
    return path


def seed(path: Path, rows: list[tuple[str, str, datetime]]) -> None:
    conn = misses.connect(path)
    for question, command, when in rows:
        misses.insert(conn, question, command, when)
    conn.close()


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["misses", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_lists_grouped_misses_most_frequent_first(
    misses_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(
        misses_db,
        [
            ("Who won the World Cup?", "/ask", MAY_1),
            ("Is there a sequel?", "mention", MAY_1),
            ("who won the world cup", "mention", MAY_3),
        ],
    )
    code, out, err = run_cli(capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Unanswered questions: 2 distinct, 3 misses in all."
    assert lines[2].split() == [
        "2",
        "2024-05-03",
        "14:02",
        "who",
        "won",
        "the",
        "world",
        "cup",
        "(/ask,",
        "mention)",
    ]
    assert "Is there a sequel?" in lines[3] and lines[3].split()[0] == "1"


def test_cli_since_and_limit(misses_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed(
        misses_db,
        [
            ("old question", "/ask", MAY_1),
            ("new question", "/ask", MAY_3),
            ("newer question", "/ask", datetime(2024, 5, 4, tzinfo=UTC)),
        ],
    )
    code, out, _ = run_cli(capsys, "--since", "2024-05-03", "--limit", "1")
    assert code == 0
    assert out.splitlines()[0] == (
        "Unanswered questions since 2024-05-03: top 1 of 2 distinct, 2 misses in all."
    )
    assert "newer question" in out and "old question" not in out


def test_cli_with_nothing_recorded_says_so(
    misses_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(capsys)
    assert code == 0
    assert out.startswith("No unanswered questions recorded.")
    assert not misses_db.exists()  # reading never creates it
    seed(misses_db, [("old question", "/ask", MAY_1)])
    code, out, _ = run_cli(capsys, "--since", "2030-01-01")
    assert (code, out) == (0, "No unanswered questions recorded since 2030-01-01.\n")


@pytest.mark.parametrize("since", ["yesterday", "2024-13-01", "2024/05/01", "20240501", ""])
def test_cli_bad_since_is_a_usage_error(
    misses_db: Path, capsys: pytest.CaptureFixture[str], since: str
) -> None:
    code, out, err = run_cli(capsys, "--since", since)
    assert code == 2 and out == ""
    assert "--since must be a date like 2024-05-01 (YYYY-MM-DD)" in err


def test_cli_bad_limit_is_a_usage_error(
    misses_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "--limit", "0")
    assert code == 2 and "--limit must be 1 or more" in err


def test_cli_unreadable_database_fails_plainly(
    misses_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    misses_db.parent.mkdir(parents=True)
    misses_db.write_bytes(b"garbage" * 1000)
    code, out, err = run_cli(capsys)
    assert code == 1 and out == ""
    assert err.startswith(f"namida misses: cannot read {misses_db}")
    assert "Traceback" not in err


def test_parse_since() -> None:
    assert misses.parse_since(None) is None
    assert misses.parse_since(" 2024-05-01 ") == date(2024, 5, 1)


# ----------------------------------------------------------------- through the bot


@contextlib.asynccontextmanager
async def namida(db: Path) -> AsyncIterator[tuple[FakeDiscord, NamidaBot]]:
    """The fake, and the bot recording misses in ``db``, with the fake's owner as owner."""
    async with fake_discord() as fake:
        settings = make_settings(owner_ids=fake.owner["id"], misses_db=db)
        async with running_client(fake, lambda: create_bot(settings, shipped_engine())) as bot:
            await bot.tree.sync()
            yield fake, bot


async def slash(fake: FakeDiscord, name: str, **options: Any) -> BotResponse:
    return await (await fake.send_slash_command(name, options)).response()


async def misses_command(fake: FakeDiscord, **options: Any) -> dict[str, Any]:
    handle = await fake.send_slash_command("misses", options)
    first = await handle.response()
    assert first.type == 5 and first.flags & EPHEMERAL
    followup = await handle.followup()
    assert followup["flags"] & EPHEMERAL
    [embed] = followup["embeds"]
    return dict(embed)


async def test_bot_misses_are_grouped_and_listed_in_discord_and_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "state" / "misses.sqlite3"
    async with namida(db) as (fake, bot):
        empty = await misses_command(fake)
        assert empty["description"] == "No unanswered questions recorded."
        assert (await slash(fake, "ask", question="Who won the World Cup?")).ephemeral
        assert await fake.send_mention("who won the world cup")
        assert (await slash(fake, "episode", episode="42")).ephemeral
        assert not (await slash(fake, "track", track="Konayuki")).ephemeral  # found
        embed = await misses_command(fake)
        lines = embed["description"].splitlines()
        assert lines[0] == "Unanswered questions: 2 distinct, 3 misses in all."
        assert lines[1].startswith("**2×** who won the world cup · last ")
        assert lines[1].endswith(" UTC · /ask, mention")
        assert lines[2].startswith("**1×** 42 · last ") and lines[2].endswith(" · /episode")
        top = await misses_command(fake, limit=1, since="2000-01-01")
        assert top["description"].splitlines()[0] == (
            "Unanswered questions since 2000-01-01: top 1 of 2 distinct, 3 misses in all."
        )
        bad = await (await fake.send_slash_command("misses", {"since": "May 1st"})).response()
        assert bad.ephemeral and "since must be a date like 2024-05-01" in (bad.content or "")
        await bot.misses.flush()
        monkeypatch.setenv("MISSES_DB", str(db))
        monkeypatch.chdir(tmp_path)
        code, out, _ = run_cli(capsys)  # while the bot runs: reading is safe
    assert code == 0
    assert out.splitlines()[2].split()[0] == "2" and "who won the world cup" in out
    assert "42  (/episode)" in out


async def test_user_text_in_misses_is_shown_literally(tmp_path: Path) -> None:
    async with namida(tmp_path / "misses.sqlite3") as (fake, _):
        await slash(fake, "ask", question="**bold** @everyone <@&1> zzzz")
        description = (await misses_command(fake))["description"]
    assert "\\*\\*bold\\*\\* @\u200beveryone @role zzzz" in description


@pytest.mark.parametrize("broken", ["locked", "unwritable"])
async def test_answers_go_out_when_the_database_fails(
    tmp_path: Path, broken: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "misses.sqlite3"
    holder: sqlite3.Connection | None = None
    if broken == "locked":
        misses.connect(db).close()
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
    else:
        (tmp_path / "plain-file").write_text("not a folder")
        db = tmp_path / "plain-file" / "misses.sqlite3"
    # The writer stops at the door of every write until released: each answer
    # below must arrive while the first miss is still waiting to be written.
    real_write = MissLog._write
    release = threading.Event()
    started: list[str] = []
    finished: list[bool] = []

    def held_write(self: MissLog, question: str, command: str, when: datetime) -> bool:
        started.append(question)
        release.wait(timeout=25)  # a safety net only: the test releases it
        finished.append(real_write(self, question, command, when))
        return finished[-1]

    monkeypatch.setattr(MissLog, "_write", held_write)
    try:
        async with namida(db) as (fake, bot):
            with caplog.at_level(logging.WARNING, logger="bot.misses"):
                try:
                    for i in range(3):
                        reply = await slash(fake, "ask", question=f"who won the world cup {i}?")
                        assert reply.ephemeral and "I don't know" in reply.embeds[0]["title"]
                    reply_to_mention = await fake.send_mention("is there a sequel?")
                    assert reply_to_mention is not None and reply_to_mention["embeds"]
                    await fake.wait_until(lambda: started, 10, "the writer to take a miss")
                    assert started == ["who won the world cup 0?"] and finished == []
                finally:
                    release.set()
                await bot.misses.flush()
            assert finished == [False] * 3  # each /ask miss was tried, and failed
            found = await slash(fake, "episode", episode="8")
            assert "1 litre of tears" in found.embeds[0]["title"]
    finally:
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()
    [warning] = warnings_from_misses(caplog)
    assert "cannot record unanswered questions" in warning
