"""Loading all of Indonesia's regions with `wahana wilayah load` (PRODUCT.md: first load of the
83,762 desa/kelurahan ≤ 15 s, a re-run with no change ≤ 5 s).

Wall time of the real command in a subprocess, start-up included: what an officer waits for."""

from bench.core import Context, Row, median

TARGET_FIRST = 15.0
TARGET_RERUN = 5.0


def run(ctx: Context) -> list[Row]:
    first, rerun = [], []
    for _ in range(ctx.repeat):
        ctx.fresh()
        elapsed, output = ctx.wahana("wilayah", "load")
        if "ditambah" not in output:
            raise RuntimeError(f"first load did not add regions: {output}")
        first.append(elapsed)
        elapsed, output = ctx.wahana("wilayah", "load")
        if "tidak ada perubahan" not in output:
            raise RuntimeError(f"re-run changed something: {output}")
        rerun.append(elapsed)
    ctx.country_loaded = True
    engine = ctx.db.engine
    return [
        Row(
            "wilayah load, first (83,762 desa)",
            engine,
            median(first),
            "s",
            TARGET_FIRST,
            f"median of {len(first)}, empty migrated db",
            first,
        ),
        Row(
            "wilayah load, re-run unchanged",
            engine,
            median(rerun),
            "s",
            TARGET_RERUN,
            f"median of {len(rerun)}",
            rerun,
        ),
    ]
