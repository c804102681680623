import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReferensiQuerySet(models.QuerySet):
    def berlaku(self, pada: datetime.date | None = None):
        """The kinds in force on a date (today by default)."""
        pada = pada or datetime.date.today()
        return self.filter(Q(berlaku_mulai__isnull=True) | Q(berlaku_mulai__lte=pada)).filter(
            Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=pada)
        )


class JenisPpks(models.Model):
    """A kind of PPKS (Pemerlu Pelayanan Kesejahteraan Sosial, people needing social-welfare
    services), Permensos 08/2012: 26 kinds. Editable reference data with validity dates, since
    regulation changes the list."""

    kode = models.CharField(_("kode"), max_length=10, unique=True)
    nama = models.CharField(_("nama"), max_length=150)
    kelompok = models.CharField(_("kelompok"), max_length=40, blank=True)
    berlaku_mulai = models.DateField(_("berlaku mulai"), null=True, blank=True)
    berlaku_sampai = models.DateField(_("berlaku sampai"), null=True, blank=True)

    objects = ReferensiQuerySet.as_manager()

    class Meta:
        verbose_name = _("jenis PPKS")
        verbose_name_plural = _("jenis PPKS")
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama


class JenisPsks(models.Model):
    """A kind of PSKS (Potensi dan Sumber Kesejahteraan Sosial, social-welfare potentials and
    resources), Permensos 08/2012: 12 kinds, among them WKSBM, TKSK and PSM."""

    kode = models.CharField(_("kode"), max_length=10, unique=True)
    nama = models.CharField(_("nama"), max_length=150)
    bentuk = models.CharField(_("bentuk"), max_length=40, blank=True)
    berlaku_mulai = models.DateField(_("berlaku mulai"), null=True, blank=True)
    berlaku_sampai = models.DateField(_("berlaku sampai"), null=True, blank=True)

    objects = ReferensiQuerySet.as_manager()

    class Meta:
        verbose_name = _("jenis PSKS")
        verbose_name_plural = _("jenis PSKS")
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama


class Ppks(models.Model):
    """A PPKS (Pemerlu Pelayanan Kesejahteraan Sosial): a person, or a group/community such as a
    Komunitas Adat Terpencil (KAT), who needs social-welfare services. A local working list linked
    to DTSEN (Data Tunggal Sosial Ekonomi Nasional) by NIK (Nomor Induk Kependudukan) and No KK
    (Nomor Kartu Keluarga), both encrypted at rest and found through a keyed blind index
    (wahana/ppks/crypto.py)."""

    class Subjek(models.TextChoices):
        PERORANGAN = "perorangan", _("Perorangan")
        KELOMPOK = "kelompok", _("Kelompok/komunitas")

    class JenisKelamin(models.TextChoices):
        LAKI_LAKI = "L", _("Laki-laki")
        PEREMPUAN = "P", _("Perempuan")

    class StatusDtsen(models.TextChoices):
        BELUM_DICEK = "belum_dicek", _("Belum dicek")
        TERDAFTAR = "terdaftar", _("Terdaftar di DTSEN")
        TIDAK_TERDAFTAR = "tidak_terdaftar", _("Tidak terdaftar di DTSEN")

    class DasarPemrosesan(models.TextChoices):
        # UU PDP 27/2022 Pasal 20: the lawful bases for processing personal data.
        PERSETUJUAN = "persetujuan", _("Persetujuan subjek data")
        KEWAJIBAN_HUKUM = "kewajiban_hukum", _("Pemenuhan kewajiban hukum")
        KEPENTINGAN_VITAL = "kepentingan_vital", _("Perlindungan kepentingan vital")
        TUGAS_PUBLIK = "tugas_publik", _("Pelaksanaan tugas kepentingan umum/kewenangan")

    class Status(models.TextChoices):
        AKTIF = "aktif", _("Aktif")
        DIARSIPKAN = "diarsipkan", _("Diarsipkan")
        DIGABUNG = "digabung", _("Digabung ke data lain")
        DIHAPUS = "dihapus", _("Data pribadi dihapus")

    class RagamDisabilitas(models.TextChoices):
        # UU 8/2016 Pasal 4.
        FISIK = "fisik", _("Fisik")
        INTELEKTUAL = "intelektual", _("Intelektual")
        MENTAL = "mental", _("Mental")
        SENSORIK = "sensorik", _("Sensorik")
        GANDA = "ganda", _("Ganda/multi")

    subjek = models.CharField(
        _("subjek"), max_length=12, choices=Subjek.choices, default=Subjek.PERORANGAN
    )
    # Encrypted values (AES-GCM, key outside the database) and their keyed blind indexes.
    nik_sandi = models.TextField(_("NIK (terenkripsi)"), blank=True, editable=False)
    nik_indeks = models.CharField(max_length=64, null=True, blank=True, editable=False)
    nik_samaran = models.CharField(_("NIK"), max_length=16, blank=True, editable=False)
    no_kk_sandi = models.TextField(_("No KK (terenkripsi)"), blank=True, editable=False)
    no_kk_indeks = models.CharField(
        max_length=64, null=True, blank=True, db_index=True, editable=False
    )
    no_kk_samaran = models.CharField(_("No KK"), max_length=16, blank=True, editable=False)

    nama = models.CharField(_("nama"), max_length=150)
    # Comparison key of the name (wahana/ppks/nama.py), for duplicate search.
    nama_kunci = models.CharField(max_length=150, blank=True, db_index=True, editable=False)
    jenis_kelamin = models.CharField(
        _("jenis kelamin"), max_length=1, choices=JenisKelamin.choices, blank=True
    )
    tempat_lahir = models.CharField(_("tempat lahir"), max_length=80, blank=True)
    tanggal_lahir = models.DateField(_("tanggal lahir"), null=True, blank=True)

    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
        verbose_name=_("desa/kelurahan"),
    )
    dusun = models.CharField(_("dusun/lingkungan"), max_length=80, blank=True)
    rt = models.CharField(_("RT"), max_length=5, blank=True)
    rw = models.CharField(_("RW"), max_length=5, blank=True)
    alamat = models.CharField(_("alamat"), max_length=200, blank=True)

    jenis = models.ManyToManyField(JenisPpks, related_name="+", verbose_name=_("jenis PPKS"))
    kebutuhan = models.TextField(_("kebutuhan"), blank=True)
    disabilitas_ragam = models.CharField(
        _("ragam disabilitas"), max_length=12, choices=RagamDisabilitas.choices, blank=True
    )
    disabilitas_keterangan = models.TextField(_("keterangan disabilitas"), blank=True)

    status_dtsen = models.CharField(
        _("status DTSEN"), max_length=16, choices=StatusDtsen.choices, default="belum_dicek"
    )
    desil_dtsen = models.PositiveSmallIntegerField(
        _("desil DTSEN"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("1 = 10% rumah tangga termiskin, 10 = 10% terkaya."),
    )

    dasar_pemrosesan = models.CharField(
        _("dasar pemrosesan data"),
        max_length=20,
        choices=DasarPemrosesan.choices,
        default=DasarPemrosesan.TUGAS_PUBLIK,
    )
    tanggal_persetujuan = models.DateField(_("tanggal persetujuan"), null=True, blank=True)

    ditemukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditemukan oleh"),
    )
    tanggal_ditemukan = models.DateField(_("tanggal ditemukan"), null=True, blank=True)

    perlu_dicek = models.BooleanField(_("perlu dicek"), default=False, db_index=True)
    alasan_dicek = models.TextField(_("alasan perlu dicek"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.AKTIF, db_index=True
    )
    digabung_ke = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("digabung ke"),
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("PPKS")
        verbose_name_plural = _("PPKS")
        ordering = ["nama_kunci", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nik_indeks"],
                name="ppks_nik_unik",
                violation_error_message=_("NIK ini sudah terdaftar sebagai PPKS."),
            ),
            models.CheckConstraint(
                condition=Q(desil_dtsen__isnull=True) | Q(desil_dtsen__gte=1, desil_dtsen__lte=10),
                name="ppks_desil_1_10",
                violation_error_message=_("Desil DTSEN bernilai 1 sampai 10."),
            ),
        ]
        indexes = [
            # The list's count and filters within a scope: the scope is one range of the region
            # code in byte order (wahana/akun/scope.py), which PostgreSQL serves only from pattern
            # operator classes; with status, desil, name key and id in it a count of the list,
            # filtered or not, reads the index alone. SQLite ignores the operator classes.
            models.Index(
                fields=["wilayah", "status", "desil_dtsen", "nama_kunci", "id"],
                name="ppks_wilayah_status",
                opclasses=[
                    "varchar_pattern_ops",
                    "varchar_pattern_ops",
                    "int2_ops",
                    "varchar_pattern_ops",
                    "int8_ops",
                ],
            ),
            models.Index(fields=["tanggal_lahir", "nama_kunci"], name="ppks_lahir_nama"),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class LayananPpks(models.Model):
    """A social-welfare service delivered to a PPKS (Pemerlu Pelayanan Kesejahteraan Sosial)."""

    class Jenis(models.TextChoices):
        PENCEGAHAN = "pencegahan", _("Pencegahan")
        REHABILITASI = "rehabilitasi", _("Rehabilitasi sosial")
        PERLINDUNGAN = "perlindungan", _("Perlindungan sosial")
        PEMBERDAYAAN = "pemberdayaan", _("Pemberdayaan sosial")
        JAMINAN = "jaminan", _("Jaminan sosial")
        RUJUKAN = "rujukan", _("Rujukan")

    class Penyedia(models.TextChoices):
        WKSBM = "wksbm", _("WKSBM")
        PSM = "psm", _("PSM")
        DINSOS = "dinsos", _("Dinas Sosial")
        LAINNYA = "lainnya", _("Lainnya")

    ppks = models.ForeignKey(
        Ppks, on_delete=models.CASCADE, related_name="layanan_set", verbose_name=_("PPKS")
    )
    wilayah = models.ForeignKey(
        "wilayah.Wilayah", on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+"
    )
    jenis = models.CharField(_("jenis layanan"), max_length=14, choices=Jenis.choices)
    tanggal = models.DateField(_("tanggal"))
    penyedia = models.CharField(_("penyedia"), max_length=10, choices=Penyedia.choices)
    penyedia_nama = models.CharField(_("nama penyedia"), max_length=150, blank=True)
    keterangan = models.TextField(_("keterangan"), blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("layanan PPKS")
        verbose_name_plural = _("layanan PPKS")
        ordering = ["-tanggal", "-id"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.tanggal:%d/%m/%Y}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class RujukanPpks(models.Model):
    """A referral of a PPKS (Pemerlu Pelayanan Kesejahteraan Sosial) to an institution, followed
    until it ends: dirujuk → diterima → ditangani → selesai, or ditolak."""

    class Status(models.TextChoices):
        DIRUJUK = "dirujuk", _("Dirujuk")
        DITERIMA = "diterima", _("Diterima")
        DITANGANI = "ditangani", _("Ditangani")
        SELESAI = "selesai", _("Selesai")
        DITOLAK = "ditolak", _("Ditolak")

    # Allowed next statuses; selesai and ditolak are final.
    LANGKAH = {
        "dirujuk": ("diterima", "ditolak"),
        "diterima": ("ditangani", "ditolak"),
        "ditangani": ("selesai",),
        "selesai": (),
        "ditolak": (),
    }

    ppks = models.ForeignKey(
        Ppks, on_delete=models.CASCADE, related_name="rujukan_set", verbose_name=_("PPKS")
    )
    wilayah = models.ForeignKey(
        "wilayah.Wilayah", on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+"
    )
    lembaga = models.CharField(_("lembaga tujuan"), max_length=200)
    tanggal = models.DateField(_("tanggal dirujuk"))
    alasan = models.TextField(_("alasan rujukan"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DIRUJUK
    )
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("rujukan PPKS")
        verbose_name_plural = _("rujukan PPKS")
        ordering = ["-tanggal", "-id"]

    def __str__(self) -> str:
        return f"{self.lembaga} ({self.get_status_display()})"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id

    @property
    def langkah_berikut(self) -> list[tuple[str, str]]:
        return [(s, self.Status(s).label) for s in self.LANGKAH[self.status]]


class RiwayatRujukan(models.Model):
    """One dated status change of a referral (RujukanPpks)."""

    rujukan = models.ForeignKey(RujukanPpks, on_delete=models.CASCADE, related_name="riwayat")
    wilayah = models.ForeignKey(
        "wilayah.Wilayah", on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=RujukanPpks.Status.choices)
    tanggal = models.DateField(_("tanggal"))
    catatan = models.TextField(_("catatan"), blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat rujukan")
        verbose_name_plural = _("riwayat rujukan")
        ordering = ["tanggal", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.tanggal:%d/%m/%Y}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class DuplikatPpks(models.Model):
    """A pair of PPKS records that may be the same person, waiting for a reviewer: merge (the
    second into the first, reversible) or mark as distinct. `wilayah` is the smallest region
    containing both, so only users who can see both records see the pair."""

    class Status(models.TextChoices):
        TERBUKA = "terbuka", _("Belum ditinjau")
        DIGABUNG = "digabung", _("Digabung")
        BERBEDA = "berbeda", _("Orang berbeda")

    utama = models.ForeignKey(Ppks, on_delete=models.CASCADE, related_name="+")
    duplikat = models.ForeignKey(Ppks, on_delete=models.CASCADE, related_name="+")
    wilayah = models.ForeignKey(
        "wilayah.Wilayah", on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+"
    )
    skor = models.PositiveSmallIntegerField(_("skor"))
    alasan = models.JSONField(_("alasan"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.TERBUKA, db_index=True
    )
    # What a merge moved from `duplikat` to `utama`, so that it can be undone exactly.
    perpindahan = models.JSONField(default=dict, blank=True)
    ditinjau_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ditinjau_pada = models.DateTimeField(null=True, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kemungkinan duplikat PPKS")
        verbose_name_plural = _("kemungkinan duplikat PPKS")
        ordering = ["-skor", "id"]
        constraints = [
            models.UniqueConstraint(fields=["utama", "duplikat"], name="duplikat_pasangan_unik")
        ]

    def __str__(self) -> str:
        return f"{self.utama_id} ~ {self.duplikat_id} ({self.skor})"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class ImporPpks(models.Model):
    """One spreadsheet import: uploaded, checked (dry run), then committed all or nothing.
    `diproses` of `total_baris` is the progress a page polls."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu")
        MEMERIKSA = "memeriksa", _("Sedang diperiksa")
        DIPERIKSA = "diperiksa", _("Selesai diperiksa")
        MENYIMPAN = "menyimpan", _("Sedang disimpan")
        SELESAI = "selesai", _("Tersimpan")
        GAGAL = "gagal", _("Gagal")

    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("cakupan impor"),
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    nama_berkas = models.CharField(_("nama berkas"), max_length=200)
    berkas = models.FileField(upload_to="ppks-impor/", max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    total_baris = models.PositiveIntegerField(default=0)
    diproses = models.PositiveIntegerField(default=0)
    jumlah_baru = models.PositiveIntegerField(default=0)
    jumlah_ubah = models.PositiveIntegerField(default=0)
    jumlah_sama = models.PositiveIntegerField(default=0)
    jumlah_tolak = models.PositiveIntegerField(default=0)
    pesan = models.TextField(blank=True)
    # The file's header row: the uploaded file itself (NIK in clear) is deleted once checked.
    kolom = models.JSONField(default=list, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    selesai = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("impor PPKS")
        verbose_name_plural = _("impor PPKS")
        ordering = ["-dibuat"]

    def __str__(self) -> str:
        return self.nama_berkas

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id

    @property
    def persen(self) -> int:
        return int(100 * self.diproses / self.total_baris) if self.total_baris else 0


class ImporBaris(models.Model):
    """The dry-run verdict on one row of an import, with the cleaned values to write on commit."""

    class Aksi(models.TextChoices):
        BARU = "baru", _("Dibuat")
        UBAH = "ubah", _("Diperbarui")
        SAMA = "sama", _("Tidak berubah")
        TOLAK = "tolak", _("Ditolak")

    scope_field = "impor__wilayah__kode"

    impor = models.ForeignKey(ImporPpks, on_delete=models.CASCADE, related_name="baris")
    nomor = models.PositiveIntegerField(_("baris"))
    aksi = models.CharField(max_length=5, choices=Aksi.choices)
    nama = models.CharField(max_length=150, blank=True)
    pesan = models.JSONField(default=list)
    # Cleaned values (NIK already encrypted) and the id of the record to update.
    data = models.JSONField(default=dict)
    ppks_id = models.BigIntegerField(null=True)
    # A refused row as it was in the file (for the error sheet), encrypted: it may hold a NIK.
    asli_sandi = models.TextField(blank=True)

    class Meta:
        ordering = ["nomor"]
        indexes = [models.Index(fields=["impor", "aksi", "nomor"], name="impor_baris_aksi")]

    def __str__(self) -> str:
        return f"{self.nomor}: {self.get_aksi_display()}"
