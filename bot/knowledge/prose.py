"""The knowledge's own words, as a translator sees them: its prose and its short-list terms.

A knowledge file is written in English; its translations live in a gettext
catalog beside it, one per language and named after the file::

    knowledge/one-litre-of-tears.yaml
    knowledge/locale/ja/LC_MESSAGES/one-litre-of-tears.po

Each ``msgid`` is an English text exactly as YAML reads it from the file, each
``msgstr`` its translation, and an extracted comment (``#.``) says where the
text sits and whether it is a spoiler, so a translator keeps a spoiling
sentence out of a field that is never masked.

Two kinds of text are collected:

prose
    The sentences a reader is shown: descriptions, plot points, details,
    notes, what is unknown and why, the values other sources give for a prose
    field, and the sources' titles. Which fields are prose is said once, in
    :data:`PROSE` (and ``note``, which any sourced fact may carry).
terms
    Words from the file's short lists (jobs, track versions, the uses of
    songs, places, time slots, organisations). Words any series uses are
    translated in the package's own ``knowledge.po``; a word only this
    series uses (a production committee, the use of one song) is translated
    beside the file.

``python -m bot.knowledge.prose FILE`` writes the template (``.pot``) of a
knowledge file; ``pybabel update`` merges it into the catalog
(docs/translating.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from bot.knowledge import models as m

# The fields whose text is prose, per model (a subclass inherits its parents' fields).
PROSE: dict[type[BaseModel], tuple[str, ...]] = {
    m.Source: ("title", "description"),
    m.PageStats: ("note",),
    m.Sourced: ("note",),
    m.Disagreement: ("note",),
    m.Unknown: ("note",),
    m.Relation: ("note",),
    m.Detail: ("text",),
    m.Facet: ("value",),
    m.PlotPoint: ("text",),
    m.Person: ("description", "cause_of_death"),
    m.Character: ("description",),
    m.Series: ("synopsis",),
    m.Episode: ("runtime_note",),
    m.Special: ("setting", "description"),
    m.Work: ("description",),
    m.Reception: ("description",),
    m.TitleSequence: ("description",),
    m.Location: ("used_for",),
}

# Short-list words that answers pass through ``bot.i18n.term``.
TERMS: dict[type[BaseModel], tuple[str, ...]] = {
    m.Series: ("country", "type", "broadcaster", "time_slot"),
    m.Credit: ("job", "organisations"),
    m.Ratings: ("region",),
    m.Rating: ("region",),
    m.ChartRun: ("chart",),
    m.Promotion: ("broadcaster",),
    m.Track: ("version",),
    m.Song: ("use",),
    m.Special: ("broadcaster", "time_slot", "length"),
    m.Casting: ("role",),
    m.Reception: ("name", "category", "edition", "organiser"),
    m.Broadcast: ("region", "schedule", "delay"),
    m.HomeVideo: ("format", "extras"),
    m.Release: ("ordinal", "format"),
    m.Screening: ("what",),
    m.Person: ("birthplace",),
}


@dataclass(frozen=True)
class Text:
    """One text of the knowledge: where it is, whether it spoils, prose or a term."""

    text: str
    where: str
    spoiler: bool = False
    term: bool = False


def _fields(table: dict[type[BaseModel], tuple[str, ...]], model: BaseModel) -> list[str]:
    return [f for kind, names in table.items() if isinstance(model, kind) for f in names]


def texts(k: m.Knowledge) -> Iterator[Text]:
    """Every prose text and term of ``k``, in file order (repeats included).

    >>> from bot.knowledge import loader
    >>> first = next(texts(loader.load()))
    >>> first.where, first.term
    ('sources[0].title', False)
    """
    yield from _walk(k, "")


def _walk(
    node: object, where: str, spoiler: bool = False, owner: BaseModel | None = None
) -> Iterator[Text]:
    if isinstance(node, tuple):
        for i, item in enumerate(node):
            yield from _walk(item, f"{where}[{i}]", spoiler, owner)
        return
    if not isinstance(node, BaseModel):
        return
    spoiler = spoiler or bool(getattr(node, "spoiler", False))
    prose = set(_fields(PROSE, node))
    terms = set(_fields(TERMS, node))
    if isinstance(node, m.Disagreement) and owner is not None and is_prose(owner, node.field):
        prose.add("value")  # another source's wording of a prose field is prose too
    for name in type(node).model_fields:
        value = getattr(node, name)
        here = f"{where}.{name}" if where else name
        if isinstance(value, str) and (name in prose or name in terms):
            yield Text(value, here, spoiler, term=name not in prose)
        elif name in terms and isinstance(value, tuple):
            for i, word in enumerate(value):
                if isinstance(word, str):
                    yield Text(word, f"{here}[{i}]", spoiler, term=True)
        else:
            yield from _walk(value, here, spoiler, node)


def is_prose(model: BaseModel, field: str) -> bool:
    """Whether ``field`` of ``model`` is prose (so another source's value for it is too).

    >>> detail = m.Detail(text="x", sources=("s",))
    >>> rating = m.Rating(value=1, sources=("s",))
    >>> is_prose(detail, "text"), is_prose(rating, "value")
    (True, False)
    """
    return field in _fields(PROSE, model)


def catalog_path(knowledge_path: Path, lang: str) -> Path:
    """Where the catalog of ``lang`` for a knowledge file lives: beside the file.

    >>> catalog_path(Path("knowledge/one.yaml"), "ja").as_posix()
    'knowledge/locale/ja/LC_MESSAGES/one.po'
    """
    from bot import i18n  # one rule for where catalogs are, the one the bot reads them by

    return Path(i18n.knowledge_catalog(str(knowledge_path), i18n.Lang(lang)))


def template(k: m.Knowledge, known_terms: frozenset[str] = frozenset()) -> bytes:
    """The .pot of ``k``: each text once, its places as extracted comments.

    Terms in ``known_terms`` (the package's own translations of words any
    series uses) are left out: they need no translation here.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    places: dict[str, list[Text]] = {}
    for t in texts(k):
        if t.term and t.text in known_terms:
            continue
        places.setdefault(t.text, []).append(t)
    catalog = Catalog(project="Namida knowledge", version=str(m.SCHEMA_VERSION))
    for text, where in places.items():
        notes = [w.where + (" (spoiler)" if w.spoiler else "") for w in where[:4]]
        if len(where) > 4:
            notes.append(f"... and {len(where) - 4} more")
        catalog.add(text, auto_comments=notes)
    out = _Buffer()
    write_po(out, catalog, width=100, omit_header=False)
    return out.getvalue()


class _Buffer:
    """What ``write_po`` writes to, kept as bytes."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        self._parts.append(data)

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


def main(argv: list[str] | None = None) -> int:
    """Write the template of a knowledge file's catalog (the standard output by default)."""
    parser = argparse.ArgumentParser(
        prog="python -m bot.knowledge.prose",
        description="Write the gettext template (.pot) of a knowledge file's prose and terms.",
    )
    parser.add_argument("knowledge", type=Path, help="the knowledge file (.yaml)")
    parser.add_argument("-o", "--output", type=Path, help="the .pot to write (default: stdout)")
    args = parser.parse_args(argv)

    from bot import i18n
    from bot.knowledge import loader

    try:
        k = loader.load(args.knowledge)
    except loader.KnowledgeError as exc:
        print(exc, file=sys.stderr)
        return 1
    pot = template(k, i18n.generic_terms())
    if args.output is None:
        sys.stdout.buffer.write(pot)
    else:
        args.output.write_bytes(pot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
