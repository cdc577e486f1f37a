"""Sharding through the fake Discord, which routes a guild's events to shard
``(guild_id >> 22) % shard_count`` as Discord does.

- one process, SHARD_COUNT=2: an AutoShardedClient running both shards;
- two bots, SHARD_COUNT=2 with SHARD_IDS=0 and SHARD_IDS=1: in one process as two
  clients, and as two real `namida run` processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import pytest
from discord_helpers import embed_text, make_settings, namida_on_fake, shipped_engine
from fake_discord import FakeDiscord, fake_discord, running_client
from fake_discord.payloads import BASIC_PERMISSIONS, MANAGE_GUILD, FakeGuild

from bot import cli
from bot.discord_app.client import NamidaBot, ShardedNamidaBot, create_bot
from bot.store import open_store
from bot.store.sqlite import SqliteStore
from bot.store.writer import Writer

pytestmark = pytest.mark.timeout(40)

SHARDS = 2
GUILDS = 4  # two on each shard


def shard_of(guild: FakeGuild) -> int:
    return (guild.id >> 22) % SHARDS


def shard_that_received(fake: FakeDiscord, event: str, object_id: str) -> list[int]:
    """The shards whose gateway session the fake sent this event to."""
    return [
        session.shard_id
        for session in fake.sessions.values()
        for frame in session.events
        if frame["t"] == event and frame["d"]["id"] == object_id
    ]


async def ask_every_guild(fake: FakeDiscord) -> dict[int, int]:
    """/track 22 and a mention in every guild; {guild id: shard that got both}."""
    shards = {}
    for guild in fake.guilds:
        handle = await fake.send_slash_command("track", {"track": "22"}, guild_id=guild.id)
        [embed] = (await handle.response()).embeds
        assert embed["title"].startswith("Track 22")
        message = await fake.send_message(
            f"<@{fake.bot_user['id']}> who played Haruto?",
            guild_id=guild.id,
            mentions=[fake.bot_user],
        )
        reply = await fake.wait_for_reply(message)
        assert "Nishikido Ryo" in embed_text(reply["embeds"][0])
        [by_interaction] = shard_that_received(fake, "INTERACTION_CREATE", str(handle.id))
        [by_message] = shard_that_received(fake, "MESSAGE_CREATE", message["id"])
        assert by_interaction == by_message
        shards[guild.id] = by_interaction
    return shards


# ----------------------------------------------------------------- one process


async def test_one_process_runs_both_shards() -> None:
    options = {"shard_count": SHARDS, "guild_count": GUILDS}
    async with namida_on_fake(shard_count=SHARDS, fake_options=options) as (fake, bot):
        assert isinstance(bot, ShardedNamidaBot) and isinstance(bot, discord.AutoShardedClient)
        assert sorted(bot.shards) == [0, 1]
        identified = sorted(frame.d["shard"] for frame in fake.ops(2))
        assert identified == [[0, SHARDS], [1, SHARDS]]
        assert {g.id for g in bot.guilds} == {g.id for g in fake.guilds}
        assert {shard_of(g) for g in fake.guilds} == {0, 1}
        for guild in fake.guilds:
            local = bot.get_guild(guild.id)
            assert local is not None and local.shard_id == shard_of(guild)
        answered_by = await ask_every_guild(fake)
        assert answered_by == {g.id: shard_of(g) for g in fake.guilds}


# ----------------------------------------------------------------- two bots


@contextlib.asynccontextmanager
async def bot_for_shard(fake: FakeDiscord, shard_id: int, tmp_path: Path) -> AsyncIterator[Any]:
    settings = make_settings(
        shard_count=SHARDS,
        shard_ids=str(shard_id),
        misses_db=tmp_path / f"misses-{shard_id}.sqlite3",
    )

    def factory() -> NamidaBot:
        return create_bot(settings, shipped_engine())

    async with running_client(fake, factory) as bot:
        yield bot


async def test_two_bots_split_the_shards(tmp_path: Path) -> None:
    seen: dict[int, list[int]] = {0: [], 1: []}
    async with (
        fake_discord(shard_count=SHARDS, guild_count=GUILDS) as fake,
        bot_for_shard(fake, 0, tmp_path) as first,
        bot_for_shard(fake, 1, tmp_path) as second,
    ):
        await first.tree.sync()
        for shard_id, bot in ((0, first), (1, second)):
            assert isinstance(bot, ShardedNamidaBot)
            assert bot.shard_ids == [shard_id] and sorted(bot.shards) == [shard_id]
            assert {g.id for g in bot.guilds} == {
                g.id for g in fake.guilds if shard_of(g) == shard_id
            }

            async def note(interaction: discord.Interaction, shard_id: int = shard_id) -> None:
                seen[shard_id].append(interaction.guild_id or 0)

            bot.add_listener(note, "on_interaction")
        answered_by = await ask_every_guild(fake)
    assert answered_by == {g.id: shard_of(g) for g in fake.guilds}
    for shard_id in (0, 1):
        assert sorted(seen[shard_id]) == sorted(
            g.id for g in fake.guilds if shard_of(g) == shard_id
        )


# ----------------------------------------------------------------- two processes

LAUNCH = """
import sys
import discord.gateway, discord.http, yarl
discord.http.Route.BASE = sys.argv[1]
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sys.argv[2])
from bot.cli import main
raise SystemExit(main(["run"]))
"""


async def start_namida_run(
    fake: FakeDiscord, shard_id: int, tmp_path: Path, **extra_env: str
) -> Any:
    """`namida run` as its own process, SHARD_IDS=shard_id, pointed at the fake."""
    env = {
        **os.environ,
        "DISCORD_TOKEN": fake.token,
        "SHARD_COUNT": str(SHARDS),
        "SHARD_IDS": str(shard_id),
        "MISSES_DB": str(tmp_path / f"misses-{shard_id}.sqlite3"),
        "OWNER_IDS": "",
        "COOLDOWN_RATE": "0",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
        **extra_env,
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        LAUNCH,
        fake.base_url,
        fake.gateway_url,
        env=env,
        cwd=tmp_path,  # no .env from the checkout
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def read_until(process: Any, text: str, timeout: float = 10.0) -> str:
    """The process's output up to the first line containing ``text``."""
    lines: list[str] = []

    async def read() -> None:
        while True:
            line = (await process.stdout.readline()).decode(errors="replace")
            if not line:
                raise AssertionError(
                    f"the process ended before saying {text!r}:\n" + "".join(lines)
                )
            lines.append(line)
            if text in line:
                return

    await asyncio.wait_for(read(), timeout)
    return "".join(lines)


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs SIGTERM/SIGHUP (Unix)")
async def test_two_namida_run_processes_split_the_shards(tmp_path: Path) -> None:
    processes = []
    try:
        async with fake_discord(shard_count=SHARDS, guild_count=GUILDS) as fake:
            processes = [await start_namida_run(fake, i, tmp_path) for i in range(SHARDS)]
            for shard_id in range(SHARDS):
                await fake.wait_until(
                    lambda shard_id=shard_id: any(
                        s.valid and s.shard_id == shard_id and s.connection is not None
                        for s in fake.sessions.values()
                    ),
                    15,
                    f"process {shard_id} to connect",
                )
            identified = sorted(frame.d["shard"] for frame in fake.ops(2))
            assert identified == [[0, SHARDS], [1, SHARDS]]  # one shard each, no overlap
            answered_by = await ask_every_guild(fake)
            assert answered_by == {g.id: shard_of(g) for g in fake.guilds}
            # A miss is recorded by the process that answered it.
            guild_on_1 = next(g for g in fake.guilds if shard_of(g) == 1)
            await fake.send_mention("who won the world cup?", guild_id=guild_on_1.id)
            processes[0].send_signal(signal.SIGHUP)  # reload, and carry on answering
            early = await read_until(processes[0], "reloaded ")
            answered_by = await ask_every_guild(fake)
            assert answered_by == {g.id: shard_of(g) for g in fake.guilds}
            for process in processes:
                process.send_signal(signal.SIGTERM)
            outputs = [await asyncio.wait_for(p.communicate(), 15) for p in processes]
    finally:
        for process in processes:
            if process.returncode is None:
                process.kill()
                await process.wait()
    logs = [out.decode(errors="replace") for out, _ in outputs]
    logs[0] = early + logs[0]
    assert [p.returncode for p in processes] == [0, 0], logs
    assert "reloading the knowledge from" in logs[0] and "(SIGHUP)" in logs[0]
    assert "Traceback" not in logs[0] + logs[1]
    for shard_id, expected in ((0, []), (1, ["who won the world cup?"])):
        store = SqliteStore(tmp_path / f"misses-{shard_id}.sqlite3")
        summary = await store.miss_summary()
        await store.close()
        assert [g.example for g in summary.groups] == expected


# ----------------------------------------------------------------- two processes, one PostgreSQL


async def wait_connected(fake: FakeDiscord) -> None:
    for shard_id in range(SHARDS):
        await fake.wait_until(
            lambda shard_id=shard_id: any(
                s.valid and s.shard_id == shard_id and s.connection is not None
                for s in fake.sessions.values()
            ),
            20,
            f"process {shard_id} to connect",
        )


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs SIGTERM (Unix)")
async def test_two_processes_share_one_postgresql(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """One log, one set of server settings, one leaderboard for shards in two processes."""
    processes = []
    shared = {"DATABASE_URL": pg_url, "SETTINGS_REFRESH_SECONDS": "0.5"}
    try:
        async with fake_discord(shard_count=SHARDS, guild_count=GUILDS) as fake:
            processes = [await start_namida_run(fake, i, tmp_path, **shared) for i in range(SHARDS)]
            await wait_connected(fake)
            guild_on = {
                shard: next(g for g in fake.guilds if shard_of(g) == shard) for shard in (0, 1)
            }
            # A miss on each shard, answered by its own process.
            for shard, question in ((0, "who won the world cup?"), (1, "who won the world cup")):
                reply = await fake.send_mention(question, guild_id=guild_on[shard].id)
                assert reply is not None and "I don't know" in embed_text(reply["embeds"][0])
            zzzz = await fake.send_slash_command(
                "ask", {"question": "zzzz"}, guild_id=guild_on[1].id
            )
            assert (await zzzz.response()).ephemeral
            # A server's manager sets its cooldown through shard 0…
            change = await fake.send_slash_command(
                "settings cooldown",
                {"rate": 1, "seconds": 600.0},
                guild_id=guild_on[0].id,
                permissions=BASIC_PERMISSIONS | MANAGE_GUILD,
            )
            await change.response()
            assert (await change.followup())["embeds"][0]["title"] == "Settings saved"

            # …and once the server is served by the other process (as after a reshard),
            # that process applies it too.
            async def slowed_down_on_shard_1() -> bool:
                handle = await fake.send_slash_command(
                    "episode", {"episode": "8"}, guild_id=guild_on[0].id, shard_id=1
                )
                return (await handle.response()).content is not None

            deadline = asyncio.get_running_loop().time() + 10
            while not await slowed_down_on_shard_1():
                assert asyncio.get_running_loop().time() < deadline, "shard 1 never applied it"
                await asyncio.sleep(0.1)
            # Stop both right after their last answers: SIGTERM writes what is queued.
            last = await fake.send_mention("xxxx yyyy", guild_id=guild_on[1].id)
            assert last is not None
            for process in processes:
                process.send_signal(signal.SIGTERM)
            outputs = [await asyncio.wait_for(p.communicate(), 20) for p in processes]
    finally:
        for process in processes:
            if process.returncode is None:
                process.kill()
                await process.wait()
    logs = [out.decode(errors="replace") for out, _ in outputs]
    assert [p.returncode for p in processes] == [0, 0], logs
    assert "Traceback" not in logs[0] + logs[1]
    assert all("at schema version 4" in log for log in logs)
    # One log for both processes.
    monkeypatch.setenv("DATABASE_URL", pg_url)
    code = await asyncio.to_thread(cli.main, ["misses"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0].startswith("Unanswered questions: 3 distinct, 4 misses in all")
    assert "who won the world cup" in out and "(mention)" in out and "zzzz  (/ask)" in out
    # Quiz scores recorded by two processes add up on one leaderboard.
    await scores_from_two_writers(pg_url, guild_on[0].id)


async def scores_from_two_writers(url: str, guild_id: int) -> None:
    writers = [Writer(open_store(url)) for _ in range(SHARDS)]
    acks = [
        writer.record_score(guild_id, user_id=100 + i % 2, points=1 + shard, correct=True)
        for i in range(10)
        for shard, writer in enumerate(writers)
    ]
    assert all(await asyncio.gather(*acks))
    for writer in writers:
        await writer.close()
    reader = open_store(url)
    try:
        board = await reader.leaderboard(guild_id)
    finally:
        await reader.close()
    assert [(s.user_id, s.points, s.answered) for s in board] == [(100, 15, 10), (101, 15, 10)]
