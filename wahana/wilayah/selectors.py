"""Reads of the region list. Regions are public reference data: anyone signed in may read them,
but pickers are narrowed to the user's own area."""

from django.db import connection
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
    order = _by_level_and_name()
    starting = list(_starting_with(qs, q).order_by(*order)[:limit])
    if len(starting) < limit:
        seen = [w.kode for w in starting]
        starting += list(
            qs.filter(nama_cari__contains=q)
            .exclude(kode__in=seen)
            .order_by(*order)[: limit - len(starting)]
        )
    return starting


def _by_level_and_name() -> tuple[str, ...]:
    """Search order: level, name, then code so equal names always come in the same order.
    SQLite walks the nama_cari index in this order and stops at the limit. PostgreSQL, offered
    the same, walks the whole index in order instead of using its pattern index (about 400 ms
    for two letters), so there the matches are sorted by nama (the same order for names written
    in title case, as the official ones are)."""
    return ("tingkat", "nama_cari" if connection.vendor == "sqlite" else "nama", "kode")


def _starting_with(qs: QuerySet[Wilayah], q: str) -> QuerySet[Wilayah]:
    """Areas whose lower-cased name starts with `q`, in a form the nama_cari index serves.

    PostgreSQL serves LIKE 'q%' from the index Django adds for pattern matching. SQLite's LIKE
    ignores case, so it cannot use a plain index and scans the whole country (about 100 ms);
    the equivalent range [q, q with its last letter raised) walks the index in name order and
    stops at the limit. The range is exact only in SQLite's byte-wise collation, so PostgreSQL
    (whose collation may ignore punctuation) keeps LIKE alone."""
    qs = qs.filter(nama_cari__startswith=q)
    if connection.vendor == "sqlite":
        qs = qs.filter(nama_cari__gte=q, nama_cari__lt=q[:-1] + chr(ord(q[-1]) + 1))
    return qs


def wilayah_children(*, kode: str) -> QuerySet[Wilayah]:
    """Direct sub-areas of `kode` ('' gives the provinces)."""
    if kodelib.tingkat(kode) == kodelib.TINGKAT_DESA:
        # The lowest level: nothing below it, and no query to say so (the home page of every
        # PSM and pengurus asks).
        return Wilayah.objects.none()
    if kode:
        return Wilayah.objects.filter(induk_id=kode, aktif=True).order_by("nama")
    return Wilayah.objects.filter(tingkat=kodelib.TINGKAT_PROVINSI, aktif=True).order_by("nama")


def wilayah_path(*, kode: str) -> list[Wilayah]:
    """The area and every area above it, provinsi first (for breadcrumbs)."""
    codes = kodelib.leluhur(kode)
    found = {w.kode: w for w in Wilayah.objects.filter(kode__in=codes)}
    return [found[c] for c in codes if c in found]
