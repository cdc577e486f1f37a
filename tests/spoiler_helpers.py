"""Checks shared by the spoiler tests: is a value masked, and does text leak a spoiler."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from bot.knowledge.models import Knowledge


def unescaped_pipes(text: str) -> list[int]:
    """Positions of ``|`` that Discord would read as markup (not after an odd run of ``\\``)."""
    found = []
    for match in re.finditer(r"\|", text):
        before = text[: match.start()]
        if (len(before) - len(before.rstrip("\\"))) % 2 == 0:
            found.append(match.start())
    return found


def is_masked(value: str) -> bool:
    """Exactly one spoiler mask, around the whole value, that nothing inside can close."""
    if len(value) < 5 or not (value.startswith("||") and value.endswith("||")):
        return False
    inner = value[2:-2]
    trailing = len(inner) - len(inner.rstrip("\\"))
    return not unescaped_pipes(inner) and trailing % 2 == 0


def spoiler_texts(k: Knowledge) -> list[str]:
    """Every plot point the knowledge flags as a spoiler (episodes, specials, story arcs)."""
    works: list[Any] = [*k.episodes, *k.specials]
    points = [p for w in works for p in w.plot]
    points += [a.summary for a in (k.production.arcs if k.production else ())]
    return [p.text for p in points if p.spoiler]


def fragments(texts: Iterable[str], size: int = 32) -> list[str]:
    """A spoiler's opening words: enough to give it away if they show anywhere."""
    return [t[:size] for t in texts]


def leaks(text: str, spoilers: Iterable[str]) -> list[str]:
    """The spoilers whose opening words ``text`` contains (markdown escapes ignored)."""
    plain = re.sub(r"\\(.)", r"\1", text)
    return [s for s in spoilers if s in text or s in plain]
