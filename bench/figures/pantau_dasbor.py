"""Dashboards at kabupaten, province and nation scale with a WKSBM in every desa/kelurahan of
the country (83,762) and 24 months of their index (PRODUCT.md: p95 ≤ 200 ms, data ≤ 1 min old);
`--quick` fills one province (Kalimantan Tengah) instead.

The precomputed rows are written by bench/figures/pantau_data.py (the real roll-up code sums
them); a Pimpinan with the whole nation in scope signs in to a real production server and opens
the dashboards of Indonesia, Kalimantan Tengah (62), Gunung Mas (62.10) and Kurun (62.10.02),
and the report-completeness page of Gunung Mas. Pages read only the precomputed rows, so the
10M PPKS and millions of activities of the issue do not enter the page's work; they would only
lengthen the periodic sweep, which is measured here over the WKSBM alone (a lower bound).

Freshness, measured in-process on the same data: a meeting recorded for one WKSBM is in the
national figures when its transaction's on-commit recompute ends (the time from commit to
updated roll-up is the age of the data after a change); the periodic sweep (every 5 minutes)
recomputes the current month of every WKSBM, so figures that move with time alone are at most
5 minutes plus one sweep old."""

from __future__ import annotations

import json

from bench.core import ROOT, Client, Context, Row, percentile

TARGET_P95_MS = 200.0
TARGET_FRESH_S = 60.0
SCALES = (
    ("nation", "/pantau/"),
    ("province", "/pantau/wilayah/62/"),
    ("kabupaten", "/pantau/wilayah/62.10/"),
    ("kecamatan", "/pantau/wilayah/62.10.02/"),
    ("kabupaten completeness", "/pantau/kelengkapan/62.10/"),
)
FRESHNESS = (
    "import json, sys, time\n"
    f"sys.path.insert(0, {str(ROOT)!r})\n"
    "from django.db import transaction\n"
    "from wahana.pantau import services\n"
    "from wahana.pantau.bulan import bulan_ini\n"
    "from wahana.pantau.models import RekapWilayah\n"
    "from wahana.wksbm.models import RapatWksbm, Wksbm\n"
    "w = Wksbm.objects.filter(wilayah__kode__startswith='62.10.02.').order_by('pk').first()\n"
    "committed = []\n"
    "with transaction.atomic():\n"
    # Registered before the meeting's own callback: runs first, at the moment of commit.
    "    transaction.on_commit(lambda: committed.append(time.perf_counter()))\n"
    "    RapatWksbm.objects.create(wksbm=w, wilayah_id=w.wilayah_id, tanggal=bulan_ini(),\n"
    "                              tempat='Balai desa', agenda='Rapat bench')\n"
    "fresh = time.perf_counter()\n"
    "nation = RekapWilayah.objects.get(kode='', bulan=bulan_ini())\n"
    "t0 = time.perf_counter()\n"
    "hasil = services.sweep()\n"
    "sweep = time.perf_counter() - t0\n"
    "print('FRESH', json.dumps({'hook_s': fresh - committed[0], 'sweep_s': sweep,\n"
    "      'indeks': hasil['indeks'], 'age_s': (time.time() - nation.diperbarui.timestamp())}))\n"
)


def run(ctx: Context) -> list[Row]:
    ctx.ensure_country()
    prefix = "62" if ctx.quick else ""
    _, output = ctx.wahana(
        "shell",
        "-c",
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        f"from bench.figures.pantau_data import fill; fill({prefix!r})\n",
    )
    filled = output.splitlines()[-1]
    (user, password), *_ = ctx.ensure_users(1)
    rows: list[Row] = []
    with ctx.server() as server:
        client = Client(server.base)
        client.login(user, password)
        for _name, path in SCALES:  # warm-up: connections and caches, as a server has them
            client.get(path)
        for name, path in SCALES:
            rounds = []
            for _ in range(ctx.repeat):
                samples = []
                for _ in range(max(ctx.requests // 4, 40)):
                    seconds, status, body = client.get(path)
                    if status != 200 or b"diperbarui" not in body:
                        raise RuntimeError(f"{path} answered {status} without figures")
                    samples.append(seconds * 1000)
                rounds.append(samples)
            p95s = sorted(percentile(s, 95) for s in rounds)
            size = "Kalimantan Tengah only (--quick)" if ctx.quick else "83,762 WKSBM"
            rows.append(
                Row(
                    f"pantau {name} dashboard p95",
                    ctx.db.engine,
                    p95s[len(p95s) // 2],
                    "ms",
                    None if ctx.quick else TARGET_P95_MS,
                    f"median p95 of {len(rounds)} rounds × {len(rounds[0])} GET {path}; "
                    f"{size}; {filled}",
                    [percentile(s, 95) for s in rounds],
                )
            )
    _, output = ctx.wahana("shell", "-c", FRESHNESS)
    fresh = json.loads(output.split("FRESH", 1)[1])
    rows.append(
        Row(
            "pantau data age after a change",
            ctx.db.engine,
            fresh["hook_s"],
            "s",
            TARGET_FRESH_S,
            "commit of a meeting → its WKSBM, desa … nation roll-ups recomputed (on-commit hook)",
        )
    )
    rows.append(
        Row(
            "pantau sweep of the current month",
            ctx.db.engine,
            fresh["sweep_s"],
            "s",
            None,
            f"{fresh['indeks']:,} WKSBM recomputed with their roll-ups and late-report alerts "
            "(every 5 min; raw tables nearly empty, so a lower bound)",
        )
    )
    return rows
