"""Reads of the region list. Regions are public reference data: anyone signed in may read them,
but pickers are narrowed to the user's own area."""

from django.db.models import QuerySet

from wahana.lib import kode as kodelib

from .models import Wilayah


def wilayah_within(prefix: str) -> QuerySet[Wilayah]:
    """Areas inside `prefix` (and the area itself); '' is all of Indonesia."""
    qs = Wilayah.objects.all()
    if prefix:
        qs = qs.filter(kode=prefix) | qs.filter(kode__startswith=prefix + ".")
    return qs


def wilayah_search(
    *, q: str, within: str = "", tingkat: int | None = None, limit: int = 20
) -> list[Wilayah]:
    """Active areas whose name contains `q`, names starting with `q` first."""
    q = " ".join(q.lower().split())
    if not q:
        return []
    qs = wilayah_within(within).filter(aktif=True).select_related("induk__induk")
    if tingkat:
        qs = qs.filter(tingkat=tingkat)
    starting = list(qs.filter(nama_cari__startswith=q).order_by("tingkat", "nama")[:limit])
    if len(starting) < limit:
        seen = [w.kode for w in starting]
        starting += list(
            qs.filter(nama_cari__contains=q)
            .exclude(kode__in=seen)
            .order_by("tingkat", "nama")[: limit - len(starting)]
        )
    return starting


def wilayah_children(*, kode: str) -> QuerySet[Wilayah]:
    """Direct sub-areas of `kode` ('' gives the provinces)."""
    if kode:
        return Wilayah.objects.filter(induk_id=kode, aktif=True).order_by("nama")
    return Wilayah.objects.filter(tingkat=kodelib.TINGKAT_PROVINSI, aktif=True).order_by("nama")


def wilayah_path(*, kode: str) -> list[Wilayah]:
    """The area and every area above it, provinsi first (for breadcrumbs)."""
    codes = kodelib.leluhur(kode)
    found = {w.kode: w for w in Wilayah.objects.filter(kode__in=codes)}
    return [found[c] for c in codes if c in found]
