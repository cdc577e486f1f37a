"""An entity's card is made once per engine and language, and never goes stale."""

from __future__ import annotations

from bot.engine.engine import Engine
from bot.i18n import Lang, using
from bot.knowledge import loader


def test_a_card_is_made_once_whatever_finds_the_entity() -> None:
    engine = Engine(loader.load())
    first = engine.episode("8")
    assert engine.episode("8") is first
    assert engine.episode(" 8 ") is first  # other words, same episode: the same card
    assert engine.track("1") is engine.track("1")
    person = engine.person("Haruto")
    assert engine.person("haruto") is person
    assert engine.ask("who played Haruto?").title == person.title


def test_cards_are_per_language_and_per_engine() -> None:
    knowledge = loader.load()
    engine = Engine(knowledge)
    english = engine.episode("8")
    with using(Lang.JA):
        japanese = engine.episode("8")
        assert engine.episode("8") is japanese
    assert japanese is not english
    assert japanese.facts != english.facts  # dates and field names in Japanese
    assert engine.episode("8") is english
    # A reload builds a new engine: its cards are its own.
    reloaded = Engine(knowledge)
    assert reloaded.episode("8") is not english
    assert reloaded.episode("8") == english
