"""/cast: the whole cast, or one actor or character."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.discord_app.client import NamidaBot
from bot.discord_app.replies import answer_interaction, suggest


class Cast(commands.Cog):
    def __init__(self, bot: NamidaBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="cast", description=locale_str("Who played whom; leave empty for the cast")
    )
    @app_commands.rename(who=locale_str("who"))
    @app_commands.describe(who=locale_str("A role or an actor, by name"))
    async def cast(self, interaction: discord.Interaction, who: str | None = None) -> None:
        if who is None or not who.strip():
            await answer_interaction(interaction, lambda engine: engine.cast())
        else:
            await answer_interaction(interaction, lambda engine: engine.person(who), who)

    @cast.autocomplete("who")
    async def who_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await suggest(interaction, "person", current)


async def setup(bot: NamidaBot) -> None:
    await bot.add_cog(Cast(bot))
