"""The bot's log: written by a writer thread, in order, nothing lost at the end."""

from __future__ import annotations

import logging
import threading
import time

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


class Keeper(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_an_answer_line_made_by_the_writer_is_the_line_logging_would_make(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # as `namida run`: pytest's off
    keeper = Keeper()
    log = logging.getLogger("bot.test.logs.later")
    quiet = logging.getLogger("bot.test.quiet")
    monkeypatch.setattr(quiet, "level", logging.WARNING)
    called: list[tuple[float, float]] = []
    with logs.queued(logging.INFO, keeper):
        for i in range(50):
            before = time.time()
            if i % 2:
                logs.info(log, "answered %s status=%s in %.1f ms", "/episode", "found", i / 10)
            else:
                log.info("answered %s status=%s in %.1f ms", "/episode", "found", i / 10)
            called.append((before, time.time()))
        logs.info(quiet, "not at this level %s", 1)
    assert [r.getMessage() for r in keeper.records] == [
        f"answered /episode status=found in {i / 10:.1f} ms" for i in range(50)
    ]
    # Every other line was made into a record by the writer, not by the caller.
    made_by = [r.threadName for r in keeper.records]
    assert made_by[1::2] == ["namida-log-writer"] * 25
    assert made_by[0::2] == [threading.current_thread().name] * 25
    for record, (before, after) in zip(keeper.records, called, strict=True):
        assert (record.name, record.levelno) == (log.name, logging.INFO)
        assert before <= record.created <= after  # when it was logged, not when written
        assert record.msecs == int((record.created - int(record.created)) * 1000)
    formatter = logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s")
    assert all(formatter.format(r).endswith(r.getMessage()) for r in keeper.records)


def test_an_answer_line_reaches_every_other_listener_as_usual(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(logging.getLogger(), "handlers", [])
    keeper, listener = Keeper(), Keeper()
    log = logging.getLogger("bot.test.logs.listened")
    log.addHandler(listener)
    try:
        with logs.queued(logging.INFO, keeper):
            logs.info(log, "answered %s", "/track")
    finally:
        log.removeHandler(listener)
    assert [r.getMessage() for r in listener.records] == ["answered /track"]
    assert [r.getMessage() for r in keeper.records] == ["answered /track"]


def test_an_answer_line_outside_the_writer_is_logged_at_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="bot"):
        logs.info(logging.getLogger("bot.test.logs.direct"), "answered %s", "/ask")
    assert [r.getMessage() for r in caplog.records] == ["answered /ask"]
