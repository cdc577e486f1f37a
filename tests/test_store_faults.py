"""The bot and its store when things go wrong: PostgreSQL stopped while fans ask,
and `namida run` killed with SIGKILL after its writes were acknowledged.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from discord_helpers import embed_text, namida_on_fake
from fake_discord import fake_discord
from postgres_cluster import running_cluster

from bot.store import open_store

pytestmark = pytest.mark.timeout(90)


async def test_answers_flow_while_postgresql_is_stopped() -> None:
    with running_cluster() as cluster:  # its own server: this test stops it
        url = cluster.new_database()
        async with namida_on_fake(database_url=url) as (fake, bot):
            await (await fake.send_slash_command("ask", {"question": "zzzz before"})).response()
            assert await bot.writer.flush(10)
            await asyncio.to_thread(cluster.stop)
            for i in range(5):
                reply = await (
                    await fake.send_slash_command("ask", {"question": f"zzzz while down {i}"})
                ).response()
                assert reply.ephemeral and "I don't know" in reply.embeds[0]["title"]
            mention = await fake.send_mention("who won the world cup?")
            assert mention is not None and "I don't know" in embed_text(mention["embeds"][0])
            found = await (await fake.send_slash_command("episode", {"episode": "8"})).response()
            assert found.embeds and not found.ephemeral  # answers do not wait for the store
            assert bot.writer.pending + len(bot.writer._inflight) == 6  # kept, waiting
            await asyncio.sleep(1)  # down for a while: retried, still kept
            assert bot.writer.lost == 0
            await asyncio.to_thread(cluster.start)
            assert await bot.writer.flush(30)
            summary = await bot.store.miss_summary(limit=50)
        assert summary.total == 7 and bot.writer.lost == 0


LAUNCH = """
import sys
import discord.gateway, discord.http, yarl
discord.http.Route.BASE = sys.argv[1]
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sys.argv[2])
from bot.cli import main
raise SystemExit(main(["run"]))
"""
STORED = re.compile(r"stored \d+ writes in .* \((\d+) in all\)")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'namida.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


async def test_kill_9_after_acknowledged_writes_loses_nothing(url: str, tmp_path: Path) -> None:
    process: Any = None
    try:
        async with fake_discord() as fake:
            env = {
                **os.environ,
                "DISCORD_TOKEN": fake.token,
                "DATABASE_URL": url,
                "COOLDOWN_RATE": "0",
                "LOG_LEVEL": "DEBUG",  # the writer says what it stored
                "PYTHONUNBUFFERED": "1",
            }
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                LAUNCH,
                fake.base_url,
                fake.gateway_url,
                env=env,
                cwd=tmp_path,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
            await fake.wait_until(
                lambda: any(s.valid and s.connection for s in fake.sessions.values()),
                20,
                "namida run to connect",
            )
            for i in range(6):
                reply = await fake.send_mention(f"who won the world cup in year {i}?")
                assert reply is not None

            async def acknowledged(count: int) -> None:
                while True:
                    line = (await process.stdout.readline()).decode(errors="replace")
                    assert line, "the bot ended before storing its writes"
                    found = STORED.search(line)
                    if found and int(found[1]) >= count:
                        return

            await asyncio.wait_for(acknowledged(6), 20)
            process.send_signal(signal.SIGKILL)  # no flush, no close
            await asyncio.wait_for(process.wait(), 10)
            assert process.returncode == -signal.SIGKILL
    finally:
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()
    store = open_store(url)
    try:
        summary = await store.miss_summary(limit=50)
    finally:
        await store.close()
    assert summary.total == 6


async def test_sigterm_waits_for_the_queue_to_be_written(tmp_path: Path) -> None:
    """A miss still queued when SIGTERM comes (its file locked) is written before exit."""
    db = tmp_path / "namida.sqlite3"
    process: Any = None
    holder = None
    try:
        async with fake_discord() as fake:
            env = {
                **os.environ,
                "DISCORD_TOKEN": fake.token,
                "DATABASE_URL": f"sqlite:///{db}",
                "COOLDOWN_RATE": "0",
                "LOG_LEVEL": "INFO",
                "PYTHONUNBUFFERED": "1",
            }
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-c", LAUNCH, fake.base_url, fake.gateway_url,
                env=env, cwd=tmp_path,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            )  # fmt: skip
            await fake.wait_until(
                lambda: any(s.valid and s.connection for s in fake.sessions.values()),
                20,
                "namida run to connect",
            )
            holder = sqlite3.connect(db, isolation_level=None)
            holder.execute("BEGIN EXCLUSIVE")  # the writer must wait and retry
            assert await fake.send_mention("who won the world cup in 2002?")
            process.send_signal(signal.SIGTERM)
            await asyncio.sleep(1.0)  # stopping, the miss still queued
            assert process.returncode is None, "exited with a write still queued"
            holder.execute("ROLLBACK")
            holder.close()
            holder = None
            out, _ = await asyncio.wait_for(process.communicate(), 20)
            assert process.returncode == 0, out.decode(errors="replace")
    finally:
        if holder is not None:
            holder.close()
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()
    store = open_store(f"sqlite:///{db}")
    try:
        summary = await store.miss_summary()
    finally:
        await store.close()
    assert [g.example for g in summary.groups] == ["who won the world cup in 2002?"]
