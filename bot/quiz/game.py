"""The rules of one quiz, apart from any front-end: rounds, answers, points.

The scoring rule: the first correct answer wins the round, worth
:data:`FAST_POINTS` within the first half of the time limit and
:data:`SLOW_POINTS` after; each player answers each question once; an answer
after the time limit, or after the round is won, scores nothing.

:meth:`Game.answer` decides an answer without awaiting anything, so however
many clicks arrive in the same instant, exactly one of them wins the round.
The clock is injected so tests decide what time it is.

>>> clock = iter([0.0, 3.0]).__next__
>>> from bot.quiz.generate import Kind, Question, Topic
>>> q = Question("t", "s", "?", ("a", "b", "c", "d"), 2, Kind.PERSON, Topic.CAST, False, ())
>>> game = Game([q], time_limit=20, clock=clock)
>>> game.open_round().question.correct
'c'
>>> game.answer(1, 2).outcome, game.scores
(<Outcome.WON: 'won'>, {1: 2})
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from bot.quiz.generate import Question

FAST_POINTS = 2
SLOW_POINTS = 1


class Outcome(StrEnum):
    WON = "won"
    WRONG = "wrong"
    ALREADY_WON = "already-won"  # someone was first
    TOO_LATE = "too-late"  # the round is closed
    ALREADY_ANSWERED = "already-answered"


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    points: int = 0


@dataclass
class Round:
    number: int  # from 1
    question: Question
    opened_at: float
    answered: set[int] = field(default_factory=set)
    winner: int | None = None
    points: int = 0
    closed: bool = False


class Game:
    """The questions, the round being played and everyone's points so far."""

    def __init__(
        self,
        questions: Sequence[Question],
        *,
        time_limit: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.questions = list(questions)
        self.time_limit = time_limit
        self.clock = clock
        self.rounds: list[Round] = []
        self.scores: dict[int, int] = {}

    @property
    def current(self) -> Round | None:
        return self.rounds[-1] if self.rounds else None

    @property
    def finished(self) -> bool:
        return len(self.rounds) >= len(self.questions) and (
            self.current is None or self.current.closed
        )

    def open_round(self) -> Round:
        """Close the round being played, if any, and ask the next question."""
        if self.current is not None:
            self.current.closed = True
        number = len(self.rounds)
        if number >= len(self.questions):
            raise IndexError("no questions left")
        played = Round(number + 1, self.questions[number], self.clock())
        self.rounds.append(played)
        return played

    def close_round(self) -> Round | None:
        if self.current is not None:
            self.current.closed = True
        return self.current

    def answer(self, player: int, choice: int, round_number: int | None = None) -> Verdict:
        """Judge one answer to the current round (or to ``round_number``, if that is older)."""
        played = self.current
        if played is None or (round_number is not None and round_number != played.number):
            return Verdict(Outcome.TOO_LATE)
        if played.winner is not None:
            return Verdict(Outcome.ALREADY_WON)
        elapsed = self.clock() - played.opened_at
        if played.closed or elapsed > self.time_limit:
            return Verdict(Outcome.TOO_LATE)
        if player in played.answered:
            return Verdict(Outcome.ALREADY_ANSWERED)
        played.answered.add(player)
        if choice != played.question.answer:
            return Verdict(Outcome.WRONG)
        points = FAST_POINTS if elapsed <= self.time_limit / 2 else SLOW_POINTS
        played.winner, played.points, played.closed = player, points, True
        self.scores[player] = self.scores.get(player, 0) + points
        return Verdict(Outcome.WON, points)

    def standings(self) -> list[tuple[int, int]]:
        """(player, points), best first; ties in the order they first scored."""
        return sorted(self.scores.items(), key=lambda item: -item[1])
