"""Keeping the index fresh: a change to any record the index reads marks its WKSBM and the
months it affects; once the transaction commits, those WKSBM-months and their roll-ups are
recomputed. Changes inside one transaction are gathered into one recomputation.

A dated record (meeting, activity, fund entry, service) counts in the windows of its own month
and the five after it (and the next month's report), so those months are redone; other changes
(SK, pengurus, member institutions, bimtek) redo the current month. Months older than the
history the dashboards show are left as computed."""

import datetime
import threading
from collections import defaultdict

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .bulan import RIWAYAT_BULAN, bulan_ini, geser

_state = threading.local()


def _pending() -> dict:
    if not hasattr(_state, "pending"):
        _state.pending = None
    return _state.pending


def tandai(
    wksbm_ids=(),
    desa_codes=(),
    tanggal: datetime.date | None = None,
    wilayah_codes=(),
    pendamping_ids=(),
    bulan: datetime.date | None = None,
) -> None:
    """Mark WKSBM (by id, or by the desa they sit in) and TKSK/PSM (by id) as changed on
    `tanggal` (None = in `bulan`, by default now), or regions whose roll-ups must be redone in
    every month they have (a WKSBM or worker there deleted)."""
    if not apps.is_installed("wahana.pantau"):
        # Tests that narrow the installed apps (`available_apps`) leave pantau's tables alone.
        return
    sekarang = bulan_ini()
    bulan_list = {bulan or sekarang}
    if tanggal:
        mulai = max(tanggal.replace(day=1), geser(sekarang, -(RIWAYAT_BULAN - 1)))
        bulan_list.update(b for b in (geser(mulai, i) for i in range(7)) if b <= sekarang)
    pending = _pending()
    if pending is None:
        pending = _state.pending = {
            "ids": defaultdict(set),
            "desa": defaultdict(set),
            "wilayah": set(),
            "pendamping": defaultdict(set),
        }
    pending["wilayah"].update(k for k in wilayah_codes if k)
    for b in bulan_list:
        pending["ids"][b].update(i for i in wksbm_ids if i)
        pending["desa"][b].update(k for k in desa_codes if k)
        pending["pendamping"][b].update(i for i in pendamping_ids if i)
    # One callback per change: the first to run takes everything marked so far and the others
    # find nothing left. (A single callback per batch would be lost with a rolled-back
    # transaction and leave the marks stranded.) Marks first: outside a transaction the
    # callback runs at once. `robust`: a failure here is logged and never undoes or fails the
    # write that triggered it; the periodic sweep repairs the figures.
    transaction.on_commit(_jalankan, robust=True)


def _jalankan() -> None:
    from wahana.wksbm.models import Wksbm

    from .services import indeks_refresh, kelengkapan_refresh, rekap_refresh

    pending, _state.pending = _state.pending, None
    if not pending:
        return
    for bulan in sorted(set(pending["ids"]) | set(pending["desa"])):
        ids = set(pending["ids"][bulan])
        if pending["desa"][bulan]:
            ids.update(
                Wksbm.objects.filter(wilayah_id__in=pending["desa"][bulan]).values_list(
                    "pk", flat=True
                )
            )
        if ids:
            indeks_refresh(bulan=bulan, wksbm_ids=ids)
    for bulan, ids in sorted(pending["pendamping"].items()):
        if ids:
            kelengkapan_refresh(bulan=bulan, pendamping_ids=ids)
    if pending["wilayah"]:
        rekap_refresh(wilayah_codes=pending["wilayah"])


def _tanggal(instance):
    value = getattr(instance, "tanggal", None)
    return value if isinstance(value, datetime.date) else None


def _on_wksbm(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    tandai(wksbm_ids=[instance.pk])


def _on_wksbm_delete(sender, instance, **kwargs):
    # Its index (or report) rows went with it (cascade); the roll-ups above still count it.
    tandai(wilayah_codes=[instance.wilayah_id])


def _on_pendamping(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    tandai(pendamping_ids=[instance.pk])


def _on_laporan_pendamping(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    # The report's own month only: whether it came, and when, changes nothing else.
    bulan = instance.bulan.replace(day=1)
    if bulan <= bulan_ini() and bulan >= geser(bulan_ini(), -(RIWAYAT_BULAN - 1)):
        tandai(pendamping_ids=[instance.pendamping_id], bulan=bulan)


def _on_child(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    tandai(wksbm_ids=[instance.wksbm_id], tanggal=_tanggal(instance))


def _on_desa(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    tandai(desa_codes=[instance.wilayah_id], tanggal=_tanggal(instance))


def connect() -> None:
    from wahana.bimtek.models import KehadiranBimtek
    from wahana.dana.models import EntriKas
    from wahana.kegiatan.models import Kegiatan
    from wahana.pendamping.models import Kunjungan, LaporanBulanan, Pendamping
    from wahana.ppks.models import LayananPpks
    from wahana.wksbm.models import LembagaAnggota, PengurusWksbm, RapatWksbm, TahapWksbm, Wksbm

    post_save.connect(_on_wksbm, sender=Wksbm, dispatch_uid="pantau_wksbm")
    post_delete.connect(_on_wksbm_delete, sender=Wksbm, dispatch_uid="pantau_wksbm_delete")
    for model in (
        TahapWksbm,
        PengurusWksbm,
        LembagaAnggota,
        RapatWksbm,
        Kegiatan,
        EntriKas,
        Kunjungan,
    ):
        uid = f"pantau_{model._meta.label_lower}"
        post_save.connect(_on_child, sender=model, dispatch_uid=uid + "_save")
        post_delete.connect(_on_child, sender=model, dispatch_uid=uid + "_delete")
    post_save.connect(_on_pendamping, sender=Pendamping, dispatch_uid="pantau_pendamping")
    post_delete.connect(
        _on_wksbm_delete, sender=Pendamping, dispatch_uid="pantau_pendamping_delete"
    )
    for suffix, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(
            _on_laporan_pendamping,
            sender=LaporanBulanan,
            dispatch_uid=f"pantau_laporan_pendamping_{suffix}",
        )
    for model in (LayananPpks, KehadiranBimtek):
        uid = f"pantau_{model._meta.label_lower}"
        post_save.connect(_on_desa, sender=model, dispatch_uid=uid + "_save")
        post_delete.connect(_on_desa, sender=model, dispatch_uid=uid + "_delete")
