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

from bot import output
from bot.engine import intro
from bot.engine.answers import Answer, Status
from bot.engine.engine import Engine
from bot.exits import EXIT_FAILED, EXIT_NOT_FOUND, EXIT_OK
from bot.i18n import N_, Lang, _, from_environment, using
from bot.knowledge import files

PROMPT = "namida> "
QUIT = frozenset({"quit", "exit", ":q", "終了"})  # compared case-folded, piped or typed
# The series and its example come from the knowledge and its lexicon.
WELCOME = N_("Ask about {title} (e.g. “{question}”). Ctrl-C clears the line, Ctrl-D quits.")
WELCOME_PLAIN = N_("Ask about {title}. Ctrl-C clears the line, Ctrl-D quits.")
SPOILER_LABEL = "spoiler:"  # the English label; each language writes it inside SPOILER_LINE
SPOILER_LINE = N_("spoiler: {name}: {value}")
HIDDEN = N_("(hidden: --spoilers or :spoilers shows it)")
SPOILERS_COMMAND = ":spoilers"  # ":spoilers" toggles; ":spoilers on" / ":spoilers off"


def render(answer: Answer, *, reveal_spoilers: bool = False) -> str:
    """An Answer as a few lines of plain text.

    A spoiler fact always carries a visible "spoiler:" label before it, so the
    reader sees what kind of line it is before reading on; its value is hidden
    unless ``reveal_spoilers``.
    """
    body = list(answer.lines)
    for fact in answer.facts:
        value = fact.value.replace("\n", "\n    ")  # a list's later lines stay indented
        if fact.spoiler:
            shown = value if reveal_spoilers else _(HIDDEN)
            body.append(_(SPOILER_LINE).format(name=fact.name, value=shown))
        else:
            body.append(_("{name}: {value}").format(name=fact.name, value=value))
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


def welcome(engine: Engine) -> str:
    """The prompt's first line: which series, and a question to try."""
    title = intro.title(engine.knowledge.series)
    question = intro.question(engine.lexicon.examples)
    if question is None:
        return _(WELCOME_PLAIN).format(title=title)
    return _(WELCOME).format(title=title, question=question)


def _engine(path: Path | None) -> Engine | None:
    try:
        return Engine.from_path(path)
    except files.KnowledgeError as exc:
        print(exc, file=sys.stderr)
        return None


def ask_once(
    text: str,
    path: Path | None = None,
    *,
    as_json: bool = False,
    reveal_spoilers: bool = False,
    explain: bool = False,
    lang: Lang | None = None,
) -> int:
    """Answer one question. JSON is for programs: it keeps every value and marks
    each spoiler fact with ``"spoiler": true`` for the reader to honour.
    ``lang`` None follows the environment."""
    engine = _engine(path)
    if engine is None:
        return EXIT_FAILED
    with using(lang or from_environment()):
        answer = engine.ask(text)
        if explain:
            # How the question was read comes first, so a maintainer sees why before what.
            print(
                "Reading:\n"
                + "\n".join(f"  {line}" for line in engine.read(text).explain().split("\n"))
            )
            print()
        if as_json:
            print(output.json_for(answer.model_dump_json(indent=2)))
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
    command, _sep, arg = line.strip().casefold().partition(" ")
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
        return _("Spoilers are shown from now on (:spoilers off hides them).")
    return _("Spoilers are hidden from now on (:spoilers on shows them).")


def interactive(
    path: Path | None = None,
    stdin: TextIO | None = None,
    *,
    reveal_spoilers: bool = False,
    lang: Lang | None = None,
) -> int:
    """A prompt with history in a terminal; one answer per line when piped."""
    engine = _engine(path)
    if engine is None:
        return EXIT_FAILED
    with using(lang or from_environment()):
        return _answer_lines(engine, stdin or sys.stdin, reveal_spoilers)


def _answer_lines(engine: Engine, stream: TextIO, reveal_spoilers: bool) -> int:
    if stream.isatty():
        return _prompt_loop(engine, reveal_spoilers)
    first = True
    shown = reveal_spoilers
    for raw in stream:
        line = raw.strip()
        if not line:
            continue
        if line.casefold() in QUIT:  # as at the prompt: a script can end its session
            break
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
    print(welcome(engine))
    print(_("Spoilers are hidden; :spoilers shows them.") if not shown else _spoilers_said(shown))
    try:
        while True:
            try:
                line = input(PROMPT).strip()
                if line.casefold() in QUIT:
                    return EXIT_OK
                setting = spoilers_command(line, shown)
                if setting is not None:
                    shown = setting
                    print(_spoilers_said(shown))
                elif line:
                    print(render(engine.ask(line), reveal_spoilers=shown))
            except KeyboardInterrupt:  # as in Python's own prompt: drop the line, go on
                print()
            except EOFError:
                print()
                return EXIT_OK
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
