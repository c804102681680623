"""Bimtek (bimbingan teknis): technical training events run by a Dinsos (Dinas Sosial) for the
people of village WKSBM networks, with their days, target villages and quotas, participants,
attendance, test scores and certificates."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wahana.lib import kode as kodelib

KUOTA_DEFAULT = 2  # participants per desa, as in the 2018 province bimtek
NILAI_MAKS = 100


def _wilayah_fk(verbose_name=None):
    return models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
        verbose_name=verbose_name or _("wilayah"),
    )


class Bimtek(models.Model):
    """A bimtek (bimbingan teknis, technical training) organised by the Dinsos (Dinas Sosial) of
    a province or a kabupaten/kota. `wilayah` is the organiser's region: the province (e.g. 62)
    for a province event, the kabupaten (e.g. 62.10) for a kabupaten event. People of the
    target desa (`SasaranBimtek`) also see the event, even when it lies above their scope."""

    class Penyelenggara(models.TextChoices):
        PROVINSI = "provinsi", _("Dinsos Provinsi")
        KABUPATEN = "kabupaten", _("Dinsos Kabupaten/Kota")

    TINGKAT_PENYELENGGARA = {
        Penyelenggara.PROVINSI: kodelib.TINGKAT_PROVINSI,
        Penyelenggara.KABUPATEN: kodelib.TINGKAT_KABUPATEN,
    }

    judul = models.CharField(_("judul"), max_length=200)
    penyelenggara = models.CharField(
        _("penyelenggara"), max_length=10, choices=Penyelenggara.choices
    )
    wilayah = _wilayah_fk(_("wilayah penyelenggara"))
    tempat = models.CharField(_("tempat"), max_length=200)
    topik = models.TextField(_("topik"), blank=True, help_text=_("Satu topik per baris."))
    keterangan = models.TextField(_("keterangan"), blank=True)
    # Invitation letter (surat undangan) particulars.
    nomor_surat = models.CharField(_("nomor surat undangan"), max_length=100, blank=True)
    tanggal_surat = models.DateField(_("tanggal surat undangan"), null=True, blank=True)
    penandatangan_nama = models.CharField(_("nama penandatangan"), max_length=120, blank=True)
    penandatangan_jabatan = models.CharField(_("jabatan penandatangan"), max_length=120, blank=True)
    penandatangan_nip = models.CharField(_("NIP penandatangan"), max_length=30, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)
    # First day, kept so lists sort and filter by date without a join.
    tanggal_mulai = models.DateField(_("tanggal mulai"), null=True, editable=False)

    class Meta:
        verbose_name = _("bimtek")
        verbose_name_plural = _("bimtek")
        ordering = ["-tanggal_mulai", "-pk"]

    def __str__(self) -> str:
        return self.judul

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id

    @property
    def nama_penyelenggara(self) -> str:
        """'Dinas Sosial Provinsi Kalimantan Tengah', 'Dinas Sosial Kabupaten Gunung Mas'."""
        nama = self.wilayah.nama
        if self.penyelenggara == self.Penyelenggara.PROVINSI:
            nama = f"Provinsi {nama}"
        return f"Dinas Sosial {nama}"

    @property
    def topik_list(self) -> list[str]:
        return [line.strip() for line in self.topik.splitlines() if line.strip()]


class HariBimtek(models.Model):
    """One day of a bimtek, with its hours. Attendance is taken per day."""

    bimtek = models.ForeignKey(Bimtek, on_delete=models.CASCADE, related_name="hari_set")
    wilayah = _wilayah_fk()
    tanggal = models.DateField(_("tanggal"))
    jam_mulai = models.TimeField(_("jam mulai"), null=True, blank=True)
    jam_selesai = models.TimeField(_("jam selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("hari bimtek")
        verbose_name_plural = _("hari bimtek")
        ordering = ["bimtek_id", "tanggal"]
        constraints = [
            models.UniqueConstraint(fields=["bimtek", "tanggal"], name="hari_bimtek_unik")
        ]

    def __str__(self) -> str:
        return f"{self.tanggal:%d/%m/%Y}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class SasaranBimtek(models.Model):
    """A target desa/kelurahan of a bimtek and how many participants it may send. `wilayah` is
    the desa; its kecamatan is the target kecamatan."""

    bimtek = models.ForeignKey(Bimtek, on_delete=models.CASCADE, related_name="sasaran_set")
    wilayah = _wilayah_fk(_("desa/kelurahan"))
    kuota = models.PositiveSmallIntegerField(_("kuota peserta"), default=KUOTA_DEFAULT)

    class Meta:
        verbose_name = _("sasaran bimtek")
        verbose_name_plural = _("sasaran bimtek")
        ordering = ["bimtek_id", "wilayah_id"]
        constraints = [
            models.UniqueConstraint(fields=["bimtek", "wilayah"], name="sasaran_bimtek_unik"),
            models.CheckConstraint(condition=Q(kuota__gte=1), name="sasaran_bimtek_kuota_positif"),
        ]

    def __str__(self) -> str:
        return f"{self.bimtek_id} → {self.wilayah_id}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id

    @property
    def kode_kecamatan(self) -> str:
        return kodelib.induk(self.wilayah_id)


class FasilitatorBimtek(models.Model):
    """A facilitator (narasumber) of a bimtek: a name and an institution."""

    bimtek = models.ForeignKey(Bimtek, on_delete=models.CASCADE, related_name="fasilitator_set")
    wilayah = _wilayah_fk()
    nama = models.CharField(_("nama"), max_length=120)
    instansi = models.CharField(_("instansi"), max_length=150, blank=True)
    materi = models.CharField(_("materi yang dibawakan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fasilitator bimtek")
        verbose_name_plural = _("fasilitator bimtek")
        ordering = ["bimtek_id", "pk"]

    def __str__(self) -> str:
        return self.nama

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class MateriBimtek(models.Model):
    """A training material (document) of a bimtek, stored through wahana.berkas."""

    bimtek = models.ForeignKey(Bimtek, on_delete=models.CASCADE, related_name="materi_set")
    wilayah = _wilayah_fk()
    judul = models.CharField(_("judul materi"), max_length=200)
    berkas = models.ForeignKey(
        "berkas.Berkas", on_delete=models.PROTECT, related_name="+", verbose_name=_("berkas")
    )
    diunggah = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("materi bimtek")
        verbose_name_plural = _("materi bimtek")
        ordering = ["bimtek_id", "pk"]

    def __str__(self) -> str:
        return self.judul

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class PesertaBimtek(models.Model):
    """A participant of a bimtek, sent by a target desa within its quota: a pengurus of the
    desa's WKSBM (Wahana Kesejahteraan Sosial Berbasis Masyarakat), a PSM (Pekerja Sosial
    Masyarakat) or another person. Name, phone and sex are copied at registration so the
    attendance list keeps what it said."""

    class JenisKelamin(models.TextChoices):
        LAKI = "L", _("Laki-laki")
        PEREMPUAN = "P", _("Perempuan")

    bimtek = models.ForeignKey(Bimtek, on_delete=models.CASCADE, related_name="peserta_set")
    sasaran = models.ForeignKey(SasaranBimtek, on_delete=models.PROTECT, related_name="peserta_set")
    wilayah = _wilayah_fk(_("desa/kelurahan"))
    pengurus = models.ForeignKey(
        "wksbm.PengurusWksbm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengurus WKSBM"),
    )
    pendamping = models.ForeignKey(
        "pendamping.Pendamping",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("PSM"),
    )
    nama = models.CharField(_("nama"), max_length=120)
    telepon = models.CharField(_("telepon"), max_length=20, blank=True)
    jenis_kelamin = models.CharField(
        _("jenis kelamin"), max_length=1, choices=JenisKelamin.choices, blank=True
    )
    peran_wksbm = models.CharField(_("peran dalam WKSBM"), max_length=80, blank=True)
    nilai_pre_test = models.PositiveSmallIntegerField(
        _("nilai pre-test"), null=True, blank=True, validators=[MaxValueValidator(NILAI_MAKS)]
    )
    nilai_post_test = models.PositiveSmallIntegerField(
        _("nilai post-test"), null=True, blank=True, validators=[MaxValueValidator(NILAI_MAKS)]
    )
    # Random, unguessable code printed on the certificate and checked by the public page.
    kode_sertifikat = models.CharField(
        _("kode sertifikat"), max_length=24, unique=True, null=True, blank=True
    )
    sertifikat_terbit = models.DateTimeField(_("sertifikat terbit"), null=True, blank=True)
    didaftarkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("peserta bimtek")
        verbose_name_plural = _("peserta bimtek")
        ordering = ["bimtek_id", "wilayah_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bimtek", "pengurus"],
                condition=Q(pengurus__isnull=False),
                name="peserta_bimtek_pengurus_sekali",
            ),
            models.UniqueConstraint(
                fields=["bimtek", "pendamping"],
                condition=Q(pendamping__isnull=False),
                name="peserta_bimtek_pendamping_sekali",
            ),
            models.CheckConstraint(
                condition=Q(nilai_pre_test__isnull=True) | Q(nilai_pre_test__lte=NILAI_MAKS),
                name="peserta_bimtek_pre_test_0_100",
            ),
            models.CheckConstraint(
                condition=Q(nilai_post_test__isnull=True) | Q(nilai_post_test__lte=NILAI_MAKS),
                name="peserta_bimtek_post_test_0_100",
            ),
        ]
        indexes = [models.Index(fields=["bimtek", "wilayah"], name="peserta_bimtek_desa")]

    def __str__(self) -> str:
        return self.nama

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id

    @property
    def asal(self) -> str:
        if self.pengurus_id:
            return "pengurus"
        if self.pendamping_id:
            return "psm"
        return "baru"

    @property
    def inisial(self) -> str:
        """Initials only, for the public certificate check (no personal data there)."""
        return ".".join(part[0].upper() for part in self.nama.split() if part[:1].isalpha()) + "."


class KehadiranBimtek(models.Model):
    """A participant present on one day of a bimtek (a row exists only when present)."""

    peserta = models.ForeignKey(
        PesertaBimtek, on_delete=models.CASCADE, related_name="kehadiran_set"
    )
    hari = models.ForeignKey(HariBimtek, on_delete=models.CASCADE, related_name="kehadiran_set")
    wilayah = _wilayah_fk()
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dicatat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kehadiran bimtek")
        verbose_name_plural = _("kehadiran bimtek")
        constraints = [
            models.UniqueConstraint(fields=["peserta", "hari"], name="kehadiran_bimtek_sekali")
        ]

    def __str__(self) -> str:
        return f"{self.peserta_id} @ {self.hari_id}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class TindakLanjutBimtek(models.Model):
    """The link from a bimtek and one of its trained desa that did not wake up to the
    follow-up task (pendamping.TindakLanjut) given to the TKSK (Tenaga Kesejahteraan Sosial
    Kecamatan) of that desa's kecamatan. One per event and desa, so making the tasks again
    (the operator's button, the periodic job) adds none twice."""

    bimtek = models.ForeignKey(Bimtek, on_delete=models.PROTECT, related_name="tindak_lanjut_set")
    wilayah = _wilayah_fk(_("desa/kelurahan"))
    tindak_lanjut = models.OneToOneField(
        "pendamping.TindakLanjut", on_delete=models.CASCADE, related_name="bimtek_asal"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tindak lanjut bimtek")
        verbose_name_plural = _("tindak lanjut bimtek")
        ordering = ["bimtek_id", "wilayah_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bimtek", "wilayah"], name="tindak_lanjut_bimtek_sekali"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bimtek_id} → {self.wilayah_id}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id
