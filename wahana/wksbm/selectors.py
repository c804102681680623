"""Reads of the WKSBM registry. Every read starts from the user's scope (wahana.akun.scope),
except the report deadline rule, which answers for the regions it is given."""

import datetime
from collections import defaultdict

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from wahana.akun.scope import get_visible_or_404, region_q, scope_of, visible_to
from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah

from . import rules
from .models import (
    BATAS_HARI_BAWAAN,
    BatasLaporan,
    JenisLembaga,
    KomentarWksbm,
    LembagaAnggota,
    PengurusWksbm,
    RapatWksbm,
    TahapWksbm,
    Wksbm,
    batas_laporan,
)

# The filter value for a WKSBM that has no growth step yet.
BELUM = "belum"


def _annotated(qs: QuerySet[Wksbm]) -> QuerySet[Wksbm]:
    """Each WKSBM with its derived current stage and cycle, active ketua and last meeting date
    (one subquery each: no GROUP BY over the big tables)."""
    last_step = TahapWksbm.objects.filter(wksbm=OuterRef("pk")).order_by("-siklus", "-urutan")
    return qs.annotate(
        tahap_terkini=Subquery(last_step.values("tahap")[:1]),
        siklus_terkini=Subquery(last_step.values("siklus")[:1]),
        ketua_nama=Subquery(
            PengurusWksbm.objects.filter(
                wksbm=OuterRef("pk"), aktif=True, jabatan=PengurusWksbm.Jabatan.KETUA
            ).values("nama")[:1]
        ),
        rapat_terakhir=Subquery(
            RapatWksbm.objects.filter(wksbm=OuterRef("pk"))
            .order_by("-tanggal")
            .values("tanggal")[:1]
        ),
    )


def wksbm_list_visible_to(user, *, kecamatan: str = "", tahap: str = "", q: str = ""):
    """The WKSBM a user may see, annotated (see `_annotated`), filtered by a region code prefix
    (`kecamatan`: any kecamatan, kabupaten or desa code), the current stage (`belum` for none)
    and a text that matches the WKSBM's or its region's name."""
    qs = visible_to(Wksbm.objects.all(), user).select_related("wilayah__induk")
    kecamatan = (kecamatan or "").strip()
    if kecamatan:
        qs = qs.filter(region_q(kecamatan)) if kodelib.is_valid(kecamatan) else qs.none()
    q = " ".join((q or "").split())
    if q:
        qs = qs.filter(Q(nama__icontains=q) | Q(wilayah__nama_cari__contains=q.lower()))
    qs = _annotated(qs)
    if tahap == BELUM:
        qs = qs.filter(tahap_terkini__isnull=True)
    elif tahap:
        qs = qs.filter(tahap_terkini=tahap)
    return qs.order_by("wilayah_id", "tingkat")


def wksbm_stage_counts(qs: QuerySet[Wksbm]) -> dict[str, int]:
    """{stage or 'belum': number of WKSBM} for an annotated queryset."""
    rows = qs.order_by().values("tahap_terkini").annotate(n=Count("pk"))
    return {row["tahap_terkini"] or BELUM: row["n"] for row in rows}


def desa_tanpa_wksbm(user, *, kecamatan: str = "", q: str = "") -> QuerySet[Wilayah]:
    """Active desa/kelurahan in the user's scope that have no desa-level WKSBM yet."""
    prefix = scope_of(user)
    if prefix is None:
        return Wilayah.objects.none()
    qs = Wilayah.objects.filter(
        region_q(prefix, "kode"), tingkat=kodelib.TINGKAT_DESA, aktif=True
    ).exclude(kode__in=Wksbm.objects.filter(tingkat=Wksbm.Tingkat.DESA).values("wilayah_id"))
    kecamatan = (kecamatan or "").strip()
    if kecamatan:
        qs = qs.filter(region_q(kecamatan, "kode")) if kodelib.is_valid(kecamatan) else qs.none()
    q = " ".join((q or "").split())
    if q:
        qs = qs.filter(nama_cari__contains=q.lower())
    return qs.select_related("induk").order_by("kode")


def kecamatan_choices_for(user) -> list[Wilayah]:
    """Kecamatan a kabupaten-wide user may filter by. Users with a wider scope type a region
    code instead; narrower ones see a single kecamatan or desa anyway."""
    prefix = scope_of(user)
    if prefix is None or kodelib.tingkat(prefix) != kodelib.TINGKAT_KABUPATEN:
        return []
    return list(Wilayah.objects.filter(induk_id=prefix, aktif=True).order_by("nama"))


def wksbm_get_for(user, pk) -> tuple[Wksbm, bool]:
    """One WKSBM (annotated) and whether the user may change it; 404 outside the scope."""
    qs = _annotated(Wksbm.objects.select_related("wilayah__induk"))
    wksbm = get_visible_or_404(qs, user, pk=pk)
    return wksbm, rules.may_write(user, wksbm.kode_wilayah)


def _child_get_for(model, user, pk):
    obj = get_visible_or_404(model.objects.select_related("wksbm"), user, pk=pk)
    return obj, rules.may_write(user, obj.kode_wilayah)


def pengurus_get_for(user, pk) -> tuple[PengurusWksbm, bool]:
    return _child_get_for(PengurusWksbm, user, pk)


def lembaga_get_for(user, pk) -> tuple[LembagaAnggota, bool]:
    return _child_get_for(LembagaAnggota, user, pk)


def rapat_get_for(user, pk) -> tuple[RapatWksbm, bool]:
    return _child_get_for(RapatWksbm, user, pk)


def tahap_list(wksbm: Wksbm) -> list[TahapWksbm]:
    """Every growth step, oldest cycle and stage first."""
    return list(
        wksbm.tahap_set.select_related("dicatat_oleh", "sk_berkas", "bukti").order_by(
            "siklus", "urutan"
        )
    )


def pengurus_list(wksbm: Wksbm) -> list[PengurusWksbm]:
    """Officers, active ones first in order of office, then past terms (newest first)."""
    order = {value: i for i, value in enumerate(PengurusWksbm.Jabatan.values)}
    rows = list(wksbm.pengurus_set.all())
    rows.sort(key=lambda p: (not p.aktif, order[p.jabatan], -(p.selesai or p.mulai).toordinal()))
    return rows


def lembaga_list(wksbm: Wksbm) -> list[LembagaAnggota]:
    """Member institutions, current members first."""
    return list(
        wksbm.lembaga_set.select_related("jenis").order_by(
            "tanggal_keluar", "jenis__urutan", "nama"
        )
    )


def rapat_list(wksbm: Wksbm) -> QuerySet[RapatWksbm]:
    """Meetings, newest first, with the number of pengurus present."""
    return (
        wksbm.rapat_set.select_related("berkas")
        .annotate(jumlah_pengurus_hadir=Count("hadir"))
        .order_by("-tanggal", "-id")
    )


def komentar_list(wksbm: Wksbm) -> QuerySet[KomentarWksbm]:
    return wksbm.komentar_set.select_related("penulis").order_by("-dibuat")


def jenis_lembaga_list(*, aktif_saja: bool = False) -> QuerySet[JenisLembaga]:
    qs = JenisLembaga.objects.all()
    return qs.filter(aktif=True) if aktif_saja else qs


def batas_laporan_for(pasangan) -> dict[tuple[str, datetime.date], datetime.date]:
    """THE deadline rule of every monthly report (WKSBM, TKSK, PSM), for each (region code,
    month) given: on time through day `hari` of the next month, as the region's kabupaten set
    it for that month (its `BatasLaporan` with the latest `berlaku_mulai` not after the month;
    BATAS_HARI_BAWAAN when it set none). Used by the pendamping report pages, completeness, the
    activity index and late-report alerts; one query for any number of regions and months."""
    pasangan = set(pasangan)
    if not pasangan:
        return {}
    versi = defaultdict(list)  # kabupaten -> [(berlaku_mulai, hari)], newest first
    for kabupaten, mulai, hari in (
        BatasLaporan.objects.filter(
            wilayah_id__in={kodelib.kabupaten_of(k) for k, _b in pasangan},
            berlaku_mulai__lte=max(b for _k, b in pasangan),
        )
        .order_by("wilayah_id", "-berlaku_mulai")
        .values_list("wilayah_id", "berlaku_mulai", "hari")
    ):
        versi[kabupaten].append((mulai, hari))
    return {
        (kode, bulan): batas_laporan(
            bulan,
            next(
                (hari for mulai, hari in versi[kodelib.kabupaten_of(kode)] if mulai <= bulan),
                BATAS_HARI_BAWAAN,
            ),
        )
        for kode, bulan in pasangan
    }
