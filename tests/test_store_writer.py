"""The writer between the bot and the store: queued, batched, retried, bounded, flushed.

Run against the real backends; the failures are real too (a SQLite file locked by
another connection, a corrupt file, a PostgreSQL server stopped and started),
except where a test needs a failure at an exact moment, which wraps the store.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from uuid import UUID

import pytest
from postgres_cluster import running_cluster

from bot import misses
from bot.store import Miss, Score, Store, open_store
from bot.store.sqlite import SqliteStore
from bot.store.writer import Writer

pytestmark = pytest.mark.timeout(90)


def a_miss(text: str) -> Miss:
    made = misses.make_miss(text, "/ask")
    assert made is not None
    return made


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "bot.store.writer" and r.levelno >= logging.WARNING
    ]


class Counting(SqliteStore):
    """A SQLite store that counts its transactions and can be held at the door."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.batches: list[int] = []
        self.gate = asyncio.Event()
        self.gate.set()

    async def write(
        self,
        misses: Sequence[Miss] = (),
        scores: Sequence[Score] = (),
        *,
        batch_id: UUID | None = None,
    ) -> None:
        await self.gate.wait()
        await super().write(misses, scores, batch_id=batch_id)
        self.batches.append(len(misses) + len(scores))


async def test_writes_are_batched_and_acknowledged(tmp_path: Path) -> None:
    store = Counting(tmp_path / "s.sqlite3")
    writer = Writer(store, batch_max=50)
    store.gate.clear()
    first = writer.record_miss(a_miss("first"))
    await asyncio.sleep(0)  # the writer takes "first" and waits at the gate
    acks = [writer.record_miss(a_miss(f"q{i}")) for i in range(120)]
    acks.append(writer.record_score(1, 2, 3, True))
    store.gate.set()
    assert await first and all(await asyncio.gather(*acks))
    assert store.batches == [1, 50, 50, 21]
    assert (await store.miss_summary()).total == 121
    assert (writer.written, writer.lost) == (122, 0)
    await writer.close()


async def test_close_writes_what_is_queued(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "s.sqlite3")
    writer = Writer(store)
    acks = [writer.record_miss(a_miss(f"q{i}")) for i in range(30)]
    await writer.close()  # what SIGTERM does, through the bot's close()
    assert all(ack.done() and ack.result() for ack in acks)
    assert not (await writer.record_miss(a_miss("late")))  # closed: not queued
    again = SqliteStore(tmp_path / "s.sqlite3")
    assert (await again.miss_summary()).total == 30
    await again.close()


async def test_a_second_close_waits_for_the_first(tmp_path: Path) -> None:
    """SIGTERM closes the bot, then its `async with` closes it again: neither returns early."""
    store = Counting(tmp_path / "s.sqlite3")
    writer = Writer(store)
    store.gate.clear()
    acks = [writer.record_miss(a_miss(f"q{i}")) for i in range(3)]
    first = asyncio.create_task(writer.close())
    second = asyncio.create_task(writer.close())
    await asyncio.sleep(0.05)
    assert not first.done() and not second.done()  # both wait for the queue
    store.gate.set()
    await asyncio.gather(first, second)
    assert all(ack.result() for ack in acks)


async def test_a_full_queue_drops_with_a_logged_count(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = Counting(tmp_path / "s.sqlite3")
    writer = Writer(store, max_pending=5)
    store.gate.clear()
    writer.record_miss(a_miss("held"))
    await asyncio.sleep(0)
    with caplog.at_level(logging.WARNING, logger="bot.store.writer"):
        acks = [writer.record_miss(a_miss(f"q{i}")) for i in range(12)]
        dropped = [ack for ack in acks if ack.done()]  # decided at once: nothing waits
        assert len(dropped) == 7 and not any(ack.result() for ack in dropped)
        store.gate.set()
        await writer.flush()
        await writer.close()
    assert warnings(caplog) == [
        f"the write queue for {store.url} is full (5 waiting): new writes are dropped "
        "until it drains",
        f"the write queue for {store.url} has room again: 7 writes were dropped while it was full",
    ]
    assert writer.lost == 7


async def test_a_locked_file_is_retried_and_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "s.sqlite3"
    writer = Writer(SqliteStore(path), retry_first=0.01, retry_max=0.05)
    assert await writer.record_miss(a_miss("before"))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    with caplog.at_level(logging.WARNING, logger="bot.store.writer"):
        acks = [writer.record_miss(a_miss(f"q{i}")) for i in range(3)]
        while not warnings(caplog):  # retrying, not giving up
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)  # several retries, still one line
        assert not any(ack.done() for ack in acks)
        holder.execute("ROLLBACK")
        holder.close()
        assert all(await asyncio.gather(*acks))
    [failing, recovered] = warnings(caplog)
    assert "database is locked" in failing and "kept and retried" in failing
    assert "logged once" in failing
    assert recovered == f"writing to {writer.store.url} works again (0 writes lost meanwhile)"
    assert (await writer.store.miss_summary()).total == 4
    await writer.close()


@pytest.mark.parametrize("broken", ["parent is a file", "path is a folder", "corrupt", "newer"])
async def test_an_unusable_database_gives_up_and_logs_once(
    tmp_path: Path, broken: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "s.sqlite3"
    if broken == "parent is a file":
        (tmp_path / "plain-file").write_text("not a folder")
        path = tmp_path / "plain-file" / "s.sqlite3"
    elif broken == "path is a folder":
        path.mkdir()
    elif broken == "corrupt":
        path.write_bytes(b"this is not a database\n" * 200)
    else:
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA user_version = 99")
    writer = Writer(SqliteStore(path))
    with caplog.at_level(logging.WARNING, logger="bot.store.writer"):
        acks = [writer.record_miss(a_miss(f"q{i}")) for i in range(3)]
        results = [await ack for ack in acks]
        await writer.close()
    assert results == [False, False, False]
    [warning] = warnings(caplog)
    assert "cannot write to the store" in warning and "given up" in warning


# ----------------------------------------------------------------- kill -9

WRITER_PROCESS = textwrap.dedent(
    """
    import asyncio, sys, time
    from bot import misses
    from bot.store import open_store
    from bot.store.writer import Writer

    async def main():
        writer = Writer(open_store(sys.argv[1]))
        acks = [writer.record_miss(misses.make_miss(f"question {i}", "/ask")) for i in range(200)]
        acks += [writer.record_score(7, i % 3, 1, True) for i in range(30)]
        assert all(await asyncio.gather(*acks))
        print("acknowledged", flush=True)
        time.sleep(60)  # killed here, with the store still open

    asyncio.run(main())
    """
)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'namida.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


def test_acknowledged_writes_survive_kill_9(url: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER_PROCESS, url], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "acknowledged"
    finally:
        process.kill()  # SIGKILL: no flush, no close, no goodbye
        process.wait(timeout=10)
    assert process.returncode == -9

    async def read() -> tuple[int, int]:
        store = open_store(url)
        try:
            summary = await store.miss_summary(limit=500)
            board = await store.leaderboard(7)
            return summary.total, sum(s.points for s in board)
        finally:
            await store.close()

    assert asyncio.run(read()) == (200, 30)


# ----------------------------------------------------------------- PostgreSQL goes away


async def test_postgresql_stopped_under_load_loses_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with running_cluster() as cluster:  # its own server: this test stops it
        url = cluster.new_database()
        store: Store = open_store(url)
        writer = Writer(store, retry_first=0.05, retry_max=0.5)
        assert await writer.record_miss(a_miss("before"))
        acks = []
        with caplog.at_level(logging.WARNING, logger="bot.store.writer"):
            stopping = asyncio.create_task(asyncio.to_thread(cluster.stop))
            for i in range(300):  # the bot keeps recording while the server goes away
                acks.append(writer.record_miss(a_miss(f"during {i}")))
                await asyncio.sleep(0.005)
            await stopping
            for i in range(100):
                acks.append(writer.record_miss(a_miss(f"while down {i}")))
            await asyncio.sleep(2)  # down for a few seconds: writes wait in the queue
            assert not all(ack.done() for ack in acks)
            await asyncio.to_thread(cluster.start)
            assert all(await asyncio.wait_for(asyncio.gather(*acks), 30))
        summary = await store.miss_summary(limit=1000)
        assert summary.total == 401
        failing, recovered = warnings(caplog)
        assert "cannot write to the store" in failing and "kept and retried" in failing
        assert recovered.endswith("works again (0 writes lost meanwhile)")
        await writer.close()
