"""Logging for the bot's process: formatted and written off the event loop.

Every answer logs one INFO line. Formatting it and writing it to a terminal or
a journal is slow next to answering, so the loop only hands the record to a
queue; a listener thread formats and writes it with discord.py's own handler
and formatter (colours on a terminal, plain text elsewhere). Nothing is lost:
stopping the listener drains the queue.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import queue
from collections.abc import Iterator

import discord


class _DeferredQueueHandler(logging.handlers.QueueHandler):
    """Hand the record over as it is: the listener formats it, not the caller.

    The stock handler formats in the caller's thread so that arguments cannot
    change before they are written; the bot's log calls pass only strings and
    numbers, which cannot change, so the work can wait for the listener.
    """

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        if record.exc_info:
            # A traceback must be rendered while its frames are still alive.
            prepared: logging.LogRecord = super().prepare(record)
            return prepared
        return record


@contextlib.contextmanager
def queued(level: int, handler: logging.Handler | None = None) -> Iterator[None]:
    """Log at ``level`` through a queue to ``handler`` (standard error) while the block runs."""
    handler = handler or logging.StreamHandler()
    root = logging.getLogger()
    # discord.py picks the formatter (colours on a terminal); the handler then
    # moves behind the queue instead of being called from the loop.
    discord.utils.setup_logging(handler=handler, level=level, root=True)
    root.removeHandler(handler)
    records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    listener = logging.handlers.QueueListener(records, handler, respect_handler_level=True)
    front = _DeferredQueueHandler(records)
    root.addHandler(front)
    listener.start()
    try:
        yield
    finally:
        root.removeHandler(front)
        listener.stop()  # writes whatever is still queued
