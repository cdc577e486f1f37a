"""Engine benchmarks: the real knowledge base, and generated ones 1,000 times larger.

Part 1 (:func:`real_kb`) times ``ask`` over ``bench/questions.txt``, ``suggest``
over every prefix of the names fans type, and each lookup, on the shipped file.

Part 2 (:func:`scale`) loads a generated knowledge file through the real loader,
builds the real Engine, and asks it names with one typo each whose right answer
is known; the same names and queries go to two baselines that scan every name:
``difflib.get_close_matches`` and rapidfuzz ``process.extract(..., WRatio)``.
It runs in its own process (``python -m bench.engine_bench``) so the peak RSS it
reports is the engine's alone.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import inspect
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bench import generate
from bench.generate import Query, Target, Truth
from bench.timing import (
    REPO,
    current_rss_mb,
    peak_rss_mb,
    rounds_summary,
    summary,
    time_each,
)
from bot.engine import engine as engine_module
from bot.engine.engine import Engine
from bot.knowledge import loader
from bot.knowledge.models import Knowledge

QUESTIONS = REPO / "bench" / "questions.txt"
SUGGEST_KINDS = ("episode", "track", "person")

LOOKUP_INPUTS: dict[str, tuple[str, ...]] = {
    "episode": (
        "8",
        "ep 8",
        "episode eight",
        "finale",
        "第8話",
        "last episode",
        "Love letter",
        "love leter",
        "1 litre of tears",
        "The place where I am",
        "heartless",
        "12",
        "",
    ),
    "track": (
        "22",
        "1",
        "5",
        "99",
        "Konayuki",
        "konayki",
        "konayuki piano",
        "Only Human cello",
        "main theme",
        "love theme",
        "Namida no Imi",
        "toumei na sekai",
        "zzz",
    ),
    "person": (
        "Haruto",
        "Asou Haruto",
        "Aso Haruto",
        "Sawajiri Erika",
        "erika sawajiri",
        "aya's mother",
        "Mizuno sensei",
        "遥斗",
        "沢尻エリカ",
        "Nishikido Ryou",
        "haruot",
        "Aya",
        "nobody at all",
    ),
}
NO_ARG_LOOKUPS = ("cast", "episodes", "soundtrack", "ratings", "special", "about", "credits")


_CACHES: tuple[frozenset[str], list[Callable[[], None]]] = (frozenset(), [])


def forget_caches(*engines: object) -> None:
    """Empty every function cache in the engine, as for new input.

    Found by looking, so a cache the engine adds later is emptied too and "cold"
    keeps meaning "never seen this input": the engine modules' functions (looked
    up again only when the set of engine modules changes) and whatever each of
    ``engines`` keeps in an attribute (the cards it made).
    """
    global _CACHES
    names = frozenset(n for n in sys.modules if n.startswith(("bot.engine", "bot.knowledge")))
    if names != _CACHES[0]:
        clears = {}
        for name in names:
            for value in vars(sys.modules[name]).values():
                clear = getattr(value, "cache_clear", None)
                # A cache (an lru_cache, or an object's own), not a class or alias of one.
                if inspect.ismethod(clear) or hasattr(value, "cache_info"):
                    clears[id(value)] = clear
        _CACHES = (names, list(clears.values()))
    for clear in _CACHES[1]:
        clear()
    for engine in engines:
        for value in vars(engine).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def load_questions(path: Path = QUESTIONS) -> list[tuple[str, str]]:
    """(kind, question) pairs from the questions file."""
    kind = "other"
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            kind = line[1:-1]
            continue
        out.append((kind, line))
    return out


def suggest_partials(knowledge: Knowledge) -> dict[str, list[str]]:
    """Every prefix of the names fans type, per autocomplete kind, and the empty input."""
    names: dict[str, list[str]] = {
        "episode": [t for ep in knowledge.episodes for t in (ep.title, ep.native_title) if t],
        "track": [t.title for t in (knowledge.soundtrack.tracks if knowledge.soundtrack else ())],
        "person": [n for c in knowledge.characters for n in c.all_names()]
        + [n for p in knowledge.people for n in p.all_names()],
    }
    out: dict[str, list[str]] = {}
    for kind, texts in names.items():
        seen: dict[str, None] = {"": None}
        for text in texts:
            for end in range(1, len(text) + 1):
                seen.setdefault(text[:end], None)
        out[kind] = list(seen)
    return out


def real_kb(*, rounds: int = 20, questions: Path = QUESTIONS) -> dict[str, Any]:
    """Part 1: latency of ask, suggest and the lookups on the shipped knowledge."""
    started = time.perf_counter()
    engine = Engine.from_path()
    build_s = time.perf_counter() - started
    asked = load_questions(questions)
    texts = [q for _, q in asked]

    # "warm": the engine's caches as a running bot has them for repeated
    # questions; "cold": emptied before each call, as for a question never seen.
    warm = time_each(engine.ask, texts, rounds)
    cold = time_each(engine.ask, texts, rounds, before=lambda: forget_caches(engine))
    by_kind: dict[str, list[list[float]]] = defaultdict(list)
    for (kind, _), times in zip(asked, cold, strict=True):
        by_kind[kind].append(times)
    slowest = sorted(
        ((statistics.median(times) * 1e6, q) for q, times in zip(texts, cold, strict=True)),
        reverse=True,
    )[:8]
    statuses: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, text in asked:
        statuses[kind][str(engine.ask(text).status)] += 1

    partials = suggest_partials(engine.knowledge)
    suggest_by_kind: dict[str, dict[str, float]] = {}
    suggest_cold: list[list[float]] = []
    suggest_warm: list[list[float]] = []
    for kind in SUGGEST_KINDS:

        def call(partial: str, kind: str = kind) -> object:
            return engine.suggest(kind, partial)  # type: ignore[arg-type]

        samples = time_each(call, partials[kind], rounds, before=lambda: forget_caches(engine))
        suggest_by_kind[kind] = rounds_summary(samples)
        suggest_cold += samples
        suggest_warm += time_each(call, partials[kind], rounds)

    lookups: dict[str, dict[str, float]] = {}
    for name, inputs in LOOKUP_INPUTS.items():
        method: Callable[[str], object] = getattr(engine, name)
        lookups[name] = rounds_summary(
            time_each(method, inputs, rounds, lambda: forget_caches(engine))
        )
    for name in NO_ARG_LOOKUPS:
        bound: Callable[[], object] = getattr(engine, name)

        def call_bound(_: None, f: Callable[[], object] = bound) -> object:
            return f()

        lookups[name] = rounds_summary(time_each(call_bound, [None] * 10, rounds))

    return {
        "questions": len(asked),
        "rounds": rounds,
        "load_build_ms": build_s * 1000,
        "ask": {
            "cold": rounds_summary(cold),
            "warm": rounds_summary(warm),
            "by_kind": {k: rounds_summary(v) for k, v in sorted(by_kind.items())},
            "slowest": [{"p50_us": round(us, 1), "question": q} for us, q in slowest],
            "statuses": {k: dict(v) for k, v in sorted(statuses.items())},
        },
        "suggest": {
            "cold": rounds_summary(suggest_cold),
            "warm": rounds_summary(suggest_warm),
            "by_kind": suggest_by_kind,
        },
        "lookups": lookups,
    }


# Part 2: scale


def baseline_names(knowledge: Knowledge) -> dict[str, tuple[list[str], list[str]]]:
    """Per kind, every name as written in the file and the engine key it belongs to."""
    person: tuple[list[str], list[str]] = ([], [])
    for c in knowledge.characters:
        for n in c.all_names():
            person[0].append(n)
            person[1].append(f"character:{c.id}")
    for p in knowledge.people:
        for n in p.all_names():
            person[0].append(n)
            person[1].append(f"person:{p.id}")
    track: tuple[list[str], list[str]] = ([], [])
    for t in knowledge.soundtrack.tracks if knowledge.soundtrack else ():
        for n in (t.title, *t.aliases):
            track[0].append(n)
            track[1].append(f"track:{t.number}")
    return {"person": person, "track": track}


def _hits(keys: Sequence[str], expected: str) -> tuple[bool, bool]:
    distinct = list(dict.fromkeys(keys))
    return bool(distinct) and distinct[0] == expected, expected in distinct[:5]


def _rate(results: Sequence[tuple[bool, bool]]) -> dict[str, float]:
    n = len(results)
    return {
        "n": n,
        "top1": sum(r[0] for r in results) / n if n else float("nan"),
        "top5": sum(r[1] for r in results) / n if n else float("nan"),
    }


class Ours:
    """The engine's answers to a typo query, as the front-ends would show them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def suggest(self, q: Query) -> list[str]:
        choices = self.engine.suggest(q.target.kind, q.text)
        if q.target.kind == "person":
            return [c.value for c in choices]
        return [f"track:{c.value}" for c in choices]

    def lookup(self, q: Query) -> object:
        if q.target.kind == "person":
            return self.engine.person(q.text)
        return self.engine.track(q.text)

    def lookup_keys(self, q: Query) -> tuple[bool, bool]:
        """Top-1: the lookup answers with the right entity; top-5: it is among the hits."""
        index = self.engine.person_index if q.target.kind == "person" else self.engine.track_index
        hits = index.search(q.text, cutoff=engine_module.SUGGEST_CUTOFF, limit=6)
        confident = bool(hits) and hits[0].score >= engine_module.CUTOFF
        top1 = confident and hits[0].key == q.target.key
        return top1, q.target.key in [h.key for h in hits[:5]]

    def ask(self, q: Query) -> object:
        return self.engine.ask(q.target.template.format(q.text))


def scale(
    knowledge_path: Path,
    truth_path: Path,
    *,
    queries: int = 300,
    prefixes: int = 300,
    wratio_sample: int = 300,
    difflib_sample: int = 100,
    rounds: int = 3,
    seed: int = 2,
) -> dict[str, Any]:
    """Part 2 for one generated file: load, build, time and score ours against baselines."""
    gc.collect()
    started = time.perf_counter()
    knowledge = loader.load(knowledge_path)
    load_s = time.perf_counter() - started
    gc.collect()
    rss_load_peak, rss_loaded = peak_rss_mb(), current_rss_mb()
    started = time.perf_counter()
    engine = Engine(knowledge)
    build_s = time.perf_counter() - started
    rss_peak = peak_rss_mb()
    rss_now = current_rss_mb()

    truth = read_truth(truth_path)
    people = generate.typo_queries(truth, queries * 2 // 3, seed=seed, kind="person")
    tracks = generate.typo_queries(truth, queries - len(people), seed=seed + 1, kind="track")
    typos = [q for pair in zip(people, tracks, strict=False) for q in pair]
    typos += people[len(tracks) :] + tracks[len(people) :]
    partial_kinds = [
        ("person", p) for p in generate.prefixes(truth, prefixes * 2 // 3, seed + 2, "person")
    ] + [
        ("track", p)
        for p in generate.prefixes(truth, prefixes - prefixes * 2 // 3, seed + 3, "track")
    ]

    ours = Ours(engine)

    def cold() -> None:
        forget_caches(engine)

    result: dict[str, Any] = {
        "size": truth.size,
        "counts": truth.counts,
        "yaml_mb": knowledge_path.stat().st_size / 1e6,
        "load_s": load_s,
        "build_s": build_s,
        "rss_peak_mb": rss_peak,
        "rss_peak_loading_mb": rss_load_peak,
        "rss_after_load_mb": rss_loaded,
        "rss_after_build_mb": rss_now,
        "queries": {"typo": len(typos), "prefix": len(partial_kinds), "rounds": rounds},
    }
    suggest_typo = time_each(ours.suggest, typos, rounds, cold)
    suggest_prefix = time_each(
        lambda kp: engine.suggest(kp[0], kp[1]),  # type: ignore[arg-type]
        partial_kinds,
        rounds,
        cold,
    )
    lookup = time_each(ours.lookup, typos, rounds, cold)
    ask = time_each(ours.ask, typos, rounds, cold)
    result["ours"] = {
        "suggest_typo": rounds_summary(suggest_typo),
        "suggest_prefix": rounds_summary(suggest_prefix),
        "suggest": rounds_summary(suggest_typo + suggest_prefix),
        "lookup": rounds_summary(lookup),
        "ask": rounds_summary(ask),
        "quality": _our_quality(ours, typos),
    }

    names = baseline_names(knowledge)
    result["names"] = {kind: len(pair[0]) for kind, pair in names.items()}

    def wratio(q: Query) -> list[str]:
        texts, keys = names[q.target.kind]
        found = process.extract(q.text, texts, scorer=fuzz.WRatio, limit=5)
        return [keys[i] for _, _, i in found]

    first_keys = {
        kind: dict(zip(pair[0][::-1], pair[1][::-1], strict=True)) for kind, pair in names.items()
    }

    def close_matches(q: Query) -> list[str]:
        texts, _ = names[q.target.kind]
        return [first_keys[q.target.kind][m] for m in difflib.get_close_matches(q.text, texts, 5)]

    for label, call, sample in (
        ("wratio", wratio, wratio_sample),
        ("difflib", close_matches, difflib_sample),
    ):
        subset = _spread(typos, sample)
        seconds = []
        scored = []
        for q in subset:
            start = time.perf_counter()
            keys = call(q)
            seconds.append(time.perf_counter() - start)
            scored.append(_hits(keys, q.target.key))
        ours_subset = _our_quality(ours, subset)
        result[label] = {
            "sampled": len(subset),
            "of": len(typos),
            "latency": summary(seconds),
            "quality": _rate(scored),
            "ours_on_same_queries": ours_subset,
        }
    result["ratios"] = _ratios(result)
    # The same file again, as a second start reads it: from the cache the first load wrote
    # (after the peaks above were taken).
    started = time.perf_counter()
    loader.load(knowledge_path)
    result["load_cached_s"] = time.perf_counter() - started
    return result


def _spread(items: Sequence[Query], count: int) -> list[Query]:
    """``count`` items spread evenly over ``items`` (people and tracks alike)."""
    if count >= len(items):
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def _our_quality(ours: Ours, typos: Sequence[Query]) -> dict[str, Any]:
    suggest = [_hits(ours.suggest(q), q.target.key) for q in typos]
    lookup = [ours.lookup_keys(q) for q in typos]
    by_kind: dict[str, Any] = {}
    for kind in ("person", "track"):
        chosen = [i for i, q in enumerate(typos) if q.target.kind == kind]
        by_kind[kind] = {
            "suggest": _rate([suggest[i] for i in chosen]),
            "lookup": _rate([lookup[i] for i in chosen]),
        }
    return {"suggest": _rate(suggest), "lookup": _rate(lookup), "by_kind": by_kind}


def _ratios(result: dict[str, Any]) -> dict[str, Any]:
    """Our latency over each baseline's (below 1: we are faster), p50 and p99."""
    out: dict[str, Any] = {}
    for label in ("wratio", "difflib"):
        base = result[label]["latency"]
        for ours_name in ("suggest", "lookup", "ask"):
            mine = result["ours"][ours_name]
            out[f"{ours_name}_vs_{label}"] = {
                "p50": mine["p50_us"] / base["p50_us"] if base["p50_us"] else float("nan"),
                "p99": mine["p99_us"] / base["p99_us"] if base["p99_us"] else float("nan"),
            }
    return out


def write_generated(size: int, directory: Path, seed: int = 1) -> tuple[Path, Path, float]:
    """Generate a knowledge file and its truth file; return their paths and the seconds taken."""
    started = time.perf_counter()
    text, truth = generate.knowledge_yaml(size, seed)
    knowledge_path = directory / f"synthetic-{size}.yaml"
    knowledge_path.write_text(text, encoding="utf-8")
    truth_path = directory / f"synthetic-{size}.truth.json"
    truth_path.write_text(
        json.dumps(
            {
                "size": truth.size,
                "counts": truth.counts,
                "targets": [asdict(t) for t in truth.targets],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return knowledge_path, truth_path, time.perf_counter() - started


def read_truth(path: Path) -> Truth:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Truth(
        size=raw["size"], counts=raw["counts"], targets=[Target(**t) for t in raw["targets"]]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Worker: run part 2 on one generated file and print the result as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.engine_bench")
    parser.add_argument("knowledge", type=Path)
    parser.add_argument("truth", type=Path)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--prefixes", type=int, default=300)
    parser.add_argument("--wratio", type=int, default=300)
    parser.add_argument("--difflib", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    result = scale(
        args.knowledge,
        args.truth,
        queries=args.queries,
        prefixes=args.prefixes,
        wratio_sample=args.wratio,
        difflib_sample=args.difflib,
        rounds=args.rounds,
    )
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
