import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _stored_name(instance, filename):
    # Random names only: the original name is kept in the row, never on disk or in a URL.
    return f"{instance.diunggah:%Y/%m}/{uuid.uuid4().hex}{instance.ekstensi}"


class Berkas(models.Model):
    """An uploaded document (e.g. a scanned SK, Surat Keputusan) or photo, checked by content,
    stored outside the web root under a random name, served only to users whose scope covers
    its region."""

    class Jenis(models.TextChoices):
        DOKUMEN = "dokumen", _("Dokumen")
        FOTO = "foto", _("Foto")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wilayah = models.ForeignKey(
        "wilayah.Wilayah", on_delete=models.PROTECT, db_column="kode_wilayah", related_name="+"
    )
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    nama_asli = models.CharField(_("nama berkas"), max_length=200)
    tipe_mime = models.CharField(_("tipe"), max_length=60)
    ekstensi = models.CharField(max_length=8)
    ukuran = models.PositiveIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(max_length=64, db_index=True)
    berkas = models.FileField(_("berkas"), upload_to=_stored_name, max_length=200)
    # The photo as uploaded, kept when within the size limit; `berkas` holds the re-encoded copy.
    asli = models.FileField(upload_to=_stored_name, max_length=200, blank=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    diunggah = models.DateTimeField(_("diunggah"))

    class Meta:
        verbose_name = _("berkas")
        verbose_name_plural = _("berkas")

    def __str__(self) -> str:
        return self.nama_asli

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id
