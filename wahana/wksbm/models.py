"""The WKSBM registry: each village network, its growth steps, officers, member institutions,
meetings and the comments of the TKSK who accompanies it; and the deadline of the monthly
reports, which a kabupaten sets for its WKSBM and its TKSK/PSM alike."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wahana.lib import kode as kodelib


def _berkas_fk(verbose_name):
    return models.ForeignKey(
        "berkas.Berkas",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def _wilayah_fk():
    return models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
        verbose_name=_("wilayah"),
    )


class Wksbm(models.Model):
    """A WKSBM (Wahana Kesejahteraan Sosial Berbasis Masyarakat): a network of local
    institutions that finds people in need, raises community funds and channels help to them.
    Usually one per desa/kelurahan; also allowed per kecamatan, and one kabupaten-level Forum
    Komunikasi WKSBM. Its growth stage is derived from its `TahapWksbm` steps."""

    class Tingkat(models.TextChoices):
        DESA = "desa", _("Desa/Kelurahan")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KABUPATEN = "kabupaten", _("Forum Komunikasi WKSBM Kabupaten")

    # The region level each kind sits at (the level of its `wilayah`).
    TINGKAT_WILAYAH = {
        Tingkat.DESA: kodelib.TINGKAT_DESA,
        Tingkat.KECAMATAN: kodelib.TINGKAT_KECAMATAN,
        Tingkat.KABUPATEN: kodelib.TINGKAT_KABUPATEN,
    }

    tingkat = models.CharField(
        _("tingkat"), max_length=10, choices=Tingkat.choices, default=Tingkat.DESA
    )
    wilayah = _wilayah_fk()
    nama = models.CharField(_("nama"), max_length=150)
    alamat_sekretariat = models.CharField(_("alamat sekretariat"), max_length=250, blank=True)
    kontak_nama = models.CharField(_("nama kontak"), max_length=120, blank=True)
    kontak_telepon = models.CharField(_("telepon kontak"), max_length=20, blank=True)
    tanggal_dibentuk = models.DateField(_("tanggal dibentuk"), null=True, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("WKSBM")
        verbose_name_plural = _("WKSBM")
        ordering = ["wilayah_id", "tingkat"]
        constraints = [
            # One WKSBM per region at its level: one per desa, one per kecamatan, one forum
            # per kabupaten (the service checks that `tingkat` matches the region's level).
            models.UniqueConstraint(fields=["wilayah", "tingkat"], name="wksbm_satu_per_wilayah"),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class TahapWksbm(models.Model):
    """One dated step in the growth of a WKSBM: persiapan (coordination with the kepala
    desa/lurah), sosialisasi, pembentukan pengurus, pengesahan by SK (Surat Keputusan).
    Steps come in cycles (`siklus`): revitalisasi starts a new cycle and keeps the old one.
    The current stage of a WKSBM is the last step of its last cycle."""

    class Tahap(models.TextChoices):
        PERSIAPAN = "persiapan", _("Persiapan")
        SOSIALISASI = "sosialisasi", _("Sosialisasi")
        PEMBENTUKAN = "pembentukan", _("Pembentukan pengurus")
        PENGESAHAN = "pengesahan", _("Pengesahan (SK)")

    URUTAN = {
        Tahap.PERSIAPAN: 1,
        Tahap.SOSIALISASI: 2,
        Tahap.PEMBENTUKAN: 3,
        Tahap.PENGESAHAN: 4,
    }

    wksbm = models.ForeignKey(
        Wksbm, on_delete=models.PROTECT, related_name="tahap_set", verbose_name=_("WKSBM")
    )
    wilayah = _wilayah_fk()
    siklus = models.PositiveSmallIntegerField(_("siklus"), default=1)
    tahap = models.CharField(_("tahap"), max_length=12, choices=Tahap.choices)
    # The position of `tahap` in the growth sequence, kept so the last step sorts in SQL.
    urutan = models.PositiveSmallIntegerField(editable=False)
    tanggal = models.DateField(_("tanggal"))
    keterangan = models.TextField(_("keterangan"), blank=True)
    bukti = _berkas_fk(_("bukti"))
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    dicatat_pada = models.DateTimeField(_("dicatat pada"), auto_now_add=True)
    sk_nomor = models.CharField(_("nomor SK"), max_length=100, blank=True)
    sk_tanggal = models.DateField(_("tanggal SK"), null=True, blank=True)
    sk_penandatangan_nama = models.CharField(_("nama penandatangan SK"), max_length=120, blank=True)
    sk_penandatangan_jabatan = models.CharField(
        _("jabatan penandatangan SK"), max_length=120, blank=True
    )
    sk_berkas = _berkas_fk(_("pindaian SK"))

    class Meta:
        verbose_name = _("tahap WKSBM")
        verbose_name_plural = _("tahap WKSBM")
        ordering = ["wksbm_id", "siklus", "urutan"]
        constraints = [
            models.UniqueConstraint(
                fields=["wksbm", "siklus", "tahap"], name="tahap_wksbm_sekali_per_siklus"
            ),
            models.CheckConstraint(
                condition=~Q(tahap="pengesahan")
                | (
                    ~Q(sk_nomor="")
                    & Q(sk_tanggal__isnull=False)
                    & ~Q(sk_penandatangan_nama="")
                    & ~Q(sk_penandatangan_jabatan="")
                    & Q(sk_berkas__isnull=False)
                ),
                name="tahap_wksbm_pengesahan_ber_sk",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wksbm} · {self.get_tahap_display()} ({self.tanggal})"

    def save(self, *args, **kwargs):
        self.urutan = self.URUTAN[self.tahap]
        super().save(*args, **kwargs)

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class PengurusWksbm(models.Model):
    """An officer of a WKSBM for one term. Ending a term keeps the row (`aktif=False` and an end
    date), so the history of who led the WKSBM stays. NIK: Nomor Induk Kependudukan."""

    class Jabatan(models.TextChoices):
        PELINDUNG = "pelindung", _("Pelindung")
        KETUA = "ketua", _("Ketua")
        WAKIL_KETUA = "wakil_ketua", _("Wakil ketua")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        BENDAHARA = "bendahara", _("Bendahara")
        SEKSI = "seksi", _("Seksi/koordinator")
        ANGGOTA = "anggota", _("Anggota")

    # Offices that only one person holds at a time.
    JABATAN_TUNGGAL = (Jabatan.KETUA, Jabatan.SEKRETARIS, Jabatan.BENDAHARA)

    wksbm = models.ForeignKey(
        Wksbm, on_delete=models.PROTECT, related_name="pengurus_set", verbose_name=_("WKSBM")
    )
    wilayah = _wilayah_fk()
    nama = models.CharField(_("nama"), max_length=120)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    telepon = models.CharField(_("telepon"), max_length=20, blank=True)
    jabatan = models.CharField(_("jabatan"), max_length=12, choices=Jabatan.choices)
    bidang = models.CharField(
        _("bidang/seksi"),
        max_length=120,
        blank=True,
        help_text=_("Untuk seksi/koordinator: nama seksinya."),
    )
    mulai = models.DateField(_("mulai menjabat"))
    selesai = models.DateField(_("akhir masa jabatan"), null=True, blank=True)
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("pengurus WKSBM")
        verbose_name_plural = _("pengurus WKSBM")
        ordering = ["wksbm_id", "-aktif", "jabatan", "nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["wksbm", "jabatan"],
                condition=Q(aktif=True) & Q(jabatan__in=["ketua", "sekretaris", "bendahara"]),
                name="pengurus_wksbm_satu_jabatan_tunggal_aktif",
            ),
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="pengurus_wksbm_selesai_setelah_mulai",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.get_jabatan_display()})"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class JenisLembaga(models.Model):
    """A kind of member institution (majelis taklim, PKK, Karang Taruna, lembaga adat...): an
    editable reference list shared by all regions."""

    kode = models.SlugField(_("kode"), max_length=40, unique=True)
    nama = models.CharField(_("nama"), max_length=120)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=100)
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jenis lembaga")
        verbose_name_plural = _("jenis lembaga")
        ordering = ["urutan", "nama"]

    def __str__(self) -> str:
        return self.nama


class LembagaAnggota(models.Model):
    """A member institution of a WKSBM network, with the dates it joined and left."""

    wksbm = models.ForeignKey(
        Wksbm, on_delete=models.PROTECT, related_name="lembaga_set", verbose_name=_("WKSBM")
    )
    wilayah = _wilayah_fk()
    jenis = models.ForeignKey(
        JenisLembaga, on_delete=models.PROTECT, related_name="+", verbose_name=_("jenis")
    )
    nama = models.CharField(_("nama lembaga"), max_length=150)
    kontak_nama = models.CharField(_("narahubung"), max_length=120, blank=True)
    kontak_telepon = models.CharField(_("telepon narahubung"), max_length=20, blank=True)
    tanggal_bergabung = models.DateField(_("tanggal bergabung"))
    tanggal_keluar = models.DateField(_("tanggal keluar"), null=True, blank=True)
    keterangan = models.TextField(_("keterangan"), blank=True)

    class Meta:
        verbose_name = _("lembaga anggota")
        verbose_name_plural = _("lembaga anggota")
        ordering = ["wksbm_id", "tanggal_keluar", "nama"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tanggal_keluar__isnull=True)
                | Q(tanggal_keluar__gte=models.F("tanggal_bergabung")),
                name="lembaga_anggota_keluar_setelah_bergabung",
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id

    @property
    def aktif(self) -> bool:
        return self.tanggal_keluar is None


class RapatWksbm(models.Model):
    """A meeting of a WKSBM: agenda, decisions, minutes and who attended (its pengurus, by
    name, plus a count of other attendees)."""

    wksbm = models.ForeignKey(
        Wksbm, on_delete=models.PROTECT, related_name="rapat_set", verbose_name=_("WKSBM")
    )
    wilayah = _wilayah_fk()
    tanggal = models.DateField(_("tanggal"))
    tempat = models.CharField(_("tempat"), max_length=150)
    agenda = models.TextField(_("agenda"))
    keputusan = models.TextField(_("keputusan"), blank=True)
    notulen = models.TextField(_("notulen"), blank=True)
    hadir = models.ManyToManyField(
        PengurusWksbm,
        through="KehadiranRapat",
        related_name="rapat_dihadiri",
        blank=True,
        verbose_name=_("pengurus yang hadir"),
    )
    jumlah_hadir_lain = models.PositiveIntegerField(_("jumlah hadirin lain"), default=0)
    berkas = _berkas_fk(_("dokumen"))
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("rapat WKSBM")
        verbose_name_plural = _("rapat WKSBM")
        ordering = ["wksbm_id", "-tanggal", "-id"]
        indexes = [models.Index(fields=["wksbm", "tanggal"], name="rapat_wksbm_tanggal")]

    def __str__(self) -> str:
        return f"{self.wksbm} · {self.tanggal}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class KehadiranRapat(models.Model):
    """One pengurus present at one meeting (carries the region code like every large table)."""

    rapat = models.ForeignKey(RapatWksbm, on_delete=models.CASCADE, related_name="+")
    pengurus = models.ForeignKey(PengurusWksbm, on_delete=models.PROTECT, related_name="+")
    wilayah = _wilayah_fk()

    class Meta:
        verbose_name = _("kehadiran rapat")
        verbose_name_plural = _("kehadiran rapat")
        constraints = [
            models.UniqueConstraint(fields=["rapat", "pengurus"], name="kehadiran_rapat_sekali")
        ]

    def __str__(self) -> str:
        return f"{self.pengurus_id} @ {self.rapat_id}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class KomentarWksbm(models.Model):
    """A comment on a WKSBM, mostly by the TKSK (Tenaga Kesejahteraan Sosial Kecamatan) who
    accompanies it."""

    wksbm = models.ForeignKey(
        Wksbm, on_delete=models.PROTECT, related_name="komentar_set", verbose_name=_("WKSBM")
    )
    wilayah = _wilayah_fk()
    penulis = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    isi = models.TextField(_("komentar"))
    dibuat = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("komentar WKSBM")
        verbose_name_plural = _("komentar WKSBM")
        ordering = ["wksbm_id", "-dibuat"]

    def __str__(self) -> str:
        return f"{self.penulis} · {self.dibuat:%Y-%m-%d}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


# A month's report is on time through this day of the next month unless its kabupaten set
# another (Dinsos Gunung Mas asks for reports by the 5th).
BATAS_HARI_BAWAAN = 5
# Every month has this day, so a deadline day never needs clamping to the month's length.
BATAS_HARI_MAKS = 28


def batas_laporan(bulan: datetime.date, hari: int) -> datetime.date:
    """The last day on which the report of `bulan` is on time: day `hari` of the next month."""
    tahun, nomor = divmod(bulan.year * 12 + bulan.month, 12)
    return datetime.date(tahun, nomor + 1, hari)


class BatasLaporan(models.Model):
    """The deadline of a kabupaten's monthly reports — of its WKSBM (a meeting or reported
    activity of the month) and of its TKSK (Tenaga Kesejahteraan Sosial Kecamatan) and PSM
    (Pekerja Sosial Masyarakat) — from a month on: on time through day `hari` of the next month.
    A change by the kabupaten operator applies from the current month; earlier months keep the
    deadline they had. The rule: `wahana.wksbm.selectors.batas_laporan_for`."""

    wilayah = _wilayah_fk()
    berlaku_mulai = models.DateField(_("berlaku mulai bulan"))
    hari = models.PositiveSmallIntegerField(_("batas hari laporan (tanggal bulan berikutnya)"))
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("batas laporan")
        verbose_name_plural = _("batas laporan")
        ordering = ["wilayah_id", "-berlaku_mulai"]
        constraints = [
            models.UniqueConstraint(
                fields=["wilayah", "berlaku_mulai"], name="batas_laporan_per_bulan"
            ),
            models.CheckConstraint(
                condition=Q(hari__gte=1, hari__lte=BATAS_HARI_MAKS), name="batas_laporan_hari"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wilayah_id} {self.berlaku_mulai:%Y-%m}: {self.hari}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id
