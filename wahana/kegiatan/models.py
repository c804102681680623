"""Activities of a WKSBM (or led by a PSM/TKSK): what was done, where, for whom, with what money,
with photos as evidence; reported, then verified (or returned) by the TKSK of the kecamatan.
Only verified activities count elsewhere (`selectors.kegiatan_verified`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def _wilayah_fk():
    return models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
        verbose_name=_("wilayah"),
    )


class Kegiatan(models.Model):
    """An activity of a WKSBM (Wahana Kesejahteraan Sosial Berbasis Masyarakat), or one led by
    a PSM (Pekerja Sosial Masyarakat) or TKSK (Tenaga Kesejahteraan Sosial Kecamatan), with its
    beneficiaries among the PPKS (Pemerlu Pelayanan Kesejahteraan Sosial)."""

    class Jenis(models.TextChoices):
        PENCEGAHAN = "pencegahan", _("Pencegahan")
        REHABILITASI = "rehabilitasi", _("Rehabilitasi sosial")
        PERLINDUNGAN = "perlindungan", _("Perlindungan sosial")
        PEMBERDAYAAN = "pemberdayaan", _("Pemberdayaan sosial")
        JAMINAN_SOSIAL = "jaminan_sosial", _("Jaminan sosial")
        RUJUKAN = "rujukan", _("Rujukan")
        PENGGALANGAN_DANA = "penggalangan_dana", _("Penggalangan dana")
        SOSIALISASI = "sosialisasi", _("Sosialisasi")
        RAPAT_KOORDINASI = "rapat_koordinasi", _("Rapat koordinasi")
        LAINNYA = "lainnya", _("Lainnya")

    class SumberDana(models.TextChoices):
        KAS_WKSBM = "kas_wksbm", _("Kas WKSBM (swadaya)")
        ADD = "add", _("ADD (Alokasi Dana Desa)")
        DANA_DESA = "dana_desa", _("Dana Desa")
        APBD = "apbd", _("APBD")
        CSR = "csr", _("CSR")
        DONASI = "donasi", _("Donasi")
        LAINNYA = "lainnya", _("Lainnya")
        TANPA_BIAYA = "tanpa_biaya", _("Tanpa biaya")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        DILAPORKAN = "dilaporkan", _("Dilaporkan")
        DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")

    # States in which the recorder may still change the activity.
    DAPAT_DIUBAH = (Status.DRAFT, Status.DIKEMBALIKAN)

    wksbm = models.ForeignKey(
        "wksbm.Wksbm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kegiatan_set",
        verbose_name=_("WKSBM"),
    )
    pendamping = models.ForeignKey(
        "pendamping.Pendamping",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kegiatan_set",
        verbose_name=_("dipimpin pendamping"),
    )
    wilayah = _wilayah_fk()
    judul = models.CharField(_("nama kegiatan"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=18, choices=Jenis.choices)
    tanggal = models.DateField(_("tanggal"))
    tempat = models.CharField(_("tempat"), max_length=200)
    uraian = models.TextField(_("uraian"), blank=True)
    jumlah_peserta = models.PositiveIntegerField(_("jumlah peserta"), default=0)
    sumber_dana = models.CharField(_("sumber dana"), max_length=12, choices=SumberDana.choices)
    program = models.ForeignKey(
        "pendamping.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kegiatan_set",
        verbose_name=_("program Dinsos"),
    )
    penerima = models.ManyToManyField(
        "ppks.Ppks",
        through="PenerimaKegiatan",
        related_name="kegiatan_set",
        blank=True,
        verbose_name=_("penerima manfaat (PPKS)"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    alasan_dikembalikan = models.TextField(_("alasan dikembalikan"), blank=True)
    dilaporkan_pada = models.DateTimeField(_("dilaporkan pada"), null=True, blank=True)
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diperiksa oleh"),
    )
    diverifikasi_pada = models.DateTimeField(_("diperiksa pada"), null=True, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        ordering = ["-tanggal", "-id"]
        indexes = [
            models.Index(fields=["wksbm", "tanggal"], name="kegiatan_wksbm_tanggal"),
            models.Index(fields=["wilayah", "status", "tanggal"], name="kegiatan_wilayah_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(wksbm__isnull=False) | Q(pendamping__isnull=False),
                name="kegiatan_ada_pelaksana",
            ),
            models.CheckConstraint(
                condition=~Q(status="diverifikasi")
                | Q(diverifikasi_oleh__isnull=False, diverifikasi_pada__isnull=False),
                name="kegiatan_verifikasi_lengkap",
            ),
            models.CheckConstraint(
                condition=~Q(status="dikembalikan") | ~Q(alasan_dikembalikan=""),
                name="kegiatan_dikembalikan_beralasan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judul} ({self.tanggal:%d/%m/%Y})"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id

    @property
    def dapat_diubah(self) -> bool:
        return self.status in self.DAPAT_DIUBAH

    @property
    def pelaksana(self) -> str:
        return str(self.wksbm or self.pendamping)


class PenerimaKegiatan(models.Model):
    """A PPKS who benefited from an activity (carries the PPKS's region code)."""

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="+")
    ppks = models.ForeignKey("ppks.Ppks", on_delete=models.PROTECT, related_name="+")
    wilayah = _wilayah_fk()

    class Meta:
        verbose_name = _("penerima kegiatan")
        verbose_name_plural = _("penerima kegiatan")
        constraints = [
            models.UniqueConstraint(fields=["kegiatan", "ppks"], name="penerima_kegiatan_sekali")
        ]

    def __str__(self) -> str:
        return f"{self.ppks_id} @ {self.kegiatan_id}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class FotoKegiatan(models.Model):
    """A photo that shows an activity took place (resized by wahana.berkas)."""

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="foto_set")
    berkas = models.ForeignKey("berkas.Berkas", on_delete=models.PROTECT, related_name="+")
    wilayah = _wilayah_fk()
    keterangan = models.CharField(_("keterangan"), max_length=200, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("foto kegiatan")
        verbose_name_plural = _("foto kegiatan")
        ordering = ["kegiatan_id", "id"]

    def __str__(self) -> str:
        return self.keterangan or str(self.berkas_id)

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id
