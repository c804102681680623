"""A full-size 100k-row XLSX export read from the database and written through the shared report
layer (wahana/laporan/render.py → xlsx.py, XlsxWriter in constant_memory mode), on SQLite and on
PostgreSQL. PRODUCT.md: export 100k rows to XLSX ≤ 60 s, constant memory, no truncation.

The rows are the PPKS list of the Gunung Mas operator (masked NIK, the list's columns), fetched in
keyset batches (wahana/ppks/ekspor.py `rows`) inside the operator's scope and streamed into the
sheet; the export runs in a fresh `wahana shell` process that prints its wall time, its peak
resident memory (getrusage ru_maxrss) and the row count the file states. Memory is "constant"
when a 100k-row export peaks at most a few MB above a 10k-row one (the finished file, read back
once to be stored, is the main difference). `--quick` exports 10k rows only."""

from __future__ import annotations

import json

from bench.core import ROOT, Context, Row, median
from bench.figures.ppks_import import EMPTY, OPERATOR, ensure_operator

TARGET = 60.0
ROWS = 100_000
SMALL = 10_000

EXPORT = """
import json, resource, time
from wahana.akun.models import User
from wahana.akun.scope import visible_to
from wahana.laporan.kop import kop_for
from wahana.laporan.render import Bagian, Isi, to_xlsx
from wahana.ppks import ekspor
from wahana.ppks.models import Ppks
user = User.objects.get(username=OPERATOR)
started = time.perf_counter()
qs = visible_to(Ppks.objects.all(), user)
isi = Isi(judul="Daftar PPKS", periode="Keadaan data saat laporan dibuat",
          wilayah="Kabupaten Gunung Mas", kop=kop_for("62.10"),
          bagian=[Bagian("PPKS", ekspor.HEADER, ekspor.rows(qs, full=False))])
data, n = to_xlsx(isi)
seconds = time.perf_counter() - started
mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# The file states its row count at the end of its sheet (strings are inline in this mode).
import io, zipfile
with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("xl/worksheets/sheet1.xml") as f:
    tail = b""
    while chunk := f.read(1 << 20):
        tail = (tail + chunk)[-16384:]
stated = ("Jumlah baris: %d" % n).encode() in tail
print("HASIL" + json.dumps({"s": seconds, "n": n, "bytes": len(data), "mb": mb, "stated": stated}))
""".replace("OPERATOR", repr(OPERATOR))


def _fill(ctx: Context, count: int) -> None:
    ctx.wahana("shell", "-c", EMPTY)
    ctx.wahana(
        "shell",
        "-c",
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        f"from bench.figures.ppks_fill import fill; fill({count})\n",
    )


def export(ctx: Context, count: int) -> dict:
    """One export of the `count` PPKS in the database, in a fresh process."""
    _, output = ctx.wahana("shell", "-c", EXPORT)
    result = json.loads(output.split("HASIL", 1)[1])
    if result["n"] != count or not result["stated"]:
        raise RuntimeError(f"export wrote {result['n']} rows of {count} (stated: {result})")
    return result


def run(ctx: Context) -> list[Row]:
    ensure_operator(ctx)
    _fill(ctx, SMALL)
    small = export(ctx, SMALL)
    n = SMALL if ctx.quick else ROWS
    if n != SMALL:
        _fill(ctx, n)
    runs = [export(ctx, n) for _ in range(ctx.repeat)]
    ctx.wahana("shell", "-c", EMPTY)
    seconds = median([r["s"] for r in runs])
    peak = max(r["mb"] for r in runs)
    size = runs[0]["bytes"] / 2**20
    flat = peak - small["mb"] < size + 16
    return [
        Row(
            f"XLSX export {n // 1000}k PPKS rows from the database (laporan writer)",
            ctx.db.engine,
            seconds,
            "s",
            TARGET,
            f"median of {len(runs)}; peak RSS {peak:.0f} MB vs {small['mb']:.0f} MB for 10k rows "
            f"({'constant' if flat else 'NOT constant'} memory); file {size:.1f} MB; "
            f"'Jumlah baris: {n}' stated and equal to the rows",
            [r["s"] for r in runs],
        )
    ]
