"""The store benchmark still runs (tiny sizes); it asserts no speed, only its shape."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # `bench` lives beside `bot`, at the repository root
    sys.path.insert(0, str(REPO))

from bench import store_bench  # noqa: E402

pytestmark = pytest.mark.timeout(120)


def test_store_bench_runs_and_reports_every_backend(pg_url: str) -> None:
    result = store_bench.run(300, pg_url, paced_seconds=0.2)
    assert json.loads(json.dumps(result)) == result
    for key in ("sqlite", "postgresql", "asyncpg_executemany", "null"):
        assert result[key]["writes"] == 300 and result[key]["per_second"] > 0
    for key in ("sqlite_paced", "postgresql_paced", "idle", "null"):
        assert result[key]["loop_lag_max_ms"] >= result[key]["loop_lag_p50_ms"] >= 0
    assert result["ratio_postgresql_vs_executemany"] > 0
    text = store_bench.markdown(result)
    assert "| plain asyncpg executemany (same server) |" in text
    assert "| PostgreSQL, through the Writer |" in text
