from django.db import models
from django.utils.translation import gettext_lazy as _

from wahana.lib import kode as kodelib


class Wilayah(models.Model):
    """An official Kemendagri administrative area: provinsi, kabupaten/kota, kecamatan or
    desa/kelurahan. Areas removed by a new Kepmendagri are retired (`aktif=False`), never
    deleted, so records that point to them keep their history."""

    class Tingkat(models.IntegerChoices):
        PROVINSI = kodelib.TINGKAT_PROVINSI, _("Provinsi")
        KABUPATEN = kodelib.TINGKAT_KABUPATEN, _("Kabupaten/Kota")
        KECAMATAN = kodelib.TINGKAT_KECAMATAN, _("Kecamatan")
        DESA = kodelib.TINGKAT_DESA, _("Desa/Kelurahan")

    class Jenis(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")

    kode = models.CharField(_("kode"), max_length=13, primary_key=True)
    nama = models.CharField(_("nama"), max_length=120)
    # Lower-cased name, for a search that does not depend on the database's collation.
    nama_cari = models.CharField(max_length=120, db_index=True, editable=False)
    tingkat = models.PositiveSmallIntegerField(_("tingkat"), choices=Tingkat.choices)
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    induk = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anak",
        verbose_name=_("induk"),
    )
    aktif = models.BooleanField(_("aktif"), default=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["kode"]
        indexes = [models.Index(fields=["induk", "nama"], name="wilayah_induk_nama")]

    def __str__(self) -> str:
        return self.nama

    def save(self, *args, **kwargs):
        self.nama_cari = self.nama.lower()
        super().save(*args, **kwargs)

    @property
    def kode_wilayah(self) -> str:
        return self.kode

    @property
    def nama_lengkap(self) -> str:
        """The name with its kind in front ("Kecamatan Kurun"), unless the official name already
        starts with it, as kabupaten and kota names do ("Kabupaten Gunung Mas")."""
        if self.nama.lower().startswith(self.jenis + " "):
            return self.nama
        return f"{self.get_jenis_display()} {self.nama}"
