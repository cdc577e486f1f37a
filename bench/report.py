"""Results as Markdown tables, and the targets each result is held to."""

from __future__ import annotations

import math
from typing import Any

# (what, target, unit): the numbers the project promised itself.
REAL_ASK_P99_US = 100.0
REAL_SUGGEST_P99_US = 100.0
SCALE_SUGGEST_P99_MS = 10.0
SCALE_ASK_P99_MS = 20.0
E2E_THROUGHPUT_RATIO = 0.9
E2E_ADDED_P99_MS = 1.0
E2E_CPU_RATIO = 1.2  # Namida's CPU per interaction ÷ the no-op bot's
START_MS = 150.0
RSS_REAL_MB = 100.0


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with what was measured and whether it was met (None: not measured)."""
    out: list[dict[str, Any]] = []

    def add(name: str, target: str, measured: float | None, met: bool | None, unit: str) -> None:
        out.append({"target": name, "goal": target, "measured": measured, "unit": unit, "met": met})

    real = result.get("real")
    if real:
        ask = real["ask"]["cold"]["p99_us"]
        add("real KB: ask p99", f"≤ {REAL_ASK_P99_US:g} µs", ask, ask <= REAL_ASK_P99_US, "µs")
        sug = real["suggest"]["cold"]["p99_us"]
        add(
            "real KB: suggest p99",
            f"≤ {REAL_SUGGEST_P99_US:g} µs",
            sug,
            sug <= REAL_SUGGEST_P99_US,
            "µs",
        )
    for size in result.get("scale") or []:
        if size["size"] < 100_000:
            continue
        ours = size["ours"]
        sug = ours["suggest"]["p99_us"] / 1000
        ask = ours["ask"]["p99_us"] / 1000
        label = f"{size['size']:,} entities"
        add(
            f"{label}: suggest p99",
            f"≤ {SCALE_SUGGEST_P99_MS:g} ms",
            sug,
            sug <= SCALE_SUGGEST_P99_MS,
            "ms",
        )
        add(f"{label}: ask p99", f"≤ {SCALE_ASK_P99_MS:g} ms", ask, ask <= SCALE_ASK_P99_MS, "ms")
        mine = size["wratio"]["ours_on_same_queries"]
        base = size["wratio"]["quality"]["top5"]
        for which in ("suggest", "lookup"):
            top5 = mine[which]["top5"]
            add(
                f"{label}: {which} top-5 vs WRatio",
                f"≥ {base:.1%} (WRatio's)",
                top5,
                top5 >= base,
                "rate",
            )
    e2e = result.get("e2e")
    if e2e:
        ratio = e2e["throughput_ratio"]
        add(
            "end to end: throughput vs no-op bot",
            f"≥ {E2E_THROUGHPUT_RATIO:g}×",
            ratio,
            ratio >= E2E_THROUGHPUT_RATIO,
            "×",
        )
        capacity = e2e.get("cpu_capacity_ratio")
        if capacity:
            cpu = 1 / capacity
            add(
                "end to end: CPU per interaction vs no-op bot",
                f"≤ {E2E_CPU_RATIO:g}×",
                cpu,
                cpu <= E2E_CPU_RATIO,
                "×",
            )
        added = e2e["added_p99_ms"]
        add(
            "end to end: added p99",
            f"≤ {E2E_ADDED_P99_MS:g} ms",
            added,
            added <= E2E_ADDED_P99_MS,
            "ms",
        )
    cost = result.get("cost")
    if cost:
        for command in ("check", "ask"):
            timed = cost[f"namida_{command}"]
            median = timed.get("cpu_median_s", timed["median_s"]) * 1000
            add(
                f"start-up: namida {command} (median CPU, cache filled)",
                f"≤ {START_MS:g} ms",
                median,
                median <= START_MS,
                "ms",
            )
        rss = cost["engine_real_kb"]["rss_peak_mb"]
        add(
            "memory, real KB (engine process)",
            f"≤ {RSS_REAL_MB:g} MB",
            rss,
            rss <= RSS_REAL_MB,
            "MB",
        )
    if e2e:
        rss = e2e["namida"]["stats"].get("rss_peak_mb")
        if rss is not None:
            add(
                "memory, real KB (bot serving)",
                f"≤ {RSS_REAL_MB:g} MB",
                rss,
                rss <= RSS_REAL_MB,
                "MB",
            )
    return out


def _n(value: float | None, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}"


def _ms(us: float | None, digits: int = 2) -> str:
    return _n(None if us is None else us / 1000, digits)


def _pct(rate: float | None) -> str:
    return "–" if rate is None or math.isnan(rate) else f"{rate:.1%}"


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        f"Date: {m['date']} · machine: {m['nproc']} cores, {m['cpu']}, "
        f"{m['implementation']} {m['python']}, {m['platform']} · "
        f"load average {_n(result.get('load_average_start'), 2)} → "
        f"{_n(result.get('load_average_end'), 2)} · run took {_n(result['seconds'], 0)} s",
        f"Command: `{result.get('command', 'python -m bench')}`",
        "",
    ]
    if "real" in result:
        lines += _real(result["real"])
    if "scale" in result:
        lines += _scale(result["scale"])
    if "e2e" in result:
        lines += _e2e(result["e2e"])
    if "cost" in result:
        lines += _cost(result)
    lines += [
        "### Targets",
        "",
        _row("target", "goal", "measured", "met"),
        _row("---", "---", "---", "---"),
    ]
    for t in result["targets"]:
        unit = t["unit"]
        value = t["measured"]
        shown = _pct(value) if unit == "rate" else f"{_n(value, 2 if unit in ('×', 'ms') else 0)}"
        shown += "" if unit == "rate" else f" {unit}"
        met = {True: "yes", False: "**no**", None: "–"}[t["met"]]
        lines.append(_row(t["target"], t["goal"], shown, met))
    return "\n".join(lines) + "\n"


def _real(real: dict[str, Any]) -> list[str]:
    ask, sug = real["ask"], real["suggest"]
    lines = [
        f"### 1. Engine, real knowledge base ({real['questions']} questions, "
        f"{real['rounds']} rounds; load + build {_n(real['load_build_ms'], 1)} ms)",
        "",
        "p50/p99 over inputs of each input's median time across rounds; raw p99 over every "
        "single call (includes the machine's scheduling noise).",
        "",
        _row("call", "inputs", "p50 µs", "p99 µs", "raw p99 µs", "max µs"),
        _row("---", "---:", "---:", "---:", "---:", "---:"),
    ]

    def add(name: str, s: dict[str, float]) -> None:
        lines.append(
            _row(
                name,
                s["inputs"],
                _n(s["p50_us"]),
                _n(s["p99_us"]),
                _n(s["raw_p99_us"]),
                _n(s["max_us"]),
            )
        )

    add("ask, new question (cold cache)", ask["cold"])
    add("ask, repeated question (warm cache)", ask["warm"])
    add("suggest, every prefix (cold)", sug["cold"])
    add("suggest, every prefix (warm)", sug["warm"])
    for kind, s in sug["by_kind"].items():
        add(f"suggest {kind} (cold)", s)
    for name, s in real["lookups"].items():
        add(f"lookup .{name}()", s)
    lines += [
        "",
        "ask by kind of question (cold):",
        "",
        _row("kind", "questions", "p50 µs", "p99 µs", "max µs"),
        _row("---", "---:", "---:", "---:", "---:"),
    ]
    for kind, s in ask["by_kind"].items():
        lines.append(_row(kind, s["inputs"], _n(s["p50_us"]), _n(s["p99_us"]), _n(s["max_us"])))
    slow = ", ".join(f"“{q['question']}” {_n(q['p50_us'])} µs" for q in ask["slowest"][:5])
    lines += ["", f"Slowest questions (median): {slow}.", ""]
    return lines


def _scale(sizes: list[dict[str, Any]]) -> list[str]:
    lines = [
        "### 2. Engine at scale (generated knowledge, real loader, real Engine)",
        "",
        "Typo queries: one deletion, transposition or substitution in a person's, a role's or "
        "a track's name (2/3 people and roles, 1/3 tracks). Times in ms, p50 / p99 (ours: over "
        "queries of the median of the rounds, engine caches emptied before each call). "
        "Baselines scan every name of the kind as written in the file: "
        "`process.extract(q, names, scorer=fuzz.WRatio, limit=5)` and "
        "`difflib.get_close_matches(q, names, n=5)`, each on a sample of the same queries.",
        "",
        _row(
            "entities",
            "names (person / track)",
            "load s",
            "build s",
            "peak RSS MB",
            "suggest",
            "lookup",
            "ask",
            "WRatio",
            "difflib (queries)",
        ),
        _row("---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"),
    ]
    for s in sizes:
        o = s["ours"]

        def pair(d: dict[str, float]) -> str:
            return f"{_ms(d['p50_us'])} / {_ms(d['p99_us'])}"

        lines.append(
            _row(
                f"{s['size']:,}",
                f"{s['names']['person']:,} / {s['names']['track']:,}",
                _n(s["load_s"], 1),
                _n(s["build_s"], 1),
                _n(s["rss_peak_mb"], 0),
                pair(o["suggest"]),
                pair(o["lookup"]),
                pair(o["ask"]),
                f"{pair(s['wratio']['latency'])} ({s['wratio']['sampled']})",
                f"{pair(s['difflib']['latency'])} ({s['difflib']['sampled']})",
            )
        )
    lines += [
        "",
        "Our latency as a ratio to each baseline's (p50 / p99; below 1 = faster than it):",
        "",
        _row(
            "entities",
            "suggest ÷ WRatio",
            "lookup ÷ WRatio",
            "ask ÷ WRatio",
            "suggest ÷ difflib",
            "lookup ÷ difflib",
            "ask ÷ difflib",
        ),
        _row("---:", "---:", "---:", "---:", "---:", "---:", "---:"),
    ]
    for s in sizes:
        r = s["ratios"]
        cells = [
            f"{_n(r[k]['p50'], 3)} / {_n(r[k]['p99'], 3)}"
            for k in (
                "suggest_vs_wratio",
                "lookup_vs_wratio",
                "ask_vs_wratio",
                "suggest_vs_difflib",
                "lookup_vs_difflib",
                "ask_vs_difflib",
            )
        ]
        lines.append(_row(f"{s['size']:,}", *cells))
    lines += [
        "",
        "Match quality on the typo queries, top-1 / top-5 hit rate (ours: suggest = the "
        "autocomplete list; lookup = the answer's entity (top-1, only when confident) and the "
        "index's first five hits (top-5)); ours is scored on the same sample as each baseline:",
        "",
        _row(
            "entities",
            "WRatio sample",
            "ours suggest",
            "ours lookup",
            "WRatio",
            "difflib sample",
            "ours suggest",
            "ours lookup",
            "difflib",
        ),
        _row("---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"),
    ]
    for s in sizes:
        w, d = s["wratio"], s["difflib"]

        def q(rate: dict[str, float]) -> str:
            return f"{_pct(rate['top1'])} / {_pct(rate['top5'])}"

        lines.append(
            _row(
                f"{s['size']:,}",
                w["sampled"],
                q(w["ours_on_same_queries"]["suggest"]),
                q(w["ours_on_same_queries"]["lookup"]),
                q(w["quality"]),
                d["sampled"],
                q(d["ours_on_same_queries"]["suggest"]),
                q(d["ours_on_same_queries"]["lookup"]),
                q(d["quality"]),
            )
        )
    lines += [
        "",
        "Ours on all typo queries, by kind (top-1 / top-5):",
        "",
        _row("entities", "person suggest", "person lookup", "track suggest", "track lookup"),
        _row("---:", "---:", "---:", "---:", "---:"),
    ]
    for s in sizes:
        k = s["ours"]["quality"]["by_kind"]
        cells = [
            f"{_pct(k[kind][w]['top1'])} / {_pct(k[kind][w]['top5'])}"
            for kind in ("person", "track")
            for w in ("suggest", "lookup")
        ]
        lines.append(_row(f"{s['size']:,}", *cells))
    lines.append("")
    return lines


def _e2e(e: dict[str, Any]) -> list[str]:
    lines = [
        "### 3. End to end through Discord's protocol (fake Discord here, bot in another process)",
        "",
        f"Mix: {', '.join(f'{k} {v:.0%}' for k, v in e['mix'].items())}. "
        f"{e['rounds']} alternating round(s); per round {e['latency_interactions']} "
        f"interactions one at a time (latency) and {e['throughput_interactions']} with "
        f"{e['concurrency']} in flight (throughput"
        + (
            f", in slices of {e['slice_interactions']} answered by both bots in turn"
            if "slice_interactions" in e
            else ""
        )
        + "). Latency: fake writes INTERACTION_CREATE → callback reaches the fake.",
        "",
        _row(
            "bot",
            "interactions/s",
            "p50 ms",
            "p99 ms",
            "under load p50 / p99 ms",
            "bot CPU µs / interaction",
            "bot / fake CPU share under load",
            "to gateway READY s",
            "to on_ready s",
            "peak RSS MB",
        ),
        _row("---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"),
    ]
    for kind in ("noop", "namida"):
        b = e[kind]
        lines.append(
            _row(
                "no-op discord.py bot" if kind == "noop" else "Namida",
                _n(b["per_second"]),
                _ms(b["latency"]["p50_us"]),
                _ms(b["latency"]["p99_us"]),
                f"{_ms(b['latency_under_load']['p50_us'], 1)} / "
                f"{_ms(b['latency_under_load']['p99_us'], 1)}",
                _n(b["bot_cpu_us_per_interaction"]),
                f"{_n(b['bot_cpu_share_under_load'], 2)} / {_n(b['fake_cpu_share_under_load'], 2)}",
                _n(b["startup"]["to_gateway_ready_s"], 2),
                _n(b["startup"]["to_on_ready_s"], 2),
                _n(b["stats"].get("rss_peak_mb"), 0),
            )
        )
    rounds = " · ".join(
        f"{k}: " + ", ".join(_n(x) for x in e[k]["per_second_per_round"])
        for k in ("noop", "namida")
    )
    if "throughput_ratio_per_slice" in e:
        slices = e["throughput_ratio_per_slice"]
        by_slice = (
            f"median of {len(slices)} slices' ratios, each slice answered by both bots in "
            f"turn (lowest {_n(min(slices), 2)}, highest {_n(max(slices), 2)}); "
            f"the older figure, the ratio of the bots' median rates over whole rounds: "
            f"{_n(e['throughput_ratio_of_rounds'], 3)}× (per round "
            + ", ".join(_n(x, 2) for x in e["throughput_ratio_per_round"])
            + "); "
        )
    else:
        by_slice = ""
    under_load = e.get("cpu_ratio_under_load")
    lines += [
        "",
        f"Namida's throughput ÷ no-op's: **{_n(e['throughput_ratio'], 3)}×** "
        f"({by_slice}interactions/s per round: {rounds}); added latency p50 "
        f"**{_n(e['added_p50_ms'], 3)} ms**, p99 **{_n(e['added_p99_ms'], 3)} ms**; "
        f"CPU per interaction, no-op ÷ Namida: {_n(e.get('cpu_capacity_ratio'), 3)}"
        + (
            f" (Namida ÷ no-op with {e['concurrency']} in flight: {_n(under_load, 3)})"
            if under_load
            else ""
        )
        + ". "
        f"on_ready includes discord.py's guild_ready_timeout "
        f"({e['namida']['startup']['guild_ready_timeout_s']:g} s after the last GUILD_CREATE).",
        "",
    ]
    return lines


def _started(c: dict[str, Any], command: str) -> list[str]:
    """A command's start-up rows: cache filled, then cold (older results have no cold run)."""
    rows = []
    for suffix, state in (("", "cache filled"), ("_cold", "nothing cached")):
        timed = c.get(f"namida_{command}{suffix}")
        if timed is None:
            continue
        cpu = timed.get("cpu_median_s")
        rows.append(
            _row(
                f"`{c[f'{command}_command']}` ({state}; subprocess, {timed['runs']} runs: "
                "wall min / median, CPU median)",
                f"{_n(timed['min_s'] * 1000)} / {_n(timed['median_s'] * 1000)} ms, "
                f"CPU {_n(cpu * 1000 if cpu is not None else None)} ms",
            )
        )
    return rows


def _cost(result: dict[str, Any]) -> list[str]:
    c = result["cost"]
    eng = c["engine_real_kb"]
    lines = [
        "### 4. Cost",
        "",
        _row("what", "value"),
        _row("---", "---:"),
        *_started(c, "check"),
        *_started(c, "ask"),
        _row("`python -c pass` for comparison", f"{_n(c['python_startup']['min_s'] * 1000)} ms"),
        _row(
            "engine, real KB, fresh process: import / load / build",
            f"{_n(eng['import_s'] * 1000)} / {_n(eng['load_s'] * 1000, 1)} / "
            f"{_n(eng['build_s'] * 1000, 1)} ms",
        ),
        _row("engine, real KB, fresh process: peak RSS", f"{_n(eng['rss_peak_mb'], 1)} MB"),
    ]
    e2e = result.get("e2e")
    if e2e:
        n = e2e["namida"]
        lines += [
            _row(
                "Namida bot to gateway READY / on_ready (fake Discord)",
                f"{_n(n['startup']['to_gateway_ready_s'], 2)} / "
                f"{_n(n['startup']['to_on_ready_s'], 2)} s",
            ),
            _row(
                "Namida bot serving, real KB: RSS at READY / peak",
                f"{_n(n['startup']['rss_at_ready_mb'], 1)} / "
                f"{_n(n['stats'].get('rss_peak_mb'), 1)} MB",
            ),
        ]
    for s in result.get("scale") or []:
        lines.append(
            _row(
                f"engine, {s['size']:,} entities: generate / load / build"
                " / load again (from the cache)",
                f"{_n(s['generate_s'], 1)} / {_n(s['load_s'], 1)} / {_n(s['build_s'], 1)} / "
                f"{_n(s.get('load_cached_s'), 1)} s ({_n(s['yaml_mb'], 1)} MB of YAML)",
            )
        )
        lines.append(
            _row(
                f"engine, {s['size']:,} entities: peak RSS loading / after load / peak building"
                " / after build",
                f"{_n(s.get('rss_peak_loading_mb'), 0)} / {_n(s.get('rss_after_load_mb'), 0)} / "
                f"{_n(s['rss_peak_mb'], 0)} / {_n(s['rss_after_build_mb'], 0)} MB",
            )
        )
    lines.append("")
    return lines
