"""What the bot keeps, and the one interface every backend implements.

Three kinds of data, all small and all written by the bot while it answers:

- **misses**: questions the bot could not answer (no ids, no author, no place);
- **scores**: one row per quiz answer (server, member, points, right or wrong, when);
- **server settings**: one :class:`GuildSettings` per server that changed one.

:class:`Store` is the backend (SQLite or PostgreSQL, chosen by ``DATABASE_URL``,
see :func:`bot.store.open_store`). Its methods are async and *do* wait on the
database: the bot itself never calls the writing ones on the answer path but
goes through :class:`bot.store.writer.Writer`, which queues, batches and retries.
Reads (``/misses``, a leaderboard, ``namida settings``) call the store directly.

>>> GuildSettings().reveal_spoilers
False
>>> GuildSettings(mention_channels=frozenset({42})).answers_mentions_in(7)
False
"""

from __future__ import annotations

import abc
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from uuid import UUID


class StoreError(Exception):
    """The store could not do what was asked; the message says why in one line."""


class TransientStoreError(StoreError):
    """A failure worth retrying: the server is restarting, a connection dropped, a lock."""


def utc_now() -> datetime:
    return datetime.now(UTC)


# ----------------------------------------------------------------- misses


@dataclass(frozen=True)
class Miss:
    """One unanswered question, already scrubbed (see :func:`bot.misses.scrub`)."""

    question: str
    normalized: str  # the grouping key
    command: str  # "/ask", "mention"…
    asked_at: datetime  # aware, UTC
    reading: str = ""  # how the question was read (``Answer.reading``)


@dataclass(frozen=True)
class MissGroup:
    """The misses that normalise to the same text."""

    count: int
    last_seen: datetime
    example: str  # the latest wording as asked
    commands: tuple[str, ...]
    reading: str = ""  # how the latest wording was read


@dataclass(frozen=True)
class MissSummary:
    groups: tuple[MissGroup, ...]  # the most frequent first
    distinct: int  # groups in all, beyond the limit too
    total: int  # misses in all
    since: date | None


# ----------------------------------------------------------------- quiz scores


@dataclass(frozen=True)
class Score:
    """One quiz answer: ``points`` earned (0 for a wrong one), ``correct`` or not."""

    guild_id: int
    user_id: int
    points: int
    correct: bool
    at: datetime  # aware, UTC


@dataclass(frozen=True)
class Standing:
    """A member's place on a server's leaderboard (ties share a rank: 1, 1, 3…)."""

    rank: int
    user_id: int
    points: int
    answered: int
    correct: int


# ----------------------------------------------------------------- server settings


class Language(enum.StrEnum):
    """The language answers are given in on a server."""

    ENGLISH = "en"
    JAPANESE = "ja"


@dataclass(frozen=True)
class GuildSettings:
    """What a server's managers chose; the defaults are the bot-wide behaviour.

    ``language`` None: each member's Discord language. ``cooldown_rate`` /
    ``cooldown_seconds`` None: COOLDOWN_RATE / COOLDOWN_SECONDS. An empty
    ``mention_channels``: mentions are answered in every channel.
    """

    reveal_spoilers: bool = False
    language: Language | None = None
    cooldown_rate: int | None = None
    cooldown_seconds: float | None = None
    mention_channels: frozenset[int] = field(default_factory=frozenset)

    def answers_mentions_in(self, *channel_ids: int | None) -> bool:
        """Whether a mention in this channel (or a thread whose parent is listed) is answered."""
        if not self.mention_channels:
            return True
        return any(c in self.mention_channels for c in channel_ids if c is not None)


# ----------------------------------------------------------------- schema


@dataclass(frozen=True)
class SchemaStatus:
    """Where a database's schema stands against the migrations this Namida ships."""

    current: int  # 0: empty
    latest: int
    pending: tuple[str, ...]  # names of the migrations not applied yet

    @property
    def up_to_date(self) -> bool:
        return self.current == self.latest


# ----------------------------------------------------------------- the interface


class Store(abc.ABC):
    """A backend. Every method may raise :class:`StoreError` (or its transient kind).

    A write returns once it is committed: after that it survives a crash of the
    bot (``kill -9``). Times are aware datetimes in UTC.
    """

    url: str  # for messages; never includes a password

    # -- life
    @abc.abstractmethod
    async def migrate(self) -> SchemaStatus:
        """Bring the schema up to date (safe when several processes start at once)."""

    @abc.abstractmethod
    async def status(self) -> SchemaStatus:
        """The schema version, without changing anything."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Release connections. Safe to call twice."""

    # -- writes (the bot sends them through the Writer)
    @abc.abstractmethod
    async def write(
        self,
        misses: Sequence[Miss] = (),
        scores: Sequence[Score] = (),
        *,
        batch_id: UUID | None = None,
    ) -> None:
        """Store a batch in one transaction: all of it or none.

        With a ``batch_id``, a batch already committed under that id is not
        stored again: a retry after a lost acknowledgement stores nothing twice.
        """

    # -- misses
    @abc.abstractmethod
    async def miss_summary(self, *, since: date | None = None, limit: int = 20) -> MissSummary:
        """The most frequent misses (since a UTC day), grouped by normalised text."""

    @abc.abstractmethod
    async def misses_after(self, after_id: int, limit: int) -> list[tuple[int, Miss]]:
        """Misses in the order stored, after ``after_id`` (0: from the first); for copying."""

    # -- scores
    @abc.abstractmethod
    async def leaderboard(
        self, guild_id: int, *, since: datetime | None = None, limit: int = 10, offset: int = 0
    ) -> list[Standing]:
        """A server's members by points (since a time), best first; ties share a rank."""

    @abc.abstractmethod
    async def rank(
        self, guild_id: int, user_id: int, *, since: datetime | None = None
    ) -> Standing | None:
        """One member's standing, or None if they have no score (since that time)."""

    @abc.abstractmethod
    async def scores_after(self, after_id: int, limit: int) -> list[tuple[int, Score]]:
        """Scores in the order stored, after ``after_id``; for copying."""

    # -- server settings
    @abc.abstractmethod
    async def guild_settings(self, guild_id: int) -> GuildSettings:
        """A server's settings (the defaults if it never changed one)."""

    @abc.abstractmethod
    async def all_guild_settings(self) -> dict[int, GuildSettings]:
        """Every server that changed a setting; the shards' caches reload from this."""

    @abc.abstractmethod
    async def save_guild_settings(self, guild_id: int, settings: GuildSettings) -> None:
        """Replace a server's settings."""
