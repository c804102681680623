"""API of the watching app under /api/v1/pantau/: the index, its history and the dashboard
figures per region. Aggregate only: scores, statuses and counts, never a person."""

import datetime

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from . import selectors

router = Router(tags=["pantau"])


class RekapOut(Schema):
    kode_wilayah: str
    bulan: datetime.date
    jumlah_wksbm: int
    belum: int
    aktif: int
    kurang: int
    mati_suri: int
    rata_skor: int | None
    dilatih: int
    dilatih_aktif: int
    laporan_diharapkan: int
    laporan_diterima: int
    laporan_tepat: int
    tksk_diharapkan: int
    tksk_diterima: int
    tksk_tepat: int
    psm_diharapkan: int
    psm_diterima: int
    psm_tepat: int
    ppks_dilayani: int
    dana_dihimpun: int
    diperbarui: datetime.datetime


class KelengkapanOut(Schema):
    kode_wilayah: str
    bulan: datetime.date
    jenis: str
    diharapkan: int
    diterima: int
    tepat_waktu: int
    persen_diterima: int | None
    persen_tepat_waktu: int | None
    diperbarui: datetime.datetime


class KomponenOut(Schema):
    kunci: str
    poin: int
    maks: int
    terpenuhi: bool


class IndeksOut(Schema):
    wksbm_id: int
    kode_wilayah: str
    bulan: datetime.date
    skor: int
    status: str
    versi: int
    komponen: list[KomponenOut]
    dihitung: datetime.datetime

    @staticmethod
    def resolve_komponen(obj) -> list[dict]:
        return [
            {"kunci": key, "poin": k["poin"], "maks": k["maks"], "terpenuhi": k["ok"]}
            for key, k in obj.komponen.items()
            if isinstance(k, dict)
        ]


@router.get(
    "/rekap",
    response=list[RekapOut],
    summary="Angka dasbor satu wilayah per bulan (24 bulan terakhir)",
    url_name="pantau_rekap_list",
)
@paginate(LimitOffsetPagination)
def pantau_rekap_list(request, kode: str = ""):
    return selectors.rekap_riwayat_for(request.auth, kode)


@router.get(
    "/rekap/anak",
    response=list[RekapOut],
    summary="Angka dasbor sub-wilayah langsung pada bulan terakhir",
    url_name="pantau_rekap_anak",
)
@paginate(LimitOffsetPagination)
def pantau_rekap_anak(request, kode: str = ""):
    return selectors.rekap_anak_for(request.auth, kode)


@router.get(
    "/kelengkapan",
    response=list[KelengkapanOut],
    summary="Kelengkapan laporan WKSBM, TKSK dan PSM satu wilayah per bulan (24 bulan)",
    url_name="pantau_kelengkapan_list",
)
@paginate(LimitOffsetPagination)
def pantau_kelengkapan_list(request, kode: str = ""):
    return selectors.kelengkapan_api_for(request.auth, kode)


@router.get(
    "/indeks",
    response=list[IndeksOut],
    summary="Indeks aktivitas WKSBM dalam satu wilayah pada satu bulan",
    url_name="pantau_indeks_list",
)
@paginate(LimitOffsetPagination)
def pantau_indeks_list(request, kode: str = "", bulan: datetime.date | None = None):
    return selectors.indeks_list_for(request.auth, kode, bulan)


@router.get(
    "/wksbm/{wksbm_id}/riwayat",
    response=list[IndeksOut],
    summary="Riwayat indeks satu WKSBM (24 bulan)",
    url_name="pantau_wksbm_riwayat",
)
@paginate(LimitOffsetPagination)
def pantau_wksbm_riwayat(request, wksbm_id: int):
    return selectors.wksbm_indeks_for(request.auth, wksbm_id)["riwayat"]
