"""The real bot (discord.py, unmodified) answering through the loopback fake Discord.

Every body the bot sends is validated against Discord's OpenAPI description by
the fake; the harness fails a test at teardown if one broke a rule.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands
from discord_helpers import ManualClock, embed_text, namida_on_fake, shipped_engine
from fake_discord import BotUnderTest
from fake_discord.server import BotResponse, FakeDiscord

from bot.discord_app.client import NamidaBot, ShardedNamidaBot
from bot.discord_app.cooldown import UserCooldown
from bot.engine.engine import Engine

pytestmark = pytest.mark.timeout(30)

EPHEMERAL = 64


@pytest.fixture
async def live() -> Any:
    async with namida_on_fake() as running:
        yield running


async def slash(live: BotUnderTest, name: str, **options: Any) -> BotResponse:
    handle = await live.fake.send_slash_command(name, options)
    return await handle.response()


def only_embed(reply: BotResponse) -> dict[str, Any]:
    assert len(reply.embeds) == 1, reply.body
    return reply.embeds[0]


def assert_pings_no_one(reply: BotResponse | dict[str, Any]) -> None:
    mentions = reply.allowed_mentions if isinstance(reply, BotResponse) else None
    if isinstance(reply, dict):
        mentions = reply.get("allowed_mentions")
    assert mentions is not None and mentions.get("parse") == []
    assert not mentions.get("users") and not mentions.get("roles")


async def mention(fake: FakeDiscord, text: str, author: dict[str, Any] | None = None) -> Any:
    """Post ``<@BOT> text`` and return the message, without waiting for anything."""
    return await fake.send_message(
        f"<@{fake.bot_user['id']}> {text}", author=author, mentions=[fake.bot_user]
    )


async def answer_to(fake: FakeDiscord, message: dict[str, Any]) -> dict[str, Any]:
    """The bot's reply, checked to answer ``message`` and not an earlier one."""
    reply = await fake.wait_for_reply(message)
    assert reply["message_reference"]["message_id"] == message["id"], reply
    return reply


# ----------------------------------------------------------------- commands answer facts


async def test_episode_8_is_one_litre_of_tears(live: BotUnderTest) -> None:
    reply = await slash(live, "episode", episode="8")
    embed = only_embed(reply)
    assert reply.type == 4 and not reply.ephemeral
    assert "1 litre of tears" in embed["title"]
    assert "1リットルの涙" in embed_text(embed)  # the Japanese title is shown
    assert embed["footer"]["text"].startswith("Sources: ")
    assert_pings_no_one(reply)


async def test_track_konayuki_is_track_22(live: BotUnderTest) -> None:
    embed = only_embed(await slash(live, "track", track="Konayuki"))
    assert embed["title"].startswith("Track 22")
    assert "Konayuki" in embed["title"]


async def test_cast_haruto_is_nishikido_ryo(live: BotUnderTest) -> None:
    embed = only_embed(await slash(live, "cast", who="Haruto"))
    assert "Nishikido Ryo" in embed_text(embed)
    assert "錦戸亮" in embed_text(embed)


async def test_cast_by_a_description_finds_the_role(live: BotUnderTest) -> None:
    # No name at all: the role is found from what its description says.
    embed = only_embed(await slash(live, "cast", who="the basketball club senior"))
    assert embed["title"].startswith("Kawamoto")
    assert "Matsuyama Kenichi" in embed_text(embed)


async def test_cast_without_who_lists_the_cast(live: BotUnderTest) -> None:
    text = embed_text(only_embed(await slash(live, "cast")))
    assert "Sawajiri Erika" in text and "Nishikido Ryo" in text


async def test_ask_who_played_haruto(live: BotUnderTest) -> None:
    reply = await slash(live, "ask", question="who played Haruto?")
    assert "Nishikido Ryo" in embed_text(only_embed(reply))
    assert not reply.ephemeral


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("episodes", "The beginning of my youth"),
        ("soundtrack", "Konayuki"),
        ("ratings", "20.5%"),
        ("special", "2007"),
        ("about", "One Litre of Tears"),
        ("credits", "Murakami Masanori"),
    ],
)
async def test_commands_without_options(live: BotUnderTest, command: str, expected: str) -> None:
    reply = await slash(live, command)
    assert expected in embed_text(only_embed(reply))
    assert not reply.ephemeral


async def test_help_lists_every_command(live: BotUnderTest) -> None:
    reply = await slash(live, "help")
    text = embed_text(only_embed(reply))
    for name in ("episode", "episodes", "track", "soundtrack", "cast", "ratings", "special"):
        assert f"/{name}" in text
    assert "/ask <question>" in text and "/cast [who]" in text
    assert "/quiz start [rounds] [topic] [difficulty]" in text
    assert "/quiz stop" in text and "/quiz leaderboard [period]" in text
    assert "e.g. `/episode 8`" in text and "e.g. `/track Konayuki`" in text
    assert "/reload" not in text and "/misses" not in text  # owner tools stay out of sight
    assert reply.ephemeral


async def test_registered_commands_match_the_brief(live: BotUnderTest) -> None:
    synced = {c["name"]: c for c in live.fake.commands[None]}
    assert set(synced) == {
        "episode",
        "episodes",
        "track",
        "soundtrack",
        "cast",
        "ratings",
        "special",
        "about",
        "credits",
        "ask",
        "quiz",
        "help",
        "reload",  # owners only
        "misses",  # owners only
        "settings",  # Manage Server only
    }
    owner_only = {name for name, c in synced.items() if str(c["default_member_permissions"]) == "8"}
    assert owner_only == {"reload", "misses"}
    assert str(synced["settings"]["default_member_permissions"]) == "32"  # Manage Server
    assert synced["settings"]["contexts"] == [0]  # in servers only
    autocompleted = {
        (name, opt["name"])
        for name, command in synced.items()
        for opt in command.get("options", [])
        if opt.get("autocomplete")
    }
    assert autocompleted == {("episode", "episode"), ("track", "track"), ("cast", "who")}


# ----------------------------------------------------------------- autocomplete


@pytest.mark.parametrize(
    ("command", "option", "typed", "expected_value"),
    [
        ("episode", "episode", "", "1"),
        ("episode", "episode", "8", "8"),
        ("episode", "episode", "第8話", "8"),
        ("track", "track", "", None),
        ("track", "track", "Kona", "22"),
        ("track", "track", "konayki", "22"),  # misspelt
        ("track", "track", "粉雪", "22"),
        ("cast", "who", "", None),
        ("cast", "who", "Har", "character:aso-haruto"),
        ("cast", "who", "Hartuo", "character:aso-haruto"),  # misspelt
        ("cast", "who", "遥斗", "character:aso-haruto"),
    ],
)
async def test_autocomplete(
    live: BotUnderTest, command: str, option: str, typed: str, expected_value: str | None
) -> None:
    choices = await live.fake.send_autocomplete(command, option, typed)
    assert 1 <= len(choices) <= 25
    assert all(1 <= len(c["name"]) <= 100 and 1 <= len(c["value"]) <= 100 for c in choices)
    if expected_value is not None:
        assert choices[0]["value"] == expected_value, choices[:3]


async def test_autocomplete_labels_show_what_a_fan_gets(live: BotUnderTest) -> None:
    [episode] = await live.fake.send_autocomplete("episode", "episode", "8")
    assert episode["name"] == "8 · 1 litre of tears"
    tracks = await live.fake.send_autocomplete("track", "track", "Konayuki piano")
    assert tracks[0]["name"] == "22 · Konayuki (Piano Version)"
    people = await live.fake.send_autocomplete("cast", "who", "Haruto")
    assert people[0]["name"] == "Asō Haruto — Nishikido Ryo"


async def test_chosen_suggestion_value_resolves_exactly(live: BotUnderTest) -> None:
    [choice] = (await live.fake.send_autocomplete("cast", "who", "遥斗"))[:1]
    embed = only_embed(await slash(live, "cast", who=choice["value"]))
    assert "Nishikido Ryo" in embed["title"]


async def test_free_text_ignoring_suggestions_still_matches(live: BotUnderTest) -> None:
    embed = only_embed(await slash(live, "episode", episode="beginnig of youth"))
    assert embed["title"].startswith("Episode 1")


async def test_autocomplete_is_not_rate_limited() -> None:
    async with namida_on_fake(cooldown_rate=1, cooldown_seconds=60) as live:
        for typed in ("K", "Ko", "Kon", "Kona"):
            assert await live.fake.send_autocomplete("track", "track", typed)
        assert not (await slash(live, "track", track="Konayuki")).ephemeral


# ----------------------------------------------------------------- misses, ambiguity


async def test_not_found_is_private_with_suggestions(live: BotUnderTest) -> None:
    reply = await slash(live, "episode", episode="42")
    assert reply.flags & EPHEMERAL
    text = embed_text(only_embed(reply))
    assert "Did you mean" in text and "The beginning of my youth" in text
    assert "Episodes run from 1 to 11" in text  # the hint


async def test_ambiguous_names_the_others(live: BotUnderTest) -> None:
    reply = await slash(live, "cast", who="Aya")
    text = embed_text(only_embed(reply))
    assert "Sawajiri Erika" in text  # the best match first
    assert "Also matching" in text and "Kitō Aya" in text
    assert not reply.ephemeral


async def test_misses_are_recorded_without_ids(live: BotUnderTest) -> None:
    bot: NamidaBot = live.client
    await slash(live, "track", track="zzzz")
    await slash(live, "track", track="Konayuki")  # found: not recorded
    owner_id = live.fake.owner["id"]
    await live.fake.send_mention(f"who won the world cup, <@{owner_id}>?")
    await bot.writer.flush()
    summary = await bot.store.miss_summary()
    recorded = {(g.example, g.commands) for g in summary.groups}
    assert recorded == {("zzzz", ("/track",)), ("who won the world cup, @someone?", ("mention",))}


# ----------------------------------------------------------------- user text is inert


async def test_ask_everyone_pings_no_one(live: BotUnderTest) -> None:
    reply = await slash(live, "ask", question="@everyone")
    assert_pings_no_one(reply)
    text = embed_text(only_embed(reply))
    assert "@everyone" not in text and "@\u200beveryone" in text


async def test_markup_in_a_query_shows_literally(live: BotUnderTest) -> None:
    reply = await slash(live, "track", track="<script>**x**")
    assert reply.ephemeral
    assert_pings_no_one(reply)
    title = only_embed(reply)["title"]
    assert "<script>\\*\\*x\\*\\*" in title
    assert "**" not in title  # nothing renders as bold


async def test_user_mention_in_a_query_does_not_ping(live: BotUnderTest) -> None:
    owner_id = live.fake.owner["id"]
    reply = await slash(live, "ask", question=f"<@{owner_id}> who played Haruto?")
    assert_pings_no_one(reply)
    assert f"<@{owner_id}>" not in embed_text(only_embed(reply))


# ----------------------------------------------------------------- mentions


async def test_mention_is_answered_as_a_reply(live: BotUnderTest) -> None:
    fake = live.fake
    question = await fake.send_message(
        f"<@{fake.bot_user['id']}> who played Haruto?", mentions=[fake.bot_user]
    )
    reply = await fake.wait_for_reply(question)
    assert reply["message_reference"]["message_id"] == question["id"]
    [embed] = reply["embeds"]
    assert "Nishikido Ryo" in embed_text(embed)
    [sent] = fake.requests_to("POST", "channel_message")
    assert_pings_no_one(sent.body)
    assert not sent.body["allowed_mentions"].get("replied_user")


async def test_nickname_mention_form_is_answered(live: BotUnderTest) -> None:
    fake = live.fake
    question = await fake.send_message(
        f"hey <@!{fake.bot_user['id']}>, who played Haruto?", mentions=[fake.bot_user]
    )
    reply = await fake.wait_for_reply(question)
    assert "Nishikido Ryo" in embed_text(reply["embeds"][0])


async def test_mention_without_a_question_gets_a_nudge(live: BotUnderTest) -> None:
    reply = await live.fake.send_mention("")
    assert reply is not None and "/help" in reply["content"]
    # The series and the example question come from the knowledge and its lexicon.
    assert "One Litre of Tears" in reply["content"] and "“who played Haruto?”" in reply["content"]


async def test_help_and_nudge_name_the_loaded_series_only() -> None:
    second = Engine.from_path(Path(__file__).resolve().parent / "series" / "harbour-lights.yaml")
    async with namida_on_fake(engine=second) as live:
        page = embed_text(only_embed(await slash(live, "help")))
        nudge = await live.fake.send_mention("")
    assert nudge is not None
    assert "the 1999 drama **Harbour Lights** (港の灯, Minato no Akari)" in page
    assert "e.g. `/cast Kaito`" in page and "who played Kaito?”" in page
    assert "e.g. `/quiz start rounds:5 topic:cast`" in page  # the code's own, naming no one
    assert "Harbour Lights" in nudge["content"] and "who played Kaito?" in nudge["content"]
    shipped = shipped_engine().knowledge
    names = {c.name for c in shipped.characters} | {s.title for s in shipped.songs}
    for name in (*names, shipped.series.title, "Haruto", "Konayuki"):
        assert name not in page and name not in nudge["content"], name


async def test_messages_from_bots_and_without_mentions_are_ignored(live: BotUnderTest) -> None:
    fake = live.fake
    other_bot = fake.make_user("another_bot", bot=True)
    await mention(fake, "who played Haruto?", author=other_bot)
    await fake.send_message("who played Haruto?")
    await fake.send_message(f"<@{fake.owner['id']}> who played Haruto?", mentions=[fake.owner])
    # Events are handled in order: by the time this one is answered, a reply to
    # any of the three above would have been sent already.
    answered = await answer_to(fake, await mention(fake, "who played Aya?"))
    assert fake.channel_messages == [answered]


# ----------------------------------------------------------------- cooldown


@contextlib.asynccontextmanager
async def cooldown_on_fake(
    rate: int, per: float
) -> AsyncIterator[tuple[BotUnderTest, ManualClock]]:
    """The bot with a ``rate`` per ``per`` seconds cooldown on a clock the test moves."""
    clock = ManualClock()
    async with namida_on_fake(cooldown_rate=rate, cooldown_seconds=per) as live:
        live.client.cooldown = UserCooldown(rate, per, clock=clock)
        yield live, clock


async def test_cooldown_refuses_kindly_then_recovers() -> None:
    async with cooldown_on_fake(2, 10) as (live, clock):
        assert not (await slash(live, "episode", episode="8")).ephemeral
        clock.now += 4
        assert not (await slash(live, "track", track="22")).ephemeral
        refused = await slash(live, "episode", episode="8")
        assert refused.ephemeral and refused.embeds == []
        assert refused.content is not None and "Slow down" in refused.content
        assert "try again in 6 s" in refused.content  # when the first use leaves the window
        assert_pings_no_one(refused)
        # Another user is not affected.
        other = live.fake.make_user("haruto_fan")
        handle = await live.fake.send_slash_command("episode", {"episode": "8"}, user=other)
        assert not (await handle.response()).ephemeral
        clock.now += 5.5
        almost = await slash(live, "episode", episode="8")
        assert almost.ephemeral and "try again in 1 s" in (almost.content or "")
        clock.now += 0.5
        assert not (await slash(live, "episode", episode="8")).ephemeral


async def test_mentions_share_the_cooldown_and_warn_once() -> None:
    async with cooldown_on_fake(1, 10) as (live, clock):
        fake = live.fake
        first = await answer_to(fake, await mention(fake, "who played Haruto?"))
        assert first["embeds"]
        warned = await answer_to(fake, await mention(fake, "who played Aya?"))
        assert "Slow down" in warned["content"] and "try again in 10 s" in warned["content"]
        await mention(fake, "who played Ako?")  # no second warning
        refused = await slash(live, "episode", episode="8")
        assert refused.ephemeral and "Slow down" in (refused.content or "")
        clock.now += 10
        again = await answer_to(fake, await mention(fake, "who played Haruto?"))
        assert "Nishikido Ryo" in embed_text(again["embeds"][0])
        # Handled in order: a warning for "Ako" would have come before this answer.
        assert fake.channel_messages == [first, warned, again]


# ----------------------------------------------------------------- errors


class ExplodingEngine:
    """The real engine, except that the named methods raise."""

    def __init__(self, real: Any, *broken: str) -> None:
        self._real = real
        self._broken = set(broken)

    def __getattr__(self, name: str) -> Any:
        if name in self._broken:

            def explode(*args: Any, **kwargs: Any) -> Any:
                raise RuntimeError(f"test failure in {name}")

            return explode
        return getattr(self._real, name)


async def test_an_exception_gets_an_apology_and_the_bot_keeps_answering(
    live: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    bot: NamidaBot = live.client
    bot.engine = ExplodingEngine(shipped_engine(), "episode", "ask")  # type: ignore[assignment]
    with caplog.at_level(logging.INFO):
        reply = await slash(live, "episode", episode="8")
    assert reply.ephemeral and "Sorry, something went wrong" in (reply.content or "")
    assert_pings_no_one(reply)
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert failures and failures[0].exc_info is not None
    assert "test failure in episode" in caplog.text  # the traceback is in the log

    # A mention that fails gets the apology too.
    apology = await live.fake.send_mention("who played Haruto?")
    assert apology is not None and "Sorry" in apology["content"]

    # Other commands still work, and so does the repaired one.
    assert "Track 22" in only_embed(await slash(live, "track", track="22"))["title"]
    bot.engine = shipped_engine()
    assert "1 litre of tears" in only_embed(await slash(live, "episode", episode="8"))["title"]


async def test_a_failure_after_answering_uses_a_follow_up() -> None:
    async with namida_on_fake() as live:
        bot: NamidaBot = live.client

        @app_commands.command(name="half", description="Answers, then fails")
        async def half(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("partly", allowed_mentions=no_one())
            raise RuntimeError("after the answer")

        bot.tree.add_command(half)
        await bot.tree.sync()
        handle = await live.fake.send_slash_command("half")
        assert (await handle.response()).content == "partly"
        followup = await handle.followup()
        assert "Sorry" in followup["content"] and followup["flags"] & EPHEMERAL


def no_one() -> discord.AllowedMentions:
    return discord.AllowedMentions.none()


async def test_an_expired_interaction_is_not_a_second_error(
    live: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    live.fake.fail_next("callback", 404, times=2)  # the answer and then the apology fail
    with caplog.at_level(logging.WARNING):
        handle = await live.fake.send_slash_command("episode", {"episode": "8"})
        await live.fake.wait_until(lambda: handle.attempts >= 2, 5, "the apology attempt")
        await live.fake.wait_until(
            lambda: "could not tell the user" in caplog.text, 5, "the failed apology's log line"
        )
    assert "could not tell the user" in caplog.text
    assert not any("Ignoring exception" in r.getMessage() for r in caplog.records)
    assert "1 litre of tears" in only_embed(await slash(live, "episode", episode="8"))["title"]


# ----------------------------------------------------------------- logging


async def test_one_info_line_per_answer_without_content_or_ids(
    live: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot"):
        await slash(live, "ask", question="who played Haruto?")
        await live.fake.send_mention("who played Haruto?")
        await live.fake.wait_until(  # the line is written just after the reply is sent
            lambda: sum(r.getMessage().startswith("answered ") for r in caplog.records) >= 2,
            5,
            "both answers' log lines",
        )
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("bot.")]
    answered = [line for line in lines if line.startswith("answered ")]
    assert len(answered) == 2
    assert answered[0].startswith("answered /ask status=found in ")
    assert answered[1].startswith("answered mention status=found in ")
    assert all(line.endswith(" ms") for line in answered)
    text = "\n".join(lines)
    assert "Haruto" not in text and live.fake.owner["id"] not in text


# ----------------------------------------------------------------- sharding


async def test_sharded_settings_give_an_auto_sharded_bot() -> None:
    async with namida_on_fake(shard_count=2, fake_options={"shard_count": 2, "guild_count": 2}) as (
        fake,
        bot,
    ):
        assert isinstance(bot, ShardedNamidaBot) and isinstance(bot, discord.AutoShardedClient)
        assert bot.shard_count == 2 and len(bot.guilds) == 2
        for guild in fake.guilds:
            handle = await fake.send_slash_command("track", {"track": "22"}, guild_id=guild.id)
            assert "Track 22" in only_embed(await handle.response())["title"]
