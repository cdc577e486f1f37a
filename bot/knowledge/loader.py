"""Read a knowledge file into a validated Knowledge, or explain every problem in it.

A person editing the YAML by hand should never see a traceback: each problem is
reported as ``file:line: path: what was expected``, all of them at once.
Finding the file, and the cache that spares reading it again, are in
:mod:`bot.knowledge.files` (importable without YAML).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from pydantic import ValidationError

# What moved to bot.knowledge.files is still found here, as it always was.
from bot.knowledge.files import DEFAULT_FILENAME as DEFAULT_FILENAME
from bot.knowledge.files import KnowledgeError as KnowledgeError
from bot.knowledge.files import Problem as Problem
from bot.knowledge.files import default_path as default_path
from bot.knowledge.files import load as load
from bot.knowledge.models import (
    Character,
    Episode,
    InconsistentKnowledge,
    Knowledge,
    Loc,
    Model,
    Person,
    Song,
    format_loc,
)


class _SafeLoader(yaml.SafeLoader):
    """SafeLoader whose unreadable scalars (month 13, ``!!int abc``) report their line.

    Aliases (``*name``) are refused: a hand-kept fact file has no use for them,
    and they are how a small file becomes a cycle or a billion nested copies.
    """

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in a knowledge file", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {node.value!r}: {exc}", node.start_mark
            ) from None


# libyaml's loader, where PyYAML was built with it (both paths below use it).
_CLoader: type[Any] | None = getattr(yaml, "CSafeLoader", None)


def _read_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree and its Python value.

    libyaml's parser, where installed, builds the tree ten times faster than
    the pure-Python one. Anything it does not read cleanly (a syntax error, an
    alias, a second document) is read again by ``_SafeLoader``, whose messages
    and marks the error reports are written against.
    """
    root: yaml.Node | None = None
    if _CLoader is not None:
        try:
            root = yaml.compose(text, Loader=_CLoader)
        except yaml.YAMLError:
            root = None
        else:
            if root is not None and _has_alias(root):
                root = None
    loader = _SafeLoader(text if root is None else "")
    try:
        if root is None:
            root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return root, data


def _has_alias(root: yaml.Node) -> bool:
    """Whether a node is reached twice: libyaml composes ``*name`` as a shared node."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return False


def parse(text: str, name: str = "<text>") -> Knowledge:
    """Validate knowledge given as YAML text; ``name`` is used in messages.

    A file that loads cleanly takes the fast path (libyaml's parser); anything
    it refuses is read again the careful way, which finds every problem's line.
    """
    knowledge = _parse_fast(text)
    if knowledge is not None:
        return knowledge
    return _parse_careful(text, name)


class _Refused(Exception):
    """The fast path met something only the careful path reports well."""


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map"))
# Scalars the fast path makes with the safe loader's own constructors; any other
# tag (binary, a set, an application tag) goes the careful way.
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")
)


# The long sections of a file, validated entry by entry as the fast path reads
# them, so that the file's dicts never all live beside the models they become
# (100,000 entities: about 100 MB less at the peak). Knowledge's validator takes
# the finished models as they are. A list shorter than _PIECEWISE_FROM is left
# to Knowledge's validator alone: a small file builds no other validator.
_ENTRIES: dict[Any, type[Model]] = {
    "people": Person,
    "characters": Character,
    "episodes": Episode,
    "songs": Song,
}
_PIECEWISE_FROM = 512


def _parse_fast(text: str) -> Knowledge | None:
    """The validated knowledge, or None if anything at all is off (the careful path explains).

    The document is built straight from libyaml's events, never as a node
    tree: the tree of a 100,000-entity file takes 620 MB (each scalar a node
    with two marks), about five times the data it becomes, and what it
    freed stayed in the process.
    """
    if _CLoader is None:
        return None
    builder = _Builder(text)
    try:
        data = builder.document()
        return Knowledge.model_validate(data) if isinstance(data, dict) else None
    except (_Refused, yaml.YAMLError, ValidationError, ValueError, TypeError, OverflowError):
        return None
    except RecursionError:  # nested too deeply: the careful path says so
        return None
    finally:
        builder.dispose()


class _Builder(_CLoader or yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's parser and the safe loader's resolver and scalar constructors, no tree.

    It keeps the careful loader's rules by refusing what that loader would
    report or read otherwise: an anchor or an alias, a duplicate or merge
    (``<<``) key, a collection as a key, more or less than one document, any
    tag the safe loader does not make a plain value of. (Without libyaml it is
    never used: the careful path reads every file.)
    """

    def document(self) -> Any:
        get = self.get_event
        get()  # the stream's start
        if not isinstance(get(), yaml.DocumentStartEvent):
            raise _Refused  # an empty stream
        data = self._value(get(), _ENTRIES)
        get()  # the document's end
        if not isinstance(get(), yaml.StreamEndEvent):
            raise _Refused  # a second document
        return data

    def _value(self, event: Any, entries: dict[Any, type[Model]] | None = None) -> Any:
        """The value that starts with ``event``; ``entries``: the models of a mapping's lists."""
        if event.anchor is not None:
            raise _Refused  # an anchor (&name), or an alias (*name) to one
        kind = type(event)
        if kind is yaml.ScalarEvent:
            return self._scalar(event)
        get, value = self.get_event, self._value
        if kind is yaml.MappingStartEvent:
            if event.tag not in (None, "!", _MAP):
                raise _Refused
            mapping: dict[Any, Any] = {}
            written: set[str] = set()  # keys as written: "1" and 1 are the same key to a reader
            while True:
                key = get()
                if type(key) is not yaml.ScalarEvent:
                    if type(key) is yaml.MappingEndEvent:
                        return mapping
                    raise _Refused  # a collection or an alias as a key
                if key.anchor is not None or key.value in written or key.value == "<<":
                    raise _Refused
                written.add(key.value)
                name = self._scalar(key)
                entry = entries.get(name) if entries else None
                mapping[name] = value(get()) if entry is None else self._entries(get(), entry)
        if kind is yaml.SequenceStartEvent:
            if event.tag not in (None, "!", _SEQ):
                raise _Refused
            items: list[Any] = []
            while type(item := get()) is not yaml.SequenceEndEvent:
                items.append(value(item))
            return items
        raise _Refused  # the end of a collection where a value should be

    def _entries(self, event: Any, model: type[Model]) -> Any:
        """A list whose entries become ``model``s as they are read, once it is long."""
        if type(event) is not yaml.SequenceStartEvent or event.anchor is not None:
            return self._value(event)
        if event.tag not in (None, "!", _SEQ):
            raise _Refused
        get, value, validate = self.get_event, self._value, model.model_validate
        items: list[Any] = []
        while type(item := get()) is not yaml.SequenceEndEvent:
            items.append(value(item))
            if len(items) >= _PIECEWISE_FROM:
                if len(items) == _PIECEWISE_FROM:
                    items = [validate(entry) for entry in items]
                else:
                    items[-1] = validate(items[-1])
        return items

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR:
            return event.value
        if tag not in _SCALAR_TAGS:
            raise _Refused
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        return self.yaml_constructors[tag](self, node)


def _parse_careful(text: str, name: str) -> Knowledge:
    """Parse with line marks kept, and report every problem at its line."""
    try:
        root, data = _read_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = " ".join(filter(None, [exc.context, exc.problem]))
        raise KnowledgeError([Problem(name, line, "(yaml)", f"not valid YAML: {reason}")]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, int(exc.position)) + 1
        reason = str(exc).split("\n", 1)[0]
        raise KnowledgeError([Problem(name, line, "(yaml)", f"not valid YAML: {reason}")]) from None
    except yaml.YAMLError as exc:
        raise KnowledgeError([Problem(name, None, "(yaml)", f"not valid YAML: {exc}")]) from None
    except RecursionError:
        reason = "nested too deeply"
        raise KnowledgeError([Problem(name, None, "(yaml)", f"not valid YAML: {reason}")]) from None

    if root is None or not isinstance(data, dict):
        raise KnowledgeError(
            [Problem(name, 1, "(document)", "expected a mapping of sections (sources, series, …)")]
        )
    problems = [Problem(name, line, path, msg) for line, path, msg in _duplicate_keys(root, ())]
    try:
        knowledge = Knowledge.model_validate(data)
    except ValidationError as exc:
        found = _flatten(exc)
        found += _cross_reference_problems(data, [loc for loc, _ in found])
        problems += [_problem(name, root, loc, msg) for loc, msg in found]
    else:
        if not problems:
            return knowledge
    unique = {(p.line, p.path, p.message): p for p in problems}
    raise KnowledgeError(sorted(unique.values(), key=lambda p: (p.line or 0, p.path)))


def _cross_reference_problems(data: dict[str, Any], broken: list[Loc]) -> list[tuple[Loc, str]]:
    """Cross-reference problems of the rest of a file that has broken entries.

    pydantic checks references only once every field is valid, so this
    validates again without the broken list items (or, for a broken field
    outside any list, without its optional section), a few rounds at most, and
    maps the reported positions back to the file as written. References to
    what was set aside are dropped; every other reference problem is kept.
    """
    removed: dict[Loc, set[int]] = {}
    dropped: set[str | int] = set()
    for _ in range(3):
        for loc in broken:
            if not _mark_removal(removed, loc) and loc and loc[0] not in _REQUIRED_SECTIONS:
                # A broken field outside any list: set its whole optional section aside.
                dropped.add(loc[0])
        kept = {key: value for key, value in data.items() if key not in dropped}
        try:
            Knowledge.model_validate(_without(kept, removed, ()))
        except ValidationError as exc:
            found = _flatten(exc)
            consistency = [(loc, msg) for loc, msg in found if not _is_field_error(exc, loc)]
            if len(consistency) == len(found):
                # A reference to an entry we took out is not the file's fault.
                taken = _taken_out(data, removed)
                return [
                    (_original_loc(loc, removed), msg)
                    for loc, msg in consistency
                    if not _refers_to(msg, taken, dropped)
                ]
            new = [_original_loc(loc, removed) for loc, _ in found]
            if all(loc in broken for loc in new):
                return []
            broken = new
        else:
            return []
    return []


_REQUIRED_SECTIONS = {name for name, f in Knowledge.model_fields.items() if f.is_required()}
_REFERENCE = re.compile(r"(?:'(?P<id>[^']*)'|episode (?P<number>\d+)) \(not in (?P<section>\w+)\)$")


def _taken_out(data: dict[str, Any], removed: dict[Loc, set[int]]) -> set[tuple[str, str]]:
    """(section, id or number) of each top-level entry set aside."""
    taken: set[tuple[str, str]] = set()
    for loc, indices in removed.items():
        section = str(loc[0])
        entries = data.get(section) if len(loc) == 1 else None
        if not isinstance(entries, list):
            continue
        for entry in (entries[i] for i in indices):
            if isinstance(entry, dict):
                names = ("id", "number", "key")  # a facet kind is named by its key
                taken |= {(section, str(entry[key])) for key in names if key in entry}
    return taken


def _refers_to(message: str, taken: set[tuple[str, str]], dropped: set[str | int]) -> bool:
    """Whether a cross-reference message is about an entry or section set aside."""
    found = _REFERENCE.search(message)
    if not found:
        return False
    ident = found["id"] or found["number"]
    sections = _SHARED_IDS.get(found["section"], (found["section"],))
    return any(s in dropped or (s, ident) in taken for s in sections)


# A work id may name the series, a special or a related work.
_SHARED_IDS = {"works": ("works", "specials", "series")}


def _is_field_error(exc: ValidationError, loc: Loc) -> bool:
    for err in exc.errors(include_url=False):
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, InconsistentKnowledge) and loc[: len(err["loc"])] == err["loc"]:
            return False
    return True


def _mark_removal(removed: dict[Loc, set[int]], loc: Loc) -> bool:
    last = max((i for i, part in enumerate(loc) if isinstance(part, int)), default=None)
    if last is None:
        return False
    removed.setdefault(loc[:last], set()).add(int(loc[last]))
    return True


def _without(value: Any, removed: dict[Loc, set[int]], loc: Loc) -> Any:
    if isinstance(value, dict):
        return {k: _without(v, removed, (*loc, k)) for k, v in value.items()}
    if isinstance(value, list):
        drop = removed.get(loc, set())
        return [_without(v, removed, (*loc, i)) for i, v in enumerate(value) if i not in drop]
    return value


def _original_loc(loc: Loc, removed: dict[Loc, set[int]]) -> Loc:
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, int):
            for gone in sorted(removed.get(tuple(out), ())):
                if gone <= part:
                    part += 1
        out.append(part)
    return tuple(out)


def _flatten(exc: ValidationError) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = []
    errors = exc.errors(include_url=False)
    for err in errors:
        loc: Loc = tuple(err["loc"])
        if err["type"] == "too_short" and _has_item_errors(loc, errors):
            continue  # short only because its entries failed: those are the problems
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, InconsistentKnowledge):
            out += [((*loc, *sub), msg) for sub, msg in cause.problems]
            continue
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden" and loc[-1:] == ("spoiler",):
            msg = "only plot points and facets take a spoiler flag; move the spoiling detail there"
        elif err["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling; allowed keys are in `namida schema`)"
        elif err["type"] != "missing" and "input" in err and not isinstance(err["input"], dict):
            msg = f"{msg} (got {_short(err['input'])})"
        out.append((loc, msg))
    return out


def _has_item_errors(loc: Loc, errors: list[Any]) -> bool:
    return any(len(e["loc"]) > len(loc) and tuple(e["loc"][: len(loc)]) == loc for e in errors)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _problem(name: str, root: yaml.Node, loc: Loc, message: str) -> Problem:
    return Problem(name, _line_of(root, loc), format_loc(loc) or "(document)", message)


def _line_of(node: yaml.Node, loc: Loc) -> int:
    """The line of the deepest node that ``loc`` reaches (a missing key: its parent)."""
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        node = child
    return int(node.start_mark.line) + 1


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value if isinstance(value, yaml.Node) else None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item = node.value[part]
        return item if isinstance(item, yaml.Node) else None
    return None


def _duplicate_keys(node: yaml.Node, loc: Loc) -> list[tuple[int, str, str]]:
    """YAML quietly keeps the last of two equal keys; a hand-edited file wants to know."""
    found: list[tuple[int, str, str]] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            key_text = str(key.value)
            if key_text in seen:
                line = int(key.start_mark.line) + 1
                found.append((line, format_loc((*loc, key_text)), "duplicate key"))
            seen.add(key_text)
            found += _duplicate_keys(value, (*loc, key_text))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            found += _duplicate_keys(item, (*loc, i))
    return found
