"""A 100k-row XLSX report written through the reports' own writer (wahana/laporan/xlsx.py,
XlsxWriter in constant_memory mode), PRODUCT.md: ≤ 60 s with flat memory. The rows are
synthetic (region code, desa, kind of PPKS, counts, a date), shaped like the rekap PPKS rows;
the database plays no part, so the figure is measured once (on the SQLite pass).

Each run is a separate Python process; its peak resident memory (getrusage ru_maxrss) is
compared with a 10k-row run: the writer keeps memory flat when ten times the rows adds only a
few MB (the finished file itself, read back once at the end, is the main difference)."""

from __future__ import annotations

import json
import subprocess
import sys

from bench.core import ROOT, Context, Row, median

TARGET = 60.0
ROWS = 100_000
SMALL = 10_000
KOLOM = ["Kecamatan", "Desa/Kelurahan", "Kode", "Jenis PPKS", "Jumlah", "Dilayani", "Tanggal"]


SCRIPT = """
import datetime, json, resource, sys, time
from wahana.laporan.xlsx import Buku
n = int(sys.argv[1])
started = time.perf_counter()
buku = Buku()
lembar = buku.lembar("Rekap PPKS", kepala=["DINAS SOSIAL", "REKAP PPKS", "Wilayah: uji"],
                     kolom=KOLOM_LIST)
tanggal = datetime.date(2026, 11, 1)
for i in range(n):
    lembar.tulis((f"Kecamatan {i % 12}", f"Desa {i % 127}", f"62.10.{i % 12:02d}.{i % 127}",
                  f"Jenis PPKS {i % 26}", i % 97, i % 13, tanggal))
lembar.penutup()
data = buku.close()
assert lembar.count == n
print(json.dumps({"s": time.perf_counter() - started,
                  "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "bytes": len(data)}))
""".replace("KOLOM_LIST", repr(KOLOM))


def write(n: int) -> tuple[float, float, int]:
    """(seconds, peak RSS MB, file bytes) of one n-row sheet written in a fresh process."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT, str(n)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["s"], result["mb"], result["bytes"]


def run(ctx: Context) -> list[Row]:
    if ctx.db.engine != "sqlite":
        return []
    n = SMALL if ctx.quick else ROWS
    runs = [write(n) for _ in range(ctx.repeat)]
    small = write(SMALL)
    seconds = median([r[0] for r in runs])
    peak = max(r[1] for r in runs)
    # Flat: ten times the rows costs less than the file's own size plus 16 MB more.
    flat = peak - small[1] < runs[0][2] / 2**20 + 16
    return [
        Row(
            f"XLSX report {n // 1000}k rows (laporan writer)",
            "-",
            seconds,
            "s",
            TARGET,
            f"median of {len(runs)}; peak {peak:.1f} MB vs {small[1]:.1f} MB for 10k rows "
            f"({'constant' if flat else 'NOT constant'} memory); file {runs[0][2] / 2**20:.1f} MB",
            [r[0] for r in runs],
        )
    ]
