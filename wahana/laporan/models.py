from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kop(models.Model):
    """The letterhead (kop surat) and signing official of one office (a kabupaten/kota or
    province Dinas Sosial), configured once and printed on every report of its region."""

    wilayah = models.OneToOneField(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
        verbose_name=_("wilayah"),
    )
    pemerintah = models.CharField(_("pemerintah"), max_length=150)
    nama_instansi = models.CharField(_("nama instansi"), max_length=150, default="DINAS SOSIAL")
    alamat = models.CharField(_("alamat"), max_length=250, blank=True)
    kota = models.CharField(_("kota penandatanganan"), max_length=80, blank=True)
    logo = models.ForeignKey(
        "berkas.Berkas",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
    )
    penandatangan_nama = models.CharField(_("nama penandatangan"), max_length=120, blank=True)
    penandatangan_nip = models.CharField(_("NIP penandatangan"), max_length=30, blank=True)
    penandatangan_jabatan = models.CharField(_("jabatan penandatangan"), max_length=150, blank=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("kop laporan")
        verbose_name_plural = _("kop laporan")

    def __str__(self) -> str:
        return f"{self.nama_instansi} {self.pemerintah}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class AgregatImpor(models.Model):
    """Aggregate figures (no personal data) of one kabupaten for one month, imported from the
    package it exported (docs/agregat.md): province and national dashboards can read these when
    the kabupaten's own records are not in this database."""

    kode = models.CharField(_("kode wilayah"), max_length=20)
    bulan = models.DateField(_("bulan"))
    versi_skema = models.PositiveSmallIntegerField(_("versi skema"))
    # When the package was made by the exporting system: a newer one replaces an older one.
    dibuat = models.DateTimeField(_("paket dibuat"))
    sumber = models.CharField(_("sistem sumber"), max_length=150, blank=True)
    sha256 = models.CharField(max_length=64)
    angka = models.JSONField(_("angka"))
    diimpor = models.DateTimeField(_("diimpor"))
    diimpor_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    scope_field = "kode"

    class Meta:
        verbose_name = _("agregat impor")
        verbose_name_plural = _("agregat impor")
        ordering = ["kode", "-bulan"]
        constraints = [models.UniqueConstraint(fields=["kode", "bulan"], name="agregat_unik")]

    def __str__(self) -> str:
        return f"{self.kode} {self.bulan:%Y-%m}"

    @property
    def kode_wilayah(self) -> str:
        return self.kode
