"""The fast ways in: libyaml for clean files, and the validated cache for large ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.knowledge import cache, loader
from bot.knowledge.models import Knowledge


@pytest.fixture
def cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cache, "MIN_BYTES", 0)  # the shipped file stands in for a large one
    return tmp_path / "xdg" / "namida"


def shipped_text() -> str:
    return loader.default_path().read_text(encoding="utf-8")


def test_fast_and_careful_paths_agree_on_the_shipped_file() -> None:
    text = shipped_text()
    fast = loader._parse_fast(text)
    assert fast is not None, "the shipped file should take the fast path"
    assert fast == loader._parse_careful(text, "shipped")


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


def test_a_large_file_is_read_once_then_from_the_cache(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "k.yaml"
    file.write_text(shipped_text(), encoding="utf-8")
    first = loader.load(file)
    assert len(list(cache_dir.glob("knowledge-*.json"))) == 1

    def must_not_parse(text: str, name: str = "") -> Knowledge:
        raise AssertionError("parsed again although the cache holds this file")

    monkeypatch.setattr(loader, "parse", must_not_parse)
    assert loader.load(file) == first


def test_an_edited_file_is_never_answered_from_the_old_entry(
    cache_dir: Path, tmp_path: Path
) -> None:
    file = tmp_path / "k.yaml"
    text = shipped_text()
    file.write_text(text, encoding="utf-8")
    loader.load(file)
    file.write_text(text.replace("country: Japan", "country: Japan (edited)", 1), encoding="utf-8")
    assert loader.load(file).series.country == "Japan (edited)"
    assert len(list(cache_dir.glob("knowledge-*.json"))) == 2


def test_a_broken_entry_falls_back_to_the_file(cache_dir: Path, tmp_path: Path) -> None:
    file = tmp_path / "k.yaml"
    file.write_text(shipped_text(), encoding="utf-8")
    expected = loader.load(file)
    (entry,) = cache_dir.glob("knowledge-*.json")
    entry.write_text('{"truncated": ', encoding="utf-8")
    assert loader.load(file) == expected


def test_a_broken_file_is_never_cached(cache_dir: Path, tmp_path: Path) -> None:
    file = tmp_path / "k.yaml"
    file.write_text(shipped_text().replace("country: Japan", "country: [", 1), encoding="utf-8")
    with pytest.raises(loader.KnowledgeError):
        loader.load(file)
    assert not cache_dir.exists() or not list(cache_dir.glob("knowledge-*.json"))


def test_an_unwritable_cache_only_costs_speed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    assert loader.load(loader.default_path()).series.title


def test_small_files_leave_nothing_behind(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    loader.load(loader.default_path())
    assert not (tmp_path / "xdg").exists()
