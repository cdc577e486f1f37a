"""Spoiler facts reach Discord masked, and the terminal hides them until asked.

These tests build Answers by hand, so they pin the renderers down whatever the
knowledge holds; tests/test_spoilers.py checks every answer the engine gives.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import discord
import pytest
from fake_discord import conformance
from fake_discord.harness import require_spec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spoiler_helpers import is_masked

from bot import cli, console
from bot.discord_app import embeds
from bot.discord_app.embeds import build_embed, mask, render, seal
from bot.engine.answers import Answer, Fact, SourceRef, Status

CALLBACK = "/api/v10/interactions/1234567890123456789/aW50ZXJhY3Rpb24/callback"
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that tries to break out of a mask: pipes, escapes, links holding pipes.
NASTY = st.sampled_from(
    [
        "||",
        "|",
        "\\",
        "\\|",
        "\\\\||",
        "https://example.com/a||b",
        "https://example.com/x\\",
        "<https://example.com/||>",
        "`||`",
        "```||```",
        "**",
        "~~",
        "\n",
        "…",
        "@everyone",
    ]
)
VALUES = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(NASTY, st.text(max_size=8)), max_size=12).map("".join),
    st.text(min_size=900, max_size=3000),
    st.lists(NASTY, min_size=200, max_size=600).map("".join),
)


def unescape(text: str) -> str:
    """What a reader sees of escaped text (a backslash before punctuation disappears)."""
    return re.sub(r"\\([^\w\s])", r"\1", text)


def answer_with(facts: list[Fact], **fields: Any) -> Answer:
    return Answer(
        status=Status.FOUND,
        kind="episode",
        title="Episode 11",
        lines=("The final episode.",),
        facts=tuple(facts),
        sources=(SourceRef(id="s", title="A source", url="https://example.org/s"),),
        **fields,
    )


def test_a_spoiler_fact_is_masked_and_its_name_stays_visible() -> None:
    answer = answer_with(
        [
            Fact(name="Aired", value="20 December 2005"),
            Fact(name="Plot 6", value="A farewell letter.", spoiler=True),
        ]
    )
    embed = render(answer)
    aired, plot = embed.fields
    assert (aired.name, aired.value) == ("Aired", "20 December 2005")
    assert (plot.name, plot.value) == ("Plot 6", "||A farewell letter.||")
    assert embed.description is not None and embeds.SPOILER_NOTE in embed.description
    assert "farewell" not in (embed.title or "") + (embed.description or "")


def test_reveal_spoilers_shows_the_value_plainly() -> None:
    answer = answer_with([Fact(name="Plot 6", value="A farewell **letter**.", spoiler=True)])
    embed = render(answer, reveal_spoilers=True)
    assert embed.fields[0].value == "A farewell \\*\\*letter\\*\\*."
    assert embeds.SPOILER_NOTE not in (embed.description or "")


def test_an_answer_without_spoilers_has_no_note() -> None:
    embed = render(answer_with([Fact(name="Aired", value="20 December 2005")]))
    assert embeds.SPOILER_NOTE not in (embed.description or "")


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        ("a||b", "||a\\|\\|b||"),
        ("|", "||\\|||"),
        ("https://example.com/a||b", "||https://example.com/a\\|\\|b||"),
        ("https://example.com/x\\", "||https://example.com/x\\\\||"),
        ("", "||-||"),
    ],
)
def test_nothing_inside_can_close_the_mask(value: str, sent: str) -> None:
    embed = render(answer_with([Fact(name="Plot", value=value, spoiler=True)]))
    assert embed.fields[0].value == sent
    assert is_masked(sent)


def test_a_long_spoiler_is_clipped_inside_a_closed_mask() -> None:
    value = "|" * 3000
    masked, cut = mask(value, embeds.FIELD_VALUE_MAX)
    assert cut and len(masked) <= embeds.FIELD_VALUE_MAX
    assert is_masked(masked) and masked.endswith("…||")


@FAST
@given(values=st.lists(VALUES, min_size=1, max_size=30), reveal=st.booleans())
def test_every_spoiler_field_is_masked_and_within_limits(values: list[str], reveal: bool) -> None:
    facts = [Fact(name=f"Plot {i}", value=v, spoiler=i % 2 == 0) for i, v in enumerate(values)]
    embed = render(answer_with(facts), reveal_spoilers=reveal)
    assert len(embed) <= 6000 and len(embed.fields) <= 25
    for field, fact in zip(embed.fields, facts, strict=False):
        assert field.name == fact.name  # names are never masked
        value = field.value or ""
        assert 1 <= len(value) <= 1024
        if fact.spoiler and not reveal:
            assert is_masked(value), value
        else:
            assert not value.startswith("||") or not is_masked(value)


@FAST
@given(value=st.text(alphabet=st.characters(exclude_characters="@"), max_size=400))
def test_a_masked_value_reads_as_the_fact(value: str) -> None:
    field = render(answer_with([Fact(name="Plot", value=value, spoiler=True)])).fields[0]
    assert is_masked(field.value or "")
    shown = unescape((field.value or "")[2:-2])
    assert shown == (value or "-") or shown.replace("\\", "") == (value or "-").replace("\\", "")


@FAST
@given(value=VALUES)
def test_seal_is_idempotent_and_closes(value: str) -> None:
    sealed = seal(embeds.escape(value))
    assert seal(sealed) == sealed
    assert is_masked(f"||{sealed or '-'}||")


def test_build_embed_masks_a_spoiler_field_it_is_given() -> None:
    embed = build_embed("T", fields=[embeds.Field("Ending", "x" * 5000, spoiler=True)])
    value = embed.fields[0].value or ""
    assert len(value) == embeds.FIELD_VALUE_MAX and is_masked(value)
    assert embed.footer.text == embeds.SHORTENED_NOTE


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(VALUES, min_size=1, max_size=30))
def test_masked_bodies_conform_to_discords_description(values: list[str]) -> None:
    require_spec()
    facts = [Fact(name=f"Plot {i}", value=v, spoiler=True) for i, v in enumerate(values)]
    embed = render(answer_with(facts))
    body = {
        "type": 4,
        "data": {"embeds": [embed.to_dict()], "allowed_mentions": {"parse": []}},
    }
    conformance.check("POST", CALLBACK, body)


# ---------------------------------------------------------------- the terminal


def test_console_labels_spoilers_and_hides_them_by_default() -> None:
    answer = answer_with(
        [
            Fact(name="Aired", value="20 December 2005"),
            Fact(name="Plot 6", value="A farewell letter.", spoiler=True),
        ]
    )
    hidden = console.render(answer)
    assert "  Aired: 20 December 2005" in hidden.splitlines()
    assert f"  spoiler: Plot 6: {console.HIDDEN}" in hidden.splitlines()
    assert "farewell" not in hidden
    shown = console.render(answer, reveal_spoilers=True)
    assert "  spoiler: Plot 6: A farewell letter." in shown.splitlines()


def test_spoilers_command_toggles_and_sets() -> None:
    assert console.spoilers_command(":spoilers", shown=False) is True
    assert console.spoilers_command(":spoilers", shown=True) is False
    assert console.spoilers_command(":Spoilers ON", shown=False) is True
    assert console.spoilers_command(":spoilers off", shown=True) is False
    assert console.spoilers_command("spoilers in episode 11?", shown=False) is None


def test_json_carries_the_flag() -> None:
    answer = answer_with([Fact(name="Plot 6", value="A farewell letter.", spoiler=True)])
    data = Answer.model_validate_json(answer.model_dump_json())
    assert data.facts[0].spoiler is True
    assert answer.spoilers == answer.facts


def test_discord_embed_type_is_unchanged() -> None:
    assert isinstance(render(answer_with([])), discord.Embed)


# ---------------------------------------------------------------- the command line, real data


def finale_spoilers() -> list[str]:
    from bot.engine.engine import Engine

    k = Engine.from_path().knowledge
    last = max(k.episodes, key=lambda ep: ep.number)
    spoilers = [p.text for p in last.plot if p.spoiler]
    assert spoilers, "the finale's plot has spoilers to hide"
    return spoilers


def test_namida_ask_hides_spoilers_unless_asked(capsys: pytest.CaptureFixture[str]) -> None:
    spoilers = finale_spoilers()
    assert cli.main(["ask", "what happens in the final episode"]) == 0
    hidden = capsys.readouterr().out
    masked = [line for line in hidden.splitlines() if line.startswith("  spoiler: Plot ")]
    assert len(masked) == len(spoilers)
    assert all(line.endswith(console.HIDDEN) for line in masked)
    assert not any(s in hidden for s in spoilers)
    assert cli.main(["ask", "--spoilers", "what happens in the final episode"]) == 0
    shown = capsys.readouterr().out
    assert all("  spoiler: " in shown and s in shown for s in spoilers)


def test_namida_ask_json_marks_spoilers(capsys: pytest.CaptureFixture[str]) -> None:
    spoilers = finale_spoilers()
    assert cli.main(["ask", "--json", "what happens in the final episode"]) == 0
    data = json.loads(capsys.readouterr().out)
    flagged = {f["value"] for f in data["facts"] if f["spoiler"]}
    assert all(any(v.startswith(s) for v in flagged) for s in spoilers)
    assert all(f["spoiler"] is False for f in data["facts"] if f["name"] == "Aired")


def test_console_spoilers_command_reveals_then_hides(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spoilers = finale_spoilers()
    question = "what happens in the final episode"
    lines = [question, ":spoilers", question, ":spoilers off", question]
    assert console.interactive(stdin=io.StringIO("\n".join(lines) + "\n")) == 0
    first, on, revealed, off, again = capsys.readouterr().out.strip().split("\n\n")
    assert not any(s in first for s in spoilers) and console.HIDDEN in first
    assert on.startswith("Spoilers are shown")
    assert all(s in revealed for s in spoilers)
    assert off.startswith("Spoilers are hidden")
    assert again == first
