"""Find a role, an episode or a song from words that describe it.

"The classmate who likes Ann", "which episode has the zoo scene", "the song
the class sings at the choir contest": the question names what it wants by
what the knowledge says about it. The reader hands over a ``Clue``: the words
nothing else explained (and the lexicon's other wordings for them), the
relation words said without an owner ("the classmate"), and the things the
question names, which the answer must be tied to (a role related to Ann, a
plot point with Ann in it, a role in the special).

The search is strict: every word must be in what the knowledge says about the
one found, every relation word must be one of its relations (or in its
description), every name must be tied to it, and only one may fit. An episode
is found by one point of its plot that has every word and every name, so
words from different scenes do not add up. Anything else is no answer, and
the question is declined as before.

The work per question is a few set lookups per candidate: the bags of words
are made once, when the reader is built.

>>> from bot.engine.linker import DescriptionIndex
>>> index = DescriptionIndex([("character:a", "A boy who keeps bees."),
...                           ("character:b", "A girl who keeps goats.")], set())
>>> finder = Finder(index, index, {}, {}, {})
>>> finder.find(Clue(("bees",), (), (), Target.CHARACTER)).keys
('character:a',)
>>> finder.find(Clue(("keeps",), (), (), Target.CHARACTER)).keys
()
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.engine.linker import DescriptionIndex

# From this many words on, one of them (not an essential one) may be missing.
LOOSE_FROM = 3
# More episodes than this and the words do not say which one.
MAX_TIED_EPISODES = 2
# A plot point's key: the episode's key, this mark, and the point's place.
POINT = "#"


class Target(StrEnum):
    """The kind of thing asked for."""

    CHARACTER = "character"
    EPISODE = "episode"
    SONG = "song"


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation word said without an owner: its kind, and the word that narrows it."""

    kind: str
    word: str | None = None
    opposite: str | None = None  # "sister" for "brother": a description that says it rules out


@dataclass(frozen=True, slots=True)
class Bond:
    """A word that says how the one asked for stands to someone ("likes"): with a name
    in the question, the knowledge must relate them by one of ``kinds``."""

    word: str
    kinds: frozenset[str]


@dataclass(frozen=True, slots=True)
class Clue:
    words: tuple[str, ...]  # as the reader writes them: folded, phrases with wordings whole
    relations: tuple[Relation, ...]
    named: tuple[str, ...]  # keys of what the question names: the answer is tied to each
    target: Target
    bonds: tuple[Bond, ...] = ()


@dataclass(frozen=True, slots=True)
class Found:
    keys: tuple[str, ...]  # the one found, or nothing
    candidates: tuple[str, ...] = ()  # when several fit equally: offered, not chosen


class Finder:
    """Reverse lookups over the reader's description index."""

    def __init__(
        self,
        index: DescriptionIndex,
        points: DescriptionIndex,
        ties: Mapping[str, frozenset[tuple[str, str]]],
        related: Mapping[str, frozenset[str]],
        names: Mapping[str, Sequence[str]],
    ) -> None:
        """``index``: what is said of each role, song and episode; ``points``: each plot
        point alone, keyed ``episode:<n>#<i>``. ``ties``: per key, (relation kind, key)
        pairs for what it is tied to (no kind for the specials a role is in, its
        actor). ``related``: per key, its relation kinds. ``names``: per key, its
        names as tokens, to find it mentioned in a plot or a song's use."""
        self._index = index
        self._points = points
        self._ties = {key: frozenset(other for _, other in pairs) for key, pairs in ties.items()}
        self._bonds = ties
        self._related = related
        self._names = {
            key: tuple(sorted({n for n in names_ if len(n.replace(" ", "")) > 2}))
            for key, names_ in names.items()
        }

    def find(self, clue: Clue) -> Found:
        words = list(dict.fromkeys(clue.words))
        if not (words or clue.relations or clue.bonds):
            return Found(())
        episodes = clue.target is Target.EPISODE
        index = self._points if episodes else self._index
        pool = [k for k in index.keys(clue.target.value) if k not in clue.named]
        if words:
            keys, hits = index.best(words, within=pool)
            # Of three words or more, one may be said otherwise than the knowledge does.
            if hits < (len(words) - 1 if len(words) >= LOOSE_FROM else len(words)):
                return Found(())
        else:
            keys = pool
        keys = [k for k in keys if all(self._fits(k, r) for r in clue.relations)]
        keys = [k for k in keys if all(self.bonded(k, b, clue.named) for b in clue.bonds)]
        keys = [k for k in keys if all(self.tied(k, named, index) for named in clue.named)]
        if episodes:
            keys = list(dict.fromkeys(k.partition(POINT)[0] for k in keys))
        if len(keys) == 1:
            return Found((keys[0],))
        if episodes and 1 < len(keys) <= MAX_TIED_EPISODES:
            # The first episode where it happens; a later one only recalls it.
            return Found((min(keys, key=lambda k: int(k.partition(":")[2])),))
        return Found((), tuple(keys[:3]))

    def _fits(self, key: str, relation: Relation) -> bool:
        if relation.opposite and self._index.says(key, [relation.opposite]):
            return False  # "the brother who …": not one called a sister
        if relation.kind in self._related.get(key, frozenset()):
            return True
        return self._index.says(key, [relation.word or relation.kind])

    def bonds_of(self, key: str) -> frozenset[tuple[str, str]]:
        """(relation kind, key) for each relation of ``key``: what it is to whom."""
        return self._bonds.get(key, frozenset())

    def bonded(self, key: str, bond: Bond, named: Sequence[str]) -> bool:
        """Whether ``key`` stands to someone named as ``bond`` says ("likes Ann": Ann's
        admirer); with nobody named, whether its description says so."""
        people = [n for n in named if n.startswith(("character:", "person:"))]
        if not people:
            return bool(bond.kinds & self._related.get(key, frozenset())) or self._index.says(
                key, [bond.word]
            )
        pairs = self._bonds.get(key, frozenset())
        return any((kind, other) in pairs for kind in bond.kinds for other in people)

    def tied(self, key: str, named: str, index: DescriptionIndex | None = None) -> bool:
        """Whether ``key`` is tied to ``named`` by the knowledge, or its text names it."""
        if named in self._ties.get(key, frozenset()):
            return True
        where = index or self._index
        return any(where.mentions(key, name) for name in self._names.get(named, ()))
