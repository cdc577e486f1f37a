"""`namida quiz`: the Discord quiz in a terminal, answered with the numbers 1-4.

The questions, the points and the sources are the same as on Discord; the
time limit only decides between the fast and the slow points, since nobody
else is racing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.exits import EXIT_FAILED, EXIT_OK
from bot.i18n import _
from bot.knowledge import loader
from bot.quiz import messages
from bot.quiz.game import FAST_POINTS, Game, Outcome
from bot.quiz.generate import Difficulty, Question, Topic, generate

PLAYER = 0
QUIT = frozenset({"q", "quit", "exit"})


def play(
    path: Path | None = None,
    *,
    rounds: int = 10,
    topic: Topic = Topic.ALL,
    difficulty: Difficulty = Difficulty.NORMAL,
    seed: int | None = None,
    allow_spoilers: bool = False,
    time_limit: float = 20.0,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Play one quiz on ``stdin``/``stdout``; 0 when it ran, 1 if the knowledge is broken."""
    out = stdout or sys.stdout
    source = stdin or sys.stdin
    try:
        knowledge = loader.load(path)
    except loader.KnowledgeError as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAILED
    chosen = seed if seed is not None else time.time_ns()
    questions = generate(
        knowledge,
        rounds=rounds,
        seed=chosen,
        topic=topic,
        difficulty=difficulty,
        allow_spoilers=allow_spoilers,
    )
    if not questions:
        print(_(messages.NOTHING_TO_ASK), file=out)
        return EXIT_OK
    game = Game(questions, time_limit=time_limit, clock=clock)
    answered = 0  # a question left open by quitting or end of input is not scored as wrong
    shown_topic = _(messages.TOPICS[topic.value])
    print(_(messages.CONSOLE_INTRO).format(rounds=len(questions), topic=shown_topic), file=out)
    print(_(messages.RULES_PLAIN), file=out)
    for _round in questions:
        played = game.open_round()
        print(file=out)
        _show(played.number, len(questions), played.question, out)
        choice = _read_choice(source, out)
        if choice is None:
            break
        answered += 1
        verdict = game.answer(PLAYER, choice)
        if verdict.outcome is Outcome.WON:
            print(_(messages.CONSOLE_CORRECT).format(points=verdict.points), file=out)
        else:
            question = played.question
            answer = _(messages.CONSOLE_WRONG).format(
                number=question.answer + 1, answer=question.correct
            )
            print(answer, file=out)
        print(_sources(played.question), file=out)
    game.close_round()
    right = sum(1 for r in game.rounds if r.winner is not None)
    print(file=out)
    if not answered:
        print(_(messages.CONSOLE_NONE_ANSWERED), file=out)
        return EXIT_OK
    print(
        _(messages.CONSOLE_SCORE).format(
            points=game.scores.get(PLAYER, 0),
            possible=answered * FAST_POINTS,
            right=right,
            asked=answered,
        ),
        file=out,
    )
    return EXIT_OK


def _show(number: int, total: int, question: Question, out: TextIO) -> None:
    print(_(messages.QUIZ_TITLE).format(number=number, total=total), file=out)
    print(question.prompt, file=out)
    for index, choice in enumerate(question.choices, start=1):
        print(f"  {index}. {choice}", file=out)


def _read_choice(source: TextIO, out: TextIO) -> int | None:
    """The 0-based choice typed, asking again after anything else; None to stop."""
    while True:
        print(_(messages.CONSOLE_PROMPT), end="", file=out, flush=True)
        line = source.readline()
        if not line:  # end of input
            print(file=out)
            return None
        text = line.strip().casefold()
        if text in QUIT:
            return None
        if text in {"1", "2", "3", "4"}:
            return int(text) - 1
        print(_(messages.CONSOLE_BAD_INPUT), file=out)


def _sources(question: Question) -> str:
    return _(messages.SOURCE).format(
        sources="; ".join(f"{s.title} <{s.url}>" for s in question.sources)
    )
