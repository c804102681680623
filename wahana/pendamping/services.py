"""Writes of the pendamping app: atomic, permission-checked, audited."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wahana.akun.models import Peran
from wahana.akun.scope import in_scope
from wahana.audit.services import audit_record, changes_between
from wahana.berkas.models import Berkas
from wahana.berkas.services import berkas_store
from wahana.lib import kode as kodelib
from wahana.lib.nik import nik_check
from wahana.wilayah.models import Wilayah

from .models import (
    FotoKunjungan,
    Kunjungan,
    LaporanBaris,
    LaporanBulanan,
    Pendamping,
    PenugasanPsm,
    Program,
    ProgramDesa,
    TindakLanjut,
)
from .selectors import (
    can_manage,
    can_write_kunjungan,
    can_write_laporan,
    can_write_tindak_lanjut,
    laporan_baris_gather,
    month_start,
)

PENDAMPING_FIELDS = (
    "jenis",
    "nama",
    "nik",
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
TINGKAT_TUGAS = {
    Pendamping.Jenis.TKSK: {kodelib.TINGKAT_KECAMATAN},
    Pendamping.Jenis.PSM: {kodelib.TINGKAT_KECAMATAN, kodelib.TINGKAT_DESA},
    Pendamping.Jenis.PENYULUH: {
        kodelib.TINGKAT_KABUPATEN,
        kodelib.TINGKAT_KECAMATAN,
        kodelib.TINGKAT_DESA,
    },
    Pendamping.Jenis.STAF: {kodelib.TINGKAT_KABUPATEN, kodelib.TINGKAT_KECAMATAN},
}
# The login role a pendamping kind may be linked to.
PERAN_AKUN = {Pendamping.Jenis.TKSK: Peran.TKSK, Pendamping.Jenis.PSM: Peran.PSM}


def _require_manage(user, kode_wilayah: str) -> None:
    if not can_manage(user, kode_wilayah):
        raise PermissionDenied(_("Anda tidak berwenang mengelola pendamping di wilayah ini."))


def _require_wilayah(kode: str, tingkat: set[int], field: str = "wilayah") -> None:
    if kodelib.tingkat(kode) not in tingkat:
        raise ValidationError({field: _("Tingkat wilayah tidak sesuai.")})
    if not Wilayah.objects.filter(kode=kode, aktif=True).exists():
        raise ValidationError({field: _("Kode wilayah tidak dikenal.")})


def _snapshot(p: Pendamping) -> dict:
    data = {name: getattr(p, name) for name in PENDAMPING_FIELDS}
    data.update(kode_wilayah=p.wilayah_id, akun=p.akun_id, berkas_sk=p.berkas_sk_id)
    return data


def _check_pendamping(p: Pendamping) -> None:
    """The rules of a pendamping record, in words before the database says no."""
    errors = {}
    if p.nik:
        result = nik_check(p.nik, birth_date=p.tanggal_lahir, sex=p.jenis_kelamin or None)
        if result.errors:
            errors["nik"] = result.errors
        else:
            p.nik = result.value
    if p.masa_mulai and p.masa_selesai and p.masa_selesai < p.masa_mulai:
        errors["masa_selesai"] = [_("Masa tugas selesai sebelum mulai.")]
    if p.jenis == Pendamping.Jenis.TKSK and p.aktif:
        other = (
            Pendamping.objects.filter(jenis=Pendamping.Jenis.TKSK, aktif=True, wilayah=p.wilayah)
            .exclude(pk=p.pk)
            .first()
        )
        if other is not None:
            errors["aktif"] = [
                _(
                    "Kecamatan ini sudah memiliki TKSK aktif (%(nama)s). Nonaktifkan dulu "
                    "sebelum menugaskan TKSK baru."
                )
                % {"nama": other.nama}
            ]
    if p.akun_id:
        akun = p.akun
        if PERAN_AKUN.get(p.jenis) != akun.peran:
            errors["akun"] = [_("Peran akun tidak sesuai dengan jenis pendamping.")]
        elif not in_scope(akun, p.wilayah_id):
            errors["akun"] = [_("Wilayah akun harus mencakup wilayah tugas pendamping.")]
        elif Pendamping.objects.filter(akun=akun).exclude(pk=p.pk).exists():
            errors["akun"] = [_("Akun ini sudah terhubung dengan pendamping lain.")]
    if errors:
        raise ValidationError(errors)


def _save(p: Pendamping) -> None:
    try:
        with transaction.atomic():
            p.save()
    except IntegrityError as error:
        # Two operators assigning a TKSK to the same kecamatan at once: the constraint wins.
        raise ValidationError({"aktif": [_("Kecamatan ini sudah memiliki TKSK aktif.")]}) from error


def _store_sk(acting_user, p: Pendamping, dokumen_sk) -> None:
    if dokumen_sk:
        p.berkas_sk = berkas_store(
            acting_user=acting_user,
            upload=dokumen_sk,
            kode_wilayah=p.wilayah_id,
            jenis=Berkas.Jenis.DOKUMEN,
        )


@transaction.atomic
def pendamping_create(
    *, acting_user, kode_wilayah: str, akun=None, dokumen_sk=None, **fields
) -> Pendamping:
    _require_manage(acting_user, kode_wilayah)
    jenis = fields.get("jenis")
    if jenis not in Pendamping.Jenis.values:
        raise ValidationError({"jenis": _("Jenis pendamping tidak dikenal.")})
    _require_wilayah(kode_wilayah, TINGKAT_TUGAS[jenis])
    p = Pendamping(wilayah_id=kode_wilayah, akun=akun, **fields)
    _check_pendamping(p)
    _store_sk(acting_user, p, dokumen_sk)
    p.full_clean(validate_constraints=False)
    _save(p)
    audit_record(
        actor=acting_user,
        aksi="pendamping_dibuat",
        objek=p,
        perubahan=changes_between({}, _snapshot(p)),
    )
    return p


@transaction.atomic
def pendamping_update(
    *,
    acting_user,
    pendamping: Pendamping,
    kode_wilayah: str | None = None,
    akun=None,
    dokumen_sk=None,
    **fields,
) -> Pendamping:
    p = Pendamping.objects.select_for_update().get(pk=pendamping.pk)
    _require_manage(acting_user, p.wilayah_id)
    before = _snapshot(p)
    kode_wilayah = kode_wilayah or p.wilayah_id
    _require_manage(acting_user, kode_wilayah)
    for name, value in fields.items():
        if name not in PENDAMPING_FIELDS:
            raise TypeError(name)
        setattr(p, name, value)
    if p.jenis not in Pendamping.Jenis.values:
        raise ValidationError({"jenis": _("Jenis pendamping tidak dikenal.")})
    _require_wilayah(kode_wilayah, TINGKAT_TUGAS[p.jenis])
    p.wilayah_id = kode_wilayah
    p.akun = akun
    _check_pendamping(p)
    _store_sk(acting_user, p, dokumen_sk)
    p.full_clean(validate_constraints=False)
    _save(p)
    audit_record(
        actor=acting_user,
        aksi="pendamping_diubah",
        objek=p,
        perubahan=changes_between(before, _snapshot(p)),
    )
    return p


@transaction.atomic
def penugasan_psm_add(
    *, acting_user, pendamping: Pendamping, kode_wilayah: str, mulai=None
) -> PenugasanPsm:
    """Assign a PSM to one more desa (within the operator's area)."""
    _require_manage(acting_user, kode_wilayah)
    if pendamping.jenis != Pendamping.Jenis.PSM:
        raise ValidationError({"kode_wilayah": _("Hanya PSM yang ditugaskan per desa.")})
    _require_wilayah(kode_wilayah, {kodelib.TINGKAT_DESA}, "kode_wilayah")
    if PenugasanPsm.objects.filter(
        pendamping=pendamping, wilayah_id=kode_wilayah, selesai__isnull=True
    ).exists():
        raise ValidationError({"kode_wilayah": _("PSM ini sudah ditugaskan di desa tersebut.")})
    tugas = PenugasanPsm.objects.create(
        pendamping=pendamping, wilayah_id=kode_wilayah, mulai=mulai or timezone.localdate()
    )
    audit_record(
        actor=acting_user,
        aksi="penugasan_psm_ditambah",
        objek=tugas,
        keterangan=pendamping.nama,
    )
    return tugas


@transaction.atomic
def penugasan_psm_end(*, acting_user, penugasan: PenugasanPsm) -> PenugasanPsm:
    """End a PSM's assignment to a desa; the row stays as history."""
    _require_manage(acting_user, penugasan.wilayah_id)
    if penugasan.selesai is not None:
        raise ValidationError(_("Penugasan ini sudah berakhir."))
    penugasan.selesai = timezone.localdate()
    penugasan.save(update_fields=["selesai"])
    audit_record(
        actor=acting_user,
        aksi="penugasan_psm_diakhiri",
        objek=penugasan,
        keterangan=penugasan.pendamping.nama,
    )
    return penugasan


# Visits -----------------------------------------------------------------------------------------


def bulan_terkunci(pendamping: Pendamping, tanggal: datetime.date) -> bool:
    """A month is locked for a worker once the latest version of their report for it was
    approved; a correction opens an amendment (laporan_amend), which unlocks it again."""
    latest = (
        LaporanBulanan.objects.filter(pendamping=pendamping, bulan=month_start(tanggal))
        .order_by("-versi")
        .values_list("status", flat=True)
        .first()
    )
    return latest == LaporanBulanan.Status.DISETUJUI


def _require_open_month(pendamping: Pendamping, tanggal: datetime.date) -> None:
    if bulan_terkunci(pendamping, tanggal):
        raise ValidationError(
            {
                "tanggal": _(
                    "Laporan bulan ini sudah disetujui dan terkunci. Buat perubahan laporan "
                    "untuk mengoreksinya."
                )
            }
        )


def _check_kunjungan(*, kode_wilayah: str, tanggal, jenis: str, wksbm, program) -> None:
    """The rules of a visit's date, kind, WKSBM and programme (on record and on correction)."""
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": _("Tanggal kunjungan tidak boleh di masa depan.")})
    if jenis not in Kunjungan.Jenis.values:
        raise ValidationError({"jenis": _("Jenis kegiatan tidak dikenal.")})
    if wksbm is not None and wksbm.wilayah_id != kode_wilayah:
        raise ValidationError({"wksbm": _("WKSBM ini bukan WKSBM desa yang dikunjungi.")})
    if program is not None and not program.desa_set.filter(wilayah_id=kode_wilayah).exists():
        raise ValidationError({"program": _("Program ini tidak menjangkau desa tersebut.")})


def _kunjungan_snapshot(k: Kunjungan) -> dict:
    return {
        "tanggal": k.tanggal,
        "jenis": k.jenis,
        "uraian": k.uraian,
        "temuan": k.temuan,
        "wksbm": k.wksbm_id,
        "program": k.program_id,
        "foto": sorted(k.foto_set.values_list("berkas_id", flat=True)),
    }


@transaction.atomic
def kunjungan_create(
    *,
    acting_user,
    pendamping: Pendamping,
    kode_wilayah: str,
    tanggal: datetime.date,
    jenis: str,
    uraian: str,
    temuan: str = "",
    wksbm=None,
    program: Program | None = None,
    foto=(),
) -> Kunjungan:
    """Record a visit of `pendamping` to a desa. The worker records their own visits; the
    operator may record on anyone's behalf inside their area."""
    own = pendamping.akun_id is not None and pendamping.akun_id == acting_user.pk
    if not (can_manage(acting_user, kode_wilayah) or (own and in_scope(acting_user, kode_wilayah))):
        raise PermissionDenied(_("Anda tidak berwenang mencatat kunjungan ini."))
    if not pendamping.aktif:
        raise ValidationError({"pendamping": _("Pendamping tidak aktif.")})
    _require_wilayah(kode_wilayah, {kodelib.TINGKAT_DESA}, "kode_wilayah")
    _check_kunjungan(
        kode_wilayah=kode_wilayah, tanggal=tanggal, jenis=jenis, wksbm=wksbm, program=program
    )
    _require_open_month(pendamping, tanggal)
    kunjungan = Kunjungan(
        pendamping=pendamping,
        wilayah_id=kode_wilayah,
        tanggal=tanggal,
        jenis=jenis,
        uraian=uraian,
        temuan=temuan,
        wksbm=wksbm,
        program=program,
        dibuat_oleh=acting_user,
    )
    kunjungan.full_clean()
    kunjungan.save()
    for upload in foto:
        foto_add(acting_user=acting_user, kunjungan=kunjungan, upload=upload)
    audit_record(
        actor=acting_user,
        aksi="kunjungan_dicatat",
        objek=kunjungan,
        perubahan=changes_between(
            {},
            {"pendamping": pendamping.pk, "tanggal": tanggal, "jenis": jenis, "uraian": uraian},
        ),
    )
    return kunjungan


@transaction.atomic
def kunjungan_update(
    *,
    acting_user,
    kunjungan: Kunjungan,
    tanggal: datetime.date,
    jenis: str,
    uraian: str,
    temuan: str = "",
    wksbm=None,
    program: Program | None = None,
    foto=(),
    hapus_foto=(),
) -> Kunjungan:
    """Correct a recorded visit: date, kind, description, findings, WKSBM, programme; add the
    `foto` uploads and remove the photos whose ids are in `hapus_foto`. The worker and the desa
    stay (a visit by someone else, or elsewhere, is another visit). Neither the month it was
    in nor the month it moves to may be locked by an approved report."""
    k = Kunjungan.objects.select_for_update().select_related("pendamping").get(pk=kunjungan.pk)
    if not can_write_kunjungan(acting_user, k):
        raise PermissionDenied(_("Anda tidak berwenang mengubah kunjungan ini."))
    _check_kunjungan(
        kode_wilayah=k.wilayah_id, tanggal=tanggal, jenis=jenis, wksbm=wksbm, program=program
    )
    _require_open_month(k.pendamping, k.tanggal)
    _require_open_month(k.pendamping, tanggal)
    hapus = set(hapus_foto)
    if hapus - set(k.foto_set.values_list("pk", flat=True)):
        raise ValidationError({"hapus_foto": _("Foto yang akan dihapus bukan foto kunjungan ini.")})
    before = _kunjungan_snapshot(k)
    k.tanggal, k.jenis, k.uraian, k.temuan = tanggal, jenis, uraian.strip(), temuan
    k.wksbm, k.program = wksbm, program
    k.full_clean()
    k.save()
    # The files stay in berkas (an earlier audit row or a submitted report may name them).
    k.foto_set.filter(pk__in=hapus).delete()
    for upload in foto:
        foto_add(acting_user=acting_user, kunjungan=k, upload=upload)
    audit_record(
        actor=acting_user,
        aksi="kunjungan_diubah",
        objek=k,
        perubahan=changes_between(before, _kunjungan_snapshot(k)),
    )
    return k


@transaction.atomic
def foto_add(*, acting_user, kunjungan: Kunjungan, upload, keterangan: str = "") -> FotoKunjungan:
    if not can_write_kunjungan(acting_user, kunjungan):
        raise PermissionDenied(_("Anda tidak berwenang mengubah kunjungan ini."))
    _require_open_month(kunjungan.pendamping, kunjungan.tanggal)
    # A photo already stored (staged by the offline app by its hash) is attached, not copied.
    berkas = (
        upload
        if isinstance(upload, Berkas)
        else berkas_store(
            acting_user=acting_user,
            upload=upload,
            kode_wilayah=kunjungan.wilayah_id,
            jenis=Berkas.Jenis.FOTO,
        )
    )
    return FotoKunjungan.objects.create(
        kunjungan=kunjungan, wilayah_id=kunjungan.wilayah_id, berkas=berkas, keterangan=keterangan
    )


# Follow-up tasks --------------------------------------------------------------------------------


def _tindak_lanjut_snapshot(t: TindakLanjut) -> dict:
    return {
        "uraian": t.uraian,
        "batas_waktu": t.batas_waktu,
        "status": t.status,
        "catatan": t.catatan,
        "pemilik_akun": t.pemilik_akun_id,
        "pemilik_pendamping": t.pemilik_pendamping_id,
    }


def _check_pemilik(kode_wilayah: str, pemilik_akun, pemilik_pendamping) -> None:
    if pemilik_pendamping is not None and not kodelib.covers(
        kodelib.induk(kodelib.induk(kode_wilayah)), pemilik_pendamping.wilayah_id
    ):
        raise ValidationError({"pemilik_pendamping": _("Pendamping di luar kabupaten ini.")})
    if pemilik_akun is not None and not in_scope(pemilik_akun, kode_wilayah):
        raise ValidationError({"pemilik_akun": _("Cakupan pengguna tidak mencakup desa ini.")})


@transaction.atomic
def tindak_lanjut_create(
    *,
    acting_user,
    uraian: str,
    batas_waktu: datetime.date,
    kunjungan: Kunjungan | None = None,
    kode_wilayah: str = "",
    sumber: str = TindakLanjut.Sumber.KUNJUNGAN,
    pemilik_akun=None,
    pemilik_pendamping: Pendamping | None = None,
) -> TindakLanjut:
    """A follow-up task of a visit (by whoever may write the visit), or, with `kode_wilayah`
    and another `sumber`, of a desa (by a manager of that desa; `acting_user` None is the
    periodic job of wahana.tugas, which acts for no one)."""
    if kunjungan is not None:
        if not can_write_kunjungan(acting_user, kunjungan):
            raise PermissionDenied(_("Anda tidak berwenang menambah tindak lanjut kunjungan ini."))
        kode_wilayah, sumber = kunjungan.wilayah_id, TindakLanjut.Sumber.KUNJUNGAN
        if pemilik_akun is None and pemilik_pendamping is None:
            pemilik_pendamping = kunjungan.pendamping
    else:
        if sumber == TindakLanjut.Sumber.KUNJUNGAN:
            raise ValidationError(
                {"kunjungan": _("Tindak lanjut kunjungan memerlukan kunjungannya.")}
            )
        if acting_user is not None and not can_manage(acting_user, kode_wilayah):
            raise PermissionDenied(_("Anda tidak berwenang menambah tindak lanjut di desa ini."))
        _require_wilayah(kode_wilayah, {kodelib.TINGKAT_DESA}, "kode_wilayah")
        if pemilik_akun is None and pemilik_pendamping is None:
            raise ValidationError({"pemilik_pendamping": _("Tentukan penanggung jawabnya.")})
    _check_pemilik(kode_wilayah, pemilik_akun, pemilik_pendamping)
    tugas = TindakLanjut(
        kunjungan=kunjungan,
        sumber=sumber,
        wilayah_id=kode_wilayah,
        uraian=uraian,
        batas_waktu=batas_waktu,
        pemilik_akun=pemilik_akun,
        pemilik_pendamping=pemilik_pendamping,
    )
    tugas.full_clean()
    tugas.save()
    audit_record(
        actor=acting_user,
        aksi="tindak_lanjut_dibuat",
        objek=tugas,
        perubahan=changes_between({}, _tindak_lanjut_snapshot(tugas) | {"sumber": sumber}),
    )
    return tugas


@transaction.atomic
def tindak_lanjut_update(
    *,
    acting_user,
    tindak_lanjut: TindakLanjut,
    status: str,
    catatan: str = "",
    batas_waktu: datetime.date | None = None,
) -> TindakLanjut:
    tugas = TindakLanjut.objects.select_for_update().get(pk=tindak_lanjut.pk)
    if not can_write_tindak_lanjut(acting_user, tugas):
        raise PermissionDenied(_("Anda tidak berwenang mengubah tindak lanjut ini."))
    if status not in TindakLanjut.Status.values:
        raise ValidationError({"status": _("Status tidak dikenal.")})
    before = _tindak_lanjut_snapshot(tugas)
    if status != TindakLanjut.Status.TERBUKA and tugas.status == TindakLanjut.Status.TERBUKA:
        tugas.selesai_pada = timezone.now()
    elif status == TindakLanjut.Status.TERBUKA:
        tugas.selesai_pada = None
    tugas.status = status
    tugas.catatan = catatan
    if batas_waktu:
        tugas.batas_waktu = batas_waktu
    tugas.save()
    audit_record(
        actor=acting_user,
        aksi="tindak_lanjut_diubah",
        objek=tugas,
        perubahan=changes_between(before, _tindak_lanjut_snapshot(tugas)),
    )
    return tugas


# Programmes -------------------------------------------------------------------------------------

PROGRAM_FIELDS = ("nama", "jenis", "mulai", "selesai", "keterangan")


def _program_snapshot(p: Program) -> dict:
    return {name: getattr(p, name) for name in PROGRAM_FIELDS} | {"kode_wilayah": p.wilayah_id}


def _check_program(p: Program) -> None:
    if p.selesai and p.selesai < p.mulai:
        raise ValidationError({"selesai": _("Tanggal selesai sebelum tanggal mulai.")})


@transaction.atomic
def program_create(*, acting_user, kode_wilayah: str, **fields) -> Program:
    _require_manage(acting_user, kode_wilayah)
    _require_wilayah(
        kode_wilayah, {kodelib.TINGKAT_PROVINSI, kodelib.TINGKAT_KABUPATEN}, "kode_wilayah"
    )
    program = Program(wilayah_id=kode_wilayah, **fields)
    _check_program(program)
    program.full_clean()
    program.save()
    audit_record(
        actor=acting_user,
        aksi="program_dibuat",
        objek=program,
        perubahan=changes_between({}, _program_snapshot(program)),
    )
    return program


@transaction.atomic
def program_update(*, acting_user, program: Program, **fields) -> Program:
    _require_manage(acting_user, program.wilayah_id)
    before = _program_snapshot(program)
    for name, value in fields.items():
        if name not in PROGRAM_FIELDS:
            raise TypeError(name)
        setattr(program, name, value)
    _check_program(program)
    program.full_clean()
    program.save()
    audit_record(
        actor=acting_user,
        aksi="program_diubah",
        objek=program,
        perubahan=changes_between(before, _program_snapshot(program)),
    )
    return program


@transaction.atomic
def program_desa_set(
    *, acting_user, program: Program, kode_wilayah: str, pendamping: Pendamping | None = None
) -> ProgramDesa:
    """Add a desa to a programme, or change who accompanies it there."""
    _require_manage(acting_user, program.wilayah_id)
    _require_wilayah(kode_wilayah, {kodelib.TINGKAT_DESA}, "kode_wilayah")
    if not kodelib.covers(program.wilayah_id, kode_wilayah):
        raise ValidationError({"kode_wilayah": _("Desa di luar wilayah program.")})
    if pendamping is not None and not pendamping.aktif:
        raise ValidationError({"pendamping": _("Pendamping tidak aktif.")})
    baris, _created = ProgramDesa.objects.update_or_create(
        program=program, wilayah_id=kode_wilayah, defaults={"pendamping": pendamping}
    )
    audit_record(
        actor=acting_user,
        aksi="program_desa_diatur",
        objek=baris,
        keterangan=f"{program.nama}: {pendamping.nama if pendamping else '-'}",
    )
    return baris


# Monthly reports --------------------------------------------------------------------------------


def _laporan_audit(acting_user, laporan: LaporanBulanan, aksi: str, before: str, **extra) -> None:
    audit_record(
        actor=acting_user,
        aksi=aksi,
        objek=laporan,
        perubahan=changes_between({"status": before}, {"status": laporan.status, **extra}),
    )


def _require_laporan_writer(acting_user, laporan: LaporanBulanan) -> None:
    if not can_write_laporan(acting_user, laporan):
        raise PermissionDenied(_("Anda tidak berwenang mengubah laporan ini."))


def _require_status(laporan: LaporanBulanan, *statuses) -> None:
    if laporan.status not in statuses:
        raise ValidationError(
            _("Laporan berstatus %(status)s tidak dapat diproses dengan cara ini.")
            % {"status": laporan.get_status_display()}
        )


@transaction.atomic
def laporan_create(*, acting_user, pendamping: Pendamping, bulan: datetime.date) -> LaporanBulanan:
    """Start the report of a TKSK or PSM for a month (a draft built from recorded work)."""
    own = pendamping.akun_id is not None and pendamping.akun_id == acting_user.pk
    if not (own or can_manage(acting_user, pendamping.wilayah_id)):
        raise PermissionDenied(_("Anda tidak berwenang membuat laporan untuk pendamping ini."))
    if pendamping.jenis not in (Pendamping.Jenis.TKSK, Pendamping.Jenis.PSM):
        raise ValidationError({"pendamping": _("Laporan bulanan hanya untuk TKSK dan PSM.")})
    bulan = month_start(bulan)
    if bulan > month_start(timezone.localdate()):
        raise ValidationError({"bulan": _("Bulan laporan belum dimulai.")})
    if LaporanBulanan.objects.filter(pendamping=pendamping, bulan=bulan).exists():
        raise ValidationError({"bulan": _("Laporan bulan ini sudah ada.")})
    laporan = LaporanBulanan.objects.create(
        pendamping=pendamping, wilayah_id=pendamping.wilayah_id, bulan=bulan
    )
    _laporan_audit(acting_user, laporan, "laporan_dibuat", "")
    return laporan


@transaction.atomic
def laporan_update(*, acting_user, laporan: LaporanBulanan, ringkasan: str) -> LaporanBulanan:
    laporan = LaporanBulanan.objects.select_for_update().get(pk=laporan.pk)
    _require_laporan_writer(acting_user, laporan)
    _require_status(laporan, LaporanBulanan.Status.DRAFT, LaporanBulanan.Status.REVISI)
    before = laporan.ringkasan
    laporan.ringkasan = ringkasan
    laporan.save(update_fields=["ringkasan", "diubah"])
    audit_record(
        actor=acting_user,
        aksi="laporan_diubah",
        objek=laporan,
        perubahan=changes_between({"ringkasan": before}, {"ringkasan": ringkasan}),
    )
    return laporan


def laporan_baris_copy(laporan: LaporanBulanan) -> list[LaporanBaris]:
    """Replace the report's stored rows by the rows its recorded work gives now (at
    submission; the demo uses it for its submitted reports too)."""
    laporan.baris_set.all().delete()
    return LaporanBaris.objects.bulk_create(
        LaporanBaris(
            laporan=laporan,
            wilayah_id=row.kode_wilayah,
            urutan=index,
            tanggal=row.tanggal,
            tempat=row.tempat[:300],
            kegiatan=row.kegiatan,
            masalah=row.masalah,
            sumber=row.sumber,
            kunjungan_id=row.kunjungan_id,
        )
        for index, row in enumerate(
            laporan_baris_gather(laporan.pendamping, laporan.bulan), start=1
        )
    )


@transaction.atomic
def laporan_submit(
    *, acting_user, laporan: LaporanBulanan, ringkasan: str | None = None
) -> LaporanBulanan:
    """Submit a draft (or a report returned for revision): the activity rows are copied from
    the recorded work so the submitted report keeps what it said."""
    laporan = LaporanBulanan.objects.select_for_update().get(pk=laporan.pk)
    _require_laporan_writer(acting_user, laporan)
    _require_status(laporan, LaporanBulanan.Status.DRAFT, LaporanBulanan.Status.REVISI)
    if ringkasan is not None:
        laporan.ringkasan = ringkasan
    if not laporan.ringkasan.strip():
        raise ValidationError({"ringkasan": _("Isi ringkasan sebelum mengajukan laporan.")})
    rows = laporan_baris_copy(laporan)
    before = laporan.status
    now = timezone.now()
    laporan.status = LaporanBulanan.Status.DIAJUKAN
    laporan.diajukan_pada = now
    laporan.diajukan_pertama = laporan.diajukan_pertama or now
    laporan.alasan = ""
    laporan.save()
    _laporan_audit(acting_user, laporan, "laporan_diajukan", before, baris=len(rows))
    return laporan


def _decide(
    acting_user, laporan: LaporanBulanan, status: str, aksi: str, alasan: str = ""
) -> LaporanBulanan:
    laporan = LaporanBulanan.objects.select_for_update().get(pk=laporan.pk)
    if not can_manage(acting_user, laporan.wilayah_id):
        raise PermissionDenied(_("Hanya operator Dinsos yang memutuskan laporan."))
    _require_status(laporan, LaporanBulanan.Status.DIAJUKAN)
    if status != LaporanBulanan.Status.DISETUJUI and not alasan.strip():
        raise ValidationError({"alasan": _("Tuliskan alasannya.")})
    before = laporan.status
    laporan.status = status
    laporan.alasan = alasan.strip()
    laporan.diputuskan_pada = timezone.now()
    laporan.diputuskan_oleh = acting_user
    laporan.save()
    _laporan_audit(acting_user, laporan, aksi, before, alasan=laporan.alasan)
    return laporan


@transaction.atomic
def laporan_approve(*, acting_user, laporan: LaporanBulanan) -> LaporanBulanan:
    return _decide(acting_user, laporan, LaporanBulanan.Status.DISETUJUI, "laporan_disetujui")


@transaction.atomic
def laporan_return(*, acting_user, laporan: LaporanBulanan, alasan: str) -> LaporanBulanan:
    return _decide(
        acting_user, laporan, LaporanBulanan.Status.REVISI, "laporan_dikembalikan", alasan
    )


@transaction.atomic
def laporan_reject(*, acting_user, laporan: LaporanBulanan, alasan: str) -> LaporanBulanan:
    return _decide(acting_user, laporan, LaporanBulanan.Status.DITOLAK, "laporan_ditolak", alasan)


@transaction.atomic
def laporan_amend(*, acting_user, laporan: LaporanBulanan) -> LaporanBulanan:
    """Open a perubahan (amendment) of an approved report: a new draft version linked to the
    original, which stays as it was approved."""
    laporan = LaporanBulanan.objects.select_for_update().get(pk=laporan.pk)
    _require_laporan_writer(acting_user, laporan)
    _require_status(laporan, LaporanBulanan.Status.DISETUJUI)
    siblings = LaporanBulanan.objects.filter(pendamping=laporan.pendamping, bulan=laporan.bulan)
    if siblings.filter(versi__gt=laporan.versi).exists():
        raise ValidationError(_("Sudah ada versi yang lebih baru untuk bulan ini."))
    versi = (siblings.aggregate(m=Max("versi"))["m"] or 0) + 1
    perubahan = LaporanBulanan.objects.create(
        pendamping=laporan.pendamping,
        wilayah_id=laporan.wilayah_id,
        bulan=laporan.bulan,
        versi=versi,
        asal=laporan.asal or laporan,
        ringkasan=laporan.ringkasan,
    )
    _laporan_audit(acting_user, perubahan, "laporan_perubahan_dibuat", "", asal=laporan.pk)
    return perubahan
