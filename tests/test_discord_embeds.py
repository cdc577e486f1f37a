"""Answer → Embed: Discord's limits hold however long an answer is."""

from __future__ import annotations

import discord
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.discord_app import embeds
from bot.discord_app.embeds import Field, build_embed, clip, escape, render
from bot.engine.answers import Answer, Fact, SourceRef, Status

LIMITS = {"title": 256, "description": 4096, "name": 256, "value": 1024, "footer": 2048}


def assert_within_limits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= LIMITS["title"]
    assert len(embed.description or "") <= LIMITS["description"]
    assert len(embed.fields) <= 25
    for field in embed.fields:
        assert 1 <= len(field.name or "") <= LIMITS["name"]
        assert 1 <= len(field.value or "") <= LIMITS["value"]
    assert len(embed.footer.text or "") <= LIMITS["footer"]
    assert len(embed) <= 6000


def source(i: int) -> SourceRef:
    return SourceRef(id=f"s{i}", title=f"Source number {i}", url=f"https://example.org/{i}")


def huge_answer(n_facts: int = 40, line: str = "涙" * 900, value: str = "x" * 2000) -> Answer:
    return Answer(
        status=Status.FOUND,
        kind="about",
        title="T" * 400,
        lines=tuple(line for _ in range(10)),
        facts=tuple(Fact(name="N" * 300 + str(i), value=value) for i in range(n_facts)),
        sources=tuple(source(i) for i in range(300)),
    )


def test_a_huge_answer_stays_within_every_limit_and_says_so() -> None:
    embed = render(huge_answer())
    assert_within_limits(embed)
    assert embed.footer.text is not None and embed.footer.text.endswith(embeds.SHORTENED_NOTE)
    assert embed.title is not None and embed.title.endswith("…")
    assert embed.fields, "facts are kept where they fit"


def test_many_short_facts_keep_25_fields() -> None:
    answer = Answer(
        status=Status.FOUND,
        kind="episodes",
        title="Episodes",
        facts=tuple(Fact(name=f"Episode {i}", value=f"2005-10-{i:02}") for i in range(1, 31)),
    )
    embed = render(answer)
    assert len(embed.fields) == 25
    assert embed.footer.text == embeds.SHORTENED_NOTE
    assert_within_limits(embed)


def test_a_small_answer_is_not_marked_as_shortened() -> None:
    answer = Answer(
        status=Status.FOUND,
        kind="episode",
        title="Episode 8: 1 litre of tears",
        lines=("The eighth episode.",),
        facts=(
            Fact(name="Japanese title", value="1リットルの涙"),
            Fact(name="Note", value="A long value that does not fit beside the others at all."),
        ),
        sources=(source(1), SourceRef(id="fujitv", title="", url="")),
    )
    embed = render(answer)
    assert embed.title == "Episode 8: 1 litre of tears"
    assert embed.description == "The eighth episode."
    assert [(f.name, f.value, f.inline) for f in embed.fields] == [
        ("Japanese title", "1リットルの涙", True),
        ("Note", "A long value that does not fit beside the others at all.", False),
    ]
    assert embed.footer.text == "Sources: Source number 1 · fujitv"
    assert embed.url == "https://example.org/1"
    assert embed.colour == embeds.COLOUR


def test_the_description_gives_way_before_the_facts() -> None:
    answer = Answer(
        status=Status.FOUND,
        kind="about",
        title="About",
        lines=("涙" * 4000,),
        facts=tuple(Fact(name=f"Fact {i}", value="v" * 800) for i in range(5)),
        sources=(source(1),),
    )
    embed = render(answer)
    assert len(embed.fields) == 5
    assert (embed.description or "").endswith("…")
    assert_within_limits(embed)


def test_not_found_lists_suggestions_and_hint_and_is_private() -> None:
    answer = Answer(
        status=Status.NOT_FOUND,
        kind="track",
        title="No track matches “Konayki snow”",
        suggestions=("22 · Konayuki (Piano Version)",),
        hint="Ask by number (1–23) or by title.",
        sources=(source(1),),
    )
    embed = render(answer)
    assert embed.description == (
        "Did you mean **22 · Konayuki (Piano Version)**?\n*Ask by number (1–23) or by title.*"
    )
    assert embed.url is None  # a miss links nowhere
    assert embeds.is_private(answer)
    assert not embeds.is_private(answer.model_copy(update={"status": Status.AMBIGUOUS}))


def test_ambiguous_names_the_other_matches() -> None:
    answer = Answer(
        status=Status.AMBIGUOUS,
        kind="person",
        title="Ikeuchi Aya — Sawajiri Erika",
        lines=("The heroine.",),
        alternatives=("Kitō Aya — Original work", "Ikeuchi Ako"),
    )
    description = render(answer).description or ""
    assert description.splitlines()[0] == "The heroine."
    assert "Also matching: **Kitō Aya — Original work**, **Ikeuchi Ako**" in description


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("@everyone", "@\u200beveryone"),
        ("@here", "@\u200bhere"),
        ("<@123456789012345678>", "<@\u200b123456789012345678>"),
        ("<script>**x**", "<script>\\*\\*x\\*\\*"),
        (
            "__init__ `code` ~~s~~ ||spoiler||",
            "\\_\\_init\\_\\_ \\`code\\` \\~\\~s\\~\\~ \\|\\|spoiler\\|\\|",
        ),
        ("> quote", "\\> quote"),
    ],
)
def test_user_text_is_escaped_everywhere(typed: str, shown: str) -> None:
    assert escape(typed) == shown
    answer = Answer(
        status=Status.NOT_FOUND,
        kind="unknown",
        title=f"I don't know the answer to “{typed}”",
        lines=(typed,),
        facts=(Fact(name=typed, value=typed),),
        suggestions=(typed,),
    )
    embed = render(answer)
    assert embed.title == escape(f"I don't know the answer to “{typed}”")
    assert (embed.description or "").startswith(shown)
    assert embed.fields[0].name == shown and embed.fields[0].value == shown


def test_links_survive_escaping() -> None:
    url = "https://ja.wikipedia.org/wiki/1リットルの涙_(テレビドラマ)"
    assert escape(f"see {url}") == f"see {url}"


def test_clip_never_leaves_a_dangling_escape() -> None:
    text, cut = clip("ab\\*cd", 4)
    assert cut and text == "ab…"
    assert clip("short", 10) == ("short", False)


def test_build_embed_fills_empty_field_parts() -> None:
    embed = build_embed("t", fields=[Field("", "")])
    assert embed.fields[0].name == "\u200b" and embed.fields[0].value == "-"
    assert embed.description is None and embed.footer.text is None


text = st.text(st.characters(codec="utf-8"), max_size=3000)


@settings(max_examples=60, deadline=None)
@given(
    title=text,
    lines=st.lists(text, max_size=6),
    facts=st.lists(st.tuples(text, text), max_size=40),
    sources=st.lists(text, max_size=50),
)
def test_any_answer_fits(
    title: str, lines: list[str], facts: list[tuple[str, str]], sources: list[str]
) -> None:
    answer = Answer(
        status=Status.FOUND,
        kind="about",
        title=title,
        lines=tuple(lines),
        facts=tuple(Fact(name=n, value=v) for n, v in facts),
        sources=tuple(SourceRef(id=str(i), title=s, url="") for i, s in enumerate(sources)),
    )
    assert_within_limits(render(answer))


def card(title: str = "Episode 8", status: Status = Status.FOUND) -> Answer:
    spoiler = Fact(name="Plot", value="How it ends", spoiler=True)
    return Answer(status=status, kind="episode", title=title, facts=(spoiler,))


def test_rendered_makes_each_card_once_per_engine_language_and_spoiler_choice() -> None:
    from bot.discord_app.embeds import Rendered
    from bot.i18n import Lang, using

    cache = Rendered()
    engine = object()
    first = cache.render(engine, card())
    assert cache.render(engine, card()) is first  # an equal answer: the same embed
    assert first.to_dict() == render(card()).to_dict()
    revealed = cache.render(engine, card(), reveal_spoilers=True)
    assert revealed is not first and revealed.fields[0].value == "How it ends"
    assert first.fields[0].value == "||How it ends||"
    with using(Lang.JA):
        japanese = cache.render(engine, card())
    assert japanese is not first
    assert japanese.description != first.description  # the spoiler note, translated
    assert cache.render(engine, card("Episode 9")) is not first
    # A reload builds a new engine: nothing made from the old one is kept.
    assert cache.render(object(), card()) is not first
    assert len(cache) == 1


def test_rendered_keeps_no_miss_and_at_most_its_size() -> None:
    from bot.discord_app.embeds import Rendered

    cache = Rendered(size=3)
    engine = object()
    miss = card("I don't know “**hi**”", Status.NOT_FOUND)
    assert cache.render(engine, miss) is not cache.render(engine, miss)
    assert len(cache) == 0
    kept = [cache.render(engine, card(f"Episode {i}")) for i in range(5)]
    assert len(cache) == 3
    assert cache.render(engine, card("Episode 4")) is kept[4]
    assert cache.render(engine, card("Episode 0")) is not kept[0]
