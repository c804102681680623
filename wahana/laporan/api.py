"""API of the reports: ask for a report (made by the background worker), follow it, and read
imported aggregate figures."""

import datetime

from django.apps import apps
from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from wahana.akun.scope import get_visible_or_404
from wahana.tugas.selectors import tugas_get_for

from . import selectors, services

router = Router(tags=["laporan"])


class LaporanIn(Schema):
    jenis: str
    format: str = "xlsx"
    kode_wilayah: str = ""
    bulan: datetime.date | None = None
    wksbm_id: int | None = None
    bimtek_id: int | None = None


class TugasOut(Schema):
    id: int
    judul: str
    status: str
    progres: int
    pesan: str
    kode_wilayah: str
    hasil: dict | None
    unduh: str | None

    @staticmethod
    def resolve_unduh(obj):
        return f"/tugas/{obj.id}/unduh/" if obj.status == "selesai" and obj.berkas_id else None


class AgregatOut(Schema):
    kode: str
    kode_wilayah: str
    bulan: datetime.date
    versi_skema: int
    dibuat: datetime.datetime
    angka: dict


def _get(user, model: str, pk):
    if pk is None:
        return None
    return get_visible_or_404(apps.get_model(model).objects.all(), user, pk=pk)


@router.post(
    "/",
    response={202: TugasOut},
    summary="Minta laporan (dibuat di latar belakang)",
    url_name="laporan_request",
)
def laporan_api_request(request, payload: LaporanIn):
    tugas = services.laporan_request(
        acting_user=request.auth,
        jenis=payload.jenis,
        format=payload.format,
        kode_wilayah=payload.kode_wilayah,
        bulan=payload.bulan,
        wksbm=_get(request.auth, "wksbm.Wksbm", payload.wksbm_id),
        bimtek=_get(request.auth, "bimtek.Bimtek", payload.bimtek_id),
        situs=request.build_absolute_uri("/"),
    )
    return Status(202, tugas)


@router.get(
    "/saya",
    response=list[TugasOut],
    summary="Laporan yang saya minta",
    url_name="laporan_saya",
)
@paginate(LimitOffsetPagination)
def laporan_api_saya(request):
    return selectors.laporan_saya(request.auth)


@router.get(
    "/tugas/{tugas_id}",
    response=TugasOut,
    summary="Kemajuan pembuatan satu laporan",
    url_name="laporan_tugas",
)
def laporan_api_tugas(request, tugas_id: int):
    tugas = tugas_get_for(request.auth, tugas_id)
    if tugas.nama != "laporan.buat":
        raise Http404
    return tugas


@router.get(
    "/agregat",
    response=list[AgregatOut],
    summary="Agregat impor (per kode wilayah dan bulan)",
    url_name="laporan_agregat",
)
@paginate(LimitOffsetPagination)
def laporan_api_agregat(request, kode: str = ""):
    return selectors.agregat_list_visible_to(request.auth, kode=kode)
