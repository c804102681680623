"""What the offline field app sent: every received client id (idempotency), staged photos known
by content hash, and conflicts left for a reviewer."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _wilayah_fk():
    return models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
        verbose_name=_("wilayah"),
    )


class Jenis(models.TextChoices):
    PPKS = "ppks", _("PPKS baru")
    PPKS_UBAH = "ppks_ubah", _("Perubahan PPKS")
    KEGIATAN = "kegiatan", _("Kegiatan")
    KUNJUNGAN = "kunjungan", _("Kunjungan pendampingan")
    RAPAT = "rapat", _("Rapat WKSBM")
    KAS_MASUK = "kas_masuk", _("Penerimaan dana")


class Kiriman(models.Model):
    """One item of a device's outbox, kept by its client-generated id so that a resent item is
    answered with the stored result instead of being stored twice."""

    class Status(models.TextChoices):
        DISIMPAN = "disimpan", _("Disimpan")
        KONFLIK = "konflik", _("Menunggu peninjau")

    client_id = models.UUIDField(_("id kiriman"), unique=True)
    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    jenis = models.CharField(_("jenis"), max_length=12, choices=Jenis.choices)
    hash_isi = models.CharField(_("hash isi"), max_length=64)
    hasil = models.JSONField(_("hasil"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    wilayah = _wilayah_fk()
    diterima = models.DateTimeField(_("diterima"), auto_now_add=True)

    class Meta:
        verbose_name = _("kiriman luring")
        verbose_name_plural = _("kiriman luring")

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.client_id}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class FotoLuring(models.Model):
    """A photo sent ahead of the form that uses it, known by the SHA-256 of its bytes as computed
    on the phone: a photo sent twice is stored once, and the records that use it point to that
    one stored file."""

    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sha256 = models.CharField(max_length=64)
    berkas = models.ForeignKey("berkas.Berkas", on_delete=models.PROTECT, related_name="+")
    wilayah = _wilayah_fk()
    diterima = models.DateTimeField(auto_now_add=True)
    # Attached to a record already: the file's region then follows its records (see services).
    dipakai = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("foto luring")
        verbose_name_plural = _("foto luring")
        constraints = [
            models.UniqueConstraint(fields=["pengguna", "sha256"], name="foto_luring_unik")
        ]

    def __str__(self) -> str:
        return self.sha256

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class KonflikKiriman(models.Model):
    """Something the server would not apply on its own: a reused id with other content, or an
    edit made on a version of a record that has changed since. A reviewer decides."""

    class Alasan(models.TextChoices):
        ID_SAMA = "id_sama", _("Id kiriman sama, isi berbeda")
        VERSI = "versi", _("Data sudah diubah orang lain")

    class Status(models.TextChoices):
        TERBUKA = "terbuka", _("Terbuka")
        DITERAPKAN = "diterapkan", _("Diterapkan")
        DITOLAK = "ditolak", _("Ditolak")

    client_id = models.UUIDField(_("id kiriman"))
    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    jenis = models.CharField(_("jenis"), max_length=12, choices=Jenis.choices)
    alasan = models.CharField(_("alasan"), max_length=10, choices=Alasan.choices)
    isi = models.JSONField(_("isi kiriman"))
    hash_isi = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.TERBUKA
    )
    wilayah = _wilayah_fk()
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diputuskan = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("konflik kiriman")
        verbose_name_plural = _("konflik kiriman")
        ordering = ["-dibuat"]

    def __str__(self) -> str:
        return f"{self.get_alasan_display()} {self.client_id}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id
