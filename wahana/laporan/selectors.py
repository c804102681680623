from dataclasses import dataclass

from django.db.models import QuerySet

from wahana.akun.scope import visible_to
from wahana.akun.selectors import count_many_for
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


def lonceng_querysets(user) -> dict[str, QuerySet[Tugas]]:
    """What the bell counts, for `count_many_for` (one query with the header's other counts)."""
    saya = laporan_saya(user)
    return {
        "laporan_baru": saya.filter(status=Tugas.Status.SELESAI, dilihat__isnull=True),
        "laporan_berjalan": saya.filter(status__in=(Tugas.Status.ANTRI, Tugas.Status.BERJALAN)),
    }


def lonceng_from_counts(user, counts: dict[str, int]) -> Lonceng:
    """The bell from its counts; the few newest reports are read only when there are some."""
    jumlah_baru = counts["laporan_baru"]
    baru = []
    if jumlah_baru:
        baru = list(
            lonceng_querysets(user)["laporan_baru"].order_by("-dibuat", "-pk")[:LONCENG_DAFTAR]
        )
    return Lonceng(baru=baru, jumlah_baru=jumlah_baru, berjalan=counts["laporan_berjalan"] > 0)


def lonceng_for(user) -> Lonceng:
    """One query while no report waits: the user's unopened finished reports and whether one
    is still being made."""
    if not user.is_authenticated:
        return Lonceng([], 0, False)
    return lonceng_from_counts(user, count_many_for(user, **lonceng_querysets(user)))


def agregat_list_visible_to(user, *, kode: str = "") -> QuerySet[AgregatImpor]:
    qs = visible_to(AgregatImpor.objects.all(), user)
    if kode:
        qs = qs.filter(kode=kode)
    return qs.order_by("-bulan", "kode")


def kop_list_visible_to(user) -> QuerySet[Kop]:
    return visible_to(Kop.objects.all(), user).select_related("wilayah")
