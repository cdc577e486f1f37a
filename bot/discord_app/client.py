"""The bot: a commands.Bot (or AutoShardedBot when sharding is configured) with the cogs.

Build it with :func:`create_bot`; it never syncs commands by itself (that is
``namida sync``), needs no privileged intent and pings no one.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.cogs import EXTENSIONS
from bot.discord_app.cooldown import UserCooldown
from bot.discord_app.embeds import Rendered
from bot.discord_app.translator import CatalogTranslator
from bot.i18n import N_
from bot.misses import make_miss
from bot.store import StoreError, open_store
from bot.store.guild_settings import GuildSettingsCache
from bot.store.writer import Writer

if TYPE_CHECKING:
    from bot.engine.engine import Engine
    from bot.settings import Settings

log = logging.getLogger(__name__)

MIGRATE_WAIT = 15.0  # seconds start-up waits for the store before answering anyway

# Namida never speaks: spare every client discord.py's "voice will NOT be supported"
# warnings about PyNaCl and davey, which would alarm an owner for nothing.
discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False


class SlowDown(app_commands.CheckFailure):
    """The user hit the per-user cooldown; ``retry_after`` is in seconds."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(f"on cooldown for {retry_after:.1f} s")


class NotOwner(app_commands.CheckFailure):
    """Someone who is not one of the bot's owners used an owner command."""

    REFUSED = N_("Only the bot's owners can use /{name}.")  # translated where it is sent

    def __init__(self, command: str) -> None:
        self.command = command
        super().__init__(f"not an owner of the bot: /{command}")


class NamidaTree(app_commands.CommandTree["NamidaBot"]):
    """Applies the per-user cooldown to every command (autocomplete is free)."""

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.type is discord.InteractionType.application_command:
            cooldown = self.client.cooldown_for(interaction.guild_id)
            retry_after = cooldown.hit(interaction.user.id)
            if retry_after is not None:
                raise SlowDown(retry_after)
        return True


def intents() -> discord.Intents:
    """Only what answering uses: servers, and messages in them and in DMs.

    A message that mentions the bot carries its text without the privileged
    message-content intent, so none is needed.
    """
    return discord.Intents(guilds=True, guild_messages=True, dm_messages=True)


class NamidaBot(commands.Bot):
    """The bot. ``engine`` is read at call time, so assigning a new one swaps it atomically.

    ``knowledge_path`` is the file a reload reads (None: the shipped one),
    ``reload_lock`` keeps reloads one at a time. ``store`` keeps what the bot
    writes (DATABASE_URL); answers write through ``writer``, which never makes
    them wait, and read the servers' settings from ``guild_settings``.
    """

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        *,
        knowledge_path: Path | None = None,
        **options: Any,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=NamidaTree,
            owner_ids=set(settings.owner_ids),
            **options,
        )
        self.settings = settings
        self.engine = engine
        self.knowledge_path = knowledge_path or settings.knowledge_path
        self.reload_lock = asyncio.Lock()
        self.store = open_store(settings.store_url)
        self.writer = Writer(self.store)
        self.guild_settings = GuildSettingsCache(
            self.store, refresh_every=settings.settings_refresh_seconds
        )
        self.cooldown = UserCooldown(settings.cooldown_rate, settings.cooldown_seconds)
        self.rendered = Rendered()  # each card's embed, made once per engine
        self._guild_cooldowns: dict[int, UserCooldown] = {}

    async def setup_hook(self) -> None:
        # Commands' descriptions and option names in Japanese when they are synced.
        await self.tree.set_translator(CatalogTranslator())
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self._open_store()

    async def _open_store(self) -> None:
        """Migrate and read the servers' settings; a store that is down does not stop the bot."""
        try:
            status = await asyncio.wait_for(self.store.migrate(), MIGRATE_WAIT)
        except (StoreError, TimeoutError) as exc:
            log.warning(
                "cannot prepare the store %s (%s); answering goes on and writes are retried",
                self.store.url,
                exc or "timed out",
            )
        else:
            log.info("store %s at schema version %d", self.store.url, status.current)
        await self.guild_settings.start()
        self.writer.start()

    def record_miss(self, question: str, command: str, reading: str | None = None) -> None:
        """Queue an unanswered question (blank ones are not kept) with how it was read;
        returns at once."""
        miss = make_miss(question, command, reading=reading)
        if miss is not None:
            self.writer.record_miss(miss)

    def cooldown_for(self, guild_id: int | None) -> UserCooldown:
        """The cooldown a server chose with /settings, else COOLDOWN_RATE / COOLDOWN_SECONDS."""
        chosen = self.guild_settings.get(guild_id)
        rate = self.cooldown.rate if chosen.cooldown_rate is None else chosen.cooldown_rate
        per = self.cooldown.per if chosen.cooldown_seconds is None else chosen.cooldown_seconds
        if guild_id is None or (rate, per) == (self.cooldown.rate, self.cooldown.per):
            return self.cooldown
        own = self._guild_cooldowns.get(guild_id)
        if own is None or (own.rate, own.per) != (rate, per):
            own = self._guild_cooldowns[guild_id] = UserCooldown(rate, per)
        return own

    async def on_message(self, message: discord.Message, /) -> None:
        # No prefix commands: questions by mention are answered by the ask cog's
        # listener. (The default would try "<@bot> who…" as a command named "who".)
        return

    async def close(self) -> None:
        await super().close()
        await self.guild_settings.close()
        await self.writer.close()  # writes what is queued first

    async def on_ready(self) -> None:
        log.info("connected as %s to %d servers", self.user, len(self.guilds))


class ShardedNamidaBot(NamidaBot, commands.AutoShardedBot):
    """The same bot on discord.AutoShardedClient, for SHARD_COUNT / SHARD_IDS."""


def create_bot(
    settings: Settings, engine: Engine, *, knowledge_path: Path | None = None
) -> NamidaBot:
    """The bot class follows the settings: sharded when a shard count is configured.

    ``knowledge_path`` (e.g. ``namida run --knowledge``) wins over KNOWLEDGE_PATH.
    """
    if settings.shard_count is not None:
        return ShardedNamidaBot(
            settings,
            engine,
            knowledge_path=knowledge_path,
            shard_count=settings.shard_count,
            shard_ids=settings.shard_ids,
        )
    return NamidaBot(settings, engine, knowledge_path=knowledge_path)
