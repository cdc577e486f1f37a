"""Driving /quiz through the fake Discord without waiting on the wall clock.

:class:`ManualTimer` replaces the quiz's ``sleep``: a round's time runs out only
when the test says so (``await timer.expire()``); zero-second sleeps (the pause
between questions in tests) pass at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from discord_helpers import ManualClock
from fake_discord import BotUnderTest
from fake_discord.server import FakeDiscord

from bot.discord_app.cogs.quiz import CUSTOM_ID, Quiz
from bot.knowledge.models import Knowledge
from bot.quiz.generate import Difficulty, Question, Topic, generate

SEED = 20051011


class ManualTimer:
    """Sleeps that end when the test expires them, oldest first."""

    def __init__(self) -> None:
        self.pending: list[tuple[float, asyncio.Future[None]]] = []
        self.expired = 0

    async def __call__(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.pending.append((seconds, future))
        try:
            await future
        finally:
            self.pending = [p for p in self.pending if p[1] is not future]

    async def expire(self, fake: FakeDiscord, seconds: float | None = None) -> float:
        """End the oldest sleep still running (of ``seconds``, if given); return its length.

        Waits for such a sleep to start. A round's timer that a win has already
        made pointless may linger for a moment, which is why a test names the
        length it means (the round's 20 s, the pause's 5 s).
        """
        live = await fake.wait_until(
            lambda: [p for p in self.pending if not p[1].done() and seconds in (None, p[0])],
            5.0,
            "a quiz timer",
        )
        seconds, future = live[0]
        future.set_result(None)
        self.expired += 1
        return seconds


def quiz_cog(live: BotUnderTest) -> Quiz:
    # Not isinstance: discord.py executes an extension's module afresh when it
    # loads it, so the class differs from the one this file imported.
    cog = live.client.get_cog("Quiz")
    assert cog is not None and type(cog).__name__ == Quiz.__name__
    return cog  # type: ignore[no-any-return]


def rig(live: BotUnderTest, seed: int = SEED) -> tuple[ManualTimer, ManualClock]:
    """A manual timer and clock, and a fixed seed, for the bot's quiz."""
    cog = quiz_cog(live)
    timer, clock = ManualTimer(), ManualClock()
    cog.sleep = timer
    cog.clock = clock
    cog.seed = lambda: seed
    return timer, clock


def expected_questions(
    live: BotUnderTest,
    rounds: int,
    topic: Topic = Topic.ALL,
    difficulty: Difficulty = Difficulty.NORMAL,
    seed: int = SEED,
    allow_spoilers: bool = False,
) -> list[Question]:
    """The questions the bot will ask for this seed (the generator is deterministic)."""
    knowledge = live.client.engine.knowledge
    return generate(
        knowledge,
        rounds=rounds,
        seed=seed,
        topic=topic,
        difficulty=difficulty,
        allow_spoilers=allow_spoilers,
    )


def button_id(index: int) -> str:
    return CUSTOM_ID.format(index=index)


def question_title(number: int, total: int) -> str:
    return f"Quiz: question {number} of {total}"


async def question_message(
    fake: FakeDiscord, number: int, total: int, channel_id: int | None = None
) -> dict[str, Any]:
    """The channel message asking question ``number``."""
    title = question_title(number, total)

    def find() -> dict[str, Any] | None:
        for message in fake.channel_messages:
            embeds = message.get("embeds") or []
            if channel_id is not None and message["channel_id"] != str(channel_id):
                continue
            if embeds and embeds[0].get("title") == title and message.get("components"):
                return message
        return None

    return await fake.wait_until(find, 5.0, f"quiz question {number}")


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message.get("components") or [] for c in row["components"]]


# ----------------------------------------------------------------- edited knowledge


def edited(knowledge: Knowledge, change: Callable[[dict[str, Any]], None]) -> Knowledge:
    """``knowledge`` changed by ``change`` on its dumped form, and validated again."""
    data = knowledge.model_dump(mode="json", exclude_defaults=True)
    change(data)
    return Knowledge.model_validate(data)


SPOILER = "In the end she can no longer walk at all."


def with_v2(data: dict[str, Any]) -> None:
    sources = data["episodes"][0]["sources"]
    # The ties below replace whatever the file has, so they cannot clash with it.
    for member in (*data["characters"], *data.get("people", ())):
        member.pop("relations", None)
    chars = {c["id"]: c for c in data["characters"]}
    ids = list(chars)
    lead, second, third, fourth = ids[0], ids[1], ids[2], ids[3]
    chars[third]["relations"] = [{"kind": "parent", "of": lead}]
    chars[fourth]["relations"] = [{"kind": "parent", "of": lead}, {"kind": "spouse", "of": third}]
    chars[second]["relations"] = [
        {"kind": "classmate", "of": lead},
        {"kind": "love-interest", "of": lead},
    ]
    data["episodes"][0]["plot"] = [
        {"text": "A girl trips on the way to school.", "sources": sources},
        {"text": SPOILER, "spoiler": True, "sources": sources},
    ]
    data["episodes"][4]["plot"] = [
        {"text": "A class trip goes wrong.", "sources": sources},
        {"text": "A doctor gives a hard answer.", "spoiler": True, "sources": sources},
    ]
    data["episodes"][2]["staff"] = [
        {"job": "Director", "people": [data["people"][-1]["id"]], "sources": sources}
    ]
    data["reception"] = [
        {
            "kind": "award",
            "name": "A Television Prize",
            "category": "Best drama",
            "year": 2006,
            "result": "won",
            "description": "A prize for the year's dramas.",
            "sources": sources,
        },
        {
            "kind": "award",
            "name": "Another Prize",
            "year": 2006,
            "result": "nominated",
            "description": "Only nominated: never asked.",
            "sources": sources,
        },
    ]
    data["songs"][1]["release"] = {"date": "2005-11-16", "sources": sources}
