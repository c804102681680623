from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Jejak audit tidak dapat diubah.")

    def delete(self):
        raise PermissionError("Jejak audit tidak dapat dihapus.")


class AuditLog(models.Model):
    """One audited event: who did what to which record, when, from where, before and after.
    Written in the same transaction as the change it records; never edited by the application."""

    scope_field = "kode_wilayah"

    waktu = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    pelaku = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # Accounts with a history are deactivated, never deleted: the log keeps who acted.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    pelaku_nama = models.CharField(_("nama pelaku"), max_length=150, blank=True)
    aksi = models.CharField(_("aksi"), max_length=60, db_index=True)
    objek_tipe = models.CharField(_("jenis objek"), max_length=60, blank=True)
    objek_id = models.CharField(_("id objek"), max_length=64, blank=True)
    kode_wilayah = models.CharField(_("kode wilayah"), max_length=13, blank=True, db_index=True)
    alamat_ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    keterangan = models.TextField(_("keterangan"), blank=True)
    perubahan = models.JSONField(_("perubahan"), default=dict, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        ordering = ["-waktu", "-id"]

    def __str__(self) -> str:
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.pelaku_nama} {self.aksi}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Jejak audit tidak dapat diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Jejak audit tidak dapat dihapus.")
