"""Money of a WKSBM: its fund book (buku kas), the monthly closing of that book, and its
proposals to the village plan (ADD/Dana Desa).

The book is append-only. Each entry carries the running balance after it (`saldo_setelah`) and
its position in the book (`urutan`); the database refuses a negative balance, a gap or a
duplicate in the sequence, an arithmetic that does not add up, an entry out of date order, an
entry dated in a closed month, and any change to an existing entry (triggers in migration 0002).
A correction is a new entry that reverses the one it corrects.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
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


def _user_fk(verbose_name, **kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=verbose_name,
        **kwargs,
    )


def _berkas_fk(verbose_name):
    return models.ForeignKey(
        "berkas.Berkas",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def awal_bulan(tanggal: datetime.date) -> datetime.date:
    """The first day of the month of `tanggal`: how a month is stored."""
    return tanggal.replace(day=1)


class BukuKas(models.Model):
    """The fund book (buku kas) of one WKSBM (Wahana Kesejahteraan Sosial Berbasis Masyarakat).
    Every write to the book first locks this row (`select_for_update`), so writers of one book
    queue behind each other; `saldo` is the balance after the last entry."""

    wksbm = models.OneToOneField(
        "wksbm.Wksbm", on_delete=models.PROTECT, related_name="buku_kas", verbose_name=_("WKSBM")
    )
    wilayah = _wilayah_fk()
    saldo = models.BigIntegerField(_("saldo"), default=0)
    jumlah_entri = models.PositiveIntegerField(_("jumlah entri"), default=0)
    tanggal_terakhir = models.DateField(_("tanggal entri terakhir"), null=True, blank=True)
    # The last closed month: entries must be dated after it.
    tutup_sampai = models.DateField(_("ditutup sampai bulan"), null=True, blank=True)

    class Meta:
        verbose_name = _("buku kas")
        verbose_name_plural = _("buku kas")
        ordering = ["wilayah_id"]
        constraints = [
            models.CheckConstraint(condition=Q(saldo__gte=0), name="buku_kas_saldo_tidak_negatif"),
        ]

    def __str__(self) -> str:
        return str(self.wksbm)

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class EntriKasQuerySet(models.QuerySet):
    """Entries are never changed or removed in bulk either."""

    def update(self, **kwargs):
        raise ValidationError(_("Entri kas tidak dapat diubah; buat entri pembalik."))

    def delete(self):
        raise ValidationError(_("Entri kas tidak dapat dihapus; buat entri pembalik."))


class EntriKas(models.Model):
    """One line of a WKSBM fund book: a receipt (penerimaan) by source or a disbursement
    (pengeluaran) to a PPKS (Pemerlu Pelayanan Kesejahteraan Sosial), an activity or operations.
    Amounts are whole rupiah. A reversing entry (`membalik`) corrects an earlier one: opposite
    direction, same amount and category."""

    class Arah(models.TextChoices):
        MASUK = "masuk", _("Penerimaan")
        KELUAR = "keluar", _("Pengeluaran")

    class Sumber(models.TextChoices):
        IURAN = "iuran", _("Iuran")
        JIMPITAN = "jimpitan", _("Jimpitan")
        BERAS_PERELEK = "beras_perelek", _("Beras perelek")
        DONASI = "donasi", _("Donasi")
        CSR = "csr", _("CSR")
        ADD = "add", _("ADD (Alokasi Dana Desa)")
        DANA_DESA = "dana_desa", _("Dana Desa")
        APBD = "apbd", _("APBD")
        LAINNYA = "lainnya", _("Lainnya")

    class Tujuan(models.TextChoices):
        PPKS = "ppks", _("Bantuan kepada PPKS")
        KEGIATAN = "kegiatan", _("Kegiatan")
        OPERASIONAL = "operasional", _("Operasional")

    class Satuan(models.TextChoices):
        KG = "kg", _("kg")
        LITER = "liter", _("liter")

    buku = models.ForeignKey(
        BukuKas, on_delete=models.PROTECT, related_name="entri_set", verbose_name=_("buku kas")
    )
    wksbm = models.ForeignKey(
        "wksbm.Wksbm",
        on_delete=models.PROTECT,
        related_name="entri_kas_set",
        verbose_name=_("WKSBM"),
    )
    wilayah = _wilayah_fk()
    urutan = models.PositiveIntegerField(_("nomor urut"))
    tanggal = models.DateField(_("tanggal"))
    # The first day of the month of `tanggal`, stored so closing and monthly sums use an index.
    bulan = models.DateField(_("bulan"), editable=False)
    arah = models.CharField(_("arah"), max_length=6, choices=Arah.choices)
    sumber = models.CharField(_("sumber"), max_length=14, choices=Sumber.choices, blank=True)
    tujuan = models.CharField(_("tujuan"), max_length=12, choices=Tujuan.choices, blank=True)
    jumlah = models.BigIntegerField(_("jumlah (Rp)"))
    # Beras perelek is counted in kind; the rupiah value above is what enters the book.
    kuantitas = models.DecimalField(
        _("kuantitas"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    satuan = models.CharField(_("satuan"), max_length=5, choices=Satuan.choices, blank=True)
    saldo_setelah = models.BigIntegerField(_("saldo setelah"))
    uraian = models.CharField(_("uraian"), max_length=250)
    bukti = _berkas_fk(_("bukti (kuitansi)"))
    ppks = models.ForeignKey(
        "ppks.Ppks",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entri_kas_set",
        verbose_name=_("PPKS penerima"),
    )
    kegiatan = models.ForeignKey(
        "kegiatan.Kegiatan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entri_kas_set",
        verbose_name=_("kegiatan"),
    )
    membalik = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dibalik_oleh",
        verbose_name=_("membalik entri"),
    )
    dicatat_oleh = _user_fk(_("dicatat oleh"))
    dicatat_pada = models.DateTimeField(_("dicatat pada"), auto_now_add=True)

    objects = EntriKasQuerySet.as_manager()

    class Meta:
        verbose_name = _("entri kas")
        verbose_name_plural = _("entri kas")
        ordering = ["wksbm_id", "urutan"]
        indexes = [
            models.Index(fields=["wksbm", "tanggal"], name="entri_kas_wksbm_tanggal"),
            models.Index(fields=["wilayah", "bulan", "arah"], name="entri_kas_wilayah_bulan"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["wksbm", "urutan"], name="entri_kas_urutan_unik"),
            models.CheckConstraint(condition=Q(jumlah__gt=0), name="entri_kas_jumlah_positif"),
            models.CheckConstraint(
                condition=Q(saldo_setelah__gte=0), name="entri_kas_saldo_tidak_negatif"
            ),
            models.CheckConstraint(condition=Q(urutan__gte=1), name="entri_kas_urutan_mulai_1"),
            models.CheckConstraint(
                condition=Q(arah__in=["masuk", "keluar"]), name="entri_kas_arah_sah"
            ),
            # Exactly one category: a source (receipts) or a purpose (disbursements). A reversal
            # keeps the category of the entry it reverses, so it has the opposite direction.
            models.CheckConstraint(
                condition=(
                    Q(membalik__isnull=True) & Q(arah="masuk") & ~Q(sumber="") & Q(tujuan="")
                )
                | (Q(membalik__isnull=True) & Q(arah="keluar") & Q(sumber="") & ~Q(tujuan=""))
                | (Q(membalik__isnull=False) & Q(arah="keluar") & ~Q(sumber="") & Q(tujuan=""))
                | (Q(membalik__isnull=False) & Q(arah="masuk") & Q(sumber="") & ~Q(tujuan="")),
                name="entri_kas_kategori_sesuai_arah",
            ),
            models.CheckConstraint(
                condition=Q(kuantitas__isnull=True, satuan="")
                | Q(kuantitas__gt=0, sumber="beras_perelek") & ~Q(satuan=""),
                name="entri_kas_kuantitas_beras_perelek",
            ),
            # Help to a PPKS names the PPKS; spending on an activity names the activity.
            models.CheckConstraint(
                condition=(Q(tujuan="ppks") & Q(ppks__isnull=False))
                | (~Q(tujuan="ppks") & Q(ppks__isnull=True)),
                name="entri_kas_ppks_sesuai_tujuan",
            ),
            models.CheckConstraint(
                condition=(Q(tujuan="kegiatan") & Q(kegiatan__isnull=False))
                | (~Q(tujuan="kegiatan") & Q(kegiatan__isnull=True)),
                name="entri_kas_kegiatan_sesuai_tujuan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wksbm} #{self.urutan} {self.get_arah_display()} Rp{self.jumlah}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("Entri kas tidak dapat diubah; buat entri pembalik."))
        self.bulan = awal_bulan(self.tanggal)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Entri kas tidak dapat dihapus; buat entri pembalik."))

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id

    @property
    def masuk(self) -> int:
        return self.jumlah if self.arah == self.Arah.MASUK else 0

    @property
    def keluar(self) -> int:
        return self.jumlah if self.arah == self.Arah.KELUAR else 0

    @property
    def kategori(self) -> str:
        return self.get_sumber_display() if self.sumber else self.get_tujuan_display()


class TutupBuku(models.Model):
    """The closing of one month of a WKSBM fund book by its bendahara (or the operator), with
    the month's figures as they stood, then verified by the TKSK (Tenaga Kesejahteraan Sosial
    Kecamatan). A closed month takes no new entries; months close in order."""

    class Status(models.TextChoices):
        DITUTUP = "ditutup", _("Ditutup")
        DIVERIFIKASI = "diverifikasi", _("Diverifikasi TKSK")

    buku = models.ForeignKey(
        BukuKas, on_delete=models.PROTECT, related_name="tutup_set", verbose_name=_("buku kas")
    )
    wksbm = models.ForeignKey(
        "wksbm.Wksbm",
        on_delete=models.PROTECT,
        related_name="tutup_buku_set",
        verbose_name=_("WKSBM"),
    )
    wilayah = _wilayah_fk()
    bulan = models.DateField(_("bulan"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DITUTUP
    )
    saldo_awal = models.BigIntegerField(_("saldo awal"))
    total_masuk = models.BigIntegerField(_("total penerimaan"))
    total_keluar = models.BigIntegerField(_("total pengeluaran"))
    saldo_akhir = models.BigIntegerField(_("saldo akhir"))
    jumlah_entri = models.PositiveIntegerField(_("jumlah entri"))
    ditutup_oleh = _user_fk(_("ditutup oleh"))
    ditutup_pada = models.DateTimeField(_("ditutup pada"), auto_now_add=True)
    diverifikasi_oleh = _user_fk(_("diverifikasi oleh"), null=True, blank=True)
    diverifikasi_pada = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    catatan_verifikasi = models.TextField(_("catatan verifikasi"), blank=True)

    class Meta:
        verbose_name = _("tutup buku")
        verbose_name_plural = _("tutup buku")
        ordering = ["wksbm_id", "-bulan"]
        indexes = [models.Index(fields=["wilayah", "bulan"], name="tutup_buku_wilayah_bulan")]
        constraints = [
            models.UniqueConstraint(fields=["wksbm", "bulan"], name="tutup_buku_sekali_sebulan"),
            models.CheckConstraint(
                condition=Q(
                    saldo_akhir=models.F("saldo_awal")
                    + models.F("total_masuk")
                    - models.F("total_keluar")
                )
                & Q(saldo_awal__gte=0)
                & Q(saldo_akhir__gte=0),
                name="tutup_buku_saldo_sesuai",
            ),
            models.CheckConstraint(
                condition=Q(status="ditutup", diverifikasi_oleh__isnull=True)
                | Q(status="diverifikasi", diverifikasi_oleh__isnull=False),
                name="tutup_buku_verifikasi_lengkap",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wksbm} {self.bulan:%Y-%m}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class UsulanDanaDesa(models.Model):
    """A proposal of a WKSBM to the village plan: an activity to be paid from ADD (Alokasi Dana
    Desa), Dana Desa or another village source, agreed in the Musdes (musyawarah desa), then
    taken into the RKPDes (Rencana Kerja Pemerintah Desa) and the APBDes (Anggaran Pendapatan
    dan Belanja Desa), and finally realised, or refused. Each change of status is kept in
    `RiwayatUsulan`."""

    class Bidang(models.TextChoices):
        # The five bidang of the APBDes (Permendagri 20/2018).
        PEMERINTAHAN = "pemerintahan", _("Penyelenggaraan Pemerintahan Desa")
        PEMBANGUNAN = "pembangunan", _("Pelaksanaan Pembangunan Desa")
        PEMBINAAN = "pembinaan", _("Pembinaan Kemasyarakatan")
        PEMBERDAYAAN = "pemberdayaan", _("Pemberdayaan Masyarakat")
        BENCANA = "bencana", _("Penanggulangan Bencana, Keadaan Darurat dan Mendesak")

    class Sumber(models.TextChoices):
        ADD = "add", _("ADD (Alokasi Dana Desa)")
        DANA_DESA = "dana_desa", _("Dana Desa")
        LAINNYA = "lainnya", _("Lainnya")

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", _("Diajukan")
        MASUK_RKPDES = "masuk_rkpdes", _("Masuk RKPDes")
        MASUK_APBDES = "masuk_apbdes", _("Masuk APBDes")
        DIREALISASIKAN = "direalisasikan", _("Direalisasikan")
        DITOLAK = "ditolak", _("Ditolak")

    # The next statuses each status may move to.
    ALUR = {
        Status.DIAJUKAN: (Status.MASUK_RKPDES, Status.DITOLAK),
        Status.MASUK_RKPDES: (Status.MASUK_APBDES, Status.DITOLAK),
        Status.MASUK_APBDES: (Status.DIREALISASIKAN, Status.DITOLAK),
        Status.DIREALISASIKAN: (),
        Status.DITOLAK: (),
    }
    # Receipts that can realise a proposal, by its source.
    SUMBER_PENERIMAAN = {
        Sumber.ADD: (EntriKas.Sumber.ADD,),
        Sumber.DANA_DESA: (EntriKas.Sumber.DANA_DESA,),
        Sumber.LAINNYA: (EntriKas.Sumber.APBD, EntriKas.Sumber.LAINNYA),
    }

    wksbm = models.ForeignKey(
        "wksbm.Wksbm", on_delete=models.PROTECT, related_name="usulan_set", verbose_name=_("WKSBM")
    )
    wilayah = _wilayah_fk()
    tahun = models.PositiveSmallIntegerField(_("tahun anggaran"))
    judul = models.CharField(_("judul kegiatan yang diusulkan"), max_length=200)
    bidang = models.CharField(_("bidang APBDes"), max_length=14, choices=Bidang.choices)
    jenis_ppks = models.ManyToManyField(
        "ppks.JenisPpks", related_name="+", blank=True, verbose_name=_("sasaran jenis PPKS")
    )
    jumlah_penerima = models.PositiveIntegerField(_("jumlah penerima manfaat"), default=0)
    jumlah = models.BigIntegerField(_("jumlah diusulkan (Rp)"))
    sumber = models.CharField(_("sumber dana"), max_length=10, choices=Sumber.choices)
    tanggal_musdes = models.DateField(_("tanggal Musdes"), null=True, blank=True)
    berita_acara = _berkas_fk(_("berita acara Musdes"))
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.DIAJUKAN
    )
    alasan_ditolak = models.TextField(_("alasan ditolak"), blank=True)
    realisasi_jumlah = models.BigIntegerField(_("jumlah realisasi (Rp)"), null=True, blank=True)
    realisasi_tanggal = models.DateField(_("tanggal realisasi"), null=True, blank=True)
    penerimaan = models.ManyToManyField(
        EntriKas,
        through="RealisasiPenerimaan",
        related_name="usulan_set",
        blank=True,
        verbose_name=_("penerimaan di buku kas"),
    )
    kegiatan = models.ManyToManyField(
        "kegiatan.Kegiatan",
        through="RealisasiKegiatan",
        related_name="usulan_set",
        blank=True,
        verbose_name=_("kegiatan yang dibiayai"),
    )
    dicatat_oleh = _user_fk(_("dicatat oleh"))
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("usulan dana desa")
        verbose_name_plural = _("usulan dana desa")
        ordering = ["-tahun", "wilayah_id", "-id"]
        indexes = [models.Index(fields=["wilayah", "tahun", "status"], name="usulan_wilayah_tahun")]
        constraints = [
            models.CheckConstraint(condition=Q(jumlah__gt=0), name="usulan_jumlah_positif"),
            models.CheckConstraint(
                condition=Q(tahun__gte=2000, tahun__lte=2100), name="usulan_tahun_wajar"
            ),
            models.CheckConstraint(
                condition=~Q(status="direalisasikan")
                | Q(realisasi_jumlah__gt=0, realisasi_tanggal__isnull=False),
                name="usulan_realisasi_lengkap",
            ),
            models.CheckConstraint(
                condition=~Q(status="ditolak") | ~Q(alasan_ditolak=""),
                name="usulan_ditolak_beralasan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judul} ({self.tahun})"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id

    @property
    def status_berikut(self) -> tuple:
        return self.ALUR[self.status]


class RiwayatUsulan(models.Model):
    """One dated change of status of a village-fund proposal."""

    usulan = models.ForeignKey(UsulanDanaDesa, on_delete=models.CASCADE, related_name="riwayat_set")
    wilayah = _wilayah_fk()
    status = models.CharField(_("status"), max_length=14, choices=UsulanDanaDesa.Status.choices)
    tanggal = models.DateField(_("tanggal"))
    catatan = models.TextField(_("catatan"), blank=True)
    oleh = _user_fk(_("dicatat oleh"))
    dicatat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat usulan")
        verbose_name_plural = _("riwayat usulan")
        ordering = ["usulan_id", "tanggal", "id"]

    def __str__(self) -> str:
        return f"{self.usulan_id} {self.status} {self.tanggal}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class RealisasiPenerimaan(models.Model):
    """A receipt in the fund book that realised (part of) a proposal; a receipt realises one."""

    usulan = models.ForeignKey(UsulanDanaDesa, on_delete=models.CASCADE, related_name="+")
    entri = models.OneToOneField(EntriKas, on_delete=models.PROTECT, related_name="+")
    wilayah = _wilayah_fk()

    class Meta:
        verbose_name = _("realisasi penerimaan")
        verbose_name_plural = _("realisasi penerimaan")

    def __str__(self) -> str:
        return f"{self.usulan_id} ← {self.entri_id}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id


class RealisasiKegiatan(models.Model):
    """An activity paid for by a realised proposal."""

    usulan = models.ForeignKey(UsulanDanaDesa, on_delete=models.CASCADE, related_name="+")
    kegiatan = models.ForeignKey("kegiatan.Kegiatan", on_delete=models.PROTECT, related_name="+")
    wilayah = _wilayah_fk()

    class Meta:
        verbose_name = _("realisasi kegiatan")
        verbose_name_plural = _("realisasi kegiatan")
        constraints = [
            models.UniqueConstraint(fields=["usulan", "kegiatan"], name="realisasi_kegiatan_sekali")
        ]

    def __str__(self) -> str:
        return f"{self.usulan_id} → {self.kegiatan_id}"

    @property
    def kode_wilayah(self) -> str:
        return self.wilayah_id
