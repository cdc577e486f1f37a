"""Logging for the bot's process: formatted and written off the event loop.

Every answer logs one INFO line. Formatting it and writing it to a terminal or
a journal is slow next to answering, so the loop only appends the record to a
list; a writer thread wakes a few times a second and formats and writes what
has gathered with discord.py's own handler and formatter (colours on a
terminal, plain text elsewhere). Waking the thread for every line would cost
more than the line: a thread switch per answer, and the event loop waiting
for the interpreter lock while the thread writes. Nothing is lost: stopping
the writer writes whatever is still waiting, in order.

The answer line goes further (:func:`info`): while the writer is the only one
listening, the loop appends only the line's time, text and values, and the
writer makes the record. Making a ``LogRecord`` on the loop (finding the
caller's frame, the thread and process names) cost more than the rest of
logging the line.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import threading
import time
from collections import deque
from collections.abc import Iterator
from typing import NamedTuple

import discord

INTERVAL = 0.1  # seconds a line may wait before it is written


class Later(NamedTuple):
    """An INFO line not made into a record yet: when, by which logger, what."""

    created: float
    logger: logging.Logger
    msg: str
    args: tuple[object, ...]

    def record(self) -> logging.LogRecord:
        """The record ``logger.info(msg, *args)`` would have made at ``created``."""
        made = self.logger.makeRecord(
            self.logger.name, logging.INFO, "(unknown file)", 0, self.msg, self.args, None
        )
        late = made.created - self.created
        made.created = self.created
        made.msecs = int((self.created - int(self.created)) * 1000) + 0.0
        made.relativeCreated -= late * 1000
        return made


Pending = deque[logging.LogRecord | Later]
_front: _Gathering | None = None  # while queued() runs


def info(logger: logging.Logger, msg: str, *args: object) -> None:
    """``logger.info(msg, *args)``, made into a record by the writer when it alone listens.

    Only for values that cannot change (strings, numbers): they are formatted later.
    """
    front = _front
    if front is not None and logger.isEnabledFor(logging.INFO) and _only_to(front, logger):
        front.records.append(Later(time.time(), logger, msg, args))
    else:
        logger.info(msg, *args)


def _only_to(front: logging.Handler, logger: logging.Logger) -> bool:
    """Whether a record of ``logger`` would reach ``front`` and nothing else, unfiltered."""
    node: logging.Logger | None = logger
    while node is not None:
        if node.filters:
            return False
        if node.handlers:
            return node.parent is None and node.handlers == [front]
        if not node.propagate:
            return False
        node = node.parent
    return False


class _Gathering(logging.handlers.QueueHandler):
    """Hand the record over as it is: the writer formats it, not the caller.

    The stock handler formats in the caller's thread so that arguments cannot
    change before they are written; the bot's log calls pass only strings and
    numbers, which cannot change, so the work can wait for the writer.
    """

    def __init__(self, records: Pending) -> None:
        super().__init__(records)  # type: ignore[arg-type]  # only appended to, below
        self.records = records

    def enqueue(self, record: logging.LogRecord) -> None:
        self.records.append(record)  # thread-safe, and wakes no one

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        if record.exc_info:
            # A traceback must be rendered while its frames are still alive.
            prepared: logging.LogRecord = super().prepare(record)
            return prepared
        return record


class _Writer(threading.Thread):
    """Writes the gathered records every INTERVAL, and all of them when stopped."""

    def __init__(self, records: Pending, handler: logging.Handler) -> None:
        super().__init__(name="namida-log-writer", daemon=True)
        self.records = records
        self.handler = handler
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(INTERVAL):
            self.write()
        self.write()

    def write(self) -> None:
        while self.records:
            record = self.records.popleft()
            if isinstance(record, Later):
                record = record.record()
            if record.levelno >= self.handler.level:
                self.handler.handle(record)

    def stop(self) -> None:
        self.stopping.set()
        self.join()


@contextlib.contextmanager
def queued(level: int, handler: logging.Handler | None = None) -> Iterator[None]:
    """Log at ``level`` through a writer thread to ``handler`` (stderr) while the block runs."""
    handler = handler or logging.StreamHandler()
    root = logging.getLogger()
    # discord.py picks the formatter (colours on a terminal); the handler then
    # moves behind the writer instead of being called from the loop.
    discord.utils.setup_logging(handler=handler, level=level, root=True)
    root.removeHandler(handler)
    records: Pending = deque()
    writer = _Writer(records, handler)
    front = _Gathering(records)
    root.addHandler(front)
    writer.start()
    global _front
    outer, _front = _front, front
    try:
        yield
    finally:
        _front = outer
        root.removeHandler(front)
        writer.stop()  # writes whatever is still waiting
