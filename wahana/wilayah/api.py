from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from wahana.akun.ratelimit import rate_limit

from .models import Wilayah
from .selectors import wilayah_children, wilayah_search

router = Router(tags=["wilayah"])


class WilayahOut(Schema):
    kode_wilayah: str
    nama: str
    tingkat: int
    jenis: str
    induk: str | None
    aktif: bool

    @staticmethod
    def resolve_induk(obj):
        return obj.induk_id


class WilayahFilter(Schema):
    induk: str | None = None
    q: str | None = None
    tingkat: int | None = None


@router.get("", response=list[WilayahOut], summary="Daftar dan cari wilayah")
@rate_limit("cari", "120/m")
@paginate(LimitOffsetPagination)
def wilayah_list(request, filters: Query[WilayahFilter]):
    """Without `q`: the sub-areas of `induk` (the provinces when empty). With `q`: areas whose
    name contains it, inside `induk` when given, names starting with it first."""
    if filters.q:
        return wilayah_search(
            q=filters.q, within=filters.induk or "", tingkat=filters.tingkat, limit=100
        )
    return wilayah_children(kode=filters.induk or "")


@router.get("/{kode}", response=WilayahOut, summary="Satu wilayah")
def wilayah_detail(request, kode: str):
    return get_object_or_404(Wilayah, kode=kode)
