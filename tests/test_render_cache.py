"""A kept embed is byte for byte the one a fresh render makes, and a reload drops it.

Each card's embed is made once per engine, language and spoiler choice
(``embeds.Rendered``), looked up first by the answer's identity and then by its
value, and the escaped strings inside it are remembered too. None of that may
change a byte of what is sent: every answer the real knowledge gives, in each
language and with spoilers masked or shown (the server settings that change
an embed), is compared as the JSON discord.py sends.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import discord
import pytest

from bot.discord_app import embeds
from bot.discord_app.embeds import Rendered, render
from bot.engine.answers import Answer, Status
from bot.engine.engine import Engine
from bot.i18n import Lang, using

QUESTIONS = (
    "who played aya",
    "who played the mother",
    "what is the theme song",
    "which episode is called love letter",
    "when did episode 8 air",
    "what rating did the finale get",
    "what is the special about",
    "who directed it",
    "what is it based on",
)
EPISODES = ("1", "8", "11", "finale", "love leter")
TRACKS = ("1", "13", "22", "main theme")
CHOICES = [(lang, reveal) for lang in Lang for reveal in (False, True)]


def sent(embed: discord.Embed) -> str:
    """What discord.py puts in the request for this embed."""
    return json.dumps(embed.to_dict(), ensure_ascii=False, sort_keys=True)


def answers(engine: Engine) -> Iterator[Answer]:
    for question in QUESTIONS:
        yield engine.ask(question)
    for text in EPISODES:
        yield engine.episode(text)
    for text in TRACKS:
        yield engine.track(text)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_path()


def fresh(answer: Answer, reveal: bool) -> str:
    """A render with nothing remembered, not even an escaped string."""
    embeds.escape.cache_clear()
    return sent(render(answer, reveal_spoilers=reveal))


@pytest.mark.parametrize(("lang", "reveal"), CHOICES)
def test_a_kept_embed_is_byte_identical_to_a_fresh_one(
    engine: Engine, lang: Lang, reveal: bool
) -> None:
    cache = Rendered()
    with using(lang):
        made = list(answers(engine))
        assert any(a.spoilers for a in made) and any(a.status is Status.FOUND for a in made)
        for answer in made:
            expected = fresh(answer, reveal)
            first = cache.render(engine, answer, reveal_spoilers=reveal)  # made and kept
            again = cache.render(engine, answer, reveal_spoilers=reveal)  # by identity
            equal = answer.model_copy()  # an equal answer, another object: by value
            assert equal is not answer and equal == answer
            by_value = cache.render(engine, equal, reveal_spoilers=reveal)
            if answer.status is not Status.NOT_FOUND:
                assert again is first and by_value is first
            for embed in (first, again, by_value):
                assert sent(embed) == expected, answer.title


def test_every_choice_gets_its_own_embed_whatever_order_they_come_in(engine: Engine) -> None:
    """The same answer object in each language and spoiler choice, asked in turn, twice."""
    with using(Lang.EN):
        answer = engine.ask("what is the special about")
    assert answer.spoilers  # masking changes this card's embed
    expected = {}
    for lang, reveal in CHOICES:
        with using(lang):
            expected[lang, reveal] = fresh(answer, reveal)
    assert len(set(expected.values())) == len(CHOICES)
    cache = Rendered()
    for lang, reveal in CHOICES + CHOICES[::-1]:
        with using(lang):
            embed = cache.render(engine, answer, reveal_spoilers=reveal)
        assert sent(embed) == expected[lang, reveal]


def test_a_reload_drops_every_kept_embed(engine: Engine) -> None:
    cache = Rendered()
    with using(Lang.EN):
        answer = engine.episode("8")
        first = cache.render(engine, answer)
        assert cache.render(engine, answer) is first
        reloaded = Engine.from_path()  # what /reload swaps in
        again = cache.render(reloaded, answer)  # even the same answer object
    assert again is not first
    assert sent(again) == sent(first)
    assert len(cache) == 1


def test_the_identity_table_is_bounded_and_never_serves_another_answer(engine: Engine) -> None:
    cache = Rendered(size=3)
    with using(Lang.EN):
        made = [engine.episode(str(n)) for n in range(1, 8)]
        kept = [cache.render(engine, a) for a in made]
        assert len(cache._seen) == 3 and len(cache) == 3
        for answer, embed in zip(made, kept, strict=True):
            assert sent(cache.render(engine, answer)) == sent(embed)
            assert embed.title == render(answer).title


def test_escaping_remembered_is_escaping_done_again() -> None:
    texts = ["**Ann** @everyone", "a_b ~c~ `d` > e", "||x||", "<@123456789012345678>", "涙"]
    embeds.escape.cache_clear()
    first = [embeds.escape(t) for t in texts]
    second = [embeds.escape(t) for t in texts]  # from memory
    assert embeds.escape.cache_info().hits == len(texts)
    plain = [discord.utils.escape_mentions(discord.utils.escape_markdown(t)) for t in texts]
    assert first == second == plain
