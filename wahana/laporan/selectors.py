from django.db.models import QuerySet

from wahana.akun.scope import visible_to
from wahana.tugas.models import Tugas

from .models import AgregatImpor, Kop


def laporan_saya(user) -> QuerySet[Tugas]:
    """The reports the user asked for, newest first (personal, like notifications)."""
    return Tugas.objects.filter(diminta_oleh=user, nama="laporan.buat").select_related("berkas")


def laporan_baru_count(user) -> int:
    """Finished reports the user has not opened yet."""
    return laporan_saya(user).filter(status=Tugas.Status.SELESAI, dilihat__isnull=True).count()


def agregat_list_visible_to(user, *, kode: str = "") -> QuerySet[AgregatImpor]:
    qs = visible_to(AgregatImpor.objects.all(), user)
    if kode:
        qs = qs.filter(kode=kode)
    return qs.order_by("-bulan", "kode")


def kop_list_visible_to(user) -> QuerySet[Kop]:
    return visible_to(Kop.objects.all(), user).select_related("wilayah")
