"""Pytest-friendly helpers: start the fake, run any discord.Client against it, clean up.

    async with bot_on_fake(MyBot) as (fake, client):
        await client.tree.sync(guild=discord.Object(fake.guild.id))
        handle = await fake.send_slash_command("echo", {"text": "Konayuki"})
        reply = await handle.response()

Teardown closes the client, stops the server, restores discord.py's URLs and fails the test
if the bot sent a body that breaks Discord's schema or the project's rules, or called a route
the fake does not know.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import types
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, NamedTuple, TypeVar

import discord
import discord.gateway
import discord.http
import discord.webhook.async_
import pytest
import yarl

from . import conformance
from .server import FakeDiscord

ClientT = TypeVar("ClientT", bound=discord.Client)


class BotUnderTest(NamedTuple):
    fake: FakeDiscord
    client: Any  # the factory's client type


def require_spec() -> None:
    """Skip (or, with CI=true, fail) when Discord's OpenAPI description is not there."""
    try:
        conformance.load_spec()
    except conformance.SpecMissingError:
        path = conformance.spec_path()
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Discord OpenAPI description missing at {path} (CI=true)")
        pytest.skip(f"Discord OpenAPI description not found at {path}")


@contextlib.contextmanager
def pointed_at(fake: FakeDiscord) -> Iterator[None]:
    """Point discord.py's REST base and default gateway at the fake, restore afterwards."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.base_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


@contextlib.asynccontextmanager
async def fake_discord(
    *, check_conformance: bool = True, allow_unknown_routes: bool = False, **options: Any
) -> AsyncIterator[FakeDiscord]:
    """A started fake with discord.py pointed at it; fails on recorded problems at exit.

    ``options`` go to :class:`FakeDiscord` (token, shard_count, guild_count,
    heartbeat_interval, bot_name).
    """
    if check_conformance:
        require_spec()
    fake = FakeDiscord(check_conformance=check_conformance, **options)
    await fake.start()
    try:
        with pointed_at(fake):
            yield fake
    finally:
        await fake.stop()
    problems = [str(v) for v in fake.violations]
    if not allow_unknown_routes:
        problems += [f"unknown route: {r.method} {r.path}" for r in fake.unknown_routes]
    if problems:
        pytest.fail("fake Discord recorded problems:\n" + "\n".join(problems), pytrace=False)


def tune_for_tests(client: discord.Client, *, guild_ready_timeout: float = 0.05) -> None:
    """Remove discord.py's waits that only make sense against the real Discord.

    - ``guild_ready_timeout``: on_ready waits this long after the last GUILD_CREATE.
    - ``before_identify_hook`` sleeps 5 s before every non-first IDENTIFY (re-identify after
      op 9, shards after the first); replaced unless the client's class overrides it.
    """
    client._connection.guild_ready_timeout = guild_ready_timeout
    if type(client).before_identify_hook is discord.Client.before_identify_hook:

        async def identify_now(shard_id: int | None, *, initial: bool = False) -> None:
            return None

        client.before_identify_hook = identify_now  # type: ignore[method-assign]


@contextlib.asynccontextmanager
async def running_client(
    fake: FakeDiscord,
    factory: Callable[[], ClientT],
    *,
    token: str | None = None,
    ready_timeout: float = 10.0,
    guild_ready_timeout: float = 0.05,
) -> AsyncIterator[ClientT]:
    """Create a client with ``factory``, log in, connect, wait for on_ready; close at exit.

    Raises ``discord.LoginFailure`` for a token the fake rejects.
    """
    threads_before = set(threading.enumerate())
    client = factory()
    tune_for_tests(client, guild_ready_timeout=guild_ready_timeout)
    task: asyncio.Task[None] | None = None
    try:
        await client.login(token if token is not None else fake.token)
        task = asyncio.create_task(client.connect(reconnect=True), name="discord-client-connect")
        fake.watch.append(task)
        ready = asyncio.create_task(client.wait_until_ready())
        done, _ = await asyncio.wait(
            {task, ready}, timeout=ready_timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if ready not in done:
            ready.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ready
            if task in done:
                task.result()  # re-raise why the client stopped
            raise TimeoutError(f"client not ready after {ready_timeout}s")
        yield client
    finally:
        await client.close()
        if task is not None:
            try:
                await asyncio.wait_for(task, timeout=5.0)
            except (TimeoutError, asyncio.CancelledError):
                task.cancel()
            finally:
                if task in fake.watch:
                    fake.watch.remove(task)
        await _keep_alive_threads_stopped(threads_before)


async def _keep_alive_threads_stopped(before: set[threading.Thread], timeout: float = 2.0) -> None:
    """discord.py heartbeats from a thread per websocket; wait for this client's to end."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        alive = [
            t
            for t in set(threading.enumerate()) - before
            if t.name.startswith("keep-alive-handler") and t.is_alive()
        ]
        if not alive:
            return
        await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def bot_on_fake(
    factory: Callable[[], ClientT],
    *,
    token: str | None = None,
    ready_timeout: float = 10.0,
    **fake_options: Any,
) -> AsyncIterator[BotUnderTest]:
    """Fake + connected client in one: ``async with bot_on_fake(MyBot) as (fake, client)``."""
    async with (
        fake_discord(**fake_options) as fake,
        running_client(fake, factory, token=token, ready_timeout=ready_timeout) as client,
    ):
        yield BotUnderTest(fake, client)


class _ScaledSleepAsyncio(types.SimpleNamespace):
    """Stands in for the ``asyncio`` module inside one discord.py module."""

    def __init__(self, factor: float) -> None:
        super().__init__()
        self._factor = factor

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, delay: float, result: Any = None) -> Any:
        return await asyncio.sleep(delay * self._factor, result)


@contextlib.contextmanager
def fast_retries(factor: float = 0.01) -> Iterator[None]:
    """Scale discord.py's HTTP retry sleeps (5xx back-off: 1, 3, 5, 7, 9 s) by ``factor``.

    Only ``discord.http`` and ``discord.webhook.async_`` see the change.
    """
    modules = [discord.http, discord.webhook.async_]
    saved = [module.asyncio for module in modules]
    for module in modules:
        module.asyncio = _ScaledSleepAsyncio(factor)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module, original in zip(modules, saved, strict=True):
            module.asyncio = original  # type: ignore[attr-defined]
