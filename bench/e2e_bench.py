"""End to end through Discord's protocol: the fake Discord here, the bot in another process.

The fake (tests/fake_discord, imported, not copied) runs in this process and
drives the real discord.py client that runs in a child process
(``bench.e2e_bot``): it dispatches INTERACTION_CREATE over the gateway
websocket and the bot answers with ``POST /interactions/{id}/{token}/callback``.
Latency is measured in this process, on one clock: from the moment the fake
writes INTERACTION_CREATE to the moment the callback request reaches it.

Two bots answer the same mix of interactions on identical fakes, alternately:
Namida (``create_bot`` with the shipped knowledge, as ``namida run``) and a
no-op discord.py bot with the same commands that answers a constant string.
Per round, each bot answers one interaction at a time (latency, and the CPU
each interaction costs the bot); then the round's throughput work is cut into
short slices that the two bots answer in turn with ``concurrency`` in flight,
each slice by both, the order swapped every slice. On a shared machine the
work of others comes and goes within seconds, so a slice's two halves see
nearly the same machine: the throughput ratio is the median over slices of
Namida's rate ÷ the no-op bot's in the same slice. The older figure, the ratio
of the bots' median rates over whole rounds, is computed from the same slices
beside it. The fake checks no request bodies against Discord's schema here
(the tests do that), so that it is not the bottleneck; the CPU time each
process spent is reported to show who was.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from bench.engine_bench import load_questions, suggest_partials
from bench.timing import REPO, summary

TESTS = REPO / "tests"
_CALLBACK = re.compile(r"/interactions/(\d+)/[^/]+/callback$")
# How often fans use each thing (autocomplete fires while they type a command).
MIX: dict[str, float] = {"autocomplete": 0.40, "ask": 0.25, "episode": 0.20, "track": 0.15}
EPISODE_INPUTS = (
    "8",
    "1",
    "11",
    "3",
    "finale",
    "last episode",
    "ep 5",
    "Love letter",
    "1 litre of tears",
    "I live now",
    "heartless glances",
    "love leter",
    "12",
)
TRACK_INPUTS = (
    "22",
    "1",
    "21",
    "13",
    "Konayuki",
    "konayuki piano",
    "Only Human",
    "main theme",
    "Namida no Imi",
    "only human cello",
    "love theme",
    "5",
    "konayki",
)
AUTOCOMPLETE = {
    "episode": ("episode", "episode"),
    "track": ("track", "track"),
    "person": ("cast", "who"),
}


@dataclass(frozen=True)
class Work:
    kind: Literal["command", "autocomplete"]
    command: str
    option: str
    value: str


def interaction_mix(count: int, seed: int = 5) -> list[Work]:
    """A realistic, reproducible sequence of interactions."""
    from bot.knowledge import loader

    rng = random.Random(seed)
    questions = [q for _, q in load_questions()]
    partials = suggest_partials(loader.load())
    out: list[Work] = []
    kinds = list(MIX)
    weights = list(MIX.values())
    for _ in range(count):
        kind = rng.choices(kinds, weights)[0]
        if kind == "autocomplete":
            what = rng.choice(list(AUTOCOMPLETE))
            command, option = AUTOCOMPLETE[what]
            out.append(Work("autocomplete", command, option, rng.choice(partials[what])))
        elif kind == "ask":
            out.append(Work("command", "ask", "question", rng.choice(questions)[:300]))
        elif kind == "episode":
            out.append(Work("command", "episode", "episode", rng.choice(EPISODE_INPUTS)))
        else:
            out.append(Work("command", "track", "track", rng.choice(TRACK_INPUTS)))
    return out


@functools.cache
def _timed_fake_class() -> Any:
    """FakeDiscord, recording when each interaction went out and when its answer came in."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from aiohttp import web
    from fake_discord.server import FakeDiscord  # type: ignore[import-not-found]

    class TimedFake(FakeDiscord):  # type: ignore[misc]
        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.sent: dict[int, float] = {}
            self.answered: dict[int, float] = {}
            self.ready_at: float | None = None

        async def _dispatch_to(self, session: Any, event: str, data: Any) -> None:
            now = time.perf_counter()
            if event == "INTERACTION_CREATE":
                self.sent[int(data["id"])] = now
            elif event == "READY" and self.ready_at is None:
                self.ready_at = now
            await super()._dispatch_to(session, event, data)
            session.events.clear()  # kept for RESUME only; nothing resumes here

        async def _rest(self, request: web.Request) -> web.StreamResponse:
            now = time.perf_counter()
            response: web.StreamResponse = await super()._rest(request)
            match = _CALLBACK.search(request.path)
            if match:
                self.answered.setdefault(int(match.group(1)), now)
            return response

        def forget(self) -> None:
            """Drop what finished interactions left behind (memory stays flat)."""
            self.sent.clear()
            self.answered.clear()
            self.interactions.clear()
            self.requests.clear()

    return TimedFake


@dataclass
class RunningBot:
    kind: str
    fake: Any
    process: asyncio.subprocess.Process
    log: Path
    startup: dict[str, float] = field(default_factory=dict)
    stats: dict[str, float] = field(default_factory=dict)


async def _event(bot: RunningBot, name: str, timeout: float) -> dict[str, Any]:
    assert bot.process.stdout is not None
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"{bot.kind} bot: no '{name}' within {timeout}s; see {bot.log}")
        line = await asyncio.wait_for(bot.process.stdout.readline(), left)
        if not line:
            tail = bot.log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{bot.kind} bot exited before '{name}':\n{tail}")
        with contextlib.suppress(json.JSONDecodeError):
            event: dict[str, Any] = json.loads(line)
            if event.get("event") == name:
                return event


async def start_bot(
    kind: str,
    state: Path,
    guild_ready_timeout: float = 2.0,
    profile: Path | None = None,
    profile_cpu: bool = False,
    trace_memory: Path | None = None,
) -> RunningBot:
    """A fake on a free port and the bot process connected to it, commands synced.

    With ``profile``, the bot process runs cProfile while it serves and writes the stats there
    (timed by the serving thread's CPU time with ``profile_cpu``, else by the wall clock);
    with ``trace_memory``, tracemalloc, and writes a snapshot of what it still holds at the end.
    """
    fake = _timed_fake_class()(check_conformance=False, heartbeat_interval=41.25)
    await fake.start()
    log = state / f"{kind}.log"
    path = os.environ.get("PYTHONPATH", "")
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.e2e_bot",
        "--port",
        str(fake.port),
        "--token",
        fake.token,
        "--bot",
        kind,
        "--state-dir",
        str(state),
        "--guild-ready-timeout",
        str(guild_ready_timeout),
        *(["--profile", str(profile)] if profile else []),
        *(["--profile-cpu"] if profile_cpu else []),
        *(["--trace-memory", str(trace_memory)] if trace_memory else []),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=log.open("wb"),
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), path]))},
    )
    bot = RunningBot(kind, fake, process, log)
    ready = await _event(bot, "ready", 120)
    ready_s = time.perf_counter() - started
    await _event(bot, "synced", 30)
    bot.startup = {
        "to_gateway_ready_s": (fake.ready_at or float("nan")) - started,
        "to_on_ready_s": ready_s,
        "guild_ready_timeout_s": guild_ready_timeout,
        "rss_at_ready_mb": ready["rss_mb"],
    }
    return bot


async def stop_bot(bot: RunningBot) -> None:
    with contextlib.suppress(Exception):
        assert bot.process.stdin is not None
        bot.process.stdin.write(b"stop\n")
        await bot.process.stdin.drain()
        bot.stats = await _event(bot, "stats", 15)
    try:
        await asyncio.wait_for(bot.process.wait(), 15)
    except TimeoutError:
        bot.process.kill()
        await bot.process.wait()
    await bot.fake.stop()


def _process_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of another process, from /proc (None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _one(fake: Any, work: Work) -> None:
    if work.kind == "autocomplete":
        await fake.send_autocomplete(work.command, work.option, work.value, timeout=30)
    else:
        handle = await fake.send_slash_command(work.command, {work.option: work.value})
        await handle.response(timeout=30)


async def phase(bot: RunningBot, work: Sequence[Work], concurrency: int) -> dict[str, Any]:
    """Send ``work`` with ``concurrency`` in flight; latencies, rate and CPU use."""
    fake = bot.fake
    await asyncio.gather(*(_one(fake, w) for w in work[:10]))  # warm-up
    fake.forget()
    items = iter(work)

    async def worker() -> None:
        for item in items:
            await _one(fake, item)

    bot_cpu = _process_cpu_s(bot.process.pid)
    fake_cpu = time.process_time()
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    fake_cpu = time.process_time() - fake_cpu
    bot_cpu_end = _process_cpu_s(bot.process.pid)
    latencies = [fake.answered[i] - t for i, t in fake.sent.items() if i in fake.answered]
    fake.forget()
    bot_cpu_s = None if bot_cpu is None or bot_cpu_end is None else bot_cpu_end - bot_cpu
    return _phase_summary(len(work), concurrency, elapsed, latencies, fake_cpu, bot_cpu_s)


def _phase_summary(
    count: int,
    concurrency: int,
    elapsed: float,
    latencies: list[float],
    fake_cpu: float,
    bot_cpu: float | None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "interactions": count,
        "concurrency": concurrency,
        "seconds": elapsed,
        "per_second": count / elapsed,
        "latency": summary(latencies),
        "fake_cpu_us_per_interaction": fake_cpu / count * 1e6,
        "fake_cpu_share": fake_cpu / elapsed,
        "_latencies": latencies,
        "_fake_cpu_s": fake_cpu,
    }
    if bot_cpu is not None:
        out["bot_cpu_us_per_interaction"] = bot_cpu / count * 1e6
        out["bot_cpu_share"] = bot_cpu / elapsed
        out["_bot_cpu_s"] = bot_cpu
    return out


def _joined(slices: list[dict[str, Any]]) -> dict[str, Any]:
    """One bot's slices of a round as one phase: their interactions over their seconds."""
    cpu = [p["_bot_cpu_s"] for p in slices if "_bot_cpu_s" in p]
    return _phase_summary(
        sum(p["interactions"] for p in slices),
        slices[0]["concurrency"],
        sum(p["seconds"] for p in slices),
        [t for p in slices for t in p["_latencies"]],
        sum(p["_fake_cpu_s"] for p in slices),
        sum(cpu) if len(cpu) == len(slices) else None,
    )


def _plain(phase: dict[str, Any]) -> dict[str, Any]:
    """A phase without its raw samples (the result stays small)."""
    return {k: v for k, v in phase.items() if not k.startswith("_")}


async def run(
    *,
    latency_count: int = 1000,
    throughput_count: int = 4000,
    concurrency: int = 16,
    rounds: int = 3,
    slice_count: int = 500,
    guild_ready_timeout: float = 2.0,
) -> dict[str, Any]:
    """Part 3 (and the bot's start-up for part 4): both bots, ``rounds`` alternate rounds.

    Each round's ``throughput_count`` interactions are answered in slices of
    ``slice_count`` by both bots in turn (see the module's docstring).
    """
    kinds = ("noop", "namida")
    rng = random.Random(9)
    slice_count = max(1, min(slice_count, throughput_count))
    with tempfile.TemporaryDirectory(prefix="namida-bench-") as tmp:
        state = Path(tmp)
        bots: dict[str, RunningBot] = {}
        try:
            for kind in kinds:  # one after the other: start-up is measured too
                bots[kind] = await start_bot(kind, state, guild_ready_timeout)
            per_round: dict[str, list[dict[str, Any]]] = {k: [] for k in kinds}
            slice_ratios: list[float] = []
            turn = 0
            for r in range(rounds):
                order = kinds if r % 2 == 0 else kinds[::-1]
                seed = rng.randrange(1 << 30)
                lat: dict[str, dict[str, Any]] = {}
                for kind in order:
                    lat[kind] = await phase(bots[kind], interaction_mix(latency_count, seed), 1)
                work = interaction_mix(throughput_count, seed + 1)
                slices: dict[str, list[dict[str, Any]]] = {k: [] for k in kinds}
                for start in range(0, len(work), slice_count):
                    part = work[start : start + slice_count]
                    for kind in kinds if turn % 2 == 0 else kinds[::-1]:
                        slices[kind].append(await phase(bots[kind], part, concurrency))
                    turn += 1
                    slice_ratios.append(
                        slices["namida"][-1]["per_second"] / slices["noop"][-1]["per_second"]
                    )
                for kind in kinds:
                    per_round[kind].append(
                        {
                            "latency": lat[kind],
                            "throughput": _joined(slices[kind]),
                            "slices_per_second": [p["per_second"] for p in slices[kind]],
                        }
                    )
        finally:
            for bot in bots.values():
                await stop_bot(bot)
        logs = {k: b.log.read_text(errors="replace")[-4000:] for k, b in bots.items()}

    result: dict[str, Any] = {
        "mix": MIX,
        "rounds": rounds,
        "latency_interactions": latency_count,
        "throughput_interactions": throughput_count,
        "slice_interactions": slice_count,
        "concurrency": concurrency,
    }
    for kind in kinds:
        rounds_ = per_round[kind]
        lat_all = [r["latency"] for r in rounds_]
        thr_all = [r["throughput"] for r in rounds_]
        result[kind] = {
            "startup": bots[kind].startup,
            "stats": bots[kind].stats,
            "latency": _merged_latency(lat_all),
            "latency_per_round": [r["latency"] for r in lat_all],
            "per_second": statistics.median(t["per_second"] for t in thr_all),
            "per_second_per_round": [t["per_second"] for t in thr_all],
            "per_second_per_slice": [x for r in rounds_ for x in r["slices_per_second"]],
            "latency_under_load": _merged_latency(thr_all),
            "bot_cpu_us_per_interaction": _median_of(lat_all, "bot_cpu_us_per_interaction"),
            "bot_cpu_us_per_interaction_under_load": _median_of(
                thr_all, "bot_cpu_us_per_interaction"
            ),
            "bot_cpu_share_under_load": _median_of(thr_all, "bot_cpu_share"),
            "fake_cpu_share_under_load": _median_of(thr_all, "fake_cpu_share"),
            "log_tail": logs[kind][-600:],
        }
    noop, namida = result["noop"], result["namida"]
    # The figure: slice by slice, each bot beside the other on the same machine.
    result["throughput_ratio"] = statistics.median(slice_ratios)
    result["throughput_ratio_per_slice"] = slice_ratios
    # The older figure, kept beside it: whole rounds' rates, each bot's median.
    result["throughput_ratio_of_rounds"] = namida["per_second"] / noop["per_second"]
    result["throughput_ratio_per_round"] = [
        a / b
        for a, b in zip(namida["per_second_per_round"], noop["per_second_per_round"], strict=True)
    ]
    result["added_p50_ms"] = (namida["latency"]["p50_us"] - noop["latency"]["p50_us"]) / 1000
    result["added_p99_ms"] = (namida["latency"]["p99_us"] - noop["latency"]["p99_us"]) / 1000
    if noop["bot_cpu_us_per_interaction"] and namida["bot_cpu_us_per_interaction"]:
        result["cpu_capacity_ratio"] = (
            noop["bot_cpu_us_per_interaction"] / namida["bot_cpu_us_per_interaction"]
        )
    under_load = (
        noop["bot_cpu_us_per_interaction_under_load"],
        namida["bot_cpu_us_per_interaction_under_load"],
    )
    if all(under_load):
        result["cpu_ratio_under_load"] = under_load[1] / under_load[0]
    return result


def _merged_latency(phases: list[dict[str, Any]]) -> dict[str, float]:
    """Round-by-round p50/p99 summarised by their median (each round is a full sample)."""
    keys = ("p50_us", "p99_us", "mean_us", "max_us")
    out = {k: statistics.median(p["latency"][k] for p in phases) for k in keys}
    out["n"] = sum(p["latency"]["n"] for p in phases)
    return out


def _median_of(phases: list[dict[str, Any]], key: str) -> float | None:
    values = [p[key] for p in phases if key in p]
    return statistics.median(values) if values else None
