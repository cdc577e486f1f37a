"""The languages Namida answers in, and the message catalogs that hold their words.

English is written in the code and is the fallback; every other language has
two gettext catalogs under ``bot/i18n/locale/<lang>/LC_MESSAGES/``, read with
Babel when first needed (no compile step, so a fresh clone and an installed
wheel behave the same): ``namida.po``, the messages the code marks, and
``knowledge.po``, the words any series' short lists use (jobs, places). A
knowledge file's own prose and words are in a catalog beside it
(:func:`prose`, :func:`bind_knowledge`). docs/translating.md explains how to
edit them.

The language is a context, as a locale is in gettext: a front-end picks it for
one answer (``with using(Lang.JA): ...``) and everything rendered inside, the
engine's answers included, comes out in it. A context variable carries it, so
concurrent answers on the event loop never see each other's language, and the
engine needs no new parameter on any function.

>>> with using(Lang.JA):
...     _("Did you mean {guesses}?").format(guesses="8")
'もしかして 8 ですか？'
>>> _("Did you mean {guesses}?").format(guesses="8")
'Did you mean 8?'
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import gettext
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

DOMAIN = "namida"  # the messages in the code
KNOWLEDGE = "knowledge"  # the knowledge file's own words


class Lang(StrEnum):
    """A language Namida answers in (its value is the catalog's directory name)."""

    EN = "en"
    JA = "ja"

    @property
    def babel_locale(self) -> str:
        """The CLDR locale for dates and lists (British English: the project's spelling)."""
        return "en_GB" if self is Lang.EN else self.value

    @property
    def native_first(self) -> bool:
        """Names in the original script before the romaji (Japanese readers)."""
        return self is Lang.JA


_current: contextvars.ContextVar[Lang] = contextvars.ContextVar("namida_lang", default=Lang.EN)


def current() -> Lang:
    """The language of the answer being made."""
    return _current.get()


@contextlib.contextmanager
def using(lang: Lang) -> Iterator[Lang]:
    """Make everything rendered inside the block speak ``lang``."""
    token = _current.set(lang)
    try:
        yield lang
    finally:
        _current.reset(token)


def parse(code: str | None) -> Lang:
    """A language tag ("ja", "ja-JP", "ja_JP.UTF-8", "en-US", None) → the Lang to answer in.

    Only the primary subtag counts; anything we have no catalog for is English.

    >>> parse("ja_JP.UTF-8"), parse("en-GB"), parse("fr"), parse(None)
    (<Lang.JA: 'ja'>, <Lang.EN: 'en'>, <Lang.EN: 'en'>, <Lang.EN: 'en'>)
    """
    primary = (code or "").strip().replace("_", "-").split("-")[0].split(".")[0].casefold()
    return Lang(primary) if primary in Lang._value2member_map_ else Lang.EN


def from_environment(environ: Mapping[str, str] | None = None) -> Lang:
    """The language the environment asks for, read in gettext's order.

    LANGUAGE, LC_ALL, LC_MESSAGES, LANG: the first one set decides (LANGUAGE
    may list several, "ja:en"; its first entry counts).

    >>> from_environment({"LANG": "ja_JP.UTF-8"}), from_environment({"LC_ALL": "C", "LANG": "ja"})
    (<Lang.JA: 'ja'>, <Lang.EN: 'en'>)
    """
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            return parse(value.split(":")[0])
    return Lang.EN


@functools.cache
def translations(lang: Lang, domain: str = DOMAIN) -> gettext.NullTranslations:
    """A catalog of ``lang``, compiled in memory from its .po file once per process.

    Fuzzy (unreviewed) entries are left out, as msgfmt leaves them out: the
    English text shows until a translator confirms them.
    """
    if lang is Lang.EN:
        return gettext.NullTranslations()
    # Babel is imported where it is first needed: English answers without a
    # date never load it, and `namida check` starts faster for it.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalog_path(lang, domain).open("rb") as po:
        catalog = read_po(po, locale=lang.value, domain=domain)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def catalog_path(lang: Lang, domain: str = DOMAIN) -> Traversable:
    """Where a .po file of ``lang`` lives inside the package."""
    # Imported here: an answer in English never reads a catalog, and importing
    # importlib.resources (and tempfile through it) would cost every start.
    from importlib import resources

    return resources.files(__name__) / "locale" / lang.value / "LC_MESSAGES" / f"{domain}.po"


def _(message: str) -> str:
    """``message`` in the current language (gettext's usual name)."""
    lang = _current.get()
    if lang is Lang.EN:
        return message  # the messages are English: no catalog to look in (a card asks ~20)
    return translations(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the number ``n`` (Japanese has one form for all)."""
    return translations(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same word elsewhere."""
    return translations(current()).pgettext(context, message)


def term(word: str) -> str:
    """A word from the knowledge file's own short lists (a job, a version, a song's use).

    The catalog beside the knowledge file translates the words only its
    series uses, the package's "knowledge" catalog the words any series uses
    (jobs, instruments, places); a word neither lists (a proper name, a new
    job) shows as the file writes it.
    """
    lang = current()
    if lang is Lang.EN:
        return word
    found = _from_knowledge(lang, word)
    return translations(lang, KNOWLEDGE).gettext(word) if found is None else found


def prose(text: str) -> str:
    """A text of the knowledge file (a description, a plot point, a note) in the current language.

    The catalog beside the knowledge file holds its translation
    (:func:`bind_knowledge`); where it has none the English stays.
    """
    lang = current()
    if lang is Lang.EN:
        return text
    found = _from_knowledge(lang, text)
    return text if found is None else found


# The knowledge files loaded in this process, newest first, each with the size and
# time of its catalogs when bound: a reload binds again, and a catalog edited since
# is read afresh. As gettext's bindtextdomain, binding is global to the process;
# msgids are the English texts themselves, so two files never read each other's
# translations wrongly (the same sentence is translated the same way).
_bound: dict[str, tuple[tuple[int, int], ...]] = {}


def bind_knowledge(path: os.PathLike[str] | str) -> None:
    """Translate the texts of the knowledge file at ``path`` with the catalogs beside it.

    Only the file's name is recorded (and its catalogs' size and time): a
    catalog is read the first time an answer in its language needs it, so an
    English answer never reads one.
    """
    global _bound
    key = os.path.abspath(path)
    stamps = tuple(_stamp(knowledge_catalog(key, lang)) for lang in Lang)
    # A new dict, swapped in whole: a reload binds from a worker thread while answers
    # read the old one on the event loop.
    _bound = {**{k: v for k, v in _bound.items() if k != key}, key: stamps}


def _stamp(path: str) -> tuple[int, int]:
    try:
        stat = os.stat(path)
    except OSError:
        return (-1, -1)  # no catalog: English
    return (stat.st_size, stat.st_mtime_ns)


def knowledge_catalog(knowledge: str, lang: Lang) -> str:
    """Where the catalog of ``lang`` for the knowledge file ``knowledge`` is: beside it.

    >>> knowledge_catalog(os.path.join("knowledge", "one.yaml"), Lang.JA).split(os.sep)
    ['knowledge', 'locale', 'ja', 'LC_MESSAGES', 'one.po']
    """
    folder, name = os.path.split(knowledge)
    stem = os.path.splitext(name)[0]
    return os.path.join(folder, "locale", lang.value, "LC_MESSAGES", f"{stem}.po")


def _from_knowledge(lang: Lang, text: str) -> str | None:
    for knowledge, stamps in reversed(tuple(_bound.items())):
        found = _series_messages(knowledge, lang, stamps).get(text)
        if found is not None:
            return found
    return None


@functools.lru_cache(maxsize=32)
def _series_messages(
    knowledge: str, lang: Lang, stamps: tuple[tuple[int, int], ...]
) -> Mapping[str, str]:
    """The reviewed translations of one knowledge file's catalog (none when it is missing)."""
    from babel.messages.pofile import read_po

    path = knowledge_catalog(knowledge, lang)
    try:
        with open(path, "rb") as po:
            catalog = read_po(po, locale=lang.value)
    except OSError:
        return {}  # no catalog: English
    except (ValueError, SyntaxError) as exc:  # not UTF-8, or not a .po file Babel can read
        # A broken translation must not break an answer: the English shows, and the
        # log says why (the catalog tests say so too, before it ships).
        import logging  # only here: importing it costs every start a few milliseconds

        logging.getLogger(__name__).warning("cannot read %s, answering in English: %s", path, exc)
        return {}
    return {
        m.id: m.string
        for m in catalog
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string and not m.fuzzy
    }


def generic_terms(lang: Lang = Lang.JA) -> frozenset[str]:
    """The words the package's own "knowledge" catalog translates (any series' words)."""
    from babel.messages.pofile import read_po

    with catalog_path(lang, KNOWLEDGE).open("rb") as po:
        catalog = read_po(po, locale=lang.value)
    return frozenset(m.id for m in catalog if isinstance(m.id, str) and m.id and m.string)


def N_(message: str) -> str:
    """Mark a message for the catalog without translating it yet (translate at use)."""
    return message


def translate_in(lang: Lang, message: str) -> str:
    """``message`` in ``lang``, whatever the current language (for Discord's sync)."""
    return translations(lang).gettext(message)


def day(value: dt.date) -> str:
    """A full date: "Tuesday 11 October 2005", "2005年10月11日（火）".

    The pattern (Unicode's date pattern syntax) is itself a message, so each
    catalog writes dates its own way; Babel supplies the month and day names.
    """
    return _format_date(value, _("EEEE d MMMM y"), current().babel_locale)


def short_day(value: dt.date) -> str:
    """A compact date for lists: "04 Oct 2005", "2005年10月4日"."""
    return _format_date(value, _("dd MMM y"), current().babel_locale)


def and_list(items: Iterable[str]) -> str:
    """Items joined as the language joins them: "a, b and c"; "a、b、c" (CLDR's patterns)."""
    return _format_list(tuple(items), current().babel_locale)


# Babel reads its locale data and parses the pattern on every call; the same
# few dates and lists come up again and again, so each is formatted once.
@functools.lru_cache(maxsize=1024)
def _format_date(value: dt.date, pattern: str, locale: str) -> str:
    from babel.dates import format_date

    return format_date(value, pattern, locale=locale)


@functools.lru_cache(maxsize=1024)
def _format_list(items: tuple[str, ...], locale: str) -> str:
    from babel.lists import format_list

    return format_list(list(items), style="standard", locale=locale)


def month_day(month: int, day_of_month: int) -> str:
    """A day of a year not given: "1 November", "11月1日" (CLDR's skeleton "MMMMd")."""
    from babel.dates import format_skeleton

    sample = dt.date(2000, month, day_of_month)  # a leap year: 29 February exists
    return format_skeleton("MMMMd", sample, locale=current().babel_locale)
