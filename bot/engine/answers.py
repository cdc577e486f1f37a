"""What the engine says: plain data that every front-end renders the same way."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Status(StrEnum):
    FOUND = "found"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"


Kind = Literal[
    "episode",
    "episodes",
    "track",
    "soundtrack",
    "person",
    "cast",
    "song",
    "ratings",
    "special",
    "about",
    "credits",
    "help",
    "relations",
    "awards",
    "award",
    "works",
    "work",
    "production",
    "unknown",
]


# What autocomplete can suggest (the engine's ``suggest``, the Discord options).
SuggestKind = Literal["episode", "track", "person"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Fact(_Frozen):
    """One named value, e.g. ("Aired", "2005-11-29").

    A ``spoiler`` fact gives away the story (a death, a break-up, the ending):
    front-ends hide its value until the reader asks to see it, while its name
    stays visible. The engine keeps spoiler text out of everything else in an
    Answer (title, lines, alternatives, suggestions, hint), which are always shown.
    """

    name: str
    value: str
    spoiler: bool = False


class SourceRef(_Frozen):
    id: str
    title: str
    url: str


class Answer(_Frozen):
    """One reply. ``lines`` are short sentences, ``facts`` named values.

    For an ambiguous answer the body describes the best match and
    ``alternatives`` names the others; for a miss ``suggestions`` holds at most
    three things the user may have meant and ``hint`` says what the bot knows.
    """

    status: Status
    kind: Kind
    title: str
    lines: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    alternatives: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = Field(default=(), max_length=3)
    hint: str | None = None
    # How the question was read (free text only), for the unanswered-questions log.
    reading: str | None = None

    @property
    def found(self) -> bool:
        return self.status is not Status.NOT_FOUND

    @property
    def spoilers(self) -> tuple[Fact, ...]:
        """The facts a front-end must hide unless the reader asked to see them."""
        return tuple(f for f in self.facts if f.spoiler)


class Choice(_Frozen):
    """An autocomplete choice: ``name`` is shown (≤ 100 chars), ``value`` is sent back."""

    name: str = Field(min_length=1, max_length=100)
    value: str = Field(min_length=1, max_length=100)
