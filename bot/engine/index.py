"""A fuzzy name index that stays fast when the knowledge base is large.

Scoring every name with rapidfuzz is accurate but linear in the number of
names. This index first narrows the field with exact dictionaries (whole
names, words, and the n-grams of words, which is how a typo still finds its
word) and only then asks rapidfuzz to score the few candidates left. Prefixes
for autocomplete come from sorted lists and bisection.
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

from rapidfuzz import fuzz, process

from bot.engine.normalize import name_orders, normalize, normalized

# Most candidates worth scoring for one query: those sharing the most words.
_CANDIDATE_CAP = 400
# Most names one scorer keeps: a lookup shows a handful, autocomplete 25.
_KEEP = 128
# How much covering the query's words counts in the order (not in the score),
# and among how many of the best names it is worked out.
_COVER_WEIGHT = 0.2
_RERANK_TOP = 100
# How many near spellings of one unknown word to follow.
_CORRECTIONS = 4
_CORRECTION_CUTOFF = 70.0
_PREFIX_SCAN = 400
_NEAR_KEPT = 4096  # unknown words whose near spellings are remembered
# WRatio without its partial token-set part, which scores any shared word
# ("no", "the") as a near-perfect match. Weights follow WRatio's.
_SCORERS = (
    (fuzz.ratio, 1.0),
    (fuzz.token_sort_ratio, 0.95),
    (fuzz.token_set_ratio, 0.95),
    (fuzz.partial_ratio, 0.9),
)
_PARTIAL_MIN = 4  # a shorter query is inside too many names to mean anything


@dataclass(frozen=True, slots=True)
class Hit:
    key: str
    score: float
    name: str
    primary: bool


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    name: str  # normalised
    primary: bool  # the entity's own name (not an alias or a related name)

    def __reduce__(self) -> tuple[type[Entry], tuple[str, str, bool]]:
        # Read back from the engine cache (bot.knowledge.cache) far faster than
        # a slotted dataclass's own way, which looks up its fields for each one.
        return Entry, (self.key, self.name, self.primary)


class NameIndex:
    """Maps names (and aliases) to entity keys."""

    def __init__(
        self, names: Iterable[tuple[str, str, bool] | Entry], rank: dict[str, int]
    ) -> None:
        """``names`` are (key, text, primary), or another index's entries (a combined
        index keeps those whose names stay as they are, rather than making hundreds of
        thousands again); ``rank`` orders keys for empty/tied results."""
        self._rank = rank
        self._entries: list[Entry] = []
        self._exact: dict[str, list[int]] = {}
        self._postings: dict[str, list[int]] = {}
        seen: set[tuple[str, str]] = set()
        entries, exact, postings = self._entries, self._exact, self._postings
        forms: dict[str, str] = {}  # each word's normal form, for the names that share it
        for name in names:
            key, text, primary = (
                (name.key, name.name, name.primary) if isinstance(name, Entry) else name
            )
            norm = normalized(text, forms)
            if not norm or (key, norm) in seen:
                continue
            seen.add((key, norm))
            entry_id = len(entries)
            # Another index's entry, when its name stays as it is (normalized gives
            # back the very text then), is this one's too.
            kept = norm is text and isinstance(name, Entry)
            entries.append(name if kept and isinstance(name, Entry) else Entry(key, norm, primary))
            for form in name_orders(norm):
                exact.setdefault(form, []).append(entry_id)
            # In the name's order, never a set's: what follows from the order of
            # the postings (the near words' pool below) is then the same in every
            # process, whatever Python's string hashing is seeded with.
            for word in dict.fromkeys(norm.split(" ")):
                postings.setdefault(word, []).append(entry_id)
        self._grams: dict[str, list[str]] = {}
        for word in self._postings:
            for gram in _grams(word):
                self._grams.setdefault(gram, []).append(word)
        self._near_kept: dict[str, list[tuple[str, float]]] = {}
        # By name then position, as sorting the pairs would, but sorting the names alone
        # (a stable sort keeps equal names in order): strings compare far faster than pairs.
        texts = [e.name for e in self._entries]
        self._full_sorted = [
            (texts[i], i) for i in sorted(range(len(texts)), key=texts.__getitem__)
        ]
        self._words_sorted = sorted(self._postings)

    def __len__(self) -> int:
        return len(self._entries)

    def named_entries(self) -> list[Entry]:
        """Every (key, normalised name, primary), to build a combined index."""
        return list(self._entries)

    def ranks(self) -> dict[str, int]:
        return dict(self._rank)

    def keys_by_rank(self) -> list[str]:
        return sorted(self._rank, key=self._rank.__getitem__)

    def search(self, query: str, *, cutoff: float = 0.0, limit: int = 10) -> list[Hit]:
        """The best hit per key, best first; exact names score 100.

        ``Hit.score`` is the plain similarity, which every cutoff is compared
        with. The order also weighs how much of a several-word query a name
        covers: a full name typed with a typo must beat every role that merely
        shares its given name (a subset scores high on its own).
        """
        norm = normalize(query)
        if not norm:
            return []
        scores: dict[int, float] = {}
        near: dict[str, list[tuple[str, float]]] = {}  # each unknown word looked up once
        spelled, factor = self._respelled(norm, near)
        self._collect(norm, 1.0, cutoff, scores, near)
        if spelled != norm:
            # A typo fixed word by word ("tilte" → "title") is scored as if
            # typed right, discounted by how far the fix was.
            self._collect(spelled, factor, cutoff, scores, near)
        ranked = sorted(((s, i) for i, s in scores.items() if s >= cutoff), reverse=True)
        words, respelled = norm.split(" "), spelled.split(" ")
        floor = ranked[0][0] * (1 - _COVER_WEIGHT) if ranked else 0.0
        order: dict[str, float] = {}
        best: dict[str, Hit] = {}
        for n, (score, entry_id) in enumerate(ranked):
            entry = self._entries[entry_id]
            weighted = score
            if len(words) > 1:
                covered = 0.0
                if n < _RERANK_TOP and score >= floor:
                    covered = _coverage(words, respelled, entry.name)
                weighted = score * (1 - _COVER_WEIGHT + _COVER_WEIGHT * covered)
            order[entry.key] = max(order.get(entry.key, -1.0), weighted)
            hit = best.get(entry.key)
            if hit is None or score > hit.score or (score == hit.score and entry.primary):
                best[entry.key] = Hit(entry.key, score, entry.name, entry.primary)
        far = 1 << 30
        hits = sorted(
            best.values(),
            key=lambda h: (-order[h.key], -h.score, not h.primary, self._rank.get(h.key, far)),
        )
        return hits[:limit]

    def _collect(
        self,
        norm: str,
        factor: float,
        cutoff: float,
        out: dict[int, float],
        near: dict[str, list[tuple[str, float]]],
    ) -> None:
        """Best score per name (entry) for one form of the query."""
        for entry_id in self._exact.get(norm, ()):
            out[entry_id] = max(out.get(entry_id, 0.0), 100.0 * factor)
        candidates = self._candidates(norm, near)
        if not candidates:
            return
        choices = {i: self._entries[i].name for i in candidates}
        for scorer, weight in _SCORERS:
            if scorer is fuzz.partial_ratio and len(norm) < _PARTIAL_MIN:
                continue
            floor = min(100.0, cutoff / (weight * factor)) if factor else cutoff
            for _name, score, entry_id in process.extract(
                norm, choices, scorer=scorer, processor=None, score_cutoff=floor, limit=_KEEP
            ):
                value = float(score) * weight * factor
                if value > out.get(entry_id, -1.0):
                    out[entry_id] = value

    def _respelled(self, norm: str, near: dict[str, list[tuple[str, float]]]) -> tuple[str, float]:
        """The query with each unknown word replaced by its nearest known word."""
        words = norm.split(" ")
        factor = 1.0
        for i, word in enumerate(words):
            if word in self._postings or len(word) < 4:
                continue
            spellings = self._near(word, near)
            if spellings and spellings[0][1] >= 80.0:
                words[i] = spellings[0][0]
                factor *= spellings[0][1] / 100.0
        return " ".join(words), factor

    def prefix(self, partial: str, limit: int) -> list[str]:
        """Keys whose name, or a word of it, starts with ``partial``: best ranked first."""
        norm = normalize(partial)
        if not norm:
            return self.keys_by_rank()[:limit]
        keys: dict[str, bool] = {}  # key → matched at the start of the whole name
        start = bisect.bisect_left(self._full_sorted, (norm, -1))
        for name, entry_id in self._full_sorted[start : start + _PREFIX_SCAN]:
            if not name.startswith(norm):
                break
            keys.setdefault(self._entries[entry_id].key, True)
        last = norm.rsplit(" ", 1)[-1]
        start = bisect.bisect_left(self._words_sorted, last)
        for word in self._words_sorted[start : start + _PREFIX_SCAN]:
            if not word.startswith(last) or len(keys) >= _PREFIX_SCAN:
                break
            for entry_id in self._postings[word][:_PREFIX_SCAN]:
                entry = self._entries[entry_id]
                if " " not in norm or norm in entry.name:
                    keys.setdefault(entry.key, False)
        far = 1 << 30
        ordered = sorted(keys, key=lambda k: (not keys[k], self._rank.get(k, far)))
        return ordered[:limit]

    def _candidates(self, norm: str, near: dict[str, list[tuple[str, float]]]) -> set[int]:
        """The entries sharing the most words (or near spellings of them) with the query."""
        shared: Counter[int] = Counter()
        words = dict.fromkeys(norm.split(" "))
        # The words as typed first, the rarest first, then the near spellings of the
        # others: past the cap, entries sharing as many words are kept in the order
        # they were first counted (nlargest keeps ties in order), so a name with a
        # rare word typed right ("moki", 26 names) is not crowded out by thousands
        # sharing a common word only spelled like a typo ("hrryo" → "shoraryo").
        known = sorted((w for w in words if w in self._postings), key=self._posting_size)
        for word in known:
            shared.update(self._postings[word])
        for word in words:
            if word in self._postings:
                continue
            nearby: dict[int, None] = {}
            for spelling, _score in self._near(word, near):
                nearby.update(dict.fromkeys(self._postings[spelling]))
            shared.update(nearby.keys())
        if len(shared) <= _CANDIDATE_CAP:
            return set(shared)
        return {i for i, _ in heapq.nlargest(_CANDIDATE_CAP, shared.items(), key=itemgetter(1))}

    def _posting_size(self, word: str) -> int:
        return len(self._postings[word])

    def _near(self, word: str, memo: dict[str, list[tuple[str, float]]]) -> list[tuple[str, float]]:
        if word not in memo:
            memo[word] = self._near_words(word)
        return memo[word]

    def _near_words(self, word: str) -> list[tuple[str, float]]:
        """Known words spelled like ``word``, best first, with their ratio (0–100).

        Remembered per index (up to _NEAR_KEPT words): autocomplete asks about the
        same unfinished word at every keystroke, from every fan typing it.
        """
        near = self._near_kept.get(word)
        if near is None:
            if len(self._near_kept) >= _NEAR_KEPT:
                self._near_kept.clear()
            near = self._near_kept[word] = self._find_near_words(word)
        return near

    def cache_clear(self) -> None:
        """Forget the remembered near words (the benchmark's "never seen" calls this)."""
        self._near_kept.clear()

    def _find_near_words(self, word: str) -> list[tuple[str, float]]:
        # The words that share each gram, counted in one pass; the grams in order, as a
        # set's order would differ from process to process.
        shared = Counter(chain.from_iterable(self._grams.get(g, ()) for g in sorted(_grams(word))))
        if not shared:
            return []
        pool = [w for w, _ in shared.most_common(64)]
        near = process.extract(
            word,
            pool,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=_CORRECTION_CUTOFF,
            limit=_CORRECTIONS,
        )
        words = [(w, float(score)) for w, score, _i in near]
        # A word the query is the start of ("tit" → "title") is near too.
        known = {w for w, _ in words}
        words += [(w, 75.0) for w in pool if w.startswith(word) and w not in known][:_CORRECTIONS]
        return words


def _coverage(words: list[str], respelled: list[str], name: str) -> float:
    """The share of the query's words that ``name`` has, as typed, respelled or nearly."""
    have = name.split(" ")
    covered = 0
    for typed, fixed in zip(words, respelled, strict=True):
        if typed in have or fixed in have or any(fuzz.ratio(typed, w) >= 75.0 for w in have):
            covered += 1
    return covered / len(words)


def _grams(word: str) -> set[str]:
    """Trigrams of a padded Latin word; bigrams of Japanese (no spaces between words)."""
    if word.isascii():
        padded = f" {word} "
        return {padded[i : i + 3] for i in range(len(padded) - 2)}
    if len(word) == 1:
        return {word}
    return {word[i : i + 2] for i in range(len(word) - 1)}
