"""`python -m bench`: every benchmark in one run, as tables (or JSON with ``--json``).

    python -m bench                 # the full run (several minutes: 100,000 entities)
    python -m bench --quick         # a short run (about half a minute)
    python -m bench --json          # machine-readable results on stdout
    python -m bench --only real,scale --sizes 1000,10000

Progress goes to stderr; the results go to stdout.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from bench import report
from bench.suite import FULL, PARTS, QUICK, ScaleSize, run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run (about half a minute)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--only", metavar="PARTS", help=f"comma-separated parts to run ({','.join(PARTS)})"
    )
    parser.add_argument(
        "--sizes", metavar="N,N", help="entity counts for part 2 (default 1000,10000,100000)"
    )
    parser.add_argument("--out", type=Path, metavar="FILE", help="also write the JSON here")
    args = parser.parse_args(argv)

    config = QUICK if args.quick else FULL
    if args.only:
        parts = tuple(p.strip() for p in args.only.split(",") if p.strip())
        unknown = sorted(set(parts) - set(PARTS))
        if unknown:
            parser.error(f"unknown part(s): {', '.join(unknown)}")
        config = dataclasses.replace(config, parts=parts)
    if args.sizes:
        template = config.sizes[-1] if args.quick else ScaleSize(0)
        wanted = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
        known = {s.entities: s for s in config.sizes}
        config = dataclasses.replace(
            config,
            sizes=tuple(known.get(n, dataclasses.replace(template, entities=n)) for n in wanted),
        )
    command = "python -m bench" + (" " + " ".join(argv) if argv else "")
    if argv is None:
        command = "python -m bench" + "".join(f" {a}" for a in sys.argv[1:])

    result = run(config)
    result["command"] = command
    text = json.dumps(result, indent=2, ensure_ascii=False, allow_nan=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text if args.json else report.markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
