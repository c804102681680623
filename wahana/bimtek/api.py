"""API of the bimtek app under /api/v1/bimtek/."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from wahana.akun.scope import get_visible_or_404

from . import selectors, services

router = Router(tags=["bimtek"])


# Schemas ----------------------------------------------------------------------------------------


class HariOut(Schema):
    id: int
    tanggal: datetime.date
    jam_mulai: datetime.time | None
    jam_selesai: datetime.time | None


class SasaranOut(Schema):
    id: int
    kode_wilayah: str
    nama_wilayah: str
    kuota: int
    terdaftar: int


class FasilitatorOut(Schema):
    id: int
    nama: str
    instansi: str
    materi: str


class BimtekOut(Schema):
    id: int
    judul: str
    penyelenggara: str
    kode_wilayah: str
    nama_wilayah: str
    tempat: str
    tanggal_mulai: datetime.date | None

    @staticmethod
    def resolve_nama_wilayah(obj) -> str:
        return obj.wilayah.nama


class BimtekDetailOut(Schema):
    id: int
    judul: str
    penyelenggara: str
    kode_wilayah: str
    nama_wilayah: str
    tempat: str
    tanggal_mulai: datetime.date | None
    topik: list[str]
    keterangan: str
    hari: list[HariOut]
    sasaran: list[SasaranOut]
    fasilitator: list[FasilitatorOut]
    dapat_mengelola: bool


class BimtekIn(Schema):
    judul: str = Field(..., min_length=1, max_length=200)
    kode_wilayah: str = Field(
        ..., max_length=13, description="Provinsi atau kabupaten penyelenggara."
    )
    tempat: str = Field(..., min_length=1, max_length=200)
    tanggal_mulai: datetime.date
    tanggal_selesai: datetime.date | None = None
    jam_mulai: datetime.time | None = None
    jam_selesai: datetime.time | None = None
    topik: str = ""
    keterangan: str = ""
    nomor_surat: str = Field("", max_length=100)
    tanggal_surat: datetime.date | None = None
    penandatangan_nama: str = Field("", max_length=120)
    penandatangan_jabatan: str = Field("", max_length=120)
    penandatangan_nip: str = Field("", max_length=30)


class SasaranIn(Schema):
    kode_wilayah: str = Field(..., max_length=13)
    kuota: int = Field(2, ge=1, le=50)


class PesertaOut(Schema):
    id: int
    sasaran_id: int
    kode_wilayah: str
    nama_wilayah: str
    nama: str
    jenis_kelamin: str
    peran_wksbm: str
    pengurus_id: int | None
    pendamping_id: int | None
    hari_hadir: list[int]
    nilai_pre_test: int | None
    nilai_post_test: int | None
    kode_sertifikat: str | None


class PesertaIn(Schema):
    pengurus_id: int | None = None
    pendamping_id: int | None = None
    nama: str = Field("", max_length=120)
    telepon: str = Field("", max_length=20)
    jenis_kelamin: str = Field("", max_length=1)
    peran_wksbm: str = Field("", max_length=80)


class KehadiranIn(Schema):
    hadir: bool


class NilaiIn(Schema):
    nilai_pre_test: int | None = Field(None, ge=0, le=100)
    nilai_post_test: int | None = Field(None, ge=0, le=100)


class TerbitOut(Schema):
    diterbitkan: int


class SertifikatCekOut(Schema):
    sah: bool
    judul: str
    tanggal: list[datetime.date]
    inisial: str
    nama_desa: str


class DampakDesaOut(Schema):
    kode_wilayah: str
    nama_wilayah: str
    kode_kecamatan: str
    dilatih: bool
    sasaran: bool
    bangun: bool
    nilai: dict[str, dict[str, int]]


class TindakLanjutDibuatOut(Schema):
    dibuat: int = Field(..., description="Tindak lanjut yang dibuat sekarang.")
    sudah_ada: int = Field(..., description="Desa yang sudah punya tindak lanjut bimtek ini.")
    tanpa_tksk: int = Field(..., description="Desa yang kecamatannya tanpa TKSK aktif.")
    desa_tanpa_tksk: list[str]


class DampakOut(Schema):
    tanggal_mulai: datetime.date | None
    tanggal_selesai: datetime.date | None
    ukuran: dict[str, str]
    jendela: dict[str, list[datetime.date]]
    desa: list[DampakDesaOut]


# Helpers ----------------------------------------------------------------------------------------


def _bimtek_out(bimtek) -> dict:
    return {
        "id": bimtek.pk,
        "judul": bimtek.judul,
        "penyelenggara": bimtek.penyelenggara,
        "kode_wilayah": bimtek.kode_wilayah,
        "nama_wilayah": bimtek.wilayah.nama,
        "tempat": bimtek.tempat,
        "tanggal_mulai": bimtek.tanggal_mulai,
    }


def _detail_out(user, bimtek, can_write) -> dict:
    return {
        **_bimtek_out(bimtek),
        "topik": bimtek.topik_list,
        "keterangan": bimtek.keterangan,
        "hari": selectors.hari_list(bimtek),
        "sasaran": [
            {
                "id": s.pk,
                "kode_wilayah": s.kode_wilayah,
                "nama_wilayah": s.wilayah.nama,
                "kuota": s.kuota,
                "terdaftar": s.terdaftar,
            }
            for s in selectors.sasaran_list_for(user, bimtek)
        ],
        "fasilitator": list(bimtek.fasilitator_set.all()),
        "dapat_mengelola": can_write,
    }


def _peserta_out(peserta) -> dict:
    return {
        "id": peserta.pk,
        "sasaran_id": peserta.sasaran_id,
        "kode_wilayah": peserta.kode_wilayah,
        "nama_wilayah": peserta.wilayah.nama,
        "nama": peserta.nama,
        "jenis_kelamin": peserta.jenis_kelamin,
        "peran_wksbm": peserta.peran_wksbm,
        "pengurus_id": peserta.pengurus_id,
        "pendamping_id": peserta.pendamping_id,
        "hari_hadir": sorted(k.hari_id for k in peserta.kehadiran_set.all()),
        "nilai_pre_test": peserta.nilai_pre_test,
        "nilai_post_test": peserta.nilai_post_test,
        "kode_sertifikat": peserta.kode_sertifikat,
    }


def _managed(user, pk):
    bimtek, can_write = selectors.bimtek_get_for(user, pk)
    if not can_write:
        raise PermissionDenied("Hanya penyelenggara bimtek ini yang dapat mengubahnya.")
    return bimtek


# Endpoints --------------------------------------------------------------------------------------


@router.get("/", response=list[BimtekOut], summary="Daftar bimtek", url_name="bimtek_api_list")
@paginate(LimitOffsetPagination)
def bimtek_api_list(request, tahun: int | None = None):
    """Events organised in the caller's scope or targeting a desa in it, newest first."""
    qs = selectors.bimtek_list_visible_to(request.auth)
    if tahun:
        qs = qs.filter(tanggal_mulai__year=tahun)
    return qs


@router.post(
    "/",
    response={201: BimtekDetailOut},
    summary="Buat bimtek",
    url_name="bimtek_api_create",
)
def bimtek_api_create(request, payload: BimtekIn):
    bimtek = services.bimtek_create(acting_user=request.auth, **payload.dict())
    return Status(201, _detail_out(request.auth, bimtek, True))


@router.get(
    "/sertifikat/{kode}",
    auth=None,
    response=SertifikatCekOut,
    summary="Periksa sertifikat (publik)",
    url_name="bimtek_api_sertifikat_cek",
)
def bimtek_api_sertifikat_cek(request, kode: str):
    """Public check of a certificate code: the event, its dates, the holder's initials and
    desa. No personal data. Unknown codes answer 404."""
    peserta = selectors.sertifikat_verify(kode)
    if peserta is None:
        raise Http404
    return {
        "sah": True,
        "judul": peserta.bimtek.judul,
        "tanggal": [h.tanggal for h in selectors.hari_list(peserta.bimtek)],
        "inisial": peserta.inisial,
        "nama_desa": peserta.wilayah.nama,
    }


@router.get(
    "/{bimtek_id}",
    response=BimtekDetailOut,
    summary="Rincian bimtek",
    url_name="bimtek_api_detail",
)
def bimtek_api_detail(request, bimtek_id: int):
    bimtek, can_write = selectors.bimtek_get_for(request.auth, bimtek_id)
    return _detail_out(request.auth, bimtek, can_write)


@router.post(
    "/{bimtek_id}/sasaran",
    response=SasaranOut,
    summary="Tambah desa sasaran atau ubah kuotanya",
    url_name="bimtek_api_sasaran_set",
)
def bimtek_api_sasaran_set(request, bimtek_id: int, payload: SasaranIn):
    bimtek = _managed(request.auth, bimtek_id)
    sasaran = services.sasaran_set(acting_user=request.auth, bimtek=bimtek, **payload.dict())
    sasaran = selectors.sasaran_get_for(request.auth, bimtek, sasaran.pk)
    return {
        "id": sasaran.pk,
        "kode_wilayah": sasaran.kode_wilayah,
        "nama_wilayah": sasaran.wilayah.nama,
        "kuota": sasaran.kuota,
        "terdaftar": sasaran.terdaftar,
    }


@router.get(
    "/{bimtek_id}/peserta",
    response=list[PesertaOut],
    summary="Peserta bimtek (dalam cakupan pengguna)",
    url_name="bimtek_api_peserta_list",
)
@paginate(LimitOffsetPagination)
def bimtek_api_peserta_list(request, bimtek_id: int):
    bimtek, _can_write = selectors.bimtek_get_for(request.auth, bimtek_id)
    return [_peserta_out(p) for p in selectors.peserta_list_for(request.auth, bimtek)]


@router.post(
    "/{bimtek_id}/sasaran/{sasaran_id}/peserta",
    response={201: PesertaOut},
    summary="Daftarkan peserta dari desa sasaran (dalam kuota)",
    url_name="bimtek_api_peserta_register",
)
def bimtek_api_peserta_register(request, bimtek_id: int, sasaran_id: int, payload: PesertaIn):
    from wahana.pendamping.models import Pendamping
    from wahana.wksbm.models import PengurusWksbm

    user = request.auth
    bimtek, _can_write = selectors.bimtek_get_for(user, bimtek_id)
    sasaran = selectors.sasaran_get_for(user, bimtek, sasaran_id)
    data = payload.dict()
    pengurus_id, pendamping_id = data.pop("pengurus_id"), data.pop("pendamping_id")
    pengurus = (
        get_visible_or_404(PengurusWksbm.objects.all(), user, pk=pengurus_id)
        if pengurus_id
        else None
    )
    pendamping = (
        get_visible_or_404(Pendamping.objects.all(), user, pk=pendamping_id)
        if pendamping_id
        else None
    )
    peserta = services.peserta_register(
        acting_user=user, sasaran=sasaran, pengurus=pengurus, pendamping=pendamping, **data
    )
    peserta = selectors.peserta_list_for(user, bimtek).get(pk=peserta.pk)
    return Status(201, _peserta_out(peserta))


@router.put(
    "/{bimtek_id}/peserta/{peserta_id}/kehadiran/{hari_id}",
    response=PesertaOut,
    summary="Catat hadir/tidak hadir peserta pada satu hari",
    url_name="bimtek_api_kehadiran_set",
)
def bimtek_api_kehadiran_set(
    request, bimtek_id: int, peserta_id: int, hari_id: int, payload: KehadiranIn
):
    bimtek, _can_write = selectors.bimtek_get_for(request.auth, bimtek_id)
    peserta = selectors.peserta_get_for(request.auth, bimtek, peserta_id)
    hari = get_object_or_404(bimtek.hari_set, pk=hari_id)
    _managed(request.auth, bimtek_id)
    services.kehadiran_set(
        acting_user=request.auth, peserta=peserta, hari=hari, hadir=payload.hadir
    )
    return _peserta_out(selectors.peserta_list_for(request.auth, bimtek).get(pk=peserta.pk))


@router.put(
    "/{bimtek_id}/peserta/{peserta_id}/nilai",
    response=PesertaOut,
    summary="Catat nilai pre-test dan post-test",
    url_name="bimtek_api_nilai_set",
)
def bimtek_api_nilai_set(request, bimtek_id: int, peserta_id: int, payload: NilaiIn):
    bimtek, _can_write = selectors.bimtek_get_for(request.auth, bimtek_id)
    peserta = selectors.peserta_get_for(request.auth, bimtek, peserta_id)
    _managed(request.auth, bimtek_id)
    services.nilai_set(acting_user=request.auth, peserta=peserta, **payload.dict())
    return _peserta_out(selectors.peserta_list_for(request.auth, bimtek).get(pk=peserta.pk))


@router.post(
    "/{bimtek_id}/sertifikat",
    response=TerbitOut,
    summary="Terbitkan sertifikat bagi peserta yang hadir setiap hari",
    url_name="bimtek_api_sertifikat_issue",
)
def bimtek_api_sertifikat_issue(request, bimtek_id: int):
    bimtek = _managed(request.auth, bimtek_id)
    return {"diterbitkan": services.sertifikat_issue(acting_user=request.auth, bimtek=bimtek)}


@router.get(
    "/{bimtek_id}/dampak",
    response=DampakOut,
    summary="Dampak: desa dilatih vs belum dilatih, sebelum dan sesudah",
    url_name="bimtek_api_dampak",
)
def bimtek_api_dampak(request, bimtek_id: int):
    bimtek, _can_write = selectors.bimtek_get_for(request.auth, bimtek_id)
    dampak = selectors.dampak_for(request.auth, bimtek)
    hari = dampak["hari"]
    rows = [row for g in dampak["kecamatan"] for side in ("dilatih", "belum") for row in g[side]]
    return {
        "tanggal_mulai": hari[0].tanggal if hari else None,
        "tanggal_selesai": hari[-1].tanggal if hari else None,
        "ukuran": {u.key: str(u.label) for u in dampak["ukuran"]},
        "jendela": {k: list(v) for k, v in dampak.get("bounds", {}).items()},
        "desa": [
            {
                "kode_wilayah": row["desa"].kode,
                "nama_wilayah": row["desa"].nama,
                "kode_kecamatan": row["desa"].induk_id,
                "dilatih": row["dilatih"],
                "sasaran": row["sasaran"],
                "bangun": row["naik"],
                "nilai": row["nilai"],
            }
            for row in rows
        ],
    }


@router.post(
    "/{bimtek_id}/dampak/tindak-lanjut",
    response=TindakLanjutDibuatOut,
    summary="Buat tindak lanjut TKSK untuk desa dilatih yang belum bergerak",
    url_name="bimtek_api_tindak_lanjut_create",
)
def bimtek_api_tindak_lanjut_create(request, bimtek_id: int):
    """The impact view's button: a follow-up task for the TKSK of each trained desa (in the
    caller's scope) that did not wake up six months after the event; once per desa, so calling
    again makes none twice. For operators of Dinsos; 422 before the six months are over."""
    bimtek, _can_write = selectors.bimtek_get_for(request.auth, bimtek_id)
    return services.tindak_lanjut_bimtek_create(acting_user=request.auth, bimtek=bimtek)
