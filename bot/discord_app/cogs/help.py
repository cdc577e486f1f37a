"""/help: what the bot can answer and how to ask."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands
from discord.utils import escape_markdown

from bot.discord_app.client import NamidaBot
from bot.discord_app.embeds import build_embed
from bot.discord_app.replies import log_answer, no_mentions
from bot.discord_app.translator import lang_of
from bot.engine import intro
from bot.i18n import N_, _, using

# The series' title and the examples come from the knowledge and its lexicon file.
INTRO = N_(
    "I answer questions about the {year} drama **{title}** ({others}) "
    "from a sourced knowledge base."
)
INTRO_PLAIN = N_(
    "I answer questions about the {year} drama **{title}** from a sourced knowledge base."
)
MENTION = N_("Or just ask: mention me with a question, e.g. “@{name} {question}”")
MENTION_PLAIN = N_("Or just ask: mention me with a question.")
# Examples that name nothing of the series (the series' own are in its lexicon).
EXAMPLES = {
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
        engine = self.bot.engine
        series = engine.knowledge.series
        title = escape_markdown(intro.title(series))
        others = _(", ").join(escape_markdown(t) for t in intro.other_titles(series))
        lines = [
            _(INTRO).format(year=series.year, title=title, others=others)
            if others
            else _(INTRO_PLAIN).format(year=series.year, title=title),
            "",
        ]
        examples = engine.lexicon.examples.local().commands
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
                    lines.append(_usage(each, examples))
        name = escape_markdown(self.bot.user.display_name if self.bot.user else "Namida")
        question = intro.question(engine.lexicon.examples)
        lines.append("")
        if question is None:
            lines.append(_(MENTION_PLAIN))
        else:
            lines.append(_(MENTION).format(name=name, question=escape_markdown(question)))
        return build_embed(_("How to ask"), "\n".join(lines))


def _usage(command: app_commands.Command[Any, ..., Any], examples: Mapping[str, str]) -> str:
    """One command's line, in the current language, with the series' example if it has one."""
    # Option names as the reader's Discord shows them (usage syntax, not prose).
    names = [(_(p.name), p.required) for p in command.parameters]
    params = " ".join(f"<{n}>" if required else f"[{n}]" for n, required in names)
    usage = f"/{command.qualified_name} {params}".rstrip()
    name = command.qualified_name
    example = examples.get(name) or (_(EXAMPLES[name]) if name in EXAMPLES else None)
    description = _(command.description)
    if example:
        return _("`{usage}`: {description}, e.g. `{example}`").format(
            usage=usage, description=description, example=example
        )
    return _("`{usage}`: {description}").format(usage=usage, description=description)


async def setup(bot: NamidaBot) -> None:
    await bot.add_cog(Help(bot))
