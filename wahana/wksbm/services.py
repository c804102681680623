"""Writes to the WKSBM registry. Every write is atomic, checks the acting user's right (rules.py)
and is audited in the same transaction."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wahana.audit.services import audit_record, changes_between
from wahana.berkas.models import Berkas
from wahana.berkas.services import berkas_store
from wahana.lib import kode as kodelib
from wahana.lib.nik import mask, nik_check
from wahana.wilayah.models import Wilayah

from . import rules, selectors
from .models import (
    BATAS_HARI_MAKS,
    BatasLaporan,
    JenisLembaga,
    KehadiranRapat,
    KomentarWksbm,
    LembagaAnggota,
    PengurusWksbm,
    RapatWksbm,
    TahapWksbm,
    Wksbm,
)

Tahap = TahapWksbm.Tahap
# The growth sequence: each stage and the one that must come before it in a cycle.
URUTAN_TAHAP = [Tahap.PERSIAPAN, Tahap.SOSIALISASI, Tahap.PEMBENTUKAN, Tahap.PENGESAHAN]


def _check_write(acting_user, kode_wilayah: str) -> None:
    if not rules.may_write(acting_user, kode_wilayah):
        raise PermissionDenied(_("Anda tidak berwenang mengubah WKSBM ini."))


def _today() -> datetime.date:
    return timezone.localdate()


def _not_future(field: str, value: datetime.date | None, label: str) -> None:
    if value and value > _today():
        raise ValidationError({field: _("%(label)s tidak boleh di masa depan.") % {"label": label}})


def _snapshot(obj, fields) -> dict:
    values = {name: getattr(obj, name) for name in fields}
    if values.get("nik"):
        # The audit trail is read by operators: it records that a NIK changed, not the NIK.
        values["nik"] = mask(values["nik"])
    return values


def _store(acting_user, upload, kode_wilayah: str) -> Berkas | None:
    if upload is None:
        return None
    return berkas_store(
        acting_user=acting_user,
        upload=upload,
        kode_wilayah=kode_wilayah,
        jenis=Berkas.Jenis.DOKUMEN,
    )


def _save_guarded(obj, message: dict) -> None:
    """Save; a database constraint that a concurrent write tripped becomes `message`."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        raise ValidationError(message) from error


# --- WKSBM ------------------------------------------------------------------------------------

WKSBM_FIELDS = (
    "tingkat",
    "kode_wilayah",
    "nama",
    "alamat_sekretariat",
    "kontak_nama",
    "kontak_telepon",
    "tanggal_dibentuk",
    "catatan",
)


@transaction.atomic
def wksbm_create(
    *,
    acting_user,
    kode_wilayah: str,
    nama: str,
    tingkat: str = Wksbm.Tingkat.DESA,
    alamat_sekretariat: str = "",
    kontak_nama: str = "",
    kontak_telepon: str = "",
    tanggal_dibentuk: datetime.date | None = None,
    catatan: str = "",
) -> Wksbm:
    kode_wilayah = (kode_wilayah or "").strip()
    _check_write(acting_user, kode_wilayah)
    if tingkat not in Wksbm.Tingkat.values:
        raise ValidationError({"tingkat": _("Tingkat WKSBM tidak dikenal.")})
    if not Wilayah.objects.filter(kode=kode_wilayah, aktif=True).exists():
        raise ValidationError({"kode_wilayah": _("Kode wilayah tidak dikenal.")})
    if kodelib.tingkat(kode_wilayah) != Wksbm.TINGKAT_WILAYAH[tingkat]:
        raise ValidationError(
            {
                "kode_wilayah": _("Wilayah harus setingkat %(tingkat)s.")
                % {"tingkat": Wksbm.Tingkat(tingkat).label}
            }
        )
    _not_future("tanggal_dibentuk", tanggal_dibentuk, _("Tanggal dibentuk"))
    duplikat = {"kode_wilayah": _("Wilayah ini sudah memiliki WKSBM pada tingkat tersebut.")}
    if Wksbm.objects.filter(wilayah_id=kode_wilayah, tingkat=tingkat).exists():
        raise ValidationError(duplikat)
    wksbm = Wksbm(
        tingkat=tingkat,
        wilayah_id=kode_wilayah,
        nama=nama.strip(),
        alamat_sekretariat=alamat_sekretariat,
        kontak_nama=kontak_nama,
        kontak_telepon=kontak_telepon,
        tanggal_dibentuk=tanggal_dibentuk,
        catatan=catatan,
    )
    wksbm.full_clean(validate_unique=False, validate_constraints=False)
    _save_guarded(wksbm, duplikat)
    audit_record(
        actor=acting_user,
        aksi="wksbm_dibuat",
        objek=wksbm,
        perubahan=changes_between({}, _snapshot(wksbm, WKSBM_FIELDS)),
    )
    return wksbm


@transaction.atomic
def wksbm_update(
    *,
    acting_user,
    wksbm: Wksbm,
    nama: str,
    alamat_sekretariat: str = "",
    kontak_nama: str = "",
    kontak_telepon: str = "",
    tanggal_dibentuk: datetime.date | None = None,
    catatan: str = "",
) -> Wksbm:
    """Change the profile. The region and level stay: a WKSBM of another desa is another WKSBM."""
    _check_write(acting_user, wksbm.kode_wilayah)
    _not_future("tanggal_dibentuk", tanggal_dibentuk, _("Tanggal dibentuk"))
    before = _snapshot(wksbm, WKSBM_FIELDS)
    wksbm.nama = nama.strip()
    wksbm.alamat_sekretariat = alamat_sekretariat
    wksbm.kontak_nama = kontak_nama
    wksbm.kontak_telepon = kontak_telepon
    wksbm.tanggal_dibentuk = tanggal_dibentuk
    wksbm.catatan = catatan
    wksbm.full_clean(validate_unique=False, validate_constraints=False)
    wksbm.save()
    audit_record(
        actor=acting_user,
        aksi="wksbm_diubah",
        objek=wksbm,
        perubahan=changes_between(before, _snapshot(wksbm, WKSBM_FIELDS)),
    )
    return wksbm


# --- Growth stages ----------------------------------------------------------------------------


def tahap_last(wksbm: Wksbm) -> TahapWksbm | None:
    """The last step of the last cycle: it *is* the current stage."""
    return wksbm.tahap_set.order_by("-siklus", "-urutan").first()


def tahap_next_allowed(wksbm: Wksbm, last: TahapWksbm | None = None) -> list[str]:
    """The stages that may be recorded now: the next one of the cycle, and (once the WKSBM has
    any step) persiapan again, which starts a new cycle (revitalisasi)."""
    last = last if last is not None else tahap_last(wksbm)
    if last is None:
        return [Tahap.PERSIAPAN]
    allowed = []
    position = URUTAN_TAHAP.index(last.tahap)
    if position + 1 < len(URUTAN_TAHAP):
        allowed.append(URUTAN_TAHAP[position + 1])
    allowed.append(Tahap.PERSIAPAN)
    return allowed


@transaction.atomic
def tahap_record(
    *,
    acting_user,
    wksbm: Wksbm,
    tahap: str,
    tanggal: datetime.date,
    keterangan: str = "",
    bukti_upload=None,
    sk_nomor: str = "",
    sk_tanggal: datetime.date | None = None,
    sk_penandatangan_nama: str = "",
    sk_penandatangan_jabatan: str = "",
    sk_upload=None,
) -> TahapWksbm:
    """Record the next growth step. Stages follow persiapan → sosialisasi → pembentukan pengurus →
    pengesahan; recording persiapan on a WKSBM that already has steps starts a new cycle
    (revitalisasi), keeping every earlier step. Pengesahan needs the SK and its scan."""
    _check_write(acting_user, wksbm.kode_wilayah)
    # Lock the WKSBM so two people recording a step at once cannot both take the same place.
    Wksbm.objects.select_for_update().filter(pk=wksbm.pk).first()
    if tahap not in Tahap.values:
        raise ValidationError({"tahap": _("Tahap tidak dikenal.")})
    last = tahap_last(wksbm)
    if tahap not in tahap_next_allowed(wksbm, last):
        expected = ", ".join(str(Tahap(t).label) for t in tahap_next_allowed(wksbm, last))
        raise ValidationError(
            {
                "tahap": _("Tahap ini belum dapat dicatat. Tahap yang dapat dicatat: %(tahap)s.")
                % {"tahap": expected}
            }
        )
    _not_future("tanggal", tanggal, _("Tanggal tahap"))
    if last is not None and tanggal < last.tanggal:
        raise ValidationError(
            {
                "tanggal": _("Tanggal tidak boleh sebelum tahap terakhir (%(tanggal)s).")
                % {"tanggal": last.tanggal.strftime("%d/%m/%Y")}
            }
        )
    step = TahapWksbm(
        wksbm=wksbm,
        wilayah_id=wksbm.wilayah_id,
        tahap=tahap,
        tanggal=tanggal,
        keterangan=keterangan,
        dicatat_oleh=acting_user,
    )
    if last is None:
        step.siklus = 1
    elif tahap == Tahap.PERSIAPAN:
        step.siklus = last.siklus + 1
    else:
        step.siklus = last.siklus
    if tahap == Tahap.PENGESAHAN:
        missing = {}
        for field, value, label in (
            ("sk_nomor", sk_nomor.strip(), _("Nomor SK wajib diisi untuk pengesahan.")),
            ("sk_tanggal", sk_tanggal, _("Tanggal SK wajib diisi untuk pengesahan.")),
            (
                "sk_penandatangan_nama",
                sk_penandatangan_nama.strip(),
                _("Nama penandatangan SK wajib diisi."),
            ),
            (
                "sk_penandatangan_jabatan",
                sk_penandatangan_jabatan.strip(),
                _("Jabatan penandatangan SK wajib diisi."),
            ),
            ("sk_berkas", sk_upload, _("Unggah pindaian SK (PDF atau gambar).")),
        ):
            if not value:
                missing[field] = [label]
        if missing:
            raise ValidationError(missing)
        _not_future("sk_tanggal", sk_tanggal, _("Tanggal SK"))
        step.sk_nomor = sk_nomor.strip()
        step.sk_tanggal = sk_tanggal
        step.sk_penandatangan_nama = sk_penandatangan_nama.strip()
        step.sk_penandatangan_jabatan = sk_penandatangan_jabatan.strip()
        step.sk_berkas = _store(acting_user, sk_upload, wksbm.kode_wilayah)
    step.bukti = _store(acting_user, bukti_upload, wksbm.kode_wilayah)
    _save_guarded(step, {"tahap": _("Tahap ini baru saja dicatat oleh orang lain.")})
    audit_record(
        actor=acting_user,
        aksi="wksbm_revitalisasi"
        if step.siklus > 1 and tahap == Tahap.PERSIAPAN
        else "wksbm_tahap",
        objek=wksbm,
        perubahan=changes_between(
            {},
            {
                "siklus": step.siklus,
                "tahap": step.tahap,
                "tanggal": step.tanggal,
                "sk_nomor": step.sk_nomor or None,
            },
        ),
    )
    return step


# --- Pengurus ---------------------------------------------------------------------------------

PENGURUS_FIELDS = ("nama", "nik", "telepon", "jabatan", "bidang", "mulai", "selesai", "aktif")


def _clean_nik(nik: str) -> str:
    if not nik or not nik.strip():
        return ""
    result = nik_check(nik)
    if result.errors:
        raise ValidationError({"nik": result.errors})
    return result.value


def _check_jabatan_tunggal(pengurus: PengurusWksbm) -> None:
    if not pengurus.aktif or pengurus.jabatan not in PengurusWksbm.JABATAN_TUNGGAL:
        return
    holder = (
        PengurusWksbm.objects.filter(
            wksbm_id=pengurus.wksbm_id, jabatan=pengurus.jabatan, aktif=True
        )
        .exclude(pk=pengurus.pk)
        .first()
    )
    if holder is not None:
        raise ValidationError({"jabatan": _jabatan_terisi(pengurus, holder.nama)})


def _jabatan_terisi(pengurus: PengurusWksbm, nama: str) -> str:
    return _(
        "Sudah ada %(jabatan)s aktif (%(nama)s). Akhiri dulu masa jabatannya sebelum "
        "mencatat %(jabatan)s baru."
    ) % {"jabatan": pengurus.get_jabatan_display().lower(), "nama": nama}


def _check_masa(mulai, selesai) -> None:
    _not_future("mulai", mulai, _("Tanggal mulai menjabat"))
    if selesai and mulai and selesai < mulai:
        raise ValidationError(
            {"selesai": _("Akhir masa jabatan tidak boleh sebelum tanggal mulai.")}
        )


@transaction.atomic
def pengurus_add(
    *,
    acting_user,
    wksbm: Wksbm,
    nama: str,
    jabatan: str,
    mulai: datetime.date,
    nik: str = "",
    telepon: str = "",
    bidang: str = "",
    selesai: datetime.date | None = None,
) -> PengurusWksbm:
    """Add an officer. Only one active ketua, sekretaris and bendahara at a time (also a
    database constraint)."""
    _check_write(acting_user, wksbm.kode_wilayah)
    if jabatan not in PengurusWksbm.Jabatan.values:
        raise ValidationError({"jabatan": _("Jabatan tidak dikenal.")})
    _check_masa(mulai, selesai)
    pengurus = PengurusWksbm(
        wksbm=wksbm,
        wilayah_id=wksbm.wilayah_id,
        nama=nama.strip(),
        nik=_clean_nik(nik),
        telepon=telepon,
        jabatan=jabatan,
        bidang=bidang,
        mulai=mulai,
        selesai=selesai,
        aktif=True,
    )
    pengurus.full_clean(validate_unique=False, validate_constraints=False)
    _check_jabatan_tunggal(pengurus)
    _save_guarded(pengurus, {"jabatan": _jabatan_terisi(pengurus, _("orang lain"))})
    audit_record(
        actor=acting_user,
        aksi="pengurus_wksbm_ditambah",
        objek=pengurus,
        perubahan=changes_between({}, _snapshot(pengurus, PENGURUS_FIELDS)),
    )
    return pengurus


@transaction.atomic
def pengurus_update(
    *,
    acting_user,
    pengurus: PengurusWksbm,
    nama: str,
    jabatan: str,
    mulai: datetime.date,
    nik: str | None = None,
    telepon: str = "",
    bidang: str = "",
    selesai: datetime.date | None = None,
) -> PengurusWksbm:
    """Correct an officer's record (a change of office for the same term included). `nik`
    None keeps the stored NIK (forms never show it in full), "" removes it."""
    _check_write(acting_user, pengurus.kode_wilayah)
    if jabatan not in PengurusWksbm.Jabatan.values:
        raise ValidationError({"jabatan": _("Jabatan tidak dikenal.")})
    _check_masa(mulai, selesai)
    before = _snapshot(pengurus, PENGURUS_FIELDS)
    pengurus.nama, pengurus.telepon = nama.strip(), telepon
    if nik is not None:
        pengurus.nik = _clean_nik(nik)
    pengurus.jabatan, pengurus.bidang = jabatan, bidang
    pengurus.mulai, pengurus.selesai = mulai, selesai
    pengurus.full_clean(validate_unique=False, validate_constraints=False)
    _check_jabatan_tunggal(pengurus)
    _save_guarded(pengurus, {"jabatan": _jabatan_terisi(pengurus, _("orang lain"))})
    audit_record(
        actor=acting_user,
        aksi="pengurus_wksbm_diubah",
        objek=pengurus,
        perubahan=changes_between(before, _snapshot(pengurus, PENGURUS_FIELDS)),
    )
    return pengurus


@transaction.atomic
def pengurus_end(*, acting_user, pengurus: PengurusWksbm, selesai: datetime.date) -> PengurusWksbm:
    """End a term: the row stays, inactive, with its end date (history is never deleted)."""
    _check_write(acting_user, pengurus.kode_wilayah)
    if not pengurus.aktif:
        raise ValidationError({"selesai": _("Masa jabatan ini sudah berakhir.")})
    _check_masa(pengurus.mulai, selesai)
    _not_future("selesai", selesai, _("Tanggal akhir masa jabatan"))
    before = _snapshot(pengurus, PENGURUS_FIELDS)
    pengurus.aktif, pengurus.selesai = False, selesai
    pengurus.save()
    audit_record(
        actor=acting_user,
        aksi="pengurus_wksbm_diakhiri",
        objek=pengurus,
        perubahan=changes_between(before, _snapshot(pengurus, PENGURUS_FIELDS)),
    )
    return pengurus


# --- Lembaga anggota --------------------------------------------------------------------------

LEMBAGA_FIELDS = (
    "jenis_id",
    "nama",
    "kontak_nama",
    "kontak_telepon",
    "tanggal_bergabung",
    "tanggal_keluar",
    "keterangan",
)


def _check_keanggotaan(tanggal_bergabung, tanggal_keluar) -> None:
    _not_future("tanggal_bergabung", tanggal_bergabung, _("Tanggal bergabung"))
    _not_future("tanggal_keluar", tanggal_keluar, _("Tanggal keluar"))
    if tanggal_keluar and tanggal_bergabung and tanggal_keluar < tanggal_bergabung:
        raise ValidationError(
            {"tanggal_keluar": _("Tanggal keluar tidak boleh sebelum tanggal bergabung.")}
        )


def _jenis(jenis) -> JenisLembaga:
    if isinstance(jenis, JenisLembaga):
        return jenis
    found = JenisLembaga.objects.filter(pk=jenis).first() if str(jenis).isdigit() else None
    if found is None:
        found = JenisLembaga.objects.filter(kode=str(jenis)).first()
    if found is None:
        raise ValidationError({"jenis": _("Jenis lembaga tidak dikenal.")})
    return found


@transaction.atomic
def lembaga_add(
    *,
    acting_user,
    wksbm: Wksbm,
    jenis,
    nama: str,
    tanggal_bergabung: datetime.date,
    kontak_nama: str = "",
    kontak_telepon: str = "",
    keterangan: str = "",
) -> LembagaAnggota:
    """Add a member institution. `jenis` is a JenisLembaga, its id or its kode."""
    _check_write(acting_user, wksbm.kode_wilayah)
    jenis = _jenis(jenis)
    if not jenis.aktif:
        raise ValidationError({"jenis": _("Jenis lembaga ini tidak dipakai lagi.")})
    _check_keanggotaan(tanggal_bergabung, None)
    lembaga = LembagaAnggota(
        wksbm=wksbm,
        wilayah_id=wksbm.wilayah_id,
        jenis=jenis,
        nama=nama.strip(),
        kontak_nama=kontak_nama,
        kontak_telepon=kontak_telepon,
        tanggal_bergabung=tanggal_bergabung,
        keterangan=keterangan,
    )
    lembaga.full_clean(validate_unique=False, validate_constraints=False)
    lembaga.save()
    audit_record(
        actor=acting_user,
        aksi="lembaga_anggota_ditambah",
        objek=lembaga,
        perubahan=changes_between({}, _snapshot(lembaga, LEMBAGA_FIELDS)),
    )
    return lembaga


@transaction.atomic
def lembaga_update(
    *,
    acting_user,
    lembaga: LembagaAnggota,
    jenis,
    nama: str,
    tanggal_bergabung: datetime.date,
    tanggal_keluar: datetime.date | None = None,
    kontak_nama: str = "",
    kontak_telepon: str = "",
    keterangan: str = "",
) -> LembagaAnggota:
    """Correct a member institution, or record that it left (`tanggal_keluar`)."""
    _check_write(acting_user, lembaga.kode_wilayah)
    jenis = _jenis(jenis)
    _check_keanggotaan(tanggal_bergabung, tanggal_keluar)
    before = _snapshot(lembaga, LEMBAGA_FIELDS)
    lembaga.jenis, lembaga.nama = jenis, nama.strip()
    lembaga.kontak_nama, lembaga.kontak_telepon = kontak_nama, kontak_telepon
    lembaga.tanggal_bergabung, lembaga.tanggal_keluar = tanggal_bergabung, tanggal_keluar
    lembaga.keterangan = keterangan
    lembaga.full_clean(validate_unique=False, validate_constraints=False)
    lembaga.save()
    audit_record(
        actor=acting_user,
        aksi="lembaga_anggota_diubah",
        objek=lembaga,
        perubahan=changes_between(before, _snapshot(lembaga, LEMBAGA_FIELDS)),
    )
    return lembaga


# --- Rapat ------------------------------------------------------------------------------------


RAPAT_FIELDS = ("tanggal", "tempat", "agenda", "keputusan", "notulen", "jumlah_hadir_lain")


def _check_rapat(wksbm: Wksbm, tanggal, jumlah_hadir_lain, hadir) -> list[PengurusWksbm]:
    """Validate a meeting's date and head count; the attending pengurus, all of this WKSBM."""
    _not_future("tanggal", tanggal, _("Tanggal rapat"))
    if jumlah_hadir_lain is None or jumlah_hadir_lain < 0:
        raise ValidationError({"jumlah_hadir_lain": _("Jumlah hadirin tidak boleh negatif.")})
    ids = {getattr(p, "pk", p) for p in hadir}
    pengurus = list(PengurusWksbm.objects.filter(wksbm=wksbm, pk__in=ids))
    if len(pengurus) != len(ids):
        raise ValidationError({"hadir": _("Ada hadirin yang bukan pengurus WKSBM ini.")})
    return pengurus


def _rapat_snapshot(rapat: RapatWksbm) -> dict:
    values = _snapshot(rapat, (*RAPAT_FIELDS, "berkas_id"))
    values["hadir"] = sorted(rapat.hadir.values_list("pk", flat=True))
    return values


@transaction.atomic
def rapat_create(
    *,
    acting_user,
    wksbm: Wksbm,
    tanggal: datetime.date,
    tempat: str,
    agenda: str,
    keputusan: str = "",
    notulen: str = "",
    hadir=(),
    jumlah_hadir_lain: int = 0,
    berkas_upload=None,
) -> RapatWksbm:
    """Record a meeting. `hadir`: pengurus (or their ids) of this WKSBM who attended."""
    _check_write(acting_user, wksbm.kode_wilayah)
    pengurus = _check_rapat(wksbm, tanggal, jumlah_hadir_lain, hadir)
    rapat = RapatWksbm(
        wksbm=wksbm,
        wilayah_id=wksbm.wilayah_id,
        tanggal=tanggal,
        tempat=tempat.strip(),
        agenda=agenda.strip(),
        keputusan=keputusan,
        notulen=notulen,
        jumlah_hadir_lain=jumlah_hadir_lain,
        dicatat_oleh=acting_user,
    )
    rapat.full_clean(validate_unique=False, validate_constraints=False)
    rapat.berkas = _store(acting_user, berkas_upload, wksbm.kode_wilayah)
    rapat.save()
    KehadiranRapat.objects.bulk_create(
        KehadiranRapat(rapat=rapat, pengurus=p, wilayah_id=wksbm.wilayah_id) for p in pengurus
    )
    audit_record(
        actor=acting_user,
        aksi="rapat_wksbm_dicatat",
        objek=rapat,
        perubahan=changes_between(
            {},
            {
                "tanggal": rapat.tanggal,
                "tempat": rapat.tempat,
                "hadir_pengurus": len(pengurus),
                "jumlah_hadir_lain": rapat.jumlah_hadir_lain,
            },
        ),
    )
    return rapat


@transaction.atomic
def rapat_update(
    *,
    acting_user,
    rapat: RapatWksbm,
    tanggal: datetime.date,
    tempat: str,
    agenda: str,
    keputusan: str = "",
    notulen: str = "",
    hadir=(),
    jumlah_hadir_lain: int = 0,
    berkas_upload=None,
) -> RapatWksbm:
    """Correct a meeting's record; `hadir` replaces the attendance list. Without
    `berkas_upload` the stored document stays."""
    _check_write(acting_user, rapat.kode_wilayah)
    pengurus = _check_rapat(rapat.wksbm, tanggal, jumlah_hadir_lain, hadir)
    before = _rapat_snapshot(rapat)
    rapat.tanggal, rapat.tempat, rapat.agenda = tanggal, tempat.strip(), agenda.strip()
    rapat.keputusan, rapat.notulen = keputusan, notulen
    rapat.jumlah_hadir_lain = jumlah_hadir_lain
    rapat.full_clean(validate_unique=False, validate_constraints=False)
    if berkas_upload is not None:
        rapat.berkas = _store(acting_user, berkas_upload, rapat.kode_wilayah)
    rapat.save()
    kept = {p.pk for p in pengurus}
    KehadiranRapat.objects.filter(rapat=rapat).exclude(pengurus_id__in=kept).delete()
    already = set(KehadiranRapat.objects.filter(rapat=rapat).values_list("pengurus_id", flat=True))
    KehadiranRapat.objects.bulk_create(
        KehadiranRapat(rapat=rapat, pengurus=p, wilayah_id=rapat.wilayah_id)
        for p in pengurus
        if p.pk not in already
    )
    audit_record(
        actor=acting_user,
        aksi="rapat_wksbm_diubah",
        objek=rapat,
        perubahan=changes_between(before, _rapat_snapshot(rapat)),
    )
    return rapat


# --- Komentar ---------------------------------------------------------------------------------


@transaction.atomic
def komentar_add(*, acting_user, wksbm: Wksbm, isi: str) -> KomentarWksbm:
    """A comment on a WKSBM, by the TKSK of its kecamatan or anyone who may edit it."""
    if not rules.may_comment(acting_user, wksbm.kode_wilayah):
        raise PermissionDenied(_("Anda tidak berwenang mengomentari WKSBM ini."))
    isi = (isi or "").strip()
    if not isi:
        raise ValidationError({"isi": _("Komentar tidak boleh kosong.")})
    komentar = KomentarWksbm.objects.create(
        wksbm=wksbm, wilayah_id=wksbm.wilayah_id, penulis=acting_user, isi=isi
    )
    audit_record(actor=acting_user, aksi="wksbm_dikomentari", objek=komentar)
    return komentar


# --- Jenis lembaga (reference list) -----------------------------------------------------------


def _check_jenis_manager(acting_user) -> None:
    if not rules.may_manage_jenis_lembaga(acting_user):
        raise PermissionDenied(_("Anda tidak berwenang mengubah daftar jenis lembaga."))


@transaction.atomic
def jenis_lembaga_create(*, acting_user, nama: str, urutan: int = 100) -> JenisLembaga:
    _check_jenis_manager(acting_user)
    nama = nama.strip()
    kode = slugify(nama)[:40]
    if not kode:
        raise ValidationError({"nama": _("Nama jenis lembaga wajib diisi.")})
    if JenisLembaga.objects.filter(kode=kode).exists():
        raise ValidationError({"nama": _("Jenis lembaga dengan nama ini sudah ada.")})
    jenis = JenisLembaga.objects.create(kode=kode, nama=nama, urutan=urutan)
    audit_record(
        actor=acting_user,
        aksi="jenis_lembaga_dibuat",
        objek=jenis,
        kode_wilayah=acting_user.kode_wilayah,
        perubahan=changes_between({}, {"kode": kode, "nama": nama, "urutan": urutan}),
    )
    return jenis


@transaction.atomic
def jenis_lembaga_update(
    *, acting_user, jenis: JenisLembaga, nama: str, urutan: int, aktif: bool
) -> JenisLembaga:
    """Rename, reorder or retire a kind (retired kinds stay on existing members)."""
    _check_jenis_manager(acting_user)
    before = _snapshot(jenis, ("nama", "urutan", "aktif"))
    jenis.nama, jenis.urutan, jenis.aktif = nama.strip(), urutan, aktif
    jenis.full_clean()
    jenis.save()
    audit_record(
        actor=acting_user,
        aksi="jenis_lembaga_diubah",
        objek=jenis,
        kode_wilayah=acting_user.kode_wilayah,
        perubahan=changes_between(before, _snapshot(jenis, ("nama", "urutan", "aktif"))),
    )
    return jenis


# --- Report deadline of a kabupaten -----------------------------------------------------------


@transaction.atomic
def batas_laporan_set(*, acting_user, kabupaten: str, hari: int) -> BatasLaporan | None:
    """The kabupaten's report deadline (day `hari` of the next month) from the current month on;
    earlier months keep theirs, a second change within the month replaces the first. Nothing is
    written when the deadline of the current month is already `hari`. Answers the row written."""
    if not rules.may_configure_kabupaten(acting_user, kabupaten):
        raise PermissionDenied(_("Anda tidak dapat mengubah batas laporan kabupaten ini."))
    if not 1 <= hari <= BATAS_HARI_MAKS:
        raise ValidationError(_("Batas hari laporan harus antara 1 dan 28."))
    bulan = _today().replace(day=1)
    lama = selectors.batas_laporan_for([(kabupaten, bulan)])[kabupaten, bulan].day
    if lama == hari:
        return None
    obj, _created = BatasLaporan.objects.update_or_create(
        wilayah_id=kabupaten,
        berlaku_mulai=bulan,
        defaults={"hari": hari, "dibuat_oleh": acting_user},
    )
    audit_record(
        actor=acting_user,
        aksi="batas_laporan_diubah",
        objek=obj,
        perubahan=changes_between({"hari": lama}, {"hari": hari}),
    )
    return obj
