"""Read a fan's question into a typed Question: what is asked, about what, and why.

Reading has three steps, each over typed values rather than raw text:

1. ``linker`` cuts the question into phrases: lexicon words (question words,
   attributes, relations, topics, numbers, stop words) and names of things in
   the knowledge (any script, readings, titles), respelling near misses once.
2. Every content word must be explained: by a name, a lexicon word, a stop
   word, or what the knowledge says about someone ("the basketball senior").
   Whatever is left is recorded as unexplained, and the question is declined
   rather than answered as if it asked something else.
3. A short ordered list of rules, each named, turns the phrases into an
   Intent with slots. The engine dispatches on the Intent; no handler looks at
   the text again.

>>> from bot.engine.lexicon import Lexicon
>>> reader = Reader(Lexicon(stop_en=("the",)), [])
>>> reader.read("the").intent
<Intent.DECLINE: 'decline'>
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import pairwise
from typing import NamedTuple

import jaconv
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Hamming

from bot.engine.lexicon import (
    Attribute,
    AttributeSense,
    ChatterSense,
    CreditSense,
    DatePart,
    DatePartSense,
    FacetSense,
    Lexicon,
    Modifier,
    ModifierSense,
    MonthSense,
    NumberSense,
    QuestionSense,
    QuestionWord,
    RegionSense,
    RelationSense,
    Sense,
    SongRoleSense,
    Topic,
    TopicSense,
)
from bot.engine.linker import (
    MAX_READ,
    DescriptionIndex,
    PhraseTable,
    Segment,
    Speller,
    Spelling,
    Token,
    display,
    fold,
    inflections,
    retokenized,
    stem,
    tokenize,
)
from bot.engine.reverse import POINT, Bond, Clue, Finder, Relation, Target
from bot.knowledge.models import RelationKind

LAST = -1  # "the last episode": resolved against the series' count


class Intent(StrEnum):
    EMPTY = "empty"
    HELP = "help"
    COMMAND = "command"
    UNKNOWN_COMMAND = "unknown_command"
    DECLINE = "decline"
    ENTITY = "entity"
    RELATION = "relation"
    LIFE = "life"
    EPISODE = "episode"
    EPISODES = "episodes"
    TRACK = "track"
    SOUNDTRACK = "soundtrack"
    SONG_ROLE = "song_role"
    CAST = "cast"
    RATINGS = "ratings"
    CREDITS = "credits"
    ABOUT = "about"
    ADAPTATIONS = "adaptations"
    SPECIAL = "special"
    CHAIN = "chain"  # one hop through an actor: "the actress who played Ann: in the film?"
    FACET = "facet"  # a typed detail of something: its school, its ISBN


class EntityKind(StrEnum):
    SERIES = "series"
    EPISODE = "episode"
    TRACK = "track"
    SONG = "song"
    SPECIAL = "special"
    WORK = "work"
    AWARD = "reception"
    CHARACTER = "character"
    PERSON = "person"


class How(StrEnum):
    """How a name was found; the order is how much it is trusted."""

    EXACT = "exact"  # a whole name, alias, reading or title
    PARTIAL = "partial"  # one word of a longer name ("Aso")
    FUZZY = "fuzzy"  # a misspelt name
    DESCRIBED = "described"  # by what the knowledge says about it
    ARTIST = "artist"  # a song by its performer's name


_TRUST = {how: n for n, how in enumerate(How)}  # the order above, looked up per candidate


class Command(StrEnum):
    EPISODE = "episode"
    EPISODES = "episodes"
    TRACK = "track"
    SOUNDTRACK = "soundtrack"
    CAST = "cast"
    RATINGS = "ratings"
    SPECIAL = "special"
    ABOUT = "about"
    CREDITS = "credits"
    HELP = "help"
    SONG = "song"


_COMMANDS = {c.value: c for c in Command} | {
    "ep": Command.EPISODE,
    "ost": Command.SOUNDTRACK,
    "who": Command.CAST,
    "rating": Command.RATINGS,
}


class Decline(StrEnum):
    UNEXPLAINED = "unexplained"  # words nothing explains
    NOTHING_ASKED = "nothing_asked"  # no question in it
    TOO_LONG = "too_long"  # more than MAX_READ characters
    NO_SUBJECT = "no_subject"  # asks a detail of nothing we know
    AMBIGUOUS = "ambiguous"  # several readings, none better


class NameSpec(NamedTuple):
    """A name of something in the knowledge, as the engine hands it to the reader.

    A tuple: a large knowledge base has a million, made twice as fast as a dataclass.
    """

    key: str
    kind: EntityKind
    text: str
    how: How = How.EXACT


@dataclass(frozen=True, slots=True)
class Candidate:
    key: str
    kind: EntityKind
    how: How
    rank: int


@dataclass(frozen=True, slots=True)
class Link:
    """A span of the question that names something: its candidates, best first."""

    text: str
    start: int  # character offsets in ``Question.read``
    end: int
    candidates: tuple[Candidate, ...]

    @property
    def best(self) -> Candidate:
        return self.candidates[0]

    def of(self, *kinds: EntityKind) -> tuple[Candidate, ...]:
        return tuple(c for c in self.candidates if c.kind in kinds)


@dataclass(frozen=True, slots=True)
class Number:
    value: int | None  # None: written as a number but not a whole one ("1.5", "1e9")
    text: str


@dataclass(frozen=True, slots=True)
class Date:
    month: int
    day: int
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Question:
    """One reading of a question. Slots are typed; ``rule`` names the rule that fired."""

    intent: Intent
    read: str = ""  # the text as read: folded, at most MAX_READ characters
    asked: str = ""  # the same characters as typed, to quote back
    links: tuple[Link, ...] = ()
    attribute: Attribute | None = None
    attributes: tuple[Attribute, ...] = ()  # every detail asked, the main one first
    credit: str | None = None
    song_role: str | None = None
    facet: str | None = None  # a key of the knowledge's facet kinds
    region: str | None = None  # where a rating was measured, as the knowledge names it
    relation: RelationSense | None = None
    topic: Topic | None = None
    modifiers: tuple[Modifier, ...] = ()
    number: Number | None = None
    date: Date | None = None
    command: Command | None = None
    argument: str = ""
    decline: Decline | None = None
    rule: str = ""
    lexicon: tuple[str, ...] = ()
    unexplained: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()  # words that narrow a relation ("who becomes a doctor")
    corrections: tuple[tuple[str, str], ...] = ()
    suggested: tuple[str, ...] = ()
    # Found in reverse: the words, relation words and names the one found fits.
    described_by: tuple[str, ...] = ()
    tied_to: tuple[str, ...] = ()

    @property
    def link(self) -> Link | None:
        return self.links[0] if self.links else None

    def explain(self) -> str:
        """How the question was read, one fact per line (for ``namida ask --explain``)."""
        lines = [f"intent: {self.intent.value}", f"rule: {self.rule or '-'}"]
        lines.append(f"read: {self.read!r}")
        for link in self.links:
            cands = ", ".join(f"{c.key} ({c.how.value})" for c in link.candidates[:5])
            lines.append(f"entity: {link.text!r} [{link.start}:{link.end}] -> {cands}")
        slots = {
            "attribute": self.attribute.value if self.attribute else None,
            "credit": self.credit,
            "song role": self.song_role,
            "facet": self.facet,
            "region": self.region,
            "relation": (
                f"{self.relation.value} ({self.relation.word})"
                if self.relation and self.relation.word
                else self.relation.value
                if self.relation
                else None
            ),
            "topic": self.topic.value if self.topic else None,
            "modifiers": ", ".join(m.value for m in self.modifiers) or None,
            "number": self.number.text if self.number else None,
            "date": (
                f"{self.date.year or '?'}-{self.date.month:02d}-{self.date.day:02d}"
                if self.date
                else None
            ),
            "command": f"/{self.command.value} {self.argument!r}" if self.command else None,
            "declined": self.decline.value if self.decline else None,
        }
        lines += [f"{name}: {value}" for name, value in slots.items() if value is not None]
        lines.append(f"lexicon: {', '.join(self.lexicon) or '-'}")
        if self.corrections:
            fixed = ", ".join(f"{a} -> {b}" for a, b in self.corrections)
            lines.append(f"respelled: {fixed}")
        if self.qualifiers:
            lines.append(f"narrowed by: {', '.join(self.qualifiers)}")
        if self.described_by:
            lines.append(f"described by: {', '.join(self.described_by)}")
        if self.tied_to:
            lines.append(f"tied to: {', '.join(self.tied_to)}")
        lines.append(f"unexplained: {', '.join(self.unexplained) or '-'}")
        return "\n".join(lines)

    def summary(self) -> str:
        """The reading on one line, for the unanswered-questions log."""
        parts = [f"intent={self.intent.value}", f"rule={self.rule}"]
        if self.links:
            parts.append("entities=" + ",".join(link.best.key for link in self.links))
        if self.attribute:
            parts.append(f"attribute={self.attribute.value}")
        if self.relation:
            parts.append(f"relation={self.relation.value}")
        if self.facet:
            parts.append(f"facet={self.facet}")
        if self.region:
            parts.append(f"region={self.region}")
        if self.decline:
            parts.append(f"declined={self.decline.value}")
        if self.unexplained:
            parts.append("unexplained=" + ",".join(self.unexplained))
        return " ".join(parts)


# What a phrase of the table stands for.
@dataclass(frozen=True, slots=True)
class _Lex:
    entry: str
    sense: Sense

    def __reduce__(self) -> tuple[type[_Lex], tuple[str, Sense]]:
        return _Lex, (self.entry, self.sense)  # as index.Entry's: a faster read from the cache


@dataclass(frozen=True, slots=True)
class _Name:
    key: str
    kind: EntityKind
    how: How

    def __reduce__(self) -> tuple[type[_Name], tuple[str, EntityKind, How]]:
        return _Name, (self.key, self.kind, self.how)  # as _Lex's


@dataclass(frozen=True, slots=True)
class _Words:
    """A phrase with other wordings in the lexicon: a word still to be accounted for."""

    text: str


_STOP = "stop"
# The lowest ratio at which the reader respells an unknown word (_other_name_word).
_RESPELL_FLOOR = 65.0
_Item = _Lex | _Name | _Words | str

# Attributes about the series as a whole (answered from its "about" card).
SERIES_ATTRIBUTES = frozenset(
    {
        Attribute.AIRED,
        Attribute.BROADCASTER,
        Attribute.TIME_SLOT,
        Attribute.COUNTRY,
        Attribute.TITLES,
        Attribute.SYNOPSIS,
        Attribute.BASED_ON,
        Attribute.ILLNESS,
        Attribute.PAGE_STATS,
        Attribute.RELATED,
        Attribute.ENGLISH_TITLE,
        Attribute.NATIVE_TITLE,
        Attribute.LENGTH,
        Attribute.TITLE,
        Attribute.LOCATIONS,
        Attribute.HOME_VIDEO,
        Attribute.BROADCASTS,
        Attribute.SEQUENCES,
        Attribute.AWARDS,
        Attribute.ENDING,
        Attribute.MEANING,
    }
)
LIFE_ATTRIBUTES = frozenset({Attribute.BORN, Attribute.DIED, Attribute.AGE})
# Details specific enough to say what is asked even beside a vaguer one.
_SPECIFIC = (
    Attribute.HOME_VIDEO,
    Attribute.BROADCASTS,
    Attribute.LOCATIONS,
    Attribute.SEQUENCES,
    Attribute.AWARDS,
)
# Details that name a thing as often as they ask for it ("called", "title").
_LOOSE = frozenset({Attribute.TITLE, Attribute.LENGTH})
_CONTENT_KINDS = (
    "question",
    "attribute",
    "topic",
    "relation",
    "credit",
    "song_role",
    "facet",
    "modifier",
)


@dataclass
class _Bag:
    """What the phrases of one question add up to, before a rule picks the intent."""

    questions: list[QuestionWord] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    attribute_words: list[tuple[str, int, Attribute]] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    facets: list[str] = field(default_factory=list)
    facet_words: list[tuple[str, int]] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    topic_at: list[int] = field(default_factory=list)
    modifiers: list[Modifier] = field(default_factory=list)
    modifier_at: list[tuple[Modifier, int]] = field(default_factory=list)
    relations: list[tuple[RelationSense, int]] = field(default_factory=list)  # (sense, segment)
    numbers: list[tuple[Number, int, bool]] = field(default_factory=list)  # (n, seg, soft)
    months: list[tuple[int, int]] = field(default_factory=list)
    parts: list[tuple[DatePart, int]] = field(default_factory=list)
    slashed: list[tuple[int, int]] = field(default_factory=list)  # "11/15": (segment, segment)
    links: list[tuple[Link, int]] = field(default_factory=list)
    unexplained: list[tuple[str, int]] = field(default_factory=list)
    soft: list[tuple[str, int]] = field(default_factory=list)  # stop phrases with wordings
    qualifiers: list[str] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)
    named_by_relation: list[tuple[int, str]] = field(default_factory=list)  # (seg, relation)
    work_role_told: bool = False  # a work named credits a role by the relation asked
    stops: dict[int, str] = field(default_factory=dict)  # segment -> a stop word's text
    content: int = 0
    life_told: bool = False  # a role named is described by the life word asked ("who died")
    facet_held: bool = False  # someone named has the detail asked on record


class Reader:
    """Turns text into Questions, with one lexicon and one knowledge's names."""

    def __init__(
        self,
        lexicon: Lexicon,
        names: Iterable[NameSpec],
        described: Iterable[tuple[str, str]] = (),
        rank: dict[str, int] | None = None,
        related: dict[str, frozenset[str]] | None = None,
        ties: dict[str, frozenset[tuple[str, str]]] | None = None,
        holds: dict[str, frozenset[str]] | None = None,
        home: Iterable[str] = (),
        translate: Callable[[str], str] | None = None,
        spelling: Spelling | None = None,
    ) -> None:
        """``related`` gives, per key, the relation kinds it stands in ("doctor"), so
        "the rehab doctor" prefers the one who is somebody's doctor; ``ties``, the
        keys each is tied to (relations, specials appeared in, actor), so "the
        classmate who likes Ann" is someone tied to Ann; ``holds``, the facet kinds
        it has on record, so "who goes to school with Ann" is not Ann's school;
        ``home``, the series' own country: "when did it air in Japan" asks nothing
        more than "when did it air", where any other country is unexplained.
        ``translate`` gives a description in Japanese, for Japanese questions' words;
        it is called the first time a question is not all ASCII, so an English
        reader never reads a catalog. ``spelling``: the names' tokens and kana as the
        engine's build has worked them out so far (each name is read once)."""
        self.lexicon = lexicon
        self._rank = rank or {}
        # The first role by rank: whose relation "the dad" is when nobody is named.
        roles = (k for k in self._rank if k.startswith("character:"))
        self._lead = min(roles, key=self._rank.__getitem__, default="")
        self._related = related or {}
        self._holds = holds or {}
        table: PhraseTable[_Item] = PhraseTable()
        content_words: set[str] = set()
        for entry in lexicon.entries:
            for phrase in (*entry.en, *entry.ja):
                table.add(phrase, _Lex(entry.id, entry.sense))
                if entry.fuzzy and entry.sense.kind in _CONTENT_KINDS:
                    toks = tokenize(phrase)
                    if len(toks) == 1 and toks[0].latin:
                        content_words.add(toks[0].text)
        stop_words: set[str] = set()
        stop_keys: set[str] = set()
        topic_keys = {
            _key(p)
            for entry in lexicon.entries
            if entry.sense.kind == "topic"
            for p in (*entry.en, *entry.ja)
        }
        for word in (*lexicon.stop_en, *lexicon.stop_ja, *home):
            table.add(word, _STOP)
            toks = tokenize(word)
            if len(toks) == 1 or not any(_key(t.text) in topic_keys for t in toks):
                # A stop phrase's words are stop words, unless one is a topic word by
                # itself ("special school" is a place; "special" alone is the special).
                stop_words.update(t.text for t in toks)
            stop_keys.add(_key(word))
        # Japanese words typed in kana (やく for 役) or romaji (yaku), through the
        # lexicon's readings; particles as romaji says them ("wa").
        for entry in lexicon.entries:
            for phrase in spoken_forms(entry.ja, lexicon.readings_ja):
                if not (phrase.isascii() and _key(phrase) in table):  # "haha" is laughter
                    table.add(phrase, _Lex(entry.id, entry.sense))
        for phrase in (*spoken_forms(lexicon.stop_ja, lexicon.readings_ja), *lexicon.romaji_ja):
            if not (phrase.isascii() and _key(phrase) in table):
                table.add(phrase, _STOP)
        self._honorifics = frozenset(_key(h) for h in lexicon.honorifics_ja)
        self._honorific_starts = frozenset(h.split(" ")[0] for h in self._honorifics)
        lexicon_keys = {_key(p) for entry in lexicon.entries for p in (*entry.en, *entry.ja)}
        digits = {
            _key(word): str(entry.sense.value)
            for entry in lexicon.entries
            if isinstance(entry.sense, NumberSense)
            for word in entry.en[:1]
        }
        name_words: set[str] = set()
        self._names: dict[str, list[str]] = {}
        self._phrase_words: dict[str, tuple[str, ...]] = {}  # see _name_words_of
        long_names: list[tuple[NameSpec, tuple[str, ...]]] = []
        natives: list[tuple[NameSpec, tuple[str, ...]]] = []
        spell = spelling if spelling is not None else Spelling()
        names = list(names)
        # Each text's words and Latin words once: thousands of names share a word.
        read: dict[str, tuple[tuple[str, ...], str, tuple[str, ...], bool, bool]] = {}
        exact, artist, partial = How.EXACT, How.ARTIST, How.PARTIAL  # once, not per name
        # An entity's names come together and name it in a few ways (exact, partial):
        # one item per way, not per name (at 100,000 entities, a million names).
        said: dict[tuple[str, EntityKind, How], _Name] = {}
        loans: dict[str, set[_Item]] = {}
        loan_of: dict[str, str] = {}  # "" when a name is not one
        for spec in names:
            ident, kind, text, how = spec
            known = read.get(text)
            if known is None:
                words = spell.words(text)
                key = " ".join(words)
                latin = tuple(w for w in words if w.isascii() and w.isalpha())  # Token.latin
                if latin == words:
                    latin = words  # one tuple kept, not two alike (a build's peak memory)
                ordinary = key in stop_keys or key in lexicon_keys
                known = read[text] = (words, key, latin, text.isascii(), ordinary)
            words, key, latin, ascii_, ordinary = known
            size = len(words)
            if how is exact and size >= _TITLE_RUN + 1 and ascii_:
                long_names.append((spec, words))
            if (how is exact or how is artist) and 3 <= size <= 8 and not ascii_:
                natives.append((spec, words))
            if how is exact and ascii_:
                # English names as katakana would spell them, for names written in katakana.
                loan = loan_of.get(text)
                if loan is None:
                    loan = loan_of[text] = (
                        _loan("".join(latin))
                        if 2 <= len(text.split()) <= 3
                        and spell.kana(text) is None  # a romanised Japanese name has its kana
                        else ""
                    )
                if len(loan) >= 6:
                    loans.setdefault(loan, set()).add(_Name(ident, kind, How.FUZZY))
            if how is partial and ordinary:
                continue  # "The" of "The harbour master" names nobody
            item = said.get((ident, kind, how))
            if item is None:
                if len(said) > 16:
                    said.clear()  # kept small: the names before were another entity's
                item = said[ident, kind, how] = _Name(ident, kind, how)
            table.add_words(words, item, key)
            self._names.setdefault(ident, []).append(key)
            if size == 2 and how is exact:
                table.add_words(retokenized([words[1], words[0]]), item)
            if words and words[0] in digits and how is exact:
                # "One Hundred Days" is also typed "1 hundred days".
                table.add(" ".join([digits[words[0]], *words[1:]]), item)
            name_words.update(latin)
        self._table = table
        # Every word some phrase uses: such a word is never "corrected" into another.
        # And the words of short Latin phrases, by the words they stand beside.
        used: set[str] = set()
        partners: dict[str, set[str]] = {}
        for key in table.phrases():
            split = key.split(" ")
            used.update(split)
            if 2 <= len(split) <= 3 and all(w.isascii() and w.isalpha() for w in split):
                for w in split:
                    partners.setdefault(w, set()).update(x for x in split if x != w and len(x) >= 3)
        self._words = frozenset(used)
        self._partners = {w: tuple(sorted(others)) for w, others in partners.items()}
        # Word runs of long names, for titles typed in part; Japanese names for near misses.
        self._grams: dict[str, frozenset[_Item]] = {}
        self._natives: list[str] = []
        self._native_items: list[_Item] = []
        grams: dict[str, set[_Item]] = {}
        for spec, words in long_names:
            item = _Name(spec.key, spec.kind, How.PARTIAL)
            for i in range(len(words) - _TITLE_RUN + 1):
                grams.setdefault(" ".join(words[i : i + _TITLE_RUN]), set()).add(item)
        self._grams = {g: frozenset(items) for g, items in grams.items()}
        for spec, words in natives:
            self._natives.append("".join(words))
            self._native_items.append(_Name(spec.key, spec.kind, How.FUZZY))
        self._loan_items = {loan: tuple(sorted(items, key=str)) for loan, items in loans.items()}
        self._loans: dict[str, list[str]] = {}
        for loan in sorted(loans):
            if len(_consonants(loan)) >= 4:
                self._loans.setdefault(_consonants(loan), []).append(loan)
        self._joined = "\n".join(self._natives)
        self._starts: list[int] = []
        at = 0
        for native in self._natives:
            self._starts.append(at)
            at += len(native) + 1
        self._number_words, self._number_pairs = _number_words(lexicon, stop_words)
        self._lexicon_speller = Speller(content_words - stop_words, min_length=4, cutoff=80.0)
        self._name_speller = Speller(name_words - stop_words, min_length=5, cutoff=80.0)
        wordings: dict[str, tuple[tuple[str, ...], ...]] = {}
        self._bond_kinds: dict[str, frozenset[str]] = {}
        essential: set[str] = set()
        for wording in lexicon.wordings:
            means = [
                tuple(stem(t.text) for t in tokenize(m) if t.latin or t.numeric)
                for m in wording.means
            ]
            for phrase in (*wording.en, *wording.ja):
                text = display(tokenize(phrase))
                wordings[text] = tuple(dict.fromkeys([*wordings.get(text, ()), *means]))
                table.add(phrase, _Words(text))
                if wording.essential:
                    essential.add(text)
                if wording.relation:
                    self._bond_kinds[text] = frozenset(k.value for k in wording.relation)
        # "sick" beside "diagnosis": a word of a detail asked, read as what happens in a
        # scene, is found as any one-word phrase of its own lexicon entry.
        for entry in lexicon.entries:
            if not isinstance(entry.sense, AttributeSense):
                continue
            single = [
                stem(toks[0].text)
                for phrase in entry.en
                if len(toks := tokenize(phrase)) == 1 and toks[0].latin and len(toks[0].text) > 2
            ]
            if len(single) > _MAX_SYNONYMS:
                continue  # a loose entry ("start", "end", "run" for aired) says too little
            for word in single:
                if word not in wordings:
                    wordings[word] = tuple((w,) for w in dict.fromkeys([word, *single]))
            # 「病気」 in a scene is any of the entry's English words ("illness", "diagnosis").
            for phrase in entry.ja:
                text = display(tokenize(phrase))
                if single and text not in wordings:
                    wordings[text] = tuple((w,) for w in dict.fromkeys(single))
        # A relation's one-word phrases ("admires" for a crush), to see it in a description.
        self._relation_phrases: dict[str, tuple[str, ...]] = {}
        for entry in lexicon.entries:
            if isinstance(entry.sense, RelationSense):
                single = [t[0].text for p in entry.en if len(t := tokenize(p)) == 1]
                old = self._relation_phrases.get(entry.sense.value, ())
                self._relation_phrases[entry.sense.value] = (*old, *single)
        # "the homeroom teacher" as a role's alias: a name that is a relation word too.
        self._relation_words = {
            display(tokenize(phrase)): entry.sense.value
            for entry in lexicon.entries
            if isinstance(entry.sense, RelationSense)
            for phrase in (*entry.en, *entry.ja)
        }
        for entry in lexicon.entries:
            if isinstance(entry.sense, NumberSense) and entry.en:
                # "the 14 year old": a number is found written as a word too ("fourteen").
                figure = str(entry.sense.value)
                spelt = tuple(stem(t.text) for t in tokenize(entry.en[0]))
                wordings.setdefault(figure, ((figure,), spelt))
                essential.add(figure)
        described = list(described)
        self._stop_words = frozenset(stop_words)
        self._descriptions = DescriptionIndex(described, stop_words, wordings, frozenset(essential))
        # Each plot point alone, so an episode is found by one scene, not by words
        # gathered from several.
        points = [
            (f"{key}{POINT}{i}", text)
            for i, (key, text) in enumerate(described)
            if key.startswith("episode:")
        ]
        self._points = DescriptionIndex(
            points, stop_words, wordings, frozenset(essential), inflect=True
        )
        self._untranslated = (translate, described) if translate else None
        self._finder = Finder(
            self._descriptions,
            self._points,
            ties or {},
            self._related,
            self._names,
        )

    # Numbers for the commands (/episode 8, /track fifth)

    def number(self, text: str, topic: Topic) -> Number | None:
        """The number a command argument gives: "8", "ep 8", "第八話", "eighth", "last"."""
        if not self._may_number(text):
            return None  # reading it would find none: spare that (a long title typed)
        return self._read_number(text, topic)

    def _read_number(self, text: str, topic: Topic) -> Number | None:
        q = self.read(text)
        if q.number is not None and q.topic in (topic, None) and not q.unexplained:
            return q.number
        last = Modifier.LAST in q.modifiers and q.topic in (topic, None)
        if last and not q.unexplained and not q.links:
            return Number(LAST, "last")
        return None

    def _may_number(self, text: str) -> bool:
        """Whether the reader could find a number in ``text``: a word has digits or
        stands for a phrase a number is read from (see ``_number_words``), or is a
        Latin word the reader would respell and that is near such a word.

        A test of the words alone, much cheaper than reading: autocomplete asks for
        the episode number of every partial title typed.
        """
        tokens = tokenize(text)
        for i, token in enumerate(tokens):
            word = token.text
            if word[:1].isdigit() or word in self._number_words.get(word[:1], ()):
                return True
            if i and f"{tokens[i - 1].text} {word}" in self._number_pairs:
                return True
            if token.latin and word not in self._words:
                # Every respelling keeps the first letter and scores at least this
                # (see _respell): a word farther from each such word stays as typed.
                near = process.extractOne(
                    word,
                    self._number_words.get(word[0], ()),
                    scorer=fuzz.ratio,
                    processor=None,
                    score_cutoff=_RESPELL_FLOOR,
                )
                if near is not None:
                    return True
        return False

    # Reading

    def read(self, text: str) -> Question:
        stripped = text.strip()
        if not stripped:
            return Question(Intent.EMPTY, rule="empty")
        if stripped.startswith("/"):
            return self._command(stripped[1:])
        tokens = tokenize(text)
        read = fold(text)
        if self._untranslated is not None and not read.isascii():
            self._translated()
        asked = text[:MAX_READ]
        if len(text) > MAX_READ:
            return Question(
                Intent.DECLINE, read=read, asked=asked, decline=Decline.TOO_LONG, rule="too-long"
            )
        if not tokens:
            return Question(
                Intent.DECLINE,
                read=read,
                asked=asked,
                decline=Decline.NOTHING_ASKED,
                rule="no-words",
            )
        segments = self._table.cover(tokens)
        tokens, corrections = self._respell(tokens, segments)
        if corrections:
            segments = self._table.cover(tokens)
        segments = self._near_names(tokens, segments)
        segments = self._honorific(tokens, segments)
        bag = self._bag(tokens, segments)
        bag.slashed = (
            [
                (n - 1, n)
                for n, (a, b) in enumerate(pairwise(segments), 1)
                if tokens[a.start].numeric
                and tokens[b.start].numeric
                and read[tokens[a.end - 1].end : tokens[b.start].start] == "/"
            ]
            if "/" in read
            else []
        )
        self._unqualified(bag, tokens, segments)
        self._apposition(bag, read)
        bag.work_role_told = len(bag.relations) == 1 and any(
            link.best.kind is EntityKind.WORK
            and any(
                self._says(link.best.key, p)
                for p in ((r.word,) if r.word else (r.value, *self._relation_phrases[r.value]))
            )
            for link, _ in bag.links
            for r, _ in bag.relations
        )
        suggested = self._describe(bag, tokens, segments)
        self._weak_links(bag)
        suggested += self._qualified(bag, tokens, segments) or []
        bag.life_told = self._life_told(bag)
        bag.facet_held = any(
            f in self._holds.get(link.best.key, ()) for link, _ in bag.links for f in bag.facets
        )
        extra: dict[str, object] = {
            "asked": text[:MAX_READ],
            "corrections": tuple(corrections),
            "suggested": tuple(dict.fromkeys(suggested)),
            "lexicon": tuple(dict.fromkeys(bag.entries)),
            "unexplained": _joined(bag.unexplained),
            "qualifiers": tuple(bag.qualifiers),
        }
        self._apposed(bag)
        relations = list(bag.relations)  # the rules set aside relation words
        question = _rules(bag, read, extra)
        reversible = question.intent is Intent.DECLINE and question.decline in _REVERSIBLE
        # "the 14 year old patient in the special": an age given, not asked, of nobody named.
        lifeless = question.intent is Intent.LIFE and not any(
            link.best.kind in _PEOPLE for link in question.links
        )
        if reversible or lifeless:
            found = self._reverse(question, bag, relations, tokens, segments)
            if found is not None:
                return found
        if question.intent is Intent.DECLINE and question.rule in _CHAINS:
            return _chain(question) or question
        return question

    def _translated(self) -> None:
        """The descriptions' Japanese, added once, when a Japanese question first needs it."""
        if self._untranslated is None:
            return
        translate, described = self._untranslated
        self._untranslated = None
        for i, (key, text) in enumerate(described):
            native = translate(text)
            if native != text:
                self._descriptions.add_native(key, native)
                if key.startswith("episode:"):
                    self._points.add_native(f"{key}{POINT}{i}", native)

    def _command(self, rest: str) -> Question:
        name, _, argument = rest.partition(" ")
        name = name.casefold()
        if name == "ask":
            return self.read(argument)
        command = _COMMANDS.get(name)
        if command is None:
            return Question(Intent.UNKNOWN_COMMAND, argument=name[:32], rule="slash")
        return Question(Intent.COMMAND, command=command, argument=argument.strip(), rule="slash")

    def _near_names(
        self, tokens: tuple[Token, ...], segments: list[Segment[_Item]]
    ) -> list[Segment[_Item]]:
        """Names typed in part or misspelt where nothing else explains the words.

        A run of four or more words of a long title ("Faraway, to a place where
        there are no tears left") names it; so does a run of Japanese characters
        close to one name ("山田はなこ", "山田太朗").
        """
        unknown = [seg for seg in segments if not seg.items]
        if not unknown:
            return segments
        start, end = unknown[0].start, unknown[-1].end
        title = self._title_run(tokens, start, end)
        found: tuple[int, int, tuple[_Item, ...]] | None = (
            (title[0], title[1], (title[2],)) if title else None
        )
        found = found or self._near_native(tokens, segments) or self._loanword(tokens, segments)
        if found is None:
            return segments
        lo, hi, items = found
        kept = [seg for seg in segments if seg.end <= lo or seg.start >= hi]
        kept.append(Segment(lo, hi, items))
        return sorted(kept, key=lambda seg: seg.start)

    def _honorific(
        self, tokens: tuple[Token, ...], segments: list[Segment[_Item]]
    ) -> list[Segment[_Item]]:
        """A title of address right after a person's name (「山田先輩」, 「たろうくん」)
        is part of how the name is said: neither a relation nor an unknown word."""
        if not self._honorifics:
            return segments
        out: list[Segment[_Item]] = []
        i = 0
        while i < len(segments):
            seg = segments[i]
            out.append(seg)
            i += 1
            if seg.end >= len(tokens) or tokens[seg.end].text not in self._honorific_starts:
                continue  # no honorific begins right after it
            if not any(isinstance(x, _Name) and x.kind in _PEOPLE for x in seg.items):
                continue
            # The segments after the name that together spell one honorific.
            for j in range(i, min(i + 3, len(segments))):
                text = " ".join(t.text for t in tokens[seg.end : segments[j].end])
                if text in self._honorifics:
                    out.append(Segment(seg.end, segments[j].end, (_STOP,)))
                    i = j + 1
                    break
        return out

    def _title_run(
        self, tokens: tuple[Token, ...], start: int, end: int
    ) -> tuple[int, int, _Item] | None:
        """The longest run of tokens inside one long name that covers every unknown word."""
        best: tuple[int, int, _Item] | None = None
        n = _TITLE_RUN
        for i in range(max(0, end - 64), len(tokens) - n + 1):
            owners = self._grams.get(" ".join(t.text for t in tokens[i : i + n]))
            if not owners or len(owners) != 1:
                continue
            j = i + n
            (name,) = owners
            while (
                j < len(tokens)
                and self._grams.get(" ".join(t.text for t in tokens[j - n + 1 : j + 1])) == owners
            ):
                j += 1
            if i <= start and j >= end and (best is None or j - i > best[1] - best[0]):
                best = (i, j, name)
        return best

    def _near_native(
        self, tokens: tuple[Token, ...], segments: list[Segment[_Item]]
    ) -> tuple[int, int, tuple[_Item, ...]] | None:
        """Japanese characters nothing explains, inside or close to exactly one name.

        Windows of the Japanese stretch around the unknown characters are
        compared with every Japanese name: a title containing the window
        ("忍びよる影") or a name one character off ("山田太朗").
        """
        unknown = [
            i
            for seg in segments
            if not seg.items
            for i in range(seg.start, seg.end)
            if not tokens[i].text.isascii()
        ]
        if not unknown or len(unknown) > 6 or not self._natives:
            return None
        first, last = unknown[0], unknown[-1]
        lo, hi = first, last + 1
        while lo > 0 and not tokens[lo - 1].text.isascii() and first - lo < 6:
            lo -= 1
        while hi < len(tokens) and not tokens[hi].text.isascii() and hi - last < 6:
            hi += 1
        best: tuple[float, int, int, int] | None = None
        tie = False
        for i in range(max(lo, first - 2), first + 1):
            for j in range(max(last + 1, i + 2), min(hi, last + 5) + 1):
                window = "".join(t.text for t in tokens[i:j])
                scored: list[tuple[float, int]] = []
                if len(window) >= 4:
                    scored += [
                        (100.0 if len(window) * 2 >= len(self._natives[k]) else 90.0, k)
                        for k in self._containing(window)
                    ]
                if 3 <= len(window) <= 4 and _kanji(window):
                    # One kanji mistyped in a short name in kanji (山田太朗 for 山田太郎): a
                    # ratio that counts too few characters to clear the cutoff.
                    scored += [
                        (75.0, k)
                        for k, native in enumerate(self._natives)
                        if len(native) == len(window)
                        and _kanji(native)
                        and Hamming.distance(window, native) == 1
                    ]
                scored += [
                    (float(score), k)
                    for _n, score, k in process.extract(
                        window,
                        self._natives,
                        scorer=fuzz.ratio,
                        processor=None,
                        score_cutoff=74.0,
                        limit=3,
                    )
                ]
                for score, k in scored:
                    key = (score, j - i)
                    if best is None or key > (best[0], best[2] - best[1]):
                        tie = False
                        best = (score, i, j, k)
                    elif (
                        key == (best[0], best[2] - best[1])
                        and self._native_items[k] != (self._native_items[best[3]])
                        and self._natives[k] != self._natives[best[3]]
                    ):
                        tie = True
        if best is None or tie:
            return None
        # A name that several things share (a band's songs) stands for all of them.
        native = self._natives[best[3]]
        items = [self._native_items[k] for k, n in enumerate(self._natives) if n == native]
        return best[1], best[2], tuple(dict.fromkeys(items))

    def _loanword(
        self, tokens: tuple[Token, ...], segments: list[Segment[_Item]]
    ) -> tuple[int, int, tuple[_Item, ...]] | None:
        """An English name written in katakana (ラブストーリー for "Love Story"): the
        run of kana around the unknown characters, romanised (jaconv), against the
        English names as katakana would spell them."""
        unknown = [i for seg in segments if not seg.items for i in range(seg.start, seg.end)]
        if not unknown or not self._loans:
            return None
        lo, hi = unknown[0], unknown[0] + 1
        while lo > 0 and _kana(tokens[lo - 1].text):
            lo -= 1
        while hi < len(tokens) and _kana(tokens[hi].text):
            hi += 1
        if hi - lo < 4 or not all(_kana(t.text) for t in tokens[lo:hi]):
            return None
        # The unknown characters of the run, with what around them makes the best name
        # (the run may go on into particles and words: 「…ストーリーはオリコンで」).
        last = max(i for i in unknown if i < hi)
        best: tuple[float, int, int, str] | None = None
        for i in range(max(lo, unknown[0] - 8), unknown[0] + 1):
            for j in range(last + 1, min(hi, last + 9) + 1):
                romaji = _loan(jaconv.kana2alphabet("".join(t.text for t in tokens[i:j])))
                # The same consonants, and vowels close enough (katakana adds its own).
                for loan in self._loans.get(_consonants(romaji), ()):
                    score = fuzz.ratio(romaji, loan)
                    if score >= 75.0 and (best is None or score > best[0]):
                        best = (score, i, j, loan)
        if best is None:
            return None
        return best[1], best[2], self._loan_items[best[3]]

    def _containing(self, window: str) -> list[int]:
        """The Japanese names that contain ``window``: one search of all of them joined."""
        found: list[int] = []
        at = self._joined.find(window)
        while at != -1 and len(found) < 8:
            k = bisect.bisect_right(self._starts, at) - 1
            if at + len(window) <= self._starts[k] + len(self._natives[k]):
                found.append(k)
            at = self._joined.find(window, at + 1)
        return found

    def _respell(
        self, tokens: tuple[Token, ...], segments: list[Segment[_Item]]
    ) -> tuple[tuple[Token, ...], list[tuple[str, str]]]:
        """Unknown Latin words of five letters or more, replaced by their nearest known word."""
        out = list(tokens)
        fixes: list[tuple[str, str]] = []
        unknown = [
            s.start
            for s in segments
            if not s.items and tokens[s.start].latin and tokens[s.start].text not in self._words
        ]
        if len(unknown) > 8:
            return tokens, []  # a question this unknown is declined anyway
        starts = {s.start: s for s in segments}
        ends = {s.end: s for s in segments}
        for i in unknown:
            word = tokens[i].text
            segs = [s for s in (ends.get(i), starts.get(i + 1)) if s]
            around = [(s, " ".join(t.text for t in tokens[s.start : s.end])) for s in segs]
            best = self._other_name_word(word, around)
            beside = [tokens[j].text for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
            near = self._phrase_word(word, beside)
            if near and (best is None or near[1] > best[1]):
                best = near
            for speller in (self._lexicon_speller, self._name_speller):
                hit = speller.correct(word)
                if hit and (best is None or hit[1] > best[1]):
                    best = hit
            if best and self._descriptions.written(word) and not _same_word(word, best[0]):
                best = None  # an English word as typed ("move"), not a slip for "movie"
            if best:
                out[i] = Token(best[0], tokens[i].start, tokens[i].end)
                fixes.append((word, best[0]))
        return tuple(out), fixes

    def _other_name_word(
        self, word: str, beside: list[tuple[Segment[_Item], str]]
    ) -> tuple[str, float] | None:
        """ "Narumi Rico": next to one word of a name, a near miss of its other word counts.

        ``beside`` are the segments next to the word, each with its phrase; the
        first nearest word wins a tie.
        """
        best: tuple[str, float] | None = None
        for seg, phrase in beside:
            # A slip rarely hits the first letter.
            others = [
                w
                for w in self._name_words_of(seg, phrase)
                if w[:1] == word[:1] and w != word and _one_slip(word, w)
            ]
            hit = process.extractOne(
                word, others, scorer=fuzz.ratio, processor=None, score_cutoff=_RESPELL_FLOOR
            )
            if hit and (best is None or hit[1] > best[1]):
                best = (str(hit[0]), float(hit[1]))
        return best

    def _name_words_of(self, seg: Segment[_Item], phrase: str) -> tuple[str, ...]:
        """The words of every name a phrase is part of, in order: remembered per phrase,
        since a common given name is part of thousands of names."""
        words = self._phrase_words.get(phrase)
        if words is None:
            words = tuple(
                dict.fromkeys(
                    other
                    for item in seg.items
                    if isinstance(item, _Name) and item.how is How.PARTIAL
                    for name in self._names.get(item.key, ())
                    for other in name.split(" ")
                )
            )
            if len(self._phrase_words) < 4096:
                self._phrase_words[phrase] = words
        return words

    def _phrase_word(self, word: str, beside: list[str]) -> tuple[str, float] | None:
        """ "only humen", "insert sng": a near miss of the other word of a short phrase
        (a name or a lexicon phrase) whose first word is right beside it."""
        best: tuple[str, float] | None = None
        for neighbour in beside:
            for other in self._partners.get(neighbour, ()):
                if other[:1] != word[:1] or other == word:
                    continue
                if not _one_slip(word, other):
                    continue
                score = fuzz.ratio(word, other)
                if score >= 75.0 and (best is None or score > best[1]):
                    best = (other, score)
        return best

    def _bag(self, tokens: tuple[Token, ...], segments: list[Segment[_Item]]) -> _Bag:
        bag = _Bag()
        for n, seg in enumerate(segments):
            text = " ".join([t.text for t in tokens[seg.start : seg.end]])
            worded = [i for i in seg.items if isinstance(i, _Words)]
            if worded and all(isinstance(i, _Words) for i in seg.items):
                # Said in other words than the knowledge's: still to be accounted for.
                bag.unexplained.append((worded[0].text, n))
                continue
            if worded and all(isinstance(i, _Words) or i == _STOP for i in seg.items):
                # A stop phrase with wordings ("the special school"): it asks nothing,
                # but may tell one described thing from another.
                bag.soft.append((worded[0].text, n))
                continue
            if not seg.items:
                token = tokens[seg.start]
                if token.numeric:
                    bag.numbers.append((_number(token.text), n, False))
                    continue
                if bag.unexplained and not text.isascii() and bag.unexplained[-1][1] == n - 1:
                    # Japanese has no spaces: unknown characters in a row are one word.
                    prev, _ = bag.unexplained.pop()
                    if not prev.isascii():
                        text = prev + text
                    else:
                        bag.unexplained.append((prev, n - 1))
                bag.unexplained.append((text, n))
                continue
            stop = _STOP in seg.items
            if seg.items == (_STOP,):
                bag.stops[n] = text
            names = [i for i in seg.items if isinstance(i, _Name)]
            if names:
                bare = text.removeprefix("the ")
                if bare in self._relation_words and not any(
                    isinstance(i, _Lex) and isinstance(i.sense, RelationSense) for i in seg.items
                ):
                    bag.named_by_relation.append((n, self._relation_words[bare]))
                start, end = tokens[seg.start].start, tokens[seg.end - 1].end
                link = Link(text, start, end, self._candidates(names))
                bag.links.append((link, n))
                bag.content += 1
            for item in seg.items:
                if names and isinstance(item, _Lex) and isinstance(item.sense, RelationSense):
                    # A role known by its relation ("the roommate") is that role.
                    bag.named_by_relation.append((n, item.sense.value))
                    continue
                if isinstance(item, _Lex):
                    self._sense(bag, item, n, text, soft=stop or bool(names))
        return bag

    def _sense(self, bag: _Bag, item: _Lex, n: int, text: str, soft: bool) -> None:
        sense = item.sense
        if not isinstance(sense, (NumberSense, MonthSense, ChatterSense)) or not soft:
            bag.entries.append(item.entry)
        if isinstance(sense, QuestionSense):
            bag.questions.append(sense.value)
        elif isinstance(sense, AttributeSense):
            bag.attributes.append(sense.value)
            bag.attribute_words.append((text, n, sense.value))
        elif isinstance(sense, TopicSense):
            bag.topics.append(sense.value)
            if sense.value in (Topic.EPISODE, Topic.TRACK):
                bag.topic_at.append(n)
        elif isinstance(sense, ModifierSense):
            bag.modifiers.append(sense.value)
            bag.modifier_at.append((sense.value, n))
        elif isinstance(sense, RelationSense):
            bag.relations.append((sense, n))
        elif isinstance(sense, CreditSense):
            bag.credits.append(sense.value)
        elif isinstance(sense, SongRoleSense):
            bag.roles.append(sense.value)
        elif isinstance(sense, FacetSense):
            bag.facets.append(sense.value)
            bag.facet_words.append((text, n))
        elif isinstance(sense, RegionSense):
            bag.regions.append(sense.value)
        elif isinstance(sense, NumberSense):
            bag.numbers.append((Number(sense.value, text), n, soft))
        elif isinstance(sense, MonthSense):
            bag.months.append((sense.value, n))
        elif isinstance(sense, DatePartSense):
            bag.parts.append((sense.value, n))
        if sense.kind in _CONTENT_KINDS:
            bag.content += 1

    def _candidates(self, names: Sequence[_Name]) -> tuple[Candidate, ...]:
        far = 1 << 30
        seen: dict[str, Candidate] = {}
        for name in names:
            cand = Candidate(name.key, name.kind, name.how, self._rank.get(name.key, far))
            old = seen.get(name.key)
            if old is None or _TRUST[cand.how] < _TRUST[old.how]:
                seen[name.key] = cand
        return tuple(sorted(seen.values(), key=lambda c: (_TRUST[c.how], c.rank, c.key)))

    def _unqualified(
        self, bag: _Bag, tokens: tuple[Token, ...], segments: list[Segment[_Item]]
    ) -> None:
        """A role named by its relation (「担任の先生」) with a place its description does
        not have (「養護学校の」) is another role of that relation: the name gives way
        to the relation, and the place describes whom it means."""
        words = [w for w, _ in bag.soft + bag.unexplained]
        if not words or not all(self._descriptions.usable(w) for w in words):
            return
        for link, n in list(bag.links):
            relations = [
                i
                for i in segments[n].items
                if isinstance(i, _Lex) and isinstance(i.sense, RelationSense)
            ]
            if not relations:
                continue
            # Kept only when the place fits this role and no other of the relation.
            kinds = {str(i.sense.value) for i in relations if isinstance(i.sense, RelationSense)}
            fits = [
                key
                for key, held in sorted(self._related.items())
                if kinds & held and self._descriptions.says(key, words)
            ]
            if fits == [link.best.key]:
                continue
            bag.links.remove((link, n))
            bag.content -= 1
            text = " ".join(t.text for t in tokens[segments[n].start : segments[n].end])
            for item in relations:
                self._sense(bag, item, n, text, soft=False)

    def _describe(
        self, bag: _Bag, tokens: tuple[Token, ...], segments: list[Segment[_Item]]
    ) -> list[str]:
        """Unknown words (and an ownerless relation) read as a description of someone.

        "the rehab doctor", "the basketball senior": the one role whose
        description has the most of the words, narrowed by the relation named
        (somebody's doctor); a tie is not guessed, it is offered as suggestions.
        """
        owned_any = any(_owner(bag, n) is not None for _, n in bag.relations)
        who = {QuestionWord.WHO, QuestionWord.WHICH} & set(bag.questions)
        named = [link.best.key for link, _ in bag.links if link.best.kind in _PEOPLE]
        # 「高校の担任の先生は誰」: who is the one named, so described; not their school.
        itself = (
            who
            and len(named) == 1
            and bag.facet_words
            and self.described(named[0], [w for w, _ in self._facet_words(bag)])
        )
        if bag.facet_words and ((bag.relations and (owned_any or who)) or itself):
            # "Ann's teacher at high school", "which classmate went to school in Kobe":
            # beside a relation, the words of a typed detail describe whom it means.
            bag.unexplained += self._facet_words(bag)
            bag.facets, bag.facet_words = [], []
        words = [(w, n) for w, n in bag.unexplained if self._descriptions.usable(w)]
        if len(words) != len(bag.unexplained):
            return []
        titled = [(k, n) for k, n in bag.links if k.best.kind is EntityKind.EPISODE]
        when = bag.questions == [QuestionWord.WHEN] and not bag.attributes
        which_number = bag.attributes == [Attribute.NUMBER] and not bag.questions  # 「何話」
        if (
            len(titled) == 1
            and (when or which_number)
            and not (bag.topics or bag.facets or bag.credits or bag.relations)
            and len(bag.links) > 1
            and all(k.best.kind in _PEOPLE for k, m in bag.links if (k, m) != titled[0])
        ):
            # "when does Ann give Ben the farewell letter": an episode's title said as what
            # happens in it; the scene must be found with the people named.
            link, n = titled[0]
            bag.links.remove(titled[0])
            # The title's words as the plot tells them (「さよならの手紙」 is "farewell letter").
            title = (
                link.text
                if link.text.isascii()
                else _first([name for name in self.names_of(link.best.key) if name.isascii()])
            )
            said = [(w, n) for w in (title or "").split(" ") if self._descriptions.usable(w)]
            if said and self._plot_episode(bag, words + said, tokens, segments):
                bag.topics.append(Topic.EPISODE)
                bag.attributes = []
                return []
            bag.links.append(titled[0])
            bag.links.sort(key=lambda pair: pair[1])
        if (
            words
            and bag.questions == [QuestionWord.WHEN]
            and not (bag.topics or bag.attributes or bag.facets or bag.credits)
            and any(link.best.kind in _PEOPLE for link, _ in bag.links)
        ):
            # "when does Ann confess to Ben": which episode, by what happens in it.
            bag.topics.append(Topic.EPISODE)
            bag.questions.append(QuestionWord.WHICH)
        numbered = Attribute.NUMBER in bag.attributes and not (bag.topics or bag.questions)
        if words and numbered and any(link.best.kind in _PEOPLE for link, _ in bag.links):
            # 「アンがベンに告白するのは何話」: the episode's number, by what happens in it.
            bag.topics.append(Topic.EPISODE)
            bag.questions.append(QuestionWord.WHICH)
        owned = {n for _, n in bag.relations if _owner(bag, n) is not None}
        loose = [(r, n) for r, n in bag.relations if n not in owned]
        people = [link for link, _ in bag.links if link.best.kind in _PEOPLE]
        # "which episode …", "what episode …" (with no number given): one by its plot.
        plot_asked = Topic.EPISODE in bag.topics and (
            QuestionWord.WHICH in bag.questions
            or (QuestionWord.WHAT in bag.questions and not any(not s for _, _, s in bag.numbers))
        )
        if plot_asked and bag.relations:
            # "which episode do Ann's classmates sing": the relation is one of the words.
            plot_words = words + [(r.word or r.value, n) for r, n in bag.relations]
            if self._plot_episode(bag, plot_words, tokens, segments):
                bag.relations = []
                return []
        given = {f"episode:{m.value}" for m, n, _ in bag.numbers if _beside(n, bag.topic_at)}
        if given and words and people and QuestionWord.WHAT in bag.questions:
            # "what does Ann call her classmates in ep 8": a scene of the episode named,
            # when its plot tells it with these words; the relation is one of them.
            said = words + [(r.word or r.value, n) for r, n in bag.relations]
            them = tuple(dict.fromkeys(p.best.key for p in people))
            found = self._finder.find(Clue(tuple(w for w, _ in said), (), them, Target.EPISODE))
            if found.keys and found.keys[0] in given:
                self._add_described(bag, found.keys[0], [n for _, n in said], tokens, segments)
                bag.unexplained, bag.relations = [], []
                return []
        if owned and words:
            # "Ann's classmate who becomes a doctor": the rest narrows the relation.
            bag.qualifiers = [w for w, _ in words] + [r.word or r.value for r, _ in loose]
            bag.unexplained = []
            bag.relations = [(r, n) for r, n in bag.relations if n in owned]
            return []
        # "Todd the volunteer": words that describe the one named explain themselves.
        plot_asked = plot_asked and not loose
        one = people[0].best.key if len(people) == 1 and not loose else None
        # "who likes Ben" asks for someone else: such a word never describes Ben.
        bonds = any(w in self._bond_kinds for w, _ in words)
        if one and words and not bonds and all(self._says(one, w) for w, _ in words):
            rivals = self._qualified(bag, tokens, segments, words)
            if rivals is not None:
                bag.unexplained = [u for u in bag.unexplained if u not in words]
                return rivals
            bag.unexplained = []
            if plot_asked and not self._plot_episode(bag, words, tokens, segments):
                # What happens is told of Ann anyway ("which episode does Ann find out"):
                # the scene is looked for with the words first, then without.
                self._plot_episode(bag, [], tokens, segments)
            return []
        if plot_asked and self._plot_episode(bag, words, tokens, segments):
            return []
        things = [k.best.key for k, _ in bag.links if k.best.kind in _TOLD_BY_NAME]
        if words and len(things) == 1 and all(self._says(things[0], w) for w, _ in words):
            # "the choir song Ann's class sings", "the poll of shows parents want their
            # children to watch": words said of the one song or award named.
            bag.unexplained = []
            return []
        if not words or tokens[0].text in _YES_NO:
            return []  # "did the cast stay friends" asks whether, not who
        if set(bag.attributes) - _DESCRIBING:
            return []  # "how many viewers in millions": the words go with the detail asked
        keys, hits = self._descriptions.best([w for w, _ in words])
        context = bag.questions or loose or bag.topics or bag.attributes or bag.links
        if not (context or bag.modifiers or hits >= 2):
            return []  # a word alone ("river") is no description of anyone
        # Every word must be in the description; of three or more, one may be missing.
        distinct = len({w for w, _ in words})
        if hits < (distinct - 1 if distinct >= 3 else distinct):
            return []
        if people and not loose:
            # "which hospital does Moss work at" asks a detail of the one named, not
            # for someone else; "what song does Ann's class sing" still finds a song.
            keys = [k for k in keys if EntityKind(k.split(":", 1)[0]) not in _PEOPLE]
            if hits < 2 and not set(bag.topics) & set(_DESCRIBED_KINDS):
                return []  # "what does Ann do now": one word names no other thing of hers
        if Topic.EPISODE not in bag.topics:
            # A word of some episode's plot ("come") describes it only when an episode is asked.
            keys = [k for k in keys if not k.startswith("episode:")]
        given = {f"episode:{m.value}" for m, n, _ in bag.numbers if _beside(n, bag.topic_at)}
        if given:
            # "Ann falls in episode 5": of the episodes the words fit, the one named.
            keys = [k for k in keys if not k.startswith("episode:") or k in given]
        kinds = {_DESCRIBED_KINDS[t] for t in bag.topics if t in _DESCRIBED_KINDS}
        if kinds:
            keys = [k for k in keys if k.split(":", 1)[0] in kinds]
        if loose:
            keys = [k for k in keys if k.split(":", 1)[0] in ("character", "person")]
        for r, _ in loose:
            if r.opposite:
                # "the brother who plays basketball": not one called a sister.
                keys = [k for k in keys if not self._descriptions.says(k, [r.opposite])]
            narrowed = [k for k in keys if r.value in self._related.get(k, frozenset())]
            narrowed = narrowed or [
                k for k in keys if self._descriptions.says(k, [r.word or r.value])
            ]
            keys = narrowed
        if Modifier.REAL not in bag.modifiers and any(k.startswith("character:") for k in keys):
            keys = [k for k in keys if not k.startswith("person:")]  # the role, not the model
        keys = [k for k in keys if all(k != link.best.key for link, _ in bag.links)]
        if people and loose:
            # "the classmate who likes Ann": someone the knowledge ties to Ann...
            keys = [k for k in keys if all(self._finder.tied(k, p.best.key) for p in people)]
        elif loose and len(keys) > 1:
            # "the dad, the tofu guy": with nobody named, the first role's (as "who
            # played the dad" is), when that leaves one.
            wanted = {(r.value, self._lead) for r, _ in loose}
            theirs = [k for k in keys if wanted <= self._finder.bonds_of(k)]
            keys = theirs if len(theirs) == 1 else keys
        named = [p.best.key for p in people]
        for w, n in words:
            if people and w in self._bond_kinds:
                # ... and relates to her as "likes" says (her admirer, not her rival).
                bond = self._bond(bag, w, n)
                keys = [k for k in keys if self._finder.bonded(k, bond, named)]
        if len(keys) == 1:
            if keys[0].startswith("song:"):
                # "what song plays at the end": a song is not played by anyone.
                bag.attributes = [a for a in bag.attributes if a not in _DESCRIBING]
            spans = [n for _, n in words] + [n for _, n in loose]
            self._add_described(bag, keys[0], spans, tokens, segments)
            bag.unexplained = []
            bag.relations = [(r, n) for r, n in bag.relations if n in owned]
            return []
        return keys[:3]

    def _reverse(
        self,
        question: Question,
        bag: _Bag,
        relations: list[tuple[RelationSense, int]],
        tokens: tuple[Token, ...],
        segments: list[Segment[_Item]],
    ) -> Question | None:
        """A declined question read once more as a description of one role, episode or
        song ("the classmate who likes Ann", "when does Ben confess"): see ``reverse``.

        Only the plain shapes are tried: no detail asked beyond who or which, no
        credit, no modifier, no relation hanging on a name; the finder then wants
        every word, relation word and name to fit exactly one thing.
        """
        words = [w for w, _ in bag.unexplained + bag.soft]
        if not all(self._descriptions.usable(w) for w in words):
            return None
        if bag.credits or bag.roles or bag.modifiers or bag.months or bag.parts:
            return None
        topics = set(bag.topics) - {Topic.SERIES}
        asked = set(bag.questions)
        said = bool(words)  # something the question says, not only asks
        target: Target
        numbered = Attribute.NUMBER in bag.attributes  # 「何話」: which episode's number
        if Topic.EPISODE in topics or ((QuestionWord.WHEN in asked or numbered) and not topics):
            target, allowed = Target.EPISODE, {Topic.EPISODE}
        elif topics & {Topic.SONG, Topic.SOUNDTRACK, Topic.TRACK}:
            target, allowed = Target.SONG, {Topic.SONG, Topic.SOUNDTRACK, Topic.TRACK}
        else:
            target, allowed = Target.CHARACTER, {Topic.CAST, Topic.SPECIAL}
        if not topics <= allowed:
            return None
        if target is not Target.EPISODE and asked - {
            QuestionWord.WHO,
            QuestionWord.WHICH,
            QuestionWord.WHAT,
            QuestionWord.TELL,
        }:
            return None
        for text, _n, attribute in bag.attribute_words:
            if attribute in _DESCRIBING or (attribute is Attribute.NUMBER and numbered):
                continue  # what to show of the one found ("who played", "何話")
            if attribute is Attribute.AGE and bag.numbers:
                continue  # 「14歳」: the number says it
            if not all(self._descriptions.usable(w) for w in text.split(" ")):
                return None
            words += text.split(" ")
        # "why does Ann faint in ep 5": a number beside the episode word is the episode
        # asked about, never a word of its plot, and no plot point may contradict it.
        given = [num.value for num, n, _ in bag.numbers if _beside(n, bag.topic_at)]
        for number, n, soft in bag.numbers:
            if not soft and number.value is not None and n not in bag.topic_at:
                if target is Target.EPISODE and _beside(n, bag.topic_at):
                    continue
                words.append(str(number.value))
                said = True
        if bag.facet_words:
            # "the boy who went to Hokkaido": a typed detail's words, here a description.
            facet_words = [w for w, _ in self._facet_words(bag)]
            if not all(self._descriptions.usable(w) for w in facet_words):
                return None
            words += facet_words
        context = bag.questions or relations or bag.topics or bag.links or bag.attribute_words
        if not context and len(set(words)) < 2:
            return None  # a word alone (「北海道」) is no description of anyone
        if not said:
            # Only words that ask ("what time"), or a relation word alone ("who is the
            # patient"): nothing describes anyone.
            return None
        named: list[str] = []
        kinds = _REVERSE_NAMED[target]
        for link, _n in bag.links:
            if link.best.how is How.DESCRIBED or link.best.kind is EntityKind.SERIES:
                continue
            if link.best.kind not in kinds:
                return None
            named.append(link.best.key)
        if tokens[0].text in _YES_NO and not any(k.startswith("person:") for k in named):
            return None  # "did Ann like basketball" asks whether, not who
        roles_named = any(k.startswith("character:") for k in named)
        thin = len(set(words)) < 2 or not asked & {
            QuestionWord.WHO,
            QuestionWord.WHICH,
            QuestionWord.TELL,
        }
        bonded = any(w in self._bond_kinds for w in words)  # "likes": a relation too
        if target is Target.CHARACTER and roles_named and not (relations or bonded) and thin:
            # Two words of a scene with two people named say as much as three.
            said_of = len(set(words)) + min(len(set(named)), 2) - 1
            told = asked & {QuestionWord.WHAT, QuestionWord.WHY} and said_of >= _SCENE_WORDS
            if not told:
                return None  # "which club is Ann in", "what does Ann study": a detail of Ann
            # "what does Ann say to Ben on the bridge as snow falls": a detail of one
            # scene, which its episode's plot tells.
            target = Target.EPISODE
        loose: list[Relation] = []
        for relation, n in relations:
            if _owner(bag, n) is not None and not _named_after(bag, n):
                return None  # "Ann's classmate who …": a relation of someone named
            loose.append(Relation(relation.value, relation.word, relation.opposite))
        bonds: list[Bond] = []
        if target is Target.CHARACTER:
            bonds = [self._bond(bag, w, n) for w, n in bag.unexplained if w in self._bond_kinds]
            words = [w for w in words if w not in self._bond_kinds]
        clue = Clue(tuple(words), tuple(loose), tuple(dict.fromkeys(named)), target, tuple(bonds))
        found = self._finder.find(clue)
        if not found.keys:
            if found.candidates:
                return replace(question, suggested=found.candidates)
            return None
        key = found.keys[0]
        if target is Target.EPISODE and given and int(key.partition(":")[2]) not in given:
            return None
        spans = [n for _, n in bag.unexplained + bag.soft] + [n for _, n in relations]
        spans += [n for number, n, _ in bag.numbers if str(number.value) in clue.words]
        spans += [n for _, n, _ in bag.attribute_words] + [n for _, n in bag.links]
        first, last = segments[min(spans)], segments[max(spans)]
        kind = EntityKind(key.split(":", 1)[0])
        link = Link(
            display(tokens[first.start : last.end]),
            tokens[first.start].start,
            tokens[last.end - 1].end,
            (Candidate(key, kind, How.DESCRIBED, self._rank.get(key, 1 << 30)),),
        )
        matched = [
            *clue.words,
            *(f"{r.word or r.kind} (relation)" for r in clue.relations),
            *(f"{b.word} ({'/'.join(sorted(b.kinds))})" for b in clue.bonds),
        ]
        slots: dict[str, object] = {
            "links": (link,),
            "described_by": tuple(matched),
            "tied_to": clue.named,
            "decline": None,
            "unexplained": (),
            "topic": question.topic,
            "attributes": (),
            "attribute": None,
        }
        if target is Target.EPISODE:
            episode = int(key.partition(":")[2])
            return replace(
                question,
                intent=Intent.EPISODE,
                rule="episode-by-description",
                number=Number(episode, str(episode)),
                **slots,  # type: ignore[arg-type]
            )
        if Attribute.ACTOR in bag.attributes:
            slots |= {"attribute": Attribute.ACTOR, "attributes": (Attribute.ACTOR,)}
        rule = f"{target.value}-by-description"
        return replace(question, intent=Intent.ENTITY, rule=rule, **slots)  # type: ignore[arg-type]

    def _facet_words(self, bag: _Bag) -> list[tuple[str, int]]:
        """The words of a typed detail asked, as words of a description: a phrase with
        wordings whole ("went to"), else its words less the stop words."""
        out: list[tuple[str, int]] = []
        for words, n in bag.facet_words:
            tokens = tokenize(words)
            text = display(tokens)  # 「高 校」 as the wordings write it: 「高校」
            if len(tokens) > 1 and self._descriptions.usable(text):
                out.append((text, n))
            else:
                out += [(w, n) for w in words.split() if w not in self._stop_words]
        return out

    def _apposed(self, bag: _Bag) -> None:
        """ "Ann's classmate Ben" is Ben, when the knowledge has Ben as Ann's classmate:
        the relation and its owner only say who Ben is ("the father of Ann's classmate
        Ben" asks for Ben's father). "The harbour master Mori" is one role named twice
        when one of the names may be the other's."""
        people = [(link, m) for link, m in bag.links if link.best.kind in _PEOPLE]
        for (first, m), (second, m2) in pairwise(people):
            if m2 != m + 1:
                continue
            if first.best.key in {c.key for c in second.candidates}:
                bag.links = [(link, at) for link, at in bag.links if link is not second]
            elif second.best.key in {c.key for c in first.candidates}:
                bag.links = [(link, at) for link, at in bag.links if link is not first]
        for relation, n in list(bag.relations):
            # "what kind of doctor is Moss": the relation is what Moss is, when he is.
            named = [link for link, m in bag.links if m == n + 2 and link.best.kind in _PEOPLE]
            if named and bag.stops.get(n + 1) in _NOT_OWNING and _owner(bag, n) is None:
                key = named[0].best.key
                phrases = (
                    relation.word or relation.value,
                    *self._relation_phrases.get(relation.value, ()),
                )
                if relation.value in self._related.get(key, frozenset()) or any(
                    self._says(key, p) for p in phrases
                ):
                    bag.relations.remove((relation, n))
                    continue
            owner = _owner(bag, n)
            after = [link for link, m in bag.links if m == n + 1 and link.best.kind in _PEOPLE]
            if owner is None or not after or owner is after[0]:
                continue
            pairs = self._finder.bonds_of(after[0].best.key)
            if any(kind == relation.value and other == owner.best.key for kind, other in pairs):
                # Ben stands where Ann's name stood: "the father of Ben".
                at = next(m for link, m in bag.links if link is owner)
                bag.relations.remove((relation, n))
                bag.links = [
                    (link, at if link is after[0] else m)
                    for link, m in bag.links
                    if link is not owner
                ]

    def _apposition(self, bag: _Bag, read: str) -> None:
        """ "Who played Ben, the basketball senior Ann had a crush on": words after a comma
        (or "the") that follows a role's name describe that role. When everything they say fits
        what the knowledge says of it (its description, its relations, the people it is
        tied to), they are accounted for; when anything does not fit, nothing is
        taken away and the question is read as it stands."""
        people = [(link, n) for link, n in bag.links if link.best.kind in _PEOPLE]
        at = next(
            (
                (link, n)
                for link, n in people
                if read[link.end : link.end + 3].lstrip()[:1] in ",、"
                # "who played Ben the basketball senior": "the" says it as a comma would
                or read[link.end : link.end + 5] == " the "
            ),
            None,
        )
        if at is None:
            return
        link, n = at
        key = link.best.key
        words = [(w, m) for w, m in bag.unexplained + bag.soft if m > n]
        facets = [(w, m) for w, m in bag.facet_words if m > n]
        relations = [(r, m) for r, m in bag.relations if m > n]
        others = [(other, m) for other, m in bag.links if m > n]
        attributes = [(w, m, a) for w, m, a in bag.attribute_words if m > n]
        if not (words or facets or relations or others):
            return
        said = [w for w, _ in words + facets]
        if not all(self._descriptions.usable(w) for w in said):
            return
        # "the piano girl": a girl, unless what is said of the role makes it a boy.
        said = [w for w in said if not (w in _SEXED and not self._says(key, _SEXED[w]))]
        if not all(self._says(key, w) for w in said):
            return
        bonds = self._finder.bonds_of(key)
        for r, m in relations:
            phrases = (r.word or r.value, *self._relation_phrases.get(r.value, ()))
            in_text = any(self._says(key, p) for p in phrases)
            owner = _owner(bag, m)
            if owner is not None and owner is not link:
                # "Ben, Ann's boyfriend": Ben must be that to Ann, not to anyone.
                if (r.value, owner.best.key) not in bonds and not in_text:
                    return
            elif r.value not in self._related.get(key, frozenset()) and not in_text:
                return
        if not all(
            other.best.kind in _PEOPLE and self._finder.tied(key, other.best.key)
            for other, _ in others
        ):
            return
        told = {m for _, m in words + facets} | {m for _, m in relations}
        told |= {m for _, m in others}
        told |= {m for w, m, _ in attributes if all(self._says(key, x) for x in w.split(" "))}
        bag.unexplained = [(w, m) for w, m in bag.unexplained if m not in told]
        bag.soft = [(w, m) for w, m in bag.soft if m not in told]
        bag.facet_words = [(w, m) for w, m in bag.facet_words if m not in told]
        bag.facets = [] if not bag.facet_words else bag.facets
        bag.relations = [(r, m) for r, m in bag.relations if m not in told]
        bag.links = [(other, m) for other, m in bag.links if m not in told]
        bag.attribute_words = [(w, m, a) for w, m, a in bag.attribute_words if m not in told]
        bag.attributes = [a for _, _, a in bag.attribute_words]
        bag.modifier_at = [(mod, m) for mod, m in bag.modifier_at if m <= n]
        bag.modifiers = [mod for mod, _ in bag.modifier_at]

    def _says(self, key: str, word: str) -> bool:
        """Whether what is said of ``key`` has the word, in this form or another
        ("helped" where it says "helps")."""
        if self._descriptions.says(key, [word]):
            return True
        if " " in word or not word.isascii():
            return False
        return any(self._descriptions.says(key, [form]) for form in inflections(word))

    def _bond(self, bag: _Bag, word: str, n: int) -> Bond:
        """A relation word such as "likes", turned to face the one asked for: "who likes
        Ann" wants Ann's admirer, "the one Ann likes" the one Ann admires."""
        kinds = self._bond_kinds[word]
        people = [m for link, m in bag.links if link.best.kind in _PEOPLE]
        before, after = any(m < n for m in people), any(m > n for m in people)
        turned = frozenset(RelationKind(k).inverse.value for k in kinds)
        if before and not after:
            return Bond(word, turned)
        return Bond(word, kinds | turned if before else kinds)

    def _plot_episode(
        self,
        bag: _Bag,
        words: list[tuple[str, int]],
        tokens: tuple[Token, ...],
        segments: list[Segment[_Item]],
    ) -> bool:
        """ "Which episode does Ann start using a wheelchair": the one episode with a plot
        point that has the words and names everyone the question names.

        The unexplained words are tried first, then with the words of the details
        asked ("diagnosis", "start"), which here describe what happens rather than
        ask for a detail. Anything other than people named ("the special") means
        the question is not about one episode's plot.
        """
        # A song named is sung in the scene ("sing the anthem"); anything else named ("the
        # special") means the question is not about one episode's plot.
        if any(link.best.kind not in _PEOPLE | {EntityKind.SONG} for link, _ in bag.links):
            return False
        if bag.months or bag.slashed:
            return False  # a date says which episode, not what happens in it
        ordinal = {Modifier.FIRST, Modifier.LAST} & set(bag.modifiers)
        if ordinal and not words and not bag.soft:
            # "what is the last episode called": the order says which episode, and the
            # detail asked ("called") is not a scene ("Ben calls them cowards").
            return False
        named = tuple(dict.fromkeys(link.best.key for link, _ in bag.links))
        asked = [
            (w, n)
            for text, n, _ in bag.attribute_words
            for w in text.split(" ")
            if w.isascii() and w.isalpha() and len(w) > 2
        ]
        # 「病気」: a Japanese detail word, as the English words of its entry (not 「何話」).
        asked += [
            (text.replace(" ", ""), n)
            for text, n, attribute in bag.attribute_words
            if not text.isascii() and attribute is not Attribute.NUMBER
        ]
        soft = bag.soft  # "the special school": not asked about, but what happens where
        for pool in (words + soft, words + soft + asked):
            if not words and len(pool) == len(soft):
                continue  # a stop phrase alone says nothing happens
            # One plot point with every word and everyone named (see ``reverse``).
            clue = Clue(tuple(w for w, _ in pool), (), named, Target.EPISODE)
            found = self._finder.find(clue)
            if not found.keys:
                continue
            self._add_described(bag, found.keys[0], [n for _, n in pool], tokens, segments)
            used = {n for _, n in pool}
            # "Ann faints after she stopped drinking": once the one who acts is named, a
            # word is part of the scene, not a step to the next episode ("the episode
            # after Ann faints", "the one after the one where Ann faints").
            actors = [n for link, n in bag.links if link.best.kind in _PEOPLE]
            begun = min(actors, default=len(segments))
            bag.modifier_at = [(m, n) for m, n in bag.modifier_at if n < begun]
            bag.modifiers = [m for m, _ in bag.modifier_at]
            bag.attributes = [a for _, n, a in bag.attribute_words if n not in used]
            bag.unexplained = []
            return True
        return False

    def _add_described(
        self,
        bag: _Bag,
        key: str,
        spans: list[int],
        tokens: tuple[Token, ...],
        segments: list[Segment[_Item]],
    ) -> None:
        first, last = segments[min(spans)], segments[max(spans)]
        start, end = tokens[first.start].start, tokens[last.end - 1].end
        text = " ".join(t.text for t in tokens[first.start : last.end])
        kind = EntityKind(key.split(":", 1)[0])
        cand = Candidate(key, kind, How.DESCRIBED, self._rank.get(key, 1 << 30))
        bag.links.append((Link(text, start, end, (cand,)), min(spans)))
        bag.links.sort(key=lambda pair: pair[1])
        bag.content += 1

    def _qualified(
        self,
        bag: _Bag,
        tokens: tuple[Token, ...],
        segments: list[Segment[_Item]],
        words: Sequence[tuple[str, int]] | None = None,
    ) -> list[str] | None:
        """「養護学校の担任の先生」: a role known by a relation word ("the homeroom
        teacher") with words that qualify it. The words pick among the roles of that
        relation: the one they describe, or, when they describe several, nobody yet.

        None when the words leave the one named as it is; else the roles offered.
        """
        words = list(bag.soft) if words is None else list(words)
        if not words or len(bag.named_by_relation) != 1:
            return None
        n, relation = bag.named_by_relation[0]
        at = next((k for k, (_, m) in enumerate(bag.links) if m == n), None)
        if at is None or bag.links[at][0].best.kind not in _PEOPLE:
            return None
        named = bag.links[at][0].best.key
        plain = [w for w, _ in words]
        fits = [
            k
            for k in self._descriptions.keys(EntityKind.CHARACTER.value)
            if relation in self._related.get(k, frozenset()) and self._descriptions.says(k, plain)
        ]
        if not fits or fits == [named]:
            return None
        link, _ = bag.links.pop(at)
        bag.content -= 1
        if len(fits) == 1:
            self._add_described(bag, fits[0], [n] + [m for _, m in words], tokens, segments)
            return []
        bag.unexplained.append((link.text, n))  # which of them is meant is not settled
        return fits[:3]

    def _weak_links(self, bag: _Bag) -> None:
        """A one- or two-letter name counts only when the rest of the question asks for it:
        a question word alone ("who is K"), or words about that kind of thing ("songs by K")."""
        details = bag.attributes or bag.topics or bag.modifiers or bag.relations or bag.credits
        bare = bool(bag.questions) and not details and not bag.roles
        kept: list[tuple[Link, int]] = []
        for link, n in bag.links:
            kind = link.best.kind
            fits = set(bag.topics) & _WEAK_TOPICS.get(kind, set()) or (
                set(bag.attributes) & _WEAK_ATTRIBUTES.get(kind, set())
            )
            # 「あやのははおや」: a kana pair named with a relation is a role's name.
            kin = bool(bag.relations) and kind in _PEOPLE and not link.text.isascii()
            supported = not bag.unexplained and (bare or bool(fits) or kin)
            if _weak(link.text) and not supported:
                bag.unexplained.append((link.text, n))
                bag.content -= 1
            else:
                kept.append((link, n))
        bag.links = kept
        bag.unexplained.sort(key=lambda pair: pair[1])

    def _life_told(self, bag: _Bag) -> bool:
        """Whether the one role named is described with a word of the life detail asked
        (a role "killed in an accident" for "who died")."""
        roles = [link for link, _ in bag.links if link.best.kind is EntityKind.CHARACTER]
        asked = {a for a in bag.attributes if a in LIFE_ATTRIBUTES}
        if len(roles) != 1 or len(bag.links) != 1 or len(asked) != 1:
            return False
        words = [
            word
            for entry in self.lexicon.entries
            if isinstance(entry.sense, AttributeSense) and entry.sense.value in asked
            for phrase in entry.en
            if len(toks := tokenize(phrase)) == 1 and len(word := toks[0].text) > 2
        ]
        return any(self.described(roles[0].best.key, [word]) for word in words)

    def described(self, key: str, words: Sequence[str]) -> bool:
        """Whether what the knowledge says about ``key`` uses every one of ``words``."""
        return self._descriptions.says(key, words)

    def names_of(self, key: str) -> list[str]:
        """The folded names a key is known by (for relation phrases like "kaito s grandma")."""
        return self._names.get(key, [])

    def lookup(self, phrase: str) -> list[str]:
        """Keys whose exact name is ``phrase`` (folded like a question)."""
        return [i.key for i in self._table.get(phrase) if isinstance(i, _Name)]


_PEOPLE = frozenset({EntityKind.CHARACTER, EntityKind.PERSON})
# Details a described someone can be asked for ("who played the rehab doctor").
_DESCRIBING = frozenset(
    {
        Attribute.ACTOR,
        Attribute.ROLE,
        Attribute.DESCRIPTION,
        Attribute.TITLE,
        Attribute.NUMBER,
        Attribute.ARTIST,
    }
)
_TITLE_RUN = 4  # words of a long title that name it
# First words of a yes-or-no question (folded as tokens are).
_YES_NO = frozenset(
    t.text
    for w in ("did", "does", "do", "is", "was", "are", "were", "can", "could", "has", "have")
    for t in tokenize(w)
)
_WEAK_TOPICS: dict[EntityKind, set[Topic]] = {
    EntityKind.SONG: {Topic.SONG, Topic.SOUNDTRACK, Topic.TRACK},
    EntityKind.TRACK: {Topic.TRACK, Topic.SOUNDTRACK},
    EntityKind.CHARACTER: {Topic.CAST},
    EntityKind.PERSON: {Topic.CAST},
}
_WEAK_ATTRIBUTES: dict[EntityKind, set[Attribute]] = {
    EntityKind.SONG: {Attribute.ARTIST, Attribute.MAKER},
    EntityKind.CHARACTER: {Attribute.ACTOR, Attribute.ROLE},
    EntityKind.PERSON: {Attribute.ACTOR, Attribute.ROLE},
}
# A declined question is read again as a description (``Reader._reverse``) when it
# was declined for words nothing explained, for asking after nothing, or for naming
# several people at once.
# The credits a song is known by (words, music, arrangement, production): who wrote,
# composed or produced it; any other ("directed") is not on record for a song.
_SONG_MAKERS = frozenset({"Screenplay", "Music", "Producer", "Original work"})
# A detail of someone asked with this many words of a scene is looked for in the plot.
_SCENE_WORDS = 3
# Things whose own names and descriptions may be said again in other words.
_TOLD_BY_NAME = frozenset({EntityKind.SONG, EntityKind.AWARD})
_REVERSIBLE = frozenset({Decline.UNEXPLAINED, Decline.NO_SUBJECT, Decline.AMBIGUOUS})
# What a described thing may be tied to: the names a question may give with it.
_REVERSE_NAMED = {
    Target.CHARACTER: frozenset({EntityKind.CHARACTER, EntityKind.PERSON, EntityKind.SPECIAL}),
    Target.EPISODE: frozenset({EntityKind.CHARACTER, EntityKind.SONG}),
    Target.SONG: frozenset({EntityKind.CHARACTER, EntityKind.SPECIAL}),
}
_DESCRIBED_KINDS = {
    Topic.SONG: "song",
    Topic.TRACK: "song",
    Topic.CAST: "character",
    Topic.EPISODE: "episode",
    Topic.FILM: "work",
}


def _one_slip(word: str, other: str) -> bool:
    """A short word (under six letters) is respelt only one slip away (an edit or two
    letters swapped): two edits turn "find" into "friend".

    >>> _one_slip("humen", "human"), _one_slip("find", "friend"), _one_slip("snog", "song")
    (True, False, True)
    """
    if min(len(word), len(other)) >= 6:
        return True
    return OSA.distance(word, other, score_cutoff=1) <= 1


def spoken_forms(phrases: Iterable[str], readings: dict[str, str]) -> list[str]:
    """Japanese phrases as they are also typed: their words in kana through
    ``readings``, and an all-kana phrase in romaji (jaconv), so 「役者」 is found as
    「やくしゃ」 and "yakusha".

    >>> spoken_forms(["役者", "誰"], {"役者": "やくしゃ", "誰": "だれ"})
    ['やくしゃ', 'yakusha', 'だれ', 'dare']
    >>> spoken_forms(["演じていた"], {"演じて": "えんじて"})
    ['演じてた', 'えんじていた', 'enjiteita', 'えんじてた', 'enjiteta']
    """
    longest = max(map(len, readings), default=0)
    out: list[str] = []
    phrases = list(phrases)
    out += [c for p in phrases if (c := _contracted(p)) != p]  # 演じてた for 演じていた
    for phrase in [*phrases, *out]:
        kana, at = "", 0
        while at < len(phrase):
            # The longest word with a reading that starts here, else the character.
            size = next(
                (
                    n
                    for n in range(min(longest, len(phrase) - at), 0, -1)
                    if phrase[at : at + n] in readings
                ),
                0,
            )
            kana += readings[phrase[at : at + size]] if size else phrase[at]
            at += size or 1
        if kana != phrase:
            out.append(kana)
        hira = jaconv.kata2hira(kana)
        if all("\u3041" <= ch <= "\u3096" for ch in hira):
            romaji = jaconv.kana2alphabet(hira)
            if len(romaji) >= 3 and romaji.isascii() and romaji.isalpha():
                out.append(romaji)
    return list(dict.fromkeys(out))


# Spoken Japanese drops the い of いる after て/で: 演じている is said 演じてる.
_CONTRACTIONS = (("ている", "てる"), ("ていた", "てた"), ("でいる", "でる"), ("でいた", "でた"))


def _contracted(phrase: str) -> str:
    """A phrase as it is said, with the い of ている dropped (演じていた → 演じてた).

    >>> _contracted("演じていた"), _contracted("歌っている人"), _contracted("誰")
    ('演じてた', '歌ってる人', '誰')
    """
    for full, short in _CONTRACTIONS:
        phrase = phrase.replace(full, short)
    return phrase


def _kana(text: str) -> bool:
    """Whether every character is hiragana (katakana is folded to it)."""
    return bool(text) and all("\u3041" <= ch <= "\u3096" for ch in text)


def _loan(latin: str) -> str:
    """A word as katakana hears it: no l/r, b/v or y/i difference, ヒュ as "hu", one
    letter for a doubled one.

    >>> _loan("lovestory"), _loan(jaconv.kana2alphabet("らぶすとり"))
    ('robestori', 'rabusutori')
    """
    out = latin.replace("l", "r").replace("v", "b").replace("y", "i").replace("hiu", "hu")
    return "".join(ch for i, ch in enumerate(out) if i == 0 or ch != out[i - 1])


def _consonants(loan: str) -> str:
    """A loanword's consonants: what katakana keeps of an English word.

    >>> _consonants("robestori"), _consonants("rabusutori")
    ('rbstr', 'rbstr')
    """
    return "".join(ch for ch in loan if ch not in "aeiou")


def _kanji(text: str) -> bool:
    """Whether every character is a CJK ideograph (a name written in kanji alone)."""
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


def _number_words(
    lexicon: Lexicon, stop_words: set[str]
) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """What stands for each phrase the reader finds a number by: one word (by its
    first character), or for a phrase of Japanese characters two in a row.

    A number is read from digits, from a number word ("eighth", 「八」), from
    "first" or "last", and from what happens in an episode when one is asked
    for ("which episode", "when", 「何話」: the one episode found by its plot).
    Each phrase as the reader's table holds it: English, Japanese, and the
    Japanese said in kana or romaji. A phrase is found only where all its words
    are, in a row, so a part stands for it: the longest word that is not a stop
    word ("last" for "the last"); in Japanese, where each character is a word
    and a single kana is in almost every sentence, its first two characters.
    """
    words: dict[str, set[str]] = {}
    pairs: set[str] = set()
    for entry in lexicon.entries:
        sense = entry.sense
        if not (
            isinstance(sense, NumberSense)
            or (isinstance(sense, ModifierSense) and sense.value in (Modifier.FIRST, Modifier.LAST))
            or (isinstance(sense, TopicSense) and sense.value is Topic.EPISODE)
            or (isinstance(sense, QuestionSense) and sense.value is QuestionWord.WHEN)
            or (isinstance(sense, AttributeSense) and sense.value is Attribute.NUMBER)
        ):
            continue
        for phrase in (*entry.en, *entry.ja, *spoken_forms(entry.ja, lexicon.readings_ja)):
            tokens = [t.text for t in tokenize(phrase)]
            if len(tokens) >= 2 and not any(t.isascii() for t in tokens):
                pairs.add(f"{tokens[0]} {tokens[1]}")  # never respelt: only Latin words are
            elif tokens:
                word = max(tokens, key=lambda w: (w not in stop_words, len(w)))
                words.setdefault(word[:1], set()).add(word)
    return {initial: tuple(sorted(found)) for initial, found in words.items()}, frozenset(pairs)


def _key(phrase: str) -> str:
    return " ".join(t.text for t in tokenize(phrase))


def _weak(text: str) -> bool:
    """Too short to be a name on its own: "k", "ai", a lone kana pair."""
    compact = text.replace(" ", "")
    if compact.isascii():
        return len(compact) <= 2
    return len(compact) <= 2 and all("\u3040" <= ch <= "\u309f" for ch in compact)


def _number(text: str) -> Number:
    if text.isdigit():
        return Number(int(text) if len(text) <= 9 else 10**9, text)
    return Number(None, text)


def _owner(bag: _Bag, n: int) -> Link | None:
    """Whose relation: the name just before it ("Ann's mother") or after "of"."""
    # Only people have relations: "the mother's memoir" describes a work.
    people = [(link, m) for link, m in bag.links if link.best.kind in _PEOPLE]
    before = [link for link, m in people if n - 5 <= m < n]
    if before:
        return before[-1]
    # "the mother of Ann" (a word between); "the teacher Noda" is a name, not an owner,
    # and in "what kind of doctor is Moss" the doctor is Moss.
    if bag.stops.get(n + 1, "of") in _NOT_OWNING:
        return None
    return next((link for link, m in people if m == n + 2), None)


# An attribute's one-word phrases stand for each other in a scene up to this many.
_MAX_SYNONYMS = 15
# A person word and its opposite: one said of a role that is not called the other.
_SEXED = {"girl": "boy", "boy": "girl"}
# Words between a relation and a name that make the name the one so related.
_NOT_OWNING = frozenset({"is", "was", "are", "were", "s"})

# Rules: the first that applies names the intent.


def _rules(bag: _Bag, read: str, extra: dict[str, object]) -> Question:
    number, date = _number_slot(bag), _date_slot(bag)
    base = {
        **extra,
        "read": read,
        "number": number,
        "date": date,
        "topic": bag.topics[0] if bag.topics else None,
        "attributes": tuple(dict.fromkeys(bag.attributes)),
        "modifiers": tuple(dict.fromkeys(bag.modifiers)),
        "region": bag.regions[0] if bag.regions else None,
    }

    # A role found by its description is what the question is about.
    bag.links.sort(key=lambda pair: (pair[0].best.how is not How.DESCRIBED, pair[1]))
    base["links"] = tuple([link for link, _ in bag.links])

    def q(intent: Intent, rule: str, **slots: object) -> Question:
        return Question(intent, rule=rule, **(base | slots))  # type: ignore[arg-type]

    attribute = bag.attributes[0] if bag.attributes else None
    specific = [a for a in bag.attributes if a in _SPECIFIC]
    if specific:
        attribute = specific[0]  # "who released the DVD": the DVD, not a release date
    if {Attribute.ACTOR, Attribute.ROLE} <= set(bag.attributes):
        attribute = Attribute.ACTOR  # 「ハナ役の女優」: the actress of that role
    topics = set(bag.topics)
    mods = set(bag.modifiers)
    kinds = {c.kind for link, _ in bag.links for c in link.candidates[:1]}

    if bag.unexplained:
        return q(Intent.DECLINE, "unexplained-words", decline=Decline.UNEXPLAINED)
    # "what did episode 4 get in Kansai": a region is only where a rating was
    # measured, so an episode there with nothing else asked means its rating.
    if (
        bag.regions
        and topics == {Topic.EPISODE}
        and not {QuestionWord.WHO, QuestionWord.WHEN, QuestionWord.WHERE} & set(bag.questions)
        and not (bag.attributes or bag.facets or bag.credits or bag.relations or bag.links)
    ):
        bag.attributes.append(Attribute.RATING)
        base["attributes"] = (Attribute.RATING,)
        attribute = Attribute.RATING
    # "how does <the series> end": how its story ends, not when it stopped airing.
    if (
        "a-ended" in bag.entries
        and QuestionWord.HOW in bag.questions
        and set(bag.attributes) == {Attribute.AIRED}
        and kinds <= {EntityKind.SERIES}
        and topics <= {Topic.SERIES}
    ):
        ending = (Attribute.ENDING,)
        return q(Intent.ABOUT, "ending", attribute=Attribute.ENDING, attributes=ending, links=())
    # "Kansai" says where a rating was measured, and asks nothing else.
    if bag.regions and Attribute.RATING not in bag.attributes and Topic.RATINGS not in bag.topics:
        return q(Intent.DECLINE, "region-of-what", decline=Decline.NO_SUBJECT)
    if Topic.HELP in topics and not bag.links and len(topics) == 1:
        return q(Intent.HELP, "help")
    if bag.content == 0 and number is None and date is None:
        return q(Intent.DECLINE, "nothing-asked", decline=Decline.NOTHING_ASKED)

    # "what else is it based on besides the diary": the series' other sources.
    people_linked = any(link.best.kind in _PEOPLE for link, _ in bag.links)
    if Modifier.OTHER in mods and Attribute.BASED_ON in bag.attributes and not people_linked:
        return q(Intent.ABOUT, "other-sources", attribute=Attribute.BASED_ON)
    # "what else has she starred in", "主題歌の歌手の他の曲": other work is never on record.
    if Modifier.OTHER in mods:
        return q(Intent.DECLINE, "other-work", decline=Decline.NO_SUBJECT)
    # "what school does Ann go to", "the manga's ISBN": a typed detail, whoever holds it.
    described = any(link.best.how is How.DESCRIBED for link, _ in bag.links)
    # "who goes to school with Ann" asks for other people, not Ann's school; but in
    # "who is the teacher at high school" the detail only describes the one named.
    asks_who = QuestionWord.WHO in bag.questions and any(
        link.best.kind in _PEOPLE for link, _ in bag.links
    )
    who_else = asks_who and bag.facet_held
    if asks_who and not bag.facet_held and Attribute.BASED_ON in bag.attributes:
        # "who wrote the foreword of Ann's memoir": a detail of the work the one
        # named wrote, which she does not hold herself; the work's detail answers.
        asks_who = False
    if bag.facets and not (described or asks_who) and QuestionWord.WHY not in bag.questions:
        return q(Intent.FACET, "facet", facet=bag.facets[0], attribute=attribute)
    if bag.facets and who_else and not described:
        # Who shares a detail with someone is not on record as such: never their card.
        return q(Intent.DECLINE, "who-by-detail", decline=Decline.NO_SUBJECT)
    # "why …": the reason for something is never a card; but "why did Ben die" asks
    # what his death was, which a role's life says (「なんで亡くなったの」).
    died = Attribute.DIED in bag.attributes and any(k.best.kind in _PEOPLE for k, _ in bag.links)
    scene = next((k.best.key for k, _ in bag.links if k.best.how is How.DESCRIBED), None)
    if QuestionWord.WHY in bag.questions and number and scene == f"episode:{number.value}":
        # "why does Ann faint in episode 5": the scene found in the episode named,
        # whose plot tells it.
        return q(Intent.EPISODE, "why-in-episode", attribute=None)
    if QuestionWord.WHY in bag.questions and not died:
        return q(Intent.DECLINE, "why", decline=Decline.NO_SUBJECT)
    # "the father of Ann's classmate Ben": a chain of relations is not followed.
    if len(bag.relations) > 1:
        return q(Intent.DECLINE, "relation-chain", decline=Decline.AMBIGUOUS)
    bag.credits = list(dict.fromkeys(bag.credits))
    if len(bag.credits) > 1 and "Screenplay" in bag.credits:
        # "who wrote the background music": "wrote" only says which job is meant.
        bag.credits = [c for c in bag.credits if c != "Screenplay"]

    # "what disease did the actress have": a detail of someone the question does not name.
    asked = set(bag.attributes)
    people_asked = asked & {Attribute.ACTOR, Attribute.ROLE}
    if people_asked and asked & (SERIES_ATTRIBUTES - _LOOSE) and not bag.links:
        return q(Intent.DECLINE, "whose-detail", decline=Decline.NO_SUBJECT)

    # "the teacher Noda Ken": a relation word right before a name describes it.
    apposed = {n for _, n in bag.relations if _owner(bag, n) is None and _named_after(bag, n)}
    bag.relations = [(r, n) for r, n in bag.relations if n not in apposed]

    # "the actress who played Amy: which character did she play in the film" is a chain.
    both = {Attribute.ACTOR, Attribute.ROLE} <= asked
    works = [link for link, _ in bag.links if link.best.kind is EntityKind.WORK]
    named = [
        link
        for link, _ in bag.links
        if link.best.kind in _PEOPLE and link.best.how is not How.DESCRIBED
    ]
    if both and (len(bag.links) >= 2 or (works and Topic.SERIES in topics)):
        return q(Intent.DECLINE, "actor-role-chain", decline=Decline.AMBIGUOUS)
    if people_asked and len({link.best.key for link in named}) >= 2:
        # "who played the girl who plays basketball with Ann and Mia": whom is not said.
        return q(Intent.DECLINE, "several-people", decline=Decline.AMBIGUOUS)

    # A detail of a real person's life: only people are born and die.
    life = next((a for a in bag.attributes if a in LIFE_ATTRIBUTES), None)
    # "Ben's brother who died", "the name of Ben's dead brother": a relation, described.
    when = {QuestionWord.WHEN, QuestionWord.HOW, QuestionWord.WHERE, QuestionWord.HOW_LONG}
    owned_relation = any(_owner(bag, n) is not None for _, n in bag.relations)
    who_of = owned_relation and not (set(bag.questions) & when)
    if life is not None and bag.life_told and not (set(bag.questions) - {QuestionWord.WHO}):
        # "Ben's brother who died": the role so described, when its description says so.
        return q(Intent.ENTITY, "described-life", attribute=None, attributes=())
    special_set = Attribute.SETTING in bag.attributes and any(
        link.best.kind is EntityKind.SPECIAL for link, _ in bag.links
    )
    if life is not None and special_set:
        # "how long after Ann's death is the special set": the death dates the setting.
        specials = tuple(k for k, _ in bag.links if k.best.kind is EntityKind.SPECIAL)
        return q(
            Intent.SPECIAL,
            "special",
            attribute=Attribute.SETTING,
            attributes=(Attribute.SETTING,),
            links=specials,
        )
    if life is not None and not who_of:
        # "when was the real mother born": the relation says whose life, with no name.
        relation = bag.relations[0][0] if bag.relations and not bag.links else None
        place = QuestionWord.WHERE in bag.questions or "a-birthplace" in bag.entries
        if life is Attribute.BORN and place:
            # "where was Ann born": a birthplace, which only a real person has on record
            # (a role's birth date is no answer).
            real = tuple(dict.fromkeys((*base["modifiers"], Modifier.REAL)))  # type: ignore[misc]
            return q(Intent.LIFE, "birthplace", attribute=life, relation=relation, modifiers=real)
        return q(Intent.LIFE, "life", attribute=life, relation=relation)

    # "Ann's mother", "花子の母親": a relation hanging on a name.
    for relation, n in bag.relations:
        owner = _owner(bag, n)
        if owner is not None:
            return q(
                Intent.RELATION,
                "relation",
                relation=relation,
                links=(owner, *(link for link, _ in bag.links if link is not owner)),
                attribute=attribute,
            )
    # "the mother's book": the book is hers, when the knowledge has her write one.
    lead_relation = set(bag.attributes) <= {
        Attribute.ACTOR,
        Attribute.ROLE,
        Attribute.DESCRIPTION,
        Attribute.BASED_ON,
        Attribute.TITLE,
        Attribute.MAKER,  # 「お母さんが書いた本」: the book the mother wrote
    } and (Attribute.MAKER not in bag.attributes or Attribute.BASED_ON in bag.attributes)
    lead_relation = lead_relation and set(bag.topics) <= {Topic.CAST, Topic.SERIES}
    if lead_relation and bag.relations and not bag.links and len(bag.relations) == 1:
        # "母親を演じたのは", "who is the love interest": the lead's, when nobody is named.
        return q(Intent.RELATION, "relation-of-lead", relation=bag.relations[0][0], links=())
    work_at = [m for link, m in bag.links if link.best.kind is EntityKind.WORK]
    if any(n - 3 < m < n for m in work_at for _, n in bag.relations):
        if bag.work_role_told:
            # "2004 film mom actress": the work's cast credits that role.
            works_named = tuple(k for k, _ in bag.links if k.best.kind is EntityKind.WORK)
            return q(Intent.ENTITY, "work-cast-role", links=works_named, attribute=None)
        # "Nayla's mother": a relation of a role only a work's cast names is not on record.
        return q(Intent.DECLINE, "relation-of-work-role", decline=Decline.NO_SUBJECT)
    if bag.relations and work_at:
        bag.relations = []  # "the mother's memoir", 「母の手記」: a work, described
    elif bag.relations:
        return q(Intent.DECLINE, "relation-without-owner", decline=Decline.AMBIGUOUS)

    if Topic.FILM in topics:
        # "the actress from the film: what role does she play in the drama" is a chain.
        chain = Topic.SERIES in topics or people_asked == {Attribute.ACTOR, Attribute.ROLE}
        if chain:
            return q(Intent.DECLINE, "film-chain", decline=Decline.AMBIGUOUS)
        return q(
            Intent.ADAPTATIONS,
            "film",
            attribute=attribute,
            credit=_first(bag.credits),
            song_role=_first(bag.roles),
        )

    if bag.roles and not (kinds & {EntityKind.CHARACTER, EntityKind.PERSON}):
        return q(Intent.SONG_ROLE, "song-role", song_role=bag.roles[0], attribute=attribute)

    if Attribute.BASED_ON in bag.attributes and not bag.links:
        # "japanese title of the book": the book's card, not the series' titles.
        return q(Intent.ABOUT, "based-on", attribute=Attribute.BASED_ON)

    song_detail = {Attribute.RELEASE, Attribute.CHART, Attribute.SALES} & set(bag.attributes)
    songs_named = [link for link, _ in bag.links if link.best.kind is EntityKind.SONG]
    if song_detail and songs_named:
        # "Harbour Song single tracklist": the single's release, not the album's tracks.
        attribute = next(a for a in bag.attributes if a in song_detail)
        return q(Intent.ENTITY, "song-detail", attribute=attribute, links=tuple(songs_named))

    if Topic.TRACK in topics or (number is not None and Topic.SOUNDTRACK in topics):
        if number is not None:
            return q(Intent.TRACK, "track-number", number=number, attribute=attribute)
        if Modifier.LAST in mods or Modifier.FIRST in mods:
            which = Number(LAST if Modifier.LAST in mods else 1, "last/first")
            return q(Intent.TRACK, "track-ordinal", number=which)
        if bag.links:
            others = set(bag.attributes) - {Attribute.TITLE, Attribute.NUMBER, Attribute.ARTIST}
            if others:
                return q(Intent.DECLINE, "track-detail", decline=Decline.NO_SUBJECT)
            return q(Intent.TRACK, "track-of", attribute=attribute)
        if Attribute.COUNT in bag.attributes or QuestionWord.HOW_MANY in bag.questions:
            return q(Intent.SOUNDTRACK, "track-count", attribute=Attribute.COUNT)
        return q(Intent.SOUNDTRACK, "track-list")

    special = [link for link, _ in bag.links if link.best.kind is EntityKind.SPECIAL]
    if Topic.SPECIAL in topics and not special and kinds <= {EntityKind.SERIES}:
        # "the <series title> special": the series' name only says whose special.
        bag.links = []
    people = [
        link for link, _ in bag.links if link.best.kind in (EntityKind.CHARACTER, EntityKind.PERSON)
    ]
    if special and not people:
        if QuestionWord.HOW_MANY in bag.questions and Topic.EPISODE in topics:
            return q(Intent.SPECIAL, "special-length", attribute=Attribute.LENGTH)
        return q(
            Intent.SPECIAL,
            "special",
            attribute=attribute,
            credit=_first(bag.credits),
            links=tuple(special),
        )

    if (
        QuestionWord.HOW_MANY in bag.questions
        and not bag.links
        and (Attribute.NUMBER in bag.attributes or episode_topic_only(bag))
    ):
        return q(Intent.EPISODES, "episode-count", attribute=Attribute.COUNT)

    works = [link for link, _ in bag.links if link.best.kind is EntityKind.WORK]
    if bag.credits and works and not people:
        # "who directed Lights Over Kobe": that work's own staff.
        return q(Intent.ENTITY, "work-staff", links=tuple(works), credit=bag.credits[0])
    if bag.credits and not people:
        if Topic.EPISODE in topics and (number is not None or date is not None):
            return q(Intent.EPISODE, "episode-staff", credit=bag.credits[0])
        songs = [
            link for link, _ in bag.links if link.best.kind in (EntityKind.SONG, EntityKind.TRACK)
        ]
        if songs and set(bag.credits) - _SONG_MAKERS:
            # "who directed the song's music video": a song has writers, not a director.
            return q(Intent.DECLINE, "song-credit", decline=Decline.NO_SUBJECT)
        if songs:
            return q(Intent.ENTITY, "song-maker", attribute=Attribute.MAKER, links=tuple(songs))
        return q(Intent.CREDITS, "credit", credit=bag.credits[0])

    episode_topic = Topic.EPISODE in topics
    if (
        bag.credits
        and not people
        and (number is not None or date is not None)
        and (episode_topic or date is not None)
    ):
        # "who directed episode 7", "11月22日放送の回の脚本は誰": that episode's own staff.
        rule = "episode-staff"
        return q(Intent.EPISODE, rule, number=number, date=date, credit=bag.credits[0])
    if date is not None and not people:
        return q(Intent.EPISODE, "episode-by-date", date=date, attribute=attribute)
    if episode_topic and number is not None:
        return q(Intent.EPISODE, "episode-number", number=number, attribute=attribute)
    if episode_topic and (Modifier.LAST in mods or Modifier.FIRST in mods) and not bag.links:
        which = Number(LAST if Modifier.LAST in mods else 1, "last/first")
        if Attribute.RATING in bag.attributes or not (mods & {Modifier.HIGHEST, Modifier.LOWEST}):
            return q(Intent.EPISODE, "episode-ordinal", number=which, attribute=attribute)

    rating = Attribute.RATING in bag.attributes or Topic.RATINGS in topics
    ranked = mods & {Modifier.HIGHEST, Modifier.LOWEST, Modifier.AVERAGE}
    if Modifier.AVERAGE in mods and not (bag.attributes or bag.links or topics - {Topic.SERIES}):
        rating = True  # "what was the series average"
    episodes = [
        link
        for link, _ in bag.links
        if any(c.kind is EntityKind.EPISODE for c in link.candidates)  # link.of, not built
    ]
    if rating and (ranked or not episodes) and not people:
        return q(Intent.RATINGS, "ratings", attribute=Attribute.RATING)

    # "which episode has the zoo scene": an episode found by what happens in it.
    told = [
        link
        for link, _ in bag.links
        if link.best.how is How.DESCRIBED and link.best.kind is EntityKind.EPISODE
    ]
    if told and episode_topic:
        told_number = int(told[0].best.key.partition(":")[2])
        found = Number(told_number, str(told_number))
        return q(Intent.EPISODE, "episode-by-plot", number=found, attribute=None)

    # "which episode has Fumi" asks what the knowledge does not link: no entity card.
    unlinked = episode_topic and not episodes and Attribute.NUMBER not in bag.attributes
    if bag.links and not unlinked:
        if (
            attribute is Attribute.TITLE
            and topics <= {Topic.SERIES}
            and all(link.best.kind in _PEOPLE for link, _ in bag.links)
        ):
            # "what's the neighbour's cat called": someone's title is their name.
            return q(Intent.ENTITY, "entity-name", attribute=None, attributes=())
        return q(Intent.ENTITY, "entity", attribute=attribute)
    counted = [link for link, _ in bag.links if link.best.kind is EntityKind.WORK]
    if unlinked and counted and QuestionWord.HOW_MANY in bag.questions:
        # "how many episodes does <another series> have": that work's own count.
        return q(Intent.ENTITY, "work-episodes", attribute=Attribute.COUNT, links=tuple(counted))
    if unlinked and bag.links:
        return q(Intent.DECLINE, "episode-of-what", decline=Decline.NO_SUBJECT)

    if Topic.SPECIAL in topics:
        return q(Intent.SPECIAL, "special-topic", attribute=attribute, credit=_first(bag.credits))
    if Topic.SOUNDTRACK in topics or Topic.SONG in topics:
        count = Attribute.COUNT in bag.attributes or QuestionWord.HOW_MANY in bag.questions
        return q(Intent.SOUNDTRACK, "soundtrack", attribute=Attribute.COUNT if count else None)
    if (
        Topic.CAST in topics
        or Modifier.LEAD in mods
        or attribute in (Attribute.ACTOR, Attribute.ROLE)
    ):
        return q(Intent.CAST, "cast", modifiers=tuple(m for m in mods if m is Modifier.LEAD))
    if episode_topic:
        count = Attribute.COUNT in bag.attributes or QuestionWord.HOW_MANY in bag.questions
        if count or Modifier.ALL in mods or Attribute.TITLE in bag.attributes or not bag.attributes:
            return q(Intent.EPISODES, "episodes", attribute=Attribute.COUNT if count else None)
    if Topic.CREDITS in topics:
        return q(Intent.CREDITS, "credits")
    vague_time = "a-time-slot" not in bag.entries and "a-aired" not in bag.entries
    if attribute is Attribute.TIME_SLOT and vague_time and not (topics or bag.links):
        # "what time is it" names nothing of ours.
        return q(Intent.DECLINE, "time-of-what", decline=Decline.NO_SUBJECT)
    if attribute in SERIES_ATTRIBUTES:
        return q(Intent.ABOUT, "about", attribute=attribute)
    only_when = set(bag.questions) == {QuestionWord.WHEN} and not (bag.attributes or bag.links)
    if only_when and topics <= {Topic.SERIES}:
        return q(Intent.ABOUT, "when-series", attribute=Attribute.AIRED)
    if Topic.SERIES in topics and not bag.attributes and QuestionWord.WHEN in bag.questions:
        return q(Intent.ABOUT, "when-series", attribute=Attribute.AIRED)
    if Topic.SERIES in topics and not bag.attributes:
        return q(Intent.ABOUT, "about-series")
    return q(Intent.DECLINE, "no-rule", decline=Decline.NOTHING_ASKED, attribute=attribute)


# Declines that may be one hop through an actor (``_chain``).
_CHAINS = frozenset({"actor-role-chain", "film-chain", "several-people"})


def _same_word(typed: str, known: str) -> bool:
    """Whether ``known`` is another form of ``typed``: one begins with the other.

    >>> [_same_word("longer", "long"), _same_word("take", "takes"), _same_word("move", "movie")]
    [True, True, False]
    """
    return known.startswith(typed) or typed.startswith(known)


def _chain(question: Question) -> Question | None:
    """ "Which actress played both Ann's roommate and Ann", "the actress who played Ann:
    which role in the film", "what role does the actress from the film play in the
    drama": the actor who played every role named (in the works named) is the answer,
    with all they played. Only roles, works and the series may be named, only an actor
    or a role asked, and nothing left unexplained."""
    kinds = {link.best.kind for link in question.links}
    asked = set(question.attributes) | ({question.attribute} - {None})
    if question.unexplained or not asked <= {Attribute.ACTOR, Attribute.ROLE}:
        return None
    if not kinds & {EntityKind.CHARACTER, EntityKind.WORK}:
        return None
    if not kinds <= {EntityKind.CHARACTER, EntityKind.WORK, EntityKind.SERIES}:
        return None
    links = tuple(link for link in question.links if link.best.kind is not EntityKind.SERIES)
    return replace(question, intent=Intent.CHAIN, rule="actor-chain", links=links, decline=None)


def _named_after(bag: _Bag, n: int) -> bool:
    return any(m == n + 1 for _, m in bag.links)


def episode_topic_only(bag: _Bag) -> bool:
    """Nothing but episodes asked about ("全部で何話")."""
    return set(bag.topics) == {Topic.EPISODE} and not bag.attributes


def _first(items: list[str]) -> str | None:
    return items[0] if items else None


def _beside(n: int, at: list[int]) -> bool:
    """Whether the number at segment ``n`` is one or two segments from a topic word."""
    return any(0 < abs(n - m) <= 2 for m in at)


def _number_slot(bag: _Bag) -> Number | None:
    """A number that counts: next to an episode or track word, else a plain one.

    A number word that is also a stop word ("one") counts only beside such a
    word; digits that are part of a date do not count at all.
    """
    if not bag.numbers:
        return None  # most questions give none
    dated = {n for _, n in bag.months} | {n for p, n in bag.parts if p is not DatePart.YEAR}
    dated |= {n for pair in bag.slashed for n in pair}  # "11/15" is a day, not episode 11
    numbers = [
        (num, n, soft) for num, n, soft in bag.numbers if not any(abs(n - m) == 1 for m in dated)
    ]
    numbers.sort(key=lambda item: item[2])  # digits before number words that are stop words too
    for number, n, _soft in numbers:
        if _beside(n, bag.topic_at):
            return number
    for number, _n, soft in numbers:
        if not soft:
            return number
    return None


def _date_slot(bag: _Bag) -> Date | None:
    """1 November, November 1st, 11月1日: with a year if one is given."""
    if not bag.numbers:
        return None  # every form below has a day's number
    numbers: dict[int, int] = {n: v for num, n, _ in bag.numbers if (v := num.value) is not None}
    year = next((v for v in numbers.values() if 1900 <= v <= 2100), None)
    for month, n in bag.months:
        for m in (n + 1, n - 1, n + 2, n - 2):
            day = numbers.get(m)
            if day is not None and 1 <= day <= 31:
                return Date(month, day, year)
    ordered = sorted(numbers.items())
    for (a, y), (b, m), (c, d) in zip(ordered, ordered[1:], ordered[2:], strict=False):
        if b == a + 1 and c == b + 1 and 1900 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31:
            return Date(m, d, y)  # 2005-11-15
        if b == a + 1 and c == b + 1 and 1900 <= d <= 2100 and 1 <= m <= 12 and 1 <= y <= 31:
            return Date(m, y, d)  # 29/11/2005
    for a, b in bag.slashed:
        # Month first as Japanese and American dates write it; 15/11 only one way.
        mm, dd = numbers.get(a, 0), numbers.get(b, 0)
        if 1 <= mm <= 12 and 1 <= dd <= 31:
            return Date(mm, dd, year)
        if 1 <= dd <= 12 and 13 <= mm <= 31:
            return Date(dd, mm, year)
    months = [n for part, n in bag.parts if part is DatePart.MONTH]
    days = [n for part, n in bag.parts if part is DatePart.DAY]
    if months and days:
        mm, dd = numbers.get(months[0] - 1, 0), numbers.get(days[0] - 1, 0)
        if 1 <= mm <= 12 and 1 <= dd <= 31:
            return Date(mm, dd, year)
    return None


def _joined(words: list[tuple[str, int]]) -> tuple[str, ...]:
    """Unexplained words as the asker wrote them: neighbouring characters of a
    script written without spaces make one word again (「担」「当」 → 「担当」).

    >>> _joined([("担", 3), ("当", 4), ("x", 6)])
    ('担当', 'x')
    """
    out: list[tuple[str, int]] = []
    for word, n in words:
        if out and out[-1][1] == n - 1 and not word.isascii() and not out[-1][0].isascii():
            word = out.pop()[0] + word
        out.append((word, n))
    return tuple(w for w, _ in out)
