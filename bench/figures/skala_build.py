"""How long `wahana demo --scale kabupaten` takes to build a kabupaten of synthetic data
(Gunung Mas: 127 desa, ~63,000 rows: WKSBM and their books, activities, 15,240 PPKS with sealed
NIK/No KK). No PRODUCT.md target: the figure tells how long a province (×12) or the nation
(×660) would take on this machine kind; docs/scaling.md has the measured province runs."""

from __future__ import annotations

import re

from bench.core import Context, Row


def run(ctx: Context) -> list[Row]:
    ctx.ensure_country()
    seconds, output = ctx.wahana("demo", "--scale", "kabupaten")
    found = re.search(r"Data skala: (\d+) desa dibangun.*?([\d,]+) baris dalam ([\d.]+) s", output)
    if found is None:
        raise RuntimeError(f"unexpected output of wahana demo --scale:\n{output}")
    desa, rows, build = int(found[1]), int(found[2].replace(",", "")), float(found[3])
    note = f"{desa} desa, {rows:,} rows in {build:.1f} s ({rows / build:,.0f} rows/s)"
    if desa == 0:
        note = "already built (a re-run adds nothing)"
    return [Row("demo --scale kabupaten (whole command)", ctx.db.engine, seconds, "s", None, note)]
