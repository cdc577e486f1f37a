"""Whatever the engine says, the rendered embed fits Discord's limits.

Property tests over arbitrary input run through the engine and the one
Answer → Embed renderer every command uses.
"""

from __future__ import annotations

import discord
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.discord_app.embeds import render
from bot.engine.answers import Answer, Fact, SourceRef, Status
from bot.engine.engine import Engine

ENGINE = Engine.from_path()
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_within_limits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= 256
    assert len(embed.description or "") <= 4096
    assert len(embed.fields) <= 25
    for field in embed.fields:
        assert 1 <= len(field.name or "") <= 256
        assert 1 <= len(field.value or "") <= 1024
    assert len(embed.footer.text or "") <= 2048
    assert len(embed) <= 6000
    # Never a ping: nothing mention-shaped survives unescaped.
    text = str(embed.to_dict())
    assert "@everyone" not in text.replace("@\u200beveryone", "")
    assert "@here" not in text.replace("@\u200bhere", "")


@FAST
@given(text=st.text(max_size=3000) | st.sampled_from(["@everyone", "@here", "<@1>", "**x**"]))
def test_every_engine_answer_renders_within_limits(text: str) -> None:
    for answer in (ENGINE.ask(text), ENGINE.episode(text), ENGINE.track(text), ENGINE.cast(text)):
        assert_within_limits(render(answer))


big = st.text(min_size=1, max_size=5000)


@FAST
@given(
    title=big,
    lines=st.lists(big, max_size=40),
    facts=st.lists(st.tuples(big, big), max_size=40),
    alternatives=st.lists(big, max_size=10),
    suggestions=st.lists(big, max_size=3),
    status=st.sampled_from(list(Status)),
)
def test_huge_answers_are_clipped(
    title: str,
    lines: list[str],
    facts: list[tuple[str, str]],
    alternatives: list[str],
    suggestions: list[str],
    status: Status,
) -> None:
    answer = Answer(
        status=status,
        kind="unknown",
        title=title,
        lines=tuple(lines),
        facts=tuple(Fact(name=n, value=v) for n, v in facts),
        sources=tuple(
            SourceRef(id=f"s{i}", title=t, url="https://example.com/" + t[:50])
            for i, t in enumerate(lines[:10])
        ),
        alternatives=tuple(alternatives),
        suggestions=tuple(suggestions),
        hint=title,
    )
    assert_within_limits(render(answer))


def test_listings_fit() -> None:
    for answer in (ENGINE.soundtrack(), ENGINE.cast(), ENGINE.episodes(), ENGINE.about()):
        assert_within_limits(render(answer))
