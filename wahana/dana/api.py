"""The money of WKSBM under /api/v1/dana: books, entries (append-only; corrections by
reversal), month closings and village-fund proposals. Reads are scoped (404 outside the scope);
writes go through the services (403 for a reader, 422 for a refused entry)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from wahana.kegiatan.models import Kegiatan
from wahana.kegiatan.selectors import kegiatan_visible_to, ppks_pilihan_for
from wahana.ppks.models import JenisPpks

from . import selectors, services
from .bulan import bulan_ini, parse_bulan
from .models import EntriKas

router = Router(tags=["dana"])


class BukuOut(Schema):
    wksbm_id: int
    nama: str
    kode_wilayah: str
    saldo: int
    jumlah_entri: int
    tanggal_terakhir: datetime.date | None
    tutup_sampai: str | None

    @staticmethod
    def resolve_wksbm_id(obj):
        return obj.pk

    @staticmethod
    def resolve_saldo(obj):
        return obj.buku_kas.saldo if hasattr(obj, "buku_kas") else 0

    @staticmethod
    def resolve_jumlah_entri(obj):
        return obj.buku_kas.jumlah_entri if hasattr(obj, "buku_kas") else 0

    @staticmethod
    def resolve_tanggal_terakhir(obj):
        return obj.buku_kas.tanggal_terakhir if hasattr(obj, "buku_kas") else None

    @staticmethod
    def resolve_tutup_sampai(obj):
        kas = getattr(obj, "buku_kas", None)
        return kas.tutup_sampai.strftime("%Y-%m") if kas and kas.tutup_sampai else None


class EntriOut(Schema):
    id: int
    wksbm_id: int
    kode_wilayah: str
    urutan: int
    tanggal: datetime.date
    bulan: str
    arah: str
    sumber: str
    tujuan: str
    jumlah: int
    kuantitas: Decimal | None
    satuan: str
    saldo_setelah: int
    uraian: str
    ppks_id: int | None
    kegiatan_id: int | None
    membalik_id: int | None
    bukti_id: str | None
    dicatat_pada: datetime.datetime

    @staticmethod
    def resolve_bulan(obj):
        return obj.bulan.strftime("%Y-%m")

    @staticmethod
    def resolve_bukti_id(obj):
        return str(obj.bukti_id) if obj.bukti_id else None


class EntriFilter(Schema):
    wksbm_id: int | None = None
    kode_wilayah: str = ""
    arah: str = ""
    sumber: str = ""
    tujuan: str = ""
    dari: datetime.date | None = None
    sampai: datetime.date | None = None


class EntriIn(Schema):
    wksbm_id: int
    arah: str
    tanggal: datetime.date
    jumlah: int
    uraian: str
    sumber: str = ""
    tujuan: str = ""
    kuantitas: Decimal | None = None
    satuan: str = ""
    ppks_id: int | None = None
    kegiatan_id: int | None = None
    jenis_layanan: str = ""


class KoreksiIn(Schema):
    tanggal: datetime.date
    alasan: str


class BukuBulanOut(Schema):
    wksbm_id: int
    kode_wilayah: str
    bulan: str
    saldo_awal: int
    total_masuk: int
    total_keluar: int
    saldo_akhir: int
    status_tutup: str | None
    entri: list[EntriOut]


class TutupOut(Schema):
    id: int
    wksbm_id: int
    kode_wilayah: str
    bulan: str
    status: str
    saldo_awal: int
    total_masuk: int
    total_keluar: int
    saldo_akhir: int
    jumlah_entri: int
    ditutup_pada: datetime.datetime
    diverifikasi_pada: datetime.datetime | None
    catatan_verifikasi: str

    @staticmethod
    def resolve_bulan(obj):
        return obj.bulan.strftime("%Y-%m")


class TutupIn(Schema):
    wksbm_id: int
    bulan: str


class VerifikasiIn(Schema):
    catatan: str = ""


class UsulanOut(Schema):
    id: int
    wksbm_id: int
    kode_wilayah: str
    tahun: int
    judul: str
    bidang: str
    jenis_ppks: list[str]
    jumlah_penerima: int
    jumlah: int
    sumber: str
    tanggal_musdes: datetime.date | None
    berita_acara_id: str | None
    status: str
    alasan_ditolak: str
    realisasi_jumlah: int | None
    realisasi_tanggal: datetime.date | None
    penerimaan_ids: list[int]
    kegiatan_ids: list[int]

    @staticmethod
    def resolve_jenis_ppks(obj):
        return [j.kode for j in obj.jenis_ppks.all()]

    @staticmethod
    def resolve_berita_acara_id(obj):
        return str(obj.berita_acara_id) if obj.berita_acara_id else None

    @staticmethod
    def resolve_penerimaan_ids(obj):
        return list(obj.penerimaan.values_list("pk", flat=True))

    @staticmethod
    def resolve_kegiatan_ids(obj):
        return list(obj.kegiatan.values_list("pk", flat=True))


class UsulanFilter(Schema):
    kode_wilayah: str = ""
    tahun: int | None = None
    status: str = ""
    wksbm_id: int | None = None


class UsulanIn(Schema):
    wksbm_id: int
    tahun: int
    judul: str
    bidang: str
    jumlah: int
    sumber: str
    jenis_ppks: list[str] = []
    jumlah_penerima: int = 0
    tanggal_musdes: datetime.date | None = None


class UsulanStatusIn(Schema):
    status: str
    tanggal: datetime.date
    catatan: str = ""
    realisasi_jumlah: int | None = None
    penerimaan_ids: list[int] = []
    kegiatan_ids: list[int] = []


def _wksbm_writable(user, wksbm_id):
    wksbm, can_write = selectors.buku_kas_get_for(user, wksbm_id)
    if not can_write:
        raise PermissionDenied(_("Anda tidak berwenang menulis buku kas WKSBM ini."))
    return wksbm


@router.get(
    "/buku",
    response=list[BukuOut],
    summary="Buku kas WKSBM dalam cakupan",
    url_name="dana_api_buku_list",
)
@paginate(LimitOffsetPagination)
def dana_buku_list(request, kode_wilayah: str = "", q: str = ""):
    return selectors.buku_kas_list_visible_to(request.auth, kode_wilayah=kode_wilayah, q=q)


@router.get(
    "/buku/{int:wksbm_id}",
    response=BukuBulanOut,
    summary="Buku kas satu WKSBM untuk satu bulan (bulan=YYYY-MM, bawaan bulan ini)",
    url_name="dana_api_buku_bulan",
)
def dana_buku_bulan(request, wksbm_id: int, bulan: str = ""):
    wksbm, _can_write = selectors.buku_kas_get_for(request.auth, wksbm_id)
    month = parse_bulan(bulan) if bulan else bulan_ini()
    if month is None:
        raise ValidationError({"bulan": _("Bulan ditulis YYYY-MM.")})
    buku = selectors.buku_kas_bulan(wksbm, month)
    return {
        "wksbm_id": wksbm.pk,
        "kode_wilayah": wksbm.kode_wilayah,
        "bulan": month.strftime("%Y-%m"),
        "saldo_awal": buku.saldo_awal,
        "total_masuk": buku.total_masuk,
        "total_keluar": buku.total_keluar,
        "saldo_akhir": buku.saldo_akhir,
        "status_tutup": buku.tutup.status if buku.tutup else None,
        "entri": buku.entri,
    }


@router.get("/entri", response=list[EntriOut], summary="Entri kas", url_name="dana_api_entri_list")
@paginate(LimitOffsetPagination)
def dana_entri_list(request, filters: Query[EntriFilter]):
    return selectors.entri_kas_list_visible_to(request.auth, **filters.dict())


@router.get(
    "/entri/{int:entri_id}", response=EntriOut, summary="Satu entri kas", url_name="dana_api_entri"
)
def dana_entri_detail(request, entri_id: int):
    return selectors.entri_kas_get_for(request.auth, entri_id)[0]


@router.post(
    "/entri",
    response={201: EntriOut},
    summary="Catat penerimaan (arah=masuk) atau pengeluaran (arah=keluar)",
    url_name="dana_api_entri_create",
)
def dana_entri_create(request, payload: EntriIn):
    user = request.auth
    wksbm = _wksbm_writable(user, payload.wksbm_id)
    common = {
        "acting_user": user,
        "wksbm": wksbm,
        "tanggal": payload.tanggal,
        "jumlah": payload.jumlah,
        "uraian": payload.uraian,
    }
    if payload.arah == EntriKas.Arah.MASUK:
        entri = services.entri_kas_receive(
            sumber=payload.sumber, kuantitas=payload.kuantitas, satuan=payload.satuan, **common
        )
    elif payload.arah == EntriKas.Arah.KELUAR:
        ppks = kegiatan = None
        if payload.ppks_id:
            ppks = ppks_pilihan_for(user, wksbm.kode_wilayah).filter(pk=payload.ppks_id).first()
            if ppks is None:
                raise ValidationError({"ppks_id": _("PPKS tidak ditemukan di wilayah WKSBM ini.")})
        if payload.kegiatan_id:
            kegiatan = get_object_or_404(
                kegiatan_visible_to(user), pk=payload.kegiatan_id, wksbm=wksbm
            )
        entri = services.entri_kas_disburse(
            tujuan=payload.tujuan,
            ppks=ppks,
            kegiatan=kegiatan,
            jenis_layanan=payload.jenis_layanan,
            **common,
        )
    else:
        raise ValidationError({"arah": _("Arah adalah masuk atau keluar.")})
    return Status(201, entri)


@router.post(
    "/entri/{int:entri_id}/koreksi",
    response={201: EntriOut},
    summary="Koreksi entri dengan entri pembalik",
    url_name="dana_api_entri_koreksi",
)
def dana_entri_koreksi(request, entri_id: int, payload: KoreksiIn):
    entri, can_write = selectors.entri_kas_get_for(request.auth, entri_id)
    if not can_write:
        raise PermissionDenied(_("Anda tidak berwenang menulis buku kas WKSBM ini."))
    pembalik = services.entri_kas_reverse(
        acting_user=request.auth, entri=entri, tanggal=payload.tanggal, alasan=payload.alasan
    )
    return Status(201, pembalik)


@router.get("/tutup", response=list[TutupOut], summary="Tutup buku", url_name="dana_api_tutup_list")
@paginate(LimitOffsetPagination)
def dana_tutup_list(request, kode_wilayah: str = "", status: str = "", wksbm_id: int = 0):
    return selectors.tutup_buku_list_visible_to(
        request.auth, kode_wilayah=kode_wilayah, status=status, wksbm_id=wksbm_id or None
    )


@router.post(
    "/tutup",
    response={201: TutupOut},
    summary="Tutup buku satu bulan (bulan=YYYY-MM)",
    url_name="dana_api_tutup_create",
)
def dana_tutup_create(request, payload: TutupIn):
    wksbm = _wksbm_writable(request.auth, payload.wksbm_id)
    bulan = parse_bulan(payload.bulan)
    if bulan is None:
        raise ValidationError({"bulan": _("Bulan ditulis YYYY-MM.")})
    return Status(
        201, services.tutup_buku_close(acting_user=request.auth, wksbm=wksbm, bulan=bulan)
    )


@router.post(
    "/tutup/{int:tutup_id}/verifikasi",
    response=TutupOut,
    summary="Verifikasi tutup buku (TKSK)",
    url_name="dana_api_tutup_verify",
)
def dana_tutup_verify(request, tutup_id: int, payload: VerifikasiIn):
    tutup, may_verify = selectors.tutup_buku_get_for(request.auth, tutup_id)
    if not may_verify:
        raise PermissionDenied(_("Anda tidak berwenang memverifikasi tutup buku ini."))
    return services.tutup_buku_verify(
        acting_user=request.auth, tutup=tutup, catatan=payload.catatan
    )


@router.get(
    "/usulan", response=list[UsulanOut], summary="Usulan dana desa", url_name="dana_api_usulan_list"
)
@paginate(LimitOffsetPagination)
def dana_usulan_list(request, filters: Query[UsulanFilter]):
    return selectors.usulan_list_visible_to(request.auth, **filters.dict()).prefetch_related(
        "jenis_ppks"
    )


@router.get(
    "/usulan/{int:usulan_id}",
    response=UsulanOut,
    summary="Satu usulan dana desa",
    url_name="dana_api_usulan",
)
def dana_usulan_detail(request, usulan_id: int):
    return selectors.usulan_get_for(request.auth, usulan_id)[0]


@router.post(
    "/usulan",
    response={201: UsulanOut},
    summary="Catat usulan dana desa",
    url_name="dana_api_usulan_create",
)
def dana_usulan_create(request, payload: UsulanIn):
    wksbm = _wksbm_writable(request.auth, payload.wksbm_id)
    data = payload.dict(exclude={"wksbm_id", "jenis_ppks"})
    usulan = services.usulan_create(
        acting_user=request.auth,
        wksbm=wksbm,
        jenis_ppks=JenisPpks.objects.filter(kode__in=payload.jenis_ppks),
        **data,
    )
    return Status(201, usulan)


@router.post(
    "/usulan/{int:usulan_id}/status",
    response=UsulanOut,
    summary="Perbarui status usulan (masuk RKPDes/APBDes, direalisasikan, ditolak)",
    url_name="dana_api_usulan_status",
)
def dana_usulan_status(request, usulan_id: int, payload: UsulanStatusIn):
    usulan, can_write = selectors.usulan_get_for(request.auth, usulan_id)
    if not can_write:
        raise PermissionDenied(_("Anda tidak berwenang mengubah usulan ini."))
    penerimaan = list(
        EntriKas.objects.filter(wksbm_id=usulan.wksbm_id, pk__in=payload.penerimaan_ids)
    )
    kegiatan = list(Kegiatan.objects.filter(wksbm_id=usulan.wksbm_id, pk__in=payload.kegiatan_ids))
    if len(penerimaan) != len(set(payload.penerimaan_ids)) or len(kegiatan) != len(
        set(payload.kegiatan_ids)
    ):
        raise ValidationError(_("Penerimaan dan kegiatan harus milik WKSBM usulan ini."))
    return services.usulan_status_update(
        acting_user=request.auth,
        usulan=usulan,
        status=payload.status,
        tanggal=payload.tanggal,
        catatan=payload.catatan,
        realisasi_jumlah=payload.realisasi_jumlah,
        penerimaan=penerimaan,
        kegiatan=kegiatan,
    )
