"""Japanese answers fit Discord's embed limits, counted the way Discord counts.

Discord measures strings in Unicode code points: its API is written in Python 3
and uses the length of the str, as a Discord engineer states in
https://github.com/discord/discord-api-docs/issues/1315 ("Our API uses Python 3,
so the API calculates length based on the number of codepoints in the string").
So a kanji is one character and so is an emoji outside the Basic Multilingual
Plane, although JavaScript's .length (UTF-16 code units) says two.
"""

from __future__ import annotations

from collections.abc import Iterator

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.discord_app.embeds import DESCRIPTION_MAX, build_embed, render
from bot.engine.answers import Answer
from bot.engine.engine import Engine
from bot.i18n import Lang, using

ENGINE = Engine.from_path()
FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LIMITS = {"title": 256, "description": 4096, "field.name": 256, "field.value": 1024}


def discord_length(text: str) -> int:
    """Characters as Discord counts them: code points (Python's len), not UTF-16 units."""
    return len(text)


def assert_within_limits(embed: discord.Embed) -> None:
    assert discord_length(embed.title or "") <= LIMITS["title"]
    assert discord_length(embed.description or "") <= LIMITS["description"]
    assert len(embed.fields) <= 25
    total = discord_length(embed.title or "") + discord_length(embed.description or "")
    for f in embed.fields:
        assert 1 <= discord_length(f.name or "") <= LIMITS["field.name"]
        assert 1 <= discord_length(f.value or "") <= LIMITS["field.value"]
        total += discord_length(f.name or "") + discord_length(f.value or "")
    footer = embed.footer.text or ""
    assert discord_length(footer) <= 2048
    assert total + discord_length(footer) <= 6000


def every_answer() -> Iterator[Answer]:
    """Each thing the knowledge holds, every listing and every focus a question can ask for."""
    k = ENGINE.knowledge
    for ep in k.episodes:
        for focus in (None, "title", "japanese", "aired", "rating"):
            yield ENGINE._episode(str(ep.number), focus)
    for t in k.soundtrack.tracks if k.soundtrack else ():
        yield ENGINE.track(str(t.number))
    for n in range(1, (k.soundtrack.track_count if k.soundtrack else 0) + 2):
        yield ENGINE.track(str(n))
    for c in k.characters:
        yield ENGINE.person(f"character:{c.id}")
    for p in k.people:
        yield ENGINE.person(f"person:{p.id}")
    for s in k.songs:
        yield ENGINE.song(s.title)
    for focus in (None, "aired", "staff", "length", "broadcaster", "rating", "new"):
        yield ENGINE.special(focus)
    for focus in (
        None,
        "based_on",
        "aired",
        "broadcaster",
        "country",
        "adaptations",
        "related",
        "titles",
        "page_stats",
    ):
        yield ENGINE.about(focus)
    for focus in (None, "high", "low"):
        yield ENGINE.ratings(focus)
    yield from (ENGINE.credits(), ENGINE.credits("Director"), ENGINE.cast(), ENGINE.help())
    yield from (ENGINE.soundtrack(), ENGINE.soundtrack("count"), ENGINE.episodes())
    yield from (ENGINE.episode("99"), ENGINE.ask("明日の天気"), ENGINE.ask(""))


def test_every_japanese_answer_fits() -> None:
    count = 0
    with using(Lang.JA):
        for answer in every_answer():
            assert_within_limits(render(answer))
            count += 1
    assert count > 100


def test_japanese_answers_are_japanese() -> None:
    # Every rendered Japanese answer has Japanese in its labels, not only in the data.
    with using(Lang.JA):
        for answer in every_answer():
            embed = render(answer)
            for f in embed.fields:
                assert not f.name.isascii() or f.name in {"\u200b"}, (answer.title, f.name)
            if embed.footer.text:
                assert embed.footer.text.startswith("出典：")


@FAST
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=3000))
def test_japanese_answers_to_anything_fit(text: str) -> None:
    with using(Lang.JA):
        for answer in (ENGINE.ask(text), ENGINE.episode(text), ENGINE.track(text)):
            assert_within_limits(render(answer))


@pytest.mark.parametrize("char", ["涙", "😢", "ｱ"])
def test_clipping_counts_code_points(char: str) -> None:
    # 5,000 of one character: cut to exactly Discord's 4,096, whatever its UTF-16 length.
    embed = build_embed("x", char * 5000)
    description = embed.description or ""
    assert discord_length(description) == DESCRIPTION_MAX
    assert description.endswith("…")
    if char == "😢":
        assert len(description.encode("utf-16-le")) // 2 > DESCRIPTION_MAX  # JS would say 8191


def test_japanese_shortened_note() -> None:
    with using(Lang.JA):
        embed = build_embed("題", "涙" * 5000, footer="出典：x")
    assert embed.footer.text == "出典：x · Discordの上限に合わせて短くしました。"
    assert_within_limits(embed)
