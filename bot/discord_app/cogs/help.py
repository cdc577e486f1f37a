"""/help: what the bot can answer and how to ask."""

from __future__ import annotations

import logging
import time

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.client import NamidaBot
from bot.discord_app.embeds import build_embed
from bot.discord_app.replies import log_answer, no_mentions

log = logging.getLogger(__name__)

INTRO = "I answer questions about the {year} drama **{title}** from a sourced knowledge base."
MENTION = "Or just ask: mention me with a question, e.g. “@{name} {question}”"


class Help(commands.Cog):
    def __init__(self, bot: NamidaBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What I can answer and how to ask")
    async def help(self, interaction: discord.Interaction) -> None:
        started = time.perf_counter()
        engine = self.bot.engine
        series = engine.knowledge.series
        title = f"{series.title} ({series.native_title})" if series.native_title else series.title
        lines = [INTRO.format(year=series.year, title=title), ""]
        # What a fan might type, for the commands that take something: the series' own names.
        examples = engine.lexicon.examples.commands
        for command in sorted(self.bot.tree.get_commands(), key=lambda c: c.name):
            # Owner tools (hidden by default permissions) are not for fans.
            if isinstance(command, app_commands.Command) and command.default_permissions is None:
                params = " ".join(
                    f"<{p.name}>" if p.required else f"[{p.name}]" for p in command.parameters
                )
                usage = f"/{command.name} {params}".rstrip()
                example = examples.get(command.name)
                tail = f", e.g. `{example}`" if example else ""
                lines.append(f"`{usage}`: {command.description}{tail}")
        name = self.bot.user.display_name if self.bot.user else "Namida"
        asked = engine.lexicon.examples.ask
        question = asked[0] if asked else "when did episode 8 air?"
        lines += ["", MENTION.format(name=discord.utils.escape_markdown(name), question=question)]
        await interaction.response.send_message(
            embed=build_embed("How to ask", "\n".join(lines)),
            ephemeral=True,
            allowed_mentions=no_mentions(),
        )
        log_answer("/help", "found", started)


async def setup(bot: NamidaBot) -> None:
    await bot.add_cog(Help(bot))
