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


def render(answer: Answer) -> str:
    """An Answer as a few lines of plain text."""
    out = [answer.title]
    out += [f"  {line}" for line in answer.lines]
    out += [f"  {fact.name}: {fact.value}" for fact in answer.facts]
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
    text: str, path: Path | None = None, *, as_json: bool = False, explain: bool = False
) -> int:
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
    print(answer.model_dump_json(indent=2) if as_json else render(answer))
    return EXIT_NOT_FOUND if answer.status is Status.NOT_FOUND else EXIT_OK


def interactive(path: Path | None = None, stdin: TextIO | None = None) -> int:
    """A prompt with history in a terminal; one answer per line when piped."""
    engine = _engine(path)
    if engine is None:
        return EXIT_FAILED
    stream = stdin or sys.stdin
    if stream.isatty():
        return _prompt_loop(engine)
    first = True
    for raw in stream:
        line = raw.strip()
        if not line:
            continue
        if not first:
            print()
        first = False
        print(render(engine.ask(line)), flush=True)
    return EXIT_OK


def _prompt_loop(engine: Engine) -> int:
    history = _start_history()
    print(f"Ask about {engine.knowledge.series.title} (e.g. /episode 8, or /help). Ctrl-D quits.")
    try:
        while True:
            try:
                line = input(PROMPT).strip()
            except (EOFError, KeyboardInterrupt):
                print()
                return EXIT_OK
            if line in ("quit", "exit", ":q"):
                return EXIT_OK
            if line:
                print(render(engine.ask(line)))
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
