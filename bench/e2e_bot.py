"""The bot side of the end-to-end benchmark, in its own process.

    python -m bench.e2e_bot --port PORT --token TOKEN --bot namida|noop

Points discord.py at the fake Discord on ``127.0.0.1:PORT`` (which runs in
another process), builds the bot as ``namida run`` does (``create_bot`` with
the shipped knowledge) or a no-op bot with the same commands, connects, and
registers its commands with the fake. It reports on stdout, one JSON object a
line: ``ready`` (on_ready fired), ``synced``, and, after a line on stdin,
``stats`` (its CPU time and RSS) before it closes. Logging is set up as
``namida run`` sets it up (INFO to stderr, which the caller sends to a file,
through a queue to a thread). ``--profile`` and ``--trace-memory`` record the
serving with cProfile and tracemalloc.

This module imports nothing from the tests: the bot process holds only what
the real bot holds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import discord
import discord.gateway
import discord.http
import yarl
from discord import app_commands

STARTED = time.perf_counter()
CONSTANT = "ok"


class NoopBot(discord.Client):
    """The same commands and options as Namida's, each answering a constant string."""

    def __init__(self) -> None:
        intents = discord.Intents.default()
        intents.message_content = False
        super().__init__(intents=intents, allowed_mentions=discord.AllowedMentions.none())
        self.tree = app_commands.CommandTree(self)

        async def choices(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=CONSTANT, value=CONSTANT)]

        @self.tree.command(name="episode", description="One episode")
        async def episode(interaction: discord.Interaction, episode: str) -> None:
            await interaction.response.send_message(CONSTANT)

        @self.tree.command(name="track", description="One track")
        async def track(interaction: discord.Interaction, track: str) -> None:
            await interaction.response.send_message(CONSTANT)

        @self.tree.command(name="cast", description="Who played whom")
        async def cast(interaction: discord.Interaction, who: str | None = None) -> None:
            await interaction.response.send_message(CONSTANT)

        @self.tree.command(name="ask", description="Ask anything")
        async def ask(interaction: discord.Interaction, question: str) -> None:
            await interaction.response.send_message(CONSTANT)

        episode.autocomplete("episode")(choices)
        track.autocomplete("track")(choices)
        cast.autocomplete("who")(choices)


def build(kind: str, state_dir: Path) -> Any:
    if kind == "noop":
        return NoopBot()
    from bot.discord_app.client import create_bot
    from bot.engine.engine import Engine
    from bot.settings import Settings

    settings = Settings.load(
        _env_file=None,
        discord_token=None,
        cooldown_rate=0,  # the benchmark is one user sending thousands of commands
        log_level="INFO",
        misses_db=state_dir / "namida-misses.sqlite3",
    )
    return create_bot(settings, Engine.from_path())


def emit(event: str, **fields: Any) -> None:
    print(json.dumps({"event": event, "t": time.perf_counter() - STARTED, **fields}), flush=True)


def usage() -> dict[str, Any]:
    """CPU seconds, memory and the garbage collector's passes so far.

    VmHWM/VmRSS come from /proc (ru_maxrss would be the parent's).
    """
    ru = resource.getrusage(resource.RUSAGE_SELF)
    status = {}
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS"):
                status[name] = int(value.split()[0]) / 1024
    return {
        "cpu_s": ru.ru_utime + ru.ru_stime,
        "rss_peak_mb": status.get("VmHWM"),
        "rss_mb": status.get("VmRSS"),
        "gc_collections": [g["collections"] for g in gc.get_stats()],
    }


async def serve(args: argparse.Namespace) -> None:
    client = build(args.bot, Path(args.state_dir))
    client._connection.guild_ready_timeout = args.guild_ready_timeout
    loop = asyncio.get_running_loop()
    async with client:
        await client.login(args.token)
        connection = asyncio.create_task(client.connect(reconnect=False))
        ready = asyncio.create_task(client.wait_until_ready())
        done, _ = await asyncio.wait({connection, ready}, return_when=asyncio.FIRST_COMPLETED)
        if ready not in done:
            connection.result()  # raises why the connection ended
            raise RuntimeError("the connection ended before READY")
        emit("ready", **usage())
        await client.tree.sync()
        emit("synced")
        if args.trace_memory:
            import tracemalloc

            tracemalloc.start(args.trace_frames)
        profiler = None
        if args.profile:
            import cProfile

            # The loop thread's CPU time, not the wall clock: waiting for the
            # fake or for a core taken by another process is not the bot's cost.
            if args.profile_cpu:
                profiler = cProfile.Profile(time.thread_time)
            else:
                profiler = cProfile.Profile()
            profiler.enable()
        await loop.run_in_executor(None, sys.stdin.readline)  # the caller says stop
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        if args.trace_memory:
            import tracemalloc

            gc.collect()
            tracemalloc.take_snapshot().dump(args.trace_memory)
            tracemalloc.stop()
        emit("stats", **usage())
        await client.close()
        connection.cancel()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.e2e_bot")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--bot", choices=("namida", "noop"), required=True)
    parser.add_argument("--state-dir", default=".")
    parser.add_argument("--guild-ready-timeout", type=float, default=2.0)
    parser.add_argument("--profile", metavar="FILE", help="cProfile the serving, write stats here")
    parser.add_argument(
        "--profile-cpu",
        action="store_true",
        help="time the profile by the serving thread's CPU time instead of the wall clock",
    )
    parser.add_argument(
        "--trace-memory",
        metavar="FILE",
        help="tracemalloc from READY on; what is still held at the end goes here (a snapshot)",
    )
    parser.add_argument("--trace-frames", type=int, default=6, help="frames kept per allocation")
    args = parser.parse_args(argv)
    discord.http.Route.BASE = f"http://127.0.0.1:{args.port}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(
        f"ws://127.0.0.1:{args.port}/gateway"
    )
    if args.bot == "noop":
        discord.utils.setup_logging(level=logging.INFO, root=True)
        asyncio.run(serve(args))
        return 0
    from bot.discord_app import logs

    with logs.queued(logging.INFO):  # as `namida run` logs: formatted and written off the loop
        asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
