"""Regional roll-ups (`RekapWilayah`) of the stored monthly index and of the social workers'
report completeness, for every level from desa to the nation (''). A region's figures are those
of the WKSBM (and workers) sitting exactly at its code plus the sum of its children's roll-ups,
so refreshing one WKSBM touches only its five ancestors, and a whole month is rebuilt level by
level from the bottom."""

import datetime
from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.utils import timezone

from wahana.lib import kode as kodelib

from .indeks import potong
from .models import IndeksBulanan, LaporanPendampingBulanan, RekapWilayah, Status

ANGKA = (
    "jumlah_wksbm",
    "belum",
    "aktif",
    "kurang",
    "mati_suri",
    "total_skor",
    "dilatih",
    "dilatih_aktif",
    "belum_dilatih_aktif",
    "laporan_diharapkan",
    "laporan_diterima",
    "laporan_tepat",
    "tksk_diharapkan",
    "tksk_diterima",
    "tksk_tepat",
    "psm_diharapkan",
    "psm_diterima",
    "psm_tepat",
    "ppks_dilayani",
    "dana_dihimpun",
)
terbentuk = ~Q(status=Status.BELUM)
AGREGAT = {
    "jumlah_wksbm": Count("id"),
    "belum": Count("id", filter=Q(status=Status.BELUM)),
    "aktif": Count("id", filter=Q(status=Status.AKTIF)),
    "kurang": Count("id", filter=Q(status=Status.KURANG)),
    "mati_suri": Count("id", filter=Q(status=Status.MATI_SURI)),
    "total_skor": Sum("skor", filter=terbentuk, default=0),
    "dilatih": Count("id", filter=Q(dilatih=True)),
    "dilatih_aktif": Count("id", filter=Q(dilatih=True, status=Status.AKTIF)),
    "belum_dilatih_aktif": Count("id", filter=Q(dilatih=False, status=Status.AKTIF)),
    # Every WKSBM that has been formed is expected to report each month.
    "laporan_diharapkan": Count("id", filter=terbentuk),
    "laporan_diterima": Count("id", filter=terbentuk & Q(laporan_diterima=True)),
    "laporan_tepat": Count("id", filter=terbentuk & Q(laporan_tepat=True)),
    "ppks_dilayani": Sum("ppks_dilayani", default=0),
    "dana_dihimpun": Sum("dana_dihimpun", default=0),
}


# The social workers' reports: each LaporanPendampingBulanan row is one expected report.
AGREGAT_PENDAMPING = {
    f"{jenis}_{key}": Count("id", filter=Q(jenis=jenis, **cond))
    for jenis in ("tksk", "psm")
    for key, cond in (
        ("diharapkan", {}),
        ("diterima", {"diterima": True}),
        ("tepat", {"tepat": True}),
    )
}


def induk_of(kode: str) -> str:
    return kodelib.induk(kode) if kode else ""


def leluhur_dan_diri(kode: str) -> list[str]:
    """The region itself and every region above it, up to the nation ('')."""
    codes = []
    while kode:
        codes.append(kode)
        kode = kodelib.induk(kode)
    return [*codes, ""]


def _tingkat(kode: str) -> int:
    return kodelib.tingkat(kode) if kode else 0


def perbarui(bulan: datetime.date, codes) -> int:
    """Recompute the roll-ups of `codes` (and nothing else) for `bulan`, children before
    parents. Costs a few grouped queries per level, not per region."""
    by_level: dict[int, set[str]] = defaultdict(set)
    for kode in codes:
        by_level[_tingkat(kode)].add(kode)
    sekarang = timezone.now()
    total = 0
    for level in sorted(by_level, reverse=True):
        # In batches: no query carries more parameters than SQLite takes (see indeks.potong).
        for level_codes in potong(sorted(by_level[level])):
            sums = {kode: dict.fromkeys(ANGKA, 0) for kode in level_codes}
            own = (
                IndeksBulanan.objects.filter(
                    bulan=bulan, wilayah_id__in=[k for k in level_codes if k]
                )
                .order_by()
                .values("wilayah_id")
                .annotate(**{f"s_{key}": agg for key, agg in AGREGAT.items()})
            )
            for row in own:
                for key in AGREGAT:
                    sums[row["wilayah_id"]][key] += row[f"s_{key}"] or 0
            for row in (
                LaporanPendampingBulanan.objects.filter(
                    bulan=bulan, wilayah_id__in=[k for k in level_codes if k]
                )
                .order_by()
                .values("wilayah_id")
                .annotate(**{f"s_{key}": agg for key, agg in AGREGAT_PENDAMPING.items()})
            ):
                for key in AGREGAT_PENDAMPING:
                    sums[row["wilayah_id"]][key] += row[f"s_{key}"] or 0
            children = (
                RekapWilayah.objects.filter(bulan=bulan, induk__in=level_codes)
                .exclude(kode="")
                .order_by()
                .values("induk")
                .annotate(**{f"s_{key}": Sum(key) for key in ANGKA})
            )
            for row in children:
                for key in ANGKA:
                    sums[row["induk"]][key] += row[f"s_{key}"] or 0
            RekapWilayah.objects.bulk_create(
                [
                    RekapWilayah(
                        kode=kode,
                        induk=induk_of(kode),
                        tingkat=level,
                        bulan=bulan,
                        diperbarui=sekarang,
                        **values,
                    )
                    for kode, values in sums.items()
                ],
                batch_size=2000,
                update_conflicts=True,
                unique_fields=["kode", "bulan"],
                update_fields=[*ANGKA, "diperbarui", "induk", "tingkat"],
            )
            total += len(sums)
    return total


def perbarui_untuk(bulan: datetime.date, wilayah_codes) -> int:
    """Roll-ups of every region above (and at) the given WKSBM region codes."""
    codes = set()
    for kode in wilayah_codes:
        codes.update(leluhur_dan_diri(kode))
    return perbarui(bulan, codes)
