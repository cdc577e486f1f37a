"""`python -m bench.store_bench`: how many writes per second the store sustains under the
bot's load, on each backend, beside plain asyncpg on the same server.

The bot's load: unanswered questions and quiz scores (one in ten) recorded from
the event loop in bursts, as answers produce them, through the real
:class:`bot.store.writer.Writer` (queue, batches of up to 500, one transaction
each). The producer holds back while the queue is half full, so the figure is
how fast the writer drains, not how fast it drops. Beside it, the loop's lag (a
1 ms ticker: how late it wakes) says whether answers would wait.

The baseline: the same rows inserted by a plain ``executemany`` loop on one
asyncpg connection, 500 rows per transaction, on the same PostgreSQL server.
PostgreSQL is a throwaway server (as in the tests) unless ``--pg URL`` is given.

    python -m bench.store_bench            # 20,000 writes per backend (about 20 s)
    python -m bench.store_bench --quick    # 2,000
    python -m bench.store_bench --json
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any

import asyncpg

from bot import misses
from bot.store import Miss, Score, open_store
from bot.store.writer import BATCH_MAX, Writer

REPO = Path(__file__).resolve().parents[1]
BURST = 20  # writes recorded per turn of the loop
PACED_RATE = 500  # writes per second for the "steady stream" rows: far above a busy bot's misses


def rows(count: int) -> list[Miss | Score]:
    """The bot's mix: nine misses in ten, one quiz score."""
    made: list[Miss | Score] = []
    for i in range(count):
        if i % 10 == 9:
            made.append(Score(guild_id=1 + i % 7, user_id=i % 500, points=1, correct=True,
                              at=misses.utc_now()))  # fmt: skip
        else:
            miss = misses.make_miss(
                f"who sang the song in episode {i % 997} of season two?", "/ask"
            )
            assert miss is not None
            made.append(miss)
    return made


class NullStore:
    """Takes every batch at once and keeps nothing: what the harness costs by itself."""

    url = "null:"

    async def migrate(self) -> None:
        return None

    async def write(
        self, misses: Sequence[Miss] = (), scores: Sequence[Score] = (), **_: object
    ) -> None:
        await asyncio.sleep(0)

    async def close(self) -> None:
        return None


async def through_the_writer(
    url: str, items: list[Miss | Score], *, per_second: float | None = None
) -> dict[str, Any]:
    """Record ``items`` as fast as the writer drains them, or paced at ``per_second``."""
    store: Any = NullStore() if url == NullStore.url else open_store(url)
    await store.migrate()
    writer = Writer(store)
    async with loop_lag() as lags:
        started = time.perf_counter()
        acks = []
        for start in range(0, len(items), BURST):
            if per_second:  # a steady stream of answers
                due = started + start / per_second
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
            while writer.pending > writer.max_pending // 2:
                await asyncio.sleep(0.001)
            for item in items[start : start + BURST]:
                if isinstance(item, Miss):
                    acks.append(writer.record_miss(item))
                else:
                    acks.append(writer.record_score(item.guild_id, item.user_id, 1, True, item.at))
            await asyncio.sleep(0)  # the next answers come on later turns of the loop
        results = await asyncio.gather(*acks)
        seconds = time.perf_counter() - started
    await writer.close()
    assert all(results), "the bench lost writes"
    return {
        "writes": len(items),
        "seconds": round(seconds, 3),
        "per_second": round(len(items) / seconds),
        **lag_summary(lags),
    }


@contextlib.asynccontextmanager
async def loop_lag() -> AsyncIterator[list[float]]:
    """How late a 1 ms sleep wakes, sampled all along: the wait an answer would see."""
    lags: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        while not stop.is_set():
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            lags.append(time.perf_counter() - before - 0.001)

    tick = asyncio.create_task(ticker())
    try:
        yield lags
    finally:
        stop.set()
        await tick


def lag_summary(lags: list[float]) -> dict[str, float]:
    ordered = sorted(lags) or [0.0]
    return {
        "loop_lag_p50_ms": round(statistics.median(ordered) * 1000, 2),
        "loop_lag_p99_ms": round(ordered[int(len(ordered) * 0.99)] * 1000, 2),
        "loop_lag_max_ms": round(ordered[-1] * 1000, 2),
    }


async def idle(seconds: float) -> dict[str, float]:
    """The loop's lag with nothing to do: the machine's own noise."""
    async with loop_lag() as lags:
        await asyncio.sleep(seconds)
    return lag_summary(lags)


async def plain_asyncpg(url: str, items: list[Miss | Score]) -> dict[str, Any]:
    """The floor: executemany on one connection, BATCH_MAX rows per transaction."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_misses (id BIGSERIAL PRIMARY KEY,"
            " asked_at TIMESTAMPTZ, command TEXT, question TEXT, normalized TEXT);"
            "CREATE TABLE IF NOT EXISTS bench_scores (id BIGSERIAL PRIMARY KEY, guild_id BIGINT,"
            " user_id BIGINT, points INTEGER, correct BOOLEAN, at TIMESTAMPTZ)"
        )
        started = time.perf_counter()
        for start in range(0, len(items), BATCH_MAX):
            batch = items[start : start + BATCH_MAX]
            async with conn.transaction():
                await conn.executemany(
                    "INSERT INTO bench_misses (asked_at, command, question, normalized)"
                    " VALUES ($1, $2, $3, $4)",
                    [(m.asked_at, m.command, m.question, m.normalized)
                     for m in batch if isinstance(m, Miss)],
                )  # fmt: skip
                await conn.executemany(
                    "INSERT INTO bench_scores (guild_id, user_id, points, correct, at)"
                    " VALUES ($1, $2, $3, $4, $5)",
                    [(s.guild_id, s.user_id, s.points, s.correct, s.at)
                     for s in batch if isinstance(s, Score)],
                )  # fmt: skip
        seconds = time.perf_counter() - started
    finally:
        await conn.close()
    return {
        "writes": len(items),
        "seconds": round(seconds, 3),
        "per_second": round(len(items) / seconds),
    }


@contextlib.contextmanager
def postgresql(url: str | None) -> Iterator[tuple[str, str]]:
    """Two fresh databases (the store's, the baseline's) on ``url``'s server or a throwaway one."""
    if url:
        yield url, url
        return
    sys.path.insert(0, str(REPO / "tests"))
    from postgres_cluster import running_cluster

    with running_cluster(durable=True) as cluster:
        yield cluster.new_database(), cluster.new_database()


def run(count: int, pg_url: str | None = None, paced_seconds: float = 2.0) -> dict[str, Any]:
    items = rows(count)
    paced = rows(int(PACED_RATE * paced_seconds))
    result: dict[str, Any] = {"writes": count, "paced_rate": PACED_RATE}
    result["idle"] = asyncio.run(idle(paced_seconds))
    result["null"] = asyncio.run(through_the_writer(NullStore.url, items))
    with tempfile.TemporaryDirectory(prefix="namida-bench-") as scratch:
        url = f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
        result["sqlite"] = asyncio.run(through_the_writer(url, items))
        result["sqlite_paced"] = asyncio.run(through_the_writer(url, paced, per_second=PACED_RATE))
    with postgresql(pg_url) as (store_url, plain_url):
        result["postgresql"] = asyncio.run(through_the_writer(store_url, items))
        result["postgresql_paced"] = asyncio.run(
            through_the_writer(store_url, paced, per_second=PACED_RATE)
        )
        result["asyncpg_executemany"] = asyncio.run(plain_asyncpg(plain_url, items))
    base = result["asyncpg_executemany"]["per_second"]
    result["ratio_postgresql_vs_executemany"] = round(result["postgresql"]["per_second"] / base, 2)
    result["ratio_sqlite_vs_executemany"] = round(result["sqlite"]["per_second"] / base, 2)
    return result


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"{result['writes']:,} writes (9 misses : 1 score), batches of up to {BATCH_MAX}",
        "",
        "| | writes/s | vs executemany | loop lag p50 / p99 / max (ms) |",
        "|---|---:|---:|---|",
    ]
    null = result["null"]
    lines.append(
        f"| no store: the harness alone (writes discarded) | {null['per_second']:,} | | "
        f"{null['loop_lag_p50_ms']} / {null['loop_lag_p99_ms']} / {null['loop_lag_max_ms']} |"
    )
    for name, key in (("SQLite, through the Writer", "sqlite"),
                      ("PostgreSQL, through the Writer", "postgresql")):  # fmt: skip
        r = result[key]
        ratio = result[f"ratio_{key}_vs_executemany"]
        lags = f"{r['loop_lag_p50_ms']} / {r['loop_lag_p99_ms']} / {r['loop_lag_max_ms']}"
        lines.append(f"| {name} | {r['per_second']:,} | {ratio:.2f}× | {lags} |")
    base = result["asyncpg_executemany"]
    lines.append(f"| plain asyncpg executemany (same server) | {base['per_second']:,} | 1.00× | |")
    lines += [
        "",
        f"A steady {result['paced_rate']} writes/s: the event loop's lag (ms), "
        "as an answer sees it",
        "",
        "| | p50 | p99 | max |",
        "|---|---:|---:|---:|",
    ]
    for name, key in (("nothing written (the machine's noise)", "idle"),
                      ("SQLite", "sqlite_paced"), ("PostgreSQL", "postgresql_paced")):  # fmt: skip
        r = result[key]
        lines.append(
            f"| {name} | {r['loop_lag_p50_ms']} | {r['loop_lag_p99_ms']} | {r['loop_lag_max_ms']} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="2,000 writes instead of 20,000; 0.5 s paced"
    )
    parser.add_argument("--writes", type=int, help="how many writes per backend")
    parser.add_argument("--pg", metavar="URL", help="an existing PostgreSQL (its own database)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    count = args.writes or (2_000 if args.quick else 20_000)
    result = run(count, args.pg, paced_seconds=0.5 if args.quick else 3.0)
    print(json.dumps(result, indent=2) if args.json else markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
