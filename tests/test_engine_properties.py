"""Whatever a fan types, the engine answers with a valid Answer and never raises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine.answers import Answer, Status
from bot.engine.engine import Engine

ENGINE = Engine.from_path()

# Markdown, mention and command syntax fans (or pranksters) might type.
TRICKY = st.sampled_from(
    [
        "@everyone",
        "@here",
        "<@123456789012345678>",
        "<@&1>",
        "<#1>",
        "**bold**",
        "`code`",
        "```",
        "||spoiler||",
        "> quote",
        "# heading",
        "[link](https://example.com)",
        "/episode",
        "/track ",
        "/ask /ask /ask",
        "第",
        "話",
        "ep",
        "#",
        "-",
        "\u200b",
        "\x00",
        "🙂",
        "Ａｓｏ",
        "ｱｿｳ",
        "İ",
        "ß" * 50,
    ]
)
TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=500, max_size=5000),
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(lambda n: f"episode {n}"),
    st.lists(TRICKY, max_size=6).map(" ".join),
    st.tuples(TRICKY, st.text(max_size=40)).map(lambda t: t[0] + t[1]),
)
LOOKUPS = ("episode", "track", "person", "cast", "song", "ask")
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(answer: Answer) -> None:
    assert isinstance(answer, Answer)
    assert answer.title
    assert len(answer.suggestions) <= 3
    if answer.status is Status.NOT_FOUND:
        assert answer.hint
    elif answer.kind != "help":
        assert answer.sources, answer  # every fact is traceable
    # Round-trips as JSON for the terminal front-end and for logs.
    assert Answer.model_validate_json(answer.model_dump_json()) == answer


@pytest.mark.parametrize("lookup", LOOKUPS)
@FAST
@given(text=TEXT)
def test_lookups_never_raise(lookup: str, text: str) -> None:
    check(getattr(ENGINE, lookup)(text))


@pytest.mark.parametrize("kind", ["episode", "track", "person"])
@FAST
@given(text=TEXT)
def test_suggest_never_raises_and_respects_limits(kind: str, text: str) -> None:
    choices = ENGINE.suggest(kind, text)  # type: ignore[arg-type]
    assert len(choices) <= 25
    for choice in choices:
        assert 1 <= len(choice.name) <= 100
        assert 1 <= len(choice.value) <= 100


@FAST
@given(n=st.integers())
def test_any_episode_number(n: int) -> None:
    answer = ENGINE.episode(str(n))
    assert (answer.status is Status.FOUND) == (1 <= n <= 11)


def test_listing_lookups() -> None:
    names = ("episodes", "soundtrack", "cast", "ratings", "special", "about", "credits", "help")
    for name in names:
        check(getattr(ENGINE, name)())
