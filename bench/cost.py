"""What Namida costs to start and to hold: `namida check` and `ask` time, the engine's peak RSS.

Each measurement runs in a fresh interpreter (a subprocess), so imports and
memory are the command's own, not this benchmark's. The bot's start-up to
READY is measured by the end-to-end benchmark (bench/e2e_bench.py).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.timing import REPO

_ENGINE_RSS = """
import json, time
t0 = time.perf_counter()
from bot.engine.engine import Engine
from bot.knowledge import loader
t1 = time.perf_counter()
knowledge = loader.load({path!r})
t2 = time.perf_counter()
engine = Engine(knowledge)
t3 = time.perf_counter()
from bench.timing import current_rss_mb, peak_rss_mb
print(json.dumps({{
    "import_s": t1 - t0, "load_s": t2 - t1, "build_s": t3 - t2,
    "rss_peak_mb": peak_rss_mb(), "rss_mb": current_rss_mb(),
}}))
"""


ASK = "who played the lead?"  # one question, answered from the shipped knowledge


def _namida() -> list[str]:
    script = Path(sys.executable).with_name("namida")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def timed_runs(
    command: list[str], runs: int, *, cache: Path | None = None, cold: bool = False
) -> dict[str, Any]:
    """Seconds of ``command`` run ``runs`` times: wall clock, and CPU (user + system).

    With ``cache``, the command keeps what it caches (bot.knowledge.cache) in
    that directory: emptied before each run when ``cold`` (a file never read
    before), else filled by one run that is not counted (the usual start).
    """
    env = dict(os.environ)
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    seconds, cpu = [], []

    def once() -> tuple[float, float]:
        if cache is not None and cold:
            shutil.rmtree(cache, ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            command, cwd=REPO, capture_output=True, text=True, check=False, env=env
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, used

    if cache is not None and not cold:
        once()
    for _ in range(runs):
        wall, used = once()
        seconds.append(wall)
        cpu.append(used)
    return {
        "runs": runs,
        "min_s": min(seconds),
        "median_s": statistics.median(seconds),
        "cpu_median_s": statistics.median(cpu),
    }


def engine_memory(path: Path | None = None) -> dict[str, Any]:
    """Import, load and build the engine in a fresh interpreter; its times and RSS."""
    from bot.knowledge import loader

    code = _ENGINE_RSS.format(path=str(path or loader.default_path()))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def compile_bytecode() -> None:
    """Compile the project's modules as ``pip install`` does, so a start reads bytecode.

    Without it, a checkout run with PYTHONDONTWRITEBYTECODE set (or an edited one,
    before its first run) compiles every module from source at each start: about
    100 ms more, which no installed copy spends.
    """
    import compileall

    for package in ("bot", "bench"):
        compileall.compile_dir(REPO / package, quiet=1)


def run(*, runs: int = 5) -> dict[str, Any]:
    """Start-up as a user sees it most often (the cache holds the shipped file), and the
    first start after an edit or an upgrade (nothing cached), each in a private cache."""
    compile_bytecode()
    namida = _namida()
    check, ask = [*namida, "check"], [*namida, "ask", ASK]
    with tempfile.TemporaryDirectory(prefix="namida-bench-cache-") as scratch:
        cache = Path(scratch)
        return {
            "check_command": " ".join(Path(part).name for part in namida) + " check",
            "namida_check": timed_runs(check, runs, cache=cache),
            "namida_check_cold": timed_runs(check, runs, cache=cache, cold=True),
            "ask_command": " ".join(Path(part).name for part in namida) + f" ask '{ASK}'",
            "namida_ask": timed_runs(ask, runs, cache=cache),
            "namida_ask_cold": timed_runs(ask, runs, cache=cache, cold=True),
            "python_startup": timed_runs([sys.executable, "-c", "pass"], runs),
            "engine_real_kb": engine_memory(),
        }
