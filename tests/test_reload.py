"""Reloading the knowledge while the real bot runs against the fake Discord.

The bot answers from a copy of the shipped knowledge file in tmp_path; the
tests edit that copy, reload (/reload or SIGHUP) and ask again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import signal
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from discord_helpers import embed_text, make_settings
from fake_discord import FakeDiscord, fake_discord, running_client
from fake_discord.server import BotResponse

from bot.discord_app import reloading
from bot.discord_app.client import NamidaBot, create_bot
from bot.discord_app.cogs.admin import reload_embed
from bot.discord_app.embeds import DESCRIPTION_MAX
from bot.engine.engine import Engine
from bot.knowledge import loader
from bot.knowledge.loader import Problem

pytestmark = pytest.mark.timeout(30)

EPHEMERAL = 64
ADMINISTRATOR = 1 << 3
OLD_TITLE = "    title: 1 litre of tears\n"
NEW_TITLE = "    title: A litre of tears, retold\n"
# Two mistakes: a word where a number belongs, twice.
BROKEN = {"episode_count: 11": "episode_count: many", "  - number: 8\n": "  - number: eight\n"}


def _line_of(fragment: str) -> int:
    text = loader.default_path().read_text(encoding="utf-8")
    return text[: text.index(fragment)].count("\n") + 1


COUNT_LINE = _line_of("episode_count: 11")
EPISODE_8_LINE = _line_of("  - number: 8\n")


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    path = tmp_path / "knowledge.yaml"
    shutil.copyfile(loader.default_path(), path)
    return path


def edit(path: Path, replacements: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


@contextlib.asynccontextmanager
async def namida(knowledge: Path, tmp_path: Path) -> AsyncIterator[tuple[FakeDiscord, NamidaBot]]:
    """The fake, and the bot answering from ``knowledge`` with the fake's owner as owner."""
    async with fake_discord() as fake:
        settings = make_settings(
            knowledge_path=knowledge,
            owner_ids=fake.owner["id"],
            misses_db=tmp_path / "misses.sqlite3",
        )
        engine = Engine.from_path(settings.knowledge_path)
        async with running_client(fake, lambda: create_bot(settings, engine)) as bot:
            await bot.tree.sync()
            yield fake, bot


async def slash(fake: FakeDiscord, name: str, **options: Any) -> BotResponse:
    return await (await fake.send_slash_command(name, options)).response()


async def title_of_episode_8(fake: FakeDiscord) -> str:
    [embed] = (await slash(fake, "episode", episode="8")).embeds
    return str(embed["title"])


async def reload_as(fake: FakeDiscord, user: dict[str, Any] | None = None) -> dict[str, Any]:
    """/reload; the answer is a private "thinking…" and then a private follow-up."""
    handle = await fake.send_slash_command("reload", user=user)
    first = await handle.response()
    assert first.type == 5 and first.flags & EPHEMERAL
    followup = await handle.followup()
    assert followup["flags"] & EPHEMERAL
    return followup


# ----------------------------------------------------------------- /reload


async def test_reload_with_a_changed_file_changes_the_next_answer(
    knowledge: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with namida(knowledge, tmp_path) as (fake, bot):
        assert "1 litre of tears" in await title_of_episode_8(fake)
        edit(knowledge, {OLD_TITLE: NEW_TITLE})
        old_engine = bot.engine
        with caplog.at_level(logging.INFO, logger="bot.discord_app.reloading"):
            reply = await reload_as(fake)
        [embed] = reply["embeds"]
        assert embed["title"] == "Knowledge reloaded"
        assert "11 episodes" in embed["description"]
        assert bot.engine is not old_engine
        assert "A litre of tears, retold" in await title_of_episode_8(fake)
        assert f"reloaded {knowledge} in " in caplog.text


async def test_reload_with_a_broken_file_keeps_every_old_answer(
    knowledge: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    asked = [
        ("episode", {"episode": "8"}),
        ("track", {"track": "Konayuki"}),
        ("cast", {"who": "Haruto"}),
        ("ask", {"question": "who played Haruto?"}),
        ("episodes", {}),
        ("ratings", {}),
    ]
    async with namida(knowledge, tmp_path) as (fake, bot):
        before = [(await slash(fake, name, **options)).embeds for name, options in asked]
        old_engine = bot.engine
        edit(knowledge, BROKEN)
        with caplog.at_level(logging.WARNING, logger="bot.discord_app.reloading"):
            reply = await reload_as(fake)
        [embed] = reply["embeds"]
        assert embed["title"] == "Not reloaded: 2 problems in the knowledge file"
        text = embed_text(embed)
        assert f"knowledge.yaml:{COUNT_LINE}" in text and "series.episode\\_count" in text
        assert f"knowledge.yaml:{EPISODE_8_LINE}" in text and "episodes[7].number" in text
        assert "goes on answering from the version it had" in text
        assert bot.engine is old_engine
        after = [(await slash(fake, name, **options)).embeds for name, options in asked]
        assert after == before
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 3  # the summary, then one line per problem
        assert f"{knowledge}:{COUNT_LINE}: series.episode_count:" in warnings[1]
        assert f"{knowledge}:{EPISODE_8_LINE}: episodes[7].number:" in warnings[2]


async def test_a_missing_file_is_a_problem_too(knowledge: Path, tmp_path: Path) -> None:
    async with namida(knowledge, tmp_path) as (fake, bot):
        old_engine = bot.engine
        knowledge.unlink()
        [embed] = (await reload_as(fake))["embeds"]
        assert "cannot read it" in embed_text(embed)
        assert bot.engine is old_engine
        assert "1 litre of tears" in await title_of_episode_8(fake)


async def test_a_non_owner_is_refused(knowledge: Path, tmp_path: Path) -> None:
    async with namida(knowledge, tmp_path) as (fake, bot):
        synced = {c["name"]: c for c in fake.commands[None]}
        for name in ("reload", "misses"):  # hidden from non-administrators by default
            assert int(synced[name]["default_member_permissions"]) == ADMINISTRATOR
        edit(knowledge, {OLD_TITLE: NEW_TITLE})
        old_engine = bot.engine
        fan = fake.make_user("haruto_fan")
        for name in ("reload", "misses"):
            handle = await fake.send_slash_command(name, user=fan)
            refused = await handle.response()
            assert refused.type == 4 and refused.flags & EPHEMERAL
            assert refused.content == f"Only the bot's owners can use /{name}."
            assert refused.embeds == []
        assert bot.engine is old_engine
        assert "1 litre of tears" in await title_of_episode_8(fake)


# ----------------------------------------------------------------- SIGHUP


async def test_sighup_reloads(knowledge: Path, tmp_path: Path) -> None:
    async with namida(knowledge, tmp_path) as (fake, bot):
        if not reloading.install_sighup(bot):
            pytest.skip("SIGHUP handlers need Unix and the main thread")
        try:
            edit(knowledge, {OLD_TITLE: NEW_TITLE})
            old_engine = bot.engine
            os.kill(os.getpid(), signal.SIGHUP)  # handled by the loop: the test goes on
            await fake.wait_until(lambda: bot.engine is not old_engine, 5, "the SIGHUP reload")
        finally:
            reloading.remove_sighup()
        assert "A litre of tears, retold" in await title_of_episode_8(fake)


async def test_sighup_with_a_broken_file_logs_every_problem(
    knowledge: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with namida(knowledge, tmp_path) as (_, bot):
        old_engine = bot.engine
        edit(knowledge, BROKEN)
        with caplog.at_level(logging.WARNING, logger="bot.discord_app.reloading"):
            result = await reloading.on_sighup(bot)  # what the signal handler starts
        assert not result.ok and len(result.problems) == 2
        assert bot.engine is old_engine
        assert "reload (SIGHUP) rejected" in caplog.text
        assert f":{COUNT_LINE}: series.episode_count" in caplog.text
        assert f":{EPISODE_8_LINE}: episodes[7].number" in caplog.text


# ----------------------------------------------------------------- one at a time


async def test_reloads_run_one_at_a_time_off_the_event_loop(
    knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Engine.from_path
    release = threading.Event()
    lock = threading.Lock()
    busy = 0
    most = 0
    loads = 0

    def blocked_load(path: Path | str | None = None) -> Engine:
        nonlocal busy, most, loads
        with lock:
            busy += 1
            loads += 1
            most = max(most, busy)
        try:
            release.wait(timeout=25)  # a safety net only: the test releases it
            return real(path)
        finally:
            with lock:
                busy -= 1

    async with namida(knowledge, tmp_path) as (fake, bot):
        old_engine = bot.engine
        monkeypatch.setattr(Engine, "from_path", staticmethod(blocked_load))
        reloads = asyncio.gather(
            *(reloading.reload_knowledge(bot, trigger=f"test {i}") for i in range(3))
        )
        try:
            await fake.wait_until(lambda: busy == 1, 10, "the first reload to start loading")
            title = await title_of_episode_8(fake)  # asked and answered while the load is stuck
            assert busy == 1 and loads == 1  # still loading; the other two wait for the lock
            assert not reloads.done() and bot.engine is old_engine
            assert "1 litre of tears" in title
        finally:
            release.set()
        results = await asyncio.wait_for(reloads, 20)
        assert all(r.ok for r in results)
        assert loads == 3 and most == 1
        assert bot.engine is not old_engine  # released, the reloads went through


# ----------------------------------------------------------------- the owner's reply


def test_a_long_problem_list_is_clipped_and_counted() -> None:
    problems = tuple(
        Problem("/srv/namida/knowledge.yaml", 10 + i, f"episodes[{i}].title", "x" * 120)
        for i in range(200)
    )
    embed = reload_embed(reloading.Reloaded(Path("/srv/namida/knowledge.yaml"), problems, 0.1))
    assert embed.title == "Not reloaded: 200 problems in the knowledge file"
    description = embed.description or ""
    assert len(description) <= DESCRIPTION_MAX and len(embed) <= 6000
    shown = description.count("knowledge.yaml:")
    assert 10 < shown < 200
    assert description.endswith(f"…and {200 - shown} more (every problem is in the bot's log).")
