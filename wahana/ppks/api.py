"""PPKS under /api/v1/ppks: list, detail, create, update, services, referrals, search by NIK.
NIK and No KK are always masked here; the search by NIK takes the number in a POST body. Reads
are scoped (404 outside the scope); Pimpinan (counts only) gets 404 on personal records."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from wahana.akun.ratelimit import rate_limit

from . import rules, selectors, services
from .models import JenisPpks, LayananPpks, Ppks, RujukanPpks

router = Router(tags=["ppks"])


class JenisOut(Schema):
    kode: str
    nama: str


class PpksOut(Schema):
    id: int
    subjek: str
    nik: str
    no_kk: str
    nama: str
    jenis_kelamin: str
    tempat_lahir: str
    tanggal_lahir: datetime.date | None
    kode_wilayah: str
    nama_wilayah: str
    dusun: str
    rt: str
    rw: str
    alamat: str
    jenis: list[str]
    kebutuhan: str
    disabilitas_ragam: str
    disabilitas_keterangan: str
    status_dtsen: str
    desil_dtsen: int | None
    dasar_pemrosesan: str
    tanggal_ditemukan: datetime.date | None
    perlu_dicek: bool
    alasan_dicek: list[str]
    status: str

    @staticmethod
    def resolve_nik(obj):
        return obj.nik_samaran

    @staticmethod
    def resolve_no_kk(obj):
        return obj.no_kk_samaran

    @staticmethod
    def resolve_nama_wilayah(obj):
        return obj.wilayah.nama

    @staticmethod
    def resolve_jenis(obj):
        return sorted(j.kode for j in obj.jenis.all())

    @staticmethod
    def resolve_alasan_dicek(obj):
        return [line for line in obj.alasan_dicek.splitlines() if line]


class PpksFilter(Schema):
    q: str | None = None
    jenis: str | None = None
    wilayah: str | None = None
    status: str | None = None
    desil: int | None = None


class PpksIn(Schema):
    subjek: Ppks.Subjek = Ppks.Subjek.PERORANGAN
    nik: str = ""
    no_kk: str = ""
    nama: str
    jenis_kelamin: str = ""
    tempat_lahir: str = ""
    tanggal_lahir: datetime.date | None = None
    kode_wilayah: str
    dusun: str = ""
    rt: str = ""
    rw: str = ""
    alamat: str = ""
    jenis: list[str]
    kebutuhan: str = ""
    disabilitas_ragam: str = ""
    disabilitas_keterangan: str = ""
    status_dtsen: Ppks.StatusDtsen = Ppks.StatusDtsen.BELUM_DICEK
    desil_dtsen: int | None = None
    dasar_pemrosesan: Ppks.DasarPemrosesan = Ppks.DasarPemrosesan.TUGAS_PUBLIK
    tanggal_persetujuan: datetime.date | None = None
    tanggal_ditemukan: datetime.date | None = None
    konfirmasi_duplikat: bool = False


class KandidatOut(Schema):
    id: int | None
    nama: str | None
    kode_wilayah: str
    skor: int
    alasan: list[str]


class KonflikDetail(Schema):
    pesan: str
    kandidat: list[KandidatOut]


class KonflikOut(Schema):
    detail: KonflikDetail


class LayananIn(Schema):
    jenis: LayananPpks.Jenis
    tanggal: datetime.date
    penyedia: LayananPpks.Penyedia
    penyedia_nama: str = ""
    keterangan: str = ""


class LayananOut(Schema):
    id: int
    ppks_id: int
    kode_wilayah: str
    jenis: str
    tanggal: datetime.date
    penyedia: str
    penyedia_nama: str
    keterangan: str


class RujukanIn(Schema):
    lembaga: str
    tanggal: datetime.date
    alasan: str = ""


class RiwayatOut(Schema):
    status: str
    tanggal: datetime.date
    catatan: str


class RujukanOut(Schema):
    id: int
    ppks_id: int
    kode_wilayah: str
    lembaga: str
    tanggal: datetime.date
    alasan: str
    status: str
    riwayat: list[RiwayatOut]

    @staticmethod
    def resolve_riwayat(obj):
        return list(obj.riwayat.all())


class RujukanStatusIn(Schema):
    status: RujukanPpks.Status
    tanggal: datetime.date
    catatan: str = ""


class NikIn(Schema):
    nik: str


def _service_kwargs(payload: PpksIn) -> dict:
    data = payload.dict()
    jenis = list(JenisPpks.objects.filter(kode__in=data.pop("jenis")))
    if not jenis:
        raise ValidationError({"jenis": _("Pilih minimal satu jenis PPKS yang dikenal.")})
    return {
        "data": {name: data[name] for name in services.FIELDS},
        "kode_wilayah": data["kode_wilayah"],
        "jenis": jenis,
        "nik": data["nik"],
        "no_kk": data["no_kk"],
    }


def _detail_qs():
    return Ppks.objects.select_related("wilayah").prefetch_related("jenis")


@router.get(
    "/",
    response=list[PpksOut],
    summary="Daftar PPKS (NIK tersamar)",
    url_name="ppks_api_list",
)
@rate_limit("cari", "120/m")
@paginate(LimitOffsetPagination)
def ppks_api_list(request, filters: Query[PpksFilter]):
    if not rules.can_see_names(request.auth):
        raise Http404
    parsed = selectors.Filter.from_params(filters.dict(exclude_none=True))
    return (
        selectors.ppks_list_visible_to(request.auth, parsed)
        .select_related("wilayah")
        .prefetch_related("jenis")
        .order_by("pk")
    )


@router.post(
    "/",
    response={201: PpksOut, 409: KonflikOut},
    summary="Catat PPKS (409 bila ada data yang mungkin sama dan belum dikonfirmasi)",
    url_name="ppks_api_create",
)
def ppks_api_create(request, payload: PpksIn):
    try:
        ppks = services.ppks_create(
            acting_user=request.auth,
            konfirmasi_duplikat=payload.konfirmasi_duplikat,
            **_service_kwargs(payload),
        )
    except services.DuplikatDitemukan as found:
        candidates = [
            {
                "id": k.ppks.pk if k.terlihat else None,
                "nama": k.ppks.nama if k.terlihat else None,
                "kode_wilayah": k.ppks.kode_wilayah,
                "skor": k.skor,
                "alasan": k.alasan,
            }
            for k in found.kandidat
        ]
        return Status(409, {"detail": {"pesan": found.message, "kandidat": candidates}})
    return Status(201, _detail_qs().get(pk=ppks.pk))


@router.post(
    "/cari-nik",
    response=PpksOut,
    summary="Cari PPKS dengan NIK (NIK di badan permintaan, bukan di URL)",
    url_name="ppks_api_search_nik",
)
@rate_limit("ppks_cari_nik", "30/m")
def ppks_api_search_nik(request, payload: NikIn):
    found = selectors.ppks_find_by_nik(request.auth, payload.nik)
    if found is None:
        raise Http404
    return _detail_qs().get(pk=found.pk)


@router.get("/{int:ppks_id}", response=PpksOut, summary="Rincian PPKS", url_name="ppks_api_detail")
def ppks_api_detail(request, ppks_id: int):
    ppks, _can_write = selectors.ppks_get_for(request.auth, ppks_id)
    return _detail_qs().get(pk=ppks.pk)


@router.put(
    "/{int:ppks_id}",
    response=PpksOut,
    summary="Ubah PPKS (NIK/No KK kosong = tetap)",
    url_name="ppks_api_update",
)
def ppks_api_update(request, ppks_id: int, payload: PpksIn):
    ppks, can_write = selectors.ppks_get_for(request.auth, ppks_id)
    if not can_write:
        raise Http404
    services.ppks_update(acting_user=request.auth, ppks=ppks, **_service_kwargs(payload))
    return _detail_qs().get(pk=ppks.pk)


@router.get(
    "/{int:ppks_id}/layanan",
    response=list[LayananOut],
    summary="Layanan yang diterima PPKS",
    url_name="ppks_api_layanan_list",
)
@paginate(LimitOffsetPagination)
def ppks_api_layanan_list(request, ppks_id: int):
    ppks, _can_write = selectors.ppks_get_for(request.auth, ppks_id)
    return selectors.layanan_list_for(request.auth, ppks)


@router.post(
    "/{int:ppks_id}/layanan",
    response={201: LayananOut},
    summary="Catat layanan",
    url_name="ppks_api_layanan_create",
)
def ppks_api_layanan_create(request, ppks_id: int, payload: LayananIn):
    ppks, can_write = selectors.ppks_get_for(request.auth, ppks_id)
    if not can_write:
        raise Http404
    return Status(
        201, services.layanan_create(acting_user=request.auth, ppks=ppks, **payload.dict())
    )


@router.get(
    "/{int:ppks_id}/rujukan",
    response=list[RujukanOut],
    summary="Rujukan PPKS dengan riwayat status",
    url_name="ppks_api_rujukan_list",
)
@paginate(LimitOffsetPagination)
def ppks_api_rujukan_list(request, ppks_id: int):
    ppks, _can_write = selectors.ppks_get_for(request.auth, ppks_id)
    return selectors.rujukan_list_for(request.auth, ppks)


@router.post(
    "/{int:ppks_id}/rujukan",
    response={201: RujukanOut},
    summary="Catat rujukan",
    url_name="ppks_api_rujukan_create",
)
def ppks_api_rujukan_create(request, ppks_id: int, payload: RujukanIn):
    ppks, can_write = selectors.ppks_get_for(request.auth, ppks_id)
    if not can_write:
        raise Http404
    return Status(
        201, services.rujukan_create(acting_user=request.auth, ppks=ppks, **payload.dict())
    )


@router.post(
    "/rujukan/{int:rujukan_id}/status",
    response=RujukanOut,
    summary="Perbarui status rujukan (dirujuk → diterima → ditangani → selesai / ditolak)",
    url_name="ppks_api_rujukan_status",
)
def ppks_api_rujukan_status(request, rujukan_id: int, payload: RujukanStatusIn):
    rujukan, can_write = selectors.rujukan_get_for(request.auth, rujukan_id)
    if not can_write:
        raise Http404
    return services.rujukan_status_update(
        acting_user=request.auth, rujukan=rujukan, **payload.dict()
    )
