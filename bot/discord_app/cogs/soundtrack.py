"""/track and /soundtrack."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.discord_app.client import NamidaBot
from bot.discord_app.replies import answer_interaction, suggest


class Soundtrack(commands.Cog):
    def __init__(self, bot: NamidaBot) -> None:
        self.bot = bot

    @app_commands.command(name="track", description=locale_str("One soundtrack track or song"))
    @app_commands.rename(track=locale_str("track"))
    @app_commands.describe(track=locale_str("A number or a title"))
    async def track(self, interaction: discord.Interaction, track: str) -> None:
        await answer_interaction(interaction, lambda engine: engine.track(track), track)

    @track.autocomplete("track")
    async def track_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await suggest(interaction, "track", current)

    @app_commands.command(
        name="soundtrack", description=locale_str("The soundtrack album and theme songs")
    )
    async def soundtrack(self, interaction: discord.Interaction) -> None:
        await answer_interaction(interaction, lambda engine: engine.soundtrack())


async def setup(bot: NamidaBot) -> None:
    await bot.add_cog(Soundtrack(bot))
