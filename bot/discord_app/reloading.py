"""Reloading the knowledge file without a restart: /reload and SIGHUP both come here.

The new file is read, validated and indexed on a worker thread; only a complete
new Engine replaces ``bot.engine`` (one assignment, so every request sees either
the old version or the new one). A broken file changes nothing: the bot keeps
answering from the engine it has, and every problem is logged and returned.
Reloads run one at a time under ``bot.reload_lock``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.engine.engine import Engine
from bot.knowledge import loader
from bot.knowledge.loader import KnowledgeError, Problem
from bot.knowledge.models import Knowledge
from bot.knowledge.summary import summarize

if TYPE_CHECKING:
    from bot.discord_app.client import NamidaBot

log = logging.getLogger(__name__)

# SIGHUP reloads run as tasks; keep a reference so they are not collected mid-way.
_running: set[asyncio.Task[Reloaded]] = set()


@dataclass(frozen=True)
class Reloaded:
    """What one reload did: a new engine in place, or the problems that kept the old one."""

    path: Path
    problems: tuple[Problem, ...]
    seconds: float
    summary: str = ""  # in English, as logged
    knowledge: Knowledge | None = None  # what is loaded now (to say it in the owner's language)

    @property
    def ok(self) -> bool:
        return not self.problems


def knowledge_path(bot: NamidaBot) -> Path:
    """The file the bot answers from (the shipped one unless configured)."""
    return Path(bot.knowledge_path) if bot.knowledge_path else loader.default_path()


async def reload_knowledge(bot: NamidaBot, *, trigger: str) -> Reloaded:
    """Load the knowledge file again and swap it in if, and only if, it is valid."""
    async with bot.reload_lock:
        path = knowledge_path(bot)
        started = time.perf_counter()
        log.info("reloading the knowledge from %s (%s)", path, trigger)
        try:
            engine = await asyncio.to_thread(Engine.from_path, path)
        except KnowledgeError as exc:
            problems = tuple(exc.problems)
        except Exception as exc:  # a bug in indexing must not take the bot down
            log.exception("reloading %s failed while building the answers", path)
            problems = (Problem(str(path), None, "(engine)", f"{type(exc).__name__}: {exc}"),)
        else:
            bot.engine = engine
            elapsed = time.perf_counter() - started
            summary = summarize(engine.knowledge)
            log.info("reloaded %s in %.2f s: %s", path, elapsed, summary)
            return Reloaded(path, (), elapsed, summary, engine.knowledge)
        elapsed = time.perf_counter() - started
        log.warning(
            "reload (%s) rejected %s: %d problem%s; still answering from the previous version",
            trigger,
            path,
            len(problems),
            "" if len(problems) == 1 else "s",
        )
        for problem in problems:
            log.warning("  %s", problem)
        return Reloaded(path, problems, elapsed)


# ----------------------------------------------------------------- SIGHUP


def on_sighup(bot: NamidaBot) -> asyncio.Task[Reloaded]:
    """The SIGHUP handler: start a reload in the background (call it on the bot's loop)."""
    task = asyncio.get_running_loop().create_task(
        reload_knowledge(bot, trigger="SIGHUP"), name="namida-reload"
    )
    _running.add(task)
    task.add_done_callback(_running.discard)
    return task


def install_sighup(bot: NamidaBot) -> bool:
    """Reload on SIGHUP (``kill -HUP <pid>``); False where signals can't be used.

    Only Unix has SIGHUP, and only the main thread's event loop can handle it.
    """
    sighup = getattr(signal, "SIGHUP", None)
    if sighup is None:
        return False
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(sighup, on_sighup, bot)
    except (NotImplementedError, RuntimeError, ValueError):
        return False
    return True


def remove_sighup() -> None:
    """Undo :func:`install_sighup` (SIGHUP then ends the process again, as by default)."""
    sighup = getattr(signal, "SIGHUP", None)
    if sighup is None:
        return
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        asyncio.get_running_loop().remove_signal_handler(sighup)
