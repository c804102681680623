"""Completeness of the TKSK and PSM monthly reports, in the manner of DHIS2 reporting rates, from
`pendamping.LaporanBulanan`:

  expected  a TKSK or PSM active in the month: their term (masa tugas, else the SK date) began by
            its last day and had not ended before its first, and they are still active or their
            term has an end date (an inactive worker without one has no known period); a worker
            who submitted a report for the month is expected whatever the records say
  received  a version of that month's report was submitted (a report sent back for revision or
            rejected was still received)
  on time   first submitted by the deadline: the one rule of every monthly report, day N of the
            next month as the kabupaten set it for that month (5 by default, as Dinsos Gunung Mas
            asks; `wahana.wksbm.selectors.batas_laporan_for`)

One row per expected worker and month (`LaporanPendampingBulanan`), in the worker's own region
(a kecamatan for a TKSK, a kecamatan or desa for a PSM); the roll-ups sum them per region. A batch
costs a fixed handful of queries whatever its size."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from wahana.akun.scope import region_q
from wahana.wksbm.selectors import batas_laporan_for

from .bulan import akhir_bulan
from .models import LaporanPendampingBulanan

JENIS = ("tksk", "psm")


def diharapkan_q(bulan: datetime.date) -> Q:
    """The workers whose report for `bulan` is expected (see the module docstring)."""
    akhir = akhir_bulan(bulan)
    return (Q(mulai__isnull=True) | Q(mulai__lte=akhir)) & (
        Q(masa_selesai__isnull=True, aktif=True) | Q(masa_selesai__gte=bulan)
    ) | Q(laporan_set__bulan=bulan, laporan_set__diajukan_pertama__isnull=False)


def hitung(bulan: datetime.date, *, pendamping_ids=None, prefix: str | None = None) -> set[str]:
    """Compute and store the completeness rows of `bulan` for the workers given by id or by
    region prefix (all when neither); a worker no longer expected loses their row. Returns the
    region codes whose roll-ups changed."""
    from wahana.pendamping.models import LaporanBulanan, Pendamping

    qs = Pendamping.objects.filter(jenis__in=JENIS)
    if pendamping_ids is not None:
        qs = qs.filter(pk__in=list(pendamping_ids))
    if prefix:
        qs = qs.filter(region_q(prefix))
    lama = LaporanPendampingBulanan.objects.filter(bulan=bulan)
    if pendamping_ids is not None:
        lama = lama.filter(pendamping_id__in=list(pendamping_ids))
    if prefix:
        lama = lama.filter(region_q(prefix))
    kode_lama = dict(lama.values_list("pendamping_id", "wilayah_id"))

    rows = list(
        qs.annotate(mulai=Coalesce("masa_mulai", "tanggal_sk", TruncDate("dibuat")))
        .filter(diharapkan_q(bulan))
        .order_by("pk")
        .distinct()
        .values_list("pk", "jenis", "wilayah_id")
    )
    ids = [pk for pk, _j, _k in rows]
    pertama = dict(
        LaporanBulanan.objects.filter(
            pendamping_id__in=ids, bulan=bulan, diajukan_pertama__isnull=False
        )
        .order_by()
        .values("pendamping_id")
        .annotate(pertama=Min("diajukan_pertama"))
        .values_list("pendamping_id", "pertama")
    )
    batas_of = batas_laporan_for((k, bulan) for _pk, _j, k in rows)
    sekarang = timezone.now()
    baru = []
    for pk, jenis, kode in rows:
        batas = batas_of[kode, bulan]
        diajukan = pertama.get(pk)
        baru.append(
            LaporanPendampingBulanan(
                pendamping_id=pk,
                wilayah_id=kode,
                jenis=jenis,
                bulan=bulan,
                diterima=diajukan is not None,
                tepat=diajukan is not None and timezone.localtime(diajukan).date() <= batas,
                diajukan=diajukan,
                batas=batas,
                dihitung=sekarang,
            )
        )
    baru = _simpan(bulan, baru, set(kode_lama) - set(ids))
    return set(kode_lama.values()) | {r.wilayah_id for r in baru}


def _simpan(bulan, baru, tidak_lagi) -> list[LaporanPendampingBulanan]:
    """Store in one transaction; a worker deleted by another request meanwhile is left out (see
    indeks._simpan for why)."""
    from wahana.pendamping.models import Pendamping

    for percobaan in range(3):
        try:
            with transaction.atomic():
                LaporanPendampingBulanan.objects.filter(
                    bulan=bulan, pendamping_id__in=list(tidak_lagi)
                ).delete()
                LaporanPendampingBulanan.objects.bulk_create(
                    baru,
                    batch_size=2000,
                    update_conflicts=True,
                    unique_fields=["pendamping", "bulan"],
                    update_fields=["wilayah", "jenis", "diterima", "tepat", "diajukan", "batas"]
                    + ["dihitung"],
                )
            return baru
        except IntegrityError:
            if percobaan == 2:
                raise
            ada = set(
                Pendamping.objects.filter(pk__in=[r.pendamping_id for r in baru]).values_list(
                    "pk", flat=True
                )
            )
            baru = [r for r in baru if r.pendamping_id in ada]
    return baru
