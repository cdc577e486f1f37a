"""Multiple-choice questions generated from the knowledge file.

The knowledge is first read into *facts*: one subject, one true answer, the
kind of that answer (a person, a character, an episode, a year…), the topic it
belongs to and the records that back it. A question is a fact plus three
*distractors*: other values of the same kind drawn from the knowledge (other
actors, other titles) or, for numbers, values near the true one.

Rules every question keeps:

- one true answer: values that are also true for the subject (a second
  director, another role of the same actor) are never offered as distractors;
- a fact is only asked when every record behind it is ``confidence: high``,
  and, unless spoilers are allowed, when none of them is a spoiler;
- no two questions of a session share a fact, and a seed fixes the session;
- every label fits on a Discord button (80 characters); a value too long to
  show is never used.

Nothing here is about one series: the templates follow the knowledge format's
structure, and the wording lives in :mod:`bot.quiz.messages`.

>>> from bot.knowledge import loader
>>> session = generate(loader.load(), rounds=3, seed=7)
>>> len(session)
3
>>> all(len(q.choices) == 4 and 0 <= q.answer < 4 for q in session)
True
>>> generate(loader.load(), rounds=3, seed=7) == session
True
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from bot.i18n import _, current, term
from bot.knowledge.models import (
    Credit,
    Knowledge,
    Named,
    ReceptionKind,
    RelationKind,
    Result,
    Source,
)
from bot.quiz import messages

LABEL_MAX = 80  # Discord's limit on a button label
CHOICES = 4


class Topic(StrEnum):
    ALL = "all"
    CAST = "cast"
    EPISODES = "episodes"
    MUSIC = "music"
    SPECIAL = "special"
    PRODUCTION = "production"


class Difficulty(StrEnum):
    """How close the distractors are to the answer.

    Easy: any value of the same kind, numbers far apart. Normal: people from
    the same side of the camera when there are enough, numbers a few apart.
    Hard: the same, with numbers next to the true one.
    """

    EASY = "easy"
    NORMAL = "normal"
    HARD = "hard"


class Kind(StrEnum):
    """What an answer is; distractors are always of the answer's kind."""

    PERSON = "person"
    CHARACTER = "character"
    EPISODE = "episode"
    EPISODE_TITLE = "episode-title"
    SONG = "song"
    ARTIST = "artist"
    TRACK = "track"
    JOB = "job"
    RELATION = "relation"
    YEAR = "year"
    PERCENT = "percent"


NUMERIC = frozenset({Kind.YEAR, Kind.PERCENT})


@dataclass(frozen=True)
class Record:
    """A sourced record a fact rests on: its sources, confidence and spoiler flag."""

    sources: tuple[str, ...]
    confidence: str = "high"
    spoiler: bool = False


@dataclass(frozen=True)
class Fact:
    """One subject with one true answer."""

    template: str  # a key of messages.PROMPTS
    subject_id: str  # what the fact is about, as the knowledge names it (id, number…)
    subject: str  # how the prompt shows it
    answer: str | int | float
    kind: Kind
    topic: Topic
    records: tuple[Record, ...]
    other: str = ""  # a second name the prompt shows ("What is {subject} to {other}?")
    also_true: frozenset[str] = frozenset()  # labels never offered as distractors
    group: str = ""  # distractors from the same group first (normal and hard)
    same_as: str = ""  # facts sharing this are one question as far as a session goes

    @property
    def key(self) -> str:
        return self.same_as or f"{self.template}:{self.subject_id}"

    @property
    def certain(self) -> bool:
        return all(r.confidence == "high" for r in self.records)

    @property
    def spoiler(self) -> bool:
        return any(r.spoiler for r in self.records)

    @property
    def source_ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for record in self.records:
            seen.update(dict.fromkeys(record.sources))
        return tuple(seen)


@dataclass(frozen=True)
class Option:
    """A value that may be offered as a choice: its label, kind and group."""

    label: str
    kind: Kind
    group: str = ""
    spoiler: bool = False
    number: int | None = None  # for episodes and tracks: how near it is to another


@dataclass(frozen=True)
class Question:
    template: str
    subject_id: str
    prompt: str
    choices: tuple[str, ...]
    answer: int  # index into choices
    kind: Kind
    topic: Topic
    spoiler: bool
    sources: tuple[Source, ...] = field(compare=False)

    @property
    def key(self) -> str:
        return f"{self.template}:{self.subject_id}"

    @property
    def correct(self) -> str:
        return self.choices[self.answer]


def label(kind: Kind, value: str | int | float) -> str:
    """How a value of ``kind`` reads on a button.

    >>> label(Kind.EPISODE, 8), label(Kind.PERCENT, 20.5), label(Kind.PERSON, "Someone")
    ('Episode 8', '20.5%', 'Someone')
    """
    template = messages.LABELS.get(kind.value)
    return _(template).format(value=value) if template else str(value)


def relation_label(kind: RelationKind) -> str:
    """How a relation reads as an answer.

    >>> relation_label(RelationKind.LOVE_INTEREST)
    'Love interest'
    """
    known = messages.RELATIONS.get(kind.value)
    return _(known) if known else kind.value.replace("-", " ").capitalize()


# ----------------------------------------------------------------- facts


def _record(item: object) -> Record:
    """The sources, confidence and spoiler flag of any sourced knowledge record."""
    sources = getattr(item, "sources", ())
    confidence = getattr(item, "confidence", "high")
    spoiler = getattr(item, "spoiler", False) is True
    return Record(tuple(sources), str(confidence), spoiler)


def facts(knowledge: Knowledge) -> list[Fact]:
    """Every fact the knowledge can be asked about, in file order."""
    return [
        *_cast(knowledge),
        *_relations(knowledge),
        *_episodes(knowledge),
        *_music(knowledge),
        *_production(knowledge),
        *_special(knowledge),
    ]


def _fact(
    template: str,
    subject_id: str,
    subject: str,
    answer: str | int | float,
    kind: Kind,
    topic: Topic,
    *records: object,
    other: str = "",
    also_true: Iterable[str] = (),
    group: str = "",
    same_as: str = "",
) -> Fact:
    return Fact(
        template,
        subject_id,
        subject,
        answer,
        kind,
        topic,
        tuple(r if isinstance(r, Record) else _record(r) for r in records),
        other=other,
        also_true=frozenset(also_true),
        group=group,
        same_as=same_as,
    )


def _cast(kb: Knowledge) -> Iterator[Fact]:
    for c in kb.characters:
        if c.played_by is None:
            continue
        actor = kb.person(c.played_by)
        yield _fact(
            "cast.played_by",
            c.id,
            c.name,
            actor.name,
            Kind.PERSON,
            Topic.CAST,
            c,
            actor,
            group="cast",
        )
    for person_id, roles in kb.roles_by_actor.items():
        if len(roles) == 1:  # an actor with two roles has no single answer
            actor = kb.person(person_id)
            yield _fact(
                "cast.role_of",
                actor.id,
                actor.name,
                roles[0].name,
                Kind.CHARACTER,
                Topic.CAST,
                roles[0],
                actor,
            )


def _relations(kb: Knowledge) -> Iterator[Fact]:
    """What one character (or real person) is to another: a parent, a classmate…"""
    names = {c.id: c.name for c in kb.characters} | {p.id: p.name for p in kb.people}
    members: tuple[Named, ...] = (*kb.characters, *kb.people)
    for member in members:
        links = kb.relations_of(member.id)
        for link in links:
            if link.other not in names:
                continue
            # Every tie the pair has is true: none of them may be a distractor.
            ties = {relation_label(k.kind) for k in links if k.other == link.other}
            yield _fact(
                "cast.relation",
                f"{member.id}:{link.other}:{link.kind.value}",
                member.name,
                relation_label(link.kind),
                Kind.RELATION,
                Topic.CAST,
                member,
                Record(link.sources, link.confidence),
                other=names[link.other],
                also_true=ties,
                group="family" if link.kind.family else "social",
                # "What is A to B?" gives "what is B to A?" away: one per pair and session.
                same_as="cast.relation:" + ":".join(sorted((member.id, link.other))),
            )


def _episodes(kb: Knowledge) -> Iterator[Fact]:
    aired = [e.aired for e in kb.episodes]
    plots: dict[str, set[int]] = {}
    for e in kb.episodes:
        for point in e.plot:
            plots.setdefault(point.text.casefold(), set()).add(e.number)
    for e in kb.episodes:
        number = str(e.number)
        topic = Topic.EPISODES
        yield _fact("episodes.title_of", number, number, e.title, Kind.EPISODE_TITLE, topic, e)
        yield _fact("episodes.titled", number, e.title, e.number, Kind.EPISODE, topic, e)
        if aired.count(e.aired) == 1:
            day = e.aired.isoformat()  # the same in every language
            yield _fact("episodes.aired_on", number, day, e.number, Kind.EPISODE, topic, e)
        if e.rating is not None:
            yield _fact(
                "episodes.rating_of",
                number,
                number,
                e.rating.value,
                Kind.PERCENT,
                topic,
                e,
                e.rating,
            )
        for i, point in enumerate(e.plot):
            # A plot point in our own words; its spoiler flag travels with the fact.
            same = {label(Kind.EPISODE, n) for n in plots[point.text.casefold()]}
            yield _fact(
                "episodes.plot",
                f"{number}:{i}",
                point.text,
                e.number,
                Kind.EPISODE,
                topic,
                e,
                point,
                also_true=same,
            )
        yield from _staff(kb, e.staff, "episodes.staff", number, number, topic, e)


def _staff(
    kb: Knowledge,
    credits: Sequence[Credit],
    template: str,
    where_id: str,
    where: str,
    topic: Topic,
    *records: object,
) -> Iterator[Fact]:
    """ "Who is credited for <job> on <where>?", once per credited person."""
    for credit in credits:
        names = [kb.person(p).name for p in credit.people]
        for person_id in credit.people:
            person = kb.person(person_id)
            # The others credited for the same job are true too, so never distractors.
            yield _fact(
                template,
                f"{where_id}:{credit.job}:{person_id}",
                credit.job,
                person.name,
                Kind.PERSON,
                topic,
                *records,
                credit,
                person,
                other=where,
                also_true=names,
                group="crew",
            )


def _music(kb: Knowledge) -> Iterator[Fact]:
    uses = [s.use.casefold() for s in kb.songs]
    for s in kb.songs:
        yield _fact("music.sung_by", s.id, s.title, s.artist, Kind.ARTIST, Topic.MUSIC, s)
        if uses.count(s.use.casefold()) == 1:
            yield _fact("music.used_as", s.id, s.use, s.title, Kind.SONG, Topic.MUSIC, s)
        if s.release is not None:
            yield _fact(
                "music.release_year",
                s.id,
                s.title,
                s.release.date.year,
                Kind.YEAR,
                Topic.MUSIC,
                s,
                s.release,
            )
    if kb.soundtrack is not None:
        st = kb.soundtrack
        titles = [t.title.casefold() for t in st.tracks]
        for t in st.tracks:
            if titles.count(t.title.casefold()) == 1:
                yield _fact(
                    "music.track_number",
                    str(t.number),
                    t.title,
                    t.number,
                    Kind.TRACK,
                    Topic.MUSIC,
                    st,
                )
        composer = kb.person(st.composer)
        yield _fact(
            "music.composer",
            st.composer,
            "",
            composer.name,
            Kind.PERSON,
            Topic.MUSIC,
            st,
            composer,
            group="crew",
        )


def _production(kb: Knowledge) -> Iterator[Fact]:
    series = kb.series
    topic = Topic.PRODUCTION
    yield _fact(
        "production.first_year", series.id, "", series.first_aired.year, Kind.YEAR, topic, series
    )
    yield from _staff(kb, kb.credits, "production.credit", series.id, series.title, topic)
    jobs: dict[str, list[Credit]] = {}
    for credit in kb.credits:
        for person_id in credit.people:
            jobs.setdefault(person_id, []).append(credit)
    for person_id, held in jobs.items():
        if len(held) == 1:
            person = kb.person(person_id)
            yield _fact(
                "production.job_of",
                person_id,
                person.name,
                held[0].job,
                Kind.JOB,
                topic,
                held[0],
                person,
            )
    originals = kb.original_works
    if len(originals) == 1 and len(originals[0].authors) == 1:
        author = kb.person(originals[0].authors[0])
        yield _fact(
            "production.author",
            author.id,
            "",
            author.name,
            Kind.PERSON,
            topic,
            originals[0],
            author,
            group="crew",
        )
    for work in kb.works:
        if work.released is not None:
            year = int(work.released[:4])
            yield _fact("production.work_year", work.id, work.title, year, Kind.YEAR, topic, work)
        yield from _staff(kb, work.staff, "production.work_staff", work.id, work.title, topic, work)
    recipients = {series.id: series.title} | kb.work_titles
    recipients |= {p.id: p.name for p in kb.people} | {c.id: c.name for c in kb.characters}
    for i, award in enumerate(kb.reception):
        if award.kind is not ReceptionKind.AWARD or award.result is not Result.WON:
            continue
        if award.year is None:  # no source gives it: nothing to ask
            continue
        name = f"{award.name}: {award.category}" if award.category else award.name
        winner = recipients.get(award.recipient or series.id, series.title)
        yield _fact(
            "production.award_year",
            str(i),
            name,
            award.year,
            Kind.YEAR,
            topic,
            award,
            other=winner,
        )


def _special(kb: Knowledge) -> Iterator[Fact]:
    topic = Topic.SPECIAL
    for sp in kb.specials:
        yield _fact("special.aired_year", sp.id, sp.title, sp.aired.year, Kind.YEAR, topic, sp)
        yield from _staff(kb, sp.staff, "special.staff", sp.id, sp.title, topic, sp)


# ----------------------------------------------------------------- options


def options(knowledge: Knowledge) -> dict[Kind, list[Option]]:
    """Every non-numeric value of each kind the knowledge names: the distractor pools."""
    kb = knowledge
    cast_ids = set(kb.roles_by_actor)
    pools: dict[Kind, list[Option]] = {kind: [] for kind in Kind}
    for p in kb.people:
        group = "cast" if p.id in cast_ids else "crew"
        pools[Kind.PERSON].append(Option(p.name, Kind.PERSON, group, _record(p).spoiler))
    for c in kb.characters:
        pools[Kind.CHARACTER].append(Option(c.name, Kind.CHARACTER, spoiler=_record(c).spoiler))
    for e in kb.episodes:
        pools[Kind.EPISODE].append(
            Option(label(Kind.EPISODE, e.number), Kind.EPISODE, number=e.number)
        )
        pools[Kind.EPISODE_TITLE].append(Option(e.title, Kind.EPISODE_TITLE))
    for s in kb.songs:
        pools[Kind.SONG].append(Option(s.title, Kind.SONG))
        pools[Kind.ARTIST].append(Option(s.artist, Kind.ARTIST))
    if kb.soundtrack is not None:
        for t in kb.soundtrack.tracks:
            pools[Kind.TRACK].append(
                Option(label(Kind.TRACK, t.number), Kind.TRACK, number=t.number)
            )
            if t.song is None:  # a version of a song is the song: never a distractor for it
                pools[Kind.SONG].append(Option(t.title, Kind.SONG))
    staffs = (kb.credits, *(e.staff for e in kb.episodes), *(x.staff for x in kb.specials))
    for credits in (*staffs, *(w.staff for w in kb.works)):
        # Only jobs people hold: a person's job is asked, and a company's credit
        # ("Production") beside "Producer" would be a trick, not a question.
        pools[Kind.JOB].extend(Option(c.job, Kind.JOB) for c in credits if c.people)
    # The ties the knowledge uses (the format's whole list if it uses too few),
    # family ties apart from the others.
    used = {link.kind for m in (*kb.characters, *kb.people) for link in kb.relations_of(m.id)}
    for tie in sorted(used) if len(used) >= CHOICES else list(RelationKind):
        group = "family" if tie.family else "social"
        pools[Kind.RELATION].append(Option(relation_label(tie), Kind.RELATION, group))
    for kind, pool in pools.items():
        pools[kind] = _distinct(o for o in pool if len(o.label) <= LABEL_MAX)
    return pools


def _distinct(found: Iterable[Option]) -> list[Option]:
    seen: set[str] = set()
    out = []
    for option in found:
        folded = option.label.casefold()
        if folded not in seen:
            seen.add(folded)
            out.append(option)
    return out


# How far numeric distractors lie from the answer, by difficulty: (step, how many steps).
_SPREAD: dict[Difficulty, dict[Kind, tuple[float, int]]] = {
    Difficulty.EASY: {Kind.YEAR: (2, 5), Kind.PERCENT: (3.0, 5)},
    Difficulty.NORMAL: {Kind.YEAR: (1, 4), Kind.PERCENT: (1.5, 4)},
    Difficulty.HARD: {Kind.YEAR: (1, 2), Kind.PERCENT: (0.5, 3)},
}


def _numeric(fact: Fact, difficulty: Difficulty) -> list[str]:
    step, steps = _SPREAD[difficulty][fact.kind]
    assert isinstance(fact.answer, int | float)
    near = [fact.answer + sign * step * k for k in range(1, steps + 1) for sign in (-1, 1)]
    if fact.kind is Kind.YEAR:
        return [label(Kind.YEAR, int(v)) for v in near if v > 0]
    return [label(Kind.PERCENT, round(v, 1)) for v in near if 0 <= v <= 100]


def _distractors(
    fact: Fact,
    pools: dict[Kind, list[Option]],
    rng: random.Random,
    difficulty: Difficulty,
    allow_spoilers: bool,
) -> list[str] | None:
    """Three labels of the fact's kind that are not true for it, or None if there are not enough."""
    true = label(fact.kind, fact.answer)
    taken = {true.casefold(), *(t.casefold() for t in fact.also_true)}
    if fact.kind in NUMERIC:
        candidates = [c for c in _numeric(fact, difficulty) if c.casefold() not in taken]
        candidates = list(dict.fromkeys(candidates))
        return rng.sample(candidates, CHOICES - 1) if len(candidates) >= CHOICES - 1 else None
    pool = [
        o
        for o in pools.get(fact.kind, [])
        if o.label.casefold() not in taken and (allow_spoilers or not o.spoiler)
    ]
    if difficulty is not Difficulty.EASY and fact.group:
        same = [o for o in pool if o.group == fact.group]
        if len(same) >= CHOICES - 1:
            pool = same
    if difficulty is Difficulty.HARD and fact.kind in (Kind.EPISODE, Kind.TRACK):
        # The neighbours of the true number.
        assert isinstance(fact.answer, int)
        answer = fact.answer
        pool = sorted(pool, key=lambda o: abs((o.number or 0) - answer))
        pool = pool[: CHOICES - 1]
    if len(pool) < CHOICES - 1:
        return None
    return [o.label for o in rng.sample(pool, CHOICES - 1)]


# ----------------------------------------------------------------- sessions


def eligible(
    knowledge: Knowledge, topic: Topic = Topic.ALL, *, allow_spoilers: bool = False
) -> list[Fact]:
    """The facts a session on ``topic`` may ask: certain, spoiler-free unless allowed, showable."""
    out = []
    for fact in facts(knowledge):
        if topic is not Topic.ALL and fact.topic is not topic:
            continue
        if not fact.certain or (fact.spoiler and not allow_spoilers):
            continue
        if len(label(fact.kind, fact.answer)) > LABEL_MAX:
            continue
        out.append(fact)
    return out


def generate(
    knowledge: Knowledge,
    *,
    rounds: int,
    seed: int,
    topic: Topic = Topic.ALL,
    difficulty: Difficulty = Difficulty.NORMAL,
    allow_spoilers: bool = False,
) -> list[Question]:
    """Up to ``rounds`` questions, never the same fact twice; the same seed gives the same list.

    Fewer come back when the topic has fewer facts that can be asked.
    """
    rng = random.Random(seed)
    pools = options(knowledge)
    local = _localiser(knowledge)
    asked: set[str] = set()
    questions: list[Question] = []
    for fact in _draw(eligible(knowledge, topic, allow_spoilers=allow_spoilers), rng):
        if len(questions) >= rounds:
            break
        subject, other = local(fact.subject), local(fact.other)
        prompt = _(messages.PROMPTS[fact.template]).format(subject=subject, other=other)
        if fact.key in asked or prompt in asked:
            continue
        wrong = _distractors(fact, pools, rng, difficulty, allow_spoilers)
        if wrong is None:
            continue
        asked.update((fact.key, prompt))
        choices = list(wrong)
        position = rng.randrange(CHOICES)
        choices.insert(position, label(fact.kind, fact.answer))
        shown = [local(c) for c in choices]
        if len(set(shown)) == len(shown):  # two spellings never merge into one button
            choices = shown
        questions.append(
            Question(
                template=fact.template,
                subject_id=fact.subject_id,
                prompt=prompt,
                choices=tuple(choices),
                answer=position,
                kind=fact.kind,
                topic=fact.topic,
                spoiler=fact.spoiler,
                sources=_sources(knowledge, fact.source_ids),
            )
        )
    return questions


def _localiser(kb: Knowledge) -> Callable[[str], str]:
    """How a name, title or text of the knowledge reads in the current language.

    A reader of Japanese sees names and titles in the original script where the
    knowledge has it (山田太郎 for Yamada Taro) and the knowledge's texts (a
    plot point, a job) in its catalog's Japanese; English readers see them as
    written. Questions are drawn in the language they are played in, so the
    prompt and every choice are turned the same way.
    """
    if not current().native_first:
        return lambda text: text
    natives: dict[str, str] = {}
    named: list[tuple[str, str | None]] = [(kb.series.title, kb.series.native_title)]
    named += [(who.name, who.native) for who in (*kb.characters, *kb.people)]
    named += [(ep.title, ep.native_title) for ep in kb.episodes]
    named += [(s.title, s.native_title) for s in kb.songs]
    named += [(s.title, s.native_title) for s in kb.specials]
    named += [(w.title, w.native_title) for w in kb.works]
    shared = Counter(native for name, native in dict(named).items() if native)
    for name, native in named:
        if native and shared[native] > 1:
            # The diary, its manga and its film share one Japanese title: both spellings.
            natives.setdefault(name, _("{name} ({native})").format(name=name, native=native))
        elif native:
            natives.setdefault(name, native)
    return lambda text: natives.get(text) or term(text)


def _draw(candidates: list[Fact], rng: random.Random) -> Iterator[Fact]:
    """The facts in a seeded order that mixes topics and templates.

    Drawing a topic, then a template, then a fact keeps a session varied even
    where one template has many more facts than another (every track number
    against one composer).
    """
    by_topic: dict[Topic, dict[str, list[Fact]]] = {}
    for fact in candidates:
        by_topic.setdefault(fact.topic, {}).setdefault(fact.template, []).append(fact)
    while by_topic:
        topic = rng.choice(sorted(by_topic))
        templates = by_topic[topic]
        template = rng.choice(sorted(templates))
        group = templates[template]
        yield group.pop(rng.randrange(len(group)))
        if not group:
            del templates[template]
        if not templates:
            del by_topic[topic]


def _sources(knowledge: Knowledge, ids: Sequence[str]) -> tuple[Source, ...]:
    return tuple(knowledge.source(i) for i in ids if i in knowledge.sources_by_id)
