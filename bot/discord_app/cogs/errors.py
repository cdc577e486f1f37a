"""The command tree's one error handler: a short private apology, the traceback in the log."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.client import NamidaBot, NotOwner, SlowDown
from bot.discord_app.replies import APOLOGY, send_private, slow_down
from bot.discord_app.translator import lang_of
from bot.i18n import N_, _, using

log = logging.getLogger(__name__)

STALE = N_("That command is not available any more. Discord may take a moment to catch up.")
NOT_ALLOWED = N_("That command can't be used here.")


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
        with using(lang_of(interaction)):
            message = self._message(error, name)
        try:
            await send_private(interaction, message)
        except discord.HTTPException as exc:  # expired or already gone: never a second error
            log.warning("could not tell the user about an error in /%s: %s", name, exc.status)

    def _message(self, error: app_commands.AppCommandError, name: str) -> str:
        """What the user is told, in the current language; the details go to the log."""
        if isinstance(error, SlowDown):
            log.info("refused /%s status=cooldown", name)
            return slow_down(error.retry_after)
        if isinstance(error, NotOwner):
            log.info("refused /%s status=not-owner", name)
            return _(NotOwner.REFUSED).format(name=error.command)
        if isinstance(error, app_commands.CommandNotFound):
            log.warning("unknown command /%s: the registered commands are stale", name)
            return _(STALE)
        if isinstance(error, app_commands.MissingPermissions):
            needed = _(" and ").join(_permission(p) for p in error.missing_permissions)
            return _("Only members with {permissions} can use /{command}.").format(
                permissions=needed, command=name
            )
        if isinstance(error, app_commands.CheckFailure):
            return _(NOT_ALLOWED)
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        log.error("/%s failed", name, exc_info=cause)
        return _(APOLOGY)


# Permission names as Discord's own settings show them.
_PERMISSIONS = {
    "manage_guild": N_("Manage Server"),
    "manage_messages": N_("Manage Messages"),
}


def _permission(flag: str) -> str:
    known = _PERMISSIONS.get(flag)
    return _(known) if known else flag.replace("_", " ").title()


async def setup(bot: NamidaBot) -> None:
    await bot.add_cog(Errors(bot))
