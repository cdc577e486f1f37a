"""Turning the store's values into table rows and back, the same for every backend."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.store.api import GuildSettings, Language


def timestamp(when: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, fixed width, so text order is time order.

    >>> timestamp(datetime(2024, 5, 1, 9, 30, tzinfo=UTC))
    '2024-05-01T09:30:00.000Z'
    """
    return when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_timestamp(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def channels_text(channels: frozenset[int]) -> str:
    """Channel ids as stored.

    >>> channels_text(frozenset({3, 1}))
    '1,3'
    """
    return ",".join(str(c) for c in sorted(channels))


def channels_from(text: str | None) -> frozenset[int]:
    return frozenset(int(part) for part in (text or "").split(",") if part.strip())


def settings_from(
    reveal_spoilers: object,
    language: str | None,
    cooldown_rate: int | None,
    cooldown_seconds: float | None,
    mention_channels: str | None,
) -> GuildSettings:
    known = {lang.value for lang in Language}
    return GuildSettings(
        reveal_spoilers=bool(reveal_spoilers),
        language=Language(language) if language in known else None,
        cooldown_rate=cooldown_rate,
        cooldown_seconds=cooldown_seconds,
        mention_channels=channels_from(mention_channels),
    )
