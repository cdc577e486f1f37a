"""`namida run | sync | invite` end to end: exit codes and messages, never the token.

The commands run in a worker thread with their own event loop (as from the shell),
against the fake Discord serving in the test's loop.
"""

from __future__ import annotations

import asyncio
import logging
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from discord_helpers import namida_on_fake
from fake_discord import fake_discord
from fake_discord.harness import tune_for_tests

from bot import cli
from bot.discord_app import runner
from bot.discord_app.client import NamidaBot, create_bot
from bot.settings import Settings

pytestmark = pytest.mark.timeout(30)

SHIPPED = Path(__file__).resolve().parents[1] / "knowledge" / "one-litre-of-tears.yaml"


@pytest.fixture(autouse=True)
def isolated() -> Iterator[None]:
    """The root logger put back after (conftest.py already clears settings and .env)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_run_without_a_token_explains_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["run"]) == 1
    out, err = capsys.readouterr()
    assert "No Discord token" in err and "DISCORD_TOKEN" in err
    assert "Traceback" not in out + err


def test_bad_settings_exit_1_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "tok")
    monkeypatch.setenv("COOLDOWN_SECONDS", "soon")
    assert runner.run(None) == 1
    out, err = capsys.readouterr()
    assert "COOLDOWN_SECONDS" in err and "Traceback" not in out + err


async def test_run_with_a_rejected_token_exits_1_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = "MTIzNDU2Nzg5.rejected.token-value"
    monkeypatch.setenv("DISCORD_TOKEN", wrong)
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")  # even the most talkative logs keep it out
    async with fake_discord() as fake:
        code = await asyncio.to_thread(runner.run, None)
        assert fake.requests_to("GET", "users_me")[-1].status == 401
    out, err = capsys.readouterr()
    assert code == 1
    assert "Discord rejected the token" in err
    assert wrong not in out + err
    assert "Traceback" not in out + err


async def test_sync_to_a_guild_registers_every_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async with fake_discord() as fake:
        monkeypatch.setenv("DISCORD_TOKEN", fake.token)
        code = await asyncio.to_thread(runner.sync, fake.guild.id)
        registered = {c["name"] for c in fake.commands[fake.guild.id]}
        assert None not in fake.commands  # nothing global
    out, err = capsys.readouterr()
    assert code == 0
    assert "Knowledge: " in err
    assert {"episode", "track", "cast", "ask", "help"} <= registered
    assert f"Registered {len(registered)} commands in server {fake.guild.id}" in out
    assert "/episode" in out


async def test_global_sync_removes_the_test_copies(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async with fake_discord() as fake:
        monkeypatch.setenv("DISCORD_TOKEN", fake.token)
        monkeypatch.setenv("DEV_GUILD_ID", str(fake.guild.id))
        assert await asyncio.to_thread(runner.sync, fake.guild.id) == 0
        assert await asyncio.to_thread(runner.sync, None) == 0
        assert len(fake.commands[None]) >= 10
        assert fake.commands[fake.guild.id] == []
    out, _ = capsys.readouterr()
    assert "globally" in out and "Removed the test copies" in out


async def test_sync_to_a_server_without_the_bot_says_why(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async with fake_discord() as fake:
        monkeypatch.setenv("DISCORD_TOKEN", fake.token)
        assert await asyncio.to_thread(runner.sync, 12345) == 1
    _, err = capsys.readouterr()
    assert "is the bot in it" in err and "Traceback" not in err


def test_invite_with_application_id(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("APPLICATION_ID", "424242")
    assert runner.invite() == 0
    url = capsys.readouterr().out.strip()
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["client_id"] == ["424242"]
    assert query["scope"] == ["bot applications.commands"]
    # View Channel, Send Messages, Embed Links, Read Message History, Send in Threads.
    expected = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 38)
    assert int(query["permissions"][0]) == expected


async def test_invite_finds_the_application_id_by_logging_in(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async with fake_discord() as fake:
        monkeypatch.setenv("DISCORD_TOKEN", fake.token)
        monkeypatch.setenv("DEV_GUILD_ID", str(fake.guild.id))
        assert await asyncio.to_thread(runner.invite) == 0
    out, err = capsys.readouterr()
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(out.strip()).query)
    assert query["client_id"] == [str(fake.application_id)]
    assert query["guild_id"] == [str(fake.guild.id)]
    # Nothing about features the bot never uses (voice, PyNaCl, intents).
    assert "WARNING" not in err
    assert not re.search(r"voice|nacl|davey|intent", err, re.IGNORECASE), err


async def test_the_bot_asks_only_for_the_intents_it_uses() -> None:
    async with namida_on_fake() as live:
        [identify] = [f for f in live.fake.frames if f.op == 2]
    guilds, guild_messages, direct_messages = 1 << 0, 1 << 9, 1 << 12
    assert identify.d["intents"] == guilds | guild_messages | direct_messages


@pytest.mark.parametrize("guild", ["0", "-5", "abc"])
async def test_sync_refuses_a_server_id_that_cannot_be_one_before_connecting(
    guild: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async with fake_discord() as fake:
        monkeypatch.setenv("DISCORD_TOKEN", fake.token)
        code = await asyncio.to_thread(cli.main, ["sync", "--guild", guild])
        assert fake.requests == []  # not even a login
    _, err = capsys.readouterr()
    assert code == 2
    assert "argument --guild" in err and "Traceback" not in err


def test_invite_without_id_or_token_says_what_is_needed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert runner.invite() == 1
    _, err = capsys.readouterr()
    assert "APPLICATION_ID" in err and "DISCORD_TOKEN" in err


async def test_run_serves_until_closed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], clean_env: Path
) -> None:
    # The owner's edited copy in ./knowledge/ is what the bot answers from.
    local = clean_env / "knowledge" / SHIPPED.name
    local.parent.mkdir()
    text = SHIPPED.read_text(encoding="utf-8")
    local.write_text(text.replace("title: 1 litre of tears\n", "title: Edited\n"), "utf-8")
    built: list[NamidaBot] = []

    def capture(settings: Settings, engine: Any, **options: Any) -> NamidaBot:
        bot = create_bot(settings, engine, **options)
        tune_for_tests(bot)
        built.append(bot)
        return bot

    monkeypatch.setattr(runner, "create_bot", capture)
    async with fake_discord() as fake:
        monkeypatch.setenv("DISCORD_TOKEN", fake.token)
        monkeypatch.setenv("COOLDOWN_RATE", "0")
        running = asyncio.create_task(asyncio.to_thread(runner.run, None))
        await fake.wait_until(lambda: built and built[0].is_ready(), 10, "the bot to be ready")
        bot = built[0]
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(bot.tree.sync(), bot.loop))
        handle = await fake.send_slash_command("episode", {"episode": "8"})
        assert (await handle.response()).embeds[0]["title"] == "Episode 8: Edited"
        assert bot.knowledge_path == Path("knowledge") / SHIPPED.name  # what /reload reads
        asyncio.run_coroutine_threadsafe(bot.close(), bot.loop)
        assert await asyncio.wait_for(running, 10) == 0
    out, err = capsys.readouterr()
    assert f"Knowledge: knowledge/{SHIPPED.name} (in the working directory)" in err
    assert "answered /episode status=found" in err
    assert "WARNING" not in err, err
    assert fake.token not in out + err and "Traceback" not in out + err
