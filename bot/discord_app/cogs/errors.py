"""The command tree's one error handler: a short private apology, the traceback in the log."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.client import NamidaBot, NotOwner, SlowDown
from bot.discord_app.replies import APOLOGY, send_private, slow_down

log = logging.getLogger(__name__)

STALE = "That command is not available any more. Discord may take a moment to catch up."
NOT_ALLOWED = "That command can't be used here."


class Errors(commands.Cog):
    def __init__(self, bot: NamidaBot) -> None:
        self.bot = bot
        self._previous = bot.tree.on_error

    async def cog_load(self) -> None:
        self.bot.tree.error(self.on_app_command_error)

    async def cog_unload(self) -> None:
        self.bot.tree.error(self._previous)

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        name = interaction.command.qualified_name if interaction.command else "?"
        if isinstance(error, SlowDown):
            message = slow_down(error.retry_after)
            log.info("refused /%s status=cooldown", name)
        elif isinstance(error, NotOwner):
            message = str(error)
            log.info("refused /%s status=not-owner", name)
        elif isinstance(error, app_commands.CommandNotFound):
            message = STALE
            log.warning("unknown command /%s: the registered commands are stale", name)
        elif isinstance(error, app_commands.MissingPermissions):
            needed = " and ".join(p.replace("_", " ").title() for p in error.missing_permissions)
            message = f"Only members with {needed.replace('Guild', 'Server')} can use /{name}."
        elif isinstance(error, app_commands.CheckFailure):
            message = NOT_ALLOWED
        else:
            message = APOLOGY
            cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
            log.error("/%s failed", name, exc_info=cause)
        try:
            await send_private(interaction, message)
        except discord.HTTPException as exc:  # expired or already gone: never a second error
            log.warning("could not tell the user about an error in /%s: %s", name, exc.status)


async def setup(bot: NamidaBot) -> None:
    await bot.add_cog(Errors(bot))
