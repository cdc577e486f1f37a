"""The quiz's rules (bot.quiz.game), its score store and `namida quiz`, without Discord."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
import yaml
from discord_helpers import ManualClock
from hypothesis import given, settings
from hypothesis import strategies as st
from quiz_helpers import edited, with_v2

from bot import cli
from bot.knowledge import loader
from bot.quiz import console, messages
from bot.quiz.game import FAST_POINTS, SLOW_POINTS, Game, Outcome
from bot.quiz.generate import Kind, Question, Topic, generate


def question(answer: int = 2) -> Question:
    return Question("t", "s", "?", ("a", "b", "c", "d"), answer, Kind.PERSON, Topic.CAST, False, ())


# ----------------------------------------------------------------- rules


def test_first_correct_answer_wins_fast_or_slow() -> None:
    clock = ManualClock(0)
    game = Game([question(), question(1)], time_limit=20, clock=clock)
    game.open_round()
    clock.now = 10  # exactly half the time: still fast
    assert game.answer(7, 2).outcome is Outcome.WON
    assert game.scores == {7: FAST_POINTS}
    game.open_round()
    clock.now += 10.5
    assert game.answer(8, 1).points == SLOW_POINTS
    assert game.standings() == [(7, FAST_POINTS), (8, SLOW_POINTS)]


def test_one_answer_per_player_and_nothing_after_the_win_or_the_time() -> None:
    clock = ManualClock(0)
    game = Game([question(), question()], time_limit=20, clock=clock)
    game.open_round()
    assert game.answer(1, 0).outcome is Outcome.WRONG
    assert game.answer(1, 2).outcome is Outcome.ALREADY_ANSWERED  # no second try
    assert game.answer(2, 2).outcome is Outcome.WON
    assert game.answer(3, 2).outcome is Outcome.ALREADY_WON
    game.open_round()
    clock.now += 20.01
    assert game.answer(4, 2).outcome is Outcome.TOO_LATE
    assert game.answer(4, 2, round_number=1).outcome is Outcome.TOO_LATE  # an old question
    assert game.scores == {2: FAST_POINTS}


@settings(max_examples=100, deadline=None)
@given(
    clicks=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 3)), min_size=1, max_size=80),
    answer=st.integers(0, 3),
)
def test_exactly_one_winner_however_many_click(clicks: list[tuple[int, int]], answer: int) -> None:
    game = Game([question(answer)], time_limit=20, clock=ManualClock(0))
    game.open_round()
    verdicts = [(player, game.answer(player, choice)) for player, choice in clicks]
    winners = [p for p, v in verdicts if v.outcome is Outcome.WON]
    assert winners == _expected_winner(clicks, answer)
    assert sum(game.scores.values()) == (FAST_POINTS if winners else 0)


def _expected_winner(clicks: list[tuple[int, int]], answer: int) -> list[int]:
    """The first player whose first click is right (a second click never counts)."""
    seen: set[int] = set()
    for player, choice in clicks:
        if player in seen:
            continue
        seen.add(player)
        if choice == answer:
            return [player]
    return []


# ----------------------------------------------------------------- namida quiz


def test_the_terminal_quiz_plays_the_same_questions() -> None:
    expected = generate(loader.load(), rounds=3, seed=42)
    answers = [str(expected[0].answer + 1), "nonsense", str((expected[1].answer + 1) % 4 + 1)]
    out = io.StringIO()
    code = console.play(
        rounds=3, seed=42, stdin=io.StringIO("\n".join(answers) + "\nq\n"), stdout=out
    )
    text = out.getvalue()
    assert code == 0
    for q in expected:
        assert q.prompt in text and all(f". {c}" in text for c in q.choices)
    assert messages.CONSOLE_CORRECT.format(points=2) in text
    assert messages.CONSOLE_BAD_INPUT in text
    assert f"the answer was {expected[1].answer + 1}. {expected[1].correct}" in text
    assert "You scored 2 of 4 points (1 of 2 right)." in text  # the third was quit, not answered
    assert "Source:" in text and "https://" in text


def test_the_terminal_quiz_stops_at_end_of_input() -> None:
    out = io.StringIO()
    assert console.play(rounds=5, seed=1, stdin=io.StringIO(""), stdout=out) == 0
    assert messages.CONSOLE_NONE_ANSWERED in out.getvalue() and "You scored" not in out.getvalue()


def test_quitting_does_not_score_the_open_question_as_wrong() -> None:
    expected = generate(loader.load(), rounds=3, seed=7)
    out = io.StringIO()
    typed = f"{expected[0].answer + 1}\nq\n"
    assert console.play(rounds=3, seed=7, stdin=io.StringIO(typed), stdout=out) == 0
    assert "You scored 2 of 2 points (1 of 1 right)." in out.getvalue()


def test_namida_quiz_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    rng = random.Random(0)
    typed = "\n".join(str(rng.randint(1, 4)) for _ in range(4)) + "\n"
    sys.stdin = io.StringIO(typed)
    try:
        code = cli.main(["quiz", "--rounds", "4", "--topic", "cast", "--seed", "9"])
    finally:
        sys.stdin = sys.__stdin__
    out = capsys.readouterr().out
    assert code == 0 and "Quiz: 4 questions (topic: cast)" in out and "You scored" in out
    assert cli.main(["quiz", "--rounds", "21"]) == 2  # a usage error, not a traceback
    assert "between 1 and 20" in capsys.readouterr().err


def test_namida_quiz_asks_spoilers_only_when_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = edited(loader.load(), with_v2)  # plot points, some of them spoilers
    path = tmp_path / "knowledge.yaml"
    path.write_text(
        yaml.safe_dump(kb.model_dump(mode="json", exclude_defaults=True), allow_unicode=True),
        encoding="utf-8",
    )
    hidden = [p.text for e in kb.episodes for p in e.plot if p.spoiler]
    seed = next(
        s
        for s in range(500)
        if any(
            q.spoiler
            for q in generate(kb, rounds=20, seed=s, topic=Topic.EPISODES, allow_spoilers=True)
        )
    )
    for flag, shown in (([], False), (["--spoilers"], True)):
        monkeypatch.setattr("sys.stdin", io.StringIO("1\n" * 20))
        args = ["quiz", "--knowledge", str(path), "--rounds", "20", "--topic", "episodes"]
        assert cli.main([*args, "--seed", str(seed), *flag]) == 0
        out = capsys.readouterr().out
        assert any(text in out for text in hidden) is shown


def test_namida_quiz_with_a_broken_knowledge_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 1\nsources: [\n")
    assert cli.main(["quiz", "--knowledge", str(broken)]) == 1
    assert "broken.yaml" in capsys.readouterr().err
