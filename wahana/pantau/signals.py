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
    wksbm_ids=(), desa_codes=(), tanggal: datetime.date | None = None, wilayah_codes=()
) -> None:
    """Mark WKSBM (by id, or by the desa they sit in) as changed on `tanggal` (None = now), or
    regions whose roll-ups must be redone in every month they have (a WKSBM there deleted)."""
    if not apps.is_installed("wahana.pantau"):
        # Tests that narrow the installed apps (`available_apps`) leave pantau's tables alone.
        return
    sekarang = bulan_ini()
    bulan_list = {sekarang}
    if tanggal:
        mulai = max(tanggal.replace(day=1), geser(sekarang, -(RIWAYAT_BULAN - 1)))
        bulan_list.update(b for b in (geser(mulai, i) for i in range(7)) if b <= sekarang)
    pending = _pending()
    if pending is None:
        pending = _state.pending = {
            "ids": defaultdict(set),
            "desa": defaultdict(set),
            "wilayah": set(),
        }
    pending["wilayah"].update(k for k in wilayah_codes if k)
    for bulan in bulan_list:
        pending["ids"][bulan].update(i for i in wksbm_ids if i)
        pending["desa"][bulan].update(k for k in desa_codes if k)
    # One callback per change: the first to run takes everything marked so far and the others
    # find nothing left. (A single callback per batch would be lost with a rolled-back
    # transaction and leave the marks stranded.) Marks first: outside a transaction the
    # callback runs at once. `robust`: a failure here is logged and never undoes or fails the
    # write that triggered it; the periodic sweep repairs the figures.
    transaction.on_commit(_jalankan, robust=True)


def _jalankan() -> None:
    from wahana.wksbm.models import Wksbm

    from .services import indeks_refresh, rekap_refresh

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
    # Its index rows went with it (cascade); the roll-ups above it still count it.
    tandai(wilayah_codes=[instance.wilayah_id])


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
    from wahana.pendamping.models import Kunjungan
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
    for model in (LayananPpks, KehadiranBimtek):
        uid = f"pantau_{model._meta.label_lower}"
        post_save.connect(_on_desa, sender=model, dispatch_uid=uid + "_save")
        post_delete.connect(_on_desa, sender=model, dispatch_uid=uid + "_delete")
