"""/quiz played by the real bot through the loopback fake Discord.

Every body the bot sends (the /quiz answers, question messages, the type 7
reveals, the ephemeral notes, edits, the summary, the leaderboard pages) is
validated against Discord's OpenAPI description by the fake, including
``allowed_mentions`` parsing nothing; the harness fails a test at teardown
otherwise. Time never passes on its own: the quiz's timer and clock are manual.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import pytest
from discord_helpers import embed_text, make_settings, namida_on_fake, shipped_engine
from fake_discord import BotUnderTest, fake_discord, running_client
from fake_discord.payloads import BASIC_PERMISSIONS, MANAGE_MESSAGES
from fake_discord.server import FakeDiscord
from quiz_helpers import (
    SPOILER,
    button_id,
    buttons,
    edited,
    expected_questions,
    question_message,
    quiz_cog,
    rig,
    with_v2,
)

from bot.discord_app.client import NamidaBot, create_bot
from bot.engine.engine import Engine
from bot.quiz import messages
from bot.quiz.generate import Topic, generate
from bot.store import GuildSettings, StoreError

pytestmark = pytest.mark.timeout(60)

EPHEMERAL = 64
SUCCESS = 3  # button style


@pytest.fixture
async def live() -> AsyncIterator[BotUnderTest]:
    async with namida_on_fake() as running:
        yield running


async def start(
    fake: FakeDiscord, rounds: int, *, user: dict[str, Any] | None = None, **options: Any
) -> dict[str, Any]:
    handle = await fake.send_slash_command("quiz start", {"rounds": rounds, **options}, user=user)
    reply = await handle.response()
    assert reply.type == 4 and not reply.ephemeral, reply.body
    return reply.embeds[0]


def assert_pings_no_one(body: dict[str, Any]) -> None:
    mentions = body.get("allowed_mentions")
    assert mentions is not None and mentions.get("parse") == [], body
    assert not mentions.get("users") and not mentions.get("roles")


async def test_a_whole_session(live: BotUnderTest) -> None:
    fake = live.fake
    timer, clock = rig(live)
    questions = expected_questions(live, 3)
    aya, haru, mizu = (fake.make_user(n) for n in ("aya_fan", "haru_fan", "mizu_fan"))

    intro = await start(fake, 3, user=aya)
    assert "3 questions" in intro["description"] and "2 points" in intro["description"]

    # Question 1: a wrong click, a repeat, the winning click, a late one.
    first = await question_message(fake, 1, 3)
    assert [b["label"] for b in buttons(first)] == list(questions[0].choices)
    assert all(not b.get("disabled") for b in buttons(first))
    assert_pings_no_one(fake._message_records[first["id"]].body)
    right = questions[0].answer
    wrong = (right + 1) % 4

    note = await (await fake.click(first, button_id(wrong), user=aya)).response()
    assert note.type == 4 and note.ephemeral and note.content == messages.WRONG
    again = await (await fake.click(first, button_id(right), user=aya)).response()
    assert again.ephemeral and again.content == messages.ALREADY_ANSWERED
    win = await (await fake.click(first, button_id(right), user=haru)).response()
    assert win.type == 7, win.body  # the winning click's own response is the reveal
    reveal = win.data or {}
    text = embed_text(reveal["embeds"][0])
    assert questions[0].correct in text and f"<@{haru['id']}>" in text and "+2" in text
    assert "Source:" in text
    shown = [b for row in reveal["components"] for b in row["components"]]
    assert all(b["disabled"] for b in shown)
    assert [b["style"] == SUCCESS for b in shown] == [i == right for i in range(4)]
    late = await (await fake.click(first, button_id(right), user=mizu)).response()
    assert late.ephemeral and late.content == messages.ALREADY_WON

    await timer.expire(fake, 5.0)  # the pause before the next question

    # Question 2: nobody answers; the time runs out and the bot edits the message itself.
    second = await question_message(fake, 2, 3)
    await timer.expire(fake, 20.0)  # the default time limit
    await fake.wait_until(lambda: fake.edits_of(second["id"]), 5.0, "the reveal of question 2")
    [edit] = fake.edits_of(second["id"])
    assert edit.via == "channel"
    assert messages.REVEAL_NOBODY in embed_text(edit.body["embeds"][0])
    assert all(b["disabled"] for row in edit.body["components"] for b in row["components"])
    assert_pings_no_one(edit.body)
    closed = await (await fake.click(second, button_id(0), user=aya)).response()
    assert closed.ephemeral and closed.content == messages.TOO_LATE
    await timer.expire(fake, 5.0)

    # Question 3: a slow but right answer scores 1 point.
    third = await question_message(fake, 3, 3)
    clock.now += 15  # past half of the 20 s
    slow = await (await fake.click(third, button_id(questions[2].answer), user=aya)).response()
    assert slow.type == 7 and "+1" in embed_text((slow.data or {})["embeds"][0])

    # The summary, then the leaderboard.
    summary = await fake.wait_until(
        lambda: next(
            (m for m in fake.channel_messages if m["embeds"][0]["title"] == "Quiz over"), None
        ),
        5.0,
        "the summary",
    )
    lines = summary["embeds"][0]["description"].splitlines()
    assert lines == [f"1. <@{haru['id']}>: 2", f"2. <@{aya['id']}>: 1"]
    # No view is kept per question once it is answered (discord.py's store, read directly):
    # only the persistent one that answers stray clicks.
    views = live.client._connection._view_store._views
    assert list(views) == [None] and len(views[None]) == 4
    await live.client.writer.flush()
    board = await (await fake.send_slash_command("quiz leaderboard", user=aya)).response()
    text = embed_text(board.embeds[0])
    assert f"1. <@{haru['id']}>: 2" in text and "#2 with 1 points" in text
    assert not board.ephemeral


# ----------------------------------------------------------------- many clicks at once


async def test_fifty_clicks_in_one_second_make_one_winner(live: BotUnderTest) -> None:
    fake = live.fake
    timer, _ = rig(live)
    [question] = expected_questions(live, 1)
    await start(fake, 1)
    message = await question_message(fake, 1, 1)
    players = [fake.make_user(f"fan{i}") for i in range(50)]
    # Every fifth player picks the right answer; all fifty click before any answer is read.
    picks = [
        question.answer if i % 5 == 0 else (question.answer + 1 + i % 3) % 4 for i in range(50)
    ]
    handles = await asyncio.gather(
        *(fake.click(message, button_id(p), user=u) for u, p in zip(players, picks, strict=True))
    )
    replies = [await h.response() for h in handles]

    reveals = [r for r in replies if r.type == 7]
    assert len(reveals) == 1  # exactly one winner, whose click revealed the answer
    winner = handles[replies.index(reveals[0])].payload["member"]["user"]["id"]
    assert picks[[u["id"] for u in players].index(winner)] == question.answer
    notes = [r for r in replies if r.type == 4]
    assert len(notes) == 49 and all(r.ephemeral for r in notes)
    assert {r.content for r in notes} <= {messages.WRONG, messages.ALREADY_WON}

    summary = await fake.wait_until(
        lambda: next(
            (m for m in fake.channel_messages if m["embeds"][0]["title"] == "Quiz over"), None
        ),
        5.0,
        "the summary",
    )
    assert summary["embeds"][0]["description"] == f"1. <@{winner}>: 2"  # scored once
    assert len(fake.edits_of(message["id"])) == 1  # fifty clicks, one reveal edit
    await live.client.writer.flush()
    board = await live.client.store.leaderboard(fake.guild.id)
    assert [(s.user_id, s.points, s.correct) for s in board][:1] == [(int(winner), 2, 1)]
    assert sum(s.answered for s in board) == 50 - notes_already_won(replies)
    assert timer.expired == 0  # the round ended on the win, not on the timer


async def test_a_click_before_the_bot_knows_its_question_was_posted(live: BotUnderTest) -> None:
    fake = live.fake
    rig(live)
    [question] = expected_questions(live, 1)
    release = fake.hold_next("channel_message", method="POST")
    await start(fake, 1)
    # The question is on Discord, but the bot has not read the answer to posting it yet.
    message = await question_message(fake, 1, 1)
    handle = await fake.click(message, button_id(question.answer))
    release.set()
    reply = await handle.response()
    assert reply.type == 7  # judged as the current question, not as a leftover
    assert question.correct in embed_text((reply.data or {})["embeds"][0])


# ----------------------------------------------------------------- channels, stop, restart


async def test_two_channels_play_at_once(live: BotUnderTest) -> None:
    fake = live.fake
    timer, _ = rig(live)
    other = fake.guild.add_channel()
    here = fake.guild.channel_id
    await start(fake, 2)
    handle = await fake.send_slash_command("quiz start", {"rounds": 2}, channel_id=other)
    assert (await handle.response()).type == 4
    # A second quiz in the same channel is refused.
    again = await (await fake.send_slash_command("quiz start", {"rounds": 2})).response()
    assert again.ephemeral and again.content == messages.ALREADY_RUNNING

    questions = expected_questions(live, 2)
    first_here = await question_message(fake, 1, 2, here)
    first_there = await question_message(fake, 1, 2, other)
    aya, haru = fake.make_user("aya_fan"), fake.make_user("haru_fan")
    right = button_id(questions[0].answer)
    assert (await (await fake.click(first_there, right, user=haru)).response()).type == 7
    assert (await (await fake.click(first_here, right, user=aya)).response()).type == 7
    for _ in range(2):
        await timer.expire(fake, 5.0)  # the pause in each channel
    for channel in (here, other):
        await question_message(fake, 2, 2, channel)
    for _ in range(2):
        await timer.expire(fake, 20.0)  # nobody answers question 2 anywhere

    def summaries() -> list[dict[str, Any]] | None:
        found = [m for m in fake.channel_messages if m["embeds"][0]["title"] == "Quiz over"]
        return found if len(found) == 2 else None

    by_channel = {m["channel_id"]: m for m in await fake.wait_until(summaries, 5.0, "summaries")}
    assert by_channel[str(here)]["embeds"][0]["description"] == f"1. <@{aya['id']}>: 2"
    assert by_channel[str(other)]["embeds"][0]["description"] == f"1. <@{haru['id']}>: 2"


async def test_stop_needs_the_starter_or_manage_messages(live: BotUnderTest) -> None:
    fake = live.fake
    rig(live)
    starter, passer_by, moderator = (fake.make_user(n) for n in ("aya_fan", "fan", "mod"))
    await start(fake, 5, user=starter)
    message = await question_message(fake, 1, 5)

    refused = await (await fake.send_slash_command("quiz stop", user=passer_by)).response()
    assert refused.ephemeral and refused.content == messages.STOP_REFUSED
    assert quiz_cog(live).sessions  # still running

    handle = await fake.send_slash_command(
        "quiz stop", user=moderator, permissions=BASIC_PERMISSIONS | MANAGE_MESSAGES
    )
    stopped = await handle.response()
    assert not stopped.ephemeral and f"<@{moderator['id']}>" in embed_text(stopped.embeds[0])
    await fake.wait_until(lambda: fake.edits_of(message["id"]), 5.0, "the stopped question")
    edited = fake.find_message(message["id"])
    assert edited is not None and edited["content"] == messages.STOPPED
    assert all(b["disabled"] for b in buttons(edited))
    assert not quiz_cog(live).sessions
    gone = await (await fake.send_slash_command("quiz stop", user=starter)).response()
    assert gone.ephemeral and gone.content == messages.NOT_RUNNING


async def test_the_starter_may_stop_their_quiz(live: BotUnderTest) -> None:
    fake = live.fake
    rig(live)
    starter = fake.make_user("aya_fan")
    await start(fake, 5, user=starter)
    await question_message(fake, 1, 5)
    stopped = await (await fake.send_slash_command("quiz stop", user=starter)).response()
    assert not stopped.ephemeral and messages.SUMMARY_NOBODY in embed_text(stopped.embeds[0])
    # The channel is free again.
    await start(fake, 1, user=starter)


@contextlib.asynccontextmanager
async def namida_process(fake: FakeDiscord, db: Path) -> AsyncIterator[NamidaBot]:
    """One run of the bot on ``fake`` (a restart is a second one), sharing the database."""
    config = make_settings(misses_db=db)
    async with running_client(fake, lambda: create_bot(config, shipped_engine())) as bot:
        await bot.tree.sync()
        yield bot


async def test_a_restart_ends_the_quiz_and_keeps_its_points() -> None:
    with tempfile.TemporaryDirectory(prefix="namida-test-") as scratch:
        db = Path(scratch) / "namida.sqlite3"
        async with fake_discord() as fake:
            async with namida_process(fake, db) as bot:
                live = BotUnderTest(fake, bot)
                timer, _ = rig(live)
                questions = expected_questions(live, 3)
                await start(fake, 3)
                first = await question_message(fake, 1, 3)
                fan = fake.make_user("aya_fan")
                right = button_id(questions[0].answer)
                assert (await (await fake.click(first, right, user=fan)).response()).type == 7
                await timer.expire(fake, 5.0)  # the pause
                second = await question_message(fake, 2, 3)
            # Shutting down edited the running question to say so, buttons disabled;
            # the question already answered was left as it was.
            assert [e.via for e in fake.edits_of(first["id"])] == ["callback"]
            ended = fake.find_message(second["id"])
            assert ended is not None and ended["content"] == messages.RESTARTED
            assert all(b["disabled"] for b in buttons(ended))

            async with namida_process(fake, db) as bot:
                live = BotUnderTest(fake, bot)
                board = await (await fake.send_slash_command("quiz leaderboard")).response()
                assert f"1. <@{fan['id']}>: 2" in embed_text(board.embeds[0])
                # A new quiz can start in the same channel.
                rig(live)
                await start(fake, 1)


async def test_a_click_on_a_question_from_before_a_restart_is_answered() -> None:
    with tempfile.TemporaryDirectory(prefix="namida-test-") as scratch:
        db = Path(scratch) / "namida.sqlite3"
        async with fake_discord() as fake:
            async with namida_process(fake, db) as bot:
                rig(BotUnderTest(fake, bot))
                await start(fake, 3)
                question = await question_message(fake, 1, 3)
                # The process dies without a word: its last edit never reaches Discord.
                fake.fail_next(r"^/channels/\d+/messages/\d+$", 404, method="PATCH")
            leftover = fake.find_message(question["id"])
            assert leftover is not None and not any(b.get("disabled") for b in buttons(leftover))

            async with namida_process(fake, db):
                reply = await (await fake.click(question, button_id(0))).response()
            assert reply.type == 7 and (reply.data or {})["content"] == messages.ENDED
            assert all(b["disabled"] for b in buttons(fake.find_message(question["id"]) or {}))


# ----------------------------------------------------------------- failures keep the points


async def test_a_rate_limited_reveal_is_retried_and_scores_once(live: BotUnderTest) -> None:
    fake = live.fake
    rig(live)
    [question] = expected_questions(live, 1)
    await start(fake, 1)
    message = await question_message(fake, 1, 1)
    fan = fake.make_user("aya_fan")
    fake.fail_next("callback", 429)
    handle = await fake.click(message, button_id(question.answer), user=fan)
    reply = await handle.response()
    assert reply.type == 7 and handle.attempts == 2 and handle.deliveries == 1
    summary = await _summary(fake)
    assert summary["embeds"][0]["description"] == f"1. <@{fan['id']}>: 2"
    await live.client.writer.flush()
    mine = await live.client.store.rank(fake.guild.id, int(fan["id"]))
    assert mine is not None and (mine.points, mine.answered, mine.correct) == (2, 1, 1)


async def test_a_failed_reveal_loses_no_points_and_the_quiz_goes_on(live: BotUnderTest) -> None:
    fake = live.fake
    timer, _ = rig(live)
    questions = expected_questions(live, 2)
    await start(fake, 2)
    first = await question_message(fake, 1, 2)
    fan = fake.make_user("aya_fan")
    # The winning click's reveal fails for good: the round's loop edits the message
    # instead, and that edit is rate limited once, then goes through.
    fake.fail_next("callback", 404)
    fake.fail_next(r"^/channels/\d+/messages/\d+$", 429, method="PATCH")
    await fake.click(first, button_id(questions[0].answer), user=fan)
    await fake.wait_until(lambda: fake.edits_of(first["id"]), 5.0, "the reveal by edit")
    [edit] = fake.edits_of(first["id"])
    assert edit.via == "channel" and f"<@{fan['id']}>" in embed_text(edit.body["embeds"][0])
    await timer.expire(fake, 5.0)
    second = await question_message(fake, 2, 2)
    # The next reveal cannot be written at all (the message was deleted): no matter.
    fake.fail_next(r"^/channels/\d+/messages/\d+$", 404, method="PATCH")
    await timer.expire(fake, 20.0)
    summary = await _summary(fake)
    assert summary["embeds"][0]["description"] == f"1. <@{fan['id']}>: 2"
    assert not fake.edits_of(second["id"])
    await live.client.writer.flush()
    mine = await live.client.store.rank(fake.guild.id, int(fan["id"]))
    assert mine is not None and (mine.points, mine.answered, mine.correct) == (2, 1, 1)


def notes_already_won(replies: list[Any]) -> int:
    """Clicks that came after the win: not judged, so not stored."""
    return sum(1 for r in replies if r.content == messages.ALREADY_WON)


async def test_a_channel_the_bot_cannot_post_in_ends_the_quiz_politely(
    live: BotUnderTest,
) -> None:
    fake = live.fake
    rig(live)
    fake.fail_next("channel_message", 403)
    handle = await fake.send_slash_command("quiz start", {"rounds": 2})
    assert (await handle.response()).type == 4
    note = await handle.followup(0)
    assert note["content"] == messages.CANNOT_POST and note["flags"] & EPHEMERAL
    await fake.wait_until(lambda: not quiz_cog(live).sessions, 5.0, "the quiz to end")
    await start(fake, 1)  # the channel is free again


@pytest.mark.parametrize("reveal", [False, True])
async def test_spoilers_follow_the_servers_setting(reveal: bool) -> None:
    knowledge = edited(shipped_engine().knowledge, with_v2)
    async with namida_on_fake(engine=Engine(knowledge)) as live:
        fake = live.fake
        # A seed whose episode quiz asks a spoiler first, when spoilers may be asked.
        seed = next(
            s
            for s in range(1000)
            if generate(knowledge, rounds=1, seed=s, topic=Topic.EPISODES, allow_spoilers=True)[
                0
            ].spoiler
        )
        rig(live, seed)
        await live.client.guild_settings.save(fake.guild.id, GuildSettings(reveal_spoilers=reveal))
        [question] = expected_questions(live, 1, Topic.EPISODES, seed=seed, allow_spoilers=reveal)
        assert question.spoiler is reveal
        await start(fake, 1, topic="episodes")
        message = await question_message(fake, 1, 1)
        shown = message["embeds"][0]["description"]
        prompt, closes = shown.split("\n\n")
        assert prompt == discord.utils.escape_markdown(question.prompt)
        assert re.fullmatch(r"Closes <t:\d+:R>\.", closes)
        assert (SPOILER in shown) is (reveal and SPOILER in question.prompt)


async def test_a_topic_with_few_or_no_questions() -> None:
    def doubtful_specials(data: dict[str, Any]) -> None:
        for special in data["specials"]:
            special["confidence"] = "medium"
        # Few production questions: without the related works and the awards.
        data["series"]["based_on"] = []
        data["works"] = []
        data["reception"] = []

    def unstaffed_specials(data: dict[str, Any]) -> None:
        for special in data["specials"]:
            special.pop("staff", None)

    shipped = shipped_engine().knowledge
    async with namida_on_fake(engine=Engine(edited(shipped, doubtful_specials))) as live:
        rig(live)
        handle = await live.fake.send_slash_command("quiz start", {"topic": "special"})
        nothing = await handle.response()
        assert nothing.ephemeral and nothing.content == messages.NOTHING_TO_ASK
        assert not quiz_cog(live).sessions

        # The engine is read at each command: now each special has only its year to ask.
        live.client.engine = Engine(edited(shipped, unstaffed_specials))
        few = len(expected_questions(live, 20, Topic.SPECIAL))
        assert few == len(shipped.specials) < 20
        intro = await start(live.fake, 20, topic="special")
        assert messages.FEWER.format(count=few) in intro["description"]
        await question_message(live.fake, 1, few)


async def _summary(fake: FakeDiscord) -> dict[str, Any]:
    return await fake.wait_until(
        lambda: next(
            (m for m in fake.channel_messages if m["embeds"][0]["title"] == "Quiz over"), None
        ),
        5.0,
        "the summary",
    )


# ----------------------------------------------------------------- the leaderboard


async def test_the_leaderboard_pages_and_shows_the_askers_rank(live: BotUnderTest) -> None:
    fake = live.fake
    writer = live.client.writer
    for user_id in range(1, 24):  # 23 players: three pages
        writer.record_score(fake.guild.id, user_id, 100 - user_id, True)
    asker = fake.make_user("aya_fan")
    writer.record_score(fake.guild.id, int(asker["id"]), 90, True)  # 10th, with <@10>
    writer.record_score(fake.guild.id + 1, 1, 1000, True)  # another server's
    await writer.flush()

    handle = await fake.send_slash_command("quiz leaderboard", user=asker)
    board = await handle.response()
    text = embed_text(board.embeds[0])
    assert "1. <@1>: 99" in text and "10. <@10>: 90" in text and "<@11>" not in text
    assert "#10 with 90 points" in text  # equal points, equal rank
    assert "Page 1" in text and "1000" not in text
    previous, following = [b for row in board.data["components"] for b in row["components"]]
    assert previous["disabled"] and not following.get("disabled")

    turned = await (await fake.click(handle.original, following["custom_id"])).response()
    assert turned.type == 7
    text = embed_text(turned.embeds[0])
    assert "Page 2" in text and "<@1>:" not in text and "20. <@19>: 81" in text
    assert f"<@{asker['id']}>: You: #10" in text  # still the asker's own rank

    # A period: every point here was scored today, so the week holds them all.
    other = await (await fake.send_slash_command("quiz leaderboard", {"period": "week"})).response()
    assert "10. <@10>: 90" in embed_text(other.embeds[0])
    assert "last 7 days" in other.embeds[0]["title"]


async def test_leaderboard_pages_turn_off_when_they_time_out(live: BotUnderTest) -> None:
    handle = await live.fake.send_slash_command("quiz leaderboard")
    await handle.response()
    assert handle.original is not None
    # What discord.py's view timer calls after board_timeout seconds, called now.
    items = live.client._connection._view_store._views[int(handle.original["id"])]
    board = next(iter(items.values())).view
    assert board.timeout == quiz_cog(live).board_timeout
    await board.on_timeout()
    edit = await handle.edit(0)
    assert all(b["disabled"] for row in edit["components"] for b in row["components"])
    assert edit["allowed_mentions"] == {"parse": []}


async def test_an_empty_leaderboard(live: BotUnderTest) -> None:
    board = await (await live.fake.send_slash_command("quiz leaderboard")).response()
    text = embed_text(board.embeds[0])
    assert messages.LEADERBOARD_EMPTY in text and "You have no points yet." in text


async def test_unreadable_scores_get_a_friendly_answer(
    live: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise StoreError("database is locked")

    monkeypatch.setattr(live.client.store, "leaderboard", broken)
    reply = await (await live.fake.send_slash_command("quiz leaderboard")).response()
    assert reply.ephemeral and reply.content == messages.SCORES_UNAVAILABLE
