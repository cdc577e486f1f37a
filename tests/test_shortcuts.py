"""The engine's shortcuts for speed change no answer.

Each shortcut skips work whose result it can tell in advance; these tests run
the work anyway, over every input the benchmark sends, and compare.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # `bench` lives beside `bot`, at the repository root
    sys.path.insert(0, str(REPO))

from bench.engine_bench import load_questions, suggest_partials  # noqa: E402
from bot.engine.engine import Engine  # noqa: E402
from bot.engine.lexicon import Topic  # noqa: E402
from bot.knowledge import loader  # noqa: E402


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(loader.load())


def test_a_number_is_looked_for_only_where_one_can_be_read(engine: Engine) -> None:
    """Autocomplete reads each partial title as a possible episode number; the
    reader skips the reading when no word could give one, and must find the same."""
    partials = suggest_partials(engine.knowledge)
    texts = list(dict.fromkeys([p for kind in partials.values() for p in kind]))
    texts += [q for _, q in load_questions()]
    # Misspellings the reader corrects into words of numbers and episodes.
    texts += ["eigth episode", "the lsat one", "episdoe eight", "wehn does Aya fall", "fisrt ep"]
    # Japanese: each character is a word, and the phrases are found in a row.
    texts += ["最終回", "第八話", "いつ放送された", "何話", "さいしゅうかい", "だいはちわ", "初回"]
    skipped = 0
    for text in texts:
        for topic in (Topic.EPISODE, Topic.TRACK):
            assert engine.reader.number(text, topic) == engine.reader._read_number(text, topic), (
                text,
                topic,
            )
        skipped += not engine.reader._may_number(text)
    # Most partial names hold no number: the shortcut is taken, not only safe.
    assert skipped > len(texts) / 2
    assert not engine.reader._may_number("Faraway, to a place where there are no tear")
    assert engine.reader._may_number("the last episode")
