"""Unanswered questions through the bot and `namida misses`: kept without ids or
control characters, grouped, listed in Discord and in the terminal.

The store itself is covered by test_store_contract.py (both backends) and the
writer by test_store_writer.py; here the default SQLite store is used.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from discord_helpers import make_settings, shipped_engine
from fake_discord import FakeDiscord, fake_discord, running_client
from fake_discord.server import BotResponse

from bot import cli, misses
from bot.discord_app.client import NamidaBot, create_bot
from bot.store import Miss, open_store

pytestmark = pytest.mark.timeout(30)

EPHEMERAL = 64
MAY_1 = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
MAY_3 = datetime(2024, 5, 3, 14, 2, tzinfo=UTC)


def seed(path: Path, rows: list[tuple[str, str, datetime]], *, raw: bool = False) -> None:
    """Write misses into the SQLite store at ``path`` (``raw``: as given, unscrubbed)."""

    async def write() -> None:
        store = open_store(f"sqlite:///{path}")
        made: list[Miss] = []
        for question, command, when in rows:
            if raw:  # as an older version may have stored it
                made.append(Miss(question, question.lower(), command, when))
            else:
                miss = misses.make_miss(question, command, when)
                assert miss is not None
                made.append(miss)
        await store.write(misses=made)
        await store.close()

    asyncio.run(write())


# ----------------------------------------------------------------- namida misses


@pytest.fixture
def misses_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "state" / "misses.sqlite3"
    monkeypatch.setenv("MISSES_DB", str(path))
    monkeypatch.chdir(tmp_path)  # no stray .env
    return path


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
    assert (code, out) == (0, "No unanswered questions recorded.\n")
    assert not misses_db.exists()  # reading never creates it
    seed(misses_db, [("old question", "/ask", MAY_1)])
    code, out, _ = run_cli(capsys, "--since", "2030-01-01")
    assert (code, out) == (0, "No unanswered questions recorded since 2030-01-01.\n")


def test_cli_reads_a_log_written_by_namida_0_1(
    misses_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    misses_db.parent.mkdir(parents=True)
    with sqlite3.connect(misses_db) as conn:
        conn.executescript(
            """CREATE TABLE misses (id INTEGER PRIMARY KEY, asked_at TEXT NOT NULL,
                   command TEXT NOT NULL, question TEXT NOT NULL, normalized TEXT NOT NULL);
               INSERT INTO misses VALUES (1, '2024-05-01T09:30:00.000Z', '/ask',
                   'who won the world cup', 'who won the world cup');
               PRAGMA user_version = 1;"""
        )
    code, out, _ = run_cli(capsys)
    assert code == 0 and "who won the world cup" in out.splitlines()[2]


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
    assert err.startswith(f"namida misses: {misses_db}: file is not a database")
    assert "Traceback" not in err


def test_cli_shows_no_control_characters(
    misses_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Rows as an older version stored them, escape sequences and all.
    seed(
        misses_db,
        [
            ("\x1b]0;owned\x07who\x1b[2J won?", "/ask", MAY_1),
            ("is\u202e she\x00 here\r", "men\x1btion", MAY_3),
        ],
        raw=True,
    )
    code, out, _ = run_cli(capsys)
    assert code == 0
    assert all(ch.isprintable() for line in out.splitlines() for ch in line)
    assert "]0;ownedwho[2J won?" in out and "is she here" in out and "(mention)" in out


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
        await bot.writer.flush()
        monkeypatch.setenv("MISSES_DB", str(db))
        monkeypatch.chdir(tmp_path)
        code, out, _ = await asyncio.to_thread(run_cli, capsys)  # while the bot runs
    assert code == 0
    assert out.splitlines()[2].split()[0] == "2" and "who won the world cup" in out
    assert "42  (/episode)" in out
    # How the latest wording was read is kept beside it, in short.
    assert out.splitlines()[3].split()[:4] == ["read", "as:", "decline", "(unexplained-words)"]


async def test_user_text_in_misses_is_shown_literally(tmp_path: Path) -> None:
    async with namida(tmp_path / "misses.sqlite3") as (fake, _):
        await slash(fake, "ask", question="**bold** @everyone <@&1> zzzz")
        description = (await misses_command(fake))["description"]
    assert "\\*\\*bold\\*\\* @\u200beveryone @role zzzz" in description


async def test_control_characters_never_reach_discord(tmp_path: Path) -> None:
    db = tmp_path / "misses.sqlite3"
    await asyncio.to_thread(seed, db, [("old\x1b[31m row\u202e here\x07", "/ask", MAY_1)], raw=True)
    async with namida(db) as (fake, bot):
        await slash(fake, "ask", question="new\x1b]0;x\x07 zzzz\u2066 one")
        await bot.writer.flush()
        description = (await misses_command(fake))["description"]
    assert "new]0;x zzzz one" in description and "old[31m row here" in description
    assert all(ch.isprintable() or ch == "\n" for ch in description)


async def test_blank_and_invisible_questions_are_not_recorded(tmp_path: Path) -> None:
    async with namida(tmp_path / "misses.sqlite3") as (fake, bot):
        for blank in ("\u200b", "\u3164", "\u3164 \u3164", "\u200b\u2800"):
            await slash(fake, "ask", question=blank)
            await fake.send_mention(blank)
        await slash(fake, "ask", question="zzzz")  # a real miss, recorded
        await bot.writer.flush()
        summary = await bot.store.miss_summary()
    assert [(g.example, g.count) for g in summary.groups] == [("zzzz", 1)]


async def test_answers_go_out_while_the_database_is_locked(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "misses.sqlite3"
    async with namida(db) as (fake, bot):
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")  # another process holds the file
        try:
            with caplog.at_level(logging.WARNING, logger="bot.store.writer"):
                for i in range(3):
                    reply = await slash(fake, "ask", question=f"who won the world cup {i}?")
                    assert reply.ephemeral and "I don't know" in reply.embeds[0]["title"]
                reply_to_mention = await fake.send_mention("who won the world cup 3?")
                assert reply_to_mention is not None and reply_to_mention["embeds"]
                found = await slash(fake, "episode", episode="8")
                assert "1 litre of tears" in found.embeds[0]["title"]
                await fake.wait_until(
                    lambda: any("database is locked" in r.getMessage() for r in caplog.records),
                    10,
                    "the writer to meet the lock",
                )
                assert bot.writer.pending + len(bot.writer._inflight) == 4  # kept, not lost
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert await bot.writer.flush(10)
        summary = await bot.store.miss_summary()
    assert summary.total == 4


def test_cli_speaks_the_owners_language(
    misses_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(misses_db, [("new question", "/ask", MAY_3), ("newer question", "/ask", MAY_3)])
    code = cli.main(["--lang", "ja", "misses", "--since", "2024-05-03", "--limit", "1"])
    out, _ = capsys.readouterr()
    assert code == 0
    first, header = out.splitlines()[:2]
    assert first == "2024-05-03 以降に答えられなかった質問：2 種類のうち上位 1 件、延べ 2 件。"
    assert header.split() == ["回数", "最終（UTC）", "質問（経路）"]
    assert cli.main(["--lang", "ja", "misses", "--since", "きのう"]) == 2
    assert "--since には 2024-05-01 のような日付" in capsys.readouterr().err
