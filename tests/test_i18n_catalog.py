"""The message catalogs: complete, not stale, placeholders intact, no sentence pieced together.

A missing or stale translation fails here rather than showing English (or
nothing) to a user. Messages are found the way ``pybabel extract`` finds them
(babel.cfg), so this test and the translator's tooling agree on what exists.
"""

from __future__ import annotations

import ast
import datetime as dt
import doctest
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

import bot.i18n
from bot.engine import lexicon
from bot.i18n import DOMAIN, KNOWLEDGE, Lang, catalog_path, using
from bot.knowledge import loader, prose

REPO = Path(__file__).resolve().parents[1]
# The keywords babel.cfg's users pass: gettext's own, plus discord.py's locale_str.
KEYWORDS = {**DEFAULT_KEYWORDS, "locale_str": None}
TRANSLATED = [lang for lang in Lang if lang is not Lang.EN]
Key = tuple[str | None, str]


def _key(message: Message) -> Key:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return (message.context, msgid)


def code_messages() -> dict[Key, Any]:
    """Every message the code marks, by (context, msgid), with its plural if any."""
    found: dict[Key, Any] = {}
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(REPO / "bot"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        found[(context, msgid)] = message
    return found


def catalog(lang: Lang, domain: str = DOMAIN) -> Catalog:
    with catalog_path(lang, domain).open("rb") as po:
        return read_po(po, locale=lang.value)


def entries(lang: Lang, domain: str = DOMAIN) -> Iterator[Message]:
    yield from (m for m in catalog(lang, domain) if m.id)


def fields(text: str) -> set[str]:
    """The named placeholders of a str.format template ("{number}" → {"number"})."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_code_marks_messages() -> None:
    # Guards the extraction itself: an empty result would make every check below pass.
    messages = code_messages()
    assert len(messages) > 150
    assert (None, "Did you mean {guesses}?") in messages
    assert (None, "One episode: title, air date, rating") in messages  # a locale_str


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_in_the_code_is_translated(lang: Lang) -> None:
    translated = {_key(m): m for m in entries(lang)}
    missing = [key for key in code_messages() if key not in translated]
    assert not missing, f"no {lang} translation for: {missing}"
    empty = [_key(m) for m in entries(lang) if not m.string or not all(m.string)]
    assert not empty, f"empty {lang} translations: {empty}"
    fuzzy = [_key(m) for m in entries(lang) if m.fuzzy]
    assert not fuzzy, f"unreviewed (fuzzy) {lang} translations: {fuzzy}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_translation_is_used(lang: Lang) -> None:
    used = code_messages()
    stale = [_key(m) for m in entries(lang) if m.context != KNOWLEDGE and _key(m) not in used]
    assert not stale, f"{lang} translations nothing in the code uses: {stale}"
    obsolete = list(catalog(lang).obsolete)
    assert not obsolete, f"obsolete (#~) {lang} entries left in the file: {obsolete}"


@pytest.mark.parametrize("domain", [DOMAIN, KNOWLEDGE])
@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_match(lang: Lang, domain: str) -> None:
    wrong = []
    for m in entries(lang, domain):
        if isinstance(m.id, str):
            assert isinstance(m.string, str)
            if fields(m.string) != fields(m.id):
                wrong.append((m.id, m.string))
            continue
        # Plural forms: each translated form uses only the names the English forms give.
        offered = fields(m.id[0]) | fields(m.id[1])
        wrong += [(m.id[0], form) for form in m.string if not fields(form) <= offered]
    assert not wrong, f"placeholders differ in {lang}: {wrong}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_format_with_their_placeholders(lang: Lang) -> None:
    # A stray brace in a translation would raise at the moment a user asks.
    for m in entries(lang):
        forms = [m.string] if isinstance(m.string, str) else list(m.string)
        originals = [m.id] if isinstance(m.id, str) else list(m.id)
        values = {name: 1.0 for text in originals for name in fields(text)}  # any format spec
        for form in forms:
            form.format(**values)


# The package's words for any series (knowledge.po): checked against the shipped file.
# A series' own words and prose are checked beside its file (test_knowledge_catalog.py).


def knowledge_strings() -> set[str]:
    """Every string of the shipped knowledge file."""
    out: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            out.add(node)

    walk(yaml.safe_load(loader.default_path().read_text(encoding="utf-8")))
    return out


@pytest.mark.parametrize("lang", TRANSLATED)
def test_knowledge_words_are_translated_and_exist(lang: Lang) -> None:
    terms = {m.id for m in entries(lang, KNOWLEDGE) if m.string and not m.fuzzy}
    series = prose.catalog_path(loader.default_path(), lang.value)
    with series.open("rb") as po:
        own = {m.id for m in read_po(po, locale=lang.value) if m.id and m.string}
    vocabulary = {t.text for t in prose.texts(loader.load()) if t.term}
    missing = vocabulary - terms - own
    assert not missing, f"knowledge words with no {lang} translation: {missing}"
    stale = terms - knowledge_strings()
    assert not stale, f"{lang} knowledge words the shipped file does not use: {stale}"
    assert not terms & own, "a word is translated in the package or beside the file, not both"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_series_examples_are_translated(lang: Lang) -> None:
    """The examples its replies and /help show come in the language (the series' lexicon)."""
    found = lexicon.load(loader.default_path()).examples
    english, local = found.local(Lang.EN), found.local(lang)
    for name in ("help", "ask", "person", "track", "episode"):
        if getattr(english, name):
            assert getattr(local, name) != getattr(english, name), name
    for command, call in english.commands.items():
        if " " in call and not call.split(" ", 1)[1].isdigit():
            assert local.commands[command] != call, command


# No sentence built from translated pieces


_GETTEXT_CALLS = {"_", "gettext", "ngettext", "pgettext", "npgettext", "term"}


def _is_translated(node: ast.AST) -> bool:
    """A gettext call, or ``.format`` on one."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id in _GETTEXT_CALLS:
            return True
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return _is_translated(func.value)
    return False


def concatenations(tree: ast.AST) -> Iterator[ast.AST]:
    """``_(a) + b``, ``a + _(b)`` and f-strings with a translated piece inside."""
    for node in ast.walk(tree):
        added = isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)
        if added and (_is_translated(node.left) or _is_translated(node.right)):
            yield node
        if isinstance(node, ast.JoinedStr):
            for part in node.values:
                if isinstance(part, ast.FormattedValue) and _is_translated(part.value):
                    yield node


def test_the_checker_sees_concatenation() -> None:
    bad = 'x = _("Sources: ") + names\ny = f"{_(\'Aired\')} on {day}"\n'
    good = 'x = _("Sources: {names}").format(names=names)\n'
    assert len(list(concatenations(ast.parse(bad)))) == 2
    assert not list(concatenations(ast.parse(good)))


def test_no_sentence_is_pieced_together_from_translations() -> None:
    found = []
    for path in sorted((REPO / "bot").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(REPO)}:{n.lineno}" for n in concatenations(tree)]
    assert not found, f"translated pieces joined into a sentence at: {found}"


# The catalog at work


def test_module_examples() -> None:
    result = doctest.testmod(bot.i18n)
    assert result.attempted > 0 and result.failed == 0


def test_japanese_dates_are_written_the_japanese_way() -> None:
    with using(Lang.JA):
        assert bot.i18n.day(dt.date(2005, 10, 11)) == "2005年10月11日（火）"
        assert bot.i18n.short_day(dt.date(2005, 10, 4)) == "2005年10月4日"
    assert bot.i18n.day(dt.date(2005, 10, 11)) == "Tuesday 11 October 2005"


def test_fuzzy_entries_never_reach_a_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    po = tmp_path / "locale" / "ja" / "LC_MESSAGES" / "namida.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr "Language: ja\\n"\n\n'
        '#, fuzzy\nmsgid "How to ask"\nmsgstr "ちがう訳"\n\n'
        'msgid "Which track?"\nmsgstr "どの曲ですか？"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(bot.i18n, "catalog_path", lambda lang, domain: po)
    bot.i18n.translations.cache_clear()
    try:
        with using(Lang.JA):
            assert bot.i18n._("How to ask") == "How to ask"  # unreviewed: the English shows
            assert bot.i18n._("Which track?") == "どの曲ですか？"
    finally:
        bot.i18n.translations.cache_clear()


def test_the_language_is_per_context() -> None:
    with using(Lang.JA):
        assert bot.i18n.current() is Lang.JA
        with using(Lang.EN):
            assert bot.i18n._("How to ask") == "How to ask"
        assert bot.i18n._("How to ask") == "質問のしかた"
    assert bot.i18n.current() is Lang.EN
