"""The knowledge format: what a series' knowledge file may hold.

Every model is frozen and forbids unknown keys, so a typo in the YAML file
fails loudly instead of silently dropping a fact. Nothing here is specific to
one drama: another series fits the same shape.

Works
    The series, each special and each related work (a book, a film, a manga,
    another country's remake) has an ``id``; everything that says "which work"
    (``Character.appears_in``, a broadcast, an award's recipient) names those
    ids. Ids of people, characters, songs and works share one space, so a
    reference can never be read two ways.

Relations
    A character (or a real person) lists what it *is* to someone else:
    ``relations: [{kind: parent, of: oda-kaito}]`` on the mother reads "the
    mother is a parent of oda-kaito". Each relation is written once, on
    either side; the other direction is derived from ``RelationKind.inverse``
    (parent -> child, teacher -> student, friend -> friend, ...). Writing both
    directions, relating someone to themselves, naming an unknown id, mixing a
    character with a real person, or two family ties for one pair are errors.
    ``Knowledge.relations_of(id)`` returns every ``Link`` of one id, written
    and derived (``Link.derived`` tells which), in file order.

Facets
    Typed details that no field of their own holds (a character's school or
    club, a family's business, a book's afterword or ISBN, a film's premiere)
    are ``facets: [{key: school, value: ..., sources: [...]}]`` on people,
    characters, the series, specials, works, songs and the soundtrack. Keys
    come from ``facet_kinds``, declared once at the top of the file with the
    label a reply uses; the lexicon's ``facet`` entries name each key in
    English and Japanese, so a new kind of detail needs data, not code.

Spoilers
    Only plot points (``PlotPoint``: ``Episode.plot``, ``Special.plot``,
    ``Arc.summary``) and facets carry a ``spoiler`` flag: a plot point that reveals a
    diagnosis, a death, a break-up or the ending is ``spoiler: true`` and
    front-ends mask it. The flag anywhere else is refused by the loader, so
    every other field is meant to be safe to show unmasked; keep spoiling
    detail out of descriptions and notes (a special's ``setting`` is the
    one field whose premise may itself follow from the ending).

Unknowns and disagreements
    Anything sourced may list ``unknown`` (a field no source could fill: the
    bot says "no source gives that" instead of not understanding) and
    ``disagreements`` (the values other sources give for one of its fields;
    the field itself keeps the documented value). Both name a real field of
    the model they sit on; an unknown field must be left empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

SCHEMA_VERSION: Literal[2] = 2

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)
]


def _partial_date_text(value: object) -> object:
    """YAML reads ``1986`` as a number and ``2005-10-11`` as a date; both mean the text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date_text),
    StringConstraints(
        strip_whitespace=True, pattern=r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
    ),
]
"""A date known to the year, the month or the day: ``1986``, ``2005-02``, ``2005-10-11``."""
Percent = Annotated[float, Field(ge=0, le=100)]
Confidence = Literal["high", "medium"]
Loc = tuple[str | int, ...]
Problem = tuple[Loc, str]


class Model(BaseModel):
    # defer_build: only Knowledge's validator is ever used, so building one for
    # each nested model when the module is imported would be wasted time.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    def model_post_init(self, context: Any, /) -> None:
        # pydantic gives every instance a set of the fields the file set: 216 to
        # 728 bytes each, 58 MB at 100,000 entities, nearly all of them equal.
        # The models are frozen, so nothing adds to it (pydantic copies it
        # before changing a copy), and equal sets can be one.
        fields_set = self.__pydantic_fields_set__
        key = frozenset(fields_set)
        shared = _FIELDS_SETS.setdefault(key, fields_set)
        if shared is not fields_set:
            object.__setattr__(self, "__pydantic_fields_set__", shared)

    def __reduce__(self) -> tuple[Any, tuple[type[Model], dict[str, Any], set[str]]]:
        # The caches (bot.knowledge.cache) pickle one of these per entity and
        # detail. pydantic's own way builds a dict of state for each, which
        # pickle keeps (in its memo) until the whole engine is written, and
        # again until it is read; this passes only what the model holds.
        return _restore, (type(self), self.__dict__, self.__pydantic_fields_set__)


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


def _restore(cls: type[Model], values: dict[str, Any], fields_set: set[str]) -> Model:
    """A model as pickled by ``Model.__reduce__``: validated when it was made, not again."""
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", fields_set)
    # extra="forbid" and no private attributes: pydantic keeps None for both.
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


class Disagreement(Model):
    """Another value a source gives for one field; the field keeps the documented one."""

    field: Text
    value: Text
    sources: tuple[Identifier, ...] = Field(min_length=1)
    note: Text | None = None


class Unknown(Model):
    """A field no source could fill, stated so the bot can say so.

    ``which`` narrows a list field to the entries that are unknown (track
    numbers, for example); ``searched`` names sources that were read for it.
    """

    field: Text
    which: tuple[int, ...] = ()
    searched: tuple[Identifier, ...] = ()
    note: Text | None = None


class Sourced(Model):
    """A fact, or a group of facts, and the sources that back it."""

    sources: tuple[Identifier, ...] = Field(min_length=1)
    confidence: Confidence = "high"
    note: Text | None = None
    disagreements: tuple[Disagreement, ...] = ()
    unknown: tuple[Unknown, ...] = ()

    @model_validator(mode="after")
    def _named_fields(self) -> Self:
        fields = type(self).model_fields
        problems: list[Problem] = []
        for i, d in enumerate(self.disagreements):
            if d.field not in fields or d.field in _BOOKKEEPING:
                problems.append((("disagreements", i, "field"), _no_field(self, d.field)))
        for i, u in enumerate(self.unknown):
            if u.field not in fields or u.field in _BOOKKEEPING:
                problems.append((("unknown", i, "field"), _no_field(self, u.field)))
            elif not u.which and getattr(self, u.field) not in (None, (), ""):
                msg = f"'{u.field}' is stated as unknown but has a value; remove one of them"
                problems.append((("unknown", i, "field"), msg))
        if problems:
            raise InconsistentKnowledge(problems)
        return self


_BOOKKEEPING = frozenset({"sources", "confidence", "note", "disagreements", "unknown"})


def _no_field(model: BaseModel, name: str) -> str:
    known = ", ".join(f for f in type(model).model_fields if f not in _BOOKKEEPING)
    return f"no field '{name}' here (fields: {known})"


class Quantity(Model):
    """A count as a source states it: exactly, at least ("over"), or roughly."""

    value: int = Field(ge=0)
    bound: Literal["exact", "over", "about"] = "exact"


class Detail(Sourced):
    """One more sourced fact, in our own words, with its date when it has one."""

    text: Text
    when: PartialDate | None = None


FieldPath = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]*(\.[a-z][a-z_]*)*$")]


class Label(Model):
    """A label in another language: ``{lang: ja, label: 学校}``."""

    lang: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    label: Text


class FacetKind(Model):
    """A kind of typed detail the file's facets may name ("school", "isbn").

    The kinds are declared once, in ``facet_kinds``; a facet naming another key
    is an error. ``label`` is how a reply names the detail in English,
    ``translations`` the same in other languages.
    """

    key: Identifier
    label: Text
    # A field that holds this detail where a model has one (a person's ``schools``);
    # a dotted path looks inside it (``editions.isbn``: some edition's ISBN).
    field: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]*(\.[a-z][a-z_]*)*$")] | None = (
        None
    )
    translations: tuple[Label, ...] = ()

    def label_in(self, lang: str) -> str:
        """The label in ``lang`` (a language code), English where none is given."""
        return next((t.label for t in self.translations if t.lang == lang), self.label)


class Facet(Sourced):
    """One typed detail of someone or something: its kind (``key``) and, in our own words,
    its ``value``; where no source gives it, ``unknown: [{field: value}]`` says so.

    A facet that gives away the story is ``spoiler: true``, and replies mask it.
    """

    key: Identifier
    value: Text | None = None
    spoiler: bool = False

    @model_validator(mode="after")
    def _valued(self) -> Self:
        if self.value is None and not any(u.field == "value" for u in self.unknown):
            raise ValueError("a facet needs a value, or `unknown: [{field: value}]`")
        return self


class PageStats(Model):
    """A source page's own counters (figures about the page, not the broadcast)."""

    as_of: PartialDate | None = None
    page_views: int | None = Field(default=None, ge=0)
    fans: int | None = Field(default=None, ge=0)
    forum_posts: int | None = Field(default=None, ge=0)
    wall_posts: int | None = Field(default=None, ge=0)
    photos_uploaded: int | None = Field(default=None, ge=0)
    note: Text | None = None


class Source(Model):
    id: Identifier
    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    description: Text | None = None
    page_stats: PageStats | None = None


# Relations


class RelationKind(StrEnum):
    """What the one who writes a relation is to the one it names (``of``)."""

    PARENT = "parent"
    CHILD = "child"
    SIBLING = "sibling"
    SPOUSE = "spouse"
    FRIEND = "friend"
    CLASSMATE = "classmate"
    SCHOOLMATE = "schoolmate"
    TEACHER = "teacher"
    STUDENT = "student"
    DOCTOR = "doctor"
    PATIENT = "patient"
    COLLEAGUE = "colleague"
    LOVE_INTEREST = "love-interest"
    ADMIRER = "admirer"
    ADMIRED = "admired"
    SENIOR = "senior"
    JUNIOR = "junior"
    ROOMMATE = "roommate"
    SUPPLIER = "supplier"
    CUSTOMER = "customer"
    VOLUNTEER = "volunteer"
    HELPED = "helped"
    PET = "pet"
    OWNER = "owner"

    @property
    def inverse(self) -> RelationKind:
        """What the named one is to the writer: parent -> child, friend -> friend."""
        return _INVERSE.get(self, self)

    @property
    def family(self) -> bool:
        return self in _FAMILY


_PAIRS = [
    ("parent", "child"),
    ("teacher", "student"),
    ("doctor", "patient"),
    ("admirer", "admired"),
    ("senior", "junior"),
    ("supplier", "customer"),
    ("volunteer", "helped"),
    ("pet", "owner"),
]
_INVERSE = {RelationKind(a): RelationKind(b) for a, b in _PAIRS} | {
    RelationKind(b): RelationKind(a) for a, b in _PAIRS
}
_FAMILY = frozenset(
    {RelationKind.PARENT, RelationKind.CHILD, RelationKind.SIBLING, RelationKind.SPOUSE}
)


class Relation(Model):
    """This one is ``kind`` of ``of``; sources default to the writer's own."""

    kind: RelationKind
    of: Identifier
    note: Text | None = None
    sources: tuple[Identifier, ...] = ()
    confidence: Confidence | None = None


@dataclass(frozen=True)
class Link:
    """One relation seen from ``subject``: subject is ``kind`` of ``other``."""

    subject: str
    kind: RelationKind
    other: str
    derived: bool
    sources: tuple[str, ...]
    confidence: Confidence
    note: str | None


class Named(Sourced):
    """Someone with an id, written in romaji, the original script, and as fans type it."""

    id: Identifier
    name: Text
    native: Text | None = None
    reading: Text | None = None
    aliases: tuple[Text, ...] = ()
    relations: tuple[Relation, ...] = ()
    details: tuple[Detail, ...] = ()
    facets: tuple[Facet, ...] = ()

    def all_names(self) -> Iterator[str]:
        yield self.name
        if self.native:
            yield self.native
        yield from self.aliases


# People and roles


class School(Sourced):
    name: Text
    native: Text | None = None
    kind: Text | None = None
    entered: PartialDate | None = None


class Person(Named):
    description: Text | None = None
    born: Text | None = None
    died: Text | None = None
    birth_date: dt.date | None = None
    birthplace: Text | None = None
    death_date: dt.date | None = None
    age_at_death: int | None = Field(default=None, ge=0, le=130)
    cause_of_death: Text | None = None
    schools: tuple[School, ...] = ()
    known_for: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _life_in_order(self) -> Self:
        if self.birth_date and self.death_date and self.death_date < self.birth_date:
            loc: Loc = ("death_date",)
            raise InconsistentKnowledge([(loc, f"died {self.death_date} before being born")])
        return self


class Billing(StrEnum):
    LEAD = "lead"
    MAIN = "main"
    SUPPORTING = "supporting"
    GUEST = "guest"


BILLING_ORDER: tuple[Billing, ...] = tuple(Billing)  # top of the bill first


class Ages(Sourced):
    """A character's age when first seen and, if it changes, when last seen."""

    start: int = Field(ge=0, le=130)
    end: int | None = Field(default=None, ge=0, le=130)


class Character(Named):
    played_by: Identifier | None = None
    # The real person this role stands for (a person id): "the real Ann" is them.
    portrays: Identifier | None = None
    description: Text
    billing: Billing = Billing.MAIN
    appears_in: tuple[Identifier, ...] = Field(min_length=1)
    ages: Ages | None = None


# Works and what happens in them


class PlotPoint(Sourced):
    """One thing that happens, in our own words; ``spoiler`` masks it."""

    text: Text
    spoiler: bool = False


Plot = Annotated[tuple[PlotPoint, ...], Field(max_length=8)]


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


class Casting(Sourced):
    """A role in a work that has no character entries of its own (a related film)."""

    person: Identifier
    role: Text | None = None
    native_role: Text | None = None


class Rating(Sourced):
    value: Percent
    region: Text | None = None


class Series(Sourced):
    id: Identifier
    title: Text
    native_title: Text | None = None
    reading: Text | None = None
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
    based_on: tuple[Identifier, ...] = ()
    details: tuple[Detail, ...] = ()
    facets: tuple[Facet, ...] = ()

    @model_validator(mode="after")
    def _run_in_order(self) -> Self:
        if self.last_aired < self.first_aired:
            raise ValueError(
                f"last_aired ({self.last_aired}) is before first_aired ({self.first_aired})"
            )
        return self


class Episode(Sourced):
    number: int = Field(ge=1, le=10_000)
    title: Text
    native_title: Text | None = None
    aliases: tuple[Text, ...] = ()
    aired: dt.date
    runtime_note: Text | None = None
    extended_minutes: int | None = Field(default=None, ge=1, le=600)
    rating: Rating | None = None
    regional_ratings: tuple[Rating, ...] = ()
    staff: tuple[Credit, ...] = ()
    plot: Plot = ()


class PartialAverage(Sourced):
    """An average over some episodes, as a source states it (never derived here)."""

    first_episode: int = Field(ge=1)
    last_episode: int = Field(ge=1)
    value: Percent


class Ratings(Model):
    """Audience ratings; per-episode figures live on the episodes themselves."""

    measured_by: Text
    region: Text
    average: Rating | None = None
    high: Rating | None = None
    high_episode: int | None = Field(default=None, ge=1)
    partial_averages: tuple[PartialAverage, ...] = ()


class Special(Sourced):
    id: Identifier
    title: Text
    native_title: Text | None = None
    reading: Text | None = None
    aliases: tuple[Text, ...] = ()
    working_title: Text | None = None
    aired: dt.date
    time_slot: Text | None = None
    broadcaster: Text | None = None
    length: Text | None = None
    runtime_minutes: int | None = Field(default=None, ge=1, le=1000)
    setting: Text
    description: Text
    staff: tuple[Credit, ...] = ()
    songs: tuple[Identifier, ...] = ()
    rating: Rating | None = None
    plot: Plot = ()
    details: tuple[Detail, ...] = ()
    facets: tuple[Facet, ...] = ()


class WorkKind(StrEnum):
    DIARY = "diary"
    MEMOIR = "memoir"
    BOOK = "book"
    MANGA = "manga"
    FILM = "film"
    TV_SERIES = "tv-series"
    TV_SPECIAL = "tv-special"


class WorkRelation(StrEnum):
    """How a related work stands to the series."""

    SOURCE = "source"  # the series is based on it
    ADAPTATION = "adaptation"  # another telling of the same source
    CONTINUATION = "continuation"  # takes the series' own story further
    COMPANION = "companion"  # by or about the same real people, not adapted
    SIMILAR = "similar"  # unofficial; its likeness is reported, not licensed


class Edition(Sourced):
    publisher: Text | None = None
    label: Text | None = None
    published: PartialDate | None = None
    pages: int | None = Field(default=None, ge=1)
    isbn: Text | None = None
    price_yen: int | None = Field(default=None, ge=0)
    format: Text | None = None


class SalesKind(StrEnum):
    COPIES = "copies"
    DOWNLOADS = "downloads"
    RENTALS = "rentals"


class Sales(Sourced):
    kind: SalesKind = SalesKind.COPIES
    amount: Quantity
    as_of: PartialDate | None = None


class Screening(Sourced):
    """A release of a work in one place: a premiere, a theatre, a festival, a DVD."""

    what: Text
    date: dt.date | None = None
    place: Text | None = None


class Work(Sourced):
    """A work related to the series: the book it adapts, other adaptations, remakes."""

    id: Identifier
    kind: WorkKind
    relation: WorkRelation
    title: Text
    native_title: Text | None = None
    reading: Text | None = None
    aliases: tuple[Text, ...] = ()
    authors: tuple[Identifier, ...] = ()
    country: Text | None = None
    publisher: Text | None = None
    released: PartialDate | None = None
    ended: PartialDate | None = None
    announced: dt.date | None = None
    broadcaster: Text | None = None
    episode_count: int | None = Field(default=None, ge=1)
    runtime_minutes: int | None = Field(default=None, ge=1, le=1000)
    staff: tuple[Credit, ...] = ()
    cast: tuple[Casting, ...] = ()
    editions: tuple[Edition, ...] = ()
    sales: tuple[Sales, ...] = ()
    releases: tuple[Screening, ...] = ()
    songs: tuple[Identifier, ...] = ()
    description: Text
    details: tuple[Detail, ...] = ()
    facets: tuple[Facet, ...] = ()

    @model_validator(mode="after")
    def _run_in_order(self) -> Self:
        if self.released and self.ended and self.ended < self.released:
            loc: Loc = ("ended",)
            raise InconsistentKnowledge([(loc, f"ends {self.ended} before {self.released}")])
        return self


# Music


class ChartRun(Sourced):
    chart: Text
    entry: int | None = Field(default=None, ge=1)
    peak: int = Field(ge=1)
    weeks: Quantity | None = None
    weeks_in_top_ten: Quantity | None = None
    weekly_positions: tuple[int, ...] = ()


class Release(Sourced):
    date: dt.date
    label: Text | None = None
    catalogue: Text | None = None
    format: Text | None = None
    ordinal: Text | None = None
    tracks: tuple[Text, ...] = ()
    b_sides: tuple[Text, ...] = ()


class Song(Sourced):
    id: Identifier
    title: Text
    native_title: Text | None = None
    aliases: tuple[Text, ...] = ()
    artist: Text
    use: Text
    writers: tuple[Text, ...] = ()
    arrangers: tuple[Text, ...] = ()
    release: Release | None = None
    charts: tuple[ChartRun, ...] = ()
    sales: tuple[Sales, ...] = ()
    details: tuple[Detail, ...] = ()
    facets: tuple[Facet, ...] = ()


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
    label: Text | None = None
    released: dt.date | None = None
    catalogue: Text | None = None
    track_count: int = Field(ge=1, le=10_000)
    tracks: tuple[Track, ...] = Field(min_length=1)
    details: tuple[Detail, ...] = ()
    facets: tuple[Facet, ...] = ()

    @model_validator(mode="after")
    def _numbering(self) -> Self:
        numbered = [(("tracks", i, "number"), t.number) for i, t in enumerate(self.tracks)]
        problems = list(_duplicates("track number", numbered))
        for i, t in enumerate(self.tracks):
            if t.number > self.track_count:
                loc: Loc = ("tracks", i, "number")
                problems.append((loc, f"track {t.number} is above track_count {self.track_count}"))
        listed = {t.number for t in self.tracks}
        for i, u in enumerate(self.unknown):
            for j, number in enumerate(u.which if u.field == "tracks" else ()):
                if number in listed or number > self.track_count:
                    loc = ("unknown", i, "which", j)
                    problems.append((loc, f"track {number} is listed or beyond track_count"))
        if problems:
            raise InconsistentKnowledge(problems)
        return self

    def unlisted_numbers(self) -> list[int]:
        """Track numbers the sources do not name: unknown, never renumbered."""
        listed = {t.number for t in self.tracks}
        return [n for n in range(1, self.track_count + 1) if n not in listed]


# Reception and production


class ReceptionKind(StrEnum):
    AWARD = "award"
    RANKING = "ranking"
    POLL = "poll"
    RECORD = "record"
    EVENT = "event"


class Result(StrEnum):
    WON = "won"
    RUNNER_UP = "runner-up"
    NOMINATED = "nominated"


class Reception(Sourced):
    """An award, a ranking or a poll, and what it gave to whom."""

    kind: ReceptionKind
    name: Text
    native_name: Text | None = None
    aliases: tuple[Text, ...] = ()
    edition: Text | None = None
    organiser: Text | None = None
    year: int | None = Field(default=None, ge=1800, le=2100)
    date: dt.date | None = None
    category: Text | None = None
    result: Result | None = None
    rank: int | None = Field(default=None, ge=1)
    recipient: Identifier | None = None
    description: Text


class BroadcastScope(StrEnum):
    REGIONAL = "regional"
    OVERSEAS = "overseas"
    RERUN = "rerun"


class Broadcast(Sourced):
    """Where and when a work was shown outside its first broadcast."""

    work: Identifier
    scope: BroadcastScope
    region: Text
    channel: Text
    start: dt.date | None = None
    schedule: Text | None = None
    delay: Text | None = None


class SequenceKind(StrEnum):
    OPENING = "opening"
    ENDING = "ending"


class TitleSequence(Sourced):
    kind: SequenceKind
    description: Text
    from_episode: int | None = Field(default=None, ge=1)


class Arc(Model):
    """A stretch of episodes and what part of the story it tells (a plot point: it may spoil)."""

    first_episode: int = Field(ge=1)
    last_episode: int = Field(ge=1)
    summary: PlotPoint


class Location(Sourced):
    """A filming location; ``name`` may be stated as unknown (``unknown: [{field: name}]``)."""

    name: Text | None = None
    native: Text | None = None
    used_for: Text | None = None

    @model_validator(mode="after")
    def _named(self) -> Self:
        if self.name is None and not any(u.field == "name" for u in self.unknown):
            raise ValueError("a location needs a name, or `unknown: [{field: name}]`")
        return self


class HomeVideo(Sourced):
    title: Text
    format: Text
    catalogue: Text | None = None
    discs: int | None = Field(default=None, ge=1)
    label: Text | None = None
    copyright: Text | None = None
    price_yen: int | None = Field(default=None, ge=0)
    released: dt.date | None = None
    extras: tuple[Text, ...] = ()


class Promotion(Sourced):
    title: Text
    native_title: Text | None = None
    aired: dt.date
    broadcaster: Text | None = None
    work: Identifier


class Production(Model):
    """How the series was made and shown, beyond the core facts on ``series``."""

    broadcasts: tuple[Broadcast, ...] = ()
    sequences: tuple[TitleSequence, ...] = ()
    arcs: tuple[Arc, ...] = ()
    locations: tuple[Location, ...] = ()
    home_video: tuple[HomeVideo, ...] = ()
    promotions: tuple[Promotion, ...] = ()
    details: tuple[Detail, ...] = ()


# The whole file


class Knowledge(Model):
    """A whole knowledge file: one series and everything known about it."""

    schema_version: Literal[2] = SCHEMA_VERSION
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
    works: tuple[Work, ...] = ()
    reception: tuple[Reception, ...] = ()
    production: Production | None = None
    facet_kinds: tuple[FacetKind, ...] = ()

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
        # People, characters, songs and works share one id space so a
        # reference can never be read two ways.
        ids: list[tuple[Loc, object]] = [(("series", "id"), self.series.id)]
        for group in ("people", "characters", "songs", "specials", "works"):
            items: tuple[Person | Character | Song | Special | Work, ...] = getattr(self, group)
            ids += [((group, i, "id"), item.id) for i, item in enumerate(items)]
        yield from _duplicates("id", ids)

        everything = list(_walk(self, ()))  # every model in the file with its path, once
        yield from self._facet_problems(everything)
        source_ids = {s.id for s in self.sources}
        for loc, refs in self._source_refs(everything):
            for i, ref in enumerate(refs):
                if ref not in source_ids:
                    yield (*loc, i), f"unknown source id '{ref}' (not in sources)"

        checks: tuple[tuple[str, str, set[str], Iterator[tuple[Loc, str]]], ...] = (
            ("person", "people", {p.id for p in self.people}, self._person_refs(everything)),
            ("song", "songs", {s.id for s in self.songs}, self._song_refs()),
            ("work", "works", set(self.work_titles), self._work_refs()),
        )
        for label, section, known, located in checks:
            for where, ident in located:
                if ident not in known:
                    yield where, f"unknown {label} id '{ident}' (not in {section})"
        everyone = {p.id for p in self.people} | {c.id for c in self.characters}
        for i, r in enumerate(self.reception):
            known = everyone | set(self.work_titles) | {s.id for s in self.songs}
            if r.recipient is not None and r.recipient not in known:
                loc = ("reception", i, "recipient")
                yield loc, f"unknown id '{r.recipient}' (not in people, characters, songs or works)"

        yield from self._relation_problems()
        yield from self._date_problems()
        yield from self._episode_problems()

    def _facet_problems(self, everything: Sequence[tuple[Loc, BaseModel]]) -> Iterator[Problem]:
        """Each facet names a declared kind, each kind is declared once."""
        yield from _duplicates(
            "facet kind",
            [(("facet_kinds", i, "key"), f.key) for i, f in enumerate(self.facet_kinds)],
        )
        holders = (Person, Character, Series, Special, Work, Song, Soundtrack)
        fields = {name for model in holders for name in model.model_fields} - _BOOKKEEPING
        for i, f in enumerate(self.facet_kinds):
            if f.field is not None and f.field.partition(".")[0] not in fields:
                yield (
                    ("facet_kinds", i, "field"),
                    f"no field '{f.field}' on anything that has facets",
                )
        declared = {f.key for f in self.facet_kinds}
        for loc, item in everything:
            if isinstance(item, Facet) and item.key not in declared:
                yield (*loc, "key"), f"unknown facet key '{item.key}' (not in facet_kinds)"

    @staticmethod
    def holds(item: object, path: str) -> bool:
        """Whether ``item`` has a value at a dotted field path; a list holds it when an entry does.

        >>> k = Knowledge.model_validate(_EXAMPLE)
        >>> Knowledge.holds(k.series, "title"), Knowledge.holds(k.series, "details.text")
        (True, False)
        """
        head, _dot, rest = path.partition(".")
        value = getattr(item, head, None)
        if not rest:
            return value not in (None, (), "")
        items = value if isinstance(value, tuple) else (value,)
        return any(Knowledge.holds(v, rest) for v in items if v is not None)

    @cached_property
    def facet_kinds_by_key(self) -> dict[str, FacetKind]:
        return {f.key: f for f in self.facet_kinds}

    def _episode_problems(self) -> Iterator[Problem]:
        numbers = {e.number for e in self.episodes}

        def missing(loc: Loc, number: int | None) -> Iterator[Problem]:
            if number is not None and number not in numbers:
                yield loc, f"unknown episode {number} (not in episodes)"

        if self.ratings:
            yield from missing(("ratings", "high_episode"), self.ratings.high_episode)
            for i, avg in enumerate(self.ratings.partial_averages):
                loc: Loc = ("ratings", "partial_averages", i)
                yield from missing((*loc, "first_episode"), avg.first_episode)
                yield from missing((*loc, "last_episode"), avg.last_episode)
                if avg.last_episode < avg.first_episode:
                    yield (*loc, "last_episode"), "last_episode is before first_episode"
        # Arcs and title sequences need only fall within the run, so that a
        # broken episode entry is reported once, on itself, not through them.
        count = self.series.episode_count

        def beyond(loc: Loc, number: int | None) -> Iterator[Problem]:
            if number is not None and number > count and number not in numbers:
                yield loc, f"unknown episode {number} (not in episodes)"

        prod = self.production
        for i, arc in enumerate(prod.arcs if prod else ()):
            loc = ("production", "arcs", i)
            yield from beyond((*loc, "first_episode"), arc.first_episode)
            yield from beyond((*loc, "last_episode"), arc.last_episode)
            if arc.last_episode < arc.first_episode:
                yield (*loc, "last_episode"), "last_episode is before first_episode"
        for i, seq in enumerate(prod.sequences if prod else ()):
            yield from beyond(("production", "sequences", i, "from_episode"), seq.from_episode)

    def _date_problems(self) -> Iterator[Problem]:
        """Dates that fall outside the run of the work they belong to."""
        run = self.series
        outside = f"outside the run {run.first_aired} to {run.last_aired}"
        for i, ep in enumerate(self.episodes):
            if not run.first_aired <= ep.aired <= run.last_aired:
                yield ("episodes", i, "aired"), f"episode {ep.number} aired {ep.aired}, {outside}"
            if ep.number > run.episode_count:
                beyond = f"beyond series.episode_count ({run.episode_count})"
                yield ("episodes", i, "number"), f"episode {ep.number} is {beyond}"
        for i, sp in enumerate(self.specials):
            if sp.aired < run.first_aired:
                msg = f"aired {sp.aired}, before the series began ({run.first_aired})"
                yield ("specials", i, "aired"), msg
        starts = self.work_starts
        dated: list[tuple[Loc, str | None, dt.date | None]] = [
            (("reception", i, "date"), r.recipient, r.date) for i, r in enumerate(self.reception)
        ]
        if self.production:
            dated += [
                (("production", "broadcasts", i, "start"), b.work, b.start)
                for i, b in enumerate(self.production.broadcasts)
            ]
        for loc, work, when in dated:
            begun = starts.get(work or "")
            if when is not None and begun is not None and when < begun:
                yield loc, f"{when} is before '{work}' was first released ({begun})"

    def _relation_problems(self) -> Iterator[Problem]:
        groups: tuple[tuple[str, str, tuple[Person, ...] | tuple[Character, ...]], ...] = (
            ("people", "person", self.people),
            ("characters", "character", self.characters),
        )
        for group, label, members in groups:
            known = {m.id for m in members}
            # Each pair's ties, seen from its smaller id so both directions share a key.
            pairs: dict[tuple[str, str], list[tuple[RelationKind, str]]] = {}
            for i, m in enumerate(members):
                for j, rel in enumerate(m.relations):
                    loc: Loc = (group, i, "relations", j)
                    if rel.of == m.id:
                        yield (*loc, "of"), f"'{m.id}' cannot be related to itself"
                        continue
                    if rel.of not in known:
                        yield (*loc, "of"), f"unknown {label} id '{rel.of}' (not in {group})"
                        continue
                    a, b = sorted((m.id, rel.of))
                    kind = rel.kind if a == m.id else rel.kind.inverse
                    seen = pairs.setdefault((a, b), [])
                    clash = _clash(kind, seen)
                    if clash is not None:
                        other, said = clash
                        # The earlier tie, put in the words of this relation's writer.
                        earlier = other if a == m.id else other.inverse
                        if other == kind:
                            why = "(each relation is written once; the other direction is derived)"
                        else:
                            why = "(they contradict each other)"
                        yield (
                            (*loc, "kind"),
                            (
                                f"'{m.id}' {rel.kind.value} of '{rel.of}': {said} already makes "
                                f"'{m.id}' {earlier.value} of '{rel.of}' {why}"
                            ),
                        )
                    seen.append((kind, f"'{m.id}'"))

    def _source_refs(
        self, everything: Sequence[tuple[Loc, BaseModel]]
    ) -> Iterator[tuple[Loc, tuple[str, ...]]]:
        for loc, item in everything:
            if isinstance(item, Sourced):
                yield (*loc, "sources"), item.sources
                for i, d in enumerate(item.disagreements):
                    yield (*loc, "disagreements", i, "sources"), d.sources
                for i, u in enumerate(item.unknown):
                    yield (*loc, "unknown", i, "searched"), u.searched
            elif isinstance(item, Relation):
                yield (*loc, "sources"), item.sources

    def _person_refs(
        self, everything: Sequence[tuple[Loc, BaseModel]]
    ) -> Iterator[tuple[Loc, str]]:
        for loc, item in everything:
            if isinstance(item, Credit):
                for j, ref in enumerate(item.people):
                    yield (*loc, "people", j), ref
            elif isinstance(item, Casting):
                yield (*loc, "person"), item.person
        for i, c in enumerate(self.characters):
            if c.played_by is not None:
                yield ("characters", i, "played_by"), c.played_by
            if c.portrays is not None:
                yield ("characters", i, "portrays"), c.portrays
        for i, w in enumerate(self.works):
            for j, ref in enumerate(w.authors):
                yield ("works", i, "authors", j), ref
        if self.soundtrack:
            yield ("soundtrack", "composer"), self.soundtrack.composer

    def _song_refs(self) -> Iterator[tuple[Loc, str]]:
        if self.soundtrack:
            for i, track in enumerate(self.soundtrack.tracks):
                if track.song:
                    yield ("soundtrack", "tracks", i, "song"), track.song
        for group in ("specials", "works"):
            items: tuple[Special | Work, ...] = getattr(self, group)
            for i, item in enumerate(items):
                for j, ref in enumerate(item.songs):
                    yield (group, i, "songs", j), ref

    def _work_refs(self) -> Iterator[tuple[Loc, str]]:
        for i, c in enumerate(self.characters):
            for j, ref in enumerate(c.appears_in):
                yield ("characters", i, "appears_in", j), ref
        for i, ref in enumerate(self.series.based_on):
            yield ("series", "based_on", i), ref
        if self.production:
            for i, b in enumerate(self.production.broadcasts):
                yield ("production", "broadcasts", i, "work"), b.work
            for i, p in enumerate(self.production.promotions):
                yield ("production", "promotions", i, "work"), p.work

    # Lookups used by the engine and the front-ends, built once per (frozen) file.
    @cached_property
    def sources_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def people_by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def characters_by_id(self) -> dict[str, Character]:
        return {c.id: c for c in self.characters}

    @cached_property
    def works_by_id(self) -> dict[str, Work]:
        return {w.id: w for w in self.works}

    @cached_property
    def work_titles(self) -> dict[str, str]:
        """Every work's id -> title: the series, its specials and the related works."""
        titles = {self.series.id: self.series.title}
        titles |= {sp.id: sp.title for sp in self.specials}
        titles |= {w.id: w.title for w in self.works}
        return titles

    @cached_property
    def work_starts(self) -> dict[str, dt.date]:
        """Every work's id -> the first day it was out (the earliest a partial date allows)."""
        starts = {self.series.id: self.series.first_aired}
        starts |= {sp.id: sp.aired for sp in self.specials}
        starts |= {w.id: earliest(w.released) for w in self.works if w.released}
        return starts

    @cached_property
    def original_works(self) -> tuple[Work, ...]:
        """The works the series is based on, in the order ``series.based_on`` names them."""
        return tuple(self.works_by_id[i] for i in self.series.based_on)

    @cached_property
    def roles_by_actor(self) -> dict[str, tuple[Character, ...]]:
        roles: dict[str, list[Character]] = {}
        for c in self.characters:
            if c.played_by is not None:
                roles.setdefault(c.played_by, []).append(c)
        return {actor: tuple(played) for actor, played in roles.items()}

    @cached_property
    def _links(self) -> dict[str, tuple[Link, ...]]:
        links: dict[str, list[Link]] = {}
        members: tuple[Person | Character, ...] = (*self.people, *self.characters)
        for m in members:
            for rel in m.relations:
                sources = rel.sources or m.sources
                confidence = rel.confidence or m.confidence
                written = Link(m.id, rel.kind, rel.of, False, sources, confidence, rel.note)
                derived = Link(rel.of, rel.kind.inverse, m.id, True, sources, confidence, rel.note)
                links.setdefault(m.id, []).append(written)
                links.setdefault(rel.of, []).append(derived)
        return {who: tuple(found) for who, found in links.items()}

    def relations_of(self, ident: str) -> tuple[Link, ...]:
        """Every relation of one person or character, written and derived.

        >>> k = Knowledge.model_validate(_EXAMPLE)
        >>> [(l.kind.value, l.other, l.derived) for l in k.relations_of("kid")]
        [('child', 'mum', True)]
        """
        return self._links.get(ident, ())

    def source(self, source_id: str) -> Source:
        return self.sources_by_id[source_id]

    def person(self, person_id: str) -> Person:
        return self.people_by_id[person_id]


def _clash(
    kind: RelationKind, seen: list[tuple[RelationKind, str]]
) -> tuple[RelationKind, str] | None:
    """The earlier tie of a pair that this one repeats or contradicts, if any."""
    for other, said in seen:
        if other == kind or (other == kind.inverse != kind):
            return other, said
        if kind.family and other.family:
            return other, said
    return None


def earliest(when: str) -> dt.date:
    """The first day a partial date can mean: '2005-02' -> 2005-02-01."""
    parts = [int(p) for p in when.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _walk(model: BaseModel, loc: Loc) -> Iterator[tuple[Loc, BaseModel]]:
    """Every model inside ``model`` (itself included), with its path."""
    yield loc, model
    values = model.__dict__
    for name in type(model).model_fields:
        value = values[name]
        if isinstance(value, BaseModel):
            yield from _walk(value, (*loc, name))
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            for i, item in enumerate(value):
                yield from _walk(item, (*loc, name, i))


_EXAMPLE: dict[str, Any] = {
    "sources": [{"id": "s", "title": "A page", "url": "https://example.org"}],
    "series": {
        "id": "show",
        "title": "Show",
        "country": "Nowhere",
        "year": 2000,
        "type": "Series",
        "first_aired": "2000-01-01",
        "last_aired": "2000-01-01",
        "episode_count": 1,
        "broadcaster": "TV",
        "synopsis": "Things happen.",
        "sources": ["s"],
    },
    "people": [{"id": "p", "name": "P", "sources": ["s"]}],
    "characters": [
        {
            "id": "mum",
            "name": "Mum",
            "played_by": "p",
            "description": "A mother.",
            "appears_in": ["show"],
            "relations": [{"kind": "parent", "of": "kid"}],
            "sources": ["s"],
        },
        {
            "id": "kid",
            "name": "Kid",
            "description": "A child.",
            "appears_in": ["show"],
            "sources": ["s"],
        },
    ],
    "episodes": [{"number": 1, "title": "One", "aired": "2000-01-01", "sources": ["s"]}],
}


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
