"""Reads of activities. Every list starts from the user's scope; `kegiatan_verified` is what
other parts of Wahana count (the activity index, reports)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from wahana.akun.scope import get_visible_or_404, in_scope, region_q, visible_to
from wahana.lib import kode as kodelib
from wahana.pendamping.models import Program
from wahana.ppks import rules as ppks_rules
from wahana.ppks.models import Ppks
from wahana.ppks.selectors import ppks_base_visible_to
from wahana.wksbm.models import Wksbm

from .akses import PENCATAT, can_record, can_verify
from .models import Kegiatan, PenerimaKegiatan


@dataclass
class Filter:
    kode_wilayah: str = ""
    wksbm_id: int | None = None
    status: str = ""
    jenis: str = ""
    dari: datetime.date | None = None
    sampai: datetime.date | None = None
    q: str = ""


def kegiatan_visible_to(user) -> QuerySet[Kegiatan]:
    return visible_to(Kegiatan.objects.all(), user)


def kegiatan_filter(qs: QuerySet[Kegiatan], f: Filter) -> QuerySet[Kegiatan]:
    if f.kode_wilayah:
        qs = qs.filter(region_q(f.kode_wilayah))
    if f.wksbm_id:
        qs = qs.filter(wksbm_id=f.wksbm_id)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.jenis:
        qs = qs.filter(jenis=f.jenis)
    if f.dari:
        qs = qs.filter(tanggal__gte=f.dari)
    if f.sampai:
        qs = qs.filter(tanggal__lte=f.sampai)
    if f.q:
        qs = qs.filter(Q(judul__icontains=f.q) | Q(tempat__icontains=f.q))
    return qs


def kegiatan_list_visible_to(user, f: Filter | None = None) -> QuerySet[Kegiatan]:
    qs = kegiatan_filter(kegiatan_visible_to(user), f or Filter())
    return qs.select_related("wksbm", "pendamping", "wilayah").order_by("-tanggal", "-id")


def kegiatan_totals(qs: QuerySet[Kegiatan]) -> dict:
    """Count, participants and beneficiaries of a set of activities, and the count per status."""
    figures = qs.order_by().aggregate(
        jumlah=Count("id"),
        peserta=Sum("jumlah_peserta", default=0),
        diverifikasi=Count("id", filter=Q(status=Kegiatan.Status.DIVERIFIKASI)),
        dilaporkan=Count("id", filter=Q(status=Kegiatan.Status.DILAPORKAN)),
    )
    figures["penerima"] = PenerimaKegiatan.objects.filter(
        kegiatan__in=qs.order_by().values("pk")
    ).count()
    return figures


def kegiatan_get_for(user, pk) -> tuple[Kegiatan, bool, bool]:
    """An activity in scope (404 otherwise), whether the user may change it now, and whether
    they may verify or return it now."""
    kegiatan = get_visible_or_404(
        Kegiatan.objects.select_related(
            "wksbm", "pendamping", "wilayah", "program", "dicatat_oleh", "diverifikasi_oleh"
        ),
        user,
        pk=pk,
    )
    may_write = kegiatan.dapat_diubah and can_record(user, kegiatan.kode_wilayah)
    may_verify = (
        kegiatan.status == Kegiatan.Status.DILAPORKAN
        and can_verify(user, kegiatan.kode_wilayah)
        and kegiatan.dicatat_oleh_id != user.pk
    )
    return kegiatan, may_write, may_verify


def penerima_for(user, kegiatan: Kegiatan):
    """The beneficiaries of an activity as the user may see them: names for roles that see
    PPKS names, nothing for the others (they see the count)."""
    if not ppks_rules.can_see_names(user):
        return []
    return list(kegiatan.penerima.order_by("nama_kunci"))


def kegiatan_verified(
    qs: QuerySet[Kegiatan] | None = None,
    *,
    wksbm_ids=None,
    kode_wilayah: str = "",
    dari: datetime.date | None = None,
    sampai: datetime.date | None = None,
) -> QuerySet[Kegiatan]:
    """Verified activities, the only ones that count elsewhere. Pass a scoped queryset for a
    user's view; without one, all activities (for precomputed figures such as the activity
    index, which are aggregate)."""
    qs = (Kegiatan.objects.all() if qs is None else qs).filter(status=Kegiatan.Status.DIVERIFIKASI)
    if wksbm_ids is not None:
        qs = qs.filter(wksbm_id__in=wksbm_ids)
    return kegiatan_filter(qs, Filter(kode_wilayah=kode_wilayah, dari=dari, sampai=sampai))


def ppks_pilihan_for(user, kode_wilayah: str) -> QuerySet[Ppks]:
    """The active PPKS of `kode_wilayah` the user may name (as beneficiaries, or as the
    recipient of help from a fund book)."""
    if not ppks_rules.can_see_names(user) or not in_scope(user, kode_wilayah):
        return Ppks.objects.none()
    return (
        ppks_base_visible_to(user)
        .filter(region_q(kode_wilayah), status=Ppks.Status.AKTIF)
        .order_by("nama_kunci", "id")
    )


def program_pilihan_for(kode_wilayah: str) -> QuerySet[Program]:
    """Dinsos programmes that reach `kode_wilayah`: run for an area that contains it, or with
    it among their target desa."""
    return (
        Program.objects.filter(
            Q(wilayah_id__in=kodelib.leluhur(kode_wilayah)) | Q(desa_set__wilayah_id=kode_wilayah)
        )
        .distinct()
        .order_by("-mulai", "nama")
    )


def wksbm_pencatatan_for(user) -> QuerySet[Wksbm]:
    """The WKSBM whose activities the user may record: every WKSBM in scope for a recording
    role (can_record is role and scope), none for the others."""
    if user.peran not in PENCATAT:
        return Wksbm.objects.none()
    return visible_to(Wksbm.objects.select_related("wilayah"), user).order_by("wilayah_id")
