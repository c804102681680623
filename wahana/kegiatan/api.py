"""Activities under /api/v1/kegiatan: list, read, record, change while a draft or returned,
report, verify or return. Reads are scoped (404 outside the scope); beneficiaries are given as
PPKS ids only to roles that see PPKS names (the others get the count)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from wahana.akun.scope import get_visible_or_404
from wahana.pendamping.selectors import pendamping_of
from wahana.ppks import rules as ppks_rules
from wahana.ppks.models import Ppks
from wahana.wksbm.models import Wksbm

from . import selectors, services
from .akses import can_record

router = Router(tags=["kegiatan"])


class KegiatanOut(Schema):
    id: int
    wksbm_id: int | None
    pendamping_id: int | None
    kode_wilayah: str
    judul: str
    jenis: str
    tanggal: datetime.date
    tempat: str
    uraian: str
    jumlah_peserta: int
    sumber_dana: str
    program_id: int | None
    status: str
    alasan_dikembalikan: str
    dilaporkan_pada: datetime.datetime | None
    diverifikasi_pada: datetime.datetime | None
    jumlah_penerima: int
    penerima_ids: list[int] | None
    foto_ids: list[str]

    # Read through .all(): the list prefetches both relations (one query each for the page, not
    # three per activity).
    @staticmethod
    def resolve_jumlah_penerima(obj):
        return len(obj.penerima.all())

    @staticmethod
    def resolve_penerima_ids(obj, context):
        if not ppks_rules.can_see_names(context["request"].auth):
            return None
        return [p.pk for p in obj.penerima.all()]

    @staticmethod
    def resolve_foto_ids(obj):
        return [str(foto.berkas_id) for foto in obj.foto_set.all()]


class KegiatanFilter(Schema):
    kode_wilayah: str = ""
    wksbm_id: int | None = None
    status: str = ""
    jenis: str = ""
    dari: datetime.date | None = None
    sampai: datetime.date | None = None
    q: str = ""


class KegiatanUpdateIn(Schema):
    judul: str
    jenis: str
    tanggal: datetime.date
    tempat: str
    sumber_dana: str
    uraian: str = ""
    jumlah_peserta: int = 0
    program_id: int | None = None
    penerima_ids: list[int] = []


class KegiatanIn(KegiatanUpdateIn):
    wksbm_id: int | None = None
    kode_wilayah: str = ""


class KembalikanIn(Schema):
    alasan: str


def _resolve(user, payload: KegiatanUpdateIn, kode: str) -> dict:
    data = payload.dict(include=set(services.FIELDS) - {"program"})
    data["program"] = None
    if payload.program_id:
        data["program"] = selectors.program_pilihan_for(kode).filter(pk=payload.program_id).first()
        if data["program"] is None:
            raise ValidationError({"program_id": _("Program tidak menjangkau wilayah ini.")})
    penerima = list(selectors.ppks_pilihan_for(user, kode).filter(pk__in=payload.penerima_ids))
    if len(penerima) != len(set(payload.penerima_ids)):
        raise ValidationError({"penerima_ids": _("PPKS tidak ditemukan di wilayah kegiatan.")})
    data["penerima"] = penerima
    return data


def _get(request, kegiatan_id):
    return selectors.kegiatan_get_for(request.auth, kegiatan_id)


@router.get("", response=list[KegiatanOut], summary="Daftar kegiatan", url_name="kegiatan_api_list")
@paginate(LimitOffsetPagination)
def kegiatan_api_list(request, filters: Query[KegiatanFilter]):
    f = selectors.Filter(**filters.dict())
    return selectors.kegiatan_list_visible_to(request.auth, f).prefetch_related(
        "foto_set", Prefetch("penerima", queryset=Ppks.objects.only("pk"))
    )


@router.get(
    "/{int:kegiatan_id}", response=KegiatanOut, summary="Satu kegiatan", url_name="kegiatan_api"
)
def kegiatan_api_detail(request, kegiatan_id: int):
    return _get(request, kegiatan_id)[0]


@router.post(
    "", response={201: KegiatanOut}, summary="Catat kegiatan (draf)", url_name="kegiatan_api_create"
)
def kegiatan_api_create(request, payload: KegiatanIn):
    user = request.auth
    wksbm = None
    if payload.wksbm_id:
        wksbm = get_visible_or_404(Wksbm.objects.all(), user, pk=payload.wksbm_id)
    pendamping = pendamping_of(user)
    kode = (
        wksbm.kode_wilayah
        if wksbm
        else payload.kode_wilayah or (pendamping.kode_wilayah if pendamping else "")
    )
    if not kode:
        raise ValidationError({"wksbm_id": _("Pilih WKSBM pelaksana kegiatan.")})
    if not can_record(user, kode):
        raise PermissionDenied(_("Anda tidak berwenang mencatat kegiatan di wilayah ini."))
    data = _resolve(user, payload, kode)
    kegiatan = services.kegiatan_create(
        acting_user=user, wksbm=wksbm, kode_wilayah=payload.kode_wilayah, **data
    )
    return Status(201, kegiatan)


@router.put(
    "/{int:kegiatan_id}",
    response=KegiatanOut,
    summary="Ubah kegiatan (draf atau dikembalikan)",
    url_name="kegiatan_api_update",
)
def kegiatan_api_update(request, kegiatan_id: int, payload: KegiatanUpdateIn):
    kegiatan, _may_write, _may_verify = _get(request, kegiatan_id)
    if not can_record(request.auth, kegiatan.kode_wilayah):
        raise PermissionDenied(_("Anda tidak berwenang mengubah kegiatan ini."))
    data = _resolve(request.auth, payload, kegiatan.kode_wilayah)
    return services.kegiatan_update(acting_user=request.auth, kegiatan=kegiatan, **data)


@router.post(
    "/{int:kegiatan_id}/laporkan",
    response=KegiatanOut,
    summary="Laporkan kegiatan ke TKSK",
    url_name="kegiatan_api_report",
)
def kegiatan_api_report(request, kegiatan_id: int):
    kegiatan = _get(request, kegiatan_id)[0]
    return services.kegiatan_report(acting_user=request.auth, kegiatan=kegiatan)


@router.post(
    "/{int:kegiatan_id}/verifikasi",
    response=KegiatanOut,
    summary="Verifikasi kegiatan (TKSK)",
    url_name="kegiatan_api_verify",
)
def kegiatan_api_verify(request, kegiatan_id: int):
    kegiatan = _get(request, kegiatan_id)[0]
    return services.kegiatan_verify(acting_user=request.auth, kegiatan=kegiatan)


@router.post(
    "/{int:kegiatan_id}/kembalikan",
    response=KegiatanOut,
    summary="Kembalikan kegiatan dengan alasan (TKSK)",
    url_name="kegiatan_api_return",
)
def kegiatan_api_return(request, kegiatan_id: int, payload: KembalikanIn):
    kegiatan = _get(request, kegiatan_id)[0]
    return services.kegiatan_return(
        acting_user=request.auth, kegiatan=kegiatan, alasan=payload.alasan
    )
