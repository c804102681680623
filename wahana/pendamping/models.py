"""Social workers (pendamping) of a Dinsos: who is assigned where, what their visits found, what
followed, the programmes they accompany, and their monthly reports."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wahana.wksbm.selectors import batas_laporan_for

# Terms ending within this many days are flagged on the coverage page.
MASA_BERAKHIR_HARI = 60


class Pendamping(models.Model):
    """A social worker who accompanies villages: TKSK (Tenaga Kesejahteraan Sosial Kecamatan,
    one per kecamatan), PSM (Pekerja Sosial Masyarakat, village volunteer), penyuluh sosial or
    a Dinsos (Dinas Sosial) staff member. `wilayah` is the area of assignment: the kecamatan of
    a TKSK, the kecamatan or desa of residence of a PSM."""

    class Jenis(models.TextChoices):
        TKSK = "tksk", _("TKSK")
        PSM = "psm", _("PSM")
        PENYULUH = "penyuluh", _("Penyuluh sosial")
        STAF = "staf", _("Staf Dinsos")

    class JenisKelamin(models.TextChoices):
        LAKI = "L", _("Laki-laki")
        PEREMPUAN = "P", _("Perempuan")

    class Pendidikan(models.TextChoices):
        SD = "sd", _("SD")
        SMP = "smp", _("SMP")
        SMA = "sma", _("SMA/SMK")
        D3 = "d3", _("Diploma")
        S1 = "s1", _("S1")
        S2 = "s2", _("S2/S3")

    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    nama = models.CharField(_("nama"), max_length=120)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    nomor_anggota = models.CharField(_("nomor anggota"), max_length=40, blank=True)
    tanggal_lahir = models.DateField(_("tanggal lahir"), null=True, blank=True)
    jenis_kelamin = models.CharField(
        _("jenis kelamin"), max_length=1, choices=JenisKelamin.choices, blank=True
    )
    telepon = models.CharField(_("telepon"), max_length=20, blank=True)
    alamat = models.TextField(_("alamat"), blank=True)
    pendidikan = models.CharField(
        _("pendidikan terakhir"), max_length=4, choices=Pendidikan.choices, blank=True
    )
    tahun_diangkat = models.PositiveSmallIntegerField(_("tahun diangkat"), null=True, blank=True)
    nomor_sk = models.CharField(_("nomor SK penugasan"), max_length=100, blank=True)
    tanggal_sk = models.DateField(_("tanggal SK"), null=True, blank=True)
    berkas_sk = models.ForeignKey(
        "berkas.Berkas",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dokumen SK"),
    )
    masa_mulai = models.DateField(_("masa tugas mulai"), null=True, blank=True)
    masa_selesai = models.DateField(_("masa tugas selesai"), null=True, blank=True)
    aktif = models.BooleanField(_("aktif"), default=True)
    akun = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pendamping",
        verbose_name=_("akun pengguna"),
    )
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
        verbose_name=_("wilayah tugas"),
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pendamping")
        verbose_name_plural = _("pendamping")
        ordering = ["wilayah_id", "jenis", "nama"]
        constraints = [
            # One active TKSK per kecamatan (the service says so in words first).
            models.UniqueConstraint(
                fields=["wilayah"],
                condition=Q(jenis="tksk", aktif=True),
                name="pendamping_satu_tksk_aktif",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.get_jenis_display()})"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id

    def masa_berakhir_dalam(self, hari: int = MASA_BERAKHIR_HARI) -> bool:
        if not self.masa_selesai:
            return False
        sisa = (self.masa_selesai - timezone.localdate()).days
        return 0 <= sisa <= hari


class PenugasanPsm(models.Model):
    """A desa a PSM (Pekerja Sosial Masyarakat) is assigned to; a PSM may serve several."""

    pendamping = models.ForeignKey(
        Pendamping, on_delete=models.CASCADE, related_name="penugasan_set"
    )
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
        verbose_name=_("desa/kelurahan"),
    )
    mulai = models.DateField(_("mulai"), null=True, blank=True)
    # Ended assignments are kept (who served where, when); only open ones count as coverage.
    selesai = models.DateField(_("selesai"), null=True, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penugasan PSM")
        verbose_name_plural = _("penugasan PSM")
        ordering = ["selesai", "wilayah_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pendamping", "wilayah"],
                condition=Q(selesai__isnull=True),
                name="penugasan_psm_unik_per_desa",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pendamping.nama} → {self.wilayah_id}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class Program(models.Model):
    """A Dinsos (Dinas Sosial) programme that enters villages, e.g. a BPNT (Bantuan Pangan Non
    Tunai) distribution or an RS-RTLH (Rehabilitasi Sosial Rumah Tidak Layak Huni) round.
    `wilayah` is the area of the office running it (usually the kabupaten)."""

    class Jenis(models.TextChoices):
        BANSOS = "bansos", _("Penyaluran bansos")
        RTLH = "rtlh", _("Rehabilitasi rumah (RS-RTLH)")
        BENCANA = "bencana", _("Bantuan bencana")
        DISABILITAS = "disabilitas", _("Bantuan disabilitas")
        LAINNYA = "lainnya", _("Lainnya")

    nama = models.CharField(_("nama program"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=12, choices=Jenis.choices)
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"), null=True, blank=True)
    keterangan = models.TextField(_("keterangan"), blank=True)
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
        verbose_name=_("wilayah penyelenggara"),
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        ordering = ["-mulai", "nama"]

    def __str__(self) -> str:
        return self.nama

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class ProgramDesa(models.Model):
    """A desa a programme reaches, and the pendamping who accompanies it there."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="desa_set")
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
        verbose_name=_("desa/kelurahan"),
    )
    pendamping = models.ForeignKey(
        Pendamping,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="program_desa_set",
        verbose_name=_("pendamping"),
    )

    class Meta:
        verbose_name = _("desa sasaran program")
        verbose_name_plural = _("desa sasaran program")
        ordering = ["wilayah_id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "wilayah"], name="program_desa_unik")
        ]

    def __str__(self) -> str:
        return f"{self.program} → {self.wilayah_id}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class Kunjungan(models.Model):
    """A pendampingan (accompaniment) visit by a pendamping to a desa, optionally to its WKSBM
    (Wahana Kesejahteraan Sosial Berbasis Masyarakat) and for a programme."""

    class Jenis(models.TextChoices):
        KUNJUNGAN = "kunjungan", _("Kunjungan")
        RAPAT = "rapat", _("Rapat")
        VERIFIKASI = "verifikasi", _("Verifikasi")
        SOSIALISASI = "sosialisasi", _("Sosialisasi")
        BIMTEK = "bimtek", _("Tindak lanjut bimtek")
        LAINNYA = "lainnya", _("Lainnya")

    pendamping = models.ForeignKey(
        Pendamping,
        on_delete=models.PROTECT,
        related_name="kunjungan_set",
        verbose_name=_("pendamping"),
    )
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
        verbose_name=_("desa/kelurahan"),
    )
    wksbm = models.ForeignKey(
        "wksbm.Wksbm",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kunjungan_set",
        verbose_name=_("WKSBM"),
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kunjungan_set",
        verbose_name=_("program"),
    )
    tanggal = models.DateField(_("tanggal"))
    jenis = models.CharField(_("jenis kegiatan"), max_length=12, choices=Jenis.choices)
    uraian = models.CharField(_("uraian kegiatan"), max_length=300)
    temuan = models.TextField(_("temuan/permasalahan"), blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kunjungan pendampingan")
        verbose_name_plural = _("kunjungan pendampingan")
        ordering = ["-tanggal", "-pk"]
        indexes = [models.Index(fields=["pendamping", "tanggal"], name="kunjungan_pendamping_tgl")]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.tanggal:%d/%m/%Y}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class FotoKunjungan(models.Model):
    """A photo taken on a visit (shown in the monthly report's photo documentation)."""

    kunjungan = models.ForeignKey(Kunjungan, on_delete=models.CASCADE, related_name="foto_set")
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
    )
    berkas = models.ForeignKey("berkas.Berkas", on_delete=models.PROTECT, related_name="+")
    keterangan = models.CharField(_("keterangan foto"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("foto kunjungan")
        verbose_name_plural = _("foto kunjungan")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.keterangan or str(self.berkas_id)

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class TindakLanjut(models.Model):
    """A follow-up task, owned by a user or a pendamping, with a due date. Most come from a
    visit (`kunjungan`); a task may also come from the impact view of a bimtek (bimbingan
    teknis) for a trained desa that did not wake up: then `sumber` says so, there is no visit,
    and the bimtek app keeps the link to its event (it depends on this app, not the reverse)."""

    class Status(models.TextChoices):
        TERBUKA = "terbuka", _("Terbuka")
        SELESAI = "selesai", _("Selesai")
        BATAL = "batal", _("Batal")

    class Sumber(models.TextChoices):
        KUNJUNGAN = "kunjungan", _("Kunjungan")
        BIMTEK = "bimtek", _("Dampak bimtek")

    kunjungan = models.ForeignKey(
        Kunjungan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tindak_lanjut_set",
    )
    sumber = models.CharField(
        _("asal"), max_length=10, choices=Sumber.choices, default=Sumber.KUNJUNGAN
    )
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
    )
    uraian = models.CharField(_("uraian"), max_length=300)
    pemilik_akun = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penanggung jawab (pengguna)"),
    )
    pemilik_pendamping = models.ForeignKey(
        Pendamping,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tindak_lanjut_set",
        verbose_name=_("penanggung jawab (pendamping)"),
    )
    batas_waktu = models.DateField(_("batas waktu"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.TERBUKA
    )
    catatan = models.TextField(_("catatan"), blank=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["batas_waktu", "pk"]
        indexes = [models.Index(fields=["status", "batas_waktu"], name="tindak_lanjut_status")]
        constraints = [
            # A task from a visit has its visit; other sources have none.
            models.CheckConstraint(
                condition=Q(sumber="kunjungan", kunjungan__isnull=False)
                | (~Q(sumber="kunjungan") & Q(kunjungan__isnull=True)),
                name="tindak_lanjut_sumber_kunjungan",
            ),
        ]

    def __str__(self) -> str:
        return self.uraian

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id

    @property
    def terlambat(self) -> bool:
        return self.status == self.Status.TERBUKA and self.batas_waktu < timezone.localdate()

    @property
    def pemilik(self) -> str:
        if self.pemilik_pendamping_id:
            return self.pemilik_pendamping.nama
        if self.pemilik_akun_id:
            return self.pemilik_akun.get_full_name() or self.pemilik_akun.username
        return ""


class LaporanBulanan(models.Model):
    """The monthly report of a TKSK or PSM, built from their recorded work. States: draft →
    diajukan → disetujui / revisi / ditolak (revisi → diajukan again). An approved report is
    locked; a correction is a perubahan (amendment): a new version linked to the original."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        DIAJUKAN = "diajukan", _("Diajukan")
        DISETUJUI = "disetujui", _("Disetujui")
        REVISI = "revisi", _("Dikembalikan untuk revisi")
        DITOLAK = "ditolak", _("Ditolak")

    pendamping = models.ForeignKey(Pendamping, on_delete=models.PROTECT, related_name="laporan_set")
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
    )
    bulan = models.DateField(_("bulan"), help_text=_("Hari pertama bulan laporan."))
    versi = models.PositiveSmallIntegerField(_("versi"), default=1)
    asal = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="perubahan_set",
        verbose_name=_("laporan asal"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    ringkasan = models.TextField(_("ringkasan"), blank=True)
    alasan = models.TextField(_("alasan pengembalian/penolakan"), blank=True)
    diajukan_pertama = models.DateTimeField(_("pertama diajukan"), null=True, blank=True)
    diajukan_pada = models.DateTimeField(_("diajukan"), null=True, blank=True)
    diputuskan_pada = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("laporan bulanan")
        verbose_name_plural = _("laporan bulanan")
        ordering = ["-bulan", "pendamping__nama", "-versi"]
        constraints = [
            models.UniqueConstraint(
                fields=["pendamping", "bulan", "versi"], name="laporan_versi_unik"
            ),
            models.CheckConstraint(condition=Q(bulan__day=1), name="laporan_bulan_hari_pertama"),
        ]

    def __str__(self) -> str:
        return f"{self.pendamping.nama} {self.bulan:%m/%Y} v{self.versi}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id

    @cached_property
    def batas(self) -> datetime.date:
        """The last day on which the report is on time (local time, Asia/Jakarta): the one rule
        of every monthly report, set per kabupaten (`wahana.wksbm.selectors.batas_laporan_for`).
        One query; a list sets it for all its rows at once (`selectors.laporan_batas_set`)."""
        return batas_laporan_for([(self.wilayah_id, self.bulan)])[self.wilayah_id, self.bulan]

    @property
    def tepat_waktu(self) -> bool | None:
        """On time when first submitted by the deadline; None while never submitted. A report
        returned for revision keeps the date of its first submission."""
        if self.diajukan_pertama is None:
            return None
        return timezone.localdate(self.diajukan_pertama) <= self.batas

    @property
    def terkunci(self) -> bool:
        return self.status in (self.Status.DIAJUKAN, self.Status.DISETUJUI, self.Status.DITOLAK)

    @property
    def dapat_diubah(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.REVISI)


class LaporanBaris(models.Model):
    """One row of a submitted report's activity table, copied from the recorded work when the
    report is submitted, so an approved report keeps what it said."""

    laporan = models.ForeignKey(LaporanBulanan, on_delete=models.CASCADE, related_name="baris_set")
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
    )
    urutan = models.PositiveSmallIntegerField()
    tanggal = models.DateField()
    tempat = models.CharField(max_length=300)
    kegiatan = models.TextField()
    masalah = models.TextField(blank=True)
    sumber = models.CharField(max_length=20)
    kunjungan = models.ForeignKey(
        Kunjungan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["urutan"]

    def __str__(self) -> str:
        return f"{self.tanggal:%d/%m/%Y} {self.tempat}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id
