"""The fast ways in: libyaml for clean files, and the cache of validated knowledge and engines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import lexicon
from bot.engine.engine import Engine
from bot.knowledge import cache, loader, models
from bot.knowledge.models import Knowledge


@pytest.fixture
def cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "namida"


def shipped_text() -> str:
    return loader.default_path().read_text(encoding="utf-8")


def test_fast_and_careful_paths_agree_on_the_shipped_file() -> None:
    text = shipped_text()
    fast = loader._parse_fast(text)
    assert fast is not None, "the shipped file should take the fast path"
    assert fast == loader._parse_careful(text, "shipped")


def test_long_sections_are_validated_entry_by_entry_into_the_same_knowledge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = shipped_text()
    whole = loader._parse_fast(text)
    assert whole is not None
    validated: list[object] = []
    person = models.Person.model_validate

    def spy(obj: object) -> models.Person:
        validated.append(obj)
        return person(obj)

    monkeypatch.setattr(loader, "_PIECEWISE_FROM", 2)
    monkeypatch.setattr(loader, "_ENTRIES", {**loader._ENTRIES, "people": _Spy(spy)})
    piecewise = loader._parse_fast(text)
    assert len(validated) == len(whole.people) >= 2
    assert piecewise == whole
    assert piecewise.model_dump() == whole.model_dump()


class _Spy:
    """Stands in for a model class in the loader's table: validates through ``spy``."""

    def __init__(self, spy: object) -> None:
        self.model_validate = spy


@pytest.mark.parametrize(
    "change",
    [
        # An alias, which the careful path refuses with its line.
        lambda t: re.sub(
            r"^schema_version: (\d+)$", r"schema_version: &v \1\nx: *v", t, count=1, flags=re.M
        ),
        # A duplicate key, which plain YAML would quietly drop.
        lambda t: re.sub(r"^(schema_version: \d+)$", r"\1\n\1", t, count=1, flags=re.M),
    ],
)
def test_what_the_fast_path_cannot_explain_goes_the_careful_way(change: object) -> None:
    text = change(shipped_text())  # type: ignore[operator]
    assert text != shipped_text()
    assert loader._parse_fast(text) is None
    with pytest.raises(loader.KnowledgeError) as caught:
        loader.parse(text, "edited.yaml")
    assert all(p.line for p in caught.value.problems)


# Small documents read both ways: what the fast path builds from libyaml's events
# must be exactly what the safe loader makes of the same text.
SAME_VALUE = [
    "a: 1\nb: 0x1f\nc: 0o17\nd: 1_000\ne: -3\nf: +4\ng: 0b101\nh: 1:30\n",
    "a: 1.5\nb: .inf\nc: -.Inf\nd: 1e3\ne: 6.8523015e+5\nf: .nan\n",
    "a: true\nb: False\nc: yes\nd: off\ne: ~\nf: null\ng:\nh: ''\n",
    "a: 2005-10-11\nb: 2005-10-11 12:30:00\nc: 2001-12-14t21:59:43.10-05:00\nd: '2005-10-11'\n",
    "a: !!str 1\nb: !!int '7'\nc: !!float 2\nd: ! 12\ne: !!null ''\n",
    "1: one\n1.5: x\ntrue: t\n~: n\n2005-01-01: d\n",
    "a: [1, 'two', {b: [], c: {}}]\n'q': \"dq \\u00e9\"\nlit: |\n  x\n   y\nfold: >\n  x\n  y\n",
    "- 1\n- [a, b]\n- {k: v}\n",
    "just text",
    "{}",
    "a: 1\nA: 2\n",
    "'1': one\n1.0: two\n",
]


@pytest.mark.parametrize("text", SAME_VALUE)
def test_the_fast_path_reads_what_the_safe_loader_reads(text: str) -> None:
    builder = loader._Builder(text)
    try:
        built = builder.document()
    finally:
        builder.dispose()
    expected = yaml.load(text, Loader=loader._SafeLoader)
    assert repr(built) == repr(expected)  # repr: nan is not equal to itself


# Plain scalars that YAML 1.1 reads as something else than text, and their neighbours.
TRICKY = [
    "1", "01", "0x1f", "0o17", "0b11", "1_0", "1:30", "-1", "+1", "1.", ".5", "1e3", "1.0e+3",
    ".inf", "-.INF", ".NaN", "yes", "No", "ON", "off", "y", "n", "true", "False", "~", "null",
    "", "2005-10-11", "2005-1-1", "2005-10-11 12:30", "2005-10-11T12:30:00Z", "1986",
    "text", "two words", "ö", "名前", "'q'", '"dq"', "a: b", "- x", "[1, 2]", "{k: v}",
]  # fmt: skip


@given(
    st.recursive(
        st.sampled_from(TRICKY),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.sampled_from(TRICKY[:40]), inner, max_size=3)
        ),
        max_leaves=8,
    )
)
@settings(max_examples=300, deadline=None)
def test_any_small_document_reads_as_the_safe_loader_reads_it(shape: object) -> None:
    # Written as flow YAML with the scalars unquoted, so each is resolved as typed.
    def flow(value: object) -> str:
        if isinstance(value, list):
            return "[" + ", ".join(flow(v) for v in value) + "]"
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
        return str(value)

    text = f"doc: {flow(shape)}\n"
    try:
        expected: object = yaml.load(text, Loader=loader._SafeLoader)
    except yaml.YAMLError:
        expected = yaml.YAMLError
    builder = loader._Builder(text)
    try:
        built: object = builder.document()
    except loader._Refused:
        return  # the careful path reads it
    except yaml.YAMLError:
        built = yaml.YAMLError
    finally:
        builder.dispose()
    assert repr(built) == repr(expected)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # an alias
        "a: &x 1\n",  # an anchor alone (two equal anchors are an error)
        "&k a: 1\n",  # an anchor on a key
        "a: 1\na: 2\n",  # a duplicate key
        "'1': x\n1: y\n",  # the same key as written, read as two
        "b: 1\n<<: {a: 1}\n",  # a merge key
        "? [a, b]\n: 1\n",  # a collection as a key
        "a: !!binary aGVsbG8=\n",  # a tag that is not a plain value
        "a: !!set {x}\n",
        "a: !!omap [{x: 1}]\n",
        "a: !custom 1\n",
        "a: 1\n---\nb: 2\n",  # two documents
        "",  # none
    ],
)
def test_what_the_fast_path_refuses(text: str) -> None:
    builder = loader._Builder(text)
    try:
        with pytest.raises((loader._Refused, yaml.YAMLError)):
            builder.document()
    finally:
        builder.dispose()


def must_not_parse(text: str, name: str = "") -> Knowledge:
    raise AssertionError("parsed again although the cache holds this file")


def test_a_file_is_read_once_then_from_the_cache(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "k.yaml"
    file.write_text(shipped_text(), encoding="utf-8")
    first = loader.load(file)
    assert len(list(cache_dir.glob("knowledge-*.pickle"))) == 1
    monkeypatch.setattr(loader, "parse", must_not_parse)
    again = loader.load(file)
    assert again == first and again is not first


def test_an_edited_file_is_never_answered_from_the_old_entry(
    cache_dir: Path, tmp_path: Path
) -> None:
    file = tmp_path / "k.yaml"
    text = shipped_text()
    file.write_text(text, encoding="utf-8")
    loader.load(file)
    file.write_text(text.replace("country: Japan", "country: Japan (edited)", 1), encoding="utf-8")
    assert loader.load(file).series.country == "Japan (edited)"
    assert len(list(cache_dir.glob("knowledge-*.pickle"))) == 2


def test_other_code_never_reads_an_entry(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "k.yaml"
    file.write_text(shipped_text(), encoding="utf-8")
    loader.load(file)
    monkeypatch.setattr(cache, "_code", b"another version of the code")
    parsed = []
    real_parse = loader.parse
    monkeypatch.setattr(loader, "parse", lambda t, n="": parsed.append(n) or real_parse(t, n))
    loader.load(file)
    assert parsed == [str(file)]


@pytest.mark.parametrize("content", [b'{"truncated": ', b"", b"\x80\x05K\x01."])
def test_a_broken_entry_falls_back_to_the_file(
    cache_dir: Path, tmp_path: Path, content: bytes
) -> None:
    # Truncated, empty, and a valid pickle of the wrong thing (the number 1).
    file = tmp_path / "k.yaml"
    file.write_text(shipped_text(), encoding="utf-8")
    expected = loader.load(file)
    (entry,) = cache_dir.glob("knowledge-*.pickle")
    entry.write_bytes(content)
    assert loader.load(file) == expected


@pytest.mark.parametrize("where", ["entry", "directory"])
def test_an_entry_others_could_have_written_is_never_loaded(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    file = tmp_path / "k.yaml"
    file.write_text(shipped_text(), encoding="utf-8")
    loader.load(file)
    (entry,) = cache_dir.glob("knowledge-*.pickle")
    writable = entry if where == "entry" else cache_dir
    writable.chmod(writable.stat().st_mode | 0o022)
    parsed = []
    real_parse = loader.parse
    monkeypatch.setattr(loader, "parse", lambda t, n="": parsed.append(n) or real_parse(t, n))
    loader.load(file)
    assert parsed == [str(file)]


def test_entries_are_private_and_few(cache_dir: Path, tmp_path: Path) -> None:
    file = tmp_path / "k.yaml"
    text = shipped_text()
    for n in range(cache.KEEP + 3):
        file.write_text(text.replace("country: Japan", f"country: Japan {n}", 1), encoding="utf-8")
        loader.load(file)
    entries = list(cache_dir.glob("knowledge-*.pickle"))
    assert len(entries) == cache.KEEP
    assert {e.stat().st_mode & 0o777 for e in entries} == {0o600}
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    assert not list(cache_dir.glob("*.tmp"))


def test_a_broken_file_is_never_cached(cache_dir: Path, tmp_path: Path) -> None:
    file = tmp_path / "k.yaml"
    file.write_text(shipped_text().replace("country: Japan", "country: [", 1), encoding="utf-8")
    with pytest.raises(loader.KnowledgeError):
        loader.load(file)
    with pytest.raises(loader.KnowledgeError):
        Engine.from_path(file)
    assert not cache_dir.exists() or not list(cache_dir.iterdir())


def test_a_file_edited_while_it_is_read_is_not_stored(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "k.yaml"
    file.write_text(shipped_text(), encoding="utf-8")
    real_parse = loader.parse

    def edited_meanwhile(text: str, name: str = "") -> Knowledge:
        file.write_text(text.replace("country: Japan", "country: Japan (edited)", 1), "utf-8")
        return real_parse(text, name)

    monkeypatch.setattr(loader, "parse", edited_meanwhile)
    loader.load(file)
    assert not cache_dir.exists() or not list(cache_dir.glob("knowledge-*.pickle"))


def test_an_unwritable_cache_only_costs_speed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert loader.load(loader.default_path()).series.title
    assert Engine.from_path().ask("who wrote the diary").found


def copy_with_lexicons(directory: Path) -> Path:
    """The shipped knowledge file and both lexicons, side by side in ``directory``."""
    file = directory / loader.DEFAULT_FILENAME
    file.write_text(shipped_text(), encoding="utf-8")
    for source in lexicon.paths(loader.default_path()):
        (directory / source.name).write_bytes(source.read_bytes())
    return file


def test_an_engine_is_built_once_then_from_the_cache(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = copy_with_lexicons(tmp_path)
    built = Engine.from_path(file)
    assert len(list(cache_dir.glob("engine-*.pickle"))) == 1

    def must_not_build(*args: object) -> None:
        raise AssertionError("built again although the cache holds this engine")

    monkeypatch.setattr(Engine, "__init__", must_not_build)
    cached = Engine.from_path(file)
    assert cached is not built
    for question in ["who played the lead?", "episode 8", "/track 22", "who wrote the diary"]:
        assert cached.ask(question) == built.ask(question)
    assert cached.suggest("person", "ay") == built.suggest("person", "ay")
    assert cached.episode("finale") == built.episode("finale")


@pytest.mark.parametrize("which", ["general", "series"])
def test_an_edited_lexicon_builds_a_new_engine(cache_dir: Path, tmp_path: Path, which: str) -> None:
    file = copy_with_lexicons(tmp_path)
    first = Engine.from_path(file)
    general, own = lexicon.paths(file)
    assert general.parent == own.parent == tmp_path
    edited = general if which == "general" else own
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    Engine.from_path(file)
    assert len(list(cache_dir.glob("engine-*.pickle"))) == 2
    assert first.ask("who played the lead?").found


def test_an_engine_that_cannot_be_stored_is_still_answered(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if a later change kept something per process (its handlers) in what is stored.
    monkeypatch.setattr(Engine, "_PER_PROCESS", ())
    file = copy_with_lexicons(tmp_path)
    assert Engine.from_path(file).ask("who wrote the diary").found
    assert not list(cache_dir.glob("engine-*"))
