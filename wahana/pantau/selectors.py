"""Reads of the watching app. Dashboards read only the precomputed `RekapWilayah` and
`IndeksBulanan` rows (a fixed handful of queries per page), never the raw records; the score
page of one WKSBM also lists that WKSBM's own records behind each component."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from wahana.akun.models import Peran
from wahana.akun.scope import get_visible_or_404, region_q, scope_of, visible_to
from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah
from wahana.wksbm.models import Wksbm
from wahana.wksbm.selectors import batas_laporan_for

from .bulan import RIWAYAT_BULAN, akhir_bulan, bulan_ini, deret, geser
from .models import (
    BOBOT_BAWAAN,
    BatasWilayah,
    BobotIndeks,
    IndeksBulanan,
    LangkahRevitalisasi,
    LaporanPendampingBulanan,
    Notifikasi,
    RekapWilayah,
    RencanaRevitalisasi,
    Status,
)
from .peta import peta_svg

# Components in the order the score page explains them.
KOMPONEN = (
    ("sk", "SK pengesahan ada"),
    ("pengurus", "Ketua, sekretaris dan bendahara aktif"),
    ("lembaga", "Minimal 3 lembaga anggota aktif"),
    ("rapat", "Rapat dalam 3 bulan terakhir"),
    ("dana", "Dana dihimpun dalam 3 bulan terakhir"),
    ("bantuan", "Bantuan kepada PPKS terdaftar dalam 6 bulan terakhir"),
    ("kegiatan", "Kegiatan terverifikasi dalam 3 bulan terakhir"),
    ("laporan", "Laporan bulan lalu diterima tepat waktu"),
)
# How long without a visit before a WKSBM needs attention.
TANPA_PENDAMPINGAN_BULAN = 3
PERHATIAN_MAKS = 50


def can_plan(user, kode: str) -> bool:
    from .services import _can_plan

    return _can_plan(user, kode)


def wilayah_for(user, kode: str, *, with_children: bool = False):
    """The region a user asks a dashboard for ('' = all Indonesia), its path and (when asked)
    its direct sub-regions, in one query; 404 when the code is unknown or not inside the
    user's scope (seeing a wider region than one's own is refused)."""
    prefix = scope_of(user)
    if prefix is None or (kode and not kodelib.is_valid(kode)):
        raise Http404
    if not kodelib.covers(prefix, kode):
        raise Http404
    codes = kodelib.leluhur(kode) if kode else []
    cond = Q(kode__in=codes)
    if with_children:
        cond |= (
            Q(induk_id=kode, aktif=True)
            if kode
            else Q(tingkat=kodelib.TINGKAT_PROVINSI, aktif=True)
        )
    rows = list(Wilayah.objects.filter(cond).order_by("kode")) if cond else []
    found = {w.kode: w for w in rows}
    if kode and kode not in found:
        raise Http404
    path = [found[c] for c in codes if c in found]
    children = [w for w in rows if w.kode not in codes]
    return kode, path, children


@dataclass
class Batang:
    """One month's stacked bar of the trend chart (SVG coordinates computed here)."""

    bulan: datetime.date
    rekap: RekapWilayah | None
    x: int
    bagian: list  # (status key, y, height)


GRAFIK_TINGGI = 120
GRAFIK_LEBAR_BATANG = 14


def _grafik(rekap_list: list[RekapWilayah], bulan_akhir: datetime.date) -> list[Batang]:
    by_bulan = {r.bulan: r for r in rekap_list}
    bulan_list = deret(bulan_akhir)
    puncak = max((r.jumlah_wksbm for r in rekap_list), default=0) or 1
    batang = []
    for i, bulan in enumerate(bulan_list):
        r = by_bulan.get(bulan)
        bagian, y = [], GRAFIK_TINGGI
        if r:
            for key in ("aktif", "kurang", "mati_suri", "belum"):
                tinggi = round(GRAFIK_TINGGI * getattr(r, key) / puncak)
                y -= tinggi
                bagian.append((key, y, tinggi))
        batang.append(Batang(bulan=bulan, rekap=r, x=i * (GRAFIK_LEBAR_BATANG + 4), bagian=bagian))
    return batang


def warna_of(rekap: RekapWilayah | None) -> str:
    """The status a sub-region is coloured by: its most common status among formed WKSBM."""
    if rekap is None or not rekap.jumlah_wksbm:
        return ""
    counts = {
        Status.AKTIF: rekap.aktif,
        Status.KURANG: rekap.kurang,
        Status.MATI_SURI: rekap.mati_suri,
    }
    if not any(counts.values()):
        return f"indeks-{Status.BELUM}"
    return f"indeks-{max(counts, key=counts.get)}"


def dasbor_for(user, kode: str) -> dict:
    """Everything a dashboard shows for region `kode`, from precomputed rows only."""
    tingkat = kodelib.tingkat(kode) if kode and kodelib.is_valid(kode) else 0
    kode, path, children = wilayah_for(
        user, kode, with_children=tingkat < kodelib.TINGKAT_KECAMATAN
    )
    sekarang = bulan_ini()
    # The 24 months of the region, plus each July since 2014 for the long view of the bimtek,
    # and (same query) its sub-regions' figures of this month, which the sweep keeps computed.
    dengan_anak = tingkat < kodelib.TINGKAT_KECAMATAN
    semua = list(
        RekapWilayah.objects.filter(
            Q(kode=kode) & (Q(bulan__gte=geser(sekarang, -(RIWAYAT_BULAN - 1))) | Q(bulan__month=7))
            | (Q(induk=kode, bulan=sekarang) & ~Q(kode="") if dengan_anak else Q(pk__in=[]))
        ).order_by("bulan")
    )
    rekap_list = [r for r in semua if r.kode == kode]
    rekap = rekap_list[-1] if rekap_list else None
    bulan = rekap.bulan if rekap else sekarang
    tahunan = [r for r in rekap_list if r.bulan.month == 7 and r.bulan < geser(sekarang, -11)]
    grafik = _grafik([r for r in rekap_list if r.bulan > geser(bulan, -RIWAYAT_BULAN)], bulan)
    sub = []
    peta = None
    wksbm_rows = []
    if dengan_anak:
        rekap_anak = {r.kode: r for r in semua if r.kode != kode and r.bulan == bulan}
        if bulan != sekarang:  # the region's latest month is an older one (not swept yet)
            rekap_anak = {
                r.kode: r
                for r in RekapWilayah.objects.filter(bulan=bulan, induk=kode).exclude(kode="")
            }
        sub = [
            {
                "wilayah": w,
                "rekap": rekap_anak.get(w.kode),
                "kelas": warna_of(rekap_anak.get(w.kode)),
            }
            for w in children
        ]
        batas = list(BatasWilayah.objects.filter(wilayah_id__in=[w.kode for w in children]))
        peta = peta_svg(batas, {item["wilayah"].kode: item["kelas"] for item in sub})
        if peta:
            nama = {w.kode: w.nama for w in children}
            for garis in peta["paths"]:
                garis["nama"] = nama.get(garis["kode"], garis["kode"])
    else:
        wksbm_rows = list(
            IndeksBulanan.objects.filter(region_q(kode), bulan=bulan)
            .select_related("wksbm", "wilayah")
            .order_by("wilayah_id")[:500]
        )
    batas_pendampingan = geser(bulan, -(TANPA_PENDAMPINGAN_BULAN - 1))
    perhatian = list(perhatian_for(kode, bulan))
    for row in perhatian:
        row.baru_turun = bool(row.status_sebelumnya) and (
            (row.status, row.status_sebelumnya)
            in {
                (Status.KURANG, Status.AKTIF),
                (Status.MATI_SURI, Status.AKTIF),
                (Status.MATI_SURI, Status.KURANG),
            }
        )
        row.tanpa_pendampingan = (
            row.pendampingan_terakhir is None or row.pendampingan_terakhir < batas_pendampingan
        )
    rencana = list(
        RencanaRevitalisasi.objects.filter(region_q(kode), selesai=False)
        .select_related("wksbm")
        .annotate(
            jumlah_langkah=Count("langkah_set"),
            langkah_selesai=Count("langkah_set", filter=Q(langkah_set__selesai_pada__isnull=False)),
        )
        .order_by("-dibuat")[:20]
    )
    for r in rencana:
        r.kemajuan = round(100 * r.langkah_selesai / r.jumlah_langkah) if r.jumlah_langkah else 0
    return {
        "kode": kode,
        "jalur": path,
        "wilayah": path[-1] if path else None,
        "tingkat": tingkat,
        "bulan": bulan,
        "rekap": rekap,
        "grafik": grafik,
        "grafik_lebar": RIWAYAT_BULAN * (GRAFIK_LEBAR_BATANG + 4),
        "grafik_tinggi": GRAFIK_TINGGI,
        "tahunan": tahunan,
        "sub": sub,
        "peta": peta,
        "wksbm_rows": wksbm_rows,
        "perhatian": perhatian,
        "rencana": rencana,
        "bisa_atur": user.peran in (Peran.OPERATOR_KABUPATEN,) and tingkat == 2,
    }


def perhatian_for(kode: str, bulan: datetime.date) -> QuerySet[IndeksBulanan]:
    """The WKSBM of region `kode` that need attention in `bulan`, lowest score first: newly
    fading, mati suri, or without an accompaniment visit for TANPA_PENDAMPINGAN_BULAN months."""
    batas_pendampingan = geser(bulan, -(TANPA_PENDAMPINGAN_BULAN - 1))
    turun = Q(status=Status.KURANG, status_sebelumnya=Status.AKTIF) | Q(
        status=Status.MATI_SURI, status_sebelumnya__in=[Status.AKTIF, Status.KURANG]
    )
    return (
        IndeksBulanan.objects.filter(region_q(kode), bulan=bulan)
        .exclude(status=Status.BELUM)
        .filter(
            turun
            | Q(status=Status.MATI_SURI)
            | Q(pendampingan_terakhir__isnull=True)
            | Q(pendampingan_terakhir__lt=batas_pendampingan)
        )
        .select_related("wksbm", "wilayah")
        .order_by("skor", "wilayah_id")[:PERHATIAN_MAKS]
    )


def wksbm_indeks_for(user, pk) -> dict:
    """The score page of one WKSBM: its latest index with each component and the records behind
    it, and its month-by-month history."""
    wksbm = get_visible_or_404(Wksbm.objects.select_related("wilayah"), user, pk=pk)
    riwayat = list(IndeksBulanan.objects.filter(wksbm=wksbm).order_by("-bulan")[:RIWAYAT_BULAN])
    indeks = riwayat[0] if riwayat else None
    komponen = []
    if indeks:
        for key, label in KOMPONEN:
            k = indeks.komponen.get(key, {})
            komponen.append({"key": key, "label": label, **k})
    return {
        "wksbm": wksbm,
        "indeks": indeks,
        "riwayat": riwayat,
        "komponen": komponen,
        "catatan": catatan_for(wksbm, indeks) if indeks else {},
        "rencana": list(
            RencanaRevitalisasi.objects.filter(wksbm=wksbm).prefetch_related("langkah_set")
        ),
        "bisa_rencana": can_plan(user, wksbm.wilayah_id),
    }


def catatan_for(wksbm: Wksbm, indeks: IndeksBulanan) -> dict:
    """The WKSBM's own records behind each windowed component of `indeks` (one WKSBM only)."""
    from wahana.dana.models import EntriKas
    from wahana.dana.selectors import entri_kas_efektif
    from wahana.kegiatan.selectors import kegiatan_verified
    from wahana.wksbm.models import LembagaAnggota, PengurusWksbm, RapatWksbm, TahapWksbm

    bulan = indeks.bulan
    akhir = akhir_bulan(bulan)
    w3 = {"tanggal__gte": geser(bulan, -2), "tanggal__lte": akhir}
    w6 = {"tanggal__gte": geser(bulan, -5), "tanggal__lte": akhir}
    efektif = entri_kas_efektif(EntriKas.objects.filter(wksbm=wksbm))
    return {
        "sk": list(
            TahapWksbm.objects.filter(
                wksbm=wksbm, tahap=TahapWksbm.Tahap.PENGESAHAN, tanggal__lte=akhir
            ).order_by("-tanggal")[:3]
        ),
        "pengurus": list(
            PengurusWksbm.objects.filter(
                pk__in=list(indeks.komponen.get("pengurus", {}).get("pengurus_id", {}).values())
            )
        ),
        "lembaga": list(
            LembagaAnggota.objects.filter(wksbm=wksbm, tanggal_bergabung__lte=akhir)
            .filter(Q(tanggal_keluar__isnull=True) | Q(tanggal_keluar__gt=akhir))
            .order_by("nama")[:10]
        ),
        "rapat": list(RapatWksbm.objects.filter(wksbm=wksbm, **w3).order_by("-tanggal")[:10]),
        "dana": list(efektif.filter(arah=EntriKas.Arah.MASUK, **w3).order_by("-tanggal")[:10]),
        "bantuan_kas": list(
            efektif.filter(arah=EntriKas.Arah.KELUAR, tujuan=EntriKas.Tujuan.PPKS, **w6).order_by(
                "-tanggal"
            )[:10]
        ),
        "bantuan_kegiatan": list(
            kegiatan_verified(wksbm_ids=[wksbm.pk])
            .filter(penerima__isnull=False, **w6)
            .distinct()
            .order_by("-tanggal")[:10]
        ),
        "kegiatan": list(
            kegiatan_verified(wksbm_ids=[wksbm.pk]).filter(**w3).order_by("-tanggal")[:10]
        ),
    }


def notifikasi_for(user) -> QuerySet[Notifikasi]:
    """A user's own notifications (recipients see only theirs)."""
    return Notifikasi.objects.filter(penerima=user).select_related("wksbm")


def notifikasi_baru_for(user) -> QuerySet[Notifikasi]:
    """A user's unread notifications (counted by the page header with its other counts)."""
    return Notifikasi.objects.filter(penerima=user, dibaca__isnull=True)


def rencana_get_for(user, pk) -> tuple[RencanaRevitalisasi, bool]:
    rencana = get_visible_or_404(RencanaRevitalisasi.objects.select_related("wksbm"), user, pk=pk)
    return rencana, can_plan(user, rencana.wilayah_id)


def langkah_get_for(user, rencana_pk, pk) -> LangkahRevitalisasi:
    return get_visible_or_404(
        LangkahRevitalisasi.objects.select_related("rencana"), user, pk=pk, rencana_id=rencana_pk
    )


def bobot_for_kabupaten(user, kode: str) -> tuple[dict, list[BobotIndeks]]:
    """The current weights of a kabupaten (or the defaults) with its report deadline day of this
    month, and its weights versions; 404 outside scope."""
    kode, _path, _children = wilayah_for(user, kode)
    if not kode or kodelib.tingkat(kode) != kodelib.TINGKAT_KABUPATEN:
        raise Http404
    versi = list(visible_to(BobotIndeks.objects.filter(wilayah_id=kode), user))
    bulan = bulan_ini()
    batas = batas_laporan_for([(kode, bulan)])[kode, bulan]
    nilai = versi[0].bobot if versi else dict(BOBOT_BAWAAN)
    return nilai | {"batas_hari_laporan": batas.day}, versi


def rekap_riwayat_for(user, kode: str) -> QuerySet[RekapWilayah]:
    """A region's monthly figures, newest first (24 months); 404 outside the scope."""
    kode, _path, _children = wilayah_for(user, kode)
    return RekapWilayah.objects.filter(kode=kode).order_by("-bulan")[:RIWAYAT_BULAN]


def rekap_anak_for(user, kode: str) -> QuerySet[RekapWilayah]:
    """The direct sub-regions' figures for the region's latest computed month."""
    kode, _path, _children = wilayah_for(user, kode)
    terakhir = RekapWilayah.objects.filter(kode=kode).order_by("-bulan").first()
    if terakhir is None:
        return RekapWilayah.objects.none()
    return (
        RekapWilayah.objects.filter(induk=kode, bulan=terakhir.bulan)
        .exclude(kode="")
        .order_by("kode")
    )


def indeks_list_for(user, kode: str, bulan: datetime.date | None) -> QuerySet[IndeksBulanan]:
    """The index of every WKSBM of a region for a month (the current month by default)."""
    kode, _path, _children = wilayah_for(user, kode)
    bulan = (bulan or bulan_ini()).replace(day=1)
    return visible_to(IndeksBulanan.objects.filter(region_q(kode), bulan=bulan), user).order_by(
        "wilayah_id", "wksbm_id"
    )


def kelengkapan_for(user, kode: str, bulan: datetime.date | None) -> dict:
    """The report completeness page of a region: expected, received and on-time reports of
    WKSBM, TKSK and PSM per month (24 months), its sub-regions for the chosen month (drill-down)
    and, from the kecamatan down, each WKSBM and worker of that month. Precomputed rows only."""
    tingkat = kodelib.tingkat(kode) if kode and kodelib.is_valid(kode) else 0
    kode, path, children = wilayah_for(user, kode, with_children=tingkat < kodelib.TINGKAT_DESA)
    riwayat = list(RekapWilayah.objects.filter(kode=kode).order_by("-bulan")[:RIWAYAT_BULAN])
    if bulan is None:
        bulan = riwayat[0].bulan if riwayat else bulan_ini()
    rekap = next((r for r in riwayat if r.bulan == bulan), None)
    sub, wksbm_rows, pendamping_rows = [], [], []
    if tingkat < kodelib.TINGKAT_DESA:
        rekap_anak = {
            r.kode: r for r in RekapWilayah.objects.filter(bulan=bulan, induk=kode).exclude(kode="")
        }
        sub = [{"wilayah": w, "rekap": rekap_anak.get(w.kode)} for w in children]
    if tingkat >= kodelib.TINGKAT_KECAMATAN:
        wksbm_rows = list(
            IndeksBulanan.objects.filter(region_q(kode), bulan=bulan)
            .exclude(status=Status.BELUM)
            .select_related("wksbm", "wilayah")
            .order_by("wilayah_id", "wksbm_id")
        )
        pendamping_rows = list(
            LaporanPendampingBulanan.objects.filter(region_q(kode), bulan=bulan)
            .select_related("pendamping", "wilayah")
            .order_by("-jenis", "wilayah_id", "pendamping__nama")
        )
    return {
        "kode": kode,
        "jalur": path,
        "wilayah": path[-1] if path else None,
        "tingkat": tingkat,
        "bulan": bulan,
        "rekap": rekap,
        "riwayat": riwayat,
        "sub": sub,
        "wksbm_rows": wksbm_rows,
        "pendamping_rows": pendamping_rows,
    }


def kelengkapan_api_for(user, kode: str) -> list[dict]:
    """Completeness per month and reporter kind of a region (24 months, newest first)."""
    rows = []
    for r in rekap_riwayat_for(user, kode):
        for item in r.kelengkapan():
            rows.append(
                {
                    "kode_wilayah": r.kode,
                    "bulan": r.bulan,
                    "jenis": item["jenis"],
                    "diharapkan": item["diharapkan"],
                    "diterima": item["diterima"],
                    "tepat_waktu": item["tepat"],
                    "persen_diterima": item["persen_diterima"],
                    "persen_tepat_waktu": item["persen_tepat"],
                    "diperbarui": r.diperbarui,
                }
            )
    return rows
