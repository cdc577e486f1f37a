"""/help: what the bot can answer and how to ask."""

from __future__ import annotations

import time

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.client import NamidaBot
from bot.discord_app.embeds import build_embed
from bot.discord_app.replies import log_answer, no_mentions

INTRO = (
    "I answer questions about the 2005 drama **1 Litre no Namida** "
    "(1リットルの涙, One Litre of Tears) from a sourced knowledge base."
)
MENTION = "Or just ask: mention me with a question, e.g. “@{name} who played Haruto?”"
# What a fan might type, for the commands that take something.
EXAMPLES = {
    "episode": "/episode 8",
    "track": "/track Konayuki",
    "cast": "/cast Haruto",
    "ask": "/ask who played Haruto?",
}


class Help(commands.Cog):
    def __init__(self, bot: NamidaBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What I can answer and how to ask")
    async def help(self, interaction: discord.Interaction) -> None:
        started = time.perf_counter()
        lines = [INTRO, ""]
        for command in sorted(self.bot.tree.get_commands(), key=lambda c: c.name):
            # Owner tools (hidden by default permissions) are not for fans.
            if isinstance(command, app_commands.Command) and command.default_permissions is None:
                params = " ".join(
                    f"<{p.name}>" if p.required else f"[{p.name}]" for p in command.parameters
                )
                usage = f"/{command.name} {params}".rstrip()
                example = EXAMPLES.get(command.name)
                tail = f", e.g. `{example}`" if example else ""
                lines.append(f"`{usage}`: {command.description}{tail}")
        name = self.bot.user.display_name if self.bot.user else "Namida"
        lines += ["", MENTION.format(name=discord.utils.escape_markdown(name))]
        await interaction.response.send_message(
            embed=build_embed("How to ask", "\n".join(lines)),
            ephemeral=True,
            allowed_mentions=no_mentions(),
        )
        log_answer("/help", "found", started)


async def setup(bot: NamidaBot) -> None:
    await bot.add_cog(Help(bot))
