"""The answer engine: knowledge in, Answers out. Never imports discord.

Built once per knowledge base (indexes and the reader are made here, at load),
then used read-only by any number of front-ends and tasks. A reload builds a
new Engine and swaps the reference, so a question is always answered from one
version of the knowledge and its lexicon.

Free text goes through the reader (questions.py), which returns a typed
Question; ``answer`` dispatches on its Intent through ``self.handlers``.
Handlers use the Question's slots only, never the text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from bot import collector, i18n
from bot.engine import describe
from bot.engine import lexicon as lexicon_file
from bot.engine.answers import Answer, Choice, Kind, Status, SuggestKind
from bot.engine.cards import Cards, Memo
from bot.engine.describe import ProductionTopic
from bot.engine.index import Entry, Hit, NameIndex
from bot.engine.lexicon import Attribute, Lexicon, Modifier, RelationSense, Topic
from bot.engine.linker import Spelling, fold, kana_reading, tokenize
from bot.engine.questions import (
    LAST,
    SERIES_ATTRIBUTES,
    Candidate,
    Command,
    Decline,
    EntityKind,
    How,
    Intent,
    Link,
    NameSpec,
    Number,
    Question,
    Reader,
)
from bot.engine.text import clip
from bot.i18n import N_, Lang, _, and_list, current, pgettext, prose, term
from bot.knowledge import cache, files
from bot.knowledge.models import (
    BILLING_ORDER,
    Billing,
    Casting,
    Character,
    Episode,
    Facet,
    FacetKind,
    Knowledge,
    Person,
    ReceptionKind,
    RelationKind,
    Song,
    Special,
    Work,
    WorkKind,
    WorkRelation,
)

# Scores are rapidfuzz ratios (0–100, see index.py). Below CUTOFF nothing is claimed; hits
# within AMBIGUITY of the best are shown together.
CUTOFF = 80.0
SUGGEST_CUTOFF = 55.0
AMBIGUITY = 10.0
SUGGESTION_CUTOFF = 82.0
MAX_CHOICES = 25
# At most this many actors of a related work are listed as also in the drama.
MAX_CHAIN = 5

# Which details each kind of thing has: a question asking another is declined.
FITS: dict[EntityKind, frozenset[Attribute | None]] = {
    EntityKind.SERIES: frozenset({None, Attribute.RATING, *SERIES_ATTRIBUTES}),
    EntityKind.EPISODE: frozenset(
        {
            None,
            Attribute.TITLE,
            Attribute.NATIVE_TITLE,
            Attribute.ENGLISH_TITLE,
            Attribute.NUMBER,
            Attribute.AIRED,
            Attribute.RATING,
            Attribute.LENGTH,
            Attribute.PLOT,
            Attribute.SYNOPSIS,
            Attribute.ENDING,
        }
    ),
    EntityKind.TRACK: frozenset(
        {None, Attribute.TITLE, Attribute.NUMBER, Attribute.ARTIST, Attribute.MAKER}
    ),
    EntityKind.SONG: frozenset(
        {
            None,
            Attribute.TITLE,
            Attribute.NATIVE_TITLE,
            Attribute.ARTIST,
            Attribute.MAKER,
            Attribute.RELEASE,
            Attribute.CHART,
            Attribute.AIRED,
            Attribute.SALES,
        }
    ),
    EntityKind.SPECIAL: frozenset(
        {
            None,
            Attribute.AIRED,
            Attribute.LENGTH,
            Attribute.BROADCASTER,
            Attribute.TIME_SLOT,
            Attribute.RATING,
            Attribute.NEW_CHARACTERS,
            Attribute.SYNOPSIS,
            Attribute.TITLE,
            Attribute.NATIVE_TITLE,
            Attribute.STAFF,
            Attribute.ACTOR,
            Attribute.ROLE,
            Attribute.PLOT,
            Attribute.SETTING,
        }
    ),
    EntityKind.WORK: frozenset(
        {
            None,
            Attribute.TITLE,
            Attribute.NATIVE_TITLE,
            Attribute.BASED_ON,
            Attribute.ACTOR,
            Attribute.ROLE,
            Attribute.AIRED,
            Attribute.RELEASE,
            Attribute.LENGTH,
            Attribute.BROADCASTER,
            Attribute.COUNT,
            Attribute.DESCRIPTION,
            Attribute.SALES,
        }
    ),
    # A ranking or a poll is itself a chart position ("PTA ranking").
    EntityKind.AWARD: frozenset({None, Attribute.AWARDS, Attribute.CHART}),
    # "What happens to Ann": a role's story is what its card tells.
    EntityKind.CHARACTER: frozenset(
        {
            None,
            Attribute.ACTOR,
            Attribute.ROLE,
            Attribute.DESCRIPTION,
            Attribute.SYNOPSIS,
            Attribute.PLOT,
        }
    ),
    EntityKind.PERSON: frozenset(
        {None, Attribute.ACTOR, Attribute.ROLE, Attribute.DESCRIPTION, Attribute.AWARDS}
    ),
}
_ABOUT_FOCUS: dict[Attribute, str | None] = {
    Attribute.AIRED: "aired",
    Attribute.TIME_SLOT: "aired",
    Attribute.LENGTH: "aired",
    Attribute.BROADCASTER: "broadcaster",
    Attribute.COUNTRY: "country",
    Attribute.TITLES: "titles",
    Attribute.TITLE: "titles",
    Attribute.ENGLISH_TITLE: "titles",
    Attribute.NATIVE_TITLE: "titles",
    Attribute.BASED_ON: "based_on",
    Attribute.PAGE_STATS: "page_stats",
    Attribute.RELATED: "related",
}
_PRODUCTION_TOPIC: dict[Attribute, ProductionTopic] = {
    Attribute.LOCATIONS: "locations",
    Attribute.HOME_VIDEO: "home_video",
    Attribute.BROADCASTS: "broadcasts",
    Attribute.SEQUENCES: "sequences",
}
_EPISODE_FOCUS = {
    Attribute.PLOT: "plot",
    Attribute.SYNOPSIS: "plot",
    Attribute.ENDING: "plot",
    Attribute.TITLE: "title",
    Attribute.NUMBER: "title",
    Attribute.ENGLISH_TITLE: "title",
    Attribute.NATIVE_TITLE: "japanese",
    Attribute.AIRED: "aired",
    Attribute.RATING: "rating",
}
_SPECIAL_FOCUS = {
    Attribute.PLOT: "plot",
    Attribute.SYNOPSIS: "plot",
    Attribute.SETTING: "setting",
    Attribute.AIRED: "aired",
    Attribute.TIME_SLOT: "aired",
    Attribute.STAFF: "staff",
    Attribute.RATING: "rating",
    Attribute.LENGTH: "length",
    Attribute.BROADCASTER: "broadcaster",
    Attribute.NEW_CHARACTERS: "new",
    Attribute.ACTOR: "new",
    Attribute.ROLE: "new",
}
# Which kinds a detail prefers when one name could be several things.
_PREFERS: dict[Attribute, tuple[EntityKind, ...]] = {
    Attribute.ACTOR: (EntityKind.CHARACTER, EntityKind.PERSON),
    Attribute.ROLE: (EntityKind.PERSON, EntityKind.CHARACTER),
    Attribute.ARTIST: (EntityKind.SONG, EntityKind.TRACK),
    Attribute.MAKER: (EntityKind.SONG, EntityKind.TRACK),
}
_AGE = {Modifier.OLDER: ("older", "elder", "big"), Modifier.YOUNGER: ("younger", "little")}
_FAMILY_KINDS = frozenset({"parent", "child", "sibling", "spouse"})
_SHIFTS = frozenset({Modifier.NEXT, Modifier.PREVIOUS})
# Modifiers a card of each kind answers ("the next episode"); others are declined.
_ENTITY_MODIFIERS: dict[EntityKind, tuple[Modifier, ...]] = {
    EntityKind.EPISODE: (Modifier.NEXT, Modifier.PREVIOUS, Modifier.FIRST, Modifier.LAST),
    EntityKind.PERSON: (Modifier.REAL,),
    EntityKind.SONG: (Modifier.HIGHEST, Modifier.FIRST),
    EntityKind.CHARACTER: (Modifier.LEAD, Modifier.OLDER, Modifier.YOUNGER),
}
_SONG_FOCUS: dict[Attribute, describe.SongFocus] = {
    Attribute.RELEASE: "release",
    Attribute.AIRED: "release",
    Attribute.CHART: "chart",
    Attribute.SALES: "sales",
}
_TOPIC_KINDS: dict[Topic, tuple[EntityKind, ...]] = {
    Topic.SONG: (EntityKind.SONG,),
    Topic.TRACK: (EntityKind.TRACK, EntityKind.SONG),
    Topic.EPISODE: (EntityKind.EPISODE,),
    Topic.SPECIAL: (EntityKind.SPECIAL,),
    Topic.CAST: (EntityKind.CHARACTER, EntityKind.PERSON),
}
_RANKED = {Modifier.HIGHEST: "high", Modifier.LOWEST: "low", Modifier.AVERAGE: "average"}


class Engine:
    @collector.while_paused  # a large knowledge base builds twice as fast
    def __init__(self, knowledge: Knowledge, lexicon: Lexicon | None = None) -> None:
        self.knowledge = k = knowledge
        self.lexicon = lexicon if lexicon is not None else lexicon_file.load(None)
        self._episodes = {ep.number: ep for ep in k.episodes}
        self._tracks = {t.number: t for t in (k.soundtrack.tracks if k.soundtrack else ())}
        self._characters = {c.id: c for c in k.characters}
        self._people = {p.id: p for p in k.people}
        self._songs = {s.id: s for s in k.songs}
        self._specials = {s.id: s for s in k.specials}
        self._works = {w.id: w for w in k.works}
        self._labels: dict[str, str] = {}
        self.episode_index = self._build_episode_index()
        self.track_index = self._build_track_index()
        self.person_index = self._build_person_index()
        self._labels.update({f"song:{s.id}": f"{s.title} — {s.artist}" for s in k.songs})
        self.song_index = NameIndex(
            [(f"song:{s.id}", n, i == 0) for s in k.songs for i, n in enumerate(_names(s))]
            + [(f"song:{s.id}", s.artist, False) for s in k.songs],
            {f"song:{s.id}": i for i, s in enumerate(k.songs)},
        )
        self._works = {w.id: w for w in k.works}
        self.special_index = NameIndex(
            [
                (f"special:{sp.id}", n, i == 0)
                for sp in k.specials
                for i, n in enumerate(_names(sp))
            ],
            {f"special:{sp.id}": i for i, sp in enumerate(k.specials)},
        )
        # Related works and awards are looked up by topic (engine.work, engine.award),
        # not by free-text search: their names share words with everything else
        # ("film", the series' own title), and a confident card about the wrong
        # thing is worse than a miss.
        self.work_index = self._build_work_index()
        self.award_index = self._build_award_index()
        self._everything = self._build_global_index()
        related: dict[str, frozenset[str]] = {}
        for key, ident in [(f"character:{c.id}", c.id) for c in k.characters] + [
            (f"person:{p.id}", p.id) for p in k.people
        ]:
            related[key] = frozenset(link.kind.value for link in k.relations_of(ident))
        holders = [f"character:{c.id}" for c in k.characters] + [f"person:{p.id}" for p in k.people]
        holds = {key: frozenset(f.key for f in self._facets_of(key)) for key in holders}
        self._facet_entries = frozenset(
            e.id for e in self.lexicon.entries if e.sense.kind == "facet"
        )
        # Each name's tokens and kana, worked out once for the specs and the reader.
        spelling = Spelling()
        self.reader = Reader(
            self.lexicon,
            self._name_specs(spelling),
            self._descriptions(),
            self._everything.ranks(),
            related,
            ties=self._ties(),
            holds=holds,
            home=(k.series.country,),
            translate=_in_japanese,
            spelling=spelling,
        )
        self._start()

    # What is made anew in each process: what the engine remembers of the
    # questions it answered, and its handlers (a cached engine keeps the rest).
    _PER_PROCESS = ("_cards", "_suggested", "_asked", "_choices", "handlers", "_translated_labels")

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k not in self._PER_PROCESS}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._start()

    def _start(self) -> None:
        k = self.knowledge
        self._cards = Cards()  # each entity's answer, made once (a reload starts afresh)
        self._suggested: Memo[tuple[Choice, ...]] = Memo(size=8192)  # each a few references
        self._asked: Memo[Answer] = Memo(size=1024)
        self._choices: dict[tuple[Lang, SuggestKind, str], Choice] = {}
        self.handlers: dict[Intent, Callable[[Question], Answer]] = {
            Intent.EMPTY: lambda q: self._miss(""),
            Intent.HELP: lambda q: self.help(),
            Intent.COMMAND: self._command,
            Intent.UNKNOWN_COMMAND: lambda q: self._miss(f"/{q.argument}"),
            Intent.DECLINE: self._decline,
            Intent.ENTITY: self._entity,
            Intent.RELATION: self._relation,
            Intent.LIFE: self._life,
            Intent.EPISODE: self._episode_question,
            Intent.EPISODES: lambda q: describe.episodes(
                k, "count" if q.attribute is Attribute.COUNT else None
            ),
            Intent.TRACK: self._track_question,
            Intent.SOUNDTRACK: self._soundtrack_question,
            Intent.SONG_ROLE: self._song_role,
            Intent.CAST: lambda q: describe.cast(k, lead_only=Modifier.LEAD in q.modifiers),
            Intent.RATINGS: self._ratings_question,
            Intent.CREDITS: lambda q: self.credits(q.credit),
            Intent.ABOUT: self._about_question,
            Intent.ADAPTATIONS: self._adaptations,
            Intent.SPECIAL: self._special_question,
            Intent.CHAIN: self._chain,
            Intent.FACET: self._facet,
        }
        # Labels in the other languages, each made the first time it is needed (reading a
        # catalog takes longer than answering): the English ones are built with the indexes.
        self._translated_labels: dict[Lang, dict[str, str]] = {}

    @property
    def _scope(self) -> str:
        """What the bot knows, said in the current language."""
        k = self.knowledge
        parts = [
            pgettext("scope", "the {count} episodes").format(count=k.series.episode_count),
            pgettext("scope", "the cast and roles"),
        ]
        parts += [pgettext("scope", "the soundtrack")] * bool(k.soundtrack)
        parts += [pgettext("scope", "the ratings")] * bool(k.ratings)
        parts += [pgettext("scope", "the special")] * bool(k.specials)
        parts += [pgettext("scope", "the credits")]
        title = describe.shown(k.series.title, k.series.native_title)
        return _("I know {topics} of {title}.").format(topics=and_list(parts), title=title)

    def _label_for(self, key: str, default: str | None = None) -> str:
        """The label of ``key`` in the current language (English when none is made)."""
        lang = current()
        if lang is not Lang.EN:
            labels = self._translated_labels.get(lang)
            if labels is None:  # in ``lang`` already: it is the current language
                labels = self._translated_labels[lang] = describe.labels(self.knowledge)
            translated = labels.get(key)
            if translated:
                return translated
        return self._labels.get(key, default if default is not None else key)

    @classmethod
    def from_path(cls, path: Path | str | None = None) -> Engine:
        """Load, validate and index a knowledge file and its lexicon.

        The engine built from the same files by the same code before is read
        from the cache instead (:mod:`bot.knowledge.cache`). Raises
        files.KnowledgeError for a broken knowledge or lexicon file.
        """
        file = Path(path) if path is not None else files.default_path()
        # The catalogs beside the file translate its texts, whether the engine is
        # built or comes from the cache (which never reads the file).
        i18n.bind_knowledge(file)
        return cache.remember(
            "engine",
            [file, *lexicon_file.paths(file)],
            lambda: cls(files.load(file), lexicon_file.load(file)),
            cls,
        )

    # Indexes

    def _build_episode_index(self) -> NameIndex:
        names = []
        for ep in self.knowledge.episodes:
            key = f"episode:{ep.number}"
            self._labels[key] = f"{ep.number} · {ep.title}"
            names += [(key, ep.title, True)] + [(key, n, False) for n in ep.aliases]
            if ep.native_title:
                names.append((key, ep.native_title, False))
        rank = {f"episode:{ep.number}": ep.number for ep in self.knowledge.episodes}
        return NameIndex(names, rank)

    def _build_track_index(self) -> NameIndex:
        names = []
        for t in self._tracks.values():
            key = f"track:{t.number}"
            self._labels[key] = f"{describe.track_no(t.number)} · {t.title}"
            names += [(key, t.title, True)] + [(key, n, False) for n in t.aliases]
            song = self._songs.get(t.song or "")
            if song:
                titles = [song.title, song.native_title or ""]
                names += [(key, f"{n} {t.version or ''}", False) for n in titles if n]
        return NameIndex(names, {f"track:{n}": n for n in self._tracks})

    def _build_person_index(self) -> NameIndex:
        k = self.knowledge
        names: list[tuple[str, str, bool]] = []
        rank: dict[str, int] = {}
        for i, c in enumerate(k.characters):
            key = f"character:{c.id}"
            actor = self._people[c.played_by].name if c.played_by else "actor unknown"
            self._labels[key] = f"{c.name} — {actor}"
            names += [(key, n, j == 0) for j, n in enumerate(c.all_names())]
            rank[key] = BILLING_ORDER.index(c.billing) * 100 + i
        credited: dict[str, list[str]] = {}
        for credit in k.credits:
            for person_id in credit.people:
                credited.setdefault(person_id, []).append(credit.job)
        roles = k.roles_by_actor
        for i, p in enumerate(k.people):
            key = f"person:{p.id}"
            jobs = credited.get(p.id, []) + [c.name for c in roles.get(p.id, ())]
            self._labels[key] = f"{p.name} — {', '.join(jobs)}" if jobs else p.name
            names += [(key, n, j == 0) for j, n in enumerate(p.all_names())]
            rank[key] = (1000 if p.id in roles else 500) + i
        return NameIndex(names, rank)

    def _build_global_index(self) -> NameIndex:
        k = self.knowledge
        names: list[tuple[str, str, bool] | Entry] = []
        rank = {"series": 0}
        indexes = (self.person_index, self.episode_index, self.track_index, self.song_index)
        for tier, index in enumerate(indexes, start=1):
            names += index.named_entries()
            rank.update({key: tier * 100_000 + r for key, r in index.ranks().items()})
        for i, sp in enumerate(k.specials):
            self._labels[f"special:{sp.id}"] = sp.title
            names += [(f"special:{sp.id}", n, j == 0) for j, n in enumerate(_names(sp))]
            rank[f"special:{sp.id}"] = 50 + i
        for i, w in enumerate(k.works):
            self._labels[f"work:{w.id}"] = w.title
            rank[f"work:{w.id}"] = 70 + i
        self._labels["series"] = f"{k.series.title} (the series)"
        series_names = [k.series.title, k.series.native_title or "", *k.series.alternative_titles]
        names += [("series", n, True) for n in series_names if n]
        return NameIndex(names, rank)

    def _name_specs(self, spelling: Spelling) -> list[NameSpec]:
        """Every name, alias, reading and title the reader should recognise."""
        k = self.knowledge
        specs: list[NameSpec] = []
        s = k.series
        for n in (s.title, s.native_title, s.reading, *s.alternative_titles, *s.related_shows):
            if n:
                specs.append(NameSpec("series", EntityKind.SERIES, n))
        for ep in k.episodes:
            for n in (ep.title, ep.native_title, *ep.aliases):
                if n:
                    specs.append(NameSpec(f"episode:{ep.number}", EntityKind.EPISODE, n))
        for t in self._tracks.values():
            for n in (t.title, *t.aliases):
                specs.append(NameSpec(f"track:{t.number}", EntityKind.TRACK, n))
            song = self._songs.get(t.song or "")
            if song and t.version:
                for n in (song.title, song.native_title):
                    if n:
                        # "<song> piano", "the piano version of <song>"
                        for text in (f"{n} {t.version}", f"{t.version} version of {n}"):
                            specs.append(NameSpec(f"track:{t.number}", EntityKind.TRACK, text))
        for song in k.songs:
            for n in _names(song):
                specs.append(NameSpec(f"song:{song.id}", EntityKind.SONG, n))
            specs.append(NameSpec(f"song:{song.id}", EntityKind.SONG, song.artist, How.ARTIST))
        for sp in k.specials:
            for n in (*_names(sp), sp.reading):
                if n:
                    specs.append(NameSpec(f"special:{sp.id}", EntityKind.SPECIAL, n))
        # Folded only when some work's cast names a role: most knowledge has no such cast.
        people_names = (
            {fold(n) for item in (*k.characters, *k.people) for n in item.all_names()}
            if any(casting.role for w in k.works for casting in w.cast)
            else set()
        )
        for w in k.works:
            for n in (w.title, w.native_title, w.reading, *w.aliases):
                if n:
                    specs.append(NameSpec(f"work:{w.id}", EntityKind.WORK, n))
            for casting in w.cast:
                # "Nayla": a role only this work's cast names ("Nayla", "Haru, who runs
                # a bakery") names the work; a role of the series keeps its own card.
                first = (casting.role or "").split(",")[0].strip()
                if first and fold(first) not in people_names:
                    specs.append(NameSpec(f"work:{w.id}", EntityKind.WORK, first, How.PARTIAL))
            # "the manga", "the 2027 film": a work by its kind, and its year.
            kind = w.kind.value.replace("-", " ")
            specs.append(NameSpec(f"work:{w.id}", EntityKind.WORK, kind, How.PARTIAL))
            for word in self.lexicon.work_kinds.get(w.kind.value, ()):
                specs.append(NameSpec(f"work:{w.id}", EntityKind.WORK, word, How.PARTIAL))
            if (year := _year_of(w)) is not None:
                for word in (kind, *self.lexicon.work_kinds.get(w.kind.value, ())):
                    specs.append(NameSpec(f"work:{w.id}", EntityKind.WORK, f"{year} {word}"))
        for i, r in enumerate(k.reception):
            for n in (r.name, r.native_name, *r.aliases):
                if n:
                    specs.append(NameSpec(f"reception:{i}", EntityKind.AWARD, n))
        named: list[tuple[str, EntityKind, Character | Person]] = [
            (f"character:{c.id}", EntityKind.CHARACTER, c) for c in k.characters
        ]
        named += [(f"person:{p.id}", EntityKind.PERSON, p) for p in k.people]
        for key, kind, item in named:
            for n in (*item.all_names(), item.reading):
                if n:
                    specs.append(NameSpec(key, kind, n))
            words = item.name.split()
            if len(words) > 1 and words[0].casefold() != "the":
                # Given and family names; not the words of a descriptive name ("The lamp
                # keeper"), which are ordinary words.
                specs += [NameSpec(key, kind, w, How.PARTIAL) for w in words if len(w) > 2]
            if item.reading and " " in item.reading:
                specs += [NameSpec(key, kind, w, How.PARTIAL) for w in item.reading.split()]
            specs += _kana_specs(key, kind, [item.name, *item.aliases], spelling.kana)
            if family := _native_family(item.native, item.name, item.aliases, spelling.kana):
                specs.append(NameSpec(key, kind, family, How.PARTIAL))
        kana = spelling.kana
        for sp in k.specials:
            specs += _kana_specs(f"special:{sp.id}", EntityKind.SPECIAL, list(sp.aliases), kana)
        for song in k.songs:
            specs += _kana_specs(f"song:{song.id}", EntityKind.SONG, [song.title], kana)
            specs += _kana_specs(
                f"song:{song.id}", EntityKind.SONG, [song.artist], kana, How.ARTIST
            )
        return specs

    def _ties(self) -> dict[str, frozenset[tuple[str, str]]]:
        """Per role or person, what it is tied to, as (relation kind, key): its relations,
        and with no kind the specials it appears in, its actor (for a person, the roles
        played), for a song the specials that use it."""
        k = self.knowledge
        characters = {c.id for c in k.characters}

        def key(ident: str) -> str:
            return f"character:{ident}" if ident in characters else f"person:{ident}"

        ties: dict[str, set[tuple[str, str]]] = {}
        specials = {sp.id for sp in k.specials}
        for c in k.characters:
            own = ties.setdefault(f"character:{c.id}", set())
            own.update((link.kind.value, key(link.other)) for link in k.relations_of(c.id))
            own.update(("", f"special:{w}") for w in c.appears_in if w in specials)
            if c.played_by:
                own.add(("", f"person:{c.played_by}"))
                ties.setdefault(f"person:{c.played_by}", set()).add(("", f"character:{c.id}"))
        for sp in k.specials:
            for song in sp.songs:
                ties.setdefault(f"song:{song}", set()).add(("", f"special:{sp.id}"))
        return {name: frozenset(keys) for name, keys in ties.items()}

    def _descriptions(self) -> list[tuple[str, str]]:
        """What the knowledge says about people, roles and songs: for "the rehab doctor"."""
        k = self.knowledge
        # One text per sentence-sized piece: the reader reads at most MAX_READ
        # characters of a text, and a whole episode's plot is longer.
        out = [(f"character:{c.id}", t) for c in k.characters for t in (c.description, *c.aliases)]
        out += [(f"person:{p.id}", p.description) for p in k.people if p.description]
        out += [(f"song:{s.id}", f"{s.use} {s.artist}") for s in k.songs]
        out += [(f"song:{s.id}", d.text) for s in k.songs for d in s.details]
        songs = {s.id for s in k.songs}
        out += [
            (f"song:{r.recipient}", f"{r.name} {r.description or ''}")
            for r in k.reception
            if r.recipient in songs
        ]
        out += [(f"work:{w.id}", f"{w.description} {w.country or ''}") for w in k.works]
        # A work's cast, by the roles its credits describe ("the heroine's mother").
        out += [(f"work:{w.id}", c.role) for w in k.works for c in w.cast if c.role]
        out += [(f"episode:{ep.number}", point.text) for ep in k.episodes for point in ep.plot]
        return out

    def _build_work_index(self) -> NameIndex:
        """Related works by title, original title, alias, and kind ("manga", "2004 film")."""
        names: list[tuple[str, str, bool]] = []
        for w in self.knowledge.works:
            key = f"work:{w.id}"
            year = (w.released or (str(w.announced.year) if w.announced else ""))[:4]
            kind = describe.work_kind(w.kind)
            self._labels[key] = f"{w.title} ({kind}{', ' + year if year else ''})"
            titles = [w.title, w.native_title or "", *w.aliases]
            names += [(key, n, i == 0) for i, n in enumerate(titles) if n]
            names += [(key, kind, False)] + ([(key, f"{year} {kind}", False)] if year else [])
        return NameIndex(names, {f"work:{w.id}": i for i, w in enumerate(self.knowledge.works)})

    def _build_award_index(self) -> NameIndex:
        """Awards, rankings and polls by name (and original name), ranked by year."""
        names: list[tuple[str, str, bool]] = []
        rank: dict[str, int] = {}
        for i, r in enumerate(self.knowledge.reception):
            key = f"reception:{i}"
            self._labels[key] = describe.reception_label(r)
            names += [(key, r.name, True)]
            names += [(key, n, False) for n in (r.native_name, r.category) if n]
            names += [(key, f"{r.name} {r.year}", False)] if r.year else []
            rank[key] = (r.year or 9999) * 1000 + i
        return NameIndex(names, rank)

    # Lookups (slash commands): the argument names one kind of thing.

    def episode(self, query: str) -> Answer:
        return self._asked.get(("/episode", query), lambda: self._episode(query, None))

    def _episode(self, query: str, focus: str | None) -> Answer:
        k = self.knowledge
        count = k.series.episode_count
        span = _("Episodes run from 1 to {count}.").format(count=count)
        number: int | None
        if _looks_numeric(query):
            number = _whole_number(query)
        else:
            read = self.reader.number(query, Topic.EPISODE)
            number = read.value if read else None
            if read is not None and number is None:
                return self._no_episode(query, None)
        if number == LAST:
            number = max(self._episodes)
        if number is not None or _looks_numeric(query):
            ep = self._episodes.get(number) if number is not None else None
            if ep:
                return self._cards.get(
                    (f"episode:{ep.number}", focus), lambda: describe.episode(k, ep, focus)
                )
            return self._no_episode(query, number)
        if not query.strip():
            return describe.not_found("episode", _("Which episode?"), self._try(span, "episode"))
        hits = self.episode_index.search(query, cutoff=SUGGEST_CUTOFF, limit=5)
        return self._pick(
            hits,
            lambda key: self._cards.get(
                (key, focus),
                lambda: describe.episode(k, self._episodes[int(key.split(":")[1])], focus),
            ),
            kind="episode",
            miss=_("No episode matches “{query}”").format(query=_clip(query)),
            hint=_("Episodes run from 1 to {count}. Ask by number or by title.").format(
                count=count
            ),
        )

    def _no_episode(self, query: str, number: int | None) -> Answer:
        count = self.knowledge.series.episode_count
        shown = _clip(str(number), 12) if number is not None else _shown_number(query)
        return describe.not_found(
            "episode",
            _("There is no episode {number}").format(number=shown)
            if shown
            else _("That is not an episode number"),
            _("Episodes run from 1 to {count}.").format(count=count),
            suggestions=[
                self._label_for(f"episode:{n}") for n in (1, count) if n in self._episodes
            ],
        )

    def episodes(self) -> Answer:
        return describe.episodes(self.knowledge)

    def track(self, query: str) -> Answer:
        return self._asked.get(("/track", query), lambda: self._track(query))

    def _track(self, query: str) -> Answer:
        k = self.knowledge
        if k.soundtrack is None:
            return describe.not_found(
                "track", _("No soundtrack is recorded"), _("Nothing to look up.")
            )
        number: int | None
        if _looks_numeric(query):
            number = _whole_number(query)
            if number is None:
                return describe.not_found(
                    "track",
                    _("That is not a track number"),
                    _("The album has {count} tracks, numbered from 1.").format(
                        count=k.soundtrack.track_count
                    ),
                )
        else:
            read = self.reader.number(query, Topic.TRACK)
            number = read.value if read else None
        if number == LAST:
            number = k.soundtrack.track_count
        if number is not None:
            return self._track_number(number)
        if not query.strip():
            return describe.not_found("track", _("Which track?"), self._try("", "track"))
        hits = self.track_index.search(query, cutoff=SUGGEST_CUTOFF, limit=5)
        return self._pick(
            hits,
            self._describe_key,
            kind="track",
            miss=_("No track matches “{query}”").format(query=_clip(query)),
            hint=_("Ask by number (1–{count}) or by title; /soundtrack lists them all.").format(
                count=k.soundtrack.track_count
            ),
        )

    def _track_number(self, number: int) -> Answer:
        k = self.knowledge
        assert k.soundtrack is not None
        if number in self._tracks:
            return self._describe_key(f"track:{number}")
        if 1 <= number <= k.soundtrack.track_count:
            return describe.unlisted_track(k, number)
        return describe.not_found(
            "track",
            _("There is no track {number}").format(number=_clip(str(number), 12)),
            _("The album has {count} tracks, numbered from 1.").format(
                count=k.soundtrack.track_count
            ),
        )

    def soundtrack(self, focus: str | None = None) -> Answer:
        if self.knowledge.soundtrack is None:
            return describe.not_found(
                "soundtrack", _("No soundtrack is recorded"), _("Nothing to list.")
            )
        return describe.soundtrack(self.knowledge, focus)

    def person(self, query: str, only: str | None = None) -> Answer:
        """A role or a person; ``only`` keeps keys with that prefix ("character:").

        A name goes to the name index (typos, partial names); a relation
        ("Ann's mum") or a description ("the basketball senior") is read by
        the same reader as free text.
        """
        if not query.strip():
            return self.cast()
        exact = query.strip()
        if exact in self._labels and exact.split(":")[0] in ("character", "person"):
            return self._describe_key(exact)
        q = self.reader.read(query)
        if q.intent is Intent.RELATION:
            return self._relation(q)
        hits = self.person_index.search(query, cutoff=SUGGEST_CUTOFF, limit=8)
        if only:
            hits = [h for h in hits if h.key.startswith(only)]
        miss = _("Nobody in the cast or credits matches “{query}”").format(query=_clip(query))
        hint = self._try(_("/cast lists everyone."), "person", first=False)
        if not any(h.score >= CUTOFF for h in hits) and q.intent is Intent.ENTITY and q.link:
            kinds = (EntityKind.CHARACTER, EntityKind.PERSON)
            people = q.link.of(*kinds)
            if people and q.link.best.how is How.DESCRIBED:
                return self._describe_key(people[0].key)
        return self._pick(hits, self._describe_key, kind="person", miss=miss, hint=hint.strip())

    def cast(self, query: str = "") -> Answer:
        return self.person(query) if query.strip() else describe.cast(self.knowledge)

    def song(self, query: str, focus: describe.SongFocus | None = None) -> Answer:
        """A song by title or artist; ``focus`` leads with its release, chart run or sales."""
        hits = self.song_index.search(query, cutoff=SUGGEST_CUTOFF, limit=3)

        def render(key: str) -> Answer:
            if focus is None:
                return self._describe_key(key)
            return describe.song(self.knowledge, self._songs[key.split(":", 1)[1]], focus)

        return self._pick(
            hits,
            render,
            kind="song",
            miss=_("No song matches “{query}”").format(query=_clip(query)),
            hint=_("The songs we know: {songs}.").format(
                songs=describe.listing(
                    describe.shown(s.title, s.native_title) for s in self.knowledge.songs
                )
            ),
        )

    def ratings(self, focus: str | None = None) -> Answer:
        return describe.ratings(self.knowledge, focus)

    def special(self, focus: str | None = None, which: str | None = None) -> Answer:
        """A special (by id or name; the first on record if ``which`` is None)."""
        k = self.knowledge
        if not k.specials:
            return describe.not_found("special", _("No special is recorded"), _("Nothing to tell."))
        chosen = self._special_named(which) if which else k.specials[0]
        if chosen is None:
            titles = ", ".join(sp.title for sp in k.specials)
            return describe.not_found(
                "special",
                _("No special matches “{query}”").format(query=_clip(which or "")),
                _("On record: {titles}.").format(titles=titles),
            )
        return describe.special(k, chosen, focus)

    def about(self, focus: str | None = None) -> Answer:
        return describe.about(self.knowledge, focus)

    def credits(self, focus: str | None = None) -> Answer:
        return describe.credits(self.knowledge, focus)

    # Plots, ratings, relations, awards, related works, production

    def plot(self, which: int | str) -> Answer:
        """What happens in an episode (number, "finale", title) or a special (id or name).

        Spoiler plot points come back as spoiler facts, for the front-end to mask.
        """
        return self._part(which, "plot")

    def rating(self, which: int | str) -> Answer:
        """One episode's or special's rating, or that no source gives a figure for it."""
        return self._part(which, "rating")

    def _part(self, which: int | str, focus: str) -> Answer:
        k = self.knowledge
        if isinstance(which, int):
            return self._episode(str(max(self._episodes)) if which == LAST else str(which), focus)
        special = self._special_named(which)
        if special is not None:
            return describe.special(k, special, focus)
        return self._episode(which, focus)

    def _special_named(self, query: str) -> Special | None:
        """The special ``query`` names (its id or a strong match), unless it names an episode."""
        if query.strip() in self._specials:
            return self._specials[query.strip()]
        if _looks_numeric(query) or self.reader.number(query, Topic.EPISODE) is not None:
            return None
        hits = self.special_index.search(query, cutoff=CUTOFF, limit=1)
        return self._specials[hits[0].key.split(":", 1)[1]] if hits else None

    def relations(self, who: str, kind: RelationKind | None = None) -> Answer:
        """Who stands in a relation to a role or a person (written or derived).

        ``kind`` is what the others are to ``who``: ``relations("Ann", PARENT)``
        gives Ann's parents; without it, every relation on record.
        """
        hits = self.person_index.search(who, cutoff=SUGGEST_CUTOFF, limit=8)

        def render(key: str) -> Answer:
            kind_of, _, ident = key.partition(":")
            subject = self._characters[ident] if kind_of == "character" else self._people[ident]
            return describe.relations(self.knowledge, subject, kind)

        return self._pick(
            hits,
            render,
            kind="relations",
            miss=_("Nobody in the cast or credits matches “{query}”").format(query=_clip(who)),
            hint=self._try(_("/cast lists everyone."), "person", first=False),
        )

    def awards(self, kind: ReceptionKind | None = None) -> Answer:
        """Every award, ranking and poll on record, or only those of one kind."""
        return describe.awards(self.knowledge, kind)

    def award(self, query: str) -> Answer:
        """One award, ranking or poll by name ("Elan d'Or", "Golden Arrow")."""
        hits = self.award_index.search(query, cutoff=SUGGEST_CUTOFF, limit=5)
        return self._pick(
            hits,
            self._describe_key,
            kind="award",
            miss=_("No award or ranking on record matches “{query}”").format(query=_clip(query)),
            hint=_("Ask “what awards did it win?” for the full list."),
        )

    def works(self, relation: WorkRelation | None = None) -> Answer:
        """The related works (books, films, manga, other series), or those of one relation."""
        return describe.works(self.knowledge, relation)

    def work(self, query: str) -> Answer:
        """One related work by title, original title or kind ("manga", "2004 film")."""
        hits = self.work_index.search(query, cutoff=SUGGEST_CUTOFF, limit=5)
        names = describe.listing(
            describe.shown(w.title, w.native_title) for w in self.knowledge.works
        )
        return self._pick(
            hits,
            self._describe_key,
            kind="work",
            miss=_("No related work matches “{query}”").format(query=_clip(query)),
            hint=_("The related works on record: {names}.").format(names=names)
            if names
            else _("No related work is on record."),
        )

    def production(self, topic: ProductionTopic | None = None) -> Answer:
        """How the series was made and shown; ``topic`` leads with one part."""
        return describe.production(self.knowledge, topic)

    # Autocomplete

    def suggest(self, kind: SuggestKind, partial: str) -> list[Choice]:
        """At most 25 choices whose value the matching lookup resolves exactly.

        Remembered per engine and language: every fan who types the same name sends
        the same prefixes, one per keystroke.
        """
        partial = partial[:100]
        made = self._suggested.get((kind, partial), lambda: tuple(self._suggest(kind, partial)))
        return list(made)

    def _choice(self, kind: SuggestKind, key: str) -> Choice:
        """One entity's choice, made once per language (suggestions share them)."""

        made = self._choices.get((current(), kind, key))
        if made is None:
            value = key.split(":", 1)[1] if kind != "person" else key
            made = Choice(name=clip(self._label_for(key), 100), value=value)
            self._choices[current(), kind, key] = made  # at most one per entity and language
        return made

    def _suggest(self, kind: SuggestKind, partial: str) -> list[Choice]:
        index = {
            "episode": self.episode_index,
            "track": self.track_index,
            "person": self.person_index,
        }.get(kind)
        if index is None:
            return []
        partial = partial[:100]
        keys: list[str] = []
        number = _whole_number(partial) if _looks_numeric(partial) else None
        if kind == "episode" and number is None and partial.strip():
            read = self.reader.number(partial, Topic.EPISODE)
            number = read.value if read else None
            if number == LAST:
                number = max(self._episodes)
        if number is not None and kind != "person":
            key = f"{kind}:{number}"
            if key in self._labels:
                keys.append(key)
        keys += index.prefix(partial, MAX_CHOICES)
        if len(keys) < MAX_CHOICES and partial.strip():
            keys += [h.key for h in index.search(partial, cutoff=SUGGEST_CUTOFF, limit=MAX_CHOICES)]
        choices: list[Choice] = []
        seen: set[str] = set()
        for key in keys:
            if key in seen:
                continue
            seen.add(key)
            choices.append(self._choice(kind, key))
            if len(choices) == MAX_CHOICES:
                break
        return choices

    # Free text

    def read(self, text: str) -> Question:
        """How the reader understands ``text`` (``namida ask --explain`` prints it)."""
        return self.reader.read(text)

    def ask(self, text: str) -> Answer:
        """The answer to ``text``; a question asked again (by anyone) is answered from memory."""
        return self._asked.get(text, lambda: self._ask(text))

    def _ask(self, text: str) -> Answer:
        question = self.reader.read(text)
        answer = self.answer(question)
        return answer.model_copy(update={"reading": question.summary()})

    def answer(self, q: Question) -> Answer:
        return self.handlers[q.intent](q)

    def help(self) -> Answer:
        # The examples are the series' own words (its lexicon), in the reader's language.
        examples = self.lexicon.examples.local()
        lines = examples.help or (
            "/episode · /track · /cast · /episodes · /soundtrack",
            "/ratings · /special · /about · /credits · /ask",
        )
        if examples.ask:
            asked = describe.listing(_("“{question}”").format(question=a) for a in examples.ask)
            lines = (*lines, _("Or just ask: {questions}").format(questions=asked))
        return describe.found("help", _("What you can ask"), lines=tuple(lines))

    def _example(self, kind: Literal["person", "track", "episode"]) -> str:
        example = getattr(self.lexicon.examples.local(), kind)
        return example or ""

    def _try(
        self, hint: str, kind: Literal["person", "track", "episode"], *, first: bool = True
    ) -> str:
        """A hint and the knowledge's example for ``kind`` (in the reader's language), in order."""
        example = self._example(kind).strip()
        parts = [hint, example] if first else [example, hint]
        return " ".join(p for p in parts if p)

    # Handlers: one per Intent, reading the Question's slots only.

    def _command(self, q: Question) -> Answer:
        argument = q.argument
        lookups: dict[Command, Callable[[], Answer]] = {
            Command.EPISODE: lambda: self.episode(argument),
            Command.EPISODES: self.episodes,
            Command.TRACK: lambda: self.track(argument),
            Command.SOUNDTRACK: self.soundtrack,
            Command.CAST: lambda: self.cast(argument),
            Command.RATINGS: self.ratings,
            Command.SPECIAL: self.special,
            Command.ABOUT: self.about,
            Command.CREDITS: self.credits,
            Command.HELP: self.help,
            Command.SONG: lambda: self.song(argument),
        }
        return lookups[q.command]() if q.command else self._decline(q)

    def _decline(self, q: Question) -> Answer:
        """Not understood: say what was understood and what was not, never guess."""
        lines: list[str] = []
        known = [self._label_for(link.best.key, link.text) for link in q.links]
        if known:
            names = _("; ").join(dict.fromkeys(known))
            lines.append(_("I know {names}.").format(names=names))
        if q.unexplained:
            words = describe.listing(_("“{word}”").format(word=w) for w in q.unexplained[:5])
            lines.append(_("I could not place {words} in what I know.").format(words=words))
        if q.decline is Decline.TOO_LONG:
            lines.append(_("That is longer than any question I read; ask it in a sentence or two."))
        suggestions = [self._label_for(key, key) for key in q.suggested]
        if not suggestions and len(q.read.strip()) >= 3 and not known:
            # Suggestions come from the start of the question: a name is never longer.
            hits = self._everything.search(q.read[:100], cutoff=SUGGESTION_CUTOFF, limit=3)
            suggestions = [self._label_for(h.key, h.name) for h in hits]
        shown = _clip(q.asked or q.read)
        title = (
            _("I don't know the answer to “{question}”").format(question=shown)
            if shown
            else (_("Ask me something"))
        )
        return describe.not_found(
            "unknown", title, self._scope, suggestions=suggestions[:3], lines=lines
        )

    def _not_on_record(self, q: Question, link: Link, what: str) -> Answer:
        """A partial answer: the thing is known, the detail asked is not."""
        label = self._label_for(link.best.key, link.text)
        return describe.not_found(
            "unknown",
            _("I have nothing on {what}").format(what=what),
            self._scope,
            lines=[
                _("I know {label}, but {what} is not in my sources.").format(label=label, what=what)
            ],
        )

    def _entity(self, q: Question) -> Answer:
        if not q.links:
            return self._decline(q)
        in_work = self._work_cast(q)
        if in_work is not None:
            return in_work
        written = self._written_by(q)
        if written is not None:
            return written
        lone = q.links[0]
        if (
            len(q.links) == 1
            and lone.best.how is How.DESCRIBED
            and len(lone.text.split()) == 1
            and q.attribute is None
            and q.topic is None
        ):
            # "where is <a town>": one word found only inside another thing's
            # description asks about the word itself, which has no card.
            label = self._label_for(lone.best.key, lone.text)
            return describe.not_found(
                "unknown",
                _("I have nothing on “{word}” itself").format(word=lone.text),
                self._scope,
                lines=[
                    _("“{word}” comes up only in what I know about {label}.").format(
                        word=lone.text, label=label
                    )
                ],
                suggestions=[label],
            )
        only_series = all(link.best.kind is EntityKind.SERIES for link in q.links)
        if only_series and q.topic is Topic.CAST and q.attribute is None:
            # "<the series' title> cast list": the title only says which show.
            return describe.cast(self.knowledge, lead_only=Modifier.LEAD in q.modifiers)
        attribute = q.attribute
        link, cands = self._choose(q)
        if attribute is Attribute.MAKER:
            return self._maker(link)
        if not cands:
            told = self._told_in_details(link.best.key, attribute) if attribute else None
            if told is not None:
                return told
            return self._not_on_record(q, link, _its(attribute) if attribute else _("that"))
        best = cands[0]
        unfit = [a for a in q.attributes if not self._fits(best, a) and a is not Attribute.MAKER]
        if unfit:
            told = self._told_in_details(best.key, unfit[0])
            if told is not None:
                return told
            # "「港の歌」を歌うのは第何話": a song has no episode number; say what is known.
            return self._not_on_record(q, link, _its(unfit[0]))
        odd = [m for m in q.modifiers if m not in _ENTITY_MODIFIERS.get(best.kind, ())]
        if odd and best.kind in (EntityKind.CHARACTER, EntityKind.PERSON, EntityKind.SONG):
            # "was this her first lead role": a card does not answer "first".
            return self._not_on_record(
                q, link, _("the “{word}” asked about").format(word=odd[0].value)
            )
        real_asked = Modifier.REAL in q.modifiers and attribute is not Attribute.BASED_ON
        if real_asked and best.kind is not EntityKind.PERSON:
            # ("based on real life" asks what it is based on, whatever it names.)
            return self._not_on_record(q, link, _("a real person behind this role"))

        if best.how is How.ARTIST:
            songs = [c.key for c in cands if c.how is How.ARTIST]
            return self._group(songs, q)
        if best.kind is EntityKind.EPISODE and (
            Modifier.NEXT in q.modifiers or Modifier.PREVIOUS in q.modifiers
        ):
            number = int(best.key.partition(":")[2])
            shift = 1 if Modifier.NEXT in q.modifiers else -1
            shifted = replace(
                q,
                number=Number(number + shift, str(number + shift)),
                links=(),
                modifiers=tuple(m for m in q.modifiers if m not in _SHIFTS),
            )
            return self._episode_question(shifted)
        answer = self._describe_candidate(best, attribute, q)
        rivals = [
            c
            for c in cands[1:]
            if c.how is best.how or (best.how is How.EXACT and c.how is How.PARTIAL)
        ]
        if not rivals or answer.status is Status.NOT_FOUND:
            return answer
        if attribute is not None and best.how is How.PARTIAL:
            # "what business do the Smiths run": whose, of several, is not known.
            return self._not_on_record(q, link, _("which of them is meant"))
        others = tuple(self._label_for(c.key, c.key) for c in rivals[:5])
        return answer.model_copy(update={"status": Status.AMBIGUOUS, "alternatives": others})

    def _choose(self, q: Question) -> tuple[Link, list[Candidate]]:
        """The name the question is about: the first whose kind has the detail asked."""
        attribute = q.attribute
        prefer = list(_PREFERS.get(attribute, ())) if attribute else []
        prefer += list(_TOPIC_KINDS.get(q.topic, ())) if q.topic else []
        fitting = [(link, self._fitting(link, attribute)) for link in q.links]
        if Modifier.REAL in q.modifiers:
            # "the real Ann": the real person, however the name matched.
            for link, _cands in fitting:
                real = [c for c in self._with_real(link.candidates) if c.kind is EntityKind.PERSON]
                real = [c for c in real if self._fits(c, attribute)]
                if real:
                    return link, real
        for kind in prefer:
            for link, cands in fitting:
                # Among the names matched equally well: a partial name never beats a whole one.
                top = [c for c in cands if cands and c.how is cands[0].how]
                chosen = [c for c in top if c.kind is kind]
                if chosen:
                    return link, chosen + [c for c in cands if c not in chosen]
        for link, cands in fitting:
            if cands:
                return link, cands
        return q.links[0], []

    def _fitting(self, link: Link, attribute: Attribute | None) -> list[Candidate]:
        cands = [c for c in link.candidates if self._fits(c, attribute)]
        prefer = _PREFERS.get(attribute) if attribute else None
        if prefer and cands:
            top = [c for c in cands if c.how is cands[0].how]
            preferred = [c for c in top if c.kind is prefer[0]]
            cands = preferred + [c for c in cands if c not in preferred] if preferred else cands
        return cands

    def _fits(self, c: Candidate, attribute: Attribute | None) -> bool:
        """Whether ``c`` has the detail asked; series details only for whom they concern."""
        if attribute in FITS[c.kind]:
            return True
        subjects = self.lexicon.subjects.get(attribute.value if attribute else "", ())
        return c.key in subjects

    def _describe_candidate(self, c: Candidate, attribute: Attribute | None, q: Question) -> Answer:
        k = self.knowledge
        ident = c.key.partition(":")[2]
        if c.kind is EntityKind.EPISODE:
            focus = _EPISODE_FOCUS.get(attribute) if attribute else None
            return describe.episode(k, self._episodes[int(ident)], focus)
        if c.kind is EntityKind.SPECIAL:
            return self._special_answer(self._specials[ident], attribute, q.credit)
        if c.kind is EntityKind.WORK:
            return self._work(self._works[ident], q)
        if c.kind is EntityKind.SONG and attribute in _SONG_FOCUS:
            song = self._songs[ident]
            focus = _SONG_FOCUS[attribute]
            held = {"chart": song.charts, "sales": song.sales}.get(focus, song.release)
            if not held:
                link = Link(song.title, 0, 0, (c,))
                return self._not_on_record(q, link, _its(attribute))
            return describe.song(k, song, focus)
        if c.kind is EntityKind.PERSON and attribute is Attribute.AWARDS:
            person = self._people[ident]
            won = [r for r in k.reception if r.recipient == person.id]
            if not won:
                link = Link(person.name, 0, 0, (c,))
                return self._not_on_record(q, link, _("an award of theirs"))
            return describe.awards(k)
        if c.kind is EntityKind.SERIES and attribute is Attribute.RATING:
            return self.ratings()
        if c.kind is EntityKind.SERIES and attribute is not None and attribute not in _ABOUT_FOCUS:
            return self._about_question(q)
        if c.kind is EntityKind.SERIES or attribute not in FITS[c.kind]:
            return self.about(_ABOUT_FOCUS.get(attribute) if attribute else None)
        return self._describe_key(c.key)

    def _work(self, w: Work, q: Question) -> Answer:
        """A related work's card, when it holds what was asked of the work."""
        k = self.knowledge
        first = k.original_works[0] if k.original_works else None
        if w is first and q.attribute is Attribute.BASED_ON and not q.credit:
            return self.about("based_on")
        held: dict[Attribute, bool] = {
            Attribute.AIRED: bool(w.released or w.releases or w.editions),
            Attribute.RELEASE: bool(w.released or w.releases or w.editions),
            Attribute.LENGTH: w.runtime_minutes is not None,
            Attribute.BROADCASTER: w.broadcaster is not None,
            Attribute.COUNT: w.episode_count is not None,
            Attribute.ACTOR: bool(w.cast),
            Attribute.ROLE: bool(w.cast),
            Attribute.SALES: bool(w.sales),
        }
        missing = [a for a in q.attributes if not held.get(a, True)]
        jobs = {c.job.casefold() for c in w.staff}
        wrote = q.credit == "Screenplay" and bool(w.authors)
        if q.credit and q.credit.casefold() not in jobs and not wrote:
            missing.append(Attribute.STAFF)
        if missing or q.song_role or q.relation:
            link = Link(w.title, 0, 0, (self._candidate(f"work:{w.id}"),))
            return self._not_on_record(q, link, _its(missing[0]) if missing else _("that"))
        return describe.work(k, w)

    def _maker(self, link: Link) -> Answer:
        """ "Who composed <song>": the sources name who performs it, not who wrote it."""
        songs = link.of(EntityKind.SONG, EntityKind.TRACK)
        if not songs:
            return self._not_on_record(Question(Intent.ENTITY), link, _("who wrote it"))
        key = songs[0].key
        if key.startswith("track:"):
            song_id = self._tracks[int(key.partition(":")[2])].song
            key = f"song:{song_id}" if song_id else key
        song = self._songs.get(key.partition(":")[2]) if key.startswith("song:") else None
        if song is None or not song.writers:
            # Performers are on record, writers are not: say so rather than guess.
            label = self._label_for(key, link.text)
            return describe.not_found(
                "song",
                _("Who wrote it is not on record"),
                self._scope,
                lines=[
                    _("I know {label}; my sources name who performs it, not who wrote it.").format(
                        label=label
                    )
                ],
            )
        answer = self._describe_key(key)
        line = _("Written by {writers}.").format(writers=describe.listing(song.writers))
        return answer.model_copy(update={"lines": (line, *answer.lines)})

    def _chain_candidates(self, roles: list[Character], works: list[Work]) -> list[Person]:
        """Whoever can be the one a chain asks for, in the knowledge's order: who plays its
        first role (in the drama or in a related work's cast), else who is in the first
        work's cast. Trying everyone took 100 ms at 100,000 entities."""
        k = self.knowledge
        if roles:
            first = roles[0]
            ids = {first.played_by} | {
                c.person for w in (works or k.works) for c in w.cast if _plays(c, first)
            }
        else:
            ids = {c.person for c in works[0].cast}
        return [p for p in k.people if p.id in ids]

    def _chain(self, q: Question) -> Answer:
        """The actor who played every role named, in every work named (a related work's
        cast gives its roles by name): their card, or a short list when the work
        alone is named ("the actress from the film: which role in the drama")."""
        k = self.knowledge
        roles = [k.characters_by_id[key.partition(":")[2]] for key in _keys(q, "character")]
        works = [self._works[key.partition(":")[2]] for key in _keys(q, "work")]
        if not works and q.topic is Topic.FILM:
            # 「2004年の映画」: the film of that year, or the only one.
            year = q.number.value if q.number else None
            works = [
                w
                for w in k.works
                if w.kind is WorkKind.FILM and w.cast and year in (None, _year_of(w))
            ]
            if len(works) != 1:
                return self._decline(replace(q, decline=Decline.AMBIGUOUS))
        if not roles and not works:
            return self._decline(replace(q, decline=Decline.AMBIGUOUS))
        played = k.roles_by_actor
        fits: list[Person] = []
        for p in self._chain_candidates(roles, works):
            cast = [(w, c) for w in (works or k.works) for c in w.cast if c.person == p.id]
            if works and len({w.id for w, _ in cast}) < len(works):
                continue  # not in the cast of every work named
            drama = {c.id for c in played.get(p.id, ())}
            if not roles and not drama:
                continue  # "the actress from the film … in the drama": in both
            if all(r.id in drama or any(_plays(c, r) for _, c in cast) for r in roles):
                fits.append(p)
        if len(fits) == 1:
            return describe.person(k, fits[0])
        if not 1 < len(fits) <= MAX_CHAIN or roles:
            return self._decline(replace(q, decline=Decline.AMBIGUOUS))
        lines = []
        for p in fits:
            parts = [describe.with_native(c.name, c.native) for c in played.get(p.id, ())]
            parts += [
                _("{role} in {work}").format(
                    role=describe.with_native(c.role, c.native_role),
                    work=describe.shown(w.title, None),
                )
                for w in works
                for c in w.cast
                if c.person == p.id and c.role
            ]
            lines.append(f"{describe.with_native(p.name, p.native)}: {_('; ').join(parts)}")
        titles = and_list(describe.shown(w.title, w.native_title) for w in works)
        return describe.found(
            "person",
            _("In the cast of {works} and of the drama").format(works=titles),
            lines=tuple(lines),
            sources=describe.sources(k, *(c.sources for w in works for c in w.cast)),
        )

    def _relation(self, q: Question) -> Answer:
        """Someone's mother, friend, doctor…: from the knowledge's relations and names.

        The relations give who stands in that relation (derived inverses
        included); a word the relations cannot tell apart ("mother" among the
        parents, "younger" among the sisters) must be in the other's names or
        description. Several answers are listed together.
        """
        owner, sense = q.link, q.relation
        if owner is None and sense is not None and Modifier.REAL in q.modifiers:
            # "the real mother": of the real person the story's first lead stands for.
            related = self._real_relation(sense)
            return self._describe_key(related.key) if related else self._decline(q)
        if owner is None and sense is not None:
            leads = [c for c in self.knowledge.characters if c.billing == "lead"]
            if not leads:
                return self._decline(q)
            # Nobody named: the story's first lead is whose relation is meant.
            owner = Link(leads[0].name, 0, 0, (self._candidate(f"character:{leads[0].id}"),))
        if owner is None or sense is None:
            return self._decline(q)
        words = [sense.word] if sense.word else []
        words += [word for m in q.modifiers for word in _AGE.get(m, ())[:1]]
        wanted = _FAMILY_KINDS if sense.value == "family" else {sense.value}
        owners = owner.of(EntityKind.CHARACTER, EntityKind.PERSON)
        if owners and owners[0].kind is EntityKind.PERSON and Modifier.REAL not in q.modifiers:
            # "<actor>'s dad in the show": the father of the role the actor plays.
            played = self.knowledge.roles_by_actor.get(owners[0].key.partition(":")[2], ())
            owners = tuple(self._candidate(f"character:{c.id}") for c in played) + owners
        if Modifier.REAL in q.modifiers:
            # "Ann's real doctor": the real person's, not the role's.
            owners = tuple(c for c in self._with_real(owners) if c.kind is EntityKind.PERSON)
        # The owner is the name as best matched: a partial match ("Kaito" of a longer
        # name) is not tried when a whole name matched.
        owners = tuple(c for c in owners if c.how is owners[0].how) if owners else owners
        for cand in owners:
            ident = cand.key.partition(":")[2]
            others = [
                link.other
                for link in self.knowledge.relations_of(ident)
                if link.kind.inverse.value in wanted
            ]
            keys = [key for o in dict.fromkeys(others) if (key := self._key_of(o))]
            if q.qualifiers:
                keys = [key for key in keys if self.reader.described(key, q.qualifiers)]
            if q.qualifiers and len(keys) > 1:
                keys = []  # narrowed, yet more than one: not guessed
            if sense.opposite:
                # "sister" rules out whoever is called a brother.
                keys = [key for key in keys if not self._says(key, [sense.opposite])]
            by_age = self._by_age(ident, keys, q.modifiers)
            if by_age is not None and len(by_age) > 1:
                by_age = self._at_the_end(by_age, q.modifiers)
            if by_age is not None:
                # "Ann's older sister": the recorded ages decide older and younger; of two
                # or more, which one is meant ("oldest"?) is not guessed.
                keys = by_age if len(by_age) == 1 else []
                words = [sense.word] if sense.word else []
            said = [key for key in keys if self._says(key, words)]
            against = [w for w in (sense.opposite, *_opposite_ages(q.modifiers)) if w]
            if not said and len(keys) == 1 and not any(self._says(keys[0], [w]) for w in against):
                said = keys  # the only one in that relation, and nothing says otherwise
            keys = said
            if not keys and not q.qualifiers and (by_age is None or len(by_age) > 1):
                # A role named for it ("Ann's younger sister") settles what ages cannot.
                ages = [w for m in q.modifiers for w in _AGE.get(m, ())[:1]]
                named_words = words if by_age is None else [*words, *ages]
                keys = self._named_relation(cand.key, sense.word or sense.value, named_words)
            if keys and Attribute.BASED_ON in q.attributes:
                # "the mother's book (title)": what the one so related wrote, or nothing.
                one = Link(owner.text, 0, 0, (self._candidate(keys[0]),))
                book = replace(
                    q,
                    links=(one,),
                    attribute=Attribute.BASED_ON,
                    attributes=tuple(a for a in q.attributes if a is not Attribute.TITLE),
                )
                written = self._written_by(book) if len(keys) == 1 else None
                return written or self._decline(replace(q, decline=Decline.NO_SUBJECT))
            if keys:
                return self._group(keys, q)
        own = owner.best.key
        says = bool(q.qualifiers) and self._says(own, [sense.word or sense.value])
        if says and self.reader.described(own, q.qualifiers):
            # "does Ann become a doctor": not someone else, her own card says so.
            return self._describe_key(own)
        label = self._label_for(owner.best.key, owner.text)
        # The relation in the question's own words ("younger sister", "母親").
        what = " ".join([*words[1:], sense.word or _relation_word(sense.value)])
        return describe.not_found(
            "person",
            _("No {relation} of {name} is on record").format(
                relation=what, name=label.split(" — ")[0]
            ),
            self._try(_("/cast lists everyone."), "person", first=False),
            lines=[
                _("I know {label}, but my sources name no {relation} of theirs.").format(
                    label=label, relation=what
                )
            ],
        )

    def _at_the_end(self, keys: list[str], modifiers: tuple[Modifier, ...]) -> list[str]:
        """ "Ann's eldest sister": of several older ones, the oldest by recorded age
        (all of them when the superlative is not asked or the ages tie)."""
        end = {Modifier.HIGHEST: max, Modifier.LOWEST: min}
        pick = next((end[m] for m in modifiers if m in end), None)
        ages = {
            key: c.ages.start
            for key in keys
            if (c := self._characters.get(key.partition(":")[2])) is not None and c.ages
        }
        if pick is None or len(ages) != len(keys):
            return keys
        best = pick(ages.values())
        chosen = [key for key in keys if ages[key] == best]
        return chosen if len(chosen) == 1 else keys

    def _by_age(
        self, ident: str, keys: list[str], modifiers: tuple[Modifier, ...]
    ) -> list[str] | None:
        """Of ``keys``, those older (or younger) than ``ident`` by their recorded ages, or
        None when no age is asked or an age is missing."""
        older, younger = Modifier.OLDER in modifiers, Modifier.YOUNGER in modifiers
        owner = self._characters.get(ident)
        if older == younger or owner is None or owner.ages is None:
            return None
        kept: list[str] = []
        for key in keys:
            other = (
                self._characters.get(key.partition(":")[2])
                if key.startswith("character:")
                else None
            )
            if other is None or other.ages is None:
                return None
            if (
                (other.ages.start > owner.ages.start)
                if older
                else (other.ages.start < owner.ages.start)
            ):
                kept.append(key)
        return kept

    def _named_relation(self, key: str, word: str, words: list[str]) -> list[str]:
        """Roles named after the relation ("Ann's mother") when no relation is written."""
        extra = [w for w in words if w != word]
        for name in self.reader.names_of(key):
            phrase = " ".join([f"{name} s", *extra, word])
            found = [k for k in self.reader.lookup(phrase) if k != key]
            if found:
                return found
        return []

    def _key_of(self, ident: str) -> str | None:
        if ident in self._characters:
            return f"character:{ident}"
        if ident in self._people:
            return f"person:{ident}"
        return None

    def _says(self, key: str, words: list[str]) -> bool:
        """Whether a role's names or description use every one of ``words``."""
        if not words:
            return True
        kind, _sep, ident = key.partition(":")
        item = self._characters.get(ident) if kind == "character" else self._people.get(ident)
        if item is None:
            return False
        said = fold(" ".join([*item.all_names(), getattr(item, "description", None) or ""]))
        told = set(said.replace("'", " ").split())
        return all(fold(w) in told or fold(w) + "s" in told for w in words)

    def _written_by(self, q: Question) -> Answer | None:
        """ "Did Ann's mother write a book": the works written by the one named, or by the
        real person a role stands for (the role's relation mirrored onto the real
        people: the mother of the role who portrays someone is that someone's mother)."""
        if q.attribute is not Attribute.BASED_ON or len(q.links) != 1:
            return None
        # "when did it come out"; 「母が書いた本」: the writing is what is asked.
        dated = {Attribute.BASED_ON, Attribute.AIRED, Attribute.RELEASE, Attribute.MAKER}
        if set(q.attributes) - dated or self._facet_entries & set(q.lexicon):
            return None  # "who wrote the afterword in Ann's diary" asks a detail of a work
        kind, _sep, ident = q.links[0].best.key.partition(":")
        people = {ident} if kind == "person" else self._real_people(ident)
        works = [w for w in self.knowledge.works if people & set(w.authors)]
        if not works or kind not in ("person", "character"):
            return None
        first = self.knowledge.original_works[:1]
        if first and first[0] in works:
            return self.about("based_on")  # "Ann's diary": the work the series is based on
        return self._group([f"work:{w.id}" for w in works])

    def _real_people(self, ident: str) -> set[str]:
        """The real people a role stands for: the one it portrays, or the one of the
        same given name standing in the same relation to whom a related role portrays."""
        k = self.knowledge
        role = self._characters.get(ident)
        if role is None:
            return set()
        if role.portrays:
            return {role.portrays}
        found: set[str] = set()
        for link in k.relations_of(ident):
            other = self._characters.get(link.other)
            if other is None or other.portrays is None:
                continue
            given = fold(role.name.split(" ")[-1])  # the drama keeps the given names
            found |= {
                p.id
                for p in k.people
                if fold(p.name.split(" ")[-1]) == given
                and any(
                    back.kind is link.kind and back.other == other.portrays
                    for back in k.relations_of(p.id)
                )
            }
        return found if len(found) == 1 else set()

    def _group(self, keys: list[str], q: Question | None = None) -> Answer:
        """One role's card, or several listed together ("Ann's sisters")."""
        if len(keys) == 1:
            return self._describe_key(keys[0])
        answers = [self._describe_key(key) for key in keys]
        first = answers[0]
        lines = tuple(a.title for a in answers)
        cited = {s.id: s for a in answers for s in a.sources}
        return first.model_copy(
            update={
                "title": "; ".join(a.title.split(" — ")[0] for a in answers)[:256],
                "lines": lines,
                "facts": (),
                "sources": tuple(cited.values()),
            }
        )

    def _told_in_details(self, key: str, attribute: Attribute) -> Answer | None:
        """A role's card led by the detail that tells ``attribute`` in the lexicon's
        own words for it ("born", "diary"), when the card has no field for it."""
        kind, _sep, ident = key.partition(":")
        if kind != "character" or ident not in self._characters:
            return None
        character = self._characters[ident]
        phrases = {
            fold(p)
            for entry in self.lexicon.entries
            if entry.sense.kind == "attribute" and entry.sense.value == attribute
            for p in entry.en
        }
        for detail in character.details:
            words = " " + " ".join(fold(detail.text).replace("'", " ").split()) + " "
            clean = "".join(c if c.isalnum() or c.isspace() else " " for c in words)
            if any(f" {p} " in clean for p in phrases):
                answer = describe.character(self.knowledge, character)
                return answer.model_copy(update={"lines": (prose(detail.text), *answer.lines)})
        return None

    def _facet(self, q: Question) -> Answer:
        """A typed detail ("what school does Ann go to"): from the first thing named that
        holds it (a real person first for "the real …"), else from the one thing that does."""
        k = self.knowledge
        kind = k.facet_kinds_by_key.get(q.facet or "")
        if kind is None:  # a lexicon word for a kind of detail this file never declares
            return self._decline(q)
        label = describe.facet_label(kind)
        named = [c for link in q.links for c in link.candidates]
        if Modifier.REAL in q.modifiers:
            named = sorted(self._with_real(named), key=lambda c: c.kind is not EntityKind.PERSON)
        book = q.topic is Topic.BOOK or Attribute.BASED_ON in q.attributes
        if book:
            named = list(self._with_real(named))  # "Ann's diary": the real Ann's
        for c in named:
            held = [f for f in self._facets_of(c.key) if f.key == kind.key]
            if held:
                return self._facet_answer(c.key, kind, held)
            if kind.field and Knowledge.holds(self._model_of(c.key), kind.field):
                return self._describe_key(c.key)  # a field of its own holds this detail
            if c.kind is EntityKind.PERSON and book:
                # "the afterword of Ann's diary": a detail of a work she wrote, the
                # one the series is based on first.
                person = c.key.partition(":")[2]
                for work in dict.fromkeys([*k.original_works, *k.works]):
                    if person in work.authors:
                        key = f"work:{work.id}"
                        held = [f for f in self._facets_of(key) if f.key == kind.key]
                        if held:
                            return self._facet_answer(key, kind, held)
        if q.links:
            link = q.links[0]
            return self._not_on_record(q, link, _("the {detail}").format(detail=label))
        holders = self._facet_holders(kind)
        within: set[str] = set()
        if (q.topic is Topic.BOOK or Attribute.BASED_ON in q.attributes) and k.original_works:
            # "the diary's afterword": the work the series is based on, first of all.
            source = k.original_works[0]
            within = {f"work:{source.id}"}
            if not any(key in within for key, _held in holders):
                what = _("the {detail}").format(detail=label)
                link = Link(source.title, 0, 0, (self._candidate(f"work:{source.id}"),))
                return self._not_on_record(q, link, what)
        elif q.topic is Topic.FILM:
            within = {f"work:{w.id}" for w in k.works if w.kind is WorkKind.FILM}
        holders = [h for h in holders if h[0] in within] or holders
        if holders and (holders[0][0] == "series" or len(holders) == 1 or within):
            key, held = holders[0]
            return self._facet_answer(key, kind, held) if held else self._describe_key(key)
        title = _("I have nothing on {what}").format(what=_("the {detail}").format(detail=label))
        whose = [self._label_for(key, key) for key, _held in holders]
        lines = [_("Whose? I know it of {names}.").format(names=describe.listing(whose[:5]))]
        return describe.not_found(
            "unknown", title, self._scope, suggestions=whose[:3], lines=lines if whose else ()
        )

    def _facet_answer(self, key: str, kind: FacetKind, held: list[Facet]) -> Answer:
        card: Kind = _FACET_CARDS.get(key.partition(":")[0], "about")
        label = self._label_for(key, key)
        return describe.facet(self.knowledge, card, label, kind, held, self._scope)

    def _facet_holders(self, kind: FacetKind) -> list[tuple[str, list[Facet]]]:
        """Everything with a facet of ``kind``, or its field, the series first, in file order.

        Holders by the field alone come with no facets (their card shows the field).
        """
        k = self.knowledge
        keys = ["series", *(f"special:{s.id}" for s in k.specials)]
        keys += [f"work:{w.id}" for w in k.works] + [f"song:{s.id}" for s in k.songs]
        keys += [f"character:{c.id}" for c in k.characters] + [f"person:{p.id}" for p in k.people]
        out = []
        for key in keys:
            held = [f for f in self._facets_of(key) if f.key == kind.key]
            if held or (kind.field and Knowledge.holds(self._model_of(key), kind.field)):
                out.append((key, held))
        # Those with a facet of their own come before those with only the field.
        return sorted(out, key=lambda h: not h[1])

    def _model_of(self, key: str) -> object:
        kind, _sep, ident = key.partition(":")
        groups: dict[str, dict[str, Any]] = {
            "character": self._characters,
            "person": self._people,
            "work": self._works,
            "song": self._songs,
            "special": self._specials,
        }
        if key == "series":
            return self.knowledge.series
        return groups.get(kind, {}).get(ident)

    def _facets_of(self, key: str) -> tuple[Facet, ...]:
        facets: tuple[Facet, ...] = getattr(self._model_of(key), "facets", ())
        return facets

    def _work_cast(self, q: Question) -> Answer | None:
        """ "Who played Ann in the 1999 film": the role as that work's own cast gives it.

        A work named beside a role is a qualifier, never a word to drop: the
        series' actor is not the film's.
        """
        if q.attribute is not Attribute.ACTOR:
            return None
        works = [
            (link, self._works[link.best.key.partition(":")[2]])
            for link in q.links
            if link.best.kind is EntityKind.WORK
        ]
        roles = [
            self._characters[link.best.key.partition(":")[2]]
            for link in q.links
            if link.best.kind is EntityKind.CHARACTER
        ]
        if works and not roles:
            return self._cast_line(works)
        if not works or not roles:
            return None
        link, work = works[0]
        role = roles[0]
        # A cast line names a role by its given name ("Ann"; "Mary, Ann's mother"):
        # its first part, word by word, against the role's names.
        names = {
            fold(part)
            for name in (role.name, *role.aliases)
            for part in name.split()
            if len(part) > 1
        }
        answer = describe.work(self.knowledge, work)
        for casting in work.cast:
            words = {fold(w) for w in (casting.role or "").split(",")[0].split()}
            if casting.person in self._people and names & words:
                person = self._people[casting.person]
                line = _("In {work}, {role} was played by {actor}.").format(
                    work=describe.shown(work.title, work.native_title),
                    role=describe.shown(casting.role or "", casting.native_role),
                    actor=describe.with_native(person.name, person.native),
                )
                return answer.model_copy(update={"lines": (line, *answer.lines)})
        what = _("who played {role} in it").format(role=describe.shown(role.name, role.native))
        return self._not_on_record(q, link, what)

    def _cast_line(self, works: list[tuple[Link, Work]]) -> Answer | None:
        """ "Who played Nayla": a role only a related work's cast names, by its given name."""

        def words(text: str) -> list[str]:
            return [t.text for t in tokenize(text)]

        for link, work in works:
            said = words(link.text)
            for casting in work.cast:
                first = words((casting.role or "").split(",")[0])
                if first == said and casting.person in self._people:
                    person = self._people[casting.person]
                    line = _("In {work}, {role} was played by {actor}.").format(
                        work=describe.shown(work.title, work.native_title),
                        role=describe.shown(casting.role or "", casting.native_role),
                        actor=describe.with_native(person.name, person.native),
                    )
                    answer = describe.work(self.knowledge, work)
                    return answer.model_copy(update={"lines": (line, *answer.lines)})
        return None

    def _life(self, q: Question) -> Answer:
        """Born, died, how old: only real people; a character's life is not on record."""
        links = q.links
        if not links and q.relation is not None and Modifier.REAL in q.modifiers:
            # "when was the real mother born": the lead's real person's relation.
            related = self._real_relation(q.relation)
            links = (Link(related.key, 0, 0, (related,)),) if related else ()
        for link in links:
            people = link.of(EntityKind.PERSON)
            if Modifier.REAL in q.modifiers and not people:
                people = tuple(
                    c for c in self._with_real(link.candidates) if c.kind is EntityKind.PERSON
                )
            role = link.best.kind is EntityKind.CHARACTER
            in_story = role and (
                q.topic is Topic.SERIES
                # A role's death or age is the story's ending: never the real
                # person's card unless the question says "the real one".
                or bool({Attribute.DIED, Attribute.AGE} & set(q.attributes))
            )
            partial = bool(people) and people[0].how is not How.EXACT
            if partial and in_story and Modifier.REAL not in q.modifiers:
                people = ()  # "Ann's birthday in the drama": the role's, not the real one's
            if people:
                person = self._people[people[0].key.partition(":")[2]]
                if not _has_life_fact(person, q.attribute, place=q.rule == "birthplace"):
                    # Said of the person, whoever else the name matched.
                    what = _life_asked(q)
                    return self._not_on_record(q, Link(person.name, 0, 0, people[:1]), what)
                return self._describe_key(people[0].key)
        for link in q.links:
            roles = link.of(EntityKind.CHARACTER)
            if not roles or Modifier.REAL in q.modifiers:
                continue
            character = self._characters[roles[0].key.partition(":")[2]]
            name = describe.shown(character.name, character.native)
            if q.attribute is Attribute.AGE and character.ages is not None:
                # A role's age in the story: said by its card and the recorded ages.
                ages = character.ages
                answer = describe.character(self.knowledge, character)
                at_end = Modifier.LAST in q.modifiers or Attribute.DIED in q.attributes
                if ages.end is not None and at_end:
                    line = _("{name} is aged {age} when last seen in the story.")
                    line = line.format(name=name, age=ages.end)
                elif Modifier.FIRST in q.modifiers or ages.end is None:
                    line = _("{name} is aged {age} when first seen in the story.")
                    line = line.format(name=name, age=ages.start)
                else:
                    line = _("{name}'s age in the story: {start} to {end}.").format(
                        name=name, start=ages.start, end=ages.end
                    )
                return answer.model_copy(update={"lines": (line, *answer.lines)})
            last = self._episodes[max(self._episodes)] if self._episodes else None
            # Whether the ending's spoilers name the role (by its own names; "the
            # girl in ..." names nobody): only then is its fate the ending's.
            single = [a for a in character.aliases if len(a.split()) == 1]
            named = {fold(w) for n in (character.name, *single) for w in n.split()}
            # A lead's fate is the story's ending; a side role's death is not.
            lead = character.billing is Billing.LEAD
            in_ending = (
                lead
                and last is not None
                and any(
                    named & {fold(w.strip(".,;:'\"")) for w in point.text.split()}
                    for point in last.plot
                    if point.spoiler
                )
            )
            if q.attribute is Attribute.DIED and last is not None and in_ending:
                # "Does she die": the story's ending, its spoilers flagged for masking.
                ending = describe.episode(self.knowledge, last, "plot")
                line = _("What happens to {name} is told in the ending:").format(name=name)
                return ending.model_copy(update={"lines": (line, *ending.lines)})
        for link in q.links:
            told = self._told_in_details(link.best.key, q.attribute) if q.attribute else None
            if told is not None and Modifier.REAL not in q.modifiers:
                return told
        if q.links:
            what = _life_asked(q) if q.attribute else _("where and when they lived")
            return self._not_on_record(q, q.links[0], what)
        return self._decline(q)

    def _episode_question(self, q: Question) -> Answer:
        k = self.knowledge
        if q.attribute not in FITS[EntityKind.EPISODE]:
            assert q.attribute is not None
            return describe.not_found(
                "episode",
                _("I have nothing on {what}").format(what=_its(q.attribute)),
                self._scope,
                lines=[],
            )
        focus = _EPISODE_FOCUS.get(q.attribute) if q.attribute else None
        if q.date is not None:
            d = q.date
            hits = [
                ep
                for ep in k.episodes
                if (ep.aired.month, ep.aired.day) == (d.month, d.day)
                and d.year in (None, ep.aired.year)
            ]
            if len(hits) == 1:
                if q.credit:
                    return self._episode_staff(q, hits[0])
                return describe.episode(k, hits[0], focus or "aired")
            aired = [
                sp
                for sp in k.specials
                if (sp.aired.month, sp.aired.day) == (d.month, d.day)
                and d.year in (None, sp.aired.year)
            ]
            if len(aired) == 1 and not q.credit:
                return describe.special(k, aired[0], "aired")
            when = (
                describe.day(dt.date(d.year, d.month, d.day))
                if d.year
                else i18n.month_day(d.month, d.day)
            )
            return describe.not_found(
                "episode",
                _("No episode aired on {date}").format(date=when),
                _(
                    "The series aired from {first} to {last}, weekly; /episodes lists the dates."
                ).format(
                    first=describe.day(k.series.first_aired), last=describe.day(k.series.last_aired)
                ),
            )
        if q.number is None:
            return self._decline(q)
        number = q.number.value
        if number == LAST:
            number = max(self._episodes)
        if number is not None and Modifier.NEXT in q.modifiers:
            number += 1
        if number is not None and Modifier.PREVIOUS in q.modifiers:
            number -= 1
        ep = self._episodes.get(number) if number is not None else None
        if ep is None:
            return self._no_episode(q.number.text, number)
        if q.credit:
            return self._episode_staff(q, ep)
        if q.region is not None:
            return self._regional_rating(q.region, ep)
        return describe.episode(k, ep, focus)

    def _regional_rating(self, region: str, ep: Episode) -> Answer:
        """ "Episode 10's rating in Kansai": that region's figure, or that none is on record."""
        k = self.knowledge
        main = k.ratings.region if k.ratings else None
        measured = [(r.region or main, r) for r in (ep.rating,) if r is not None]
        measured += [(r.region, r) for r in ep.regional_ratings]
        there = [r for where, r in measured if where and fold(where) == fold(region)]
        card = describe.episode(k, ep, "rating")
        if there:
            line = describe.regional_rating(ep.number, region, there[0])
            return card.model_copy(update={"lines": (line, *card.lines)})
        known = [term(where) for where, _r in measured if where]
        lines = [
            _("Episode {number} is rated on record in {regions} only.").format(
                number=ep.number, regions=describe.listing(known)
            )
        ]
        title = _("No rating of episode {number} in {region} is on record").format(
            number=ep.number, region=term(region)
        )
        return describe.not_found("episode", title, self._scope, lines=lines if known else ())

    def _episode_staff(self, q: Question, ep: Episode) -> Answer:
        """One episode's director or writer; the series' credit, said as such, when the
        knowledge does not give that episode's own staff."""
        k = self.knowledge
        job = (q.credit or "").casefold()
        own = [c for c in ep.staff if c.job.casefold() == job]
        credits = own or [c for c in k.credits if c.job.casefold() == job]
        which = _("Episode {number} · “{title}”").format(
            number=ep.number, title=describe.with_native(ep.title, ep.native_title)
        )
        if not credits:
            return describe.not_found(
                "episode",
                _("Episode {number}'s {job} is not on record").format(
                    number=ep.number, job=term(q.credit) if q.credit else _("staff")
                ),
                _("The series' credits are on /credits."),
                lines=[which],
            )
        names = _("; ").join(describe.credit_names(k, c) for c in credits)
        lines = [which]
        if not own:
            lines.append(
                _(
                    "Our sources do not say whose work episode {number} is; "
                    "this is the series' {job} credit."
                ).format(number=ep.number, job=term(credits[0].job).casefold())
            )
        return describe.found(
            "episode",
            _("{job}: {names}").format(job=term(credits[0].job), names=names)[:256],
            lines=lines,
            sources=describe.sources(k, *(c.sources for c in credits), ep.sources),
        )

    def _track_question(self, q: Question) -> Answer:
        k = self.knowledge
        if k.soundtrack is None:
            return describe.not_found(
                "track", _("No soundtrack is recorded"), _("Nothing to look up.")
            )
        if q.number is not None:
            number = q.number.value
            if number is None:
                return describe.not_found(
                    "track",
                    _("That is not a track number"),
                    _("The album has {count} tracks, numbered from 1.").format(
                        count=k.soundtrack.track_count
                    ),
                )
            return self._track_number(k.soundtrack.track_count if number == LAST else number)
        link = q.link
        if link is None:
            return self._decline(q)
        tracks = link.of(EntityKind.TRACK)
        if tracks:
            return self._describe_key(tracks[0].key)
        songs = link.of(EntityKind.SONG)
        if songs:
            song_id = songs[0].key.partition(":")[2]
            found = [t for t in k.soundtrack.tracks if t.song == song_id]
            if found:
                return self._group([f"track:{t.number}" for t in found], q)
        return self._not_on_record(q, link, _("a track for it on the soundtrack"))

    def _songs_of_work(self, w: Work, role: str) -> Answer:
        """ "The film's theme song": the one of its songs used so, or what is known of them."""
        k = self.knowledge
        used = [s for s in k.songs if s.id in w.songs and fold(role) in fold(s.use)]
        if len(used) == 1:
            return describe.song(k, used[0])
        # The work's own text names the use ("its theme songs are the series' two"):
        # its songs, or the detail that names a song it does not have on record.
        told = [d for d in w.details if fold(role) in fold(d.text)]
        if not used and w.songs and (told or fold(role) in fold(w.description)):
            songs = self._group([f"song:{s}" for s in w.songs])
            work = self._describe_key(f"work:{w.id}")  # whose sources say how it uses them
            cited = {c.id: c for c in (*work.sources, *songs.sources)}
            return songs.model_copy(update={"sources": tuple(cited.values())})
        if not used and not w.songs and told:
            return self._describe_key(f"work:{w.id}")
        label = self._label_for(f"work:{w.id}", w.title)
        titles = [describe.shown(s.title, s.native_title) for s in k.songs if s.id in w.songs]
        title = _("No {use} of {work} is on record").format(use=role, work=label)
        lines = [_("Its songs on record: {songs}.").format(songs=describe.listing(titles))]
        return describe.not_found("song", title, self._scope, lines=lines if titles else ())

    def _song_role(self, q: Question) -> Answer:
        works = [link.best for link in q.links if link.best.kind is EntityKind.WORK]
        if works and q.song_role:
            # "the 2027 film's theme song": that work's songs, not the series'.
            return self._songs_of_work(self._works[works[0].key.partition(":")[2]], q.song_role)
        role = fold(q.song_role or "")
        found = [
            s
            for s in self.knowledge.songs
            if any(role in fold(text) for text in (s.use, *s.aliases))
        ]
        if not found:
            known = _("; ").join(
                _("{title} by {artist} ({use})").format(
                    title=describe.shown(s.title, s.native_title), artist=s.artist, use=term(s.use)
                )
                for s in self.knowledge.songs
            )
            return describe.not_found(
                "song",
                # The song's use in the question's own words ("opening", "エンディング").
                _("No {use} is on record").format(use=q.song_role),
                _("The songs our sources name: {songs}.").format(songs=known)
                if known
                else _("No songs are on record."),
            )
        answer = self._describe_key(f"song:{found[0].id}")
        if len(found) == 1:
            return answer
        others = tuple(self._label_for(f"song:{s.id}") for s in found[1:])
        return answer.model_copy(update={"status": Status.AMBIGUOUS, "alternatives": others})

    def _ratings_question(self, q: Question) -> Answer:
        focus = next((_RANKED[m] for m in q.modifiers if m in _RANKED), None)
        r = self.knowledge.ratings
        if q.region is not None and not (r and fold(r.region) == fold(q.region)):
            # "ratings in Kansai": the episodes measured there, each with its figure.
            there = [
                describe.regional_rating(ep.number, q.region, x)
                for ep in self.knowledge.episodes
                for x in ep.regional_ratings
                if x.region and fold(x.region) == fold(q.region)
            ]
            if focus is None and there:
                return describe.found(
                    "ratings",
                    _("Ratings in {region}").format(region=term(q.region)),
                    lines=tuple(there),
                )
            return describe.not_found(
                "ratings",
                _("No figures for {region} are on record").format(region=term(q.region)),
                self._scope,
            )
        wants_episode = Attribute.TITLE in q.attributes or Attribute.NUMBER in q.attributes
        if focus == "high" and wants_episode and r and r.high_episode in self._episodes:
            # "the highest-rated episode's title": that episode, led by its rating.
            return describe.episode(self.knowledge, self._episodes[r.high_episode], "rating")
        return self.ratings(focus)

    def _about_question(self, q: Question) -> Answer:
        k = self.knowledge
        if q.attribute in _PRODUCTION_TOPIC:
            if k.production is None:
                return self._decline(replace(q, intent=Intent.DECLINE, decline=Decline.NO_SUBJECT))
            return describe.production(k, _PRODUCTION_TOPIC[q.attribute])
        if q.attribute is Attribute.AWARDS:
            if not k.reception:
                return self._decline(replace(q, intent=Intent.DECLINE, decline=Decline.NO_SUBJECT))
            return describe.awards(k)
        ending = Attribute.ENDING in q.attributes and q.attribute in (
            Attribute.SYNOPSIS,
            Attribute.PLOT,
        )
        if q.attribute is Attribute.MEANING:
            return self._title_meaning(q)
        if q.attribute is Attribute.BASED_ON and Modifier.OTHER in q.modifiers:
            # "besides the diary": the works it is based on after the first.
            first, *others = k.original_works or (None,)
            if first is None or not others:
                return self._decline(replace(q, intent=Intent.DECLINE, decline=Decline.NO_SUBJECT))
            line = _("Besides {first}, it is based on {others}.").format(
                first=describe.shown(first.title, first.native_title),
                others=describe.listing(describe.shown(w.title, w.native_title) for w in others),
            )
            card = describe.work(k, others[0])
            return card.model_copy(update={"lines": (line, *card.lines)})
        if q.attribute is Attribute.ENDING or ending:
            # How it ends ("what happens at the end"): the last episode's plot,
            # its spoilers flagged for masking.
            return describe.episode(k, self._episodes[max(self._episodes)], "plot")
        return self.about(_ABOUT_FOCUS.get(q.attribute) if q.attribute else None)

    def _title_meaning(self, q: Question) -> Answer:
        """What the title means: told in the episode named after the series, if one is.

        Its plot is shown with its spoilers flagged for masking; without such an
        episode the meaning is not on record.
        """
        k = self.knowledge
        titles = {
            fold(t)
            for t in (k.series.title, k.series.native_title, *k.series.alternative_titles)
            if t
        }
        named = [e for e in k.episodes if {fold(e.title), fold(e.native_title or "")} & titles]
        if not named:
            link = Link(k.series.title, 0, 0, (self._candidate("series"),))
            return self._not_on_record(q, link, _its(Attribute.MEANING))
        episode = named[0]
        answer = describe.episode(k, episode, "plot")
        line = _("The title is explained in episode {number}, which is named after it:")
        return answer.model_copy(
            update={"lines": (line.format(number=episode.number), *answer.lines)}
        )

    def _adaptations(self, q: Question) -> Answer:
        """Other tellings of the original work, who is in them and who directed them.

        A year picks the film ("the 2004 film"). Anything else asked of a film
        (its date, its songs, its length) is declined here: the film list says
        only what each film is, who directed it and who stars in it.
        """
        k = self.knowledge
        told = [c for link in q.links for c in link.candidates[:1] if c.how is How.DESCRIBED]
        if len(told) == 1 and told[0].kind is EntityKind.WORK and q.attribute is None:
            # "the Indonesian remake": the one work the question describes.
            return self._describe_key(told[0].key)
        films = [
            w for w in k.works if w.kind is WorkKind.FILM or w.relation is WorkRelation.ADAPTATION
        ]
        year = q.number.value if q.number and q.number.value else None
        if Modifier.LAST in q.modifiers or Attribute.NEW_CHARACTERS in q.attributes:
            # "is there a new movie": the latest one on record.
            dated = [
                (y, w) for w in films if w.kind is WorkKind.FILM and (y := _year_of(w)) is not None
            ]
            year = max(dated, key=lambda pair: pair[0])[0] if dated else year
            q = replace(
                q,
                attribute=None if q.attribute is Attribute.NEW_CHARACTERS else q.attribute,
                attributes=tuple(a for a in q.attributes if a is not Attribute.NEW_CHARACTERS),
            )
        if year is not None and 1900 <= year <= 2100:
            films = [w for w in films if _year_of(w) == year]
        named = {c.kind for link in q.links for c in link.candidates[:1]}
        if year is None and q.attribute is None and named <= {EntityKind.SERIES}:
            # "remakes": the unofficial look-alikes count as other tellings too.
            films += [w for w in k.works if w.relation is WorkRelation.SIMILAR]
        songs_named = all(link.best.kind is EntityKind.SONG for link in q.links)
        if len(films) == 1 and year is not None and songs_named and not (q.relation or q.credit):
            # "the 2004 film's theme song", "where did the 2004 movie premiere": one film,
            # picked by its year; its own card or song, or what of it is not on record.
            # A song's alias said of the film ("theme song") is the use asked for.
            film = films[0]
            role = q.song_role or (q.links[0].text if q.links else None)
            if role:
                return self._songs_of_work(film, role)
            if q.attribute not in (None, Attribute.ACTOR, Attribute.ROLE):
                return self._work(film, q)
        answerable = q.attribute in (None, Attribute.ACTOR, Attribute.ROLE) and not q.song_role
        if not films or not answerable or q.relation or q.credit not in (None, "Director"):
            return self._decline(replace(q, intent=Intent.DECLINE, decline=Decline.NO_SUBJECT))
        people = [c for link in q.links for c in link.of(EntityKind.PERSON)]
        roles = [c for link in q.links for c in link.of(EntityKind.CHARACTER)]
        if people and (not roles or people[0].how is How.EXACT):
            person = self._people[people[0].key.partition(":")[2]]
            cast_in = [w for w in films if any(c.person == person.id for c in w.cast)]
            if not cast_in or {Modifier.HIGHEST, Modifier.LOWEST} & set(q.modifiers):
                # "what's Ann's best movie": an actor's other work, or how good a film
                # is, is not on record.
                return self._decline(replace(q, intent=Intent.DECLINE, decline=Decline.NO_SUBJECT))
            answer = describe.person(k, person)
            tellings = _("; ").join(describe.adaptation_line(k, w) for w in cast_in)
            line = _("In: {works}").format(works=tellings)
            return answer.model_copy(update={"lines": (*answer.lines[:1], line, *answer.lines[1:])})
        if roles:
            character = self._characters[roles[0].key.partition(":")[2]]
            names = {fold(n) for n in character.all_names()}
            films = [
                w
                for w in films
                if any(
                    fold(c.role or "") in names or fold(c.native_role or "") in names
                    for c in w.cast
                )
            ]
            if not films:
                return self._decline(replace(q, intent=Intent.DECLINE, decline=Decline.NO_SUBJECT))
        if len(films) == 1 and not roles and (year is not None or q.attribute or q.credit):
            return self._work(films[0], q)
        lines = [describe.adaptation_line(k, w) for w in films]
        title = (
            describe.shown(films[0].title, films[0].native_title)
            if len(films) == 1
            else _("Other tellings of the same story")
        )
        return describe.found(
            "about", title, lines=lines, sources=describe.sources(k, *(w.sources for w in films))
        )

    def _special_question(self, q: Question) -> Answer:
        specials = [c for link in q.links for c in link.of(EntityKind.SPECIAL)]
        if not self.knowledge.specials:
            return describe.not_found("special", _("No special is recorded"), _("Nothing to tell."))
        asked = [a for a in q.attributes if a not in FITS[EntityKind.SPECIAL]]
        sp = (
            self._specials[specials[0].key.partition(":")[2]]
            if specials
            else self.knowledge.specials[0]
        )
        staffed = {c.job.casefold() for c in sp.staff}
        songs_unknown = q.topic is Topic.SONG and not sp.songs
        if asked or songs_unknown or (q.credit and q.credit.casefold() not in staffed):
            # "who produced the special", "what songs are in it": not what its card says.
            if asked:
                what = _its(asked[0])
            elif q.credit:
                what = _("its {job}").format(job=term(q.credit).casefold())
            else:
                what = _("its songs")
            link = q.link or Link(sp.title, 0, 0, (self._candidate(f"special:{sp.id}"),))
            return self._not_on_record(q, link, what)
        answer = self._special_answer(sp, q.attribute, q.credit, songs=q.topic is Topic.SONG)
        if specials:
            return answer
        if len(self.knowledge.specials) == 1:
            return answer
        others = tuple(describe.shown(s.title, s.native_title) for s in self.knowledge.specials[1:])
        return answer.model_copy(update={"status": Status.AMBIGUOUS, "alternatives": others})

    def _with_real(self, cands: Sequence[Candidate]) -> tuple[Candidate, ...]:
        """``cands`` with, after each role that stands for a real person, that person."""
        out: list[Candidate] = []
        for c in cands:
            out.append(c)
            role = self._characters.get(c.key.partition(":")[2])
            if c.kind is EntityKind.CHARACTER and role is not None and role.portrays:
                real = Candidate(f"person:{role.portrays}", EntityKind.PERSON, c.how, c.rank)
                if real not in out:
                    out.append(real)
        return tuple(dict.fromkeys(out))

    def _lead_real(self) -> Candidate | None:
        """The real person the story's first lead stands for, if the knowledge says."""
        lead = next((c for c in self.knowledge.characters if c.billing == "lead"), None)
        if lead is None or lead.portrays is None:
            return None
        return self._candidate(f"person:{lead.portrays}")

    def _real_relation(self, sense: RelationSense) -> Candidate | None:
        """The one real person in ``sense`` to the lead's real person ("the real mother")."""
        real = self._lead_real()
        if real is None:
            return None
        wanted = _FAMILY_KINDS if sense.value == "family" else {sense.value}
        ident = real.key.partition(":")[2]
        others = [
            f"person:{link.other}"
            for link in self.knowledge.relations_of(ident)
            if link.kind.inverse.value in wanted and link.other in self._people
        ]
        # A real person has no role's name to say "mother": their description must.
        said = [key for key in dict.fromkeys(others) if self._tells(key, sense.word)]
        return self._candidate(said[0]) if len(said) == 1 else None

    def _tells(self, key: str, word: str | None) -> bool:
        """Whether the description of ``key`` uses ``word`` (any word when None)."""
        item = self._people.get(key.partition(":")[2])
        if word is None or item is None:
            return item is not None
        text = fold(item.description or "")
        return f" {fold(word)} " in " " + "".join(c if c.isalnum() else " " for c in text) + " "

    def _candidate(self, key: str) -> Candidate:
        kind = EntityKind(key.partition(":")[0]) if ":" in key else EntityKind.SERIES
        return Candidate(key, kind, How.EXACT, 0)

    def _soundtrack_question(self, q: Question) -> Answer:
        """The album's card answers its tracks, count and composer; not its release."""
        asked = [a for a in q.attributes if a not in (Attribute.COUNT, Attribute.MAKER)]
        st = self.knowledge.soundtrack
        if asked and st and set(asked) <= {Attribute.AIRED, Attribute.RELEASE}:
            # "when was the soundtrack released": its date, or that no source gives it.
            if st.released:
                return self.soundtrack()
            # Not known: the album's card, led by what no source gives (as a rating is).
            others = [u.field for u in st.unknown if u.field != "released"]
            gaps = describe.unknown_lines(st, _("the soundtrack album"), omit=others)
            card = self.soundtrack()
            return card.model_copy(update={"lines": (*gaps, *card.lines)})
        if asked:
            return self._decline(replace(q, intent=Intent.DECLINE, decline=Decline.NO_SUBJECT))
        return self.soundtrack("count" if q.attribute is Attribute.COUNT else None)

    def _special_answer(
        self, sp: Special, attribute: Attribute | None, credit: str | None, songs: bool = False
    ) -> Answer:
        focus = "staff" if credit else (_SPECIAL_FOCUS.get(attribute) if attribute else None)
        if songs and focus is None:
            focus = "songs"
        return describe.special(self.knowledge, sp, focus)

    def _miss(self, text: str, near: list[Hit] | None = None) -> Answer:
        shown = _clip(text)
        if near is None and len(text.strip()) >= 3:
            near = self._everything.search(text, cutoff=SUGGESTION_CUTOFF, limit=3)
        suggestions = [self._label_for(h.key, h.name) for h in (near or [])[:3]]
        return describe.not_found(
            "unknown",
            _("I don't know the answer to “{question}”").format(question=shown)
            if shown
            else _("Ask me something"),
            self._scope,
            suggestions=suggestions,
        )

    # Shared picking logic

    def _describe_key(self, key: str) -> Answer:
        """The card of one entity, made once per engine and language."""
        return self._cards.get(key, lambda: self._make_card(key))

    def _make_card(self, key: str) -> Answer:
        kind, _sep, ident = key.partition(":")
        k = self.knowledge
        if kind == "character":
            return describe.character(k, self._characters[ident])
        if kind == "person":
            return describe.person(k, self._people[ident])
        if kind == "episode":
            return describe.episode(k, self._episodes[int(ident)])
        if kind == "track":
            return describe.track(k, self._tracks[int(ident)])
        if kind == "song":
            return describe.song(k, self._songs[ident])
        if kind == "special":
            return describe.special(k, self._specials[ident])
        if kind == "work":
            return describe.work(k, self._works[ident])
        if kind == "reception":
            return describe.award(k, k.reception[int(ident)])
        return describe.about(k)

    def _pick(
        self, hits: list[Hit], render: Callable[[str], Answer], *, kind: Kind, miss: str, hint: str
    ) -> Answer:
        confident = [h for h in hits if h.score >= CUTOFF]
        if not confident:
            labels = [self._label_for(h.key, h.name) for h in hits[:3]]
            return describe.not_found(kind, miss, hint, suggestions=labels)
        best = confident[0]
        rivals = [
            h for h in confident[1:] if h.score >= best.score - AMBIGUITY and _rivals(best, h)
        ]
        answer: Answer = render(best.key)
        if not rivals:
            return answer
        others = tuple(self._label_for(h.key, h.name) for h in rivals[:5])
        return answer.model_copy(update={"status": Status.AMBIGUOUS, "alternatives": others})


def _opposite_ages(modifiers: tuple[Modifier, ...]) -> list[str]:
    """ "older" rules out one called younger, and the other way round."""
    out: list[str] = []
    if Modifier.OLDER in modifiers:
        out += ["younger", "youngest", "little"]
    if Modifier.YOUNGER in modifiers:
        out += ["older", "eldest", "elder"]
    return out


def _kana_specs(
    key: str,
    kind: EntityKind,
    names: list[str],
    reading: Callable[[str], str | None] = kana_reading,
    how: How = How.EXACT,
) -> list[NameSpec]:
    """Romanised names as kana too: fans type 「やまだたろう」 or 「タロウ」 (``reading``
    gives a name's kana, :func:`kana_reading` or a build's memory of it)."""
    specs: list[NameSpec] = []
    for name in names:
        kana = reading(name)
        if kana:
            specs.append(NameSpec(key, kind, kana, how))
            parts = kana.split()
            if len(parts) > 1 and how is How.EXACT:
                specs += [NameSpec(key, kind, part, How.PARTIAL) for part in parts]
    return specs


def _in_japanese(text: str) -> str:
    """A text of the knowledge in Japanese, from the catalog beside the file (or as it is)."""
    with i18n.using(Lang.JA):
        return prose(text)


def _native_family(
    native: str | None,
    name: str,
    aliases: Sequence[str],
    reading: Callable[[str], str | None] = kana_reading,
) -> str | None:
    """The family name of a Japanese name written without a space (山田 of 山田太郎),
    for 「山田先輩」: the name less a given name on record (an alias, or the romanised
    given name in kana); else, for three or four kanji, the first two.

    >>> _native_family("山田太郎", "Yamada Tarō", ["太郎"])
    '山田'
    >>> _native_family("佐藤ハナコ", "Satō Hanako", [])
    '佐藤'
    """
    words = name.split()
    if not native or len(words) != 2 or " " in native or native.isascii():
        return None
    folded = fold(native)
    if len(folded) != len(native):
        return None
    for given in (*aliases, reading(words[1]) or ""):
        if given.isascii():
            continue  # folds to ASCII: not a given name in Japanese script
        g = fold(given)
        if g and not g.isascii() and folded.endswith(g) and len(folded) - len(g) >= 2:
            return native[: len(folded) - len(g)]
    # The leading run of CJK ideographs (U+4E00..U+9FFF), counted by comparing each
    # character: spelling the range out as a strip set costs 20,000 characters a name.
    kanji = next((i for i, ch in enumerate(native) if not "\u4e00" <= ch <= "\u9fff"), len(native))
    if kanji == len(native) and len(native) in (3, 4):
        return native[:2]
    if 2 <= kanji < len(native) and not fold(native[kanji]).isascii():
        return native[:kanji]  # kanji, then the given name in kana (佐藤ハナコ)
    return None


def _has_life_fact(p: Person, attribute: Attribute | None, place: bool = False) -> bool:
    """Whether the knowledge holds the birth, death or age asked about (``place``: where
    they were born, which a birth date alone does not tell)."""
    if place:
        return bool(p.birthplace or p.born)
    if attribute is Attribute.BORN:
        return bool(p.born or p.birth_date or p.birthplace)
    if attribute is Attribute.DIED:
        return bool(p.died or p.death_date)
    return bool(p.born or p.birth_date or p.age_at_death is not None)


def _year_of(w: Work) -> int | None:
    """The year a work came out, or was announced for."""
    if w.released and w.released[:4].isdigit():
        return int(w.released[:4])
    return w.announced.year if w.announced else None


# What a question asked for, as the phrase "I have nothing on …" needs.
_DETAILS: dict[Attribute, str] = {
    Attribute.TITLE: N_("its title"),
    Attribute.NATIVE_TITLE: N_("its original title"),
    Attribute.ENGLISH_TITLE: N_("its English title"),
    Attribute.NUMBER: N_("its number"),
    Attribute.AIRED: N_("its air date"),
    Attribute.RATING: N_("its rating"),
    Attribute.ACTOR: N_("its actor"),
    Attribute.ROLE: N_("its role"),
    Attribute.ARTIST: N_("its artist"),
    Attribute.MAKER: N_("who made it"),
    Attribute.LENGTH: N_("its length"),
    Attribute.BROADCASTER: N_("its broadcaster"),
    Attribute.TIME_SLOT: N_("its time slot"),
    Attribute.COUNTRY: N_("its country"),
    Attribute.TITLES: N_("its other titles"),
    Attribute.SYNOPSIS: N_("its story"),
    Attribute.BASED_ON: N_("what it is based on"),
    Attribute.ILLNESS: N_("the illness"),
    Attribute.BORN: N_("when they were born"),
    Attribute.DIED: N_("when they died"),
    Attribute.AGE: N_("their age"),
    Attribute.PAGE_STATS: N_("its page's figures"),
    Attribute.RELATED: N_("related shows"),
    Attribute.COUNT: N_("how many there are"),
    Attribute.NEW_CHARACTERS: N_("its new characters"),
    Attribute.PLOT: N_("its plot"),
    Attribute.ENDING: N_("its ending"),
    Attribute.AWARDS: N_("its awards"),
    Attribute.RELEASE: N_("its release"),
    Attribute.CHART: N_("its chart run"),
    Attribute.STAFF: N_("its staff"),
    Attribute.DESCRIPTION: N_("a description"),
    Attribute.SETTING: N_("its setting"),
    Attribute.LOCATIONS: N_("its filming locations"),
    Attribute.HOME_VIDEO: N_("its home video"),
    Attribute.BROADCASTS: N_("its other broadcasts"),
    Attribute.SEQUENCES: N_("its opening and ending"),
    Attribute.MEANING: N_("what its title means"),
}


def _relation_word(value: str) -> str:
    """A relation the question named without a word of its own, in the current language."""
    if current() is not Lang.EN and value in RelationKind._value2member_map_:
        return describe.relation_label(RelationKind(value).inverse)
    return value.replace("-", " ")


def _keys(q: Question, kind: str) -> list[str]:
    """The keys of one kind the question links, in order, once each."""
    return list(dict.fromkeys(link.best.key for link in q.links if link.best.kind.value == kind))


def _plays(casting: Casting, role: Character) -> bool:
    """Whether a related work's casting is this role: its name before any comma
    ("Fumi, Kaito's grandmother") is one of the role's names, or its native name
    ends with one of the role's ("織田ふみ" for ふみ)."""
    said = fold((casting.role or "").split(",")[0]).strip()
    names = {fold(n).strip() for n in role.all_names()}
    if said and said in names:
        return True
    native = fold(casting.native_role or "")
    return bool(native) and any(native.endswith(n) for n in names if not n.isascii())


# The card a typed detail is shown as, by the kind of thing that holds it.
_FACET_CARDS: dict[str, Kind] = {
    "character": "person",
    "person": "person",
    "work": "work",
    "song": "song",
    "special": "special",
}


def _life_asked(q: Question) -> str:
    """What of a life the question asks, in the current language ("where they were born")."""
    if q.rule == "birthplace":
        return _("where they were born")
    return _its(q.attribute) if q.attribute else _("their life")


def _its(attribute: Attribute) -> str:
    """The detail ``attribute`` names, in the current language ("its rating")."""
    return _(_DETAILS[attribute]) if attribute in _DETAILS else attribute.value.replace("_", " ")


def _rivals(best: Hit, other: Hit) -> bool:
    """An exact alias beats a near name unless the other is also named that way."""
    if best.score == 100.0 and other.score < 100.0:
        return other.primary and best.name in other.name
    return True


def _names(item: Song | Special) -> list[str]:
    """A titled thing's names, its own title first (people use ``all_names``)."""
    return [n for n in (item.title, item.native_title, *item.aliases) if n]


_NUMERIC_CHARS = frozenset("0123456789., ")


def _looks_numeric(text: str) -> bool:
    """Digits with signs, points or spaces ("-1", "3.5", "# 8"): meant as a number.

    Plain character tests, so any input is read once, in linear time.
    """
    t = text.strip().removeprefix("#").strip()
    t = t[1:] if t[:1] in ("+", "-") else t
    return bool(t) and all(c in _NUMERIC_CHARS for c in t) and any(c.isdigit() for c in t)


def _whole_number(text: str) -> int | None:
    """A non-negative whole number ("8", "#11", "05"), or None ("-1", "3.5")."""
    t = text.strip().removeprefix("#").strip()
    if t.isdigit() and t.isascii():
        return int(t) if len(t) <= 9 else 10**9  # absurd sizes stay absurd, cheaply
    return None


def _shown_number(text: str) -> str:
    t = text.strip()
    return clip(t, 13) if _looks_numeric(t) else ""


def _clip(text: str, size: int = 80) -> str:
    """A query quoted back: its spaces collapsed, cut to ``size``."""
    return clip(" ".join(text.split()), size)
