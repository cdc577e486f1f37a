"""/settings: a server's own choices, for members with Manage Server.

Hidden from other members by default (``default_permissions``), and checked
for every subcommand by :meth:`ServerSettings.interaction_check`: the server
may have changed who sees the command, but only Manage Server may change how
the bot behaves there. Changes are stored at once and reach every shard within
SETTINGS_REFRESH_SECONDS (see :mod:`bot.store.guild_settings`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import replace

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.discord_app.client import NamidaBot
from bot.discord_app.embeds import build_embed
from bot.discord_app.replies import log_answer, no_mentions
from bot.discord_app.translator import lang_of
from bot.i18n import N_, _, using
from bot.store import GuildSettings, Language, StoreError
from bot.store.guild_settings import describe_settings

log = logging.getLogger(__name__)

STORE_WAIT = 5.0  # seconds a change waits for the database before saying it failed
UNAVAILABLE = N_(
    "The settings could not be saved: the database is unavailable. Try again in a moment."
)


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class ServerSettings(
    commands.GroupCog,
    group_name="settings",
    group_description=locale_str("How the bot behaves on this server (Manage Server)"),
):
    """How the bot behaves on this server (Manage Server)"""

    def __init__(self, bot: NamidaBot) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        if not interaction.permissions.manage_guild:
            log.info("refused /settings status=missing-permission")
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    @app_commands.command(name="show", description=locale_str("This server's settings"))
    async def show(self, interaction: discord.Interaction) -> None:
        await self._change(interaction, "show", None)

    @app_commands.command(
        name="spoilers", description=locale_str("Show spoilers unmasked on this server")
    )
    @app_commands.rename(reveal=locale_str("reveal"))
    @app_commands.describe(reveal=locale_str("Yes: plot twists are shown as they are; no: masked"))
    async def spoilers(self, interaction: discord.Interaction, reveal: bool) -> None:
        await self._change(interaction, "spoilers", lambda s: replace(s, reveal_spoilers=reveal))

    @app_commands.command(
        name="language", description=locale_str("The language answers are given in")
    )
    @app_commands.rename(language=locale_str("language"))
    @app_commands.describe(language=locale_str("auto: each member's own Discord language"))
    @app_commands.choices(
        language=[
            app_commands.Choice(name=locale_str("auto"), value="auto"),
            app_commands.Choice(name=locale_str("English"), value="en"),
            app_commands.Choice(name=locale_str("Japanese (日本語)"), value="ja"),
        ]
    )
    async def language(self, interaction: discord.Interaction, language: str) -> None:
        chosen = None if language == "auto" else Language(language)
        await self._change(interaction, "language", lambda s: replace(s, language=chosen))

    @app_commands.command(name="cooldown", description=locale_str("How often each member may ask"))
    @app_commands.rename(rate=locale_str("rate"), seconds=locale_str("seconds"))
    @app_commands.describe(
        rate=locale_str("Answers per window (0: no limit); leave both empty for the bot's default"),
        seconds=locale_str("The window in seconds"),
    )
    async def cooldown(
        self,
        interaction: discord.Interaction,
        rate: app_commands.Range[int, 0, 100] | None = None,
        seconds: app_commands.Range[float, 1, 3600] | None = None,
    ) -> None:
        await self._change(
            interaction,
            "cooldown",
            lambda s: replace(s, cooldown_rate=rate, cooldown_seconds=seconds),
        )

    @app_commands.command(
        name="mentions", description=locale_str("Where questions by @mention are answered")
    )
    @app_commands.rename(change=locale_str("change"))
    @app_commands.describe(change=locale_str("For the channel this command is used in"))
    @app_commands.choices(
        change=[
            app_commands.Choice(name=locale_str("answer here too"), value="answer here too"),
            app_commands.Choice(
                name=locale_str("stop answering here"), value="stop answering here"
            ),
            app_commands.Choice(name=locale_str("answer everywhere"), value="answer everywhere"),
        ]
    )
    async def mentions(self, interaction: discord.Interaction, change: str) -> None:
        channel = interaction.channel_id or 0

        def changed(settings: GuildSettings) -> GuildSettings:
            if change == "answer everywhere":
                return replace(settings, mention_channels=frozenset())
            if change == "answer here too":
                return replace(settings, mention_channels=settings.mention_channels | {channel})
            return replace(settings, mention_channels=settings.mention_channels - {channel})

        await self._change(interaction, "mentions", changed)

    async def _change(
        self,
        interaction: discord.Interaction,
        what: str,
        change: Callable[[GuildSettings], GuildSettings] | None,
    ) -> None:
        started = time.perf_counter()
        guild_id = interaction.guild_id or 0
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            # Read the stored row, not the cache: another shard may have changed it.
            current = await asyncio.wait_for(self.bot.store.guild_settings(guild_id), STORE_WAIT)
            if change is not None:
                current = change(current)
                await asyncio.wait_for(self.bot.guild_settings.save(guild_id, current), STORE_WAIT)
        except (StoreError, TimeoutError) as exc:
            log.warning("/settings %s: %s", what, exc or "the database timed out")
            with using(lang_of(interaction)):
                unavailable = _(UNAVAILABLE)
            await interaction.followup.send(
                unavailable, ephemeral=True, allowed_mentions=no_mentions()
            )
            log_answer(f"/settings {what}", "unavailable", started)
            return
        # In the language now in force: a server that just chose Japanese reads Japanese.
        with using(lang_of(interaction)):
            embed = self._settings_embed(current, saved=change is not None)
        await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=no_mentions())
        log_answer(f"/settings {what}", "saved" if change is not None else "found", started)

    def _settings_embed(self, current: GuildSettings, *, saved: bool) -> discord.Embed:
        title = _("Settings saved") if saved else _("Settings on this server")
        lines = [f"• {line}" for line in describe_settings(current)]
        if saved:
            every = round(self.bot.settings.settings_refresh_seconds)
            lines.append(
                _("(Every shard of the bot uses them within {seconds} s.)").format(seconds=every)
            )
        return build_embed(title, "\n".join(lines))


async def setup(bot: NamidaBot) -> None:
    await bot.add_cog(ServerSettings(bot))
