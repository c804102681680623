"""Writes of PPKS data: atomic, permission-checked, audited."""

import datetime
import json
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wahana.akun.scope import in_scope
from wahana.audit.services import audit_record, changes_between
from wahana.lib import kode as kodelib
from wahana.lib.nik import mask, nik_check, no_kk_check
from wahana.wilayah.models import Wilayah

from . import crypto, rules
from .models import (
    DuplikatPpks,
    JenisPpks,
    LayananPpks,
    Ppks,
    RiwayatRujukan,
    RujukanPpks,
)
from .nama import nama_kunci
from .selectors import Kandidat, ppks_duplicate_candidates

# Plain fields a form, the API or an import may set (identity numbers and kinds go separately).
FIELDS = (
    "subjek",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "dusun",
    "rt",
    "rw",
    "alamat",
    "kebutuhan",
    "disabilitas_ragam",
    "disabilitas_keterangan",
    "status_dtsen",
    "desil_dtsen",
    "dasar_pemrosesan",
    "tanggal_persetujuan",
    "tanggal_ditemukan",
)
# Audited as "changed" without their values: the audit log must not become a copy of the data.
IDENTITY_FIELDS = ("nik_indeks", "no_kk_indeks")


class DuplikatDitemukan(ValidationError):
    """Possible duplicates found before saving: shown to the user, who may confirm."""

    def __init__(self, kandidat: list[Kandidat]):
        super().__init__("Data yang mungkin sama sudah ada. Periksa sebelum menyimpan.")
        self.kandidat = kandidat


_PROVINCES: frozenset[str] = frozenset()


def known_province_codes() -> frozenset[str]:
    """Province codes of the region list, read once per process (an empty list is re-read:
    regions may be loaded after the process started)."""
    global _PROVINCES
    if not _PROVINCES:
        _PROVINCES = frozenset(
            Wilayah.objects.filter(tingkat=kodelib.TINGKAT_PROVINSI).values_list("kode", flat=True)
        )
    return _PROVINCES


@dataclass
class Identitas:
    """Checked and protected identity numbers, ready to store."""

    fields: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def identitas_prepare(
    *,
    nik: str,
    no_kk: str,
    tanggal_lahir=None,
    jenis_kelamin: str = "",
    subjek="perorangan",
    sandi: crypto.Sandi | None = None,
) -> Identitas:
    """Check NIK and No KK (wahana.lib.nik), encrypt them and compute their blind indexes.
    Errors refuse the record; warnings keep it and mark it for checking. An import passes the
    `sandi` it took once (the current key's cipher), not looked up again for every row."""
    result = Identitas()
    provinces = known_province_codes()
    sandi = sandi or crypto.Sandi.current()
    if nik:
        checked = nik_check(
            nik,
            known_province_codes=provinces,
            birth_date=tanggal_lahir,
            sex=jenis_kelamin or None,
        )
        if checked.errors:
            result.errors["nik"] = checked.errors
        else:
            result.warnings += checked.warnings
            result.fields.update(
                nik_sandi=sandi.encrypt(checked.value, purpose="nik"),
                nik_indeks=sandi.blind_index(checked.value, purpose="nik"),
                nik_samaran=mask(checked.value),
            )
    elif subjek == Ppks.Subjek.PERORANGAN:
        result.warnings.append("NIK belum diisi.")
    if no_kk:
        checked = no_kk_check(no_kk, known_province_codes=provinces)
        if checked.errors:
            result.errors["no_kk"] = checked.errors
        else:
            result.warnings += checked.warnings
            result.fields.update(
                no_kk_sandi=sandi.encrypt(checked.value, purpose="no_kk"),
                no_kk_indeks=sandi.blind_index(checked.value, purpose="no_kk"),
                no_kk_samaran=mask(checked.value),
            )
    return result


def _require_write(acting_user, kode: str) -> None:
    if not rules.can_write(acting_user, kode):
        raise PermissionDenied(_("Anda tidak berwenang mengubah data PPKS di wilayah ini."))


def _desa(kode: str) -> Wilayah:
    try:
        wilayah = Wilayah.objects.get(pk=kode)
    except Wilayah.DoesNotExist as error:
        raise ValidationError({"wilayah": _("Kode desa/kelurahan tidak dikenal.")}) from error
    if wilayah.tingkat != kodelib.TINGKAT_DESA:
        raise ValidationError({"wilayah": _("Pilih sebuah desa/kelurahan.")})
    return wilayah


def _validate(data: dict) -> None:
    desil = data.get("desil_dtsen")
    if desil is not None and not 1 <= int(desil) <= 10:
        raise ValidationError({"desil_dtsen": _("Desil DTSEN bernilai 1 sampai 10.")})
    if not (data.get("nama") or "").strip():
        raise ValidationError({"nama": _("Nama wajib diisi.")})
    born = data.get("tanggal_lahir")
    if born and born > datetime.date.today():
        raise ValidationError({"tanggal_lahir": _("Tanggal lahir tidak boleh di masa depan.")})


def _snapshot(ppks: Ppks) -> dict:
    values = {name: getattr(ppks, name) for name in FIELDS}
    values["wilayah"] = ppks.wilayah_id
    values["status"] = ppks.status
    values["perlu_dicek"] = ppks.perlu_dicek
    for name in IDENTITY_FIELDS:
        # A short prefix of the keyed index shows that a number changed without recording it.
        values[name] = (getattr(ppks, name) or "")[:8] or None
    return values


def _clean(ppks: Ppks) -> None:
    """Field rules of the model (choices, lengths, desil 1-10) for every way in (form, API)."""
    ppks.full_clean(
        exclude=["wilayah", "ditemukan_oleh", "digabung_ke", "jenis"],
        validate_unique=False,
        validate_constraints=False,
    )


def pair_region(a: str, b: str) -> str:
    """The smallest region containing both codes."""
    common = ""
    for x, y in zip(kodelib.leluhur(a), kodelib.leluhur(b), strict=False):
        if x != y:
            break
        common = x
    return common


def duplikat_record(*, utama: Ppks, duplikat: Ppks, skor: int, alasan: list[str]) -> None:
    """Open a review pair (older record first) unless one already exists."""
    first, second = sorted((utama, duplikat), key=lambda p: p.pk)
    region = pair_region(first.kode_wilayah, second.kode_wilayah)
    if not region:
        return
    DuplikatPpks.objects.get_or_create(
        utama=first,
        duplikat=second,
        defaults={"wilayah_id": region, "skor": skor, "alasan": alasan},
    )


@transaction.atomic
def ppks_create(
    *,
    acting_user,
    data: dict,
    kode_wilayah: str,
    jenis: list[JenisPpks],
    nik: str = "",
    no_kk: str = "",
    konfirmasi_duplikat: bool = False,
) -> Ppks:
    """Register a PPKS. Refuses an impossible NIK or one already registered; raises
    DuplikatDitemukan when similar records exist and the user has not confirmed, and opens
    review pairs for them when confirmed."""
    _require_write(acting_user, kode_wilayah)
    desa = _desa(kode_wilayah)
    _validate(data)
    identitas = identitas_prepare(
        nik=nik,
        no_kk=no_kk,
        tanggal_lahir=data.get("tanggal_lahir"),
        jenis_kelamin=data.get("jenis_kelamin") or "",
        subjek=data.get("subjek") or Ppks.Subjek.PERORANGAN,
    )
    if identitas.errors:
        raise ValidationError(identitas.errors)
    kandidat = ppks_duplicate_candidates(
        nik_indeks=identitas.fields.get("nik_indeks"),
        no_kk_indeks=identitas.fields.get("no_kk_indeks"),
        nama=data["nama"],
        tanggal_lahir=data.get("tanggal_lahir"),
        kode_wilayah=desa.kode,
        user=acting_user,
    )
    if any("NIK sama" in k.alasan for k in kandidat):
        raise ValidationError({"nik": _("NIK ini sudah terdaftar sebagai PPKS.")})
    if kandidat and not konfirmasi_duplikat:
        raise DuplikatDitemukan(kandidat)
    ppks = Ppks(
        **{name: data[name] for name in FIELDS if name in data},
        **identitas.fields,
        wilayah=desa,
        ditemukan_oleh=acting_user,
    )
    ppks.nama = ppks.nama.strip()
    ppks.nama_kunci = nama_kunci(ppks.nama)
    ppks.tanggal_ditemukan = ppks.tanggal_ditemukan or timezone.localdate()
    ppks.perlu_dicek = bool(identitas.warnings)
    ppks.alasan_dicek = "\n".join(identitas.warnings)
    _clean(ppks)
    ppks.save()
    ppks.jenis.set(jenis)
    for k in kandidat:
        duplikat_record(utama=k.ppks, duplikat=ppks, skor=k.skor, alasan=k.alasan)
    audit_record(
        actor=acting_user,
        aksi="ppks_dibuat",
        objek=ppks,
        perubahan=changes_between({}, _snapshot(ppks)) | {"jenis": [None, _jenis_text(jenis)]},
    )
    return ppks


def _jenis_text(jenis) -> str:
    return ",".join(sorted(j.kode for j in jenis))


@transaction.atomic
def ppks_update(
    *,
    acting_user,
    ppks: Ppks,
    data: dict,
    kode_wilayah: str,
    jenis: list[JenisPpks],
    nik: str = "",
    no_kk: str = "",
) -> Ppks:
    """Change a PPKS. An empty NIK or No KK keeps the stored one (the form never shows it)."""
    _require_write(acting_user, ppks.kode_wilayah)
    _require_write(acting_user, kode_wilayah)
    if ppks.status != Ppks.Status.AKTIF:
        raise ValidationError(_("Hanya data aktif yang dapat diubah."))
    desa = _desa(kode_wilayah)
    _validate(data)
    before = _snapshot(ppks)
    jenis_before = _jenis_text(ppks.jenis.all())
    identitas = identitas_prepare(
        nik=nik or crypto.decrypt(ppks.nik_sandi, purpose="nik"),
        no_kk=no_kk or crypto.decrypt(ppks.no_kk_sandi, purpose="no_kk"),
        tanggal_lahir=data.get("tanggal_lahir"),
        jenis_kelamin=data.get("jenis_kelamin") or "",
        subjek=data.get("subjek") or ppks.subjek,
    )
    if identitas.errors:
        raise ValidationError(identitas.errors)
    new_index = identitas.fields.get("nik_indeks")
    if (
        new_index
        and new_index != ppks.nik_indeks
        and Ppks.objects.filter(nik_indeks=new_index).exclude(pk=ppks.pk).exists()
    ):
        raise ValidationError({"nik": _("NIK ini sudah terdaftar sebagai PPKS.")})
    for name in FIELDS:
        if name in data:
            setattr(ppks, name, data[name])
    if not nik and not no_kk:
        # Unchanged numbers keep their ciphertext (no needless re-encryption churn).
        identitas.fields = {}
    for name, value in identitas.fields.items():
        setattr(ppks, name, value)
    ppks.wilayah = desa
    ppks.nama = ppks.nama.strip()
    ppks.nama_kunci = nama_kunci(ppks.nama)
    ppks.perlu_dicek = bool(identitas.warnings)
    ppks.alasan_dicek = "\n".join(identitas.warnings)
    _clean(ppks)
    ppks.save()
    ppks.jenis.set(jenis)
    changes = changes_between(before, _snapshot(ppks))
    if jenis_before != _jenis_text(jenis):
        changes["jenis"] = [jenis_before, _jenis_text(jenis)]
    audit_record(actor=acting_user, aksi="ppks_diubah", objek=ppks, perubahan=changes)
    return ppks


@transaction.atomic
def ppks_reveal(*, acting_user, ppks: Ppks, alasan: str) -> dict:
    """The full NIK and No KK, for a stated reason; the view is audited (who, what, when, why)."""
    if not rules.can_write(acting_user, ppks.kode_wilayah):
        raise PermissionDenied(_("Anda tidak berwenang melihat NIK ini."))
    alasan = (alasan or "").strip()
    if len(alasan) < 5:
        raise ValidationError({"alasan": _("Tuliskan alasan melihat NIK (minimal 5 huruf).")})
    audit_record(actor=acting_user, aksi="nik_dilihat", objek=ppks, keterangan=alasan[:500])
    return {
        "nik": crypto.decrypt(ppks.nik_sandi, purpose="nik"),
        "no_kk": crypto.decrypt(ppks.no_kk_sandi, purpose="no_kk"),
    }


@transaction.atomic
def ppks_archive(*, acting_user, ppks: Ppks, alasan: str, restore: bool = False) -> Ppks:
    """Archive a record (no longer followed, kept for history) or bring it back."""
    _require_write(acting_user, ppks.kode_wilayah)
    source, target = (
        (Ppks.Status.DIARSIPKAN, Ppks.Status.AKTIF)
        if restore
        else (Ppks.Status.AKTIF, Ppks.Status.DIARSIPKAN)
    )
    if ppks.status != source:
        raise ValidationError(_("Status data tidak memungkinkan tindakan ini."))
    ppks.status = target
    ppks.save(update_fields=["status", "diubah"])
    audit_record(
        actor=acting_user,
        aksi="ppks_dipulihkan" if restore else "ppks_diarsipkan",
        objek=ppks,
        perubahan={"status": [source, target]},
        keterangan=(alasan or "")[:500],
    )
    return ppks


# Personal fields blanked by an erasure; kinds, region, sex, DTSEN desil and dates of service
# stay so that counts and reports over past years remain true.
ERASED = {
    "nik_sandi": "",
    "nik_indeks": None,
    "nik_samaran": "",
    "no_kk_sandi": "",
    "no_kk_indeks": None,
    "no_kk_samaran": "",
    "nama": "(data pribadi dihapus)",
    "nama_kunci": "",
    "tempat_lahir": "",
    "tanggal_lahir": None,
    "dusun": "",
    "rt": "",
    "rw": "",
    "alamat": "",
    "kebutuhan": "",
    "disabilitas_keterangan": "",
    "alasan_dicek": "",
    "perlu_dicek": False,
}


@transaction.atomic
def ppks_erase(*, acting_user, ppks: Ppks, alasan: str) -> Ppks:
    """Erase the personal data of a record when legally due (UU PDP 27/2022 Pasal 8, 43), keeping
    the row, its kinds and its services for counts."""
    if not (rules.can_full_export(acting_user) and in_scope(acting_user, ppks.kode_wilayah)):
        raise PermissionDenied(_("Hanya operator yang dapat menghapus data pribadi."))
    alasan = (alasan or "").strip()
    if len(alasan) < 5:
        raise ValidationError({"alasan": _("Tuliskan dasar penghapusan (minimal 5 huruf).")})
    if ppks.status == Ppks.Status.DIHAPUS:
        raise ValidationError(_("Data pribadi ini sudah dihapus."))
    _erase(ppks)
    audit_record(
        actor=acting_user,
        aksi="ppks_data_pribadi_dihapus",
        objek=ppks,
        keterangan=alasan[:500],
    )
    return ppks


def _erase(ppks: Ppks) -> None:
    for name, value in ERASED.items():
        setattr(ppks, name, value)
    ppks.status = Ppks.Status.DIHAPUS
    ppks.save()
    LayananPpks.objects.filter(ppks=ppks).update(keterangan="")
    RujukanPpks.objects.filter(ppks=ppks).update(alasan="")
    RiwayatRujukan.objects.filter(rujukan__ppks=ppks).update(catatan="")


def retention_due(*, years: int, today: datetime.date | None = None):
    """Archived records untouched for `years` years: their personal data is due for erasure."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=round(365.25 * years))
    return Ppks.objects.filter(status=Ppks.Status.DIARSIPKAN, diubah__date__lt=limit)


def ppks_retention_apply(*, years: int, today: datetime.date | None = None) -> int:
    """Erase the personal data of every archived record past the retention period, each in its
    own transaction with its audit row (actor: the system)."""
    count = 0
    for ppks in retention_due(years=years, today=today).iterator(chunk_size=500):
        with transaction.atomic():
            _erase(ppks)
            audit_record(
                actor=None,
                aksi="ppks_data_pribadi_dihapus",
                objek=ppks,
                keterangan=f"masa retensi {years} tahun setelah diarsipkan telah lewat",
            )
        count += 1
    return count


@transaction.atomic
def ppks_personal_report(*, acting_user, ppks: Ppks, alasan: str) -> dict:
    """Everything Wahana holds on one person and who saw it, to answer a data subject's request
    (UU PDP 27/2022 Pasal 7, within 3x24 hours). Shows the full NIK: audited with its reason."""
    from wahana.audit.models import AuditLog

    if not (rules.can_full_export(acting_user) and in_scope(acting_user, ppks.kode_wilayah)):
        raise PermissionDenied(_("Hanya operator yang dapat membuat laporan data pribadi."))
    alasan = (alasan or "").strip()
    if len(alasan) < 5:
        raise ValidationError({"alasan": _("Tuliskan dasar permintaan (minimal 5 huruf).")})
    trail = list(
        AuditLog.objects.filter(objek_tipe="ppks.ppks", objek_id=str(ppks.pk)).order_by(
            "waktu", "id"
        )
    )
    # List exports do not name the people in them: report those whose area covered this person.
    exports = AuditLog.objects.filter(
        aksi__in=("ppks_diekspor", "ppks_diekspor_penuh"),
        kode_wilayah__in=["", *kodelib.leluhur(ppks.kode_wilayah)],
    ).order_by("waktu", "id")
    audit_record(
        actor=acting_user, aksi="ppks_laporan_data_pribadi", objek=ppks, keterangan=alasan[:500]
    )
    return {
        "identitas": {
            "nik": crypto.decrypt(ppks.nik_sandi, purpose="nik"),
            "no_kk": crypto.decrypt(ppks.no_kk_sandi, purpose="no_kk"),
        },
        "jenis": list(ppks.jenis.all()),
        "layanan": list(ppks.layanan_set.all()),
        "rujukan": list(ppks.rujukan_set.prefetch_related("riwayat")),
        "jejak": trail,
        "ekspor": list(exports[:500]),
    }


@transaction.atomic
def layanan_create(
    *,
    acting_user,
    ppks: Ppks,
    jenis: str,
    tanggal: datetime.date,
    penyedia: str,
    penyedia_nama: str = "",
    keterangan: str = "",
) -> LayananPpks:
    _require_write(acting_user, ppks.kode_wilayah)
    if ppks.status != Ppks.Status.AKTIF:
        raise ValidationError(_("Layanan hanya dicatat untuk PPKS aktif."))
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": _("Tanggal layanan tidak boleh di masa depan.")})
    layanan = LayananPpks(
        ppks=ppks,
        wilayah_id=ppks.wilayah_id,
        jenis=jenis,
        tanggal=tanggal,
        penyedia=penyedia,
        penyedia_nama=penyedia_nama,
        keterangan=keterangan,
        dicatat_oleh=acting_user,
    )
    layanan.full_clean(exclude=["ppks", "wilayah", "dicatat_oleh"])
    layanan.save()
    audit_record(
        actor=acting_user,
        aksi="layanan_ppks_dibuat",
        objek=layanan,
        perubahan={
            "jenis": [None, jenis],
            "tanggal": [None, str(tanggal)],
            "ppks": [None, str(ppks.pk)],
        },
    )
    return layanan


@transaction.atomic
def rujukan_create(
    *, acting_user, ppks: Ppks, lembaga: str, tanggal: datetime.date, alasan: str = ""
) -> RujukanPpks:
    _require_write(acting_user, ppks.kode_wilayah)
    if ppks.status != Ppks.Status.AKTIF:
        raise ValidationError(_("Rujukan hanya dicatat untuk PPKS aktif."))
    if not lembaga.strip():
        raise ValidationError({"lembaga": _("Lembaga tujuan wajib diisi.")})
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": _("Tanggal rujukan tidak boleh di masa depan.")})
    rujukan = RujukanPpks(
        ppks=ppks,
        wilayah_id=ppks.wilayah_id,
        lembaga=lembaga.strip(),
        tanggal=tanggal,
        alasan=alasan,
        dicatat_oleh=acting_user,
    )
    rujukan.full_clean(exclude=["ppks", "wilayah", "dicatat_oleh"])
    rujukan.save()
    RiwayatRujukan.objects.create(
        rujukan=rujukan,
        wilayah_id=rujukan.wilayah_id,
        status=RujukanPpks.Status.DIRUJUK,
        tanggal=tanggal,
        oleh=acting_user,
    )
    audit_record(
        actor=acting_user,
        aksi="rujukan_ppks_dibuat",
        objek=rujukan,
        perubahan={"lembaga": [None, rujukan.lembaga], "ppks": [None, str(ppks.pk)]},
    )
    return rujukan


@transaction.atomic
def rujukan_status_update(
    *, acting_user, rujukan: RujukanPpks, status: str, tanggal: datetime.date, catatan: str = ""
) -> RujukanPpks:
    """Move a referral one step along dirujuk → diterima → ditangani → selesai (or ditolak)."""
    _require_write(acting_user, rujukan.kode_wilayah)
    if status not in RujukanPpks.LANGKAH[rujukan.status]:
        raise ValidationError(
            {
                "status": _("Status %(dari)s tidak dapat diubah menjadi %(ke)s.")
                % {"dari": rujukan.get_status_display(), "ke": status}
            }
        )
    last = rujukan.riwayat.order_by("-tanggal", "-id").first()
    if last and tanggal < last.tanggal:
        raise ValidationError({"tanggal": _("Tanggal tidak boleh sebelum status sebelumnya.")})
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": _("Tanggal tidak boleh di masa depan.")})
    before = rujukan.status
    rujukan.status = status
    rujukan.save(update_fields=["status"])
    RiwayatRujukan.objects.create(
        rujukan=rujukan,
        wilayah_id=rujukan.wilayah_id,
        status=status,
        tanggal=tanggal,
        catatan=catatan,
        oleh=acting_user,
    )
    audit_record(
        actor=acting_user,
        aksi="rujukan_ppks_status",
        objek=rujukan,
        perubahan={"status": [before, status]},
        keterangan=catatan[:500],
    )
    return rujukan


def _require_review(acting_user, pair: DuplikatPpks) -> None:
    if not (rules.can_review(acting_user) and in_scope(acting_user, pair.kode_wilayah)):
        raise PermissionDenied(_("Anda tidak berwenang meninjau duplikat ini."))


@transaction.atomic
def duplikat_merge(*, acting_user, pair: DuplikatPpks) -> DuplikatPpks:
    """Merge the second record into the first: services, referrals and kinds move to the kept
    record, the second is marked `digabung`. Everything moved is noted so it can be undone."""
    _require_review(acting_user, pair)
    if pair.status != DuplikatPpks.Status.TERBUKA:
        raise ValidationError(_("Pasangan ini sudah ditinjau."))
    utama, duplikat = pair.utama, pair.duplikat
    if utama.status != Ppks.Status.AKTIF or duplikat.status != Ppks.Status.AKTIF:
        raise ValidationError(_("Hanya dua data aktif yang dapat digabung."))
    layanan = list(LayananPpks.objects.filter(ppks=duplikat).values_list("pk", flat=True))
    rujukan = list(RujukanPpks.objects.filter(ppks=duplikat).values_list("pk", flat=True))
    kept_kinds = set(utama.jenis.values_list("pk", flat=True))
    added_kinds = [pk for pk in duplikat.jenis.values_list("pk", flat=True) if pk not in kept_kinds]
    LayananPpks.objects.filter(pk__in=layanan).update(ppks=utama, wilayah_id=utama.wilayah_id)
    RujukanPpks.objects.filter(pk__in=rujukan).update(ppks=utama, wilayah_id=utama.wilayah_id)
    RiwayatRujukan.objects.filter(rujukan__in=rujukan).update(wilayah_id=utama.wilayah_id)
    utama.jenis.add(*added_kinds)
    duplikat.status = Ppks.Status.DIGABUNG
    duplikat.digabung_ke = utama
    duplikat.save(update_fields=["status", "digabung_ke", "diubah"])
    pair.perpindahan = {
        "layanan": layanan,
        "rujukan": rujukan,
        "jenis": added_kinds,
        "wilayah_duplikat": duplikat.wilayah_id,
    }
    pair.status = DuplikatPpks.Status.DIGABUNG
    pair.ditinjau_oleh = acting_user
    pair.ditinjau_pada = timezone.now()
    pair.save()
    audit_record(
        actor=acting_user,
        aksi="ppks_digabung",
        objek=duplikat,
        perubahan={"digabung_ke": [None, str(utama.pk)]},
        keterangan=f"pasangan {pair.pk}",
    )
    return pair


@transaction.atomic
def duplikat_unmerge(*, acting_user, pair: DuplikatPpks) -> DuplikatPpks:
    """Undo a merge exactly: what moved goes back, the second record is active again, and the
    pair is open for review again."""
    _require_review(acting_user, pair)
    if pair.status != DuplikatPpks.Status.DIGABUNG:
        raise ValidationError(_("Pasangan ini tidak dalam keadaan digabung."))
    moved = pair.perpindahan
    utama, duplikat = pair.utama, pair.duplikat
    region = moved.get("wilayah_duplikat", duplikat.wilayah_id)
    LayananPpks.objects.filter(pk__in=moved.get("layanan", [])).update(
        ppks=duplikat, wilayah_id=region
    )
    RujukanPpks.objects.filter(pk__in=moved.get("rujukan", [])).update(
        ppks=duplikat, wilayah_id=region
    )
    RiwayatRujukan.objects.filter(rujukan__in=moved.get("rujukan", [])).update(wilayah_id=region)
    utama.jenis.remove(*moved.get("jenis", []))
    duplikat.status = Ppks.Status.AKTIF
    duplikat.digabung_ke = None
    duplikat.save(update_fields=["status", "digabung_ke", "diubah"])
    pair.status = DuplikatPpks.Status.TERBUKA
    pair.perpindahan = {}
    pair.ditinjau_oleh = acting_user
    pair.ditinjau_pada = timezone.now()
    pair.save()
    audit_record(
        actor=acting_user,
        aksi="ppks_gabung_dibatalkan",
        objek=duplikat,
        perubahan={"digabung_ke": [str(utama.pk), None]},
        keterangan=f"pasangan {pair.pk}",
    )
    return pair


@transaction.atomic
def duplikat_mark_distinct(*, acting_user, pair: DuplikatPpks) -> DuplikatPpks:
    _require_review(acting_user, pair)
    if pair.status != DuplikatPpks.Status.TERBUKA:
        raise ValidationError(_("Pasangan ini sudah ditinjau."))
    pair.status = DuplikatPpks.Status.BERBEDA
    pair.ditinjau_oleh = acting_user
    pair.ditinjau_pada = timezone.now()
    pair.save()
    audit_record(
        actor=acting_user,
        aksi="duplikat_ppks_berbeda",
        objek=pair,
        perubahan={"status": ["terbuka", "berbeda"]},
    )
    return pair


def ppks_rotate_key(*, batch: int = 2000, progress=None) -> int:
    """Re-encrypt every NIK/No KK not on the current key version and recompute every blind index
    with the current key, in one transaction (an interrupted run changes nothing). Returns the
    number of rows rewritten. Run after adding a new version to WAHANA_DATA_KEY; the old version
    can be removed from the key once this has finished."""
    key = crypto.current_key()
    total = 0
    with transaction.atomic():
        qs = Ppks.objects.exclude(nik_sandi="", no_kk_sandi="").only(
            "pk", "nik_sandi", "no_kk_sandi", "nik_indeks", "no_kk_indeks"
        )
        pending: list[Ppks] = []
        for ppks in qs.iterator(chunk_size=batch):
            nik = crypto.decrypt(ppks.nik_sandi, purpose="nik")
            no_kk = crypto.decrypt(ppks.no_kk_sandi, purpose="no_kk")
            ppks.nik_sandi = crypto.encrypt(nik, purpose="nik")
            ppks.no_kk_sandi = crypto.encrypt(no_kk, purpose="no_kk")
            ppks.nik_indeks = crypto.blind_index(nik, purpose="nik", key=key)
            ppks.no_kk_indeks = crypto.blind_index(no_kk, purpose="no_kk", key=key)
            pending.append(ppks)
            if len(pending) >= batch:
                total += _flush_rekey(pending)
                if progress:
                    progress(total)
        total += _flush_rekey(pending)
        if progress:
            progress(total)
        audit_record(
            actor=None,
            aksi="kunci_data_dirotasi",
            keterangan=f"{total} data PPKS dienkripsi ulang dengan kunci versi {key.versi}",
        )
    return total


def _flush_rekey(pending: list) -> int:
    count = len(pending)
    if pending:
        Ppks.objects.bulk_update(
            pending, ["nik_sandi", "no_kk_sandi", "nik_indeks", "no_kk_indeks"]
        )
        pending.clear()
    return count


def ppks_export_record(*, acting_user, full: bool, filters: dict, alasan: str = "") -> None:
    """Audit an export of the list (which filters; full NIK or masked; why)."""
    if full and not rules.can_full_export(acting_user):
        raise PermissionDenied(_("Anda tidak berwenang mengekspor NIK lengkap."))
    audit_record(
        actor=acting_user,
        aksi="ppks_diekspor_penuh" if full else "ppks_diekspor",
        kode_wilayah=acting_user.kode_wilayah,
        perubahan={"filter": [None, json.dumps(filters, sort_keys=True)]},
        keterangan=alasan[:500],
    )
