"""Run the real Namida bot against the loopback fake Discord.

    async with namida_on_fake(cooldown_rate=0) as (fake, bot):
        reply = await (await fake.send_slash_command("episode", {"episode": "8"})).response()

The bot is built exactly as ``namida run`` builds it (``create_bot``), logs in,
loads its cogs, connects to the fake gateway and registers its commands with
the fake (globally), so the fake dispatches interactions with the real command ids.
"""

from __future__ import annotations

import contextlib
import functools
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fake_discord import BotUnderTest, bot_on_fake

from bot.discord_app.client import NamidaBot, create_bot
from bot.engine.engine import Engine
from bot.settings import Settings

# No cooldown unless a test asks for one: tests send many commands quickly.
TEST_DEFAULTS: dict[str, Any] = {"cooldown_rate": 0, "log_level": "INFO"}


@functools.cache
def shipped_engine() -> Engine:
    """The engine on the shipped knowledge, loaded once per test session."""
    return Engine.from_path()


def make_settings(**overrides: Any) -> Settings:
    """Settings that ignore any `.env` in the working directory."""
    values = {**TEST_DEFAULTS, "discord_token": None, **overrides}
    return Settings.load(_env_file=None, **values)


@contextlib.asynccontextmanager
async def namida_on_fake(
    *, engine: Any = None, fake_options: dict[str, Any] | None = None, **settings: Any
) -> AsyncIterator[BotUnderTest]:
    """The fake, and the bot connected to it with its commands synced.

    ``settings`` override :data:`TEST_DEFAULTS` (e.g. ``cooldown_rate=2``);
    ``fake_options`` go to the fake (e.g. ``{"shard_count": 2}``). Unanswered
    questions go to a scratch database unless ``misses_db`` is given.
    """
    chosen = engine if engine is not None else shipped_engine()
    with tempfile.TemporaryDirectory(prefix="namida-test-") as scratch:
        settings.setdefault("misses_db", Path(scratch) / "misses.sqlite3")
        config = make_settings(**settings)

        def factory() -> NamidaBot:
            return create_bot(config, chosen)

        async with bot_on_fake(factory, **(fake_options or {})) as (fake, bot):
            await bot.tree.sync()
            yield BotUnderTest(fake, bot)


class ManualClock:
    """A clock that moves only when a test moves it (``clock.now += 10``)."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def embed_text(embed: dict[str, Any]) -> str:
    """Everything a reader sees in one embed (as sent), for "does it say X" checks."""
    parts = [embed.get("title") or "", embed.get("description") or ""]
    for field in embed.get("fields") or []:
        parts += [field["name"], field["value"]]
    parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(parts)
