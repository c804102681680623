from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Tugas(models.Model):
    """A background job: a registered function name with its arguments, run by `wahana worker`.

    Its progress (0-100 and a message) is written by the job while it runs, so pages can poll it;
    the result (e.g. the id of a generated Berkas) is kept for the requester."""

    class Status(models.TextChoices):
        ANTRI = "antri", _("Antri")
        BERJALAN = "berjalan", _("Berjalan")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    nama = models.CharField(_("nama"), max_length=100)
    # What the requester sees in their list, e.g. "Rekap WKSBM Gunung Mas November 2026".
    judul = models.CharField(_("judul"), max_length=200, blank=True)
    kwargs = models.JSONField(_("argumen"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ANTRI
    )
    progres = models.PositiveSmallIntegerField(_("progres"), default=0)
    pesan = models.CharField(_("pesan"), max_length=200, blank=True)
    hasil = models.JSONField(_("hasil"), null=True, blank=True)
    berkas = models.ForeignKey(
        "berkas.Berkas", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    galat = models.TextField(_("galat"), blank=True)
    percobaan = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    maks_percobaan = models.PositiveSmallIntegerField(_("maksimum percobaan"), default=3)
    # Not claimed before this moment: the back-off after a failed attempt.
    jalan_setelah = models.DateTimeField(_("jalan setelah"), default=timezone.now)
    dibuat = models.DateTimeField(_("dibuat"), default=timezone.now)
    dimulai = models.DateTimeField(_("dimulai"), null=True, blank=True)
    diselesaikan = models.DateTimeField(_("diselesaikan"), null=True, blank=True)
    # Last sign of life of the worker running it; a job silent for too long is requeued.
    detak = models.DateTimeField(null=True, blank=True)
    pekerja = models.CharField(max_length=100, blank=True)
    diminta_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diminta oleh"),
    )
    # Region whose data the job reads ('' = all Indonesia is stored as NULL).
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        related_name="+",
        null=True,
        blank=True,
    )
    # Set when the requester has seen the finished job (the "new" mark in their list).
    dilihat = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tugas")
        verbose_name_plural = _("tugas")
        indexes = [models.Index(fields=["status", "jalan_setelah"], name="tugas_antrian")]
        ordering = ["-dibuat", "-id"]

    def __str__(self) -> str:
        return f"{self.nama} #{self.pk}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id or ""

    @property
    def aktif(self) -> bool:
        return self.status in (self.Status.ANTRI, self.Status.BERJALAN)

    def set_progress(self, pct: int, pesan: str = "") -> None:
        """Record progress at once (its own UPDATE, visible to pages polling the job)."""
        self.progres = max(0, min(100, int(pct)))
        self.pesan = str(pesan)[:200]
        self.detak = timezone.now()
        Tugas.objects.filter(pk=self.pk).update(
            progres=self.progres, pesan=self.pesan, detak=self.detak
        )


class Jadwal(models.Model):
    """When a periodic job (@berkala) is next due; shared by every worker so it runs once."""

    nama = models.CharField(max_length=100, primary_key=True)
    berikutnya = models.DateTimeField()
    terakhir = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("jadwal tugas berkala")
        verbose_name_plural = _("jadwal tugas berkala")

    def __str__(self) -> str:
        return self.nama
