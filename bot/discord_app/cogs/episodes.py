"""/episode and /episodes."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.discord_app.client import NamidaBot
from bot.discord_app.replies import answer_interaction, suggest


class Episodes(commands.Cog):
    def __init__(self, bot: NamidaBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="episode", description=locale_str("One episode: title, air date, rating")
    )
    @app_commands.rename(episode=locale_str("episode"))
    @app_commands.describe(episode=locale_str("A number or a title"))
    async def episode(self, interaction: discord.Interaction, episode: str) -> None:
        await answer_interaction(interaction, lambda engine: engine.episode(episode), episode)

    @episode.autocomplete("episode")
    async def episode_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await suggest(interaction, "episode", current)

    @app_commands.command(
        name="episodes", description=locale_str("All episodes with their air dates")
    )
    async def episodes(self, interaction: discord.Interaction) -> None:
        await answer_interaction(interaction, lambda engine: engine.episodes())


async def setup(bot: NamidaBot) -> None:
    await bot.add_cog(Episodes(bot))
