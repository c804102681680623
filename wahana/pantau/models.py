"""Watching: the activity index of every WKSBM per month, its weights, regional roll-ups,
notifications and revival plans."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _wilayah_fk(**kwargs):
    return models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
        verbose_name=_("wilayah"),
        **kwargs,
    )


# The weights of the issue (points per component); a kabupaten without its own version uses
# these as version 0 ("bawaan").
BOBOT_BAWAAN = {
    "sk": 10,
    "pengurus": 10,
    "lembaga": 10,
    "rapat": 15,
    "dana": 15,
    "bantuan": 20,
    "kegiatan": 10,
    "laporan": 10,
}


class BobotIndeks(models.Model):
    """One version of the weights of the activity index for a kabupaten. A change by the
    kabupaten operator is a new version that applies from `berlaku_mulai`; earlier months keep
    the version they used. (The report deadline set on the same page is the WKSBM registry's
    `wksbm.BatasLaporan`.)"""

    wilayah = _wilayah_fk()
    versi = models.PositiveIntegerField(_("versi"))
    berlaku_mulai = models.DateField(_("berlaku mulai bulan"))
    sk = models.PositiveSmallIntegerField(_("SK pengesahan ada"), default=10)
    pengurus = models.PositiveSmallIntegerField(_("ketua, sekretaris, bendahara aktif"), default=10)
    lembaga = models.PositiveSmallIntegerField(_("minimal 3 lembaga anggota aktif"), default=10)
    rapat = models.PositiveSmallIntegerField(_("rapat dalam 3 bulan terakhir"), default=15)
    dana = models.PositiveSmallIntegerField(_("dana dihimpun dalam 3 bulan terakhir"), default=15)
    bantuan = models.PositiveSmallIntegerField(
        _("bantuan kepada PPKS dalam 6 bulan terakhir"), default=20
    )
    kegiatan = models.PositiveSmallIntegerField(
        _("kegiatan terverifikasi dalam 3 bulan terakhir"), default=10
    )
    laporan = models.PositiveSmallIntegerField(_("laporan bulanan tepat waktu"), default=10)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("bobot indeks")
        verbose_name_plural = _("bobot indeks")
        ordering = ["wilayah_id", "-versi"]
        constraints = [
            models.UniqueConstraint(fields=["wilayah", "versi"], name="bobot_indeks_versi_unik")
        ]

    def __str__(self) -> str:
        return f"{self.wilayah_id} v{self.versi}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id

    @property
    def bobot(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in BOBOT_BAWAAN}

    @property
    def total(self) -> int:
        return sum(self.bobot.values())


class Status(models.TextChoices):
    BELUM = "belum", _("Belum terbentuk")
    AKTIF = "aktif", _("Aktif")
    KURANG = "kurang", _("Kurang aktif")
    MATI_SURI = "mati_suri", _("Mati suri")


# How alive each status is: a lower rank than last month is a drop.
PERINGKAT = {Status.BELUM: 0, Status.MATI_SURI: 1, Status.KURANG: 2, Status.AKTIF: 3}


class IndeksBulanan(models.Model):
    """The activity index (0–100) and status of one WKSBM (Wahana Kesejahteraan Sosial Berbasis
    Masyarakat) for one month, with each component's points and the records behind it
    (`komponen`), the weights version used and when it was computed."""

    wksbm = models.ForeignKey("wksbm.Wksbm", on_delete=models.CASCADE, related_name="+")
    wilayah = _wilayah_fk()
    bulan = models.DateField(_("bulan"))
    skor = models.PositiveSmallIntegerField(_("skor"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    versi = models.PositiveIntegerField(_("versi bobot"), default=0)
    komponen = models.JSONField(_("komponen"), default=dict)
    # Facts of the month itself, summed into the roll-ups.
    dilatih = models.BooleanField(_("desa pernah ikut bimtek"), default=False)
    laporan_diterima = models.BooleanField(_("laporan bulan ini diterima"), default=False)
    laporan_tepat = models.BooleanField(_("laporan bulan ini tepat waktu"), default=False)
    ppks_dilayani = models.PositiveIntegerField(_("PPKS dilayani"), default=0)
    dana_dihimpun = models.BigIntegerField(_("dana dihimpun (Rp)"), default=0)
    # For the attention list: the status of the month before and the last accompaniment visit.
    status_sebelumnya = models.CharField(max_length=10, choices=Status.choices, blank=True)
    pendampingan_terakhir = models.DateField(null=True, blank=True)
    dihitung = models.DateTimeField(_("dihitung pada"))

    class Meta:
        verbose_name = _("indeks bulanan")
        verbose_name_plural = _("indeks bulanan")
        ordering = ["wksbm_id", "-bulan"]
        constraints = [
            models.UniqueConstraint(fields=["wksbm", "bulan"], name="indeks_bulanan_unik")
        ]
        indexes = [
            models.Index(fields=["bulan", "wilayah"], name="indeks_bulan_wilayah"),
            # The dashboard's attention list (lowest scores of the month first, LIMIT 50) walks
            # this index and stops early instead of sorting a whole month: 110 ms -> 0.4 ms for
            # the nation's 83,762 WKSBM.
            models.Index(fields=["bulan", "skor", "wilayah"], name="indeks_bulan_skor"),
        ]

    def __str__(self) -> str:
        return f"{self.wksbm_id} {self.bulan:%Y-%m} {self.skor}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class RekapWilayah(models.Model):
    """Precomputed figures of one region (any level; '' = all Indonesia) for one month, summed
    from `IndeksBulanan`: what dashboards read, so a page never scans raw records."""

    kode = models.CharField(_("kode wilayah"), max_length=20, blank=True)
    induk = models.CharField(_("kode induk"), max_length=20, blank=True)
    tingkat = models.PositiveSmallIntegerField(_("tingkat"))
    bulan = models.DateField(_("bulan"))
    jumlah_wksbm = models.PositiveIntegerField(default=0)
    belum = models.PositiveIntegerField(default=0)
    aktif = models.PositiveIntegerField(default=0)
    kurang = models.PositiveIntegerField(default=0)
    mati_suri = models.PositiveIntegerField(default=0)
    total_skor = models.PositiveBigIntegerField(default=0)
    dilatih = models.PositiveIntegerField(default=0)
    dilatih_aktif = models.PositiveIntegerField(default=0)
    belum_dilatih_aktif = models.PositiveIntegerField(default=0)
    laporan_diharapkan = models.PositiveIntegerField(default=0)
    laporan_diterima = models.PositiveIntegerField(default=0)
    laporan_tepat = models.PositiveIntegerField(default=0)
    # Monthly reports of the social workers (LaporanPendampingBulanan summed).
    tksk_diharapkan = models.PositiveIntegerField(default=0)
    tksk_diterima = models.PositiveIntegerField(default=0)
    tksk_tepat = models.PositiveIntegerField(default=0)
    psm_diharapkan = models.PositiveIntegerField(default=0)
    psm_diterima = models.PositiveIntegerField(default=0)
    psm_tepat = models.PositiveIntegerField(default=0)
    ppks_dilayani = models.PositiveIntegerField(default=0)
    dana_dihimpun = models.BigIntegerField(default=0)
    diperbarui = models.DateTimeField(_("diperbarui"))

    # Regions are matched by code prefix here (no FK: the nation has no Wilayah row).
    scope_field = "kode"

    class Meta:
        verbose_name = _("rekap wilayah")
        verbose_name_plural = _("rekap wilayah")
        constraints = [models.UniqueConstraint(fields=["kode", "bulan"], name="rekap_wilayah_unik")]
        indexes = [models.Index(fields=["induk", "bulan"], name="rekap_induk_bulan")]

    def __str__(self) -> str:
        return f"{self.kode or 'ID'} {self.bulan:%Y-%m}"

    @property
    def kode_wilayah(self) -> str:
        return self.kode

    @property
    def terbentuk(self) -> int:
        return self.jumlah_wksbm - self.belum

    @property
    def belum_dilatih(self) -> int:
        return self.jumlah_wksbm - self.dilatih

    @property
    def rata_skor(self) -> int | None:
        return round(self.total_skor / self.terbentuk) if self.terbentuk else None

    def persen(self, bagian: int, dari: int) -> int | None:
        return round(100 * bagian / dari) if dari else None

    @property
    def persen_diterima(self):
        return self.persen(self.laporan_diterima, self.laporan_diharapkan)

    @property
    def persen_tepat(self):
        return self.persen(self.laporan_tepat, self.laporan_diharapkan)

    def kelengkapan(self) -> list[dict]:
        """Expected, received and on-time reports of the month per reporter kind."""
        return [
            {
                "jenis": jenis,
                "label": label,
                "diharapkan": getattr(self, f"{awalan}diharapkan"),
                "diterima": getattr(self, f"{awalan}diterima"),
                "tepat": getattr(self, f"{awalan}tepat"),
                "persen_diterima": self.persen(
                    getattr(self, f"{awalan}diterima"), getattr(self, f"{awalan}diharapkan")
                ),
                "persen_tepat": self.persen(
                    getattr(self, f"{awalan}tepat"), getattr(self, f"{awalan}diharapkan")
                ),
            }
            for jenis, awalan, label in (
                ("wksbm", "laporan_", _("WKSBM")),
                ("tksk", "tksk_", _("TKSK")),
                ("psm", "psm_", _("PSM")),
            )
        ]


class Notifikasi(models.Model):
    """An in-app alert to one user: a WKSBM dropped a status, or an expected report is late.
    `kunci` makes each alert happen once per recipient."""

    class Jenis(models.TextChoices):
        TURUN = "turun", _("Status turun")
        TERLAMBAT = "terlambat", _("Laporan terlambat")
        RENCANA = "rencana", _("Rencana revitalisasi")

    penerima = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    wilayah = _wilayah_fk()
    wksbm = models.ForeignKey(
        "wksbm.Wksbm", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    judul = models.CharField(_("judul"), max_length=200)
    isi = models.TextField(_("isi"), blank=True)
    kunci = models.CharField(max_length=120)
    dibaca = models.DateTimeField(_("dibaca"), null=True, blank=True)
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-dibuat", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["penerima", "kunci"], name="notifikasi_sekali")
        ]
        indexes = [models.Index(fields=["penerima", "dibaca"], name="notifikasi_belum_dibaca")]

    def __str__(self) -> str:
        return self.judul

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class RencanaRevitalisasi(models.Model):
    """A revival plan (rencana revitalisasi) for a fading or dormant WKSBM: its goal and the
    steps with owners and due dates; progress is the share of steps done."""

    wksbm = models.ForeignKey("wksbm.Wksbm", on_delete=models.PROTECT, related_name="+")
    wilayah = _wilayah_fk()
    judul = models.CharField(_("judul"), max_length=200)
    tujuan = models.TextField(_("tujuan"), blank=True)
    selesai = models.BooleanField(_("selesai"), default=False)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("rencana revitalisasi")
        verbose_name_plural = _("rencana revitalisasi")
        ordering = ["selesai", "-dibuat"]

    def __str__(self) -> str:
        return self.judul

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class LangkahRevitalisasi(models.Model):
    """One step of a revival plan: what, who is responsible, by when, and whether it is done."""

    rencana = models.ForeignKey(
        RencanaRevitalisasi, on_delete=models.CASCADE, related_name="langkah_set"
    )
    wilayah = _wilayah_fk()
    uraian = models.CharField(_("langkah"), max_length=300)
    penanggung_jawab = models.CharField(_("penanggung jawab"), max_length=120)
    batas_waktu = models.DateField(_("batas waktu"))
    selesai_pada = models.DateField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("langkah revitalisasi")
        verbose_name_plural = _("langkah revitalisasi")
        ordering = ["batas_waktu", "id"]

    def __str__(self) -> str:
        return self.uraian

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class BatasWilayah(models.Model):
    """The simplified boundary of a region for the dashboard map, loaded from a GeoJSON file
    (`wahana pantau geojson FILE`): polygons as lists of [lon, lat] rings, and their box."""

    wilayah = models.OneToOneField(
        "wilayah.Wilayah",
        on_delete=models.CASCADE,
        db_column="kode_wilayah",
        related_name="+",
        primary_key=True,
    )
    poligon = models.JSONField(_("poligon"))
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    dimuat = models.DateTimeField(_("dimuat"), auto_now=True)

    class Meta:
        verbose_name = _("batas wilayah")
        verbose_name_plural = _("batas wilayah")

    def __str__(self) -> str:
        return self.wilayah_id

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class LaporanPendampingBulanan(models.Model):
    """Completeness of one TKSK (Tenaga Kesejahteraan Sosial Kecamatan) or PSM (Pekerja Sosial
    Masyarakat) for one month, in the manner of DHIS2 reporting rates: a row exists when their
    monthly report (`pendamping.LaporanBulanan`) was expected, i.e. they were active in that
    month; received when a version was submitted, on time when first submitted by the deadline
    of the kabupaten (`wksbm.BatasLaporan`)."""

    pendamping = models.ForeignKey(
        "pendamping.Pendamping", on_delete=models.CASCADE, related_name="+"
    )
    wilayah = _wilayah_fk()
    jenis = models.CharField(_("jenis"), max_length=10)
    bulan = models.DateField(_("bulan"))
    diterima = models.BooleanField(_("laporan diterima"), default=False)
    tepat = models.BooleanField(_("laporan tepat waktu"), default=False)
    diajukan = models.DateTimeField(_("pertama diajukan"), null=True, blank=True)
    batas = models.DateField(_("batas waktu"))
    dihitung = models.DateTimeField(_("dihitung pada"))

    class Meta:
        verbose_name = _("kelengkapan laporan pendamping")
        verbose_name_plural = _("kelengkapan laporan pendamping")
        ordering = ["wilayah_id", "jenis", "pendamping_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pendamping", "bulan"], name="laporan_pendamping_bulanan_unik"
            )
        ]
        indexes = [models.Index(fields=["bulan", "wilayah"], name="laporan_pendamping_bulan")]

    def __str__(self) -> str:
        return f"{self.pendamping_id} {self.bulan:%Y-%m}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id
