import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from wahana.lib import kode as kodelib


class Peran(models.TextChoices):
    """The roles of PRODUCT.md. Each user has exactly one, and one region scope."""

    ADMIN_SISTEM = "admin_sistem", _("Administrator Sistem")
    ADMIN_PROVINSI = "admin_provinsi", _("Admin Dinsos Provinsi")
    OPERATOR_KABUPATEN = "operator_kabupaten", _("Operator Dinsos Kabupaten")
    PIMPINAN = "pimpinan", _("Pimpinan")
    TKSK = "tksk", _("TKSK")
    PSM = "psm", _("PSM")
    PENGURUS_WKSBM = "pengurus_wksbm", _("Pengurus WKSBM")


# Higher rank may manage lower or equal rank, never higher.
PERAN_RANK = {
    Peran.ADMIN_SISTEM: 100,
    Peran.ADMIN_PROVINSI: 90,
    Peran.OPERATOR_KABUPATEN: 80,
    Peran.PIMPINAN: 50,
    Peran.TKSK: 40,
    Peran.PSM: 30,
    Peran.PENGURUS_WKSBM: 20,
}
# The region levels a role's scope may have (0 = nation).
PERAN_TINGKAT = {
    Peran.ADMIN_SISTEM: {0, 1, 2},
    Peran.ADMIN_PROVINSI: {kodelib.TINGKAT_PROVINSI},
    Peran.OPERATOR_KABUPATEN: {kodelib.TINGKAT_KABUPATEN},
    Peran.PIMPINAN: {0, kodelib.TINGKAT_PROVINSI, kodelib.TINGKAT_KABUPATEN},
    Peran.TKSK: {kodelib.TINGKAT_KECAMATAN},
    Peran.PSM: {kodelib.TINGKAT_DESA},
    Peran.PENGURUS_WKSBM: {kodelib.TINGKAT_DESA},
}
# Roles that manage users and configuration inside their scope.
PERAN_PENGELOLA = {Peran.ADMIN_SISTEM, Peran.ADMIN_PROVINSI, Peran.OPERATOR_KABUPATEN}


class User(AbstractUser):
    """A Wahana account: one role (`peran`) and one scope (`wilayah`, empty = all Indonesia)."""

    peran = models.CharField(_("peran"), max_length=20, choices=Peran.choices)
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_column="kode_wilayah",
        related_name="+",
        verbose_name=_("wilayah cakupan"),
    )
    telepon = models.CharField(_("telepon"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id or ""

    @property
    def is_pengelola(self) -> bool:
        return self.peran in PERAN_PENGELOLA


class Token(models.Model):
    """A bearer token for programs (POST /api/v1/auth/token). Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="token_set")
    digest = models.CharField(max_length=64, unique=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    kedaluwarsa = models.DateTimeField()
    terakhir_dipakai = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"token {self.user} ({self.dibuat:%Y-%m-%d})"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
