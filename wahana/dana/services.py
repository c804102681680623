"""Writes to the money of a WKSBM. Every write to a fund book runs in one transaction that first
locks the book's row (`select_for_update` on PostgreSQL; on SQLite the IMMEDIATE transaction
mode takes the write lock at BEGIN), so the balance it checks is the balance it writes after.
The database re-checks the arithmetic, the order and the closed months (migration 0002)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wahana.audit.services import audit_record
from wahana.berkas.models import Berkas
from wahana.berkas.services import berkas_store
from wahana.lib import kode as kodelib
from wahana.ppks.models import LayananPpks, Ppks
from wahana.ppks.services import layanan_create

from .akses import can_verify, can_write_buku
from .bulan import bulan_berikut, bulan_ini
from .models import (
    BukuKas,
    EntriKas,
    RealisasiKegiatan,
    RealisasiPenerimaan,
    RiwayatUsulan,
    TutupBuku,
    UsulanDanaDesa,
    awal_bulan,
)
from .selectors import buku_kas_bulan


def rupiah(jumlah: int) -> str:
    return "Rp" + f"{jumlah:,}".replace(",", ".")


def _require_writer(acting_user, wksbm) -> None:
    if not can_write_buku(acting_user, wksbm):
        raise PermissionDenied(_("Anda tidak berwenang menulis buku kas WKSBM ini."))


def _lock_buku(wksbm) -> BukuKas:
    """The book row of `wksbm`, created on first use and locked until the transaction ends."""
    buku, _created = BukuKas.objects.get_or_create(
        wksbm=wksbm, defaults={"wilayah_id": wksbm.wilayah_id}
    )
    return BukuKas.objects.select_for_update().get(pk=buku.pk)


def _store_bukti(acting_user, upload, wksbm) -> Berkas | None:
    if not upload:
        return None
    if isinstance(upload, Berkas):
        return upload  # already stored (a receipt photo staged by the offline app): not again
    return berkas_store(
        acting_user=acting_user,
        upload=upload,
        kode_wilayah=wksbm.kode_wilayah,
        jenis=Berkas.Jenis.DOKUMEN,
    )


def _append(*, acting_user, buku: BukuKas, wksbm, bukti_upload=None, **fields) -> EntriKas:
    """Write the next entry of a locked book after checking date, month and balance."""
    tanggal: datetime.date = fields["tanggal"]
    jumlah: int = fields["jumlah"]
    if jumlah is None or jumlah <= 0:
        raise ValidationError({"jumlah": _("Jumlah harus lebih dari nol rupiah.")})
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": _("Tanggal tidak boleh di masa depan.")})
    if buku.tutup_sampai and awal_bulan(tanggal) <= buku.tutup_sampai:
        raise ValidationError(
            {
                "tanggal": _("Buku kas sudah ditutup sampai bulan %(bulan)s.")
                % {"bulan": buku.tutup_sampai.strftime("%m/%Y")}
            }
        )
    if buku.tanggal_terakhir and tanggal < buku.tanggal_terakhir:
        raise ValidationError(
            {
                "tanggal": _(
                    "Buku kas ditulis berurutan: tanggal tidak boleh sebelum entri terakhir "
                    "(%(tanggal)s)."
                )
                % {"tanggal": buku.tanggal_terakhir.strftime("%d/%m/%Y")}
            }
        )
    if not fields["uraian"].strip():
        raise ValidationError({"uraian": _("Tuliskan uraian entri.")})
    fields["uraian"] = fields["uraian"].strip()[:250]
    delta = jumlah if fields["arah"] == EntriKas.Arah.MASUK else -jumlah
    if buku.saldo + delta < 0:
        raise ValidationError(
            {
                "jumlah": _("Saldo tidak cukup: saldo %(saldo)s, diminta %(jumlah)s.")
                % {"saldo": rupiah(buku.saldo), "jumlah": rupiah(jumlah)}
            }
        )
    entri = EntriKas(
        buku=buku,
        wksbm=wksbm,
        wilayah_id=wksbm.wilayah_id,
        urutan=buku.jumlah_entri + 1,
        saldo_setelah=buku.saldo + delta,
        dicatat_oleh=acting_user,
        bukti=_store_bukti(acting_user, bukti_upload, wksbm),
        **fields,
    )
    entri.save()
    buku.saldo = entri.saldo_setelah
    buku.jumlah_entri = entri.urutan
    buku.tanggal_terakhir = tanggal
    buku.save(update_fields=["saldo", "jumlah_entri", "tanggal_terakhir"])
    return entri


def _audit_entri(acting_user, entri: EntriKas, aksi: str) -> None:
    audit_record(
        actor=acting_user,
        aksi=aksi,
        objek=entri,
        perubahan={
            "urutan": [None, str(entri.urutan)],
            "arah": [None, entri.arah],
            "kategori": [None, entri.sumber or entri.tujuan],
            "jumlah": [None, str(entri.jumlah)],
            "saldo_setelah": [None, str(entri.saldo_setelah)],
        },
        keterangan=entri.uraian,
    )


@transaction.atomic
def entri_kas_receive(
    *,
    acting_user,
    wksbm,
    tanggal: datetime.date,
    sumber: str,
    jumlah: int,
    uraian: str,
    kuantitas=None,
    satuan: str = "",
    bukti_upload=None,
) -> EntriKas:
    """Record a receipt (penerimaan). Beras perelek is valued in rupiah; its quantity (kg or
    liter) is kept beside the value."""
    _require_writer(acting_user, wksbm)
    if sumber not in EntriKas.Sumber.values:
        raise ValidationError({"sumber": _("Pilih sumber penerimaan.")})
    if sumber == EntriKas.Sumber.BERAS_PERELEK:
        if not kuantitas or kuantitas <= 0 or satuan not in EntriKas.Satuan.values:
            raise ValidationError(
                {"kuantitas": _("Beras perelek dicatat dengan kuantitas (kg atau liter).")}
            )
    else:
        kuantitas, satuan = None, ""
    buku = _lock_buku(wksbm)
    entri = _append(
        acting_user=acting_user,
        buku=buku,
        wksbm=wksbm,
        bukti_upload=bukti_upload,
        tanggal=tanggal,
        arah=EntriKas.Arah.MASUK,
        sumber=sumber,
        jumlah=jumlah,
        kuantitas=kuantitas,
        satuan=satuan,
        uraian=uraian,
    )
    _audit_entri(acting_user, entri, "entri_kas_penerimaan")
    return entri


@transaction.atomic
def entri_kas_disburse(
    *,
    acting_user,
    wksbm,
    tanggal: datetime.date,
    tujuan: str,
    jumlah: int,
    uraian: str,
    ppks=None,
    kegiatan=None,
    jenis_layanan: str = "",
    bukti_upload=None,
) -> EntriKas:
    """Record a disbursement (pengeluaran); refused when the balance would fall below zero.
    Help to a PPKS names a PPKS of the WKSBM's area and may also record the service delivered
    (`jenis_layanan`, a LayananPpks kind) in the PPKS's history; spending on an activity names
    an activity of this WKSBM."""
    _require_writer(acting_user, wksbm)
    if tujuan not in EntriKas.Tujuan.values:
        raise ValidationError({"tujuan": _("Pilih tujuan pengeluaran.")})
    ppks = ppks if tujuan == EntriKas.Tujuan.PPKS else None
    kegiatan = kegiatan if tujuan == EntriKas.Tujuan.KEGIATAN else None
    if tujuan == EntriKas.Tujuan.PPKS:
        if ppks is None or not kodelib.covers(wksbm.kode_wilayah, ppks.kode_wilayah):
            raise ValidationError({"ppks": _("Pilih PPKS di wilayah WKSBM ini.")})
        if ppks.status != Ppks.Status.AKTIF:
            raise ValidationError({"ppks": _("Bantuan hanya untuk PPKS aktif.")})
    if tujuan == EntriKas.Tujuan.KEGIATAN and (kegiatan is None or kegiatan.wksbm_id != wksbm.pk):
        raise ValidationError({"kegiatan": _("Pilih kegiatan WKSBM ini.")})
    buku = _lock_buku(wksbm)
    entri = _append(
        acting_user=acting_user,
        buku=buku,
        wksbm=wksbm,
        bukti_upload=bukti_upload,
        tanggal=tanggal,
        arah=EntriKas.Arah.KELUAR,
        tujuan=tujuan,
        jumlah=jumlah,
        uraian=uraian,
        ppks=ppks,
        kegiatan=kegiatan,
    )
    if ppks is not None and jenis_layanan:
        layanan_create(
            acting_user=acting_user,
            ppks=ppks,
            jenis=jenis_layanan,
            tanggal=tanggal,
            penyedia=LayananPpks.Penyedia.WKSBM,
            penyedia_nama=wksbm.nama,
            keterangan=_("%(uraian)s (buku kas %(wksbm)s, %(jumlah)s)")
            % {"uraian": entri.uraian, "wksbm": wksbm.nama, "jumlah": rupiah(jumlah)},
        )
    _audit_entri(acting_user, entri, "entri_kas_pengeluaran")
    return entri


@transaction.atomic
def entri_kas_reverse(
    *, acting_user, entri: EntriKas, tanggal: datetime.date, alasan: str
) -> EntriKas:
    """Correct an entry by a reversing entry: opposite direction, same amount and category.
    An entry is reversed at most once; a reversal is not itself reversed (record the right
    entry anew instead); and a reversal may not take the balance below zero."""
    wksbm = entri.wksbm
    _require_writer(acting_user, wksbm)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": _("Tuliskan alasan koreksi.")})
    buku = _lock_buku(wksbm)
    if entri.membalik_id is not None:
        raise ValidationError(_("Entri pembalik tidak dapat dibalik lagi."))
    if EntriKas.objects.filter(membalik=entri).exists():
        raise ValidationError(_("Entri ini sudah dikoreksi."))
    masuk = entri.arah == EntriKas.Arah.MASUK
    pembalik = _append(
        acting_user=acting_user,
        buku=buku,
        wksbm=wksbm,
        tanggal=tanggal,
        arah=EntriKas.Arah.KELUAR if masuk else EntriKas.Arah.MASUK,
        sumber=entri.sumber,
        tujuan=entri.tujuan,
        jumlah=entri.jumlah,
        kuantitas=entri.kuantitas,
        satuan=entri.satuan,
        ppks=entri.ppks,
        kegiatan=entri.kegiatan,
        membalik=entri,
        uraian=(
            _("Koreksi entri #%(urutan)s: %(alasan)s") % {"urutan": entri.urutan, "alasan": alasan}
        )[:250],
    )
    _audit_entri(acting_user, pembalik, "entri_kas_koreksi")
    return pembalik


@transaction.atomic
def tutup_buku_close(*, acting_user, wksbm, bulan: datetime.date) -> TutupBuku:
    """Close one month of the book with its figures. Months close in order: the first is the
    month of the first entry, then each following month (an empty month closes with nil)."""
    _require_writer(acting_user, wksbm)
    bulan = awal_bulan(bulan)
    buku = _lock_buku(wksbm)
    if bulan > bulan_ini():
        raise ValidationError({"bulan": _("Bulan yang belum dimulai tidak dapat ditutup.")})
    if buku.tutup_sampai and bulan <= buku.tutup_sampai:
        raise ValidationError({"bulan": _("Bulan ini sudah ditutup.")})
    if buku.tutup_sampai:
        harus = bulan_berikut(buku.tutup_sampai)
    else:
        first = buku.entri_set.order_by("urutan").values_list("bulan", flat=True).first()
        harus = first or bulan
    if bulan != harus:
        raise ValidationError(
            {
                "bulan": _("Tutup buku berurutan: bulan berikut yang harus ditutup %(bulan)s.")
                % {"bulan": harus.strftime("%m/%Y")}
            }
        )
    angka = buku_kas_bulan(wksbm, bulan)
    tutup = TutupBuku.objects.create(
        buku=buku,
        wksbm=wksbm,
        wilayah_id=wksbm.wilayah_id,
        bulan=bulan,
        saldo_awal=angka.saldo_awal,
        total_masuk=angka.total_masuk,
        total_keluar=angka.total_keluar,
        saldo_akhir=angka.saldo_akhir,
        jumlah_entri=len(angka.entri),
        ditutup_oleh=acting_user,
    )
    buku.tutup_sampai = bulan
    buku.save(update_fields=["tutup_sampai"])
    audit_record(
        actor=acting_user,
        aksi="tutup_buku",
        objek=tutup,
        perubahan={
            "bulan": [None, bulan.strftime("%Y-%m")],
            "saldo_akhir": [None, str(tutup.saldo_akhir)],
        },
    )
    return tutup


@transaction.atomic
def tutup_buku_verify(*, acting_user, tutup: TutupBuku, catatan: str = "") -> TutupBuku:
    """The TKSK (or the operator) checks a closed month against the receipts and confirms it.
    Whoever closed the month does not verify it."""
    tutup = TutupBuku.objects.select_for_update().select_related("wksbm").get(pk=tutup.pk)
    if not can_verify(acting_user, tutup.wksbm):
        raise PermissionDenied(_("Anda tidak berwenang memverifikasi tutup buku ini."))
    if tutup.ditutup_oleh_id == acting_user.pk:
        raise PermissionDenied(_("Tutup buku diverifikasi oleh orang lain, bukan yang menutup."))
    if tutup.status != TutupBuku.Status.DITUTUP:
        raise ValidationError(_("Tutup buku ini sudah diverifikasi."))
    tutup.status = TutupBuku.Status.DIVERIFIKASI
    tutup.diverifikasi_oleh = acting_user
    tutup.diverifikasi_pada = timezone.now()
    tutup.catatan_verifikasi = catatan.strip()
    tutup.save(
        update_fields=["status", "diverifikasi_oleh", "diverifikasi_pada", "catatan_verifikasi"]
    )
    audit_record(
        actor=acting_user,
        aksi="tutup_buku_diverifikasi",
        objek=tutup,
        perubahan={"status": ["ditutup", "diverifikasi"]},
        keterangan=tutup.catatan_verifikasi,
    )
    return tutup


def _usulan_riwayat(acting_user, usulan: UsulanDanaDesa, tanggal, catatan: str) -> None:
    RiwayatUsulan.objects.create(
        usulan=usulan,
        wilayah_id=usulan.wilayah_id,
        status=usulan.status,
        tanggal=tanggal,
        catatan=catatan,
        oleh=acting_user,
    )


@transaction.atomic
def usulan_create(
    *,
    acting_user,
    wksbm,
    tahun: int,
    judul: str,
    bidang: str,
    jumlah: int,
    sumber: str,
    jenis_ppks=(),
    jumlah_penerima: int = 0,
    tanggal_musdes: datetime.date | None = None,
    berita_acara_upload=None,
) -> UsulanDanaDesa:
    """Record a proposal of the WKSBM to the village plan (status diajukan)."""
    _require_writer(acting_user, wksbm)
    today = timezone.localdate()
    if tanggal_musdes and tanggal_musdes > today:
        raise ValidationError({"tanggal_musdes": _("Tanggal Musdes tidak boleh di masa depan.")})
    usulan = UsulanDanaDesa(
        wksbm=wksbm,
        wilayah_id=wksbm.wilayah_id,
        tahun=tahun,
        judul=judul.strip(),
        bidang=bidang,
        jumlah=jumlah,
        sumber=sumber,
        jumlah_penerima=jumlah_penerima or 0,
        tanggal_musdes=tanggal_musdes,
        dicatat_oleh=acting_user,
    )
    usulan.full_clean(exclude=["wksbm", "wilayah", "dicatat_oleh", "berita_acara"])
    usulan.berita_acara = _store_bukti(acting_user, berita_acara_upload, wksbm)
    usulan.save()
    usulan.jenis_ppks.set(jenis_ppks)
    _usulan_riwayat(
        acting_user, usulan, tanggal_musdes or today, _("Musdes") if tanggal_musdes else ""
    )
    audit_record(
        actor=acting_user,
        aksi="usulan_dana_desa_dibuat",
        objek=usulan,
        perubahan={"judul": [None, usulan.judul], "jumlah": [None, str(jumlah)]},
    )
    return usulan


@transaction.atomic
def usulan_status_update(
    *,
    acting_user,
    usulan: UsulanDanaDesa,
    status: str,
    tanggal: datetime.date,
    catatan: str = "",
    realisasi_jumlah: int | None = None,
    penerimaan=(),
    kegiatan=(),
) -> UsulanDanaDesa:
    """Move a proposal along diajukan → masuk RKPDes → masuk APBDes → direalisasikan, or to
    ditolak (with the reason in `catatan`). Realisation records the amount and date and links
    the receipts of the fund book (of the proposal's source) and the activities it paid for."""
    usulan = UsulanDanaDesa.objects.select_for_update().select_related("wksbm").get(pk=usulan.pk)
    wksbm = usulan.wksbm
    _require_writer(acting_user, wksbm)
    if status not in usulan.status_berikut:
        raise ValidationError(
            {
                "status": _("Status %(dari)s tidak dapat berubah menjadi %(ke)s.")
                % {"dari": usulan.get_status_display(), "ke": status}
            }
        )
    last = usulan.riwayat_set.order_by("-tanggal").values_list("tanggal", flat=True).first()
    if tanggal > timezone.localdate() or (last and tanggal < last):
        raise ValidationError(
            {"tanggal": _("Tanggal tidak boleh di masa depan atau sebelum status sebelumnya.")}
        )
    catatan = (catatan or "").strip()
    before = usulan.status
    if status == UsulanDanaDesa.Status.DITOLAK:
        if not catatan:
            raise ValidationError({"catatan": _("Tuliskan alasan usulan ditolak.")})
        usulan.alasan_ditolak = catatan
    if status == UsulanDanaDesa.Status.DIREALISASIKAN:
        penerimaan = list(penerimaan)
        allowed = UsulanDanaDesa.SUMBER_PENERIMAAN[usulan.sumber]
        for entri in penerimaan:
            if (
                entri.wksbm_id != wksbm.pk
                or entri.arah != EntriKas.Arah.MASUK
                or entri.membalik_id is not None
                or entri.sumber not in allowed
                or EntriKas.objects.filter(membalik=entri).exists()
            ):
                raise ValidationError(
                    {
                        "penerimaan": _("Entri #%(n)s bukan penerimaan %(sumber)s WKSBM ini.")
                        % {"n": entri.urutan, "sumber": usulan.get_sumber_display()}
                    }
                )
            if RealisasiPenerimaan.objects.filter(entri=entri).exists():
                raise ValidationError(
                    {
                        "penerimaan": _("Entri #%(n)s sudah merealisasikan usulan lain.")
                        % {"n": entri.urutan}
                    }
                )
        kegiatan = list(kegiatan)
        if any(k.wksbm_id != wksbm.pk for k in kegiatan):
            raise ValidationError({"kegiatan": _("Pilih kegiatan WKSBM ini.")})
        if realisasi_jumlah is None and penerimaan:
            realisasi_jumlah = sum(e.jumlah for e in penerimaan)
        if not realisasi_jumlah or realisasi_jumlah <= 0:
            raise ValidationError(
                {"realisasi_jumlah": _("Tuliskan jumlah realisasi (lebih dari nol).")}
            )
        usulan.realisasi_jumlah = realisasi_jumlah
        usulan.realisasi_tanggal = tanggal
        RealisasiPenerimaan.objects.bulk_create(
            RealisasiPenerimaan(usulan=usulan, entri=e, wilayah_id=usulan.wilayah_id)
            for e in penerimaan
        )
        RealisasiKegiatan.objects.bulk_create(
            RealisasiKegiatan(usulan=usulan, kegiatan=k, wilayah_id=usulan.wilayah_id)
            for k in kegiatan
        )
    usulan.status = status
    usulan.save()
    _usulan_riwayat(acting_user, usulan, tanggal, catatan)
    audit_record(
        actor=acting_user,
        aksi="usulan_dana_desa_status",
        objek=usulan,
        perubahan={"status": [before, status]},
        keterangan=catatan,
    )
    return usulan
