"""The recompute that runs once a transaction commits (signals.py) must survive records deleted
by another request while it computes: it reads the facts first and writes the index after, so
a WKSBM deleted in between used to fail the whole batch on its foreign key (an IntegrityError
logged by the on-commit hook under a live server, and no index stored for anyone).

This test commits (the deleting thread must see the data), so Django empties the tables of the
apps below afterwards: only those, never the regions loaded once for the session or the WKSBM
app's seeded reference rows. The WKSBM made here are removed by the fixture.
"""

import logging
import threading

import pytest
from django.db import connections, transaction

from wahana.conftest import DESA_A, DESA_B
from wahana.pantau import indeks
from wahana.pantau.bulan import bulan_ini
from wahana.pantau.models import IndeksBulanan, RekapWilayah
from wahana.pantau.tests.factories import make_rapat, make_wksbm
from wahana.wksbm.models import RapatWksbm, Wksbm

# The index reads the fund book and activities through their reverse relations, which exist only
# while their apps are available; none of these apps has seeded rows to lose.
AVAILABLE_APPS = [
    "wahana.pantau",
    "wahana.dana",
    "wahana.kegiatan",
    "wahana.audit",
    "wahana.berkas",
    "wahana.akun",
]


@pytest.fixture
def dua_wksbm(transactional_db):
    hilang = make_wksbm(DESA_A, "WKSBM yang dihapus")
    tetap = make_wksbm(DESA_B, "WKSBM yang tetap")
    yield hilang, tetap
    # The WKSBM app is left out of AVAILABLE_APPS (its seeded kinds must survive), so Django
    # neither empties its tables nor follows its relations: remove children first.
    _hapus_wksbm([hilang.pk, tetap.pk])


def _hapus_wksbm(ids) -> None:
    """Delete WKSBM with their meetings and index rows, as Django's cascade does when every app
    is available (with AVAILABLE_APPS narrowed, it no longer sees these relations)."""
    with transaction.atomic():
        IndeksBulanan.objects.filter(wksbm_id__in=ids).delete()
        RapatWksbm.objects.filter(wksbm_id__in=ids).delete()
        Wksbm.objects.filter(pk__in=ids).delete()


def _hapus_dari_permintaan_lain(pk: int) -> None:
    """Another request (its own thread and connection) deletes the WKSBM and commits."""

    def hapus():
        try:
            _hapus_wksbm([pk])
        finally:
            connections.close_all()

    thread = threading.Thread(target=hapus)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()


@pytest.mark.django_db(transaction=True, available_apps=AVAILABLE_APPS)
def test_recompute_on_commit_survives_a_wksbm_deleted_meanwhile(dua_wksbm, monkeypatch, caplog):
    hilang, tetap = dua_wksbm
    kumpulkan = indeks.kumpulkan
    dihapus = []

    def kumpulkan_lalu_dihapus(rows, bulan):
        fakta = kumpulkan(rows, bulan)
        if not dihapus and any(pk == hilang.pk for pk, _kode in rows):
            dihapus.append(hilang.pk)
            _hapus_dari_permintaan_lain(hilang.pk)
        return fakta

    monkeypatch.setattr(indeks, "kumpulkan", kumpulkan_lalu_dihapus)
    with caplog.at_level(logging.ERROR), transaction.atomic():
        make_rapat(hilang, bulan_ini())
        make_rapat(tetap, bulan_ini())

    assert dihapus == [hilang.pk]
    assert not Wksbm.objects.filter(pk=hilang.pk).exists()
    # The hook raised nothing (on_commit's `robust` would have logged it) ...
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    # ... and stored what still exists: the other WKSBM, and roll-ups without the deleted one.
    assert list(IndeksBulanan.objects.values_list("wksbm_id", flat=True)) == [tetap.pk]
    nasional = RekapWilayah.objects.get(kode="", bulan=bulan_ini())
    assert nasional.jumlah_wksbm == 1
    assert not RekapWilayah.objects.filter(kode=DESA_A, bulan=bulan_ini(), jumlah_wksbm__gt=0)
