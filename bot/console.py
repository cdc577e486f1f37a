"""The terminal front-end: the same answers as on Discord, as plain text.

It speaks the language it is given (``namida ask --lang ja``), else the one the
environment names (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.engine.answers import Answer, Status
from bot.engine.engine import Engine
from bot.i18n import N_, Lang, _, from_environment, using
from bot.knowledge import loader

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NOT_FOUND = 3
PROMPT = "namida> "
QUIT = ("quit", "exit", ":q", "終了")
WELCOME = N_("Ask about 1 Litre no Namida (e.g. “who played Haruto?”, /episode 8). Ctrl-D quits.")


def render(answer: Answer) -> str:
    """An Answer as a few lines of plain text, labelled in the current language."""
    body = list(answer.lines)
    body += [_("{name}: {value}").format(name=fact.name, value=fact.value) for fact in answer.facts]
    if answer.status is Status.AMBIGUOUS and answer.alternatives:
        others = _("; ").join(answer.alternatives)
        body.append(_("Did you mean someone else? Also matches: {others}").format(others=others))
    if answer.status is Status.NOT_FOUND:
        if answer.suggestions:
            guesses = _("; ").join(answer.suggestions)
            body.append(_("Did you mean: {guesses}").format(guesses=guesses))
        if answer.hint:
            body.append(answer.hint)
    if answer.sources:
        cited = _("; ").join(f"{s.title} <{s.url}>" for s in answer.sources)
        body.append(_("Sources: {sources}").format(sources=cited))
    return "\n".join([answer.title, *(f"  {line}" for line in body)])


def _engine(path: Path | None) -> Engine | None:
    try:
        return Engine.from_path(path)
    except loader.KnowledgeError as exc:
        print(exc, file=sys.stderr)
        return None


def ask_once(
    text: str, path: Path | None = None, *, as_json: bool = False, lang: Lang | None = None
) -> int:
    """Answer one question (``lang``: None follows the environment)."""
    engine = _engine(path)
    if engine is None:
        return EXIT_FAILED
    with using(lang or from_environment()):
        answer = engine.ask(text)
        print(answer.model_dump_json(indent=2) if as_json else render(answer))
    return EXIT_NOT_FOUND if answer.status is Status.NOT_FOUND else EXIT_OK


def interactive(
    path: Path | None = None, stdin: TextIO | None = None, *, lang: Lang | None = None
) -> int:
    """A prompt with history in a terminal; one answer per line when piped."""
    engine = _engine(path)
    if engine is None:
        return EXIT_FAILED
    with using(lang or from_environment()):
        return _answer_lines(engine, stdin or sys.stdin)


def _answer_lines(engine: Engine, stream: TextIO) -> int:
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
    print(_(WELCOME))
    try:
        while True:
            try:
                line = input(PROMPT).strip()
            except (EOFError, KeyboardInterrupt):
                print()
                return EXIT_OK
            if line in QUIT:
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
