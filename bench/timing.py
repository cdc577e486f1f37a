"""Timing, percentiles and the description of the machine a result came from."""

from __future__ import annotations

import datetime as dt
import gc
import math
import os
import platform
import resource
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

REPO = Path(__file__).resolve().parents[1]


def percentile(sorted_samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0–100) of already sorted samples."""
    if not sorted_samples:
        return float("nan")
    rank = max(1, min(len(sorted_samples), math.ceil(q / 100 * len(sorted_samples))))
    return sorted_samples[rank - 1]


def summary(seconds: Iterable[float]) -> dict[str, float]:
    """Count, p50, p99, mean and max of single samples, in microseconds."""
    ordered = sorted(seconds)
    nan = float("nan")
    if not ordered:
        return {"n": 0, "p50_us": nan, "p99_us": nan, "mean_us": nan, "max_us": nan}
    return {
        "n": len(ordered),
        "p50_us": percentile(ordered, 50) * 1e6,
        "p99_us": percentile(ordered, 99) * 1e6,
        "mean_us": sum(ordered) / len(ordered) * 1e6,
        "max_us": ordered[-1] * 1e6,
    }


def rounds_summary(per_input: Sequence[Sequence[float]]) -> dict[str, float]:
    """Percentiles over inputs of each input's median time across rounds, in microseconds.

    On a shared two-core machine a call is now and then preempted for a whole
    scheduler tick (about 4 ms), which would make the raw p99 measure the
    neighbours rather than the code. The median over rounds keeps each input's
    own cost (its slow path included) and drops those stalls; the raw figures
    over every sample are kept beside it as ``raw_p50_us`` / ``raw_p99_us``.
    """
    medians = [statistics.median(times) for times in per_input if times]
    out = summary(medians)
    raw = summary(t for times in per_input for t in times)
    out["inputs"] = out.pop("n")
    out["rounds"] = max((len(times) for times in per_input), default=0)
    out["raw_p50_us"] = raw["p50_us"]
    out["raw_p99_us"] = raw["p99_us"]
    out["raw_max_us"] = raw["max_us"]
    return out


def time_each(
    call: Callable[[T], Any],
    inputs: Sequence[T],
    rounds: int = 1,
    before: Callable[[], None] | None = None,
) -> list[list[float]]:
    """Seconds taken by ``call(x)``: one list per input, one time per round.

    Rounds go over all inputs in turn (not one input many times in a row), so
    an input never finds its own work still in the CPU caches. ``before`` runs
    untimed ahead of each call (e.g. to empty a cache). An untimed pass over a
    few inputs first warms imports, regexes and the code's own caches.
    """
    clock = time.perf_counter
    for x in inputs[: min(len(inputs), 20)]:
        call(x)
    gc.collect()
    out: list[list[float]] = [[] for _ in inputs]
    for _ in range(rounds):
        for i, x in enumerate(inputs):
            if before is not None:
                before()
            start = clock()
            call(x)
            out[i].append(clock() - start)
    return out


def load_average() -> float | None:
    """The 1-minute load average, to tell a quiet run from a busy one."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    From VmHWM in /proc/self/status: ``ru_maxrss`` is no good in a child
    process on Linux, where exec keeps the high-water mark of the process it
    was forked (or vforked) from, i.e. the parent's.
    """
    return _proc_status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float | None:
    """Resident set size now (VmRSS), None where there is no /proc."""
    return _proc_status_mb("VmRSS")


def _proc_status_mb(field: str) -> float | None:
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    return None


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu": cpu,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(terse=True),
    }
