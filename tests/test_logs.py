"""The bot's log: written by a writer thread, in order, nothing lost at the end."""

from __future__ import annotations

import logging
import threading

import pytest

from bot.discord_app import logs


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.threads: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        self.threads.add(threading.current_thread().name)
        self.lines.append(self.format(record))


def test_lines_are_written_off_the_calling_thread_in_order_and_flushed() -> None:
    recorder = Recorder()
    log = logging.getLogger("bot.test.logs")
    with logs.queued(logging.INFO, recorder):
        for i in range(200):
            log.info("answered /episode status=found in %.1f ms", i / 10)
        log.debug("not at this level")
    tails = [line.rsplit(" in ", 1)[1] for line in recorder.lines]
    assert tails == [f"{i / 10:.1f} ms" for i in range(200)]
    assert recorder.threads and threading.current_thread().name not in recorder.threads


def test_a_traceback_is_rendered_while_it_still_exists(capsys: pytest.CaptureFixture[str]) -> None:
    with logs.queued(logging.INFO):
        try:
            raise RuntimeError("boom in a command")
        except RuntimeError:
            logging.getLogger("bot.test.logs").exception("while answering")
    err = capsys.readouterr().err
    assert "while answering" in err
    assert "RuntimeError: boom in a command" in err


def test_the_root_logger_is_left_as_it_was() -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    with logs.queued(logging.INFO):
        assert len(root.handlers) == len(before) + 1
    assert root.handlers == before
