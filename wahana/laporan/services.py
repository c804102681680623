"""Asking for a report (queued for the background worker), the letterhead, and the files made."""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wahana.akun.models import Peran
from wahana.akun.scope import in_scope
from wahana.audit.services import audit_record, changes_between
from wahana.lib import kode as kodelib
from wahana.tugas.services import tugas_enqueue

from .models import Kop

MIME = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


@dataclass(frozen=True)
class Jenis:
    kode: str
    nama: str
    bulan: bool  # needs a month
    wksbm: bool = False  # about one WKSBM
    bimtek: bool = False  # about one bimtek
    zip: bool = False  # a bundle of another app's documents


JENIS = {
    j.kode: j
    for j in (
        Jenis("rekap_wksbm", gettext_lazy("Rekap WKSBM per kecamatan"), bulan=True),
        Jenis("profil_wksbm", gettext_lazy("Profil WKSBM"), bulan=True, wksbm=True),
        Jenis("laporan_pendamping", gettext_lazy("Laporan bulanan TKSK/PSM"), bulan=True, zip=True),
        Jenis("buku_kas", gettext_lazy("Buku kas WKSBM"), bulan=True, zip=True),
        Jenis(
            "bimtek",
            gettext_lazy("Daftar hadir dan sertifikat bimtek"),
            bulan=False,
            bimtek=True,
            zip=True,
        ),
        Jenis("rekap_ppks", gettext_lazy("Rekap PPKS per jenis per desa"), bulan=False),
        Jenis("rekap_psks", gettext_lazy("Rekap PSKS (12 jenis)"), bulan=False),
    )
}
FORMAT = ("pdf", "xlsx")


def laporan_request(
    *,
    acting_user,
    jenis: str,
    format: str,
    kode_wilayah: str = "",
    bulan: datetime.date | None = None,
    wksbm=None,
    bimtek=None,
    situs: str = "",
):
    """Queue a report for the worker; answers the Tugas whose page shows its progress.
    `wksbm`/`bimtek` are objects the caller fetched within the user's scope."""
    spec = JENIS.get(jenis)
    if spec is None or format not in FORMAT:
        raise ValidationError(_("Jenis atau format laporan tidak dikenal."))
    if spec.wksbm:
        if wksbm is None:
            raise ValidationError(_("Pilih WKSBM."))
        kode_wilayah = wksbm.wilayah_id
    if spec.bimtek:
        if bimtek is None:
            raise ValidationError(_("Pilih bimtek."))
        kode_wilayah = bimtek.kode_wilayah
    if not kode_wilayah or not kodelib.is_valid(kode_wilayah):
        raise ValidationError(_("Pilih wilayah laporan."))
    if not in_scope(acting_user, kode_wilayah):
        # Outside one's scope is answered as missing, like every record there.
        raise Http404
    if spec.bulan and bulan is None:
        raise ValidationError(_("Pilih bulan laporan."))
    kwargs = {"jenis": jenis, "format": format, "kode": kode_wilayah}
    if spec.bulan:
        kwargs["bulan"] = bulan.replace(day=1).isoformat()
    if wksbm is not None:
        kwargs["wksbm_id"] = wksbm.pk
    if bimtek is not None:
        kwargs["bimtek_id"] = bimtek.pk
        kwargs["situs"] = situs
    judul = f"{spec.nama} {kode_wilayah}"
    if spec.bulan:
        judul += f" {bulan:%m/%Y}"
    with transaction.atomic():
        tugas = tugas_enqueue(
            nama="laporan.buat",
            kwargs=kwargs,
            acting_user=acting_user,
            kode_wilayah=kode_wilayah,
            judul=f"{judul} ({format.upper()})",
        )
        audit_record(actor=acting_user, aksi="laporan_diminta", objek=tugas, keterangan=judul)
    return tugas


def berkas_generated(*, owner, data: bytes, nama: str, ext: str, kode_wilayah: str):
    """Store a generated report as a Berkas (trusted content: made here, not uploaded)."""
    from wahana.berkas.models import Berkas

    berkas = Berkas(
        wilayah_id=kode_wilayah,
        jenis=Berkas.Jenis.DOKUMEN,
        nama_asli=nama[-200:],
        # Berkas keeps at most 60 characters of type (the XLSX type is longer); downloads name
        # the type from the file name's extension.
        tipe_mime=MIME[ext] if len(MIME[ext]) <= 60 else "application/octet-stream",
        ekstensi=f".{ext}",
        ukuran=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        diunggah_oleh=owner,
        diunggah=timezone.now(),
    )
    berkas.berkas.save("x", ContentFile(data), save=False)
    berkas.save()
    return berkas


# ---------------------------------------------------------------- letterhead

KOP_FIELDS = (
    "pemerintah",
    "nama_instansi",
    "alamat",
    "kota",
    "logo",
    "penandatangan_nama",
    "penandatangan_nip",
    "penandatangan_jabatan",
)


def can_configure_kop(user, kode: str) -> bool:
    """The office's letterhead is set by its kabupaten operator, or a province/system admin."""
    if not kode or kodelib.tingkat(kode) > kodelib.TINGKAT_KABUPATEN or not in_scope(user, kode):
        return False
    return user.peran in (Peran.ADMIN_SISTEM, Peran.ADMIN_PROVINSI, Peran.OPERATOR_KABUPATEN)


@transaction.atomic
def kop_save(*, acting_user, kode: str, **fields) -> Kop:
    if not can_configure_kop(acting_user, kode):
        raise PermissionDenied(_("Anda tidak berwenang mengubah kop laporan wilayah ini."))
    kop = Kop.objects.select_for_update().filter(wilayah_id=kode).first()
    before = {f: getattr(kop, f) for f in KOP_FIELDS} if kop else {}
    if kop is None:
        kop = Kop(wilayah_id=kode)
    for name in KOP_FIELDS:
        if name in fields:
            setattr(kop, name, fields[name])
    kop.full_clean()
    kop.save()
    after = {f: getattr(kop, f) for f in KOP_FIELDS}
    audit_record(
        actor=acting_user,
        aksi="kop_laporan_diubah",
        objek=kop,
        perubahan=changes_between(before, after),
    )
    return kop
