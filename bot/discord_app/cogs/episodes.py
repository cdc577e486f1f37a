"""/episode and /episodes."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.client import NamidaBot
from bot.discord_app.replies import answer_interaction, suggest

log = logging.getLogger(__name__)


class Episodes(commands.Cog):
    def __init__(self, bot: NamidaBot) -> None:
        self.bot = bot

    @app_commands.command(name="episode", description="One episode: title, air date, rating")
    @app_commands.describe(episode='Number or title, e.g. "8", "finale"')
    async def episode(self, interaction: discord.Interaction, episode: str) -> None:
        await answer_interaction(interaction, lambda engine: engine.episode(episode), episode)

    @episode.autocomplete("episode")
    async def episode_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await suggest(interaction, "episode", current)

    @app_commands.command(name="episodes", description="All episodes with their air dates")
    async def episodes(self, interaction: discord.Interaction) -> None:
        await answer_interaction(interaction, lambda engine: engine.episodes())


async def setup(bot: NamidaBot) -> None:
    await bot.add_cog(Episodes(bot))
