"""The runnable examples in the docstrings stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "bot.output",
    "bot.engine.text",
    "bot.engine.lexicon",
    "bot.engine.linker",
    "bot.engine.reverse",
    "bot.engine.intro",
    "bot.knowledge.location",
    "bot.knowledge.models",
    "bot.knowledge.prose",
    "bot.knowledge.summary",
    "bot.discord_app.embeds",
    "bot.misses",
    "bot.settings",
    "bot.store",
    "bot.store.api",
    "bot.store.cli",
    "bot.store.postgres",
    "bot.store.rows",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
