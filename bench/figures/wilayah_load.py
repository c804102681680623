"""Loading all of Indonesia's regions with `wahana wilayah load` (PRODUCT.md: first load of the
83,762 desa/kelurahan ≤ 15 s, a re-run with no change ≤ 5 s).

Wall time of the real command in a subprocess, start-up included: what an officer waits for."""

import re

from bench.core import Context, Row, median

TARGET_FIRST = 15.0
TARGET_RERUN = 5.0
# The command prints its own duration, e.g. "(91599 wilayah, 0.8 s)": without the start-up.
OWN_TIME = re.compile(r"(\d+(?:\.\d+)?) s\)")


def _own_time(output: str) -> float:
    found = OWN_TIME.search(output)
    if not found:
        raise RuntimeError(f"no duration in the output of wahana wilayah load: {output}")
    return float(found.group(1))


def run(ctx: Context) -> list[Row]:
    first, rerun, first_own, rerun_own = [], [], [], []
    for _ in range(ctx.repeat):
        ctx.fresh()
        elapsed, output = ctx.wahana("wilayah", "load")
        if "ditambah" not in output:
            raise RuntimeError(f"first load did not add regions: {output}")
        first.append(elapsed)
        first_own.append(_own_time(output))
        elapsed, output = ctx.wahana("wilayah", "load")
        if "tidak ada perubahan" not in output:
            raise RuntimeError(f"re-run changed something: {output}")
        rerun.append(elapsed)
        rerun_own.append(_own_time(output))
    ctx.country_loaded = True
    engine = ctx.db.engine
    return [
        Row(
            "wilayah load, first (83,762 desa)",
            engine,
            median(first),
            "s",
            TARGET_FIRST,
            f"median of {len(first)}, empty migrated db; in-command {median(first_own):.1f} s",
            first,
        ),
        Row(
            "wilayah load, re-run unchanged",
            engine,
            median(rerun),
            "s",
            TARGET_RERUN,
            f"median of {len(rerun)}; in-command {median(rerun_own):.1f} s",
            rerun,
        ),
    ]
