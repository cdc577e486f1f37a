"""/ratings, /special, /about and /credits: the series as a whole."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.discord_app.client import NamidaBot
from bot.discord_app.replies import answer_interaction


class Series(commands.Cog):
    def __init__(self, bot: NamidaBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="ratings", description=locale_str("Viewer ratings, episode by episode")
    )
    async def ratings(self, interaction: discord.Interaction) -> None:
        await answer_interaction(interaction, lambda engine: engine.ratings())

    @app_commands.command(name="special", description=locale_str("The special episode"))
    async def special(self, interaction: discord.Interaction) -> None:
        await answer_interaction(interaction, lambda engine: engine.special())

    @app_commands.command(
        name="about", description=locale_str("The drama: story, broadcast, what it is based on")
    )
    async def about(self, interaction: discord.Interaction) -> None:
        await answer_interaction(interaction, lambda engine: engine.about())

    @app_commands.command(
        name="credits", description=locale_str("Who made it: writers, directors, music")
    )
    async def credits(self, interaction: discord.Interaction) -> None:
        await answer_interaction(interaction, lambda engine: engine.credits())


async def setup(bot: NamidaBot) -> None:
    await bot.add_cog(Series(bot))
