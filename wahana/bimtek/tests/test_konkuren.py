"""Registrations at the same moment, from threads with their own database connections, cannot
overfill a desa's quota: the target row is locked (`select_for_update` on PostgreSQL; the write
lock of BEGIN IMMEDIATE on SQLite) before the registered participants are counted.

These tests commit (the threads must see each other's work), so Django empties the tables of the
apps below afterwards: only those, never the regions loaded once for the session."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from wahana.akun.models import Peran
from wahana.bimtek.models import PesertaBimtek
from wahana.bimtek.services import peserta_register
from wahana.conftest import DESA_A, make_user

from .factories import make_bimtek, sasaran_of

AVAILABLE_APPS = ["wahana.bimtek", "wahana.audit", "wahana.berkas", "wahana.akun"]
THREADS = 5


@pytest.mark.django_db(transaction=True, available_apps=AVAILABLE_APPS)
def test_concurrent_registrations_stay_within_quota():
    operator = make_user("konkuren.operator", Peran.OPERATOR_KABUPATEN, "62.10")
    tksk = make_user("konkuren.tksk", Peran.TKSK, "62.10.02")
    bimtek = make_bimtek(user=operator, sasaran=(DESA_A,), kuota=2)
    sasaran = sasaran_of(bimtek, DESA_A)
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def worker(number):
        try:
            barrier.wait(timeout=10)
            peserta_register(acting_user=tksk, sasaran=sasaran, nama=f"Peserta {number}")
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert outcomes.count("ok") == 2
    refused = [o for o in outcomes if o != "ok"]
    assert len(refused) == THREADS - 2
    assert all(o.startswith("Kuota Tanjung Riu sudah penuh") for o in refused)
    assert PesertaBimtek.objects.filter(sasaran=sasaran).count() == 2
