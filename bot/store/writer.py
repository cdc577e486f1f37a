"""The bot's way of writing: queued, batched, retried, never in the way of an answer.

:meth:`Writer.record_miss` and :meth:`Writer.record_score` return at once with a
future that resolves once the write is committed (``True``: it survives a crash
of the bot from then on) or given up (``False``). One task on the event loop
takes what is queued, up to ``batch_max`` at a time, and writes it in one
transaction.

- A transient failure (PostgreSQL restarting, a dropped connection, a locked
  SQLite file) keeps the batch and retries it with exponential backoff; it is
  logged once when it starts and once when writing works again. Each batch
  carries an id, so one whose commit went through but whose acknowledgement
  was lost is not stored a second time by the retry.
- A failure a retry will not cure (a corrupt file, a newer schema) gives the
  batch up, logged once as well.
- The queue holds at most ``max_pending`` writes; past that new ones are dropped
  (never waited for), and how many is logged.
- :meth:`close` (the bot's shutdown, SIGTERM included) writes what is queued,
  waiting at most ``close_timeout`` seconds, then closes the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from bot.store.api import Miss, Score, Store, StoreError, TransientStoreError, utc_now

log = logging.getLogger(__name__)

MAX_PENDING = 10_000
BATCH_MAX = 500
RETRY_FIRST = 0.05  # seconds before the first retry; doubled each time…
RETRY_MAX = 2.0  # …up to this
CLOSE_TIMEOUT = 10.0  # systemd waits 90 s for a stop; this stays well inside


@dataclass
class _Pending:
    item: Miss | Score
    done: asyncio.Future[bool]


class Writer:
    def __init__(
        self,
        store: Store,
        *,
        max_pending: int = MAX_PENDING,
        batch_max: int = BATCH_MAX,
        retry_first: float = RETRY_FIRST,
        retry_max: float = RETRY_MAX,
        close_timeout: float = CLOSE_TIMEOUT,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.store = store
        self.max_pending = max_pending
        self.batch_max = batch_max
        self.retry_first = retry_first
        self.retry_max = retry_max
        self.close_timeout = close_timeout
        self._sleep = sleep
        self._queue: deque[_Pending] = deque()
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._last: asyncio.Future[bool] | None = None
        self._closed = False
        self._closing: asyncio.Future[None] | None = None
        self.written = 0  # committed, in all
        self.lost = 0  # given up or dropped, in all
        self._overflow = 0  # dropped since the queue last had room
        self._outage: str | None = None  # the failure being retried, once logged
        self._lost_before = 0  # self.lost when the current outage began
        self._inflight: list[_Pending] = []  # the batch being written

    # ------------------------------------------------------------- queueing

    def record_miss(self, miss: Miss) -> asyncio.Future[bool]:
        """Queue one unanswered question; see :func:`bot.misses.make_miss`."""
        return self._put(miss)

    def record_score(
        self,
        guild_id: int,
        user_id: int,
        points: int,
        correct: bool,
        at: datetime | None = None,
    ) -> asyncio.Future[bool]:
        """Queue one quiz answer; ``await`` the result only to know it is committed."""
        return self._put(Score(guild_id, user_id, points, correct, at or utc_now()))

    @property
    def pending(self) -> int:
        return len(self._queue)

    def _put(self, item: Miss | Score) -> asyncio.Future[bool]:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[bool] = loop.create_future()
        if self._closed:
            log.debug("store closed: a write was not queued")
            done.set_result(False)
            return done
        if len(self._queue) >= self.max_pending:
            if not self._overflow:
                log.warning(
                    "the write queue for %s is full (%d waiting): new writes are dropped "
                    "until it drains",
                    self.store.url,
                    len(self._queue),
                )
            self._overflow += 1
            self.lost += 1
            done.set_result(False)
            return done
        self._queue.append(_Pending(item, done))
        self._last = done
        self._wakeup.set()
        self.start()
        return done

    def start(self) -> None:
        """Start the writing task on the running loop (done by the first write anyway)."""
        if self._task is None and not self._closed:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="namida-writer")

    # ------------------------------------------------------------- writing

    async def _run(self) -> None:
        while True:
            if not self._queue:
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            batch = [self._queue.popleft() for _ in range(min(self.batch_max, len(self._queue)))]
            self._note_room()
            self._inflight = batch
            await self._write(batch)
            self._inflight = []

    def _note_room(self) -> None:
        if self._overflow and len(self._queue) < self.max_pending:
            log.warning(
                "the write queue for %s has room again: %d writes were dropped while it was full",
                self.store.url,
                self._overflow,
            )
            self._overflow = 0

    async def _write(self, batch: list[_Pending]) -> None:
        misses = [p.item for p in batch if isinstance(p.item, Miss)]
        scores = [p.item for p in batch if isinstance(p.item, Score)]
        batch_id = uuid.uuid4()  # the same on every retry: a batch is stored once
        delay = self.retry_first
        while True:
            try:
                await self.store.write(misses, scores, batch_id=batch_id)
            except TransientStoreError as exc:
                self._failing(exc, kept=len(batch))
                await self._sleep(delay)
                delay = min(delay * 2, self.retry_max)
                continue
            except StoreError as exc:
                self._failing(exc, kept=0)
                self._settle(batch, ok=False)
                return
            except Exception as exc:  # a bug must not stop the writer for good
                log.exception("writing to %s failed unexpectedly", self.store.url)
                self._failing(exc, kept=0, logged=True)
                self._settle(batch, ok=False)
                return
            self._settle(batch, ok=True)
            return

    def _failing(self, exc: BaseException, *, kept: int, logged: bool = False) -> None:
        if self._outage is None:
            self._outage = str(exc)
            self._lost_before = self.lost
            if not logged:
                retried = "kept and retried" if kept else "given up"
                log.warning(
                    "cannot write to the store (%s); answering goes on, writes are %s, "
                    "and this is logged once until it works again",
                    exc,
                    retried,
                )

    def _settle(self, batch: list[_Pending], *, ok: bool) -> None:
        if ok:
            self.written += len(batch)
            log.debug(
                "stored %d writes in %s (%d in all)", len(batch), self.store.url, self.written
            )
            if self._outage is not None:
                log.warning(
                    "writing to %s works again (%d writes lost meanwhile)",
                    self.store.url,
                    self.lost - self._lost_before,
                )
                self._outage = None
        else:
            self.lost += len(batch)
        for pending in batch:
            if not pending.done.done():
                pending.done.set_result(ok)

    # ------------------------------------------------------------- flushing

    async def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything queued so far is written or given up; False on timeout."""
        last = self._last
        if last is None or last.done():
            return True
        try:
            await asyncio.wait_for(asyncio.shield(last), timeout)
        except TimeoutError:
            return False
        return True

    async def close(self) -> None:
        """Write what is queued (at most ``close_timeout`` seconds), then close the store.

        A second call (the bot closes on SIGTERM, then again as its ``async with``
        ends) waits for the first to finish rather than returning at once: the
        process must not exit while the queue is still being written.
        """
        if self._closing is None:
            self._closed = True
            self._closing = asyncio.ensure_future(self._close())
        await asyncio.shield(self._closing)

    async def _close(self) -> None:
        started = time.monotonic()
        await self.flush(self.close_timeout)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        left = [p for p in self._inflight + list(self._queue) if not p.done.done()]
        self._queue.clear()
        if left:
            log.warning(
                "stopping with %d writes not stored in %s (waited %.1f s)",
                len(left),
                self.store.url,
                time.monotonic() - started,
            )
            self.lost += len(left)
            for pending in left:
                if not pending.done.done():
                    pending.done.set_result(False)
        if self._overflow:
            self._note_room()
        await self.store.close()
