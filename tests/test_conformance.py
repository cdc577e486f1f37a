"""The OpenAPI conformance checker used by the fake Discord."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands
from fake_discord import ConformanceError, conformance, fake_discord, running_client
from fake_discord.harness import require_spec
from hypothesis import given, settings
from hypothesis import strategies as st

CALLBACK = "/api/v10/interactions/1234567890123456789/aW50ZXJhY3Rpb24/callback"
FOLLOWUP = "/api/v10/webhooks/1234567890123456789/aW50ZXJhY3Rpb24"
ORIGINAL = FOLLOWUP + "/messages/@original"
CHANNEL_MESSAGES = "/api/v10/channels/1234567890123456789/messages"
GLOBAL_COMMANDS = "/api/v10/applications/1234567890123456789/commands"
NO_MENTIONS: dict[str, Any] = {"parse": []}


@pytest.fixture(autouse=True)
def spec(request: pytest.FixtureRequest) -> None:
    if "no_spec" not in request.fixturenames:
        require_spec()


def rules(method: str, path: str, body: Any) -> set[tuple[str, str]]:
    """(json path, rule) pairs the body breaks."""
    return {(v.json_path, v.rule) for v in conformance.violations(method, path, body)}


def message(**fields: Any) -> dict[str, Any]:
    return {"content": "Konayuki", "allowed_mentions": NO_MENTIONS, **fields}


def embed(**fields: Any) -> dict[str, Any]:
    return {"type": "rich", "title": "Episode 8", "color": 0x5865F2, **fields}


# ---------------------------------------------------------------- known good


def test_good_bodies_pass() -> None:
    good = [
        ("POST", CALLBACK, {"type": 4, "data": message(embeds=[embed()], flags=64)}),
        ("POST", CALLBACK, {"type": 5, "data": {"flags": 64}}),
        ("POST", CALLBACK, {"type": 8, "data": {"choices": [{"name": "a", "value": "a"}] * 25}}),
        ("POST", FOLLOWUP, message(embeds=[embed(description="x" * 4096)])),
        ("PATCH", ORIGINAL, message(content="done")),
        (
            "POST",
            CHANNEL_MESSAGES,
            message(
                # discord.py sends these snowflakes as integers; Discord accepts them.
                message_reference={"message_id": 1234567890123456789, "channel_id": 42},
                allowed_mentions={"parse": [], "replied_user": False},
            ),
        ),
    ]
    for method, path, body in good:
        conformance.check(method, path, body)


def test_discord_py_command_sync_body_passes() -> None:
    client = discord.Client(intents=discord.Intents.default())
    tree = app_commands.CommandTree(client)

    @tree.command(description="Look up an episode")
    @app_commands.describe(number="Episode number", part="Which part")
    async def episode(
        interaction: discord.Interaction, number: app_commands.Range[int, 1, 11], part: str = ""
    ) -> None:
        pass

    group = app_commands.Group(name="track", description="Soundtrack")

    @group.command(description="Find a track")
    async def find(interaction: discord.Interaction, title: str) -> None:
        pass

    tree.add_command(group)
    body = [command.to_dict(tree) for command in tree.get_commands()]
    conformance.check("PUT", GLOBAL_COMMANDS, body)


def test_template_matching_prefers_literal_segments() -> None:
    assert str(conformance.match_template(ORIGINAL)).endswith("/messages/@original")
    assert str(conformance.match_template(FOLLOWUP + "/messages/99")).endswith("/{message_id}")
    assert conformance.match_template("/api/v10/nowhere") is None
    assert rules("POST", "/api/v10/nowhere", {}) == {("$", "route")}


# ---------------------------------------------------------------- broken bodies


def test_wrong_type_is_named() -> None:
    assert rules("POST", CALLBACK, {"type": 4, "data": message(content=5)}) == {
        ("$.data.content", "schema:type")
    }


def test_missing_required_field() -> None:
    assert rules("PUT", GLOBAL_COMMANDS, [{"name": "ok"}, {"description": "no name"}]) == {
        ("$[1]", "schema:required")
    }
    assert ("$", "schema:required") in rules("POST", CALLBACK, {"type": 8})


def test_too_many_choices() -> None:
    body = {"type": 8, "data": {"choices": [{"name": f"c{i}", "value": "v"} for i in range(26)]}}
    with pytest.raises(ConformanceError) as caught:
        conformance.check("POST", CALLBACK, body)
    text = str(caught.value)
    assert "$.data.choices" in text and "[choices.count] 26 choices, at most 25" in text
    assert "schema:maxItems" in text


def test_choice_name_length() -> None:
    body = {"type": 8, "data": {"choices": [{"name": "", "value": "v"}]}}
    assert ("$.data.choices[0].name", "choices.name") in rules("POST", CALLBACK, body)


def test_embed_limits() -> None:
    big = [embed(title=None, description="x" * 4000), embed(title=None, description="y" * 2001)]
    assert rules("POST", FOLLOWUP, message(embeds=big)) == {("$.embeds", "embed.total")}

    fields = [{"name": "n", "value": "v"}] * 26
    broken = embed(title="t" * 257, fields=fields, footer={"text": "f" * 2049})
    found = rules("POST", CALLBACK, {"type": 4, "data": message(embeds=[broken])})
    assert {
        ("$.data.embeds[0].title", "embed.title"),
        ("$.data.embeds[0].fields", "embed.fields"),
        ("$.data.embeds[0].footer.text", "embed.footer.text"),
        ("$.data.embeds[0].title", "schema:maxLength"),
    } <= found


def test_content_limit_is_2000_even_where_the_schema_allows_4000() -> None:
    assert rules("POST", CHANNEL_MESSAGES, message(content="x" * 2001)) == {
        ("$.content", "content.length")
    }


def test_allowed_mentions_rules() -> None:
    missing = {"type": 4, "data": {"content": "hi"}}
    assert rules("POST", CALLBACK, missing) == {
        ("$.data.allowed_mentions", "allowed_mentions.required")
    }
    everyone = message(allowed_mentions={"parse": ["everyone"]})
    with pytest.raises(ConformanceError, match=r"\$\.allowed_mentions\.parse.*everyone"):
        conformance.check("POST", FOLLOWUP, everyone)
    users = message(allowed_mentions={"parse": [], "users": [1234]})
    assert rules("PATCH", ORIGINAL, users) == {
        ("$.allowed_mentions.users", "allowed_mentions.users")
    }
    # A deferral carries no message, so it needs no allowed_mentions.
    assert rules("POST", CALLBACK, {"type": 5}) == set()


def test_integers_are_accepted_only_where_the_schema_has_a_snowflake() -> None:
    assert rules("POST", CHANNEL_MESSAGES, message(flags="64")) == {("$.flags", "schema:type")}
    assert rules("POST", CHANNEL_MESSAGES, message(content=123)) == {("$.content", "schema:type")}
    negative = message(message_reference={"message_id": -1})
    assert ("$.message_reference.message_id", "schema:minimum") in rules(
        "POST", CHANNEL_MESSAGES, negative
    )


@settings(max_examples=40, deadline=None)
@given(names=st.lists(st.text(min_size=1, max_size=100), max_size=40))
def test_choice_count_property(names: list[str]) -> None:
    body = {"type": 8, "data": {"choices": [{"name": n, "value": n[:50]} for n in names]}}
    assert (("$.data.choices", "choices.count") in rules("POST", CALLBACK, body)) == (
        len(names) > 25
    )


# ---------------------------------------------------------------- through the fake


async def test_fake_rejects_a_bot_that_allows_mentions() -> None:
    class LoudBot(discord.Client):
        def __init__(self) -> None:
            super().__init__(
                intents=discord.Intents.default(), allowed_mentions=discord.AllowedMentions.all()
            )
            self.tree = app_commands.CommandTree(self)

            @self.tree.command(description="Shout")
            async def shout(interaction: discord.Interaction) -> None:
                await interaction.response.send_message("@everyone")

    with pytest.raises(pytest.fail.Exception, match=r"allowed_mentions\.parse"):
        async with fake_discord() as fake, running_client(fake, LoudBot):
            handle = await fake.send_slash_command("shout")
            with pytest.raises(ConformanceError, match=r"\$\.data\.allowed_mentions\.parse"):
                await handle.response()
            assert handle.deliveries == 1


# ---------------------------------------------------------------- spec missing


@pytest.fixture
def no_spec(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv(conformance.SPEC_ENV, str(tmp_path / "missing.json"))
    conformance.load_spec.cache_clear()
    conformance._registry.cache_clear()
    yield
    monkeypatch.undo()
    conformance.load_spec.cache_clear()
    conformance._registry.cache_clear()


def test_missing_spec_skips_locally(no_spec: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"not found at .*missing\.json"):
        require_spec()


def test_missing_spec_fails_on_ci(no_spec: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"missing at .*missing\.json"):
        require_spec()


# ---------------------------------------------------------------- component interactions


def buttons(*labels: str) -> list[dict[str, Any]]:
    row = [
        {"type": 2, "style": 1, "label": label, "custom_id": f"answer:{i}"}
        for i, label in enumerate(labels)
    ]
    return [{"type": 1, "components": row}]


def test_update_and_deferred_update_callbacks() -> None:
    good = [
        ("POST", CALLBACK, {"type": 6}),
        ("POST", CALLBACK, {"type": 7, "data": message(components=buttons("a", "b", "c", "d"))}),
        ("POST", CHANNEL_MESSAGES, message(components=buttons("x" * 80))),
    ]
    for method, path, body in good:
        assert rules(method, path, body) == set(), body
    # A button label over 80 characters, and an update that could ping.
    long_label = {"type": 7, "data": message(components=buttons("x" * 81))}
    assert any(rule == "schema:maxLength" for _, rule in rules("POST", CALLBACK, long_label))
    pinging = {"type": 7, "data": {"content": "Konayuki"}}
    assert ("$.data.allowed_mentions", "allowed_mentions.required") in rules(
        "POST", CALLBACK, pinging
    )
