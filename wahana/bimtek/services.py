"""Writes of the bimtek app: each one atomic, permission-checked and audited."""

import base64
import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wahana.akun.scope import scope_of
from wahana.audit.services import audit_record, changes_between
from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah

from .models import (
    KUOTA_DEFAULT,
    NILAI_MAKS,
    Bimtek,
    FasilitatorBimtek,
    HariBimtek,
    KehadiranBimtek,
    MateriBimtek,
    PesertaBimtek,
    SasaranBimtek,
    TindakLanjutBimtek,
)
from .selectors import (
    add_months,
    can_manage_bimtek,
    can_register,
    dampak_within,
    peserta_layak_sertifikat,
)

MAKS_HARI = 14  # a bimtek runs for days, not weeks; guards against a mistyped year

BIMTEK_FIELDS = (
    "judul",
    "tempat",
    "topik",
    "keterangan",
    "nomor_surat",
    "tanggal_surat",
    "penandatangan_nama",
    "penandatangan_jabatan",
    "penandatangan_nip",
)


def _require_manage(user, bimtek: Bimtek) -> None:
    if not can_manage_bimtek(user, bimtek):
        raise PermissionDenied(_("Hanya penyelenggara bimtek ini yang dapat mengubahnya."))


def _snapshot(obj, fields) -> dict:
    return {name: getattr(obj, name) for name in fields}


def _penyelenggara_for(kode_wilayah: str) -> str:
    tingkat = kodelib.tingkat(kode_wilayah)
    for penyelenggara, level in Bimtek.TINGKAT_PENYELENGGARA.items():
        if level == tingkat:
            return penyelenggara
    raise ValidationError(
        {"kode_wilayah": _("Penyelenggara bimtek adalah Dinsos provinsi atau kabupaten/kota.")}
    )


def _days(tanggal_mulai, tanggal_selesai) -> list[datetime.date]:
    tanggal_selesai = tanggal_selesai or tanggal_mulai
    if tanggal_selesai < tanggal_mulai:
        raise ValidationError(
            {"tanggal_selesai": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")}
        )
    count = (tanggal_selesai - tanggal_mulai).days + 1
    if count > MAKS_HARI:
        raise ValidationError(
            {"tanggal_selesai": _("Bimtek paling lama %(n)d hari.") % {"n": MAKS_HARI}}
        )
    return [tanggal_mulai + datetime.timedelta(days=i) for i in range(count)]


def _set_days(bimtek: Bimtek, days, jam_mulai, jam_selesai) -> None:
    """Make the event's days exactly `days`; a day that already has attendance stays."""
    if jam_mulai and jam_selesai and jam_selesai <= jam_mulai:
        raise ValidationError({"jam_selesai": _("Jam selesai harus setelah jam mulai.")})
    existing = {h.tanggal: h for h in bimtek.hari_set.all()}
    for tanggal, hari in existing.items():
        if tanggal not in days:
            if hari.kehadiran_set.exists():
                raise ValidationError(
                    _("Hari %(tanggal)s sudah berisi daftar hadir dan tidak dapat dihapus.")
                    % {"tanggal": tanggal.strftime("%d/%m/%Y")}
                )
            hari.delete()
    for tanggal in days:
        hari = existing.get(tanggal) or HariBimtek(
            bimtek=bimtek, wilayah_id=bimtek.wilayah_id, tanggal=tanggal
        )
        hari.jam_mulai, hari.jam_selesai = jam_mulai, jam_selesai
        hari.save()
    bimtek.tanggal_mulai = min(days)
    bimtek.save(update_fields=["tanggal_mulai"])


@transaction.atomic
def bimtek_create(
    *,
    acting_user,
    kode_wilayah: str,
    tanggal_mulai: datetime.date,
    tanggal_selesai: datetime.date | None = None,
    jam_mulai: datetime.time | None = None,
    jam_selesai: datetime.time | None = None,
    **fields,
) -> Bimtek:
    """A new event organised by the Dinsos of `kode_wilayah` (a province or a kabupaten)."""
    penyelenggara = _penyelenggara_for(kode_wilayah)
    if not acting_user.is_pengelola or not Wilayah.objects.filter(kode=kode_wilayah).exists():
        raise PermissionDenied(_("Anda tidak berwenang menyelenggarakan bimtek di wilayah ini."))
    bimtek = Bimtek(
        penyelenggara=penyelenggara,
        wilayah_id=kode_wilayah,
        dibuat_oleh=acting_user,
        **{
            name: fields.get(name, Bimtek._meta.get_field(name).get_default())
            for name in BIMTEK_FIELDS
        },
    )
    _require_manage(acting_user, bimtek)
    bimtek.full_clean(exclude=["dibuat_oleh", "tanggal_mulai"])
    bimtek.save()
    _set_days(bimtek, _days(tanggal_mulai, tanggal_selesai), jam_mulai, jam_selesai)
    audit_record(
        actor=acting_user,
        aksi="bimtek_dibuat",
        objek=bimtek,
        perubahan=changes_between({}, _snapshot(bimtek, ("penyelenggara", *BIMTEK_FIELDS))),
    )
    return bimtek


@transaction.atomic
def bimtek_update(
    *,
    acting_user,
    bimtek: Bimtek,
    tanggal_mulai: datetime.date,
    tanggal_selesai: datetime.date | None = None,
    jam_mulai: datetime.time | None = None,
    jam_selesai: datetime.time | None = None,
    **fields,
) -> Bimtek:
    """Change the event's particulars and days (its organiser stays)."""
    _require_manage(acting_user, bimtek)
    before = _snapshot(bimtek, BIMTEK_FIELDS)
    for name in BIMTEK_FIELDS:
        if name in fields:
            setattr(bimtek, name, fields[name])
    bimtek.full_clean(exclude=["dibuat_oleh", "tanggal_mulai"])
    bimtek.save()
    _set_days(bimtek, _days(tanggal_mulai, tanggal_selesai), jam_mulai, jam_selesai)
    audit_record(
        actor=acting_user,
        aksi="bimtek_diubah",
        objek=bimtek,
        perubahan=changes_between(before, _snapshot(bimtek, BIMTEK_FIELDS)),
    )
    return bimtek


@transaction.atomic
def sasaran_set(
    *, acting_user, bimtek: Bimtek, kode_wilayah: str, kuota: int = KUOTA_DEFAULT
) -> SasaranBimtek:
    """Add a target desa to the event, or change its quota."""
    _require_manage(acting_user, bimtek)
    if (
        kodelib.tingkat(kode_wilayah) != kodelib.TINGKAT_DESA
        or not Wilayah.objects.filter(kode=kode_wilayah).exists()
    ):
        raise ValidationError({"kode_wilayah": _("Pilih sebuah desa/kelurahan.")})
    if not kodelib.covers(bimtek.kode_wilayah, kode_wilayah):
        raise ValidationError(
            {"kode_wilayah": _("Desa sasaran harus berada di wilayah penyelenggara.")}
        )
    if kuota < 1:
        raise ValidationError({"kuota": _("Kuota paling sedikit 1 peserta.")})
    sasaran = (
        SasaranBimtek.objects.select_for_update()
        .filter(bimtek=bimtek, wilayah_id=kode_wilayah)
        .first()
    )
    before = {"kuota": sasaran.kuota} if sasaran else {}
    if sasaran is not None and sasaran.kuota == kuota:
        return sasaran
    if sasaran is None:
        sasaran = SasaranBimtek(bimtek=bimtek, wilayah_id=kode_wilayah)
    elif sasaran.peserta_set.count() > kuota:
        raise ValidationError(
            {
                "kuota": _(
                    "Sudah %(n)d peserta terdaftar dari desa ini; kuota tidak bisa lebih kecil."
                )
                % {"n": sasaran.peserta_set.count()}
            }
        )
    sasaran.kuota = kuota
    sasaran.save()
    audit_record(
        actor=acting_user,
        aksi="bimtek_sasaran_diatur",
        objek=sasaran,
        perubahan=changes_between(before, {"kuota": kuota}),
    )
    return sasaran


@transaction.atomic
def sasaran_remove(*, acting_user, sasaran: SasaranBimtek) -> None:
    _require_manage(acting_user, sasaran.bimtek)
    if sasaran.peserta_set.exists():
        raise ValidationError(
            _("Desa ini sudah mengirim peserta; hapus pesertanya dulu sebelum menghapus sasaran.")
        )
    audit_record(
        actor=acting_user,
        aksi="bimtek_sasaran_dihapus",
        objek=sasaran,
        keterangan=sasaran.wilayah_id,
    )
    sasaran.delete()


@transaction.atomic
def fasilitator_add(
    *, acting_user, bimtek: Bimtek, nama: str, instansi: str = "", materi: str = ""
) -> FasilitatorBimtek:
    _require_manage(acting_user, bimtek)
    fasilitator = FasilitatorBimtek(
        bimtek=bimtek, wilayah_id=bimtek.wilayah_id, nama=nama, instansi=instansi, materi=materi
    )
    fasilitator.full_clean()
    fasilitator.save()
    audit_record(
        actor=acting_user, aksi="bimtek_fasilitator_ditambah", objek=fasilitator, keterangan=nama
    )
    return fasilitator


@transaction.atomic
def fasilitator_remove(*, acting_user, fasilitator: FasilitatorBimtek) -> None:
    _require_manage(acting_user, fasilitator.bimtek)
    audit_record(
        actor=acting_user,
        aksi="bimtek_fasilitator_dihapus",
        objek=fasilitator,
        keterangan=fasilitator.nama,
    )
    fasilitator.delete()


@transaction.atomic
def materi_add(*, acting_user, bimtek: Bimtek, judul: str, upload) -> MateriBimtek:
    """A training document, stored by wahana.berkas in the organiser's region."""
    from wahana.berkas.models import Berkas
    from wahana.berkas.services import berkas_store

    _require_manage(acting_user, bimtek)
    berkas = berkas_store(
        acting_user=acting_user,
        upload=upload,
        kode_wilayah=bimtek.kode_wilayah,
        jenis=Berkas.Jenis.DOKUMEN,
    )
    materi = MateriBimtek(
        bimtek=bimtek, wilayah_id=bimtek.wilayah_id, judul=judul or berkas.nama_asli, berkas=berkas
    )
    materi.full_clean()
    materi.save()
    audit_record(actor=acting_user, aksi="bimtek_materi_ditambah", objek=materi, keterangan=judul)
    return materi


@transaction.atomic
def materi_remove(*, acting_user, materi: MateriBimtek) -> None:
    _require_manage(acting_user, materi.bimtek)
    audit_record(
        actor=acting_user, aksi="bimtek_materi_dihapus", objek=materi, keterangan=materi.judul
    )
    materi.delete()


def _check_person(sasaran: SasaranBimtek, pengurus, pendamping) -> None:
    if pengurus is not None and pendamping is not None:
        raise ValidationError(_("Pilih pengurus atau PSM, tidak keduanya."))
    if pengurus is not None and pengurus.kode_wilayah != sasaran.kode_wilayah:
        raise ValidationError({"pengurus": _("Pengurus ini bukan dari desa sasaran tersebut.")})
    if pendamping is not None:
        from wahana.pendamping.models import Pendamping

        serves_desa = kodelib.covers(pendamping.kode_wilayah, sasaran.kode_wilayah) or (
            pendamping.penugasan_set.filter(wilayah_id=sasaran.kode_wilayah).exists()
        )
        if pendamping.jenis != Pendamping.Jenis.PSM or not serves_desa:
            raise ValidationError({"pendamping": _("PSM ini tidak bertugas di desa sasaran.")})


@transaction.atomic
def peserta_register(
    *,
    acting_user,
    sasaran: SasaranBimtek,
    pengurus=None,
    pendamping=None,
    nama: str = "",
    telepon: str = "",
    jenis_kelamin: str = "",
    peran_wksbm: str = "",
) -> PesertaBimtek:
    """Register one participant for a target desa, within its quota. The target row is locked
    first, so two registrations at the same moment cannot both take the last place."""
    if not can_register(acting_user, sasaran):
        raise PermissionDenied(_("Anda tidak berwenang mendaftarkan peserta dari desa ini."))
    sasaran = SasaranBimtek.objects.select_for_update().select_related("wilayah").get(pk=sasaran.pk)
    terdaftar = sasaran.peserta_set.count()
    if terdaftar >= sasaran.kuota:
        raise ValidationError(
            _(
                "Kuota %(desa)s sudah penuh: %(kuota)d peserta sudah terdaftar. "
                "Hapus seorang peserta atau minta penyelenggara menambah kuota."
            )
            % {"desa": sasaran.wilayah.nama, "kuota": sasaran.kuota}
        )
    _check_person(sasaran, pengurus, pendamping)
    if pengurus is not None:
        nama = nama or pengurus.nama
        telepon = telepon or pengurus.telepon
        peran_wksbm = peran_wksbm or pengurus.get_jabatan_display()
    elif pendamping is not None:
        nama = nama or pendamping.nama
        telepon = telepon or pendamping.telepon
        jenis_kelamin = jenis_kelamin or pendamping.jenis_kelamin
        peran_wksbm = peran_wksbm or "PSM"
    nama = " ".join((nama or "").split())
    if not nama:
        raise ValidationError({"nama": _("Nama peserta wajib diisi.")})
    peserta = PesertaBimtek(
        bimtek_id=sasaran.bimtek_id,
        sasaran=sasaran,
        wilayah_id=sasaran.wilayah_id,
        pengurus=pengurus,
        pendamping=pendamping,
        nama=nama,
        telepon=telepon,
        jenis_kelamin=jenis_kelamin,
        peran_wksbm=peran_wksbm,
        didaftarkan_oleh=acting_user,
    )
    peserta.full_clean(exclude=["didaftarkan_oleh", "bimtek", "sasaran", "kode_sertifikat"])
    try:
        with transaction.atomic():
            peserta.save()
    except IntegrityError as error:
        raise ValidationError(_("Orang ini sudah terdaftar sebagai peserta bimtek ini.")) from error
    audit_record(
        actor=acting_user,
        aksi="bimtek_peserta_didaftarkan",
        objek=peserta,
        perubahan=changes_between({}, {"nama": nama, "peran_wksbm": peran_wksbm}),
    )
    return peserta


@transaction.atomic
def peserta_remove(*, acting_user, peserta: PesertaBimtek) -> None:
    if not can_register(acting_user, peserta.sasaran):
        raise PermissionDenied(_("Anda tidak berwenang menghapus peserta dari desa ini."))
    if peserta.kehadiran_set.exists():
        raise ValidationError(_("Peserta ini sudah tercatat hadir dan tidak dapat dihapus."))
    audit_record(
        actor=acting_user, aksi="bimtek_peserta_dihapus", objek=peserta, keterangan=peserta.nama
    )
    peserta.delete()


@transaction.atomic
def kehadiran_set(*, acting_user, peserta: PesertaBimtek, hari: HariBimtek, hadir: bool) -> bool:
    """Mark a participant present or absent on one day; answers the new state."""
    _require_manage(acting_user, peserta.bimtek)
    if hari.bimtek_id != peserta.bimtek_id:
        raise ValidationError(_("Hari ini bukan bagian dari bimtek peserta."))
    existing = KehadiranBimtek.objects.filter(peserta=peserta, hari=hari)
    if hadir == existing.exists():
        return hadir
    if not hadir and peserta.kode_sertifikat:
        raise ValidationError(
            _("Sertifikat peserta ini sudah terbit; kehadirannya tidak dapat dibatalkan.")
        )
    if hadir:
        KehadiranBimtek.objects.create(
            peserta=peserta, hari=hari, wilayah_id=peserta.wilayah_id, dicatat_oleh=acting_user
        )
    else:
        existing.delete()
    audit_record(
        actor=acting_user,
        aksi="bimtek_hadir" if hadir else "bimtek_tidak_hadir",
        objek=peserta,
        keterangan=hari.tanggal.isoformat(),
    )
    return hadir


def _nilai(value, field: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError) as error:
        raise ValidationError({field: _("Nilai harus bilangan bulat 0–100.")}) from error
    if not 0 <= number <= NILAI_MAKS:
        raise ValidationError({field: _("Nilai harus bilangan bulat 0–100.")})
    return number


@transaction.atomic
def nilai_set(
    *, acting_user, peserta: PesertaBimtek, nilai_pre_test=None, nilai_post_test=None
) -> PesertaBimtek:
    """Record a participant's pre-test and post-test scores (0–100; empty = not taken)."""
    _require_manage(acting_user, peserta.bimtek)
    before = _snapshot(peserta, ("nilai_pre_test", "nilai_post_test"))
    peserta.nilai_pre_test = _nilai(nilai_pre_test, "nilai_pre_test")
    peserta.nilai_post_test = _nilai(nilai_post_test, "nilai_post_test")
    after = _snapshot(peserta, ("nilai_pre_test", "nilai_post_test"))
    if after != before:
        peserta.save(update_fields=["nilai_pre_test", "nilai_post_test"])
        audit_record(
            actor=acting_user,
            aksi="bimtek_nilai_dicatat",
            objek=peserta,
            perubahan=changes_between(before, after),
        )
    return peserta


def kode_sertifikat_new() -> str:
    """80 random bits in base32, grouped for reading aloud: XXXX-XXXX-XXXX-XXXX."""
    raw = base64.b32encode(secrets.token_bytes(10)).decode()
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


@transaction.atomic
def sertifikat_issue(*, acting_user, bimtek: Bimtek) -> int:
    """Issue certificates to every participant present on every day who has none yet
    (running it again issues only the new ones). Answers how many were issued."""
    _require_manage(acting_user, bimtek)
    now = timezone.now()
    issued = 0
    for peserta in peserta_layak_sertifikat(bimtek).filter(kode_sertifikat__isnull=True):
        peserta.kode_sertifikat = kode_sertifikat_new()
        peserta.sertifikat_terbit = now
        peserta.save(update_fields=["kode_sertifikat", "sertifikat_terbit"])
        issued += 1
    if issued:
        audit_record(
            actor=acting_user,
            aksi="bimtek_sertifikat_diterbitkan",
            objek=bimtek,
            keterangan=str(issued),
        )
    return issued


@transaction.atomic
def sasaran_set_kecamatan(
    *, acting_user, bimtek: Bimtek, kode_kecamatan: str, pilihan: dict[str, int]
) -> None:
    """Make the event's targets inside one kecamatan exactly the desa of `pilihan` (desa code →
    quota). A desa that already sent participants cannot be dropped."""
    _require_manage(acting_user, bimtek)
    for kode in pilihan:
        if kodelib.induk(kode) != kode_kecamatan:
            raise ValidationError(_("Desa %(kode)s bukan bagian kecamatan ini.") % {"kode": kode})
    for sasaran in SasaranBimtek.objects.filter(
        bimtek=bimtek, wilayah__induk_id=kode_kecamatan
    ).exclude(wilayah_id__in=list(pilihan)):
        sasaran_remove(acting_user=acting_user, sasaran=sasaran)
    for kode, kuota in pilihan.items():
        sasaran_set(acting_user=acting_user, bimtek=bimtek, kode_wilayah=kode, kuota=kuota)


# --- Follow-up tasks where the training changed nothing ----------------------------------------

# Days the TKSK gets to visit a trained desa that did not wake up.
BATAS_TINDAK_LANJUT_HARI = 30
# The periodic job follows an event up to this many months after its last day (the 12-month
# window after it, and six months more for the worker to have been down).
PANTAU_BULAN = 18


@transaction.atomic
def tindak_lanjut_bimtek_create(
    *, acting_user, bimtek: Bimtek, hari_ini: datetime.date | None = None
) -> dict:
    """Give the TKSK of each trained desa that did not wake up (dampak_within: no measure rose,
    six months after the event) a follow-up task, once per event and desa. A manager makes
    them for the desa of their scope; `acting_user` None is the periodic job, for every desa.
    Answers the counts: dibuat (made now), sudah_ada (made before), tanpa_tksk (the kecamatan
    has no active TKSK, so nobody to give it to) and the desa names without a TKSK."""
    from wahana.pendamping.models import Pendamping, TindakLanjut
    from wahana.pendamping.services import tindak_lanjut_create

    if acting_user is not None and not acting_user.is_pengelola:
        raise PermissionDenied(_("Hanya operator Dinsos yang membuat tindak lanjut bimtek."))
    prefix = "" if acting_user is None else scope_of(acting_user)
    if prefix is None:
        raise PermissionDenied(_("Hanya operator Dinsos yang membuat tindak lanjut bimtek."))
    hari_ini = hari_ini or timezone.localdate()
    dampak = dampak_within(prefix, bimtek, hari_ini=hari_ini)
    if not dampak.get("dinilai"):
        raise ValidationError(
            _("Dampak baru dinilai enam bulan sesudah bimtek (mulai %(tanggal)s).")
            % {"tanggal": dampak["dinilai_mulai"].strftime("%d/%m/%Y")}
            if dampak["hari"]
            else _("Bimtek ini belum memiliki hari pelaksanaan.")
        )
    rows = [
        row
        for group in dampak["kecamatan"]
        for row in group["dilatih"]
        if row["perlu_tindak_lanjut"]
    ]
    tksk = {
        p.wilayah_id: p
        for p in Pendamping.objects.filter(
            jenis=Pendamping.Jenis.TKSK,
            aktif=True,
            wilayah_id__in={kodelib.induk(row["desa"].kode) for row in rows},
        )
    }
    hasil = {"dibuat": 0, "sudah_ada": 0, "tanpa_tksk": 0, "desa_tanpa_tksk": []}
    tanggal = dampak["hari"][0].tanggal.strftime("%d/%m/%Y")
    for row in rows:
        desa = row["desa"]
        if row["tindak_lanjut"] is not None:
            hasil["sudah_ada"] += 1
            continue
        pemilik = tksk.get(desa.induk_id)
        if pemilik is None:
            hasil["tanpa_tksk"] += 1
            hasil["desa_tanpa_tksk"].append(desa.nama)
            continue
        uraian = _(
            "%(desa)s belum bergerak sesudah bimtek «%(judul)s» (%(tanggal)s): kunjungi WKSBM-nya, "
            "cari kendalanya, dan susun rencana revitalisasi bersama pengurus."
        ) % {"desa": desa.nama, "judul": bimtek.judul, "tanggal": tanggal}
        try:
            with transaction.atomic():
                tugas = tindak_lanjut_create(
                    acting_user=acting_user,
                    kode_wilayah=desa.kode,
                    sumber=TindakLanjut.Sumber.BIMTEK,
                    uraian=uraian[:300],
                    batas_waktu=hari_ini + datetime.timedelta(days=BATAS_TINDAK_LANJUT_HARI),
                    pemilik_pendamping=pemilik,
                )
                TindakLanjutBimtek.objects.create(
                    bimtek=bimtek, wilayah_id=desa.kode, tindak_lanjut=tugas
                )
        except IntegrityError:
            # Made at the same moment by the job or another operator: one task stays.
            hasil["sudah_ada"] += 1
            continue
        hasil["dibuat"] += 1
    audit_record(
        actor=acting_user,
        aksi="bimtek_tindak_lanjut_dibuat",
        objek=bimtek,
        keterangan=_("%(dibuat)s dibuat, %(sudah_ada)s sudah ada, %(tanpa_tksk)s tanpa TKSK")
        % hasil,
    )
    return hasil


def bimtek_perlu_dinilai(*, hari_ini: datetime.date | None = None) -> QuerySet[Bimtek]:
    """Events the periodic job looks at: the six months after them are over, and they ended no
    more than PANTAU_BULAN months ago (older events are history; their operator may still make
    the tasks from the impact view)."""
    hari_ini = hari_ini or timezone.localdate()
    return (
        Bimtek.objects.annotate(hari_akhir=Max("hari_set__tanggal"))
        .filter(
            hari_akhir__lte=add_months(hari_ini, -6),
            hari_akhir__gte=add_months(hari_ini, -PANTAU_BULAN),
        )
        .order_by("hari_akhir", "pk")
    )
