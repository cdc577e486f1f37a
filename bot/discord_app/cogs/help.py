"""/help: what the bot can answer and how to ask."""

from __future__ import annotations

import time
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.discord_app.client import NamidaBot
from bot.discord_app.embeds import build_embed
from bot.discord_app.replies import log_answer, no_mentions
from bot.discord_app.translator import lang_of
from bot.i18n import N_, _, using

INTRO = N_(
    "I answer questions about the 2005 drama **1 Litre no Namida** "
    "(1リットルの涙, One Litre of Tears) from a sourced knowledge base."
)
MENTION = N_("Or just ask: mention me with a question, e.g. “@{name} who played Haruto?”")
# What a fan might type, for the commands that take something (a catalog may
# give an example in its own language).
EXAMPLES = {
    "episode": N_("/episode 8"),
    "track": N_("/track Konayuki"),
    "cast": N_("/cast Haruto"),
    "ask": N_("/ask who played Haruto?"),
    "quiz start": N_("/quiz start rounds:5 topic:cast"),
}


class Help(commands.Cog):
    def __init__(self, bot: NamidaBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description=locale_str("What I can answer and how to ask"))
    async def help(self, interaction: discord.Interaction) -> None:
        started = time.perf_counter()
        with using(lang_of(interaction)):
            embed = self._page()
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=no_mentions()
        )
        log_answer("/help", "found", started)

    def _page(self) -> discord.Embed:
        """The help page in the current language (descriptions as Discord shows them)."""
        lines = [_(INTRO), ""]
        for command in sorted(self.bot.tree.get_commands(), key=lambda c: c.name):
            # Owner tools (hidden by default permissions) are not for fans.
            if command.default_permissions is not None:
                continue
            # A group (/quiz) is listed as its subcommands (/quiz start …).
            members: list[object] = (
                list(command.commands) if isinstance(command, app_commands.Group) else [command]
            )
            for each in members:
                if isinstance(each, app_commands.Command):
                    lines.append(_usage(each))
        name = self.bot.user.display_name if self.bot.user else "Namida"
        lines += ["", _(MENTION).format(name=discord.utils.escape_markdown(name))]
        return build_embed(_("How to ask"), "\n".join(lines))


def _usage(command: app_commands.Command[Any, ..., Any]) -> str:
    """One command's line, in the current language."""
    # Option names as the reader's Discord shows them (usage syntax, not prose).
    names = [(_(p.name), p.required) for p in command.parameters]
    params = " ".join(f"<{n}>" if required else f"[{n}]" for n, required in names)
    usage = f"/{command.qualified_name} {params}".rstrip()
    example = EXAMPLES.get(command.qualified_name)
    description = _(command.description)
    if example:
        return _("`{usage}`: {description}, e.g. `{example}`").format(
            usage=usage, description=description, example=_(example)
        )
    return _("`{usage}`: {description}").format(usage=usage, description=description)


async def setup(bot: NamidaBot) -> None:
    await bot.add_cog(Help(bot))
