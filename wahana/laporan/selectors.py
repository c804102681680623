from dataclasses import dataclass

from django.db.models import Q, QuerySet

from wahana.akun.scope import visible_to
from wahana.tugas.models import Tugas

from .models import AgregatImpor, Kop


def laporan_saya(user) -> QuerySet[Tugas]:
    """The reports the user asked for, newest first (personal, like notifications)."""
    return Tugas.objects.filter(diminta_oleh=user, nama="laporan.buat").select_related("berkas")


@dataclass
class Lonceng:
    """The report bell of the page header: finished reports not yet opened (newest first, a
    few of them listed with their file) and whether one is still being made (then the bell
    polls itself until it is done)."""

    baru: list[Tugas]
    jumlah_baru: int
    berjalan: bool


LONCENG_DAFTAR = 5


def lonceng_for(user) -> Lonceng:
    """One query: the user's unopened finished reports and their running ones."""
    if not user.is_authenticated:
        return Lonceng([], 0, False)
    aktif = (Tugas.Status.ANTRI, Tugas.Status.BERJALAN)
    rows = list(
        laporan_saya(user)
        .filter(Q(status=Tugas.Status.SELESAI, dilihat__isnull=True) | Q(status__in=aktif))
        .order_by("-dibuat", "-pk")[:100]
    )
    baru = [t for t in rows if t.status == Tugas.Status.SELESAI]
    return Lonceng(
        baru=baru[:LONCENG_DAFTAR],
        jumlah_baru=len(baru),
        berjalan=any(t.status in aktif for t in rows),
    )


def agregat_list_visible_to(user, *, kode: str = "") -> QuerySet[AgregatImpor]:
    qs = visible_to(AgregatImpor.objects.all(), user)
    if kode:
        qs = qs.filter(kode=kode)
    return qs.order_by("-bulan", "kode")


def kop_list_visible_to(user) -> QuerySet[Kop]:
    return visible_to(Kop.objects.all(), user).select_related("wilayah")
