"""How every cog answers: ask the engine at call time, render, send, log one line.

The engine is always read from ``bot.engine`` when a request arrives, never kept
by a cog, so swapping in a reloaded engine takes effect on the next request.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord_app import logs
from bot.discord_app.embeds import is_private
from bot.discord_app.translator import lang_of
from bot.engine.answers import Status
from bot.engine.text import clip
from bot.i18n import N_, _, using

if TYPE_CHECKING:
    from bot.discord_app.client import NamidaBot
    from bot.engine.answers import Answer, SuggestKind
    from bot.engine.engine import Engine

log = logging.getLogger(__name__)

APOLOGY = N_("Sorry, something went wrong while answering that. Please try again in a moment.")

CHOICES_MAX = 25
CHOICE_MAX = 100


def no_mentions() -> discord.AllowedMentions:
    """A fresh "ping no one" (discord.py mutates the object it is given on replies)."""
    return discord.AllowedMentions.none()


def _bot(interaction: discord.Interaction) -> NamidaBot:
    return interaction.client  # type: ignore[return-value]


async def answer_interaction(
    interaction: discord.Interaction,
    ask: Callable[[Engine], Answer],
    question: str | None = None,
) -> None:
    """Answer a slash command with ``ask(engine)``.

    A miss is shown to the asker only, and ``question`` (what they typed) is
    recorded so the knowledge can grow. The answer speaks the user's language.
    """
    started = time.perf_counter()
    bot = _bot(interaction)
    engine = bot.engine
    reveal = bot.guild_settings.get(interaction.guild_id).reveal_spoilers  # /settings spoilers
    with using(lang_of(interaction)):
        answer = ask(engine)
        embed = bot.rendered.render(engine, answer, reveal_spoilers=reveal)
    what = f"/{interaction.command.qualified_name}" if interaction.command else "/?"
    if answer.status is Status.NOT_FOUND and question:
        # Only queued, with how it was read: the write happens off the loop.
        bot.record_miss(question, what, answer.reading)
    await interaction.response.send_message(
        embed=embed, ephemeral=is_private(answer), allowed_mentions=no_mentions()
    )
    log_answer(what, answer.status, started)


async def send_private(interaction: discord.Interaction, content: str) -> None:
    """A message only the user sees, as a follow-up if the interaction was answered."""
    if interaction.response.is_done():
        await interaction.followup.send(content, ephemeral=True, allowed_mentions=no_mentions())
    else:
        await interaction.response.send_message(
            content, ephemeral=True, allowed_mentions=no_mentions()
        )


def slow_down(retry_after: float) -> str:
    """What a user over the cooldown is told (in the current language)."""
    return _("Slow down a little: try again in {seconds} s.").format(
        seconds=max(math.ceil(retry_after), 1)
    )


async def suggest(
    interaction: discord.Interaction, kind: SuggestKind, current: str
) -> list[app_commands.Choice[str]]:
    """Autocomplete from the engine: at most 25 choices, each within Discord's 100."""
    with using(lang_of(interaction)):
        found = _bot(interaction).engine.suggest(kind, current)
    return [
        app_commands.Choice(name=clip(c.name, CHOICE_MAX), value=c.value[:CHOICE_MAX])
        for c in found[:CHOICES_MAX]
    ]


def log_answer(what: str, status: str, started: float) -> None:
    """The one INFO line per answer: what, status, latency. Never content or user ids.

    Formatted and made into a record off the loop (:func:`logs.info`).
    """
    elapsed_ms = (time.perf_counter() - started) * 1000
    logs.info(log, "answered %s status=%s in %.1f ms", what, status, elapsed_ms)
