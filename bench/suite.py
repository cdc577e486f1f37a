"""The benchmark suite: what each part runs with, in full or quick, and one call to run it all.

``python -m bench`` is the command-line front (bench/__main__.py); tests call
:func:`run` with a tiny :class:`Config`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import cost, e2e_bench, engine_bench, report
from bench.timing import REPO, load_average, machine

PARTS = ("real", "scale", "e2e", "cost")


@dataclass(frozen=True)
class ScaleSize:
    entities: int
    queries: int = 300
    prefixes: int = 300
    wratio: int = 300  # queries the WRatio baseline is run on (it scans every name)
    difflib: int = 100  # and difflib, which is far slower
    rounds: int = 3


@dataclass(frozen=True)
class Config:
    parts: tuple[str, ...] = PARTS
    real_rounds: int = 20
    sizes: tuple[ScaleSize, ...] = (
        ScaleSize(1_000),
        ScaleSize(10_000, difflib=40),
        ScaleSize(100_000, wratio=100, difflib=10),
    )
    e2e_latency: int = 1000
    e2e_throughput: int = 4000
    e2e_concurrency: int = 16
    e2e_rounds: int = 3
    e2e_slice: int = 500  # throughput interactions per slice, both bots in turn
    guild_ready_timeout: float = 2.0  # discord.py's default wait after the last GUILD_CREATE
    check_runs: int = 5
    label: str = "full"
    extra: dict[str, Any] = field(default_factory=dict)


FULL = Config()
QUICK = Config(
    real_rounds=3,
    sizes=(ScaleSize(1_000, queries=90, prefixes=90, wratio=90, difflib=20, rounds=1),),
    e2e_latency=150,
    e2e_throughput=600,
    e2e_rounds=1,
    e2e_slice=150,
    check_runs=2,
    label="quick",
)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(config: Config = FULL) -> dict[str, Any]:
    """Run the chosen parts; the result is plain JSON-able data."""
    started = time.perf_counter()
    result: dict[str, Any] = {
        "machine": machine(),
        "config": {"label": config.label, **_plain(dataclasses.asdict(config))},
        "load_average_start": load_average(),
    }
    if "real" in config.parts:
        log("1. engine on the real knowledge base")
        result["real"] = engine_bench.real_kb(rounds=config.real_rounds)
    if "scale" in config.parts:
        result["scale"] = []
        with tempfile.TemporaryDirectory(prefix="namida-bench-kb-") as tmp:
            for size in config.sizes:
                log(f"2. engine at {size.entities:,} entities: generating")
                result["scale"].append(_scale(size, Path(tmp)))
    if "e2e" in config.parts:
        log("3. end to end through the fake Discord (bot in a separate process)")
        result["e2e"] = asyncio.run(
            e2e_bench.run(
                latency_count=config.e2e_latency,
                throughput_count=config.e2e_throughput,
                concurrency=config.e2e_concurrency,
                rounds=config.e2e_rounds,
                slice_count=config.e2e_slice,
                guild_ready_timeout=config.guild_ready_timeout,
            )
        )
    if "cost" in config.parts:
        log("4. cost: namida check, engine memory")
        result["cost"] = cost.run(runs=config.check_runs)
    result["load_average_end"] = load_average()
    result["seconds"] = time.perf_counter() - started
    result["targets"] = report.targets(result)
    return result


def _scale(size: ScaleSize, directory: Path) -> dict[str, Any]:
    knowledge, truth, generate_s = engine_bench.write_generated(size.entities, directory)
    log(f"   generated in {generate_s:.1f} s; loading, building and querying in a fresh process")
    command = [
        sys.executable,
        "-m",
        "bench.engine_bench",
        str(knowledge),
        str(truth),
        "--queries",
        str(size.queries),
        "--prefixes",
        str(size.prefixes),
        "--wratio",
        str(size.wratio),
        "--difflib",
        str(size.difflib),
        "--rounds",
        str(size.rounds),
    ]
    # A cache of its own, empty: the load measured is of a file never read before.
    env = {**os.environ, "XDG_CACHE_HOME": str(directory / f"cache-{size.entities}")}
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"scale run at {size.entities} failed:\n{done.stderr[-3000:]}")
    out: dict[str, Any] = json.loads(done.stdout)
    out["generate_s"] = generate_s
    knowledge.unlink()
    truth.unlink()
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
