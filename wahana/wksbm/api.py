"""The WKSBM registry under /api/v1/wksbm: WKSBM, growth steps, pengurus, member institutions,
meetings and comments. Reads are scoped (404 outside the scope); writes go through services."""

import datetime
from uuid import UUID

from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from wahana.lib.nik import mask

from . import selectors, services
from .models import TahapWksbm

router = Router(tags=["wksbm"])


# --- Schemas ----------------------------------------------------------------------------------


class WksbmOut(Schema):
    id: int
    tingkat: str
    kode_wilayah: str
    nama_wilayah: str
    nama: str
    alamat_sekretariat: str
    kontak_nama: str
    kontak_telepon: str
    tanggal_dibentuk: datetime.date | None
    catatan: str
    tahap_terkini: str | None
    siklus: int | None
    ketua: str | None
    rapat_terakhir: datetime.date | None

    @staticmethod
    def resolve_nama_wilayah(obj):
        return obj.wilayah.nama

    @staticmethod
    def resolve_siklus(obj):
        return obj.siklus_terkini

    @staticmethod
    def resolve_ketua(obj):
        return obj.ketua_nama


class WksbmFilter(Schema):
    kecamatan: str | None = None
    tahap: str | None = None
    q: str | None = None


class WksbmUpdateIn(Schema):
    nama: str
    alamat_sekretariat: str = ""
    kontak_nama: str = ""
    kontak_telepon: str = ""
    tanggal_dibentuk: datetime.date | None = None
    catatan: str = ""


class WksbmIn(WksbmUpdateIn):
    tingkat: str = "desa"
    kode_wilayah: str


class TahapOut(Schema):
    id: int
    kode_wilayah: str
    siklus: int
    tahap: str
    tanggal: datetime.date
    keterangan: str
    dicatat_oleh: str | None
    bukti_id: UUID | None
    sk_nomor: str
    sk_tanggal: datetime.date | None
    sk_penandatangan_nama: str
    sk_penandatangan_jabatan: str
    sk_berkas_id: UUID | None

    @staticmethod
    def resolve_dicatat_oleh(obj):
        return obj.dicatat_oleh.username if obj.dicatat_oleh_id else None


class TahapIn(Schema):
    tahap: str
    tanggal: datetime.date
    keterangan: str = ""
    sk_nomor: str = ""
    sk_tanggal: datetime.date | None = None
    sk_penandatangan_nama: str = ""
    sk_penandatangan_jabatan: str = ""


class PengurusOut(Schema):
    id: int
    wksbm_id: int
    kode_wilayah: str
    nama: str
    nik_tersamar: str
    telepon: str
    jabatan: str
    bidang: str
    mulai: datetime.date
    selesai: datetime.date | None
    aktif: bool

    @staticmethod
    def resolve_nik_tersamar(obj):
        # Officers' NIK are personal data: the API never hands them back in full.
        return mask(obj.nik)


class PengurusIn(Schema):
    nama: str
    jabatan: str
    mulai: datetime.date
    nik: str = ""
    telepon: str = ""
    bidang: str = ""
    selesai: datetime.date | None = None


class PengurusUpdateIn(PengurusIn):
    nik: str | None = None  # absent: the stored NIK stays; "": removed


class PengurusEndIn(Schema):
    selesai: datetime.date


class LembagaOut(Schema):
    id: int
    wksbm_id: int
    kode_wilayah: str
    jenis: str
    jenis_nama: str
    nama: str
    kontak_nama: str
    kontak_telepon: str
    tanggal_bergabung: datetime.date
    tanggal_keluar: datetime.date | None
    keterangan: str

    @staticmethod
    def resolve_jenis(obj):
        return obj.jenis.kode

    @staticmethod
    def resolve_jenis_nama(obj):
        return obj.jenis.nama


class LembagaIn(Schema):
    jenis: str  # the kode of a JenisLembaga (see /jenis-lembaga)
    nama: str
    tanggal_bergabung: datetime.date
    kontak_nama: str = ""
    kontak_telepon: str = ""
    keterangan: str = ""


class LembagaUpdateIn(LembagaIn):
    tanggal_keluar: datetime.date | None = None


class RapatOut(Schema):
    id: int
    wksbm_id: int
    kode_wilayah: str
    tanggal: datetime.date
    tempat: str
    agenda: str
    keputusan: str
    notulen: str
    hadir: list[int]
    jumlah_hadir_lain: int
    jumlah_hadir: int
    berkas_id: UUID | None

    @staticmethod
    def resolve_hadir(obj):
        return sorted(p.pk for p in obj.hadir.all())

    @staticmethod
    def resolve_jumlah_hadir(obj):
        return len(obj.hadir.all()) + obj.jumlah_hadir_lain


class RapatIn(Schema):
    tanggal: datetime.date
    tempat: str
    agenda: str
    keputusan: str = ""
    notulen: str = ""
    hadir: list[int] = []
    jumlah_hadir_lain: int = 0


class KomentarOut(Schema):
    id: int
    wksbm_id: int
    kode_wilayah: str
    penulis: str
    isi: str
    dibuat: datetime.datetime

    @staticmethod
    def resolve_penulis(obj):
        return obj.penulis.username


class KomentarIn(Schema):
    isi: str


class JenisLembagaOut(Schema):
    id: int
    kode: str
    nama: str
    urutan: int
    aktif: bool


# --- WKSBM ------------------------------------------------------------------------------------


@router.get("", response=list[WksbmOut], summary="Daftar WKSBM", url_name="wksbm_api_list")
@paginate(LimitOffsetPagination)
def wksbm_api_list(request, filters: Query[WksbmFilter]):
    """WKSBM in the caller's scope. `kecamatan`: a region code prefix (kecamatan, kabupaten or
    desa); `tahap`: the current stage (persiapan, sosialisasi, pembentukan, pengesahan, or
    `belum` for none); `q`: part of the WKSBM's or its region's name."""
    return selectors.wksbm_list_visible_to(
        request.auth,
        kecamatan=filters.kecamatan or "",
        tahap=filters.tahap or "",
        q=filters.q or "",
    )


@router.post("", response={201: WksbmOut}, summary="Buat WKSBM", url_name="wksbm_api_create")
def wksbm_api_create(request, payload: WksbmIn):
    wksbm = services.wksbm_create(acting_user=request.auth, **payload.dict())
    return Status(201, selectors.wksbm_get_for(request.auth, wksbm.pk)[0])


@router.get(
    "/jenis-lembaga",
    response=list[JenisLembagaOut],
    summary="Daftar jenis lembaga anggota",
    url_name="wksbm_api_jenis_lembaga",
)
def wksbm_api_jenis_lembaga(request):
    return selectors.jenis_lembaga_list()


@router.get("/{int:wksbm_id}", response=WksbmOut, summary="Satu WKSBM", url_name="wksbm_api_detail")
def wksbm_api_detail(request, wksbm_id: int):
    return selectors.wksbm_get_for(request.auth, wksbm_id)[0]


@router.put(
    "/{int:wksbm_id}",
    response=WksbmOut,
    summary="Ubah profil WKSBM",
    url_name="wksbm_api_update",
)
def wksbm_api_update(request, wksbm_id: int, payload: WksbmUpdateIn):
    wksbm, _ = selectors.wksbm_get_for(request.auth, wksbm_id)
    services.wksbm_update(acting_user=request.auth, wksbm=wksbm, **payload.dict())
    return selectors.wksbm_get_for(request.auth, wksbm_id)[0]


# --- Growth stages ----------------------------------------------------------------------------


@router.get(
    "/{int:wksbm_id}/tahap",
    response=list[TahapOut],
    summary="Tahap pertumbuhan WKSBM",
    url_name="wksbm_api_tahap_list",
)
@paginate(LimitOffsetPagination)
def wksbm_api_tahap_list(request, wksbm_id: int):
    wksbm, _ = selectors.wksbm_get_for(request.auth, wksbm_id)
    return selectors.tahap_list(wksbm)


@router.post(
    "/{int:wksbm_id}/tahap",
    response={201: TahapOut},
    summary="Catat tahap pertumbuhan (multipart; pengesahan wajib dengan pindaian SK)",
    url_name="wksbm_api_tahap_create",
)
def wksbm_api_tahap_create(
    request,
    wksbm_id: int,
    payload: Form[TahapIn],
    sk_berkas: File[UploadedFile] = None,
    bukti: File[UploadedFile] = None,
):
    """Persiapan on a WKSBM that already has steps starts a new cycle (revitalisasi)."""
    wksbm, _ = selectors.wksbm_get_for(request.auth, wksbm_id)
    step = services.tahap_record(
        acting_user=request.auth,
        wksbm=wksbm,
        sk_upload=sk_berkas,
        bukti_upload=bukti,
        **payload.dict(),
    )
    return Status(201, TahapWksbm.objects.select_related("dicatat_oleh").get(pk=step.pk))


# --- Pengurus ---------------------------------------------------------------------------------


@router.get(
    "/{int:wksbm_id}/pengurus",
    response=list[PengurusOut],
    summary="Pengurus WKSBM (aktif dan riwayat)",
    url_name="wksbm_api_pengurus_list",
)
@paginate(LimitOffsetPagination)
def wksbm_api_pengurus_list(request, wksbm_id: int):
    wksbm, _ = selectors.wksbm_get_for(request.auth, wksbm_id)
    return selectors.pengurus_list(wksbm)


@router.post(
    "/{int:wksbm_id}/pengurus",
    response={201: PengurusOut},
    summary="Tambah pengurus WKSBM",
    url_name="wksbm_api_pengurus_create",
)
def wksbm_api_pengurus_create(request, wksbm_id: int, payload: PengurusIn):
    wksbm, _ = selectors.wksbm_get_for(request.auth, wksbm_id)
    return Status(
        201, services.pengurus_add(acting_user=request.auth, wksbm=wksbm, **payload.dict())
    )


@router.put(
    "/pengurus/{int:pengurus_id}",
    response=PengurusOut,
    summary="Ubah data pengurus",
    url_name="wksbm_api_pengurus_update",
)
def wksbm_api_pengurus_update(request, pengurus_id: int, payload: PengurusUpdateIn):
    pengurus, _ = selectors.pengurus_get_for(request.auth, pengurus_id)
    return services.pengurus_update(acting_user=request.auth, pengurus=pengurus, **payload.dict())


@router.post(
    "/pengurus/{int:pengurus_id}/akhiri",
    response=PengurusOut,
    summary="Akhiri masa jabatan pengurus",
    url_name="wksbm_api_pengurus_end",
)
def wksbm_api_pengurus_end(request, pengurus_id: int, payload: PengurusEndIn):
    pengurus, _ = selectors.pengurus_get_for(request.auth, pengurus_id)
    return services.pengurus_end(
        acting_user=request.auth, pengurus=pengurus, selesai=payload.selesai
    )


# --- Lembaga anggota --------------------------------------------------------------------------


@router.get(
    "/{int:wksbm_id}/lembaga",
    response=list[LembagaOut],
    summary="Lembaga anggota WKSBM",
    url_name="wksbm_api_lembaga_list",
)
@paginate(LimitOffsetPagination)
def wksbm_api_lembaga_list(request, wksbm_id: int):
    wksbm, _ = selectors.wksbm_get_for(request.auth, wksbm_id)
    return selectors.lembaga_list(wksbm)


@router.post(
    "/{int:wksbm_id}/lembaga",
    response={201: LembagaOut},
    summary="Tambah lembaga anggota",
    url_name="wksbm_api_lembaga_create",
)
def wksbm_api_lembaga_create(request, wksbm_id: int, payload: LembagaIn):
    wksbm, _ = selectors.wksbm_get_for(request.auth, wksbm_id)
    return Status(
        201, services.lembaga_add(acting_user=request.auth, wksbm=wksbm, **payload.dict())
    )


@router.put(
    "/lembaga/{int:lembaga_id}",
    response=LembagaOut,
    summary="Ubah lembaga anggota (atau catat keluarnya)",
    url_name="wksbm_api_lembaga_update",
)
def wksbm_api_lembaga_update(request, lembaga_id: int, payload: LembagaUpdateIn):
    lembaga, _ = selectors.lembaga_get_for(request.auth, lembaga_id)
    return services.lembaga_update(acting_user=request.auth, lembaga=lembaga, **payload.dict())


# --- Rapat ------------------------------------------------------------------------------------


@router.get(
    "/{int:wksbm_id}/rapat",
    response=list[RapatOut],
    summary="Rapat WKSBM",
    url_name="wksbm_api_rapat_list",
)
@paginate(LimitOffsetPagination)
def wksbm_api_rapat_list(request, wksbm_id: int):
    wksbm, _ = selectors.wksbm_get_for(request.auth, wksbm_id)
    return selectors.rapat_list(wksbm).prefetch_related("hadir")


@router.post(
    "/{int:wksbm_id}/rapat",
    response={201: RapatOut},
    summary="Catat rapat WKSBM",
    url_name="wksbm_api_rapat_create",
)
def wksbm_api_rapat_create(request, wksbm_id: int, payload: RapatIn):
    wksbm, _ = selectors.wksbm_get_for(request.auth, wksbm_id)
    return Status(
        201, services.rapat_create(acting_user=request.auth, wksbm=wksbm, **payload.dict())
    )


@router.get(
    "/rapat/{int:rapat_id}",
    response=RapatOut,
    summary="Satu rapat WKSBM",
    url_name="wksbm_api_rapat_detail",
)
def wksbm_api_rapat_detail(request, rapat_id: int):
    return selectors.rapat_get_for(request.auth, rapat_id)[0]


@router.put(
    "/rapat/{int:rapat_id}",
    response=RapatOut,
    summary="Ubah rapat WKSBM (kehadiran diganti dengan daftar hadir yang dikirim)",
    url_name="wksbm_api_rapat_update",
)
def wksbm_api_rapat_update(request, rapat_id: int, payload: RapatIn):
    rapat, _ = selectors.rapat_get_for(request.auth, rapat_id)
    return services.rapat_update(acting_user=request.auth, rapat=rapat, **payload.dict())


# --- Komentar ---------------------------------------------------------------------------------


@router.get(
    "/{int:wksbm_id}/komentar",
    response=list[KomentarOut],
    summary="Komentar pada WKSBM",
    url_name="wksbm_api_komentar_list",
)
@paginate(LimitOffsetPagination)
def wksbm_api_komentar_list(request, wksbm_id: int):
    wksbm, _ = selectors.wksbm_get_for(request.auth, wksbm_id)
    return selectors.komentar_list(wksbm)


@router.post(
    "/{int:wksbm_id}/komentar",
    response={201: KomentarOut},
    summary="Beri komentar pada WKSBM (TKSK kecamatannya, atau yang berwenang mengubah)",
    url_name="wksbm_api_komentar_create",
)
def wksbm_api_komentar_create(request, wksbm_id: int, payload: KomentarIn):
    wksbm, _ = selectors.wksbm_get_for(request.auth, wksbm_id)
    return Status(
        201, services.komentar_add(acting_user=request.auth, wksbm=wksbm, isi=payload.isi)
    )
