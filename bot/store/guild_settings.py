"""Per-server settings as every shard sees them: a cache refreshed from the store.

Answers read :meth:`GuildSettingsCache.get`, a dictionary lookup that never
waits on the database. The cache loads every server's row at start-up and
again every ``refresh_every`` seconds (SETTINGS_REFRESH_SECONDS, 30 by default),
so a change made through one shard — or by ``namida settings`` — reaches every
other process within that time; the process that made it sees it at once.

Why a short cache rather than PostgreSQL's LISTEN/NOTIFY: it works the same on
both backends, needs no long-lived extra connection that must itself be
watched and re-established, and a notification lost while a shard reconnects
would leave it wrong until restart, whereas a reload is right again by design.
The table holds one small row per server that changed something, so reading
all of it is cheap even for thousands of servers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.i18n import _
from bot.store.api import GuildSettings, Store, StoreError
from bot.store.rows import channels_text

log = logging.getLogger(__name__)

REFRESH_EVERY = 30.0
LOAD_TIMEOUT = 5.0  # at start-up: past this the bot starts with the defaults
# Settings are frozen, so every server that changed nothing shares one (read
# several times per interaction: making a frozen dataclass is not free).
DEFAULTS = GuildSettings()


class GuildSettingsCache:
    def __init__(self, store: Store, *, refresh_every: float = REFRESH_EVERY) -> None:
        self.store = store
        self.refresh_every = refresh_every
        self._known: dict[int, GuildSettings] = {}
        self._task: asyncio.Task[None] | None = None
        self._failing = False

    def get(self, guild_id: int | None) -> GuildSettings:
        """The server's settings as last read (the defaults in DMs or if never changed)."""
        if guild_id is None:
            return DEFAULTS
        return self._known.get(guild_id) or DEFAULTS

    async def refresh(self) -> bool:
        """Read every server's settings again; False (logged once) if the store failed."""
        try:
            known = await self.store.all_guild_settings()
        except StoreError as exc:
            if not self._failing:
                self._failing = True
                log.warning(
                    "cannot read server settings (%s); the last known ones stay in use", exc
                )
            return False
        if self._failing:
            self._failing = False
            log.warning("reading server settings works again")
        self._known = known
        return True

    async def save(self, guild_id: int, settings: GuildSettings) -> None:
        """Store a server's new settings (raises StoreError); this process uses them at once."""
        await self.store.save_guild_settings(guild_id, settings)
        self._known[guild_id] = settings

    async def start(self) -> None:
        """Load once (waiting at most LOAD_TIMEOUT), then refresh in the background."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.refresh(), LOAD_TIMEOUT)
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(
                self._keep_fresh(), name="namida-settings"
            )

    async def _keep_fresh(self) -> None:
        while True:
            await asyncio.sleep(self.refresh_every)
            await self.refresh()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


def describe_settings(settings: GuildSettings) -> list[str]:
    """One ``name: value`` line per setting, as `namida settings` and /settings show them.

    Each line is one catalog message (the setting's name stays as typed in
    `namida settings name=value`), said in the current language.
    """
    spoilers = _("reveal_spoilers: yes") if settings.reveal_spoilers else _("reveal_spoilers: no")
    if settings.language is None:
        language = _("language: each member's own")
    else:
        language = _("language: {language}").format(language=settings.language.value)
    if settings.cooldown_rate is None and settings.cooldown_seconds is None:
        cooldown = _("cooldown: the bot's default")
    else:
        cooldown = _("cooldown: {rate} answers per {seconds} s").format(
            rate=_or_default(settings.cooldown_rate), seconds=_or_default(settings.cooldown_seconds)
        )
    channels = channels_text(settings.mention_channels).replace(",", ", ")
    if channels:
        mentions = _("mention_channels: {channels}").format(channels=channels)
    else:
        mentions = _("mention_channels: every channel")
    return [spoilers, language, cooldown, mentions]


def _or_default(value: object) -> str:
    if value is None:
        return _("default")
    return f"{value:g}" if isinstance(value, float) else str(value)
