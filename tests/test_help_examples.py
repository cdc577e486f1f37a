"""The examples help and hints show come from the series' files, and each one works.

A fan copies an example to try it: every example question and command of each
series, in each language, is answered, not declined. The series' title and
its example question reach the console's banner from the same files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import console
from bot.engine import intro
from bot.engine.answers import Status
from bot.engine.engine import Engine
from bot.engine.lexicon import Examples
from bot.i18n import Lang, using

SECOND = Path(__file__).resolve().parent / "series" / "harbour-lights.yaml"
ENGINES = {"shipped": Engine.from_path(), "second": Engine.from_path(SECOND)}


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("series", sorted(ENGINES))
def test_every_example_is_answered(series: str, lang: Lang) -> None:
    engine = ENGINES[series]
    shown = engine.lexicon.examples.local(lang)
    tried = [*shown.ask, *shown.commands.values()]
    assert tried
    with using(lang):
        for example in tried:
            answer = engine.ask(example)
            assert answer.status is Status.FOUND, (example, engine.read(example).explain())


def test_japanese_examples_are_japanese_where_given_and_english_elsewhere() -> None:
    examples = ENGINES["shipped"].lexicon.examples
    assert examples.local(Lang.JA).commands["cast"] == "/cast 遥斗"
    assert examples.local(Lang.JA).commands["episode"] == examples.commands["episode"]
    second = ENGINES["second"].lexicon.examples  # no Japanese given: English throughout
    assert second.local(Lang.JA) == second.local(Lang.EN)


@pytest.mark.parametrize(
    "bad",
    [
        {"commands": {"cast": "/episode 2"}},  # an example must call its own command
        {"commands": {"Cast": "/Cast x"}},  # not a command's name
        {"translations": {"en": {"ask": ["x"]}}},  # English is the fields themselves
        {"translations": {"fr": {"ask": ["x"]}}},  # no such language
        {"translations": {"ja": {"commands": {"track": "/track 1"}}}},  # no English one
        {"translations": {"ja": {"hints": ["x"]}}},  # no such field
    ],
)
def test_examples_are_validated_strictly(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Examples.model_validate({"commands": {"cast": "/cast Kaito"}, **bad})


def test_the_banner_names_the_loaded_series_and_its_example() -> None:
    assert console.welcome(ENGINES["second"]).startswith(
        "Ask about Harbour Lights (e.g. “who played Kaito?”)."
    )
    with using(Lang.JA):
        assert console.welcome(ENGINES["second"]).startswith("『港の灯』について")
        assert "遥斗を演じたのは誰？" in console.welcome(ENGINES["shipped"])


def test_a_series_without_examples_is_introduced_without_one() -> None:
    engine = ENGINES["second"]
    bare = Engine(engine.knowledge, engine.lexicon.model_copy(update={"examples": Examples()}))
    assert intro.question(bare.lexicon.examples) is None
    assert (
        console.welcome(bare) == "Ask about Harbour Lights. Ctrl-C clears the line, Ctrl-D quits."
    )
