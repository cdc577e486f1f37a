"""The per-user cooldown and reading a question out of a mention, without Discord."""

from __future__ import annotations

import pytest
from discord_helpers import ManualClock

from bot.discord_app import cooldown
from bot.discord_app.cogs.ask import mention_question
from bot.discord_app.cooldown import UserCooldown

BOT = 1234567890123456789


def test_a_sliding_window_per_user() -> None:
    clock = ManualClock(100.0)
    limit = UserCooldown(2, 10, clock=clock)
    assert limit.hit(1) is None
    clock.now += 4
    assert limit.hit(1) is None
    assert limit.hit(1) == pytest.approx(6)  # the first hit leaves the window in 6 s
    assert limit.hit(2) is None  # someone else
    clock.now += 6
    assert limit.hit(1) is None
    assert limit.hit(1) == pytest.approx(4)


def test_rate_zero_turns_it_off() -> None:
    limit = UserCooldown(0, 10)
    assert all(limit.hit(1) is None for _ in range(100))


def test_first_refusal_once_per_window() -> None:
    clock = ManualClock(100.0)
    limit = UserCooldown(1, 10, clock=clock)
    assert limit.hit(1) is None
    retry = limit.hit(1)
    assert retry is not None
    assert limit.first_refusal(1, retry)
    assert not limit.first_refusal(1, retry)
    clock.now += 10
    assert limit.hit(1) is None


def test_idle_users_are_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cooldown, "_PRUNE_AT", 3)
    clock = ManualClock(100.0)
    limit = UserCooldown(1, 10, clock=clock)
    for user in (1, 2, 3):
        limit.hit(user)
    clock.now += 11
    limit.hit(4)
    assert set(limit._hits) == {4}


@pytest.mark.parametrize(
    ("content", "question"),
    [
        (f"<@{BOT}> who played Haruto?", "who played Haruto?"),
        (f"<@!{BOT}> who played Haruto?", "who played Haruto?"),
        (f"who played   Haruto, <@{BOT}>?", "who played Haruto?"),
        (f"<@{BOT}>: who played Haruto?", "who played Haruto?"),
        (f"<@{BOT}>", ""),
        ("who played Haruto?", None),
        (f"<@{BOT + 1}> who played Haruto?", None),
        (f"<@&{BOT}> who played Haruto?", None),  # a role with the same id is not the bot
    ],
)
def test_mention_question(content: str, question: str | None) -> None:
    assert mention_question(content, BOT) == question
