"""Logging for the bot's process: formatted and written off the event loop.

Every answer logs one INFO line. Formatting it and writing it to a terminal or
a journal is slow next to answering, so the loop only appends the record to a
list; a writer thread wakes a few times a second and formats and writes what
has gathered with discord.py's own handler and formatter (colours on a
terminal, plain text elsewhere). Waking the thread for every line would cost
more than the line: a thread switch per answer, and the event loop waiting
for the interpreter lock while the thread writes. Nothing is lost: stopping
the writer writes whatever is still waiting, in order.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import threading
from collections import deque
from collections.abc import Iterator

import discord

INTERVAL = 0.1  # seconds a line may wait before it is written


class _Gathering(logging.handlers.QueueHandler):
    """Hand the record over as it is: the writer formats it, not the caller.

    The stock handler formats in the caller's thread so that arguments cannot
    change before they are written; the bot's log calls pass only strings and
    numbers, which cannot change, so the work can wait for the writer.
    """

    def __init__(self, records: deque[logging.LogRecord]) -> None:
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

    def __init__(self, records: deque[logging.LogRecord], handler: logging.Handler) -> None:
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
    records: deque[logging.LogRecord] = deque()
    writer = _Writer(records, handler)
    front = _Gathering(records)
    root.addHandler(front)
    writer.start()
    try:
        yield
    finally:
        root.removeHandler(front)
        writer.stop()  # writes whatever is still waiting
