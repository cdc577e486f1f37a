"""Spoilers on Discord: the real bot, through the loopback fake, sends plot spoilers masked.

Every body is also checked by the fake against Discord's OpenAPI description.
"""

from __future__ import annotations

from typing import Any

import pytest
from discord_helpers import embed_text, namida_on_fake, shipped_engine
from fake_discord import BotUnderTest
from spoiler_helpers import is_masked, leaks

from bot.discord_app.embeds import SPOILER_NOTE
from bot.store import GuildSettings

pytestmark = pytest.mark.timeout(30)

K = shipped_engine().knowledge
FINALE = max(K.episodes, key=lambda ep: ep.number)


@pytest.fixture
async def live() -> Any:
    async with namida_on_fake() as running:
        yield running


def only_embed(embeds: list[dict[str, Any]]) -> dict[str, Any]:
    assert len(embeds) == 1, embeds
    return embeds[0]


def assert_plot_masked(embed: dict[str, Any], points: Any) -> None:
    """Each plot point shows in its own field: spoilers masked, the rest in the clear."""
    fields = {f["name"]: f["value"] for f in embed.get("fields") or []}
    spoilers = [p.text for p in points if p.spoiler]
    assert spoilers, "the test needs a plot with spoilers"
    for i, point in enumerate(points, start=1):
        value = fields[f"Plot {i}"]
        assert is_masked(value) == point.spoiler, value
    visible = [embed.get("title") or "", embed.get("description") or ""]
    visible += [(embed.get("footer") or {}).get("text") or ""]
    visible += [f["name"] for f in embed.get("fields") or []]
    visible += [v for v in fields.values() if not is_masked(v)]
    for text in visible:
        assert not leaks(text, spoilers), text
    assert SPOILER_NOTE in (embed.get("description") or "")


async def test_episode_11_plot_is_masked(live: BotUnderTest) -> None:
    handle = await live.fake.send_slash_command("episode", {"episode": str(FINALE.number)})
    reply = await handle.response()
    assert not reply.ephemeral
    embed = only_embed(reply.embeds)
    assert embed["title"].startswith(f"Episode {FINALE.number}")
    assert_plot_masked(embed, FINALE.plot)


async def test_special_plot_and_setting_are_masked(live: BotUnderTest) -> None:
    [special] = K.specials
    reply = await (await live.fake.send_slash_command("special")).response()
    embed = only_embed(reply.embeds)
    assert_plot_masked(embed, special.plot)
    setting = next(f for f in embed["fields"] if f["name"] == "Setting")
    assert is_masked(setting["value"])
    assert special.setting.rstrip(".") not in embed_text(embed).replace(setting["value"], "")


async def test_a_plot_question_by_ask_is_answered_masked(live: BotUnderTest) -> None:
    question = f"what happens in episode {FINALE.number}?"
    reply = await (await live.fake.send_slash_command("ask", {"question": question})).response()
    assert not reply.ephemeral
    assert_plot_masked(only_embed(reply.embeds), FINALE.plot)


async def test_a_plot_question_by_mention_is_answered_masked(live: BotUnderTest) -> None:
    fake = live.fake
    question = await fake.send_message(
        f"<@{fake.bot_user['id']}> what happens in the final episode?", mentions=[fake.bot_user]
    )
    reply = await fake.wait_for_reply(question)
    assert reply["message_reference"]["message_id"] == question["id"]
    assert_plot_masked(only_embed(reply["embeds"]), FINALE.plot)


async def test_episode_autocomplete_shows_no_spoiler(live: BotUnderTest) -> None:
    spoilers = [p.text for ep in K.episodes for p in ep.plot if p.spoiler]
    for typed in ("", str(FINALE.number), "finale", FINALE.title[:6]):
        for choice in await live.fake.send_autocomplete("episode", "episode", typed):
            assert not leaks(choice["name"], spoilers), choice


async def test_a_server_that_reveals_spoilers_gets_them_unmasked(live: BotUnderTest) -> None:
    fake = live.fake
    await live.client.guild_settings.save(fake.guild.id, GuildSettings(reveal_spoilers=True))
    spoilers = [p.text for p in FINALE.plot if p.spoiler]
    handle = await fake.send_slash_command("episode", {"episode": str(FINALE.number)})
    embed = only_embed((await handle.response()).embeds)
    values = [f["value"] for f in embed["fields"]]
    assert not any(is_masked(v) for v in values)
    assert all(any(v.startswith(s.replace("|", "\\|")[:20]) for v in values) for s in spoilers)
    assert SPOILER_NOTE not in (embed.get("description") or "")
    question = await fake.send_message(
        f"<@{fake.bot_user['id']}> what happens in the final episode?", mentions=[fake.bot_user]
    )
    reply = await fake.wait_for_reply(question)
    assert not any(is_masked(f["value"]) for f in only_embed(reply["embeds"])["fields"])
    # Back to the default: masked again.
    await live.client.guild_settings.save(fake.guild.id, GuildSettings(reveal_spoilers=False))
    handle = await fake.send_slash_command("episode", {"episode": str(FINALE.number)})
    assert_plot_masked(only_embed((await handle.response()).embeds), FINALE.plot)
