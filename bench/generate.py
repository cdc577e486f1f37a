"""Synthetic knowledge bases of any size, in the real knowledge format.

The names look like the real ones: romaji family and given names made of
Japanese syllables (with long vowels written ō/ū, as Hepburn does), a kanji or
kana form, fans' aliases (the given name alone, "Asou"-style spellings, "X's
mother"), English episode titles with a Japanese title beside them, and romaji
track titles with versions ("(Piano Version)"). Family names repeat the way
real ones do (a few are very common), so some words are shared by thousands
of entries, which is what makes a name index slow.

The output is YAML text that goes through the real loader (``loader.parse``),
so every schema rule holds: episodes air within the run, ids and numbers are
unique, every reference (sources, people, songs) exists.

    text, truth = generate.knowledge_yaml(10_000, seed=1)
    knowledge = loader.parse(text, "synthetic-10000.yaml")
    queries = generate.typo_queries(truth, 200, seed=2)
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

# Syllables as (romaji, hiragana); long vowels are made from these below.
_SYLLABLES: tuple[tuple[str, str], ...] = (
    ("a", "あ"), ("i", "い"), ("u", "う"), ("e", "え"), ("o", "お"),
    ("ka", "か"), ("ki", "き"), ("ku", "く"), ("ke", "け"), ("ko", "こ"),
    ("sa", "さ"), ("shi", "し"), ("su", "す"), ("se", "せ"), ("so", "そ"),
    ("ta", "た"), ("chi", "ち"), ("tsu", "つ"), ("te", "て"), ("to", "と"),
    ("na", "な"), ("ni", "に"), ("nu", "ぬ"), ("ne", "ね"), ("no", "の"),
    ("ha", "は"), ("hi", "ひ"), ("fu", "ふ"), ("he", "へ"), ("ho", "ほ"),
    ("ma", "ま"), ("mi", "み"), ("mu", "む"), ("me", "め"), ("mo", "も"),
    ("ya", "や"), ("yu", "ゆ"), ("yo", "よ"),
    ("ra", "ら"), ("ri", "り"), ("ru", "る"), ("re", "れ"), ("ro", "ろ"), ("wa", "わ"),
    ("ga", "が"), ("gi", "ぎ"), ("gu", "ぐ"), ("ge", "げ"), ("go", "ご"),
    ("za", "ざ"), ("ji", "じ"), ("zu", "ず"), ("ze", "ぜ"), ("zo", "ぞ"),
    ("da", "だ"), ("de", "で"), ("do", "ど"),
    ("ba", "ば"), ("bi", "び"), ("bu", "ぶ"), ("be", "べ"), ("bo", "ぼ"),
    ("kyo", "きょ"), ("ryo", "りょ"), ("sho", "しょ"), ("ju", "じゅ"), ("chu", "ちゅ"),
)  # fmt: skip
_MACRON = {"o": "ō", "u": "ū"}
# Kanji seen in names; readings are not matched to them (nobody checks).
_NAME_KANJI = (
    "田中山川木村本井上下原藤佐野高橋小林松島大石岡森池内麻生遥斗亜也美智子恵理香真由奈"
    "加瑞弘樹潮湖宏祐二芳文圭輔明日嶋沢尻錦戸亮薬師丸陣孝則成海璃杏依直人健一出早織勝洋"
    "西浅岡安部江頭留横貸聡村正典益北南東春夏秋冬花雪月星空海音光千代"
)
_KANA_OFFSET = 0x60  # hiragana + 0x60 = katakana
_TITLE_WORDS = (
    "the", "a", "my", "your", "our", "of", "to", "in", "for", "with", "and", "without", "when",
    "where", "why", "who", "first", "last", "light", "tears", "snow", "rain", "winter", "spring",
    "summer", "autumn", "morning", "night", "day", "days", "years", "heart", "hearts", "hand",
    "hands", "voice", "letter", "letters", "diary", "promise", "dream", "dreams", "hope", "place",
    "road", "station", "school", "classroom", "hospital", "river", "sky", "sea", "star", "stars",
    "wind", "friend", "friends", "family", "mother", "father", "sister", "brother", "doctor",
    "teacher", "love", "life", "time", "moment", "moments", "goodbye", "beginning", "end",
    "youth", "smile", "smiles", "tomorrow", "today", "yesterday", "secret", "secrets", "truth",
    "lie", "lies", "courage", "strength", "silence", "song", "songs", "walk", "walking",
    "running", "steps", "step", "distance", "faraway", "near", "alone", "together", "again",
    "still", "forever", "never", "always", "once", "more", "little", "small", "big", "quiet",
    "gentle", "cold", "warm", "heavy", "bright", "dark", "lost", "found", "broken", "kept",
    "given", "taken", "shared", "hidden", "falling", "rising", "glances", "solitude", "notebook",
    "illness", "choice", "chose", "choose", "live", "living", "lived",
)  # fmt: skip
_TRACK_PARTICLES = ("no", "wo", "ni", "ga", "wa", "to", "he", "de")
_TRACK_SUFFIXES = (" -Main Theme-", " -Sub Theme-", " -Ai no Theme-", " (Reprise)")
_VERSIONS = ("piano", "cello", "guitar", "strings", "acoustic", "orchestra")
_RELATIVES = ("mother", "father", "sister", "brother", "friend", "doctor", "teacher")

Kind = Literal["person", "track"]


@dataclass(frozen=True)
class Target:
    """An entity a query should find: its engine key and the name typed."""

    kind: Kind
    key: str  # "person:<id>", "character:<id>" or "track:<n>"
    name: str
    template: str  # how a fan asks about it in free text ("who played {}?")


@dataclass
class Truth:
    """What the generator made, to build queries whose right answer is known."""

    size: int
    counts: dict[str, int] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)


@dataclass(frozen=True)
class Query:
    target: Target
    text: str  # the name with one typo
    typo: str  # deletion, transposition or substitution


def knowledge_yaml(size: int, seed: int = 1) -> tuple[str, Truth]:
    """A knowledge file with about ``size`` entities (people, roles, episodes, tracks, songs)."""
    data, truth = knowledge_dict(size, seed)
    return to_yaml(data), truth


def split(size: int) -> dict[str, int]:
    """How many of each kind: episodes and tracks are capped at the format's 10,000."""
    episodes = max(3, min(size // 10, 10_000))
    tracks = max(3, min(size // 10, 10_000))
    songs = max(2, size // 50)
    rest = max(4, size - episodes - tracks - songs)
    people = rest * 55 // 100
    return {
        "people": people,
        "characters": rest - people,
        "episodes": episodes,
        "tracks": tracks,
        "songs": songs,
    }


def knowledge_dict(size: int, seed: int = 1) -> tuple[dict[str, Any], Truth]:
    rng = random.Random(seed)
    counts = split(size)
    truth = Truth(size=size, counts=counts)
    names = _Names(rng, counts["people"] + counts["characters"])
    src = ["synthetic-a", "synthetic-b", "synthetic-c"]

    def cite() -> list[str]:
        return rng.sample(src, rng.randint(1, 2))

    people: list[dict[str, Any]] = []
    for i in range(counts["people"]):
        family, given = names.full()
        name = f"{family.romaji} {given.romaji}"
        aliases = []
        if family.long_form != family.romaji or given.long_form != given.romaji:
            aliases.append(f"{family.long_form} {given.long_form}")  # "Asou Haruto"
        if rng.random() < 0.3:
            aliases.append(f"{given.romaji} {family.romaji}")
        person: dict[str, Any] = {
            "id": f"p{i}-{family.plain}-{given.plain}",
            "name": name,
            "native": family.kanji + given.kanji,
            "sources": cite(),
        }
        if aliases:
            person["aliases"] = aliases
        people.append(person)
        key = f"person:{person['id']}"
        truth.targets.append(Target("person", key, name, "which role did {} play?"))

    characters: list[dict[str, Any]] = []
    for i in range(counts["characters"]):
        family, given = names.full()
        name = f"{family.romaji} {given.romaji}"
        aliases = [given.romaji, given.kanji]
        if rng.random() < 0.3:
            aliases.append(given.kana)
        if rng.random() < 0.2:
            aliases.append(f"{given.romaji}'s {rng.choice(_RELATIVES)}")
        character = {
            "id": f"c{i}-{family.plain}-{given.plain}",
            "name": name,
            "native": family.kanji + given.kanji,
            "aliases": aliases,
            "played_by": people[rng.randrange(len(people))]["id"],
            "description": f"A character called {name}.",
            "billing": rng.choice(("lead", "main", "main", "supporting", "guest", "guest")),
            "appears_in": ["synthetic-tears"],
            "sources": cite(),
        }
        characters.append(character)
        key = f"character:{character['id']}"
        truth.targets.append(Target("person", key, name, "who played {}?"))

    first = dt.date(2000, 1, 3)
    episodes: list[dict[str, Any]] = []
    seen_titles: set[str] = set()
    for n in range(1, counts["episodes"] + 1):
        title = _unique(seen_titles, lambda: _episode_title(rng))
        episode: dict[str, Any] = {
            "number": n,
            "title": title,
            "native_title": _native_phrase(rng),
            "aired": first + dt.timedelta(days=n - 1),
            "sources": cite(),
        }
        if rng.random() < 0.3:
            episode["rating"] = {"value": round(rng.uniform(5, 30), 1), "sources": cite()}
        episodes.append(episode)

    songs: list[dict[str, Any]] = []
    for i in range(counts["songs"]):
        title = _unique(seen_titles, lambda: _track_title(rng))
        songs.append(
            {
                "id": f"song-{i}",
                "title": title,
                "native_title": _native_phrase(rng),
                "artist": f"{names.full()[0].romaji} Band",
                "use": rng.choice(("theme song", "insert song", "ending theme")),
                "sources": cite(),
            }
        )

    tracks: list[dict[str, Any]] = []
    for n in range(1, counts["tracks"] + 1):
        track: dict[str, Any]
        if songs and rng.random() < 0.1:
            song = rng.choice(songs)
            version = rng.choice(_VERSIONS)
            title = f"{song['title']} ({version.title()} Version)"
            if title in seen_titles:
                title = f"{song['title']} ({version.title()} Version {n})"
            seen_titles.add(title)
            track = {"number": n, "title": title, "version": version, "song": song["id"]}
        else:
            title = _unique(seen_titles, lambda: _track_title(rng))
            track = {"number": n, "title": title}
            if rng.random() < 0.2:
                track["aliases"] = [title.split(" -")[0].lower()]
        tracks.append(track)
        truth.targets.append(Target("track", f"track:{n}", title, "which track is called {}?"))

    last = first + dt.timedelta(days=counts["episodes"] - 1)
    data: dict[str, Any] = {
        "schema_version": 2,
        "sources": [
            {"id": s, "title": f"Synthetic source {s}", "url": f"https://example.org/{s}"}
            for s in src
        ],
        "series": {
            "id": "synthetic-tears",
            "title": "Synthetic Tears",
            "native_title": "合成の涙",
            "alternative_titles": ["Gousei no Namida"],
            "country": "Japan",
            "year": first.year,
            "type": "Series",
            "first_aired": first,
            "last_aired": last,
            "episode_count": counts["episodes"],
            "broadcaster": "Example TV",
            "synopsis": "A generated series for benchmarks.",
            "sources": src,
        },
        "credits": [
            {"job": "Director", "people": [people[0]["id"]], "sources": src[:1]},
            {"job": "Music", "people": [people[1]["id"]], "sources": src[:1]},
        ],
        "people": people,
        "characters": characters,
        "episodes": episodes,
        "ratings": {"measured_by": "Example Research", "region": "Kanto"},
        "songs": songs,
        "soundtrack": {
            "title": "Synthetic Tears Original Soundtrack",
            "composer": people[1]["id"],
            "track_count": counts["tracks"],
            "tracks": tracks,
            "sources": src[:1],
        },
    }
    return data, truth


def typo_queries(truth: Truth, count: int, seed: int = 2, kind: Kind | None = None) -> list[Query]:
    """``count`` names with one typo each (deletion, transposition, substitution)."""
    rng = random.Random(seed)
    pool = [t for t in truth.targets if kind is None or t.kind == kind]
    out: list[Query] = []
    kinds = ("deletion", "transposition", "substitution")
    while len(out) < count and pool:
        target = rng.choice(pool)
        typo = kinds[len(out) % len(kinds)]
        text = misspell(target.name, typo, rng)
        if text != target.name:
            out.append(Query(target, text, typo))
    return out


def prefixes(truth: Truth, count: int, seed: int = 3, kind: Kind | None = None) -> list[str]:
    """Partial inputs as typed into autocomplete: a prefix of a random name."""
    rng = random.Random(seed)
    pool = [t for t in truth.targets if kind is None or t.kind == kind]
    out = []
    for _ in range(count):
        name = rng.choice(pool).name
        out.append(name[: rng.randint(1, len(name))])
    return out


_NEAR_KEYS = {
    c: near
    for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    for i, c in enumerate(row)
    for near in [row[max(i - 1, 0) : i] + row[i + 1 : i + 2]]
}


def misspell(name: str, typo: str, rng: random.Random) -> str:
    """One edit inside a word of four letters or more (not its first letter)."""
    words = name.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long_words:
        return name
    i = rng.choice(long_words)
    word = words[i]
    at = rng.randrange(1, len(word) - 1)
    if typo == "deletion":
        word = word[:at] + word[at + 1 :]
    elif typo == "transposition":
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    else:
        old = word[at].lower()
        near = _NEAR_KEYS.get(old) or "aeiou"
        word = word[:at] + rng.choice([c for c in near if c != old] or ["x"]) + word[at + 1 :]
    words[i] = word
    return " ".join(words)


# Names


@dataclass(frozen=True)
class _Name:
    romaji: str  # with macrons: "Asō"
    plain: str  # ascii for ids: "aso"
    long_form: str  # long vowels spelled out, as fans type them: "Asou"
    kana: str
    kanji: str


class _Names:
    """Family names drawn with a skew (some are very common), full names never repeat."""

    def __init__(self, rng: random.Random, count: int) -> None:
        self.rng = rng
        self.families = _pool(rng, max(50, count // 15), (2, 4))
        self.givens = _pool(rng, max(80, count // 6), (2, 3))
        # Zipf-like weights: the i-th most common name is 1/(i+1) as frequent.
        self.family_weights = [1.0 / (i + 1) ** 0.8 for i in range(len(self.families))]
        self.seen: set[tuple[str, str]] = set()

    def full(self) -> tuple[_Name, _Name]:
        while True:
            family = self.rng.choices(self.families, self.family_weights)[0]
            given = self.rng.choice(self.givens)
            if (family.plain, given.plain) not in self.seen:
                self.seen.add((family.plain, given.plain))
                return family, given


def _pool(rng: random.Random, count: int, syllables: tuple[int, int]) -> list[_Name]:
    out: dict[str, _Name] = {}
    while len(out) < count:
        name = _word(rng, rng.randint(*syllables))
        out.setdefault(name.plain, name)
    return list(out.values())


def _word(rng: random.Random, length: int) -> _Name:
    romaji, plain, kana = "", "", ""
    for i in range(length):
        r, k = rng.choice(_SYLLABLES)
        if i == 0 and len(r) == 1 and length > 1 and rng.random() < 0.5:
            r, k = rng.choice(_SYLLABLES[5:])
        long = r[-1] in _MACRON and rng.random() < 0.15
        romaji += r[:-1] + _MACRON[r[-1]] if long else r
        plain += r
        kana += k + ("う" if long else "")
        if rng.random() < 0.06 and i < length - 1:
            romaji, plain, kana = romaji + "n", plain + "n", kana + "ん"
    kanji = "".join(rng.choice(_NAME_KANJI) for _ in range(max(1, (length + 1) // 2)))
    if rng.random() < 0.3:
        kana = "".join(chr(ord(c) + _KANA_OFFSET) for c in kana)  # katakana
    spelled = romaji.replace("ō", "ou").replace("ū", "uu")
    return _Name(romaji.capitalize(), plain, spelled.capitalize(), kana, kanji)


def _episode_title(rng: random.Random) -> str:
    words = rng.sample(_TITLE_WORDS, rng.randint(3, 7))
    return " ".join(words).capitalize()


def _track_title(rng: random.Random) -> str:
    parts = [_word(rng, rng.randint(2, 4)).romaji]
    for _ in range(rng.randint(1, 2)):
        parts += [rng.choice(_TRACK_PARTICLES), _word(rng, rng.randint(2, 4)).romaji]
    title = " ".join(parts)
    if rng.random() < 0.1:
        title += rng.choice(_TRACK_SUFFIXES)
    return title


def _native_phrase(rng: random.Random) -> str:
    return (
        _word(rng, rng.randint(3, 6)).kana
        + rng.choice(("の", "と", "に", ""))
        + "".join(rng.choice(_NAME_KANJI) for _ in range(rng.randint(1, 3)))
    )


def _unique(seen: set[str], make: Any) -> str:
    for _ in range(1000):
        text: str = make()
        if text not in seen:
            seen.add(text)
            return text
    raise RuntimeError("could not make a unique title")


# YAML


def to_yaml(data: dict[str, Any]) -> str:
    """Block-style sections, one flow mapping per list item (fast to write and to read)."""
    return "".join(_yaml_lines(data))


def _yaml_lines(data: dict[str, Any]) -> Iterator[str]:
    yield "# Generated by bench/generate.py: synthetic names, not facts.\n"
    for key, value in data.items():
        if isinstance(value, list):
            yield f"{key}:\n"
            for item in value:
                yield f"  - {_flow(item)}\n"
        elif isinstance(value, dict):
            yield f"{key}:\n"
            for inner, inner_value in value.items():
                if isinstance(inner_value, list) and all(isinstance(v, dict) for v in inner_value):
                    yield f"  {inner}:\n"
                    for item in inner_value:
                        yield f"    - {_flow(item)}\n"
                else:
                    yield f"  {inner}: {_flow(inner_value)}\n"
        else:
            yield f"{key}: {_flow(value)}\n"


def _flow(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()  # a YAML date, as in the real file
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)
