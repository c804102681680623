"""PPKS import of a 100k-row XLSX (PRODUCT.md: validate and commit ≤ 20 s, peak memory ≤ 500 MB,
progress shown), on each database; `--quick` uses 10k rows.

The real command in a subprocess, as an operator runs it: `wahana ppks import FILE` (the dry
run) and `wahana ppks import FILE --commit` (dry run + commit, the whole job) on an empty PPKS
table each time. Peak memory is the maximum resident set of the importing process, read with
getrusage(RUSAGE_CHILDREN) in a small wrapper process whose only child is the import (so no
earlier command's peak is mixed in)."""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from bench.core import BENCH_PASSWORD, Context, Row, median
from bench.figures import ppks_data

TARGET_TOTAL = 20.0
TARGET_MEMORY_MB = 500.0
OPERATOR = "bench.operator"
CHECKED = re.compile(r"Diperiksa (\d+) baris \((\d+(?:\.\d+)?) s\)")
SAVED = re.compile(r"Tersimpan: (\d+) baru.*\((\d+(?:\.\d+)?) s\)")
# Runs the import as its only child and prints that child's peak RSS (kB on Linux) and CPU
# seconds (user + system) last: on a shared machine the CPU time is the steadier figure.
PEAK = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "sys.stdout.write(done.stdout); sys.stderr.write(done.stderr)\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print('PEAK_KB', usage.ru_maxrss, 'CPU_S', usage.ru_utime + usage.ru_stime)\n"
    "sys.exit(done.returncode)\n"
)
EMPTY = (
    "from wahana.ppks.models import DuplikatPpks, ImporBaris, ImporPpks, Ppks\n"
    "DuplikatPpks.objects.all().delete(); Ppks.jenis.through.objects.all().delete()\n"
    "Ppks.objects.all().delete(); ImporBaris.objects.all().delete()\n"
    "ImporPpks.objects.all().delete()\n"
)


def size(ctx: Context) -> int:
    return 10_000 if ctx.quick else 100_000


def ensure_operator(ctx: Context) -> None:
    """An operator of Gunung Mas (the importing role), with the regions loaded."""
    ctx.ensure_country()
    ctx.wahana(
        "shell",
        "-c",
        "from wahana.akun.models import Peran, User\n"
        f"u, _ = User.objects.get_or_create(username={OPERATOR!r}, defaults={{"
        "'peran': Peran.OPERATOR_KABUPATEN, 'wilayah_id': '62.10'})\n"
        f"u.set_password({BENCH_PASSWORD!r}); u.save()\n",
    )


def import_file(ctx: Context, path: Path, *, commit: bool, timeout: float | None = None) -> dict:
    """One import on an empty PPKS table: wall time, in-command times, peak memory."""
    ctx.wahana("shell", "-c", EMPTY)
    args = ["ppks", "import", str(path), "--pengguna", OPERATOR, "--tampilkan", "3"]
    elapsed, output = ctx.wahana(
        *args,
        *(["--commit"] if commit else []),
        prefix=[sys.executable, "-c", PEAK],
        timeout=timeout,
    )
    checked = CHECKED.search(output)
    saved = SAVED.search(output)
    if not checked or (commit and not saved):
        raise RuntimeError(f"unexpected output of wahana ppks import: {output[-2000:]}")
    return {
        "wall": elapsed,
        "rows": int(checked.group(1)),
        "check": float(checked.group(2)),
        "commit": float(saved.group(2)) if saved else 0.0,
        "created": int(saved.group(1)) if saved else 0,
        "peak_mb": int(re.search(r"PEAK_KB (\d+)", output).group(1)) / 1024,
        "cpu": float(re.search(r"CPU_S ([\d.]+)", output).group(1)),
    }


def run(ctx: Context) -> list[Row]:
    rows = size(ctx)
    ensure_operator(ctx)
    with tempfile.TemporaryDirectory(prefix="wahana-bench-ppks-") as folder:
        path = ppks_data.write_xlsx(Path(folder) / f"ppks-{rows}.xlsx", rows)
        dry, full = [], []
        for _ in range(ctx.repeat):
            dry.append(import_file(ctx, path, commit=False))
            full.append(import_file(ctx, path, commit=True))
    if full[-1]["created"] < rows * 0.99:
        raise RuntimeError(f"only {full[-1]['created']} of {rows} rows were created")
    engine = ctx.db.engine
    label = f"{rows // 1000}k-row XLSX"
    scale = "" if rows == 100_000 else f"; --quick: {label}, target is for 100k"
    return [
        Row(
            f"PPKS import {label}, dry run",
            engine,
            median([r["wall"] for r in dry]),
            "s",
            None,
            f"median of {len(dry)}; in-command {median([r['check'] for r in dry]):.1f} s, CPU "
            f"{median([r['cpu'] for r in dry]):.1f} s{scale}",
            [r["wall"] for r in dry],
        ),
        Row(
            f"PPKS import {label}, check + commit",
            engine,
            median([r["wall"] for r in full]),
            "s",
            TARGET_TOTAL if rows == 100_000 else None,
            f"median of {len(full)}, wall incl. start-up; in-command check "
            f"{median([r['check'] for r in full]):.1f} s + commit "
            f"{median([r['commit'] for r in full]):.1f} s; CPU of the import process "
            f"{median([r['cpu'] for r in full]):.1f} s{scale}",
            [r["wall"] for r in full],
        ),
        Row(
            f"PPKS import {label}, peak memory",
            engine,
            max(r["peak_mb"] for r in dry + full),
            "MB",
            TARGET_MEMORY_MB,
            f"max RSS of the import process over {len(dry) + len(full)} runs{scale}",
            [r["peak_mb"] for r in dry + full],
        ),
    ]
