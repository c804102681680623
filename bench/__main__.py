"""python -m bench [--figures a,b] [--databases sqlite,postgresql] [--repeat N] [--requests N]
[--quick]"""

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime

from bench.core import DATABASES, ROOT, Context, Row
from bench.figures import FIGURES

RESULTS = ROOT / "bench" / "results"


def _format(value: float, unit: str) -> str:
    return f"{value:.0f} {unit}" if unit == "ms" else f"{value:.2f} {unit}"


def print_table(rows: list[Row]) -> None:
    header = ("database", "figure", "measured", "target", "met?", "notes")
    lines = [
        (
            row.database,
            row.figure,
            _format(row.measured, row.unit),
            f"{'≥' if row.at_least else '≤'} {_format(row.target, row.unit)}"
            if row.target is not None
            else "",
            {True: "yes", False: "NO", None: ""}[row.met],
            row.detail,
        )
        for row in rows
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines, strict=True)]
    for cells in (header, tuple("-" * w for w in widths), *lines):
        print("  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())


def machine() -> dict:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "loadavg_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--figures", default=",".join(FIGURES))
    parser.add_argument("--databases", default=",".join(DATABASES))
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median shown)")
    parser.add_argument("--requests", type=int, default=200, help="HTTP requests per round")
    parser.add_argument(
        "--quick", action="store_true", help="small data sets (10k/100k rows) for a sanity run"
    )
    args = parser.parse_args(argv)
    figures = [f for f in args.figures.split(",") if f]
    unknown = sorted(set(figures) - set(FIGURES)) + sorted(
        set(args.databases.split(",")) - set(DATABASES)
    )
    if unknown:
        parser.error(f"unknown: {', '.join(unknown)}")

    started = datetime.now(UTC)
    info = machine()
    rows: list[Row] = []
    for engine in args.databases.split(","):
        db = DATABASES[engine]()
        ctx = Context(db=db, repeat=args.repeat, requests=args.requests, quick=args.quick)
        try:
            ctx.fresh()
            for name in FIGURES:
                if name not in figures:
                    continue
                t0 = time.perf_counter()
                print(f"[{engine}] {name} ...", file=sys.stderr, flush=True)
                rows += importlib.import_module(f"bench.figures.{name}").run(ctx)
                print(
                    f"[{engine}] {name} done in {time.perf_counter() - t0:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
        finally:
            db.drop()

    info["loadavg_at_end"] = os.getloadavg()
    print()
    print_table(rows)
    print(
        f"\n{info['cpus']} CPUs; load average {info['loadavg_at_start'][0]:.2f} at start, "
        f"{info['loadavg_at_end'][0]:.2f} at end (other work on the machine skews the figures)."
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{started:%Y%m%dT%H%M%SZ}.json"
    path.write_text(
        json.dumps(
            {"started": started.isoformat(), "machine": info, "rows": [r.as_dict() for r in rows]},
            indent=2,
        )
    )
    print(f"Results written to {path.relative_to(ROOT)}")
    return 0 if all(row.met is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
