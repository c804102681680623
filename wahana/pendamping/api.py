"""API of the pendamping app under /api/v1/pendamping/."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from wahana.akun.models import User
from wahana.akun.scope import get_visible_or_404
from wahana.lib.nik import mask

from . import selectors, services
from .models import Kunjungan, LaporanBulanan, Pendamping, Program, TindakLanjut

router = Router(tags=["pendamping"])


# Schemas ----------------------------------------------------------------------------------------


class PendampingOut(Schema):
    id: int
    jenis: str
    nama: str
    nik: str
    nomor_anggota: str
    kode_wilayah: str
    nama_wilayah: str
    tanggal_lahir: datetime.date | None
    jenis_kelamin: str
    telepon: str
    alamat: str
    pendidikan: str
    tahun_diangkat: int | None
    nomor_sk: str
    tanggal_sk: datetime.date | None
    berkas_sk: str | None
    masa_mulai: datetime.date | None
    masa_selesai: datetime.date | None
    aktif: bool
    akun: str | None
    desa_tugas: list[str]


class PendampingIn(Schema):
    jenis: str
    nama: str = Field(..., max_length=120)
    kode_wilayah: str = Field(..., max_length=13)
    nik: str = Field("", max_length=16)
    nomor_anggota: str = Field("", max_length=40)
    tanggal_lahir: datetime.date | None = None
    jenis_kelamin: str = Field("", max_length=1)
    telepon: str = Field("", max_length=20)
    alamat: str = ""
    pendidikan: str = Field("", max_length=4)
    tahun_diangkat: int | None = Field(None, ge=1950, le=2100)
    nomor_sk: str = Field("", max_length=100)
    tanggal_sk: datetime.date | None = None
    masa_mulai: datetime.date | None = None
    masa_selesai: datetime.date | None = None
    aktif: bool = True
    akun: str | None = Field(None, description="Nama pengguna akun TKSK/PSM yang dihubungkan.")


class PendampingPatch(Schema):
    jenis: str | None = None
    nama: str | None = Field(None, max_length=120)
    kode_wilayah: str | None = Field(None, max_length=13)
    nik: str | None = Field(None, max_length=16)
    nomor_anggota: str | None = Field(None, max_length=40)
    tanggal_lahir: datetime.date | None = None
    jenis_kelamin: str | None = Field(None, max_length=1)
    telepon: str | None = Field(None, max_length=20)
    alamat: str | None = None
    pendidikan: str | None = Field(None, max_length=4)
    tahun_diangkat: int | None = Field(None, ge=1950, le=2100)
    nomor_sk: str | None = Field(None, max_length=100)
    tanggal_sk: datetime.date | None = None
    masa_mulai: datetime.date | None = None
    masa_selesai: datetime.date | None = None
    aktif: bool | None = None
    akun: str | None = None


class WilayahRingkas(Schema):
    kode: str
    nama: str
    nama_induk: str


class PendampingRingkas(Schema):
    id: int
    nama: str
    jenis: str
    kode_wilayah: str
    masa_selesai: datetime.date | None


class CakupanOut(Schema):
    tanggal: datetime.date
    hari: int
    jumlah_kecamatan_tanpa_tksk: int
    jumlah_desa_tanpa_psm: int
    kecamatan_tanpa_tksk: list[WilayahRingkas]
    desa_tanpa_psm: list[WilayahRingkas]
    masa_berakhir: list[PendampingRingkas]


class KunjunganOut(Schema):
    id: int
    pendamping_id: int
    nama_pendamping: str
    kode_wilayah: str
    nama_wilayah: str
    wksbm_id: int | None
    program_id: int | None
    tanggal: datetime.date
    jenis: str
    uraian: str
    temuan: str
    foto: list[str]


class KunjunganIn(Schema):
    pendamping_id: int
    kode_wilayah: str = Field(..., max_length=13)
    tanggal: datetime.date
    jenis: str
    uraian: str = Field(..., min_length=1, max_length=300)
    temuan: str = ""
    wksbm_id: int | None = None
    program_id: int | None = None


class KunjunganUpdateIn(Schema):
    """A visit's correction; the worker and the desa stay."""

    tanggal: datetime.date
    jenis: str
    uraian: str = Field(..., min_length=1, max_length=300)
    temuan: str = ""
    wksbm_id: int | None = None
    program_id: int | None = None
    hapus_foto: list[int] = Field(
        default_factory=list, description="Id foto kunjungan yang dihapus."
    )


class FotoIn(Schema):
    keterangan: str = Field("", max_length=200)


class TindakLanjutIn(Schema):
    uraian: str = Field(..., min_length=1, max_length=300)
    batas_waktu: datetime.date
    pemilik_pendamping_id: int | None = Field(
        None, description="Kosong: pendamping yang berkunjung sendiri."
    )
    pemilik_akun: str | None = Field(None, description="Nama pengguna penanggung jawab.")


class TindakLanjutOut(Schema):
    id: int
    kunjungan_id: int | None
    sumber: str = Field(
        ..., description="kunjungan, atau bimtek (desa dilatih yang belum bergerak)"
    )
    kode_wilayah: str
    uraian: str
    pemilik: str
    pemilik_pendamping_id: int | None
    batas_waktu: datetime.date
    status: str
    terlambat: bool
    catatan: str


class TindakLanjutPatch(Schema):
    status: str
    catatan: str = ""
    batas_waktu: datetime.date | None = None


class ProgramOut(Schema):
    id: int
    nama: str
    jenis: str
    mulai: datetime.date
    selesai: datetime.date | None
    keterangan: str
    kode_wilayah: str


class ProgramIn(Schema):
    nama: str = Field(..., min_length=1, max_length=200)
    jenis: str
    mulai: datetime.date
    selesai: datetime.date | None = None
    keterangan: str = ""
    kode_wilayah: str = Field(..., max_length=13)


class ProgramPatch(Schema):
    nama: str | None = Field(None, min_length=1, max_length=200)
    jenis: str | None = None
    mulai: datetime.date | None = None
    selesai: datetime.date | None = None
    keterangan: str | None = None


class ProgramDesaIn(Schema):
    kode_wilayah: str = Field(..., max_length=13)
    pendamping_id: int | None = Field(None, description="Pendamping di desa itu; kosong: belum.")


class ProgramDesaOut(Schema):
    kode_wilayah: str
    nama_wilayah: str
    pendamping_id: int | None
    nama_pendamping: str
    ada_kunjungan: bool
    didampingi: bool


class ProgramDetailOut(ProgramOut):
    desa: list[ProgramDesaOut]


class LaporanOut(Schema):
    id: int
    pendamping_id: int
    nama_pendamping: str
    jenis_pendamping: str
    kode_wilayah: str
    bulan: datetime.date
    versi: int
    asal_id: int | None
    status: str
    ringkasan: str
    alasan: str
    diajukan_pertama: datetime.datetime | None
    diajukan_pada: datetime.datetime | None
    batas: datetime.date
    tepat_waktu: bool | None


class BarisOut(Schema):
    tanggal: datetime.date
    tempat: str
    kegiatan: str
    masalah: str
    sumber: str
    kode_wilayah: str


class LaporanDetailOut(LaporanOut):
    baris: list[BarisOut]


class LaporanIn(Schema):
    pendamping_id: int
    bulan: str = Field(..., pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")


class RingkasanIn(Schema):
    ringkasan: str


class AjukanIn(Schema):
    ringkasan: str | None = None


class AlasanIn(Schema):
    alasan: str = Field(..., min_length=1)


# Helpers ----------------------------------------------------------------------------------------


class _Mapped:
    """A queryset read through a row-to-dict function. The paginator slices it before any row
    is read, so a page costs one query instead of the whole list."""

    def __init__(self, qs, fn, prepare=list):
        # `prepare` readies a page of rows at once (e.g. their report deadlines in one query).
        self.qs, self.fn, self.prepare = qs, fn, prepare

    def all(self):
        return self.qs  # the paginator counts through .all().count()

    def __getitem__(self, key):
        return [self.fn(row) for row in self.prepare(self.qs[key])]


def _pendamping_out(p: Pendamping, user) -> dict:
    full = selectors.can_manage(user, p.kode_wilayah) or selectors.is_own(user, p)
    return {
        **{
            name: getattr(p, name)
            for name in (
                "id",
                "jenis",
                "nama",
                "nomor_anggota",
                "tanggal_lahir",
                "jenis_kelamin",
                "telepon",
                "alamat",
                "pendidikan",
                "tahun_diangkat",
                "nomor_sk",
                "tanggal_sk",
                "masa_mulai",
                "masa_selesai",
                "aktif",
            )
        },
        # Only the operator and the person themself see the whole NIK.
        "nik": p.nik if full else mask(p.nik),
        "kode_wilayah": p.wilayah_id,
        "nama_wilayah": p.wilayah.nama,
        "berkas_sk": str(p.berkas_sk_id) if p.berkas_sk_id else None,
        "akun": p.akun.username if p.akun_id else None,
        "desa_tugas": [t.wilayah_id for t in p.penugasan_set.all() if t.selesai is None],
    }


def _akun(username: str | None):
    if not username:
        return None
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist as error:
        raise ValidationError({"akun": _("Akun tidak ditemukan.")}) from error


def _kunjungan_out(k: Kunjungan) -> dict:
    return {
        "id": k.pk,
        "pendamping_id": k.pendamping_id,
        "nama_pendamping": k.pendamping.nama,
        "kode_wilayah": k.wilayah_id,
        "nama_wilayah": k.wilayah.nama,
        "wksbm_id": k.wksbm_id,
        "program_id": k.program_id,
        "tanggal": k.tanggal,
        "jenis": k.jenis,
        "uraian": k.uraian,
        "temuan": k.temuan,
        "foto": [str(f.berkas_id) for f in k.foto_set.all()],
    }


def _tindak_lanjut_out(t: TindakLanjut) -> dict:
    return {
        "id": t.pk,
        "kunjungan_id": t.kunjungan_id,
        "sumber": t.sumber,
        "kode_wilayah": t.wilayah_id,
        "uraian": t.uraian,
        "pemilik": t.pemilik,
        "pemilik_pendamping_id": t.pemilik_pendamping_id,
        "batas_waktu": t.batas_waktu,
        "status": t.status,
        "terlambat": t.terlambat,
        "catatan": t.catatan,
    }


def _laporan_out(lap: LaporanBulanan) -> dict:
    return {
        "id": lap.pk,
        "pendamping_id": lap.pendamping_id,
        "nama_pendamping": lap.pendamping.nama,
        "jenis_pendamping": lap.pendamping.jenis,
        "kode_wilayah": lap.wilayah_id,
        "bulan": lap.bulan,
        "versi": lap.versi,
        "asal_id": lap.asal_id,
        "status": lap.status,
        "ringkasan": lap.ringkasan,
        "alasan": lap.alasan,
        "diajukan_pertama": lap.diajukan_pertama,
        "diajukan_pada": lap.diajukan_pada,
        "batas": lap.batas,
        "tepat_waktu": lap.tepat_waktu,
    }


def _laporan_detail(lap: LaporanBulanan) -> dict:
    return {
        **_laporan_out(lap),
        "baris": [vars(b) for b in selectors.laporan_baris(lap)],
    }


def _program_desa_out(row) -> dict:
    return {
        "kode_wilayah": row.wilayah_id,
        "nama_wilayah": row.wilayah.nama,
        "pendamping_id": row.pendamping_id,
        "nama_pendamping": row.pendamping.nama if row.pendamping_id else "",
        "ada_kunjungan": row.ada_kunjungan,
        "didampingi": selectors.program_desa_didampingi(row),
    }


def _bulan(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value + "-01")
    except ValueError as error:
        raise ValidationError({"bulan": _("Bulan tidak sah (YYYY-MM).")}) from error


def _require_registry(request) -> None:
    if not selectors.can_read_registry(request.auth):
        raise Http404


# Registry ---------------------------------------------------------------------------------------


@router.get(
    "/",
    response=list[PendampingOut],
    summary="Daftar pendamping",
    url_name="pendamping_api_list",
)
@paginate(LimitOffsetPagination)
def pendamping_api_list(request, jenis: str = "", q: str = "", aktif: bool | None = None):
    """TKSK, PSM, penyuluh sosial and Dinsos staff inside the caller's area."""
    qs = selectors.pendamping_list_visible_to(request.auth, jenis=jenis, q=q, aktif=aktif)
    user = request.auth
    return _Mapped(qs.prefetch_related("penugasan_set"), lambda p: _pendamping_out(p, user))


@router.post(
    "/",
    response={201: PendampingOut},
    summary="Catat pendamping baru",
    url_name="pendamping_api_create",
)
def pendamping_api_create(request, payload: PendampingIn):
    _require_registry(request)
    data = payload.dict()
    akun = _akun(data.pop("akun"))
    p = services.pendamping_create(acting_user=request.auth, akun=akun, **data)
    return Status(201, _pendamping_out(p, request.auth))


@router.get(
    "/{int:pk}",
    response=PendampingOut,
    summary="Rincian pendamping",
    url_name="pendamping_api_detail",
)
def pendamping_api_detail(request, pk: int):
    _require_registry(request)
    p, _can_write = selectors.pendamping_get_for(request.auth, pk)
    return _pendamping_out(p, request.auth)


@router.patch(
    "/{int:pk}",
    response=PendampingOut,
    summary="Ubah data pendamping",
    url_name="pendamping_api_update",
)
def pendamping_api_update(request, pk: int, payload: PendampingPatch):
    _require_registry(request)
    p, _can_write = selectors.pendamping_get_for(request.auth, pk)
    changes = payload.dict(exclude_unset=True)
    fields = {name: getattr(p, name) for name in services.PENDAMPING_FIELDS}
    akun = _akun(changes.pop("akun")) if "akun" in changes else p.akun
    kode_wilayah = changes.pop("kode_wilayah", None) or p.wilayah_id
    for name, value in changes.items():
        fields[name] = "" if value is None and isinstance(fields[name], str) else value
    p = services.pendamping_update(
        acting_user=request.auth, pendamping=p, kode_wilayah=kode_wilayah, akun=akun, **fields
    )
    return _pendamping_out(p, request.auth)


@router.get(
    "/cakupan",
    response=CakupanOut,
    summary="Cakupan: kecamatan tanpa TKSK, desa tanpa PSM, masa tugas berakhir",
    url_name="pendamping_api_cakupan",
)
def pendamping_api_cakupan(request, limit: int = 1000):
    _require_registry(request)
    limit = max(1, min(limit, 100_000))
    data = selectors.cakupan_for(request.auth)

    def ringkas(qs):
        return [
            {"kode": w.kode, "nama": w.nama, "nama_induk": w.induk.nama if w.induk else ""}
            for w in qs[:limit]
        ]

    return {
        "tanggal": data.tanggal,
        "hari": data.hari,
        "jumlah_kecamatan_tanpa_tksk": data.kecamatan_tanpa_tksk.count(),
        "jumlah_desa_tanpa_psm": data.desa_tanpa_psm.count(),
        "kecamatan_tanpa_tksk": ringkas(data.kecamatan_tanpa_tksk),
        "desa_tanpa_psm": ringkas(data.desa_tanpa_psm),
        "masa_berakhir": [
            {
                "id": p.pk,
                "nama": p.nama,
                "jenis": p.jenis,
                "kode_wilayah": p.wilayah_id,
                "masa_selesai": p.masa_selesai,
            }
            for p in data.masa_berakhir[:limit]
        ],
    }


# Visits and follow-up tasks ---------------------------------------------------------------------


@router.get(
    "/kunjungan",
    response=list[KunjunganOut],
    summary="Daftar kunjungan pendampingan",
    url_name="pendamping_api_kunjungan_list",
)
@paginate(LimitOffsetPagination)
def pendamping_api_kunjungan_list(
    request, bulan: str = "", pendamping_id: int | None = None, kode_wilayah: str = ""
):
    """Visits inside the caller's area; `bulan` as YYYY-MM."""
    qs = selectors.kunjungan_list_visible_to(
        request.auth,
        bulan=_bulan(bulan),
        pendamping_id=pendamping_id,
        kode_wilayah=kode_wilayah,
    ).prefetch_related("foto_set")
    return _Mapped(qs, _kunjungan_out)


@router.post(
    "/kunjungan",
    response={201: KunjunganOut},
    summary="Catat kunjungan pendampingan",
    url_name="pendamping_api_kunjungan_create",
)
def pendamping_api_kunjungan_create(request, payload: KunjunganIn):
    user = request.auth
    pendamping = get_visible_or_404(
        selectors.pendamping_list_visible_to(user), user, pk=payload.pendamping_id
    )
    wksbm = _wksbm_for(user, payload.wksbm_id)
    program = selectors.program_get_for(user, payload.program_id)[0] if payload.program_id else None
    k = services.kunjungan_create(
        acting_user=user,
        pendamping=pendamping,
        kode_wilayah=payload.kode_wilayah,
        tanggal=payload.tanggal,
        jenis=payload.jenis,
        uraian=payload.uraian,
        temuan=payload.temuan,
        wksbm=wksbm,
        program=program,
    )
    return Status(201, _kunjungan_out(k))


def _wksbm_for(user, wksbm_id: int | None):
    from wahana.wksbm.models import Wksbm

    return get_visible_or_404(Wksbm.objects.all(), user, pk=wksbm_id) if wksbm_id else None


def _kunjungan_writable(request, pk: int) -> Kunjungan:
    kunjungan, can_write = selectors.kunjungan_get_for(request.auth, pk)
    if not can_write:
        raise PermissionDenied(_("Anda tidak berwenang mengubah kunjungan ini."))
    return kunjungan


@router.put(
    "/kunjungan/{int:pk}",
    response=KunjunganOut,
    summary="Ubah kunjungan pendampingan",
    url_name="pendamping_api_kunjungan_update",
)
def pendamping_api_kunjungan_update(request, pk: int, payload: KunjunganUpdateIn):
    """Correct a visit (date, kind, description, findings, WKSBM, programme; remove photos).
    The worker and the desa stay; a month locked by an approved report is refused."""
    user = request.auth
    kunjungan = _kunjungan_writable(request, pk)
    data = payload.dict()
    program_id = data.pop("program_id")
    k = services.kunjungan_update(
        acting_user=user,
        kunjungan=kunjungan,
        wksbm=_wksbm_for(user, data.pop("wksbm_id")),
        program=selectors.program_get_for(user, program_id)[0] if program_id else None,
        **data,
    )
    return _kunjungan_out(k)


@router.post(
    "/kunjungan/{int:pk}/foto",
    response={201: KunjunganOut},
    summary="Tambah foto kunjungan (multipart)",
    url_name="pendamping_api_kunjungan_foto_add",
)
def pendamping_api_kunjungan_foto_add(
    request, pk: int, payload: Form[FotoIn], foto: File[UploadedFile]
):
    kunjungan = _kunjungan_writable(request, pk)
    services.foto_add(
        acting_user=request.auth, kunjungan=kunjungan, upload=foto, keterangan=payload.keterangan
    )
    return Status(201, _kunjungan_out(kunjungan))


@router.post(
    "/kunjungan/{int:pk}/tindak-lanjut",
    response={201: TindakLanjutOut},
    summary="Tambah tindak lanjut kunjungan",
    url_name="pendamping_api_tindak_lanjut_create",
)
def pendamping_api_tindak_lanjut_create(request, pk: int, payload: TindakLanjutIn):
    user = request.auth
    kunjungan = _kunjungan_writable(request, pk)
    pemilik_pendamping = (
        get_visible_or_404(
            selectors.pendamping_list_visible_to(user), user, pk=payload.pemilik_pendamping_id
        )
        if payload.pemilik_pendamping_id
        else None
    )
    tugas = services.tindak_lanjut_create(
        acting_user=user,
        kunjungan=kunjungan,
        uraian=payload.uraian,
        batas_waktu=payload.batas_waktu,
        pemilik_akun=_akun(payload.pemilik_akun),
        pemilik_pendamping=pemilik_pendamping,
    )
    return Status(201, _tindak_lanjut_out(tugas))


@router.get(
    "/tindak-lanjut",
    response=list[TindakLanjutOut],
    summary="Daftar tindak lanjut kunjungan",
    url_name="pendamping_api_tindak_lanjut_list",
)
@paginate(LimitOffsetPagination)
def pendamping_api_tindak_lanjut_list(request, status: str = "", terlambat: bool = False):
    """Follow-up tasks; `terlambat=true` gives the open ones past their due date."""
    qs = selectors.tindak_lanjut_list_visible_to(request.auth, status=status, terlambat=terlambat)
    return _Mapped(qs, _tindak_lanjut_out)


@router.patch(
    "/tindak-lanjut/{int:pk}",
    response=TindakLanjutOut,
    summary="Perbarui status tindak lanjut",
    url_name="pendamping_api_tindak_lanjut_update",
)
def pendamping_api_tindak_lanjut_update(request, pk: int, payload: TindakLanjutPatch):
    tugas, _can_write = selectors.tindak_lanjut_get_for(request.auth, pk)
    tugas = services.tindak_lanjut_update(
        acting_user=request.auth, tindak_lanjut=tugas, **payload.dict()
    )
    return _tindak_lanjut_out(tugas)


# Programmes -------------------------------------------------------------------------------------


@router.get(
    "/program",
    response=list[ProgramOut],
    summary="Daftar program Dinsos di desa",
    url_name="pendamping_api_program_list",
)
@paginate(LimitOffsetPagination)
def pendamping_api_program_list(request):
    return selectors.program_list_visible_to(request.auth)


@router.get(
    "/program/{int:pk}",
    response=ProgramDetailOut,
    summary="Rincian program dan pendampingan per desa",
    url_name="pendamping_api_program_detail",
)
def pendamping_api_program_detail(request, pk: int):
    _require_registry(request)
    program, _can_write = selectors.program_get_for(request.auth, pk)
    desa = [
        _program_desa_out(row) for row in selectors.program_desa_list_for(request.auth, program)
    ]
    return {**ProgramOut.from_orm(program).dict(), "desa": desa}


def _program_writable(request, pk: int) -> Program:
    _require_registry(request)
    program, can_write = selectors.program_get_for(request.auth, pk)
    if not can_write:
        raise PermissionDenied(_("Anda tidak berwenang mengubah program ini."))
    return program


@router.post(
    "/program",
    response={201: ProgramOut},
    summary="Catat program Dinsos",
    url_name="pendamping_api_program_create",
)
def pendamping_api_program_create(request, payload: ProgramIn):
    _require_registry(request)
    program = services.program_create(acting_user=request.auth, **payload.dict())
    return Status(201, program)


@router.patch(
    "/program/{int:pk}",
    response=ProgramOut,
    summary="Ubah program Dinsos",
    url_name="pendamping_api_program_update",
)
def pendamping_api_program_update(request, pk: int, payload: ProgramPatch):
    program = _program_writable(request, pk)
    changes = payload.dict(exclude_unset=True)
    for name in ("nama", "jenis", "mulai", "keterangan"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: _("Isian ini tidak boleh kosong.")})
    return services.program_update(acting_user=request.auth, program=program, **changes)


@router.put(
    "/program/{int:pk}/desa",
    response=ProgramDesaOut,
    summary="Tambah desa sasaran program atau ubah pendampingnya",
    url_name="pendamping_api_program_desa_set",
)
def pendamping_api_program_desa_set(request, pk: int, payload: ProgramDesaIn):
    user = request.auth
    program = _program_writable(request, pk)
    pendamping = (
        get_visible_or_404(
            selectors.pendamping_list_visible_to(user), user, pk=payload.pendamping_id
        )
        if payload.pendamping_id
        else None
    )
    services.program_desa_set(
        acting_user=user, program=program, kode_wilayah=payload.kode_wilayah, pendamping=pendamping
    )
    row = selectors.program_desa_list_for(user, program).get(wilayah_id=payload.kode_wilayah)
    return _program_desa_out(row)


# Monthly reports --------------------------------------------------------------------------------


@router.get(
    "/laporan",
    response=list[LaporanOut],
    summary="Daftar laporan bulanan TKSK/PSM",
    url_name="pendamping_api_laporan_list",
)
@paginate(LimitOffsetPagination)
def pendamping_api_laporan_list(request, bulan: str = "", status: str = ""):
    qs = selectors.laporan_list_visible_to(request.auth, bulan=_bulan(bulan), status=status)
    return _Mapped(qs, _laporan_out, selectors.laporan_batas_set)


@router.get(
    "/laporan/{int:pk}",
    response=LaporanDetailOut,
    summary="Rincian laporan bulanan dengan tabel kegiatan",
    url_name="pendamping_api_laporan_detail",
)
def pendamping_api_laporan_detail(request, pk: int):
    _require_registry(request)
    lap, _can_write = selectors.laporan_get_for(request.auth, pk)
    return _laporan_detail(lap)


def _laporan_for(request, pk: int) -> LaporanBulanan:
    _require_registry(request)
    return selectors.laporan_get_for(request.auth, pk)[0]


@router.post(
    "/laporan",
    response={201: LaporanDetailOut},
    summary="Buat draf laporan bulanan TKSK/PSM",
    url_name="pendamping_api_laporan_create",
)
def pendamping_api_laporan_create(request, payload: LaporanIn):
    """A draft for a month, built from the worker's recorded visits and activities."""
    _require_registry(request)
    user = request.auth
    pendamping = get_visible_or_404(
        selectors.pendamping_list_visible_to(user), user, pk=payload.pendamping_id
    )
    lap = services.laporan_create(
        acting_user=user, pendamping=pendamping, bulan=_bulan(payload.bulan)
    )
    return Status(201, _laporan_detail(lap))


@router.patch(
    "/laporan/{int:pk}",
    response=LaporanDetailOut,
    summary="Ubah ringkasan laporan (draf atau dikembalikan)",
    url_name="pendamping_api_laporan_update",
)
def pendamping_api_laporan_update(request, pk: int, payload: RingkasanIn):
    lap = services.laporan_update(
        acting_user=request.auth, laporan=_laporan_for(request, pk), ringkasan=payload.ringkasan
    )
    return _laporan_detail(lap)


@router.post(
    "/laporan/{int:pk}/perubahan",
    response={201: LaporanDetailOut},
    summary="Buat perubahan laporan yang sudah disetujui",
    url_name="pendamping_api_laporan_amend",
)
def pendamping_api_laporan_amend(request, pk: int):
    """A new draft version of an approved report; the approved original stays as it was."""
    lap = services.laporan_amend(acting_user=request.auth, laporan=_laporan_for(request, pk))
    return Status(201, _laporan_detail(lap))


@router.post(
    "/laporan/{int:pk}/ajukan",
    response=LaporanDetailOut,
    summary="Ajukan laporan bulanan",
    url_name="pendamping_api_laporan_submit",
)
def pendamping_api_laporan_submit(request, pk: int, payload: AjukanIn):
    lap = services.laporan_submit(
        acting_user=request.auth, laporan=_laporan_for(request, pk), ringkasan=payload.ringkasan
    )
    return _laporan_detail(lap)


@router.post(
    "/laporan/{int:pk}/setujui",
    response=LaporanOut,
    summary="Setujui laporan bulanan (operator)",
    url_name="pendamping_api_laporan_approve",
)
def pendamping_api_laporan_approve(request, pk: int):
    lap = services.laporan_approve(acting_user=request.auth, laporan=_laporan_for(request, pk))
    return _laporan_out(lap)


@router.post(
    "/laporan/{int:pk}/kembalikan",
    response=LaporanOut,
    summary="Kembalikan laporan untuk revisi (operator)",
    url_name="pendamping_api_laporan_return",
)
def pendamping_api_laporan_return(request, pk: int, payload: AlasanIn):
    lap = services.laporan_return(
        acting_user=request.auth, laporan=_laporan_for(request, pk), alasan=payload.alasan
    )
    return _laporan_out(lap)


@router.post(
    "/laporan/{int:pk}/tolak",
    response=LaporanOut,
    summary="Tolak laporan bulanan (operator)",
    url_name="pendamping_api_laporan_reject",
)
def pendamping_api_laporan_reject(request, pk: int, payload: AlasanIn):
    lap = services.laporan_reject(
        acting_user=request.auth, laporan=_laporan_for(request, pk), alasan=payload.alasan
    )
    return _laporan_out(lap)
