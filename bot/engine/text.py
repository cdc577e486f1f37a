"""Cutting text to a size, the one way every part of the bot does it."""

from __future__ import annotations

ELLIPSIS = "…"
# The longest question the bot reads, and records when it has no answer. Discord
# allows 6000 characters in an option; real questions are far shorter.
QUESTION_MAX = 300


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" when it was cut.

    A backslash left alone before the "…" is dropped too, so an escaped
    Markdown character is never split from its escape.

    >>> clip("Fog over the pier", 9)
    'Fog over…'
    >>> clip("short", 14)
    'short'
    >>> clip("a \\\\*star\\\\*", 4)
    'a…'
    """
    if len(text) <= limit:
        return text
    cut = text[: max(limit - len(ELLIPSIS), 0)].rstrip()
    if (len(cut) - len(cut.rstrip("\\"))) % 2:
        cut = cut[:-1].rstrip()
    return cut + ELLIPSIS
