"""A one-line count of what a knowledge file holds, for `namida check` and /reload."""

from __future__ import annotations

from bot.knowledge.models import Knowledge


def summarize(knowledge: Knowledge) -> str:
    """The counts of each section, e.g. "11 episodes, 19 tracks, 22 people, …"."""
    tracks = len(knowledge.soundtrack.tracks) if knowledge.soundtrack else 0
    counts = [
        _count(len(knowledge.episodes), "episode"),
        _count(tracks, "track"),
        _count(len(knowledge.people), "person", "people"),
        _count(len(knowledge.characters), "character"),
        _count(len(knowledge.specials), "special"),
        _count(len(knowledge.sources), "source"),
    ]
    return ", ".join(counts)


def _count(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun, plural unless ``n`` is 1.

    >>> _count(1, "person", "people"), _count(2, "person", "people"), _count(0, "track")
    ('1 person', '2 people', '0 tracks')
    """
    return f"{n} {one if n == 1 else many or one + 's'}"
