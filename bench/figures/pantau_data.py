"""Runs inside `wahana shell`: a WKSBM in every desa/kelurahan under a prefix ('' = the whole
country, 83,762) and 24 months of their activity index written straight into the tables, then
the regional roll-ups built by the real code (`rekap.perbarui_untuk`, month by month), for the
dashboard figure. The index rules are tested by the suite; here only the shape and volume of
the precomputed rows matter: statuses drift month to month from a fixed seed."""

from __future__ import annotations

import json
import random
import time

from django.db import connection, transaction
from django.utils import timezone

from wahana.akun.scope import region_q
from wahana.lib import kode as kodelib
from wahana.pantau import rekap
from wahana.pantau.bulan import bulan_ini, deret
from wahana.pantau.models import IndeksBulanan, Status
from wahana.wilayah.models import Wilayah
from wahana.wksbm.models import Wksbm

CHUNK = 20000


def _status(skor: int, terbentuk: bool) -> str:
    if not terbentuk:
        return Status.BELUM
    if skor >= 70:
        return Status.AKTIF
    return Status.KURANG if skor >= 40 else Status.MATI_SURI


def fill(prefix: str) -> None:
    started = time.perf_counter()
    desa = list(
        Wilayah.objects.filter(tingkat=kodelib.TINGKAT_DESA, aktif=True, kode__startswith=prefix)
        .order_by("kode")
        .values_list("kode", flat=True)
    )
    now = timezone.now()
    Wksbm.objects.bulk_create(
        [Wksbm(wilayah_id=kode, tingkat=Wksbm.Tingkat.DESA, nama=f"WKSBM {kode}") for kode in desa],
        batch_size=5000,
        ignore_conflicts=True,
    )
    wksbm = list(
        Wksbm.objects.filter(region_q(prefix)).order_by("pk").values_list("pk", "wilayah_id")
    )
    rng = random.Random(62_10)
    dasar = {pk: (rng.random() < 0.9, rng.randint(0, 100)) for pk, _k in wksbm}
    fields = [f for f in IndeksBulanan._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f.column for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = IndeksBulanan._meta.db_table
    # Rows another figure computed already (e.g. the demo data's) are kept.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608
    bulan_list = deret(bulan_ini())
    komponen = json.dumps({"bergerak_6_bulan": True})
    rows = 0
    sebelumnya: dict[int, str] = {}
    for bulan in bulan_list:
        batch = []
        for pk, kode in wksbm:
            terbentuk, skor = dasar[pk]
            skor = max(0, min(100, skor + rng.randint(-15, 15)))
            dasar[pk] = (terbentuk, skor)
            status = _status(skor, terbentuk)
            values = {
                "wksbm_id": pk,
                "kode_wilayah": kode,
                "bulan": bulan,
                "skor": skor if terbentuk else 0,
                "status": status,
                "versi": 0,
                "komponen": komponen,
                "dilatih": rng.random() < 0.2,
                "laporan_diterima": terbentuk and skor >= 40,
                "laporan_tepat": terbentuk and skor >= 55,
                "ppks_dilayani": rng.randint(0, 12),
                "dana_dihimpun": rng.randint(0, 40) * 25_000,
                "status_sebelumnya": sebelumnya.get(pk, ""),
                "pendampingan_terakhir": bulan if rng.random() < 0.5 else None,
                "dihitung": now,
            }
            sebelumnya[pk] = status
            batch.append([values[f.column] for f in fields])
            if len(batch) >= CHUNK:
                _write(sql, batch)
                rows += len(batch)
                batch = []
        _write(sql, batch)
        rows += len(batch)
        rekap.perbarui_untuk(bulan, desa)
    print(
        f"{len(wksbm):,} WKSBM, {rows:,} monthly index rows ({len(bulan_list)} months) and their "
        f"roll-ups in {time.perf_counter() - started:.0f} s"
    )


def _write(sql: str, batch: list) -> None:
    if not batch:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, batch)
