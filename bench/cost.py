"""What Namida costs to start and to hold: `namida check` time and the engine's peak RSS.

Each measurement runs in a fresh interpreter (a subprocess), so imports and
memory are the command's own, not this benchmark's. The bot's start-up to
READY is measured by the end-to-end benchmark (bench/e2e_bench.py).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
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


def timed_runs(command: list[str], runs: int) -> dict[str, Any]:
    """Wall-clock seconds of ``command`` run ``runs`` times (min and median)."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
        seconds.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    return {"runs": runs, "min_s": min(seconds), "median_s": statistics.median(seconds)}


def engine_memory(path: Path | None = None) -> dict[str, Any]:
    """Import, load and build the engine in a fresh interpreter; its times and RSS."""
    from bot.knowledge import loader

    code = _ENGINE_RSS.format(path=str(path or loader.default_path()))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def run(*, runs: int = 5) -> dict[str, Any]:
    namida = _namida()
    return {
        "check_command": " ".join(Path(part).name for part in namida) + " check",
        "namida_check": timed_runs([*namida, "check"], runs),
        "ask_command": " ".join(Path(part).name for part in namida) + f" ask '{ASK}'",
        "namida_ask": timed_runs([*namida, "ask", ASK], runs),
        "python_startup": timed_runs([sys.executable, "-c", "pass"], runs),
        "engine_real_kb": engine_memory(),
    }
