"""Writes of the watching app: recomputing the index and roll-ups, the weights versions,
notifications and revival plans."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wahana.akun.models import Peran
from wahana.akun.scope import in_scope
from wahana.audit.services import audit_record, changes_between
from wahana.lib import kode as kodelib
from wahana.wksbm import rules as wksbm_rules
from wahana.wksbm.selectors import batas_laporan_for
from wahana.wksbm.services import batas_laporan_set

from . import indeks, kelengkapan, rekap
from .bulan import bulan_ini, bulan_sebelum, deret
from .models import (
    BOBOT_BAWAAN,
    PERINGKAT,
    BobotIndeks,
    IndeksBulanan,
    LangkahRevitalisasi,
    Notifikasi,
    RekapWilayah,
    RencanaRevitalisasi,
    Status,
)


def indeks_refresh(*, bulan: datetime.date, wksbm_ids=None, prefix: str | None = None, alert=True):
    """Recompute the index of `bulan` for some WKSBM (by id or region prefix; all when neither),
    update the roll-ups above them, and alert on status drops when `bulan` is the current month.
    Returns the stored rows."""
    rows = indeks.hitung(bulan, wksbm_ids=wksbm_ids, prefix=prefix)
    codes = {r.wilayah_id for r in rows}  # left-out rows too: their regions must stop counting
    if wksbm_ids is None:
        # A whole region (sweep, history, new weights): its social workers' reports as well.
        codes |= kelengkapan.hitung(bulan, prefix=prefix)
    rekap.perbarui_untuk(bulan, codes)
    rows = [r for r in rows if r.tersimpan]
    if alert and bulan == bulan_ini():
        notifikasi_for_drops(rows)
    return rows


def kelengkapan_refresh(*, bulan: datetime.date, pendamping_ids) -> set[str]:
    """Recompute the report completeness of some TKSK/PSM for `bulan` and the roll-ups above."""
    codes = kelengkapan.hitung(bulan, pendamping_ids=pendamping_ids)
    rekap.perbarui_untuk(bulan, codes)
    return codes


def rekap_refresh(*, wilayah_codes) -> int:
    """Redo the roll-ups of these regions and those above them in every month they have (after
    a WKSBM there was deleted: its index rows are gone, the sums must follow)."""
    codes = set(wilayah_codes)
    total = 0
    for bulan in (
        RekapWilayah.objects.filter(kode__in=codes)
        .order_by("bulan")
        .values_list("bulan", flat=True)
        .distinct()
    ):
        total += rekap.perbarui_untuk(bulan, codes)
    return total


def indeks_refresh_riwayat(*, prefix: str | None = None, bulan_akhir=None, n=24) -> int:
    """Compute `n` months of history (oldest first) without alerts; for the demo and sweeps."""
    bulan_akhir = bulan_akhir or bulan_ini()
    total = 0
    for bulan in deret(bulan_akhir, n):
        total += len(indeks_refresh(bulan=bulan, prefix=prefix, alert=False))
    return total


@dataclass
class Peringatan:
    """One alert about a WKSBM, for the TKSK of its kecamatan and the operators of its
    kabupaten; `kunci` makes it happen once per recipient."""

    wilayah_id: str
    wksbm_id: int
    jenis: str
    judul: str
    isi: str
    kunci: str


def _penerima(kode_list) -> dict[str, list]:
    """Per WKSBM region: the active TKSK of its kecamatan and operators of its kabupaten (one
    query)."""
    from django.contrib.auth import get_user_model

    kecamatan, kabupaten = {}, {}
    for kode in set(kode_list):
        tingkat = kodelib.tingkat(kode)
        kecamatan[kode] = kode if tingkat == 3 else kodelib.induk(kode) if tingkat == 4 else None
        kabupaten[kode] = kodelib.kabupaten_of(kode)
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(peran=Peran.OPERATOR_KABUPATEN, wilayah_id__in=set(kabupaten.values()))
            | Q(peran=Peran.TKSK, wilayah_id__in={k for k in kecamatan.values() if k})
        )
    )
    per_peran = defaultdict(list)
    for user in users:
        per_peran[user.peran, user.wilayah_id].append(user)
    return {
        kode: per_peran[Peran.OPERATOR_KABUPATEN, kabupaten[kode]]
        + per_peran[Peran.TKSK, kecamatan[kode]]
        for kode in kabupaten
    }


def _kirim(peringatan: list[Peringatan]) -> int:
    """Create each recipient's notification once (by `kunci`); email the new ones, one message
    per alert, when an email backend is configured. A fixed handful of queries whatever the
    number of alerts (the sweep may raise thousands; one more per 5,000 alerts)."""
    if not peringatan:
        return 0
    penerima = _penerima(p.wilayah_id for p in peringatan)
    user_ids = list({u.pk for users in penerima.values() for u in users})
    ada = set()
    for bagian in indeks.potong({p.kunci for p in peringatan}):
        ada.update(
            Notifikasi.objects.filter(penerima_id__in=user_ids, kunci__in=bagian).values_list(
                "penerima_id", "kunci"
            )
        )
    baru, surat = [], []
    for p in peringatan:
        users = [u for u in penerima[p.wilayah_id] if (u.pk, p.kunci) not in ada]
        baru += [
            Notifikasi(
                penerima=u,
                wilayah_id=p.wilayah_id,
                wksbm_id=p.wksbm_id,
                jenis=p.jenis,
                judul=p.judul[:200],
                isi=p.isi,
                kunci=p.kunci,
            )
            for u in users
        ]
        alamat = [u.email for u in users if u.email]
        if alamat:
            surat.append((p.judul, p.isi, None, alamat))
    Notifikasi.objects.bulk_create(baru, batch_size=2000, ignore_conflicts=True)
    if surat:
        # Through the configured EMAIL_BACKEND (one connection), once the alerts are stored.
        transaction.on_commit(lambda: send_mass_mail(surat, fail_silently=True))
    return len(baru)


def _nama_wksbm(ids) -> dict[int, str]:
    from wahana.wksbm.models import Wksbm

    nama = {}
    for bagian in indeks.potong(ids):
        nama.update(Wksbm.objects.filter(pk__in=bagian).values_list("pk", "nama"))
    return nama


def notifikasi_for_drops(rows) -> int:
    """Alert the TKSK and operator of each WKSBM whose status is lower than before."""

    turun = [
        r
        for r in rows
        if r.status_lama
        and r.status != Status.BELUM
        and PERINGKAT[r.status] < PERINGKAT[r.status_lama]
    ]
    if not turun:
        return 0
    nama = _nama_wksbm(r.wksbm_id for r in turun)
    return _kirim(
        [
            Peringatan(
                wilayah_id=r.wilayah_id,
                wksbm_id=r.wksbm_id,
                jenis=Notifikasi.Jenis.TURUN,
                judul=_("%(nama)s turun dari %(lama)s menjadi %(baru)s")
                % {
                    "nama": nama.get(r.wksbm_id, ""),
                    "lama": Status(r.status_lama).label,
                    "baru": Status(r.status).label,
                },
                isi=_("Indeks aktivitas bulan %(bulan)s: %(skor)s.")
                % {"bulan": r.bulan.strftime("%m/%Y"), "skor": r.skor},
                kunci=f"turun:{r.wksbm_id}:{r.bulan:%Y-%m}:{r.status}",
            )
            for r in turun
        ]
    )


def notifikasi_for_late_reports(*, hari_ini: datetime.date | None = None) -> int:
    """Once the deadline of last month's report has passed, alert about each WKSBM that was
    Aktif or Kurang aktif that month and whose report has not come (once per WKSBM and month;
    a WKSBM already mati suri is on the attention list instead)."""

    hari_ini = hari_ini or timezone.localdate()
    bulan = bulan_sebelum(hari_ini.replace(day=1))
    rows = list(
        IndeksBulanan.objects.filter(
            bulan=bulan, laporan_diterima=False, status__in=[Status.AKTIF, Status.KURANG]
        ).values_list("wksbm_id", "wilayah_id")
    )
    batas = batas_laporan_for((k, bulan) for _pk, k in rows)
    lewat = [(pk, kode) for pk, kode in rows if hari_ini > batas[kode, bulan]]
    nama = _nama_wksbm(pk for pk, _k in lewat)
    return _kirim(
        [
            Peringatan(
                wilayah_id=kode,
                wksbm_id=pk,
                jenis=Notifikasi.Jenis.TERLAMBAT,
                judul=_("Laporan %(bulan)s %(nama)s belum masuk")
                % {"bulan": bulan.strftime("%m/%Y"), "nama": nama.get(pk, "")},
                isi=_("Tidak ada rapat atau kegiatan yang dilaporkan untuk bulan itu."),
                kunci=f"terlambat:{pk}:{bulan:%Y-%m}",
            )
            for pk, kode in lewat
        ]
    )


def sweep(*, hari_ini: datetime.date | None = None) -> dict:
    """The periodic pass (every ≤ 5 minutes): the current month for every WKSBM (month
    rollover, 6-month dormancy, windows that slide with time) and late-report alerts."""
    bulan = (hari_ini or timezone.localdate()).replace(day=1)
    rows = indeks_refresh(bulan=bulan)
    return {"indeks": len(rows), "terlambat": notifikasi_for_late_reports(hari_ini=hari_ini)}


def notifikasi_mark_read(*, acting_user, notifikasi_ids=None) -> int:
    """Mark the user's own notifications (all, or the given ones) as read."""
    qs = Notifikasi.objects.filter(penerima=acting_user, dibaca__isnull=True)
    if notifikasi_ids is not None:
        qs = qs.filter(pk__in=notifikasi_ids)
    return qs.update(dibaca=timezone.now())


# Who sets a kabupaten's weights: the same managers who set its report deadline.
can_configure = wksbm_rules.may_configure_kabupaten


@transaction.atomic
def bobot_update(
    *, acting_user, kabupaten: str, nilai: dict, batas_hari_laporan: int
) -> BobotIndeks:
    """A new version of the kabupaten's weights, applying from the current month, and its
    report deadline set on the same page (kept by the WKSBM registry, which writes a new one
    only when it changes)."""
    if not can_configure(acting_user, kabupaten):
        raise PermissionDenied(_("Anda tidak dapat mengubah bobot indeks kabupaten ini."))
    if sum(nilai.get(k, 0) for k in BOBOT_BAWAAN) <= 0:
        raise ValidationError(_("Jumlah bobot harus lebih dari nol."))
    batas_laporan_set(acting_user=acting_user, kabupaten=kabupaten, hari=batas_hari_laporan)
    terakhir = BobotIndeks.objects.filter(wilayah_id=kabupaten).order_by("-versi").first()
    bulan = bulan_ini()
    obj = BobotIndeks.objects.create(
        wilayah_id=kabupaten,
        versi=(terakhir.versi + 1) if terakhir else 1,
        berlaku_mulai=bulan,
        dibuat_oleh=acting_user,
        **{k: int(nilai.get(k, 0)) for k in BOBOT_BAWAAN},
    )
    audit_record(
        actor=acting_user,
        aksi="pantau.bobot_update",
        objek=obj,
        perubahan=changes_between({}, obj.bobot),
    )
    transaction.on_commit(lambda: indeks_refresh(bulan=bulan, prefix=kabupaten, alert=False))
    return obj


def _can_plan(user, kode: str) -> bool:
    return user.peran in (
        Peran.ADMIN_SISTEM,
        Peran.ADMIN_PROVINSI,
        Peran.OPERATOR_KABUPATEN,
        Peran.TKSK,
    ) and in_scope(user, kode)


@transaction.atomic
def rencana_create(*, acting_user, wksbm, judul: str, tujuan: str = "") -> RencanaRevitalisasi:
    """A revival plan for a WKSBM (by the TKSK of its kecamatan or a manager above)."""
    if not _can_plan(acting_user, wksbm.wilayah_id):
        raise PermissionDenied(_("Anda tidak dapat membuat rencana revitalisasi untuk WKSBM ini."))
    obj = RencanaRevitalisasi.objects.create(
        wksbm=wksbm,
        wilayah_id=wksbm.wilayah_id,
        judul=judul,
        tujuan=tujuan,
        dibuat_oleh=acting_user,
    )
    audit_record(
        actor=acting_user,
        aksi="pantau.rencana_create",
        objek=obj,
        perubahan=changes_between({}, {"judul": judul, "tujuan": tujuan}),
    )
    return obj


@transaction.atomic
def langkah_add(
    *, acting_user, rencana, uraian: str, penanggung_jawab: str, batas_waktu: datetime.date
) -> LangkahRevitalisasi:
    if not _can_plan(acting_user, rencana.wilayah_id):
        raise PermissionDenied(_("Anda tidak dapat mengubah rencana ini."))
    obj = LangkahRevitalisasi.objects.create(
        rencana=rencana,
        wilayah_id=rencana.wilayah_id,
        uraian=uraian,
        penanggung_jawab=penanggung_jawab,
        batas_waktu=batas_waktu,
    )
    audit_record(
        actor=acting_user,
        aksi="pantau.langkah_add",
        objek=obj,
        perubahan=changes_between(
            {},
            {
                "uraian": uraian,
                "penanggung_jawab": penanggung_jawab,
                "batas_waktu": str(batas_waktu),
            },
        ),
    )
    return obj


@transaction.atomic
def langkah_toggle(*, acting_user, langkah) -> LangkahRevitalisasi:
    """Mark a step done (today) or not done again."""
    if not _can_plan(acting_user, langkah.wilayah_id):
        raise PermissionDenied(_("Anda tidak dapat mengubah rencana ini."))
    before = {"selesai_pada": str(langkah.selesai_pada or "")}
    langkah.selesai_pada = None if langkah.selesai_pada else timezone.localdate()
    langkah.save(update_fields=["selesai_pada"])
    rencana = langkah.rencana
    sisa = rencana.langkah_set.filter(selesai_pada__isnull=True).exists()
    if rencana.selesai == sisa:
        rencana.selesai = not sisa
        rencana.save(update_fields=["selesai"])
    audit_record(
        actor=acting_user,
        aksi="pantau.langkah_toggle",
        objek=langkah,
        perubahan=changes_between(before, {"selesai_pada": str(langkah.selesai_pada or "")}),
    )
    return langkah
