"""The benchmark still runs: every part on tiny sizes, results well formed.

No speed is asserted (the machines are shared and noisy): only that each part
runs and returns the numbers bench/README.md is built from.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # `bench` lives beside `bot`, at the repository root
    sys.path.insert(0, str(REPO))

from bench import generate, report  # noqa: E402
from bench.__main__ import main  # noqa: E402
from bench.engine_bench import load_questions  # noqa: E402
from bench.suite import Config, ScaleSize, run  # noqa: E402
from bot.knowledge import loader  # noqa: E402

pytestmark = pytest.mark.timeout(120)

TINY = Config(
    real_rounds=1,
    sizes=(ScaleSize(200, queries=12, prefixes=12, wratio=12, difflib=4, rounds=1),),
    e2e_latency=12,
    e2e_throughput=24,
    e2e_concurrency=4,
    e2e_rounds=1,
    guild_ready_timeout=0.05,
    check_runs=1,
    label="smoke",
)


def positive(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


def rate(value: Any) -> bool:
    return isinstance(value, float) and 0.0 <= value <= 1.0


def assert_latency(summary: dict[str, Any]) -> None:
    assert positive(summary["p50_us"]) and positive(summary["p99_us"]), summary
    assert summary["p50_us"] <= summary["p99_us"] <= summary["max_us"], summary


def test_questions_cover_every_kind_of_question() -> None:
    asked = load_questions()
    kinds = {kind for kind, _ in asked}
    assert len(asked) >= 200
    assert {"actor_of", "role_of", "episode_title", "episode_aired", "episode_rating",
            "episode_by_title", "track", "song", "ratings", "special", "credits", "based_on",
            "out_of_scope", "typo", "japanese"} <= kinds  # fmt: skip


def test_generated_knowledge_goes_through_the_real_loader() -> None:
    text, truth = generate.knowledge_yaml(300, seed=4)
    knowledge = loader.parse(text, "synthetic-300.yaml")
    assert len(knowledge.people) == truth.counts["people"]
    assert len(knowledge.characters) == truth.counts["characters"]
    assert len(knowledge.episodes) == truth.counts["episodes"]
    queries = generate.typo_queries(truth, 30, seed=5)
    assert len(queries) == 30
    assert all(q.text != q.target.name for q in queries)
    assert {q.typo for q in queries} == {"deletion", "transposition", "substitution"}


def test_every_part_runs_and_is_well_formed() -> None:
    result = run(TINY)
    assert json.loads(json.dumps(result))  # plain data all the way down

    real = result["real"]
    assert real["questions"] >= 200
    for summary in (real["ask"]["cold"], real["ask"]["warm"], real["suggest"]["cold"]):
        assert_latency(summary)
    assert set(real["suggest"]["by_kind"]) == {"episode", "track", "person"}
    assert {"episode", "track", "person", "cast", "credits"} <= set(real["lookups"])

    (size,) = result["scale"]
    assert size["size"] == 200 and positive(size["load_s"]) and positive(size["rss_peak_mb"])
    for name in ("suggest", "lookup", "ask"):
        assert_latency(size["ours"][name])
    for baseline in ("wratio", "difflib"):
        assert size[baseline]["sampled"] >= 1
        assert_latency(size[baseline]["latency"])
        assert rate(size[baseline]["quality"]["top1"])
        assert rate(size[baseline]["quality"]["top5"])
        assert rate(size[baseline]["ours_on_same_queries"]["lookup"]["top5"])
    assert positive(size["ratios"]["suggest_vs_wratio"]["p50"])

    e2e = result["e2e"]
    for kind in ("noop", "namida"):
        assert_latency(e2e[kind]["latency"])
        assert positive(e2e[kind]["per_second"])
        assert positive(e2e[kind]["startup"]["to_on_ready_s"])
    assert positive(e2e["throughput_ratio"])
    assert math.isfinite(e2e["added_p99_ms"])

    cost = result["cost"]
    assert positive(cost["namida_check"]["min_s"])
    assert positive(cost["namida_ask"]["min_s"])
    assert positive(cost["engine_real_kb"]["rss_peak_mb"])

    assert result["targets"] and all(t["met"] in (True, False) for t in result["targets"])
    text = report.markdown(result)
    for heading in ("### 1.", "### 2.", "### 3.", "### 4.", "### Targets"):
        assert heading in text


def test_command_line_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--quick", "--only", "scale", "--sizes", "150", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [s["size"] for s in result["scale"]] == [150]
    assert "real" not in result and "e2e" not in result
