"""The knowledge format: what a series' knowledge file may hold.

Every model is frozen and forbids unknown keys, so a typo in the YAML file
fails loudly instead of silently dropping a fact. Nothing here is specific to
one drama: another series fits the same shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Annotated, Literal, Self, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SCHEMA_VERSION: Literal[1] = 1

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)
]
Percent = Annotated[float, Field(ge=0, le=100)]
Confidence = Literal["high", "medium"]
Appearance = Literal["series", "special"]
Loc = tuple[str | int, ...]
Problem = tuple[Loc, str]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Model):
    """A fact, or a group of facts, and the sources that back it."""

    sources: tuple[Identifier, ...] = Field(min_length=1)
    confidence: Confidence = "high"
    note: Text | None = None


class Source(Model):
    id: Identifier
    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    description: Text | None = None


class Named(Sourced):
    """Someone with an id, written in romaji, the original script, and as fans type it."""

    id: Identifier
    name: Text
    native: Text | None = None
    aliases: tuple[Text, ...] = ()

    def all_names(self) -> Iterator[str]:
        yield self.name
        if self.native:
            yield self.native
        yield from self.aliases


class PageStats(Sourced):
    """Audience counts shown on a source page (the page's own figures)."""

    page_views: int = Field(ge=0)
    fans: int = Field(ge=0)
    forum_posts: int = Field(ge=0)
    wall_posts: int = Field(ge=0)
    photos_uploaded: int = Field(ge=0)


class Adaptation(Sourced):
    """Another telling of the same original work (a film, a stage play)."""

    kind: Text
    year: int = Field(ge=1800, le=2100)
    title: Text | None = None
    director: Text | None = None
    starring: tuple[Text, ...] = ()


class OriginalWork(Sourced):
    title: Text
    native_title: Text | None = None
    author: Identifier
    kind: Text
    published: Text | None = None
    summary: Text
    adaptations: tuple[Adaptation, ...] = ()


class Series(Sourced):
    title: Text
    native_title: Text | None = None
    alternative_titles: tuple[Text, ...] = ()
    country: Text
    year: int = Field(ge=1900, le=2100)
    type: Text
    first_aired: dt.date
    last_aired: dt.date
    episode_count: int = Field(ge=1, le=10_000)
    broadcaster: Text
    time_slot: Text | None = None
    related_shows: tuple[Text, ...] = ()
    synopsis: Text
    based_on: OriginalWork | None = None
    page_stats: PageStats | None = None

    @model_validator(mode="after")
    def _run_in_order(self) -> Self:
        if self.last_aired < self.first_aired:
            raise ValueError(
                f"last_aired ({self.last_aired}) is before first_aired ({self.first_aired})"
            )
        return self


class Credit(Sourced):
    """One job on the production and who did it (person ids, or organisations by name)."""

    job: Text
    people: tuple[Identifier, ...] = ()
    organisations: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _someone(self) -> Self:
        if not self.people and not self.organisations:
            raise ValueError("a credit needs at least one person or organisation")
        return self


class Person(Named):
    description: Text | None = None
    born: Text | None = None
    died: Text | None = None


Billing = Literal["lead", "main", "supporting", "guest"]
BILLING_ORDER: tuple[Billing, ...] = get_args(Billing)  # top of the bill first


class Character(Named):
    played_by: Identifier
    description: Text
    billing: Billing = "main"
    appears_in: tuple[Appearance, ...] = Field(default=("series",), min_length=1)


class Rating(Sourced):
    value: Percent


class Episode(Sourced):
    number: int = Field(ge=1, le=10_000)
    title: Text
    native_title: Text | None = None
    aliases: tuple[Text, ...] = ()
    aired: dt.date
    runtime_note: Text | None = None
    rating: Rating | None = None


class Ratings(Model):
    """Audience ratings; per-episode figures live on the episodes themselves."""

    measured_by: Text
    region: Text
    average: Rating | None = None
    high: Rating | None = None
    high_episode: int | None = Field(default=None, ge=1)


class Song(Sourced):
    id: Identifier
    title: Text
    native_title: Text | None = None
    aliases: tuple[Text, ...] = ()
    artist: Text
    use: Text


class Track(Model):
    number: int = Field(ge=1, le=10_000)
    title: Text
    aliases: tuple[Text, ...] = ()
    version: Text | None = None
    song: Identifier | None = None


class Soundtrack(Sourced):
    title: Text
    native_title: Text | None = None
    composer: Identifier
    track_count: int = Field(ge=1, le=10_000)
    tracks: tuple[Track, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _numbering(self) -> Self:
        numbered = [(("tracks", i, "number"), t.number) for i, t in enumerate(self.tracks)]
        problems = list(_duplicates("track number", numbered))
        for i, t in enumerate(self.tracks):
            if t.number > self.track_count:
                loc: Loc = ("tracks", i, "number")
                problems.append((loc, f"track {t.number} is above track_count {self.track_count}"))
        if problems:
            raise InconsistentKnowledge(problems)
        return self

    def unlisted_numbers(self) -> list[int]:
        """Track numbers the sources do not name: unknown, never renumbered."""
        listed = {t.number for t in self.tracks}
        return [n for n in range(1, self.track_count + 1) if n not in listed]


class Special(Sourced):
    id: Identifier
    title: Text
    native_title: Text | None = None
    aliases: tuple[Text, ...] = ()
    aired: dt.date
    time_slot: Text | None = None
    broadcaster: Text | None = None
    length: Text | None = None
    setting: Text
    description: Text
    staff: tuple[Credit, ...] = ()


class Knowledge(Model):
    """A whole knowledge file: one series and everything known about it."""

    schema_version: Literal[1] = SCHEMA_VERSION
    sources: tuple[Source, ...] = Field(min_length=1)
    series: Series
    credits: tuple[Credit, ...] = ()
    people: tuple[Person, ...] = ()
    characters: tuple[Character, ...] = ()
    episodes: tuple[Episode, ...] = Field(min_length=1)
    ratings: Ratings | None = None
    songs: tuple[Song, ...] = ()
    soundtrack: Soundtrack | None = None
    specials: tuple[Special, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = list(self._problems())
        if problems:
            raise InconsistentKnowledge(problems)
        return self

    def _problems(self) -> Iterator[Problem]:
        """Cross-references a single field cannot check, each with its own path."""
        yield from _duplicates(
            "source id", [(("sources", i, "id"), s.id) for i, s in enumerate(self.sources)]
        )
        yield from _duplicates(
            "episode number",
            [(("episodes", i, "number"), e.number) for i, e in enumerate(self.episodes)],
        )
        # People, characters, songs and specials share one id space so a
        # reference can never be read two ways.
        ids: list[tuple[Loc, object]] = []
        for group in ("people", "characters", "songs", "specials"):
            items: tuple[Person | Character | Song | Special, ...] = getattr(self, group)
            ids += [((group, i, "id"), item.id) for i, item in enumerate(items)]
        yield from _duplicates("id", ids)

        source_ids = {s.id for s in self.sources}
        for loc, refs in self._source_refs():
            for i, ref in enumerate(refs):
                if ref not in source_ids:
                    yield (*loc, "sources", i), f"unknown source id '{ref}' (not in sources)"

        person_ids = {p.id for p in self.people}
        for loc, ref in self._person_refs():
            if ref not in person_ids:
                yield loc, f"unknown person id '{ref}' (not in people)"

        song_ids = {s.id for s in self.songs}
        if self.soundtrack:
            for i, track in enumerate(self.soundtrack.tracks):
                if track.song and track.song not in song_ids:
                    loc = ("soundtrack", "tracks", i, "song")
                    yield loc, f"unknown song id '{track.song}' (not in songs)"

        run = self.series
        for i, ep in enumerate(self.episodes):
            if not run.first_aired <= ep.aired <= run.last_aired:
                outside = f"outside the run {run.first_aired} to {run.last_aired}"
                yield ("episodes", i, "aired"), f"episode {ep.number} aired {ep.aired}, {outside}"
            if ep.number > run.episode_count:
                beyond = f"beyond series.episode_count ({run.episode_count})"
                yield ("episodes", i, "number"), f"episode {ep.number} is {beyond}"
        high = self.ratings.high_episode if self.ratings else None
        if high is not None and high not in {e.number for e in self.episodes}:
            yield ("ratings", "high_episode"), f"unknown episode {high} (not in episodes)"

    def _source_refs(self) -> Iterator[tuple[Loc, tuple[str, ...]]]:
        yield ("series",), self.series.sources
        if self.series.based_on:
            yield ("series", "based_on"), self.series.based_on.sources
            for i, adaptation in enumerate(self.series.based_on.adaptations):
                yield ("series", "based_on", "adaptations", i), adaptation.sources
        if self.series.page_stats:
            yield ("series", "page_stats"), self.series.page_stats.sources
        for i, credit in enumerate(self.credits):
            yield ("credits", i), credit.sources
        for i, p in enumerate(self.people):
            yield ("people", i), p.sources
        for i, c in enumerate(self.characters):
            yield ("characters", i), c.sources
        for i, e in enumerate(self.episodes):
            yield ("episodes", i), e.sources
            if e.rating:
                yield ("episodes", i, "rating"), e.rating.sources
        if self.ratings:
            for label, rating in (("average", self.ratings.average), ("high", self.ratings.high)):
                if rating:
                    yield ("ratings", label), rating.sources
        for i, s in enumerate(self.songs):
            yield ("songs", i), s.sources
        if self.soundtrack:
            yield ("soundtrack",), self.soundtrack.sources
        for i, sp in enumerate(self.specials):
            yield ("specials", i), sp.sources
            for j, credit in enumerate(sp.staff):
                yield ("specials", i, "staff", j), credit.sources

    def _person_refs(self) -> Iterator[tuple[Loc, str]]:
        for i, credit in enumerate(self.credits):
            for j, ref in enumerate(credit.people):
                yield ("credits", i, "people", j), ref
        for i, c in enumerate(self.characters):
            yield ("characters", i, "played_by"), c.played_by
        if self.series.based_on:
            yield ("series", "based_on", "author"), self.series.based_on.author
        if self.soundtrack:
            yield ("soundtrack", "composer"), self.soundtrack.composer
        for i, sp in enumerate(self.specials):
            for j, credit in enumerate(sp.staff):
                for k, ref in enumerate(credit.people):
                    yield ("specials", i, "staff", j, "people", k), ref

    # Lookups used by the engine and the front-ends, built once per (frozen) file.
    @cached_property
    def sources_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def people_by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def roles_by_actor(self) -> dict[str, tuple[Character, ...]]:
        roles: dict[str, list[Character]] = {}
        for c in self.characters:
            roles.setdefault(c.played_by, []).append(c)
        return {actor: tuple(played) for actor, played in roles.items()}

    def source(self, source_id: str) -> Source:
        return self.sources_by_id[source_id]

    def person(self, person_id: str) -> Person:
        return self.people_by_id[person_id]


def _duplicates(label: str, located: Sequence[tuple[Loc, object]]) -> Iterator[Problem]:
    """Each repeat of a value, reported at the place it repeats."""
    seen: set[object] = set()
    for loc, value in located:
        if value in seen:
            yield loc, f"duplicate {label} {value!r}"
        seen.add(value)


class InconsistentKnowledge(ValueError):
    """Raised by Knowledge's cross-reference check; carries one path per problem.

    pydantic can only place a model-level error at the model itself, so the
    loader unpacks these to report each problem at its own line.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{format_loc(loc)}: {msg}" for loc, msg in problems))


def format_loc(loc: Loc) -> str:
    """('episodes', 7, 'title') -> 'episodes[7].title'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"
