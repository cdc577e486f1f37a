"""The terminal front-end: the same answers as on Discord, as plain text."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.engine.answers import Answer, Status
from bot.engine.engine import Engine
from bot.knowledge import loader

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NOT_FOUND = 3
PROMPT = "namida> "
SPOILER_LABEL = "spoiler:"
HIDDEN = "(hidden: --spoilers or :spoilers shows it)"
SPOILERS_COMMAND = ":spoilers"  # ":spoilers" toggles; ":spoilers on" / ":spoilers off"


def render(answer: Answer, *, reveal_spoilers: bool = False) -> str:
    """An Answer as a few lines of plain text.

    A spoiler fact always carries a visible "spoiler:" label before it, so the
    reader sees what kind of line it is before reading on; its value is hidden
    unless ``reveal_spoilers``.
    """
    out = [answer.title]
    out += [f"  {line}" for line in answer.lines]
    for fact in answer.facts:
        value = fact.value.replace("\n", "\n    ")  # a list's later lines stay indented
        if fact.spoiler:
            out.append(f"  {SPOILER_LABEL} {fact.name}: {value if reveal_spoilers else HIDDEN}")
        else:
            out.append(f"  {fact.name}: {value}")
    if answer.status is Status.AMBIGUOUS and answer.alternatives:
        out.append("  Did you mean someone else? Also matches: " + "; ".join(answer.alternatives))
    if answer.status is Status.NOT_FOUND:
        if answer.suggestions:
            out.append("  Did you mean: " + "; ".join(answer.suggestions))
        if answer.hint:
            out.append(f"  {answer.hint}")
    if answer.sources:
        out.append("  Sources: " + "; ".join(f"{s.title} <{s.url}>" for s in answer.sources))
    return "\n".join(out)


def _engine(path: Path | None) -> Engine | None:
    try:
        return Engine.from_path(path)
    except loader.KnowledgeError as exc:
        print(exc, file=sys.stderr)
        return None


def ask_once(
    text: str,
    path: Path | None = None,
    *,
    as_json: bool = False,
    reveal_spoilers: bool = False,
    explain: bool = False,
) -> int:
    """Answer one question. JSON is for programs: it keeps every value and marks
    each spoiler fact with ``"spoiler": true`` for the reader to honour."""
    engine = _engine(path)
    if engine is None:
        return EXIT_FAILED
    answer = engine.ask(text)
    if explain:
        # How the question was read comes first, so a maintainer sees why before what.
        print(
            "Reading:\n"
            + "\n".join(f"  {line}" for line in engine.read(text).explain().split("\n"))
        )
        print()
    if as_json:
        print(answer.model_dump_json(indent=2))
    else:
        print(render(answer, reveal_spoilers=reveal_spoilers))
    return EXIT_NOT_FOUND if answer.status is Status.NOT_FOUND else EXIT_OK


def spoilers_command(line: str, shown: bool) -> bool | None:
    """The spoiler setting after a ``:spoilers`` line, or None if ``line`` is a question.

    >>> spoilers_command(":spoilers", False), spoilers_command(":spoilers off", True)
    (True, False)
    >>> spoilers_command("what happens in episode 11?", False) is None
    True
    """
    command, _, arg = line.strip().casefold().partition(" ")
    if command != SPOILERS_COMMAND:
        return None
    arg = arg.strip()
    if arg in ("on", "show"):
        return True
    if arg in ("off", "hide"):
        return False
    return not shown


def _spoilers_said(shown: bool) -> str:
    if shown:
        return "Spoilers are shown from now on (:spoilers off hides them)."
    return "Spoilers are hidden from now on (:spoilers on shows them)."


def interactive(
    path: Path | None = None, stdin: TextIO | None = None, *, reveal_spoilers: bool = False
) -> int:
    """A prompt with history in a terminal; one answer per line when piped."""
    engine = _engine(path)
    if engine is None:
        return EXIT_FAILED
    stream = stdin or sys.stdin
    if stream.isatty():
        return _prompt_loop(engine, reveal_spoilers)
    first = True
    shown = reveal_spoilers
    for raw in stream:
        line = raw.strip()
        if not line:
            continue
        if not first:
            print()
        first = False
        setting = spoilers_command(line, shown)
        if setting is not None:
            shown = setting
            print(_spoilers_said(shown), flush=True)
            continue
        print(render(engine.ask(line), reveal_spoilers=shown), flush=True)
    return EXIT_OK


def _prompt_loop(engine: Engine, shown: bool) -> int:
    history = _start_history()
    print(f"Ask about {engine.knowledge.series.title} (e.g. /episode 8, or /help). Ctrl-D quits.")
    print("Spoilers are hidden; :spoilers shows them." if not shown else _spoilers_said(shown))
    try:
        while True:
            try:
                line = input(PROMPT).strip()
            except (EOFError, KeyboardInterrupt):
                print()
                return EXIT_OK
            if line in ("quit", "exit", ":q"):
                return EXIT_OK
            setting = spoilers_command(line, shown)
            if setting is not None:
                shown = setting
                print(_spoilers_said(shown))
            elif line:
                print(render(engine.ask(line), reveal_spoilers=shown))
    finally:
        history()


def _start_history() -> Callable[[], None]:
    """Line editing and a history kept between runs, where readline exists."""
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input() still works
        return lambda: None
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    path = state / "namida" / "history"
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(1000)

    def save() -> None:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(path)

    return save
