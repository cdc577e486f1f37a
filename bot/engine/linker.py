"""Find what a question names: lexicon words and phrases, and things in the knowledge.

Text is folded the way names are (case, width, accents, long vowels, katakana
as hiragana with jaconv) and cut into tokens: Latin words, numbers, and single
Japanese characters (Japanese has no spaces, so its phrases are runs of
characters). Every phrase of the lexicon and every name in the knowledge is
cut the same way and kept in one table keyed by its tokens.

Reading is linear in the text: at each token only the phrase lengths that
exist for that first token are tried, and the best cover of the question by
phrases is one pass of dynamic programming from the end. Words nothing covers
are then respelled once (rapidfuzz over the known words) and, if still
unknown, matched against what the knowledge says about people and songs.

>>> table = PhraseTable()
>>> table.add("who played", "q")
>>> [(s.start, s.end, s.items) for s in table.cover(tokenize("Who PLAYED x?"))]
[(0, 2, ('q',)), (2, 3, ())]
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

import jaconv
from rapidfuzz import fuzz, process

# How much of a question is read. Discord allows 6,000 characters in an option;
# no question needs more than this, and the cap keeps every step bounded.
MAX_READ = 500

_LONG_VOWELS = str.maketrans(
    {"ā": "a", "ī": "i", "ū": "u", "ē": "e", "ō": "o", "â": "a", "î": "i", "û": "u", "ê": "e"}
    | {"ô": "o"}
)
# One token: a number (with its decimals, so "1.5" is not episode 1), a Latin
# word, or one character of any other script. Each alternative is a single
# character class repeated, so matching never backtracks.
_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[a-z]+|[^\W0-9_a-z]")
# Long vowels spelled out in Latin letters: "ou", "oo", "uu", a final "oh".
_LATIN_LONG = re.compile(r"(?<=[a-z])(?:ou|oo|uu|oh$)")
# Long vowels spelled out in kana, as the Latin ones are: とう → と, ゆう → ゆ, ー dropped.
_KANA_LONG = re.compile(r"(?<=[おこごそぞとどのほぼぽもよょろうくぐすずつづぬふぶぷむゆゅる])う|ー")
# Hepburn's n-apostrophe (Ken'ichi) splits syllables, not words.
_SYLLABLE_MARK = re.compile(r"(?<=[a-z]n)['’](?=[aeiouy])")
# Any ASCII but the space: what jaconv left unconverted in a kana reading.
_LATIN_LEFT = re.compile(r"[\x00-\x1f\x21-\x7f]")
# Each accented Latin letter (U+00C0–U+024F) as its base letter, its accents dropped
# (the first character of its NFD form); Japanese voicing marks are not in the range.
_LATIN_BASE = {c: unicodedata.normalize("NFD", chr(c))[0] for c in range(0x00C0, 0x0250)}


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int  # offsets in the folded text
    end: int

    @property
    def latin(self) -> bool:
        return self.text.isascii() and self.text.isalpha()

    @property
    def numeric(self) -> bool:
        return self.text[:1].isdigit() and self.text.isascii()


def fold(text: str) -> str:
    """Casefolded text with one spelling per sound: what both sides are compared in."""
    text = text[:MAX_READ]
    if text.isascii():
        # NFKC, the long vowels and kana leave ASCII as it is: only case and "n'" remain.
        text = text.lower()
        return _SYLLABLE_MARK.sub("", text) if "'" in text else text
    text = unicodedata.normalize("NFKC", text).casefold()
    text = jaconv.kata2hira(text.translate(_LONG_VOWELS))
    if not text.isascii():
        text = text.translate(_LATIN_BASE)
    if not text.isascii():
        text = _KANA_LONG.sub("", text)
    return _SYLLABLE_MARK.sub("", text)


def kana_reading(romaji: str, tokens: Sequence[str] | None = None) -> str | None:
    """A romanised name as kana (jaconv), so "やまだたろう" finds "Yamada Taro"; None if
    the name does not romanise cleanly (an English title). ``tokens``: the texts of
    the name's tokens, when they are at hand."""
    if tokens is None:
        tokens = [t.text for t in tokenize(romaji)]
    words = [w for w in tokens if w.isascii() and w.isalpha()]  # as Token.latin
    if not words or len(words) != len(romaji.split()):
        return None
    kana = " ".join([*(_kana_word(w, final=False) for w in words[:-1]), _kana_word(words[-1])])
    if _LATIN_LEFT.search(kana) or "っ " in kana or kana.endswith("っ"):
        return None
    return kana


@lru_cache(maxsize=65536)
def _kana_word(word: str, final: bool = True) -> str:
    """One word of a name as kana, as jaconv writes it inside the whole name.

    Word by word, so that a knowledge base whose names share their words
    (family names, given names) converts each word once. jaconv reads a
    final "h" as a long vowel ("Itoh"), at the end of the text only; the
    space keeps a word inside a name from being read so.
    """
    return jaconv.alphabet2kana(word) if final else jaconv.alphabet2kana(word + " ")[:-1]


@lru_cache(maxsize=8192)
def _word(text: str) -> str:
    if "o" not in text and "uu" not in text:
        return text  # no long vowel to shorten (each needs one of these)
    return _LATIN_LONG.sub(lambda m: m.group(0)[0], text)


@lru_cache(maxsize=16384)
def tokenize(text: str) -> tuple[Token, ...]:
    """The tokens of ``text`` after folding (at most MAX_READ characters are read).

    Remembered: building an engine tokenizes each name and phrase several times.
    """
    tokens = []
    for m in _TOKEN.finditer(fold(text)):
        word = m.group()
        tokens.append(Token(_word(word) if word.isalpha() and word.isascii() else word, *m.span()))
    return tuple(tokens)


class Spelling:
    """Each text's words (its tokens' texts) and kana reading, worked out once while an
    engine is built.

    A build reads every name, alias and reading several times (the reader's table,
    its long and Japanese names, its loanwords, the kana readings), and a large
    knowledge base has far more of them than :func:`tokenize` remembers (a
    100,000-entity one, over 400,000). One of these lives as long as one build,
    so what it holds is let go with it.

    >>> Spelling().words("Ken'ichi Asō's  mother, 1.5 コウ タロウ")
    ('kenichi', 'aso', 's', 'mother', '1.5', 'こ', 'た', 'ろ')
    """

    def __init__(self) -> None:
        self._words: dict[str, tuple[str, ...]] = {}
        self._kana: dict[str, str | None] = {}

    def words(self, text: str) -> tuple[str, ...]:
        """The texts of :func:`tokenize`'s tokens of ``text``."""
        words = self._words.get(text)
        if words is None:
            if len(text) <= MAX_READ and " " in text:
                # Word by word is the same (no token spans a space, and no step of folding
                # looks past one: a space is never part of a composed character, and the
                # letters and kana before a mark or a long vowel are beside it), and the
                # names share their words ("Tarō", 「たろう」).
                # (a name's few words joined as tuples: quicker than a generator)
                words = sum(map(self.words, text.split(" ")), ())
            else:
                words = tuple(t.text for t in tokenize.__wrapped__(text))
            self._words[text] = words
        return words

    def kana(self, romaji: str) -> str | None:
        """:func:`kana_reading`'s kana."""
        if romaji in self._kana:
            return self._kana[romaji]
        kana = self._kana[romaji] = kana_reading(romaji, self.words(romaji))
        return kana


def retokenized(words: Sequence[str]) -> list[str]:
    """The tokens' texts of ``words`` (tokens' texts themselves) joined by spaces and
    tokenized again, e.g. a two-word name the other way round.

    Latin words and numbers are folded already: tokenizing them again only respells
    a long vowel made anew ("shoou" → "shou" → "sho"), so each is done alone.

    >>> retokenized(["shou", "ken"]), retokenized(["山", "田"])
    (['sho', 'ken'], ['山', '田'])
    """
    if all(w.isascii() for w in words):
        return [_word(w) if w.isalpha() else w for w in words]
    return [t.text for t in tokenize(" ".join(words))]


def key_of(tokens: Iterable[Token]) -> str:
    return " ".join(t.text for t in tokens)


def display(tokens: Sequence[Token]) -> str:
    """Tokens as words: a space between Latin words and numbers, none inside Japanese.

    >>> display(tokenize("vet school")), display(tokenize("動物園"))
    ('vet schol', '動物園')
    """
    out = ""
    for i, t in enumerate(tokens):
        if i and (t.text.isascii() or tokens[i - 1].text.isascii()):
            out += " "
        out += t.text
    return out


Item = TypeVar("Item", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Segment(Generic[Item]):
    """Tokens ``start``..``end`` covered by one phrase (no items: nothing known)."""

    start: int
    end: int
    items: tuple[Item, ...]


_FEW = 16  # items a phrase's list is searched through before it has a set beside it


class PhraseTable(Generic[Item]):
    """Phrases (as token sequences) and what each means."""

    def __init__(self) -> None:
        self._items: dict[str, list[Item]] = {}
        # A common name's phrase stands for thousands of entities: past a few items,
        # a set says whether one is there already (a list's ``in`` would scan them all).
        self._many: dict[str, set[Item]] = {}
        self._lengths: dict[str, set[int]] = {}
        self._frozen_lengths: dict[str, tuple[int, ...]] = {}

    def add(self, phrase: str, item: Item) -> None:
        self.add_words([t.text for t in tokenize(phrase)], item)

    def add_words(self, words: Sequence[str], item: Item, key: str | None = None) -> None:
        """A phrase already cut into its tokens' texts (as :func:`tokenize` cuts it), and
        their ``key`` (joined by spaces) if it is made already: building an engine adds
        hundreds of thousands of names it has tokenized before."""
        if not words:
            return
        if key is None:
            key = " ".join(words)
        items = self._items.get(key)
        if items is None:
            # A new phrase: its first word's lengths (a phrase seen before has them).
            items = self._items[key] = []
            self._lengths.setdefault(words[0], set()).add(len(words))
            self._frozen_lengths.pop(words[0], None)
        many = self._many.get(key)
        if many is None and item not in items:
            items.append(item)
            if len(items) > _FEW:
                self._many[key] = set(items)
        elif many is not None and item not in many:
            many.add(item)
            items.append(item)

    def get(self, phrase: str) -> tuple[Item, ...]:
        return tuple(self._items.get(key_of(tokenize(phrase)), ()))

    def __contains__(self, key: str) -> bool:
        return key in self._items

    def phrases(self) -> Iterable[str]:
        return self._items.keys()

    def _lengths_for(self, first: str) -> tuple[int, ...]:
        lengths = self._frozen_lengths.get(first)
        if lengths is None:
            lengths = tuple(sorted(self._lengths.get(first, ()), reverse=True))
            self._frozen_lengths[first] = lengths
        return lengths

    def matches(self, tokens: Sequence[Token]) -> list[list[tuple[int, tuple[Item, ...]]]]:
        """For each token, the phrases starting there: (length, items)."""
        found: list[list[tuple[int, tuple[Item, ...]]]] = []
        texts = [t.text for t in tokens]  # each phrase's key is its words joined
        size = len(texts)
        for i, text in enumerate(texts):
            here: list[tuple[int, tuple[Item, ...]]] = []
            for n in self._lengths_for(text):
                if i + n > size:
                    continue
                items = self._items.get(" ".join(texts[i : i + n]))
                if items:
                    here.append((n, tuple(items)))
            found.append(here)
        return found

    def cover(self, tokens: Sequence[Token]) -> list[Segment[Item]]:
        """The best reading of ``tokens`` as phrases, left to right.

        Best means: the most characters covered, then the fewest pieces (so a
        whole name beats its words read one by one), then the earliest longest
        phrase. One backward pass: linear in the tokens and matches.
        """
        options = self.matches(tokens)
        n = len(tokens)
        # best[i] = (covered characters, -pieces) for tokens[i:], and the choice made.
        best: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        choice: list[tuple[int, tuple[Item, ...]]] = [(1, ())] * (n + 1)
        for i in range(n - 1, -1, -1):
            covered, pieces = best[i + 1]
            best[i], choice[i] = (covered, pieces - 1), (1, ())
            for length, items in options[i]:
                after = best[i + length]
                size = tokens[i + length - 1].end - tokens[i].start
                score = (after[0] + size, after[1] - 1)
                if score > best[i]:
                    best[i], choice[i] = score, (length, items)
        segments: list[Segment[Item]] = []
        i = 0
        while i < n:
            length, items = choice[i]
            segments.append(Segment(i, i + length, items))
            i += length
        return segments


class Speller:
    """Near spellings of misspelt words, among a fixed vocabulary (rapidfuzz ratio)."""

    def __init__(self, words: Iterable[str], min_length: int, cutoff: float) -> None:
        self._words = sorted({w for w in words if len(w) >= min_length and w.isascii()})
        # A slip rarely hits the first letter, and allowing it makes "after" "father".
        self._by_initial: dict[str, list[str]] = {}
        for w in self._words:
            self._by_initial.setdefault(w[0], []).append(w)
        self._min = min_length
        self._cutoff = cutoff
        self._memo: dict[str, tuple[str, float] | None] = {}

    def correct(self, word: str) -> tuple[str, float] | None:
        """The nearest known word and its ratio, or None; ties go to the first in order."""
        if len(word) < self._min or not word.isascii() or not self._words:
            return None
        if word in self._memo:
            return self._memo[word]
        # Short words need to be closer: one slip in five letters is 80.
        cutoff = self._cutoff if len(word) >= 6 else max(self._cutoff, 84.0 + (len(word) < 5))
        hit = process.extractOne(
            word,
            self._by_initial.get(word[0], []),
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=cutoff,
        )
        result = (str(hit[0]), float(hit[1])) if hit else None
        if len(self._memo) < 4096:
            self._memo[word] = result
        return result


def inflections(word: str) -> tuple[str, ...]:
    """Other forms of a verb, to find "stop" in "stopped" and "stopped" in "stops".

    >>> inflections("stop"), inflections("stopped"), inflections("faints")
    (('stoped', 'stoping', 'stopped', 'stopping'), ('stopp', 'stop'), ('faint',))
    """
    if word.endswith("ed") and len(word) > 4:
        base = word[:-2]
        return (base, base[:-1] if base[-1:] == base[-2:-1] else base + "e")
    if word.endswith("ing") and len(word) > 5:
        base = word[:-3]
        return (base, base[:-1] if base[-1:] == base[-2:-1] else base + "e")
    if word.endswith("s") and not word.endswith("ss"):
        return (word[:-1],)
    root = word[:-1] if word.endswith("e") else word
    doubled = word + word[-1]
    return tuple(dict.fromkeys((root + "ed", root + "ing", doubled + "ed", doubled + "ing")))


def stem(word: str) -> str:
    """A light plural fold for matching descriptions.

    >>> [stem(w) for w in ("sings", "passes", "watches", "glass", "bus")]
    ['sing', 'pass', 'watch', 'glass', 'bus']
    """
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _written_in(word: str, text: str) -> bool:
    """Whether a Japanese text has the word, however it is inflected: each run of
    kanji or katakana of it (its stems: 告知 of 告知される, 背負 of 背負って), or
    the word whole when it is all hiragana.

    >>> _written_in("背負って", "花子を背負う"), _written_in("降りる", "下りる")
    (True, False)
    >>> _written_in("病", "病気")
    False
    """
    stems = _japanese_stems(word)
    return stems is not None and all(part in text for part in stems)


def _japanese_stems(word: str) -> tuple[str, ...] | None:
    """What a Japanese text must have to have ``word`` (:func:`_written_in`), worked out
    once for all the texts a word is looked for in; None when no text can have it."""
    runs = "".join(ch if not "\u3041" <= ch <= "\u3096" else " " for ch in word).split()
    if not runs:
        return (word,) if len(word) >= 2 else None
    # One kanji alone (病 of 病気 cut in two) says too little to find anything by.
    return tuple(runs) if sum(map(len, runs)) >= 2 else None


class DescriptionIndex:
    """What the knowledge says about each thing, as a bag of words per key."""

    def __init__(
        self,
        described: Iterable[tuple[str, str]],
        stop: set[str],
        wordings: dict[str, tuple[tuple[str, ...], ...]] | None = None,
        essential: frozenset[str] = frozenset(),
        inflect: bool = False,
    ) -> None:
        """``wordings`` maps a phrase fans use (as ``display`` writes it) to what the
        knowledge may say instead: alternatives, each a few words that must all be there.
        An ``essential`` phrase ("girl", a number) is never the one word of several
        that may be missing from a description."""
        self._bags: dict[str, set[str]] = {}
        texts: dict[str, list[str]] = {}
        stems: dict[str, str] = {}  # each word's stem once: descriptions share their words
        for key, text in described:
            # Not remembered by tokenize: each text is read once here (twice for a plot
            # point), and hundreds of thousands would only push questions out of it.
            tokens = tokenize.__wrapped__(text)
            # A word of three letters or more as written ("zoo" folds to "zo"), a number;
            # a stop word as written, not its stem ("waits" is a word, "wait" is not).
            words = set()
            for t in tokens:
                if ((t.latin and t.end - t.start > 2) or t.numeric) and t.text not in stop:
                    word = stems.get(t.text)
                    if word is None:
                        word = stems[t.text] = stem(t.text)
                    words.add(word)
            self._bags.setdefault(key, set()).update(words)
            texts.setdefault(key, []).append(key_of(tokens))
        # Each text as its tokens, between spaces: a name is looked for as whole tokens.
        self._texts = {key: f" {' | '.join(parts)} " for key, parts in texts.items()}
        self._keys = list(self._bags)
        # Japanese is written without spaces: its texts are searched as written.
        self._native: dict[str, str] = {}
        # Long words in order, so a shortening is found by bisection.
        self._long = {k: sorted(w for w in bag if len(w) >= 8) for k, bag in self._bags.items()}
        vocabulary = set().union(*self._bags.values()) if self._bags else set()
        self._short = frozenset(w for w in vocabulary if len(w) <= 2)
        self._speller = Speller(vocabulary, min_length=8, cutoff=90.0)
        self._wordings = wordings or {}
        self._essential = essential
        # The same facts the other way round, so that a question is not tried against
        # every description (at 100,000 entities, tens of thousands of keys):
        # each word's keys, the long words in order, and each key's place.
        self._holders: dict[str, set[str]] = {}
        for key, bag in self._bags.items():
            for word in bag:
                self._holders.setdefault(word, set()).add(key)
        self._long_words = sorted(w for w in vocabulary if len(w) >= 8)
        self._order = {key: i for i, key in enumerate(self._keys)}
        self._of_kind: dict[str, list[str]] = {}  # see ``keys``
        for key in self._keys:
            self._of_kind.setdefault(key.partition(":")[0], []).append(key)
        self._with: dict[str, frozenset[str]] = {}  # _keys_with, remembered
        # Plot points tell of actions ("stopped drinking"): other forms of a verb count,
        # worked out once here so a question pays a set lookup for each.
        self._inflect = inflect
        self._forms: dict[str, frozenset[str]] = {
            k: frozenset(f for w in bag if len(w) >= 4 for f in inflections(w))
            if inflect
            else frozenset()
            for k, bag in self._bags.items()
        }
        self._form_holders: dict[str, set[str]] = {}
        for key, forms in self._forms.items():
            for form in forms:
                self._form_holders.setdefault(form, set()).add(key)

    def add_native(self, key: str, text: str) -> None:
        """A text about ``key`` in Japanese, to find Japanese words in (not English ones)."""
        if key in self._bags:
            self._native[key] = f"{self._native.get(key, '')}|{fold(text)}"
            self._with.clear()  # what was remembered of Japanese words no longer holds

    def written(self, word: str) -> bool:
        """Whether the knowledge's own texts use ``word`` as it is typed.

        >>> DescriptionIndex([("k", "She moves away.")], set()).written("move")
        True
        """
        return self._stem(word) in self._holders

    def usable(self, word: str) -> bool:
        """Whether an unexplained word can be looked for in descriptions: a Latin word of
        three letters or more (or one that folds shorter, "zoo"), or a phrase with wordings."""
        if word in self._wordings:
            return True
        if not word.isascii():
            stems = _japanese_stems(word)
            return stems is not None and any(
                all(part in text for part in stems) for text in self._native.values()
            )
        return word.isalpha() and (len(word) > 2 or word in self._short)

    def mentions(self, key: str, name: str) -> bool:
        """Whether a text about ``key`` has ``name`` (tokens joined by spaces) in it."""
        return f" {name} " in self._texts.get(key, "")

    def _stem(self, word: str) -> str:
        return word if word in self._wordings else stem(word)

    def _has(self, key: str, word: str) -> bool:
        """The word, one of its wordings, or a long word it shortens ("rehab")."""
        alternatives = self._wordings.get(word)
        if alternatives is not None:
            return any(all(self._has_word(key, w) for w in alt) for alt in alternatives)
        return self._has_word(key, word)

    def _has_word(self, key: str, word: str) -> bool:
        if not word.isascii():
            return _written_in(word, self._native.get(key, ""))
        bag = self._bags[key]
        if word in bag:
            return True
        if len(word) < 4:
            return False
        if word in self._forms[key]:
            return True
        if (
            self._inflect
            and word.endswith(("ed", "ing"))
            and any(f in bag for f in inflections(word))
        ):
            return True  # "rowed" where it says "rows" (a word too short to have its forms)
        longs = self._long[key]
        i = bisect.bisect_left(longs, word)
        return i < len(longs) and longs[i].startswith(word)

    def _keys_with(self, word: str) -> frozenset[str]:
        """Every key ``k`` for which ``_has(k, word)`` holds, found without trying each."""
        found = self._with.get(word)
        if found is None:
            alternatives = self._wordings.get(word)
            if alternatives is None:
                found = self._keys_with_word(word)
            else:
                found = frozenset().union(
                    *(
                        frozenset.intersection(*(self._keys_with_word(w) for w in alt))
                        for alt in alternatives
                        if alt
                    )
                )
                if any(not alt for alt in alternatives):
                    found = frozenset(self._keys)  # an empty alternative is had by all
            if len(self._with) < 4096:
                self._with[word] = found
        return found

    def _keys_with_word(self, word: str) -> frozenset[str]:
        """The keys of :meth:`_has_word`: the word itself, or a long word it begins."""
        if not word.isascii():  # Japanese: as written in the texts (few, and added late)
            stems = _japanese_stems(word)
            if stems is None:
                return frozenset()
            return frozenset(
                k for k, text in self._native.items() if all(part in text for part in stems)
            )
        keys = set(self._holders.get(word, ()))
        if len(word) >= 4 and self._inflect:
            keys |= self._form_holders.get(word, set())
            if word.endswith(("ed", "ing")):
                for form in inflections(word):
                    keys |= self._holders.get(form, set())
        if len(word) >= 4:
            i = bisect.bisect_left(self._long_words, word)
            while i < len(self._long_words) and self._long_words[i].startswith(word):
                keys |= self._holders[self._long_words[i]]
                i += 1
        return frozenset(keys)

    def says(self, key: str, words: Sequence[str]) -> bool:
        """Whether what is said about ``key`` has every one of ``words``."""
        return key in self._bags and all(self._has(key, self._stem(w)) for w in words)

    def best(
        self, words: Sequence[str], within: Sequence[str] | None = None
    ) -> tuple[list[str], int]:
        """The keys (of ``within``, if given) whose descriptions have the most of ``words``,
        and how many they have."""
        stems = list(dict.fromkeys(self._stem(w) for w in words))
        pool = self._keys if within is None else [k for k in within if k in self._bags]
        essential = [self._keys_with(s) for s in stems if s in self._essential]
        counts: Counter[str] = Counter()
        for s in stems:
            counts.update(self._keys_with(s))
        # Only keys with some word can be the best; those without an essential one cannot.
        eligible = {k: n for k, n in counts.items() if all(k in e for e in essential)}
        if within is not None:
            wanted = set(pool)
            eligible = {k: n for k, n in eligible.items() if k in wanted}
        top = max(eligible.values(), default=0)
        if not top:
            return [], 0
        if within is None:  # in the knowledge's order, as the keys are
            winners = [k for k, n in eligible.items() if n == top]
            return sorted(winners, key=self._order.__getitem__), top
        return [k for k in pool if eligible.get(k) == top], top

    def counts(
        self, words: Sequence[str], kind: str, leave_out: Collection[str] = ()
    ) -> dict[str, int]:
        """For each key of one kind ("episode"), but those left out, that has every
        essential one of ``words`` and some of them, how many of the words what is
        said of it has; in the knowledge's order, whatever order the sets gave.

        Only the keys that have a word are looked at, not every key of the kind.
        """
        stems = list(dict.fromkeys(self._stem(w) for w in words))
        essential = [self._keys_with(s) for s in stems if s in self._essential]
        counts: Counter[str] = Counter()
        for s in stems:
            counts.update(self._keys_with(s))
        found = [
            k
            for k in counts
            if k.partition(":")[0] == kind and k not in leave_out and all(k in e for e in essential)
        ]
        found.sort(key=self._order.__getitem__)
        return {k: counts[k] for k in found}

    def keys(self, kind: str) -> list[str]:
        """The described keys of one kind ("episode"), in the knowledge's order."""
        return list(self._of_kind.get(kind, ()))

    def find(self, words: Sequence[str], wanted: Sequence[str] = ()) -> list[str]:
        """Keys whose description has every word (a misspelling of five letters or more too).

        ``wanted`` are words that narrow the result when they can (a relation
        word such as "doctor" asked without an owner).
        """
        stems: list[str] = []
        for word in words:
            s = self._stem(word)
            if not self._keys_with(s):
                fixed = self._speller.correct(s)
                if fixed is None:
                    return []
                s = fixed[0]
            stems.append(s)
        if stems:
            having = frozenset.intersection(*(self._keys_with(s) for s in stems))
            keys = sorted(having, key=self._order.__getitem__)
        else:
            keys = list(self._keys)
        narrowed = [k for k in keys if all(stem(w) in self._bags[k] for w in wanted)]
        return narrowed or keys
