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
# A scene told with words the plot does not all use is found when its episode's best
# point has this many more of them than any other episode's.
CLEAR_BY = 2
# A point with one of these ("She gives Ben a letter", "Ben carries her") may speak of
# someone named before it, even when it names someone else too.
PRONOUNS = ("she", "he", "her", "him", "his")
# A plot point may speak of someone named this many points before it ("she").
TOLD_BACK = 2
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
        self._point_keys = frozenset(points.keys("episode"))
        self._ties = {key: frozenset(other for _, other in pairs) for key, pairs in ties.items()}
        self._bonds = ties
        self._related = related
        self._naming: dict[str, bool] = {}
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
        if words:
            counts = index.counts(words, clue.target.value, leave_out=clue.named)
            hits = max(counts.values(), default=0)
            keys = [k for k, c in counts.items() if hits and c == hits]
            # Of three words or more, one may be said otherwise than the knowledge does.
            if hits < (len(words) - 1 if len(words) >= LOOSE_FROM else len(words)):
                if not episodes:
                    return Found(())
                keys = self._clear_scene(words, counts, clue.named)
                if not keys:
                    return Found(())
        else:
            keys = [k for k in index.keys(clue.target.value) if k not in clue.named]
        if words and not episodes and hits < len(words):
            # Said loosely: a word that one lacks may be said otherwise, but not when it
            # is what the knowledge says of another ("the girl in Ann's class who plays
            # piano" is not the girl in her class whom nothing says plays).
            loose = keys
            keys = [k for k in keys if not self._outsaid(k, words, clue, hits)]
            if not keys:
                return Found((), tuple(loose[:3]))
        keys = [k for k in keys if all(self._fits(k, r) for r in clue.relations)]
        keys = [k for k in keys if all(self.bonded(k, b, clue.named) for b in clue.bonds)]
        if episodes:
            keys = [k for k in keys if all(self._told_of(k, named) for named in clue.named)]
        else:
            keys = [k for k in keys if all(self.tied(k, named, index) for named in clue.named)]
        if episodes:
            keys = self._about_them(keys, clue.named)
            keys = list(dict.fromkeys(k.partition(POINT)[0] for k in keys))
        if len(keys) == 1:
            return Found((keys[0],))
        if episodes and 1 < len(keys) <= MAX_TIED_EPISODES:
            # The first episode where it happens; a later one only recalls it.
            return Found((min(keys, key=lambda k: int(k.partition(":")[2])),))
        return Found((), tuple(keys[:3]))

    def _outsaid(self, key: str, words: Sequence[str], clue: Clue, hits: int) -> bool:
        """Whether another of ``key``'s kind has a word ``key``'s description lacks and
        as many of the words in all (a word the question holds essential, such as
        "girl", left unsaid of it, which is why it is not among the counted)."""
        kind, named = clue.target.value, clue.named
        return any(
            other != key and sum(self._index.says(other, [v]) for v in words) >= hits
            for w in words
            if not self._index.says(key, [w])
            for other in self._index.counts([w], kind, leave_out=named)
        )

    def _clear_scene(
        self, words: Sequence[str], scored: Mapping[str, int], named: Sequence[str]
    ) -> list[str]:
        """A scene told at length ("faint in class because she stopped drinking water"):
        the one plot point, of those tied to everyone named, with at least half of the
        words (and two), when no point of another episode comes within two words of it."""
        need = max(2, (len(words) + 1) // 2)
        # Only points near the top can win or come within reach of the winner.
        counts = {
            k: c
            for k, c in scored.items()
            if c > need - CLEAR_BY and all(self._told_of(k, n) for n in named)
        }
        top = max(counts.values(), default=0)
        if top < need:
            return []
        best = [k for k, c in counts.items() if c == top]
        episodes = {k.partition(POINT)[0] for k in best}
        if len(episodes) != 1:
            return []
        (episode,) = episodes
        rival = max((c for k, c in counts.items() if k.partition(POINT)[0] != episode), default=0)
        return best if top - rival >= CLEAR_BY else []

    def _about_them(self, points: list[str], named: Sequence[str]) -> list[str]:
        """Of plot points in several episodes, those where everyone named is named as
        themselves, when that leaves one episode: "Ann is told the news" is about
        Ann, "Ann's mother is told" about her mother."""
        if len({k.partition(POINT)[0] for k in points}) < 2 or not named:
            return points
        direct = [k for k in points if not any(self._only_owner(k, n) for n in named)]
        return direct if len({k.partition(POINT)[0] for k in direct}) == 1 else points

    def _only_owner(self, point: str, named: str) -> bool:
        """Whether the point names ``named`` only as an owner ("Ann's mother")."""
        names = [n for n in self._names.get(named, ()) if self._points.mentions(point, n)]
        return bool(names) and all(self._points.mentions(point, f"{n} s") for n in names)

    def _names_someone(self, point: str) -> bool:
        """Whether a plot point names a role itself (then a "she" in it is not one
        named in an earlier point); remembered per point."""
        found = self._naming.get(point)
        if found is None:
            found = self._naming[point] = any(
                self._points.mentions(point, name)
                for key, names in self._names.items()
                if key.startswith("character:")
                for name in names
            )
        return found

    def _speaks_back(self, point: str) -> bool:
        """Whether a plot point has a pronoun that may mean someone named before it."""
        return any(self._points.mentions(point, word) for word in PRONOUNS)

    def _told_of(self, point: str, named: str) -> bool:
        """Whether a plot point is about ``named``: it names them, or one of the few
        points before it in the same episode does ("At the fireworks she falls"
        after "Ben invites Ann to the fireworks")."""
        if self.tied(point, named, self._points):
            return True
        episode, _mark, place = point.partition(POINT)
        if not place.isdigit():
            return False
        if self._names_someone(point) and not self._speaks_back(point):
            return False  # "Ann's mother is told" is not about Ben, named a point before
        for back in range(1, TOLD_BACK + 1):
            before = f"{episode}{POINT}{int(place) - back}"
            if before not in self._point_keys:
                return False
            if self.tied(before, named, self._points):
                return True
        return False

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
