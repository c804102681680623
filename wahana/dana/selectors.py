"""Reads of the money of WKSBM: books, entries, month closings, proposals. Every read starts
from the user's scope."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum

from wahana.akun.scope import get_visible_or_404, region_q, visible_to
from wahana.wksbm.models import PengurusWksbm, Wksbm

from .akses import can_verify, can_write_buku
from .bulan import bulan_berikut
from .models import BukuKas, EntriKas, TutupBuku, UsulanDanaDesa


def wksbm_visible_to(user) -> QuerySet[Wksbm]:
    return visible_to(Wksbm.objects.all(), user)


def buku_kas_list_visible_to(user, *, kode_wilayah: str = "", q: str = "") -> QuerySet[Wksbm]:
    """WKSBM in scope with their book figures (balance, entries, last closed month)."""
    qs = wksbm_visible_to(user).select_related("wilayah", "buku_kas")
    if kode_wilayah:
        qs = qs.filter(region_q(kode_wilayah))
    if q:
        qs = qs.filter(Q(nama__icontains=q) | Q(wilayah__nama__icontains=q))
    return qs.order_by("wilayah_id", "tingkat")


def buku_kas_get_for(user, wksbm_pk) -> tuple[Wksbm, bool]:
    """The WKSBM whose book the user may see (404 outside scope), and whether they may write."""
    wksbm = get_visible_or_404(Wksbm.objects.select_related("wilayah"), user, pk=wksbm_pk)
    return wksbm, can_write_buku(user, wksbm)


def entri_kas_visible_to(user) -> QuerySet[EntriKas]:
    return visible_to(EntriKas.objects.all(), user)


def entri_kas_list_visible_to(
    user,
    *,
    kode_wilayah: str = "",
    wksbm_id: int | None = None,
    arah: str = "",
    sumber: str = "",
    tujuan: str = "",
    dari: datetime.date | None = None,
    sampai: datetime.date | None = None,
) -> QuerySet[EntriKas]:
    qs = entri_kas_visible_to(user).select_related("wksbm", "wilayah", "membalik")
    if kode_wilayah:
        qs = qs.filter(region_q(kode_wilayah))
    if wksbm_id:
        qs = qs.filter(wksbm_id=wksbm_id)
    if arah:
        qs = qs.filter(arah=arah)
    if sumber:
        qs = qs.filter(sumber=sumber)
    if tujuan:
        qs = qs.filter(tujuan=tujuan)
    if dari:
        qs = qs.filter(tanggal__gte=dari)
    if sampai:
        qs = qs.filter(tanggal__lte=sampai)
    return qs.order_by("-tanggal", "-id")


def entri_kas_totals(qs: QuerySet[EntriKas]) -> dict:
    """Receipts, disbursements and the count of a set of entries (reversals included, so the
    totals are what really moved)."""
    figures = qs.order_by().aggregate(
        masuk=Sum("jumlah", filter=Q(arah=EntriKas.Arah.MASUK), default=0),
        keluar=Sum("jumlah", filter=Q(arah=EntriKas.Arah.KELUAR), default=0),
        banyak=Count("id"),
    )
    figures["bersih"] = figures["masuk"] - figures["keluar"]
    return figures


def entri_kas_get_for(user, pk) -> tuple[EntriKas, bool]:
    entri = get_visible_or_404(
        EntriKas.objects.select_related("wksbm", "wilayah", "membalik", "bukti", "dicatat_oleh"),
        user,
        pk=pk,
    )
    return entri, can_write_buku(user, entri.wksbm)


def entri_kas_efektif(qs: QuerySet[EntriKas]) -> QuerySet[EntriKas]:
    """Entries that still stand: neither a reversal nor reversed. What counts elsewhere (e.g.
    funds raised and help delivered, for the activity index)."""
    return qs.filter(membalik__isnull=True, dibalik_oleh__isnull=True)


@dataclass
class BukuBulan:
    """One month of a fund book: opening balance, entries in order, totals, closing balance."""

    wksbm: Wksbm
    bulan: datetime.date
    saldo_awal: int
    entri: list = field(default_factory=list)
    total_masuk: int = 0
    total_keluar: int = 0
    tutup: TutupBuku | None = None

    @property
    def saldo_akhir(self) -> int:
        return self.saldo_awal + self.total_masuk - self.total_keluar


def buku_kas_bulan(wksbm: Wksbm, bulan: datetime.date) -> BukuBulan:
    """The cash book of `wksbm` for the month starting `bulan` (callers check scope)."""
    sebelum = (
        EntriKas.objects.filter(wksbm=wksbm, bulan__lt=bulan)
        .order_by("-urutan")
        .values_list("saldo_setelah", flat=True)
        .first()
    )
    entri = list(
        EntriKas.objects.filter(wksbm=wksbm, bulan=bulan)
        .select_related("membalik", "bukti", "dibalik_oleh")
        .order_by("urutan")
    )
    buku = BukuBulan(wksbm=wksbm, bulan=bulan, saldo_awal=sebelum or 0, entri=entri)
    buku.total_masuk = sum(e.masuk for e in entri)
    buku.total_keluar = sum(e.keluar for e in entri)
    buku.tutup = TutupBuku.objects.filter(wksbm=wksbm, bulan=bulan).first()
    return buku


def buku_kas_of(wksbm: Wksbm) -> BukuKas | None:
    return BukuKas.objects.filter(wksbm=wksbm).first()


def bulan_terbuka_berikut(wksbm: Wksbm) -> datetime.date | None:
    """The month the book may close next: the one after the last closed month, else the month
    of the first entry; None when the book is empty and was never closed."""
    buku = buku_kas_of(wksbm)
    if buku and buku.tutup_sampai:
        return bulan_berikut(buku.tutup_sampai)
    first = EntriKas.objects.filter(wksbm=wksbm).order_by("urutan").values("bulan").first()
    return first["bulan"] if first else None


def tutup_buku_visible_to(user) -> QuerySet[TutupBuku]:
    return visible_to(TutupBuku.objects.all(), user)


def tutup_buku_list_visible_to(
    user, *, kode_wilayah: str = "", status: str = "", wksbm_id: int | None = None
) -> QuerySet[TutupBuku]:
    qs = tutup_buku_visible_to(user).select_related(
        "wksbm", "wilayah", "ditutup_oleh", "diverifikasi_oleh"
    )
    if kode_wilayah:
        qs = qs.filter(region_q(kode_wilayah))
    if status:
        qs = qs.filter(status=status)
    if wksbm_id:
        qs = qs.filter(wksbm_id=wksbm_id)
    return qs.order_by("-bulan", "wilayah_id")


def tutup_buku_get_for(user, pk) -> tuple[TutupBuku, bool]:
    """A month closing and whether the user may verify it."""
    tutup = get_visible_or_404(TutupBuku.objects.select_related("wksbm", "wilayah"), user, pk=pk)
    return tutup, can_verify(user, tutup.wksbm)


def usulan_list_visible_to(
    user,
    *,
    kode_wilayah: str = "",
    tahun: int | None = None,
    status: str = "",
    wksbm_id: int | None = None,
) -> QuerySet[UsulanDanaDesa]:
    qs = visible_to(UsulanDanaDesa.objects.all(), user).select_related("wksbm", "wilayah")
    if kode_wilayah:
        qs = qs.filter(region_q(kode_wilayah))
    if tahun:
        qs = qs.filter(tahun=tahun)
    if status:
        qs = qs.filter(status=status)
    if wksbm_id:
        qs = qs.filter(wksbm_id=wksbm_id)
    return qs.order_by("-tahun", "wilayah_id", "-id")


def usulan_totals(qs: QuerySet[UsulanDanaDesa]) -> dict:
    return qs.order_by().aggregate(
        banyak=Count("id"),
        diusulkan=Sum("jumlah", default=0),
        direalisasikan=Sum("realisasi_jumlah", default=0),
        terealisasi=Count("id", filter=Q(status=UsulanDanaDesa.Status.DIREALISASIKAN)),
    )


def usulan_get_for(user, pk) -> tuple[UsulanDanaDesa, bool]:
    usulan = get_visible_or_404(
        UsulanDanaDesa.objects.select_related("wksbm", "wilayah", "berita_acara"), user, pk=pk
    )
    return usulan, can_write_buku(user, usulan.wksbm)


def usulan_penerimaan_pilihan(usulan: UsulanDanaDesa) -> QuerySet[EntriKas]:
    """Receipts of the proposal's WKSBM, of its source, still standing and not yet linked to a
    proposal: what a realisation may name."""
    return (
        entri_kas_efektif(
            EntriKas.objects.filter(
                wksbm_id=usulan.wksbm_id,
                arah=EntriKas.Arah.MASUK,
                sumber__in=UsulanDanaDesa.SUMBER_PENERIMAAN[usulan.sumber],
            )
        )
        .exclude(usulan_set__isnull=False)
        .order_by("-urutan")
    )


def pengurus_penandatangan(wksbm: Wksbm) -> dict:
    """Names of the active bendahara and ketua, for the signature block of the cash book."""
    names = dict(
        PengurusWksbm.objects.filter(
            wksbm=wksbm,
            aktif=True,
            jabatan__in=[PengurusWksbm.Jabatan.BENDAHARA, PengurusWksbm.Jabatan.KETUA],
        ).values_list("jabatan", "nama")
    )
    return {"bendahara": names.get("bendahara", ""), "ketua": names.get("ketua", "")}


def dana_per_wksbm_bulan(qs: QuerySet[EntriKas] | None = None, *, dari=None, sampai=None):
    """Per WKSBM per month: funds raised, spent, and helped to PPKS, counting only entries that
    still stand (reversed entries and their reversals cancel out and are left out). Rows of
    {wksbm_id, bulan, masuk, keluar, bantuan_ppks, jumlah_bantuan_ppks}; served by the
    (wksbm, tanggal) index. Pass a scoped queryset for a user's view; without one, all books
    (for precomputed aggregate figures such as the activity index)."""
    qs = entri_kas_efektif(EntriKas.objects.all() if qs is None else qs)
    if dari:
        qs = qs.filter(tanggal__gte=dari)
    if sampai:
        qs = qs.filter(tanggal__lte=sampai)
    bantuan = Q(arah=EntriKas.Arah.KELUAR, tujuan=EntriKas.Tujuan.PPKS)
    return (
        qs.order_by()
        .values("wksbm_id", "bulan")
        .annotate(
            masuk=Sum("jumlah", filter=Q(arah=EntriKas.Arah.MASUK), default=0),
            keluar=Sum("jumlah", filter=Q(arah=EntriKas.Arah.KELUAR), default=0),
            bantuan_ppks=Sum("jumlah", filter=bantuan, default=0),
            jumlah_bantuan_ppks=Count("id", filter=bantuan),
        )
        .order_by("wksbm_id", "bulan")
    )
