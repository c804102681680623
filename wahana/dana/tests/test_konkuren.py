"""Two disbursements at the same moment, from two threads with their own database connections,
cannot overdraw a book: on PostgreSQL the second waits on the book's row lock
(`select_for_update`), on SQLite on the write lock taken by BEGIN IMMEDIATE; and were the lock
skipped, the database's sequence and balance checks would refuse the second writer.

These tests commit (the threads must see each other's work), so Django empties the tables of
the apps below afterwards: only those, never the regions loaded once for the session. Rows of
other apps created here are removed by the fixture.
"""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections

from wahana.akun.models import Peran
from wahana.conftest import DESA_A, make_user
from wahana.dana import services
from wahana.dana.models import BukuKas, EntriKas
from wahana.dana.services import entri_kas_disburse

from .factories import make_receipt, make_wksbm

AVAILABLE_APPS = ["wahana.dana", "wahana.audit", "wahana.berkas", "wahana.akun"]
TANGGAL = datetime.date(2026, 10, 5)
HOLD_LOCK_SECONDS = 0.4


@pytest.fixture
def book(transactional_db):
    pengurus = make_user("konkuren.pengurus", Peran.PENGURUS_WKSBM, DESA_A)
    operator = make_user("konkuren.operator", Peran.OPERATOR_KABUPATEN, "62.10")
    wksbm = make_wksbm(DESA_A, "WKSBM uji konkuren")
    make_receipt(acting_user=pengurus, wksbm=wksbm, jumlah=100_000, tanggal=TANGGAL)
    yield wksbm, pengurus, operator
    # The WKSBM table is not emptied by Django here (its app is left out so that its seeded
    # reference rows survive): remove the book first, then the WKSBM.
    with connection.cursor() as cursor:
        for table in ("dana_tutupbuku", "dana_entrikas", "dana_bukukas"):
            cursor.execute(f"DELETE FROM {table} WHERE wksbm_id = %s", [wksbm.pk])  # noqa: S608
    wksbm.delete()


def _race(users, wksbm, jumlah):
    """Run one disbursement per user at once; answers the outcome of each."""
    barrier = threading.Barrier(len(users))
    outcomes = []

    def worker(user):
        try:
            barrier.wait(timeout=10)
            entri_kas_disburse(
                acting_user=user,
                wksbm=wksbm,
                tanggal=TANGGAL,
                tujuan=EntriKas.Tujuan.OPERASIONAL,
                jumlah=jumlah,
                uraian=f"Belanja oleh {user.username}",
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("saldo tidak cukup")
        except IntegrityError:
            outcomes.append("ditolak basis data")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return sorted(outcomes)


def _assert_book_adds_up(wksbm, expected_saldo):
    rows = list(EntriKas.objects.filter(wksbm=wksbm).order_by("urutan"))
    running = 0
    for number, entri in enumerate(rows, start=1):
        running += entri.masuk - entri.keluar
        assert entri.urutan == number
        assert entri.saldo_setelah == running >= 0
    assert running == expected_saldo == BukuKas.objects.get(wksbm=wksbm).saldo


@pytest.mark.django_db(transaction=True, available_apps=AVAILABLE_APPS)
def test_two_simultaneous_disbursements_cannot_overdraw(book, monkeypatch):
    wksbm, pengurus, operator = book
    lock_buku = services._lock_buku
    locked = []

    def lock_and_hold(w):
        buku = lock_buku(w)
        locked.append(time.monotonic())
        # Hold the lock: the other writer is now trying to take it.
        time.sleep(HOLD_LOCK_SECONDS)
        return buku

    monkeypatch.setattr(services, "_lock_buku", lock_and_hold)
    outcomes = _race([pengurus, operator], wksbm, 70_000)
    assert outcomes == ["ok", "saldo tidak cukup"]
    # The second writer got the lock only after the first had committed.
    assert len(locked) == 2 and locked[1] - locked[0] >= HOLD_LOCK_SECONDS * 0.9
    _assert_book_adds_up(wksbm, 30_000)


@pytest.mark.django_db(transaction=True, available_apps=AVAILABLE_APPS)
def test_without_the_lock_the_database_still_refuses(book, monkeypatch):
    """Skip the row lock on purpose: both writers read the same balance and both try to write
    entry #2; the database accepts one and refuses the other (UNIQUE (wksbm, urutan) and the
    balance trigger). On SQLite, BEGIN IMMEDIATE serialises them before any read."""
    wksbm, pengurus, operator = book
    barrier = threading.Barrier(2)

    def read_without_lock(w):
        buku = BukuKas.objects.get(wksbm=w)
        barrier.wait(timeout=5) if connection.vendor == "postgresql" else None
        return buku

    monkeypatch.setattr(services, "_lock_buku", read_without_lock)
    outcomes = _race([pengurus, operator], wksbm, 70_000)
    assert outcomes.count("ok") == 1
    expected = "ditolak basis data" if connection.vendor == "postgresql" else "saldo tidak cukup"
    assert outcomes == sorted(["ok", expected])
    _assert_book_adds_up(wksbm, 30_000)
