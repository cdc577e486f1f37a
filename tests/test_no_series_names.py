"""The code names nothing of the series: its names and titles live in the knowledge files.

Every name, title, native spelling and reading the shipped knowledge file
holds, and the series' own lexicon words (its illness), is looked for in
every ``.py`` and ``.po`` file under ``bot/``, comments, docstrings and
translations included. The list is read from the knowledge, so a name added
there is guarded at once; a hand-made list would fall behind.

Some of what the knowledge holds is not a name, so a rule decides what is
looked for (each clause is one function below):

- A term made only of words any drama's fans use is a description, not a name:
  "theme song", "the special", "March 9" (a song's alias), 特別編. The general
  lexicon (``knowledge/lexicon.yaml``: its words and stop words) and numbers
  are those words; a term with one word outside them ("Aya's mother",
  "1 litre of tears") is the series' own.
- Latin script is matched as whole words, case-insensitively, and only at
  three letters or more: the artist "K" or a two-letter name is inside all
  sorts of ordinary text ("k thanks", the variable ``k``), while "Aya" is not.
  A name with macrons is looked for without them too ("Kitō" and "Kito").
- Japanese script has no spaces between words, so a native spelling is
  matched anywhere, at two characters or more with a kanji among them, and
  at three or more in kana alone: one kanji (a one-character stage name) or
  two kana (the name まり, inside 始まり) are parts of countless ordinary words.

The package's ``knowledge.po`` is scanned too: it holds only words any
series uses (jobs, places). A series' own words and prose, in every language,
sit in the catalog beside its knowledge file
(``knowledge/locale/<lang>/LC_MESSAGES/<file>.po``), outside ``bot/``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from bot.engine import lexicon
from bot.knowledge import loader
from bot.knowledge.models import Knowledge

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge" / "one-litre-of-tears.yaml"
SCANNED = (".py", ".po")
_WORD = re.compile(r"[^\W_]+")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_KANJI = re.compile(r"[\u3400-\u9fff]")


def knowledge_terms(k: Knowledge) -> Iterator[str]:
    """Every name, title, native spelling, reading and alias in the knowledge."""
    s = k.series
    yield from (s.title, s.native_title, s.reading, *s.alternative_titles, *s.related_shows)
    for who in (*k.characters, *k.people):
        yield from (who.name, who.native, who.reading, *who.aliases)
    for ep in k.episodes:
        yield from (ep.title, ep.native_title, *ep.aliases)
    for sp in k.specials:
        yield from (sp.title, sp.native_title, sp.reading, sp.working_title, *sp.aliases)
    for work in k.works:
        yield from (work.title, work.native_title, work.reading, *work.aliases)
    for song in k.songs:
        yield from (song.title, song.native_title, *song.aliases)
        # "Oda Kazumasa (小田和正)": the artist's two spellings are two names.
        yield from re.split(r"\s*[()]\s*", song.artist)
    if k.soundtrack:
        yield from (k.soundtrack.title, k.soundtrack.native_title)
        for track in k.soundtrack.tracks:
            yield from (track.title, *track.aliases)


def series_words(own: lexicon.Lexicon) -> Iterator[str]:
    """The series' own lexicon words (its illness's name), which are its alone."""
    for entry in own.entries:
        yield from (*entry.en, *entry.ja)


def general_vocabulary(general: lexicon.Lexicon) -> tuple[set[str], set[str]]:
    """Words any drama's fans use: English words, and Japanese phrases as written."""
    english = {w.casefold() for w in general.stop_en}
    japanese = set(general.stop_ja)
    for entry in general.entries:
        for phrase in entry.en:
            english.update(w for w in _WORD.findall(phrase.casefold()))
        japanese.update(entry.ja)
    return english, japanese


def is_japanese(term: str) -> bool:
    return bool(_JAPANESE.search(term))


def is_description(term: str, english: set[str], japanese: set[str]) -> bool:
    """Made only of words any drama's fans use ("theme song", "2007 special", 特別編)."""
    if is_japanese(term):
        return term in japanese
    return all(w in english or w.isdigit() for w in _WORD.findall(term.casefold()))


def without_marks(text: str) -> str:
    """ "Kitō" → "Kito": the spelling without macrons a comment might use."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def pattern(term: str) -> re.Pattern[str] | None:
    """How to find ``term`` in the code, or None when it is too short to tell apart."""
    if is_japanese(term):
        shortest = 2 if _KANJI.search(term) else 3
        return re.compile(re.escape(term)) if len(term) >= shortest else None
    if sum(c.isalpha() for c in term) < 3:
        return None
    spellings = sorted({term, without_marks(term)}, key=len, reverse=True)
    words = "|".join(r"\s+".join(map(re.escape, s.split())) for s in spellings)
    return re.compile(rf"(?<![^\W_])(?:{words})(?![^\W_])", re.IGNORECASE)


def looked_for(
    terms: Iterable[str | None], english: set[str], japanese: set[str]
) -> dict[str, re.Pattern[str]]:
    """The patterns of the terms that are names, by term."""
    found: dict[str, re.Pattern[str]] = {}
    for term in {t.strip() for t in terms if t and t.strip()}:
        if is_description(term, english, japanese):
            continue
        compiled = pattern(term)
        if compiled is not None:
            found[term] = compiled
    return found


GENERAL = lexicon.load_file(lexicon.default_path())
ENGLISH, JAPANESE = general_vocabulary(GENERAL)
NAMES = looked_for(
    [
        *knowledge_terms(loader.load(KNOWLEDGE)),
        *series_words(lexicon.load_file(lexicon.series_path(KNOWLEDGE))),
    ],
    ENGLISH,
    JAPANESE,
)


def code_files() -> list[Path]:
    return sorted(p for p in (REPO / "bot").rglob("*") if p.suffix in SCANNED and p.is_file())


def test_bot_names_nothing_of_the_series() -> None:
    found = []
    for path in code_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for term, compiled in NAMES.items():
                if compiled.search(line):
                    found.append(f"{path.relative_to(REPO)}:{number}: {term!r}: {line.strip()}")
    assert not found, "the series' names belong in the knowledge files:\n" + "\n".join(found)


def test_the_scan_covers_the_code_and_the_catalogs() -> None:
    # Guards the test itself: an empty list of files or names would pass anything.
    names = {p.name for p in code_files()}
    assert {"engine.py", "help.py", "cli.py", "namida.po", "knowledge.po"} <= names
    assert len(NAMES) > 200


@pytest.mark.parametrize(
    "term",
    [
        "Haruto",  # a role's given name
        "Nishikido Ryo",  # an actor
        "錦戸亮",  # a native spelling
        "One Litre of Tears",  # the series' title
        "1 litre of tears",  # an episode's title, in lower case
        "Remioromen",  # an artist
        "Konayuki",  # a song
        "Kitō Aya",  # the diarist, also found as "Kito Aya"
        "Aya's mother",  # a description with a name in it
        "spinocerebellar degeneration",  # the series' own lexicon word
    ],
)
def test_the_series_names_are_looked_for(term: str) -> None:
    assert term in NAMES


@pytest.mark.parametrize(
    ("term", "why"),
    [
        ("K", "one letter: inside ordinary text"),
        ("Miyoshi Ai", "looked for whole, never its two-letter word alone"),
        ("theme song", "only words any drama's fans use"),
        ("the special", "only words any drama's fans use"),
        ("March 9", "a month and a number"),
        ("特別編", "the general lexicon's word for a special"),
        ("葵", "one kanji"),
        ("まり", "two kana"),
    ],
)
def test_what_is_not_a_name_is_not_looked_for(term: str, why: str) -> None:
    assert term not in NAMES or term == "Miyoshi Ai", why
    if term == "Miyoshi Ai":
        assert not NAMES[term].search("ai no theme") and NAMES[term].search("miyoshi  ai")


def test_the_rule_finds_names_in_code_and_text() -> None:
    spotted = looked_for(["Kitō Aya", "麻生遥斗", "K"], ENGLISH, JAPANESE)
    assert spotted["Kitō Aya"].search('"""As Kito Aya wrote."""')
    assert spotted["Kitō Aya"].search("# kitō aya's diary")
    assert not spotted["Kitō Aya"].search("kitō ayako")  # a longer word is another name
    assert spotted["麻生遥斗"].search('msgstr "麻生遥斗を演じたのは"')
    assert "K" not in spotted
