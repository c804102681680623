"""Writes to activities: record, change while a draft or returned, report, verify or return
(by the TKSK of the kecamatan), add photos."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wahana.audit.services import audit_record, changes_between
from wahana.berkas.models import Berkas
from wahana.berkas.services import berkas_store
from wahana.lib import kode as kodelib
from wahana.pendamping.selectors import pendamping_of
from wahana.ppks.models import Ppks

from .akses import can_record, can_verify
from .models import FotoKegiatan, Kegiatan, PenerimaKegiatan

FIELDS = (
    "judul",
    "jenis",
    "tanggal",
    "tempat",
    "uraian",
    "jumlah_peserta",
    "sumber_dana",
    "program",
)
MAX_FOTO = 10


def _snapshot(kegiatan: Kegiatan) -> dict:
    values = {name: getattr(kegiatan, name) for name in FIELDS if name != "program"}
    values["program"] = kegiatan.program_id
    values["status"] = kegiatan.status
    values["penerima"] = (
        ",".join(str(pk) for pk in sorted(kegiatan.penerima.values_list("pk", flat=True)))
        if kegiatan.pk
        else ""
    )
    return values


def _check(kegiatan: Kegiatan, penerima) -> None:
    if kegiatan.tanggal and kegiatan.tanggal > timezone.localdate():
        raise ValidationError({"tanggal": _("Tanggal kegiatan tidak boleh di masa depan.")})
    if kegiatan.jenis not in Kegiatan.Jenis.values:
        raise ValidationError({"jenis": _("Pilih jenis kegiatan.")})
    if kegiatan.sumber_dana not in Kegiatan.SumberDana.values:
        raise ValidationError({"sumber_dana": _("Pilih sumber dana.")})
    program = kegiatan.program
    if program is not None and not (
        kodelib.covers(program.kode_wilayah, kegiatan.kode_wilayah)
        or program.desa_set.filter(wilayah_id=kegiatan.kode_wilayah).exists()
    ):
        raise ValidationError({"program": _("Program ini tidak menjangkau wilayah kegiatan.")})
    for ppks in penerima:
        if not kodelib.covers(kegiatan.kode_wilayah, ppks.kode_wilayah):
            raise ValidationError(
                {"penerima": _("%(nama)s bukan PPKS di wilayah kegiatan.") % {"nama": ppks.nama}}
            )
        if ppks.status != Ppks.Status.AKTIF:
            raise ValidationError(
                {"penerima": _("%(nama)s bukan PPKS aktif.") % {"nama": ppks.nama}}
            )


def _set_penerima(kegiatan: Kegiatan, penerima) -> None:
    PenerimaKegiatan.objects.filter(kegiatan=kegiatan).delete()
    PenerimaKegiatan.objects.bulk_create(
        PenerimaKegiatan(kegiatan=kegiatan, ppks=ppks, wilayah_id=ppks.wilayah_id)
        for ppks in {p.pk: p for p in penerima}.values()
    )


@transaction.atomic
def kegiatan_create(
    *,
    acting_user,
    judul: str,
    jenis: str,
    tanggal: datetime.date,
    tempat: str,
    sumber_dana: str,
    wksbm=None,
    kode_wilayah: str = "",
    uraian: str = "",
    jumlah_peserta: int = 0,
    program=None,
    penerima=(),
    foto_uploads=(),
) -> Kegiatan:
    """Record an activity as a draft: of `wksbm`, or, without one, led by the acting PSM/TKSK
    in the desa `kode_wilayah` (default: where their assignment is)."""
    pendamping = None
    if wksbm is not None:
        kode = wksbm.kode_wilayah
    else:
        pendamping = pendamping_of(acting_user)
        if pendamping is None:
            raise ValidationError({"wksbm": _("Pilih WKSBM pelaksana kegiatan.")})
        kode = kode_wilayah or pendamping.kode_wilayah
    if not can_record(acting_user, kode):
        raise PermissionDenied(_("Anda tidak berwenang mencatat kegiatan di wilayah ini."))
    kegiatan = Kegiatan(
        wksbm=wksbm,
        pendamping=pendamping,
        wilayah_id=kode,
        judul=judul.strip(),
        jenis=jenis,
        tanggal=tanggal,
        tempat=tempat.strip(),
        uraian=uraian,
        jumlah_peserta=jumlah_peserta or 0,
        sumber_dana=sumber_dana,
        program=program,
        dicatat_oleh=acting_user,
    )
    penerima = list(penerima)
    _check(kegiatan, penerima)
    kegiatan.full_clean(exclude=["wksbm", "pendamping", "wilayah", "program", "dicatat_oleh"])
    kegiatan.save()
    _set_penerima(kegiatan, penerima)
    for upload in foto_uploads:
        _add_foto(acting_user, kegiatan, upload, "")
    audit_record(
        actor=acting_user,
        aksi="kegiatan_dibuat",
        objek=kegiatan,
        perubahan=changes_between({}, _snapshot(kegiatan)),
    )
    return kegiatan


def _require_change(acting_user, kegiatan: Kegiatan) -> None:
    if not can_record(acting_user, kegiatan.kode_wilayah):
        raise PermissionDenied(_("Anda tidak berwenang mengubah kegiatan ini."))
    if not kegiatan.dapat_diubah:
        raise ValidationError(_("Kegiatan yang sudah dilaporkan atau diverifikasi tidak diubah."))


@transaction.atomic
def kegiatan_update(*, acting_user, kegiatan: Kegiatan, penerima=None, **fields) -> Kegiatan:
    """Change a draft or returned activity (`fields` among FIELDS; `penerima` replaces the
    beneficiaries when given)."""
    kegiatan = Kegiatan.objects.select_for_update().get(pk=kegiatan.pk)
    _require_change(acting_user, kegiatan)
    before = _snapshot(kegiatan)
    for name, value in fields.items():
        if name not in FIELDS:
            raise ValueError(name)
        setattr(kegiatan, name, value.strip() if isinstance(value, str) else value)
    penerima = list(kegiatan.penerima.all()) if penerima is None else list(penerima)
    _check(kegiatan, penerima)
    kegiatan.full_clean(exclude=["wksbm", "pendamping", "wilayah", "program", "dicatat_oleh"])
    kegiatan.save()
    _set_penerima(kegiatan, penerima)
    audit_record(
        actor=acting_user,
        aksi="kegiatan_diubah",
        objek=kegiatan,
        perubahan=changes_between(before, _snapshot(kegiatan)),
    )
    return kegiatan


def _add_foto(acting_user, kegiatan: Kegiatan, upload, keterangan: str) -> FotoKegiatan:
    if kegiatan.foto_set.count() >= MAX_FOTO:
        raise ValidationError(
            {"foto": _("Paling banyak %(n)s foto per kegiatan.") % {"n": MAX_FOTO}}
        )
    # A photo already stored (staged by the offline app, known by its hash) is attached as is:
    # one file, however many times the phone sent it.
    berkas = (
        upload
        if isinstance(upload, Berkas)
        else berkas_store(
            acting_user=acting_user,
            upload=upload,
            kode_wilayah=kegiatan.kode_wilayah,
            jenis=Berkas.Jenis.FOTO,
        )
    )
    return FotoKegiatan.objects.create(
        kegiatan=kegiatan, berkas=berkas, wilayah_id=kegiatan.wilayah_id, keterangan=keterangan
    )


@transaction.atomic
def kegiatan_foto_add(*, acting_user, kegiatan: Kegiatan, upload, keterangan: str = ""):
    """Add an evidence photo (re-encoded and resized by wahana.berkas)."""
    kegiatan = Kegiatan.objects.select_for_update().get(pk=kegiatan.pk)
    _require_change(acting_user, kegiatan)
    foto = _add_foto(acting_user, kegiatan, upload, keterangan.strip()[:200])
    audit_record(
        actor=acting_user, aksi="kegiatan_foto", objek=kegiatan, keterangan=str(foto.berkas_id)
    )
    return foto


def _move(acting_user, kegiatan: Kegiatan, aksi: str, status: str, **fields) -> Kegiatan:
    before = kegiatan.status
    kegiatan.status = status
    for name, value in fields.items():
        setattr(kegiatan, name, value)
    kegiatan.save()
    audit_record(
        actor=acting_user,
        aksi=aksi,
        objek=kegiatan,
        perubahan={"status": [before, status]},
        keterangan=kegiatan.alasan_dikembalikan if status == Kegiatan.Status.DIKEMBALIKAN else "",
    )
    return kegiatan


@transaction.atomic
def kegiatan_report(*, acting_user, kegiatan: Kegiatan) -> Kegiatan:
    """Send a draft (or a returned activity, once corrected) to the TKSK for verification."""
    kegiatan = Kegiatan.objects.select_for_update().get(pk=kegiatan.pk)
    _require_change(acting_user, kegiatan)
    return _move(
        acting_user,
        kegiatan,
        "kegiatan_dilaporkan",
        Kegiatan.Status.DILAPORKAN,
        dilaporkan_pada=timezone.now(),
    )


def _require_verifier(acting_user, kegiatan: Kegiatan) -> None:
    if not can_verify(acting_user, kegiatan.kode_wilayah):
        raise PermissionDenied(_("Kegiatan diverifikasi oleh TKSK kecamatannya."))
    if kegiatan.dicatat_oleh_id == acting_user.pk:
        raise PermissionDenied(_("Kegiatan tidak diverifikasi oleh pencatatnya sendiri."))
    if kegiatan.status != Kegiatan.Status.DILAPORKAN:
        raise ValidationError(_("Hanya kegiatan yang sudah dilaporkan yang dapat diperiksa."))


@transaction.atomic
def kegiatan_verify(*, acting_user, kegiatan: Kegiatan) -> Kegiatan:
    kegiatan = Kegiatan.objects.select_for_update().get(pk=kegiatan.pk)
    _require_verifier(acting_user, kegiatan)
    return _move(
        acting_user,
        kegiatan,
        "kegiatan_diverifikasi",
        Kegiatan.Status.DIVERIFIKASI,
        diverifikasi_oleh=acting_user,
        diverifikasi_pada=timezone.now(),
        alasan_dikembalikan="",
    )


@transaction.atomic
def kegiatan_return(*, acting_user, kegiatan: Kegiatan, alasan: str) -> Kegiatan:
    """Return a reported activity to its recorder with the reason; it is corrected and
    reported again."""
    kegiatan = Kegiatan.objects.select_for_update().get(pk=kegiatan.pk)
    _require_verifier(acting_user, kegiatan)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": _("Tuliskan alasan kegiatan dikembalikan.")})
    return _move(
        acting_user,
        kegiatan,
        "kegiatan_dikembalikan",
        Kegiatan.Status.DIKEMBALIKAN,
        alasan_dikembalikan=alasan,
        diverifikasi_oleh=acting_user,
        diverifikasi_pada=timezone.now(),
    )
