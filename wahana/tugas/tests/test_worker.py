"""The worker for real: claims, progress, results, failures with back-off, periodic jobs, a
separate `wahana worker` process on the same database, and a clean stop on SIGTERM."""

import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.utils import timezone

from wahana.tugas import services
from wahana.tugas.models import Jadwal, Tugas
from wahana.tugas.registry import JOBS, PERIODIC, tugas
from wahana.tugas.worker import Worker

AVAILABLE_APPS = ["wahana.tugas", "wahana.berkas", "wahana.audit", "wahana.akun"]


@tugas("uji.jumlah")
def _jumlah(job, *, a, b):
    job.set_progress(50, "setengah")
    return {"jumlah": a + b, "progres_tengah": Tugas.objects.get(pk=job.pk).progres}


@tugas("uji.gagal")
def _gagal(job):
    raise RuntimeError("sengaja gagal")


@pytest.fixture
def only_test_periodics(monkeypatch):
    # The apps' own periodic jobs would be queued too; these tests count exactly.
    monkeypatch.setattr("wahana.tugas.services.PERIODIC", {})


@pytest.mark.django_db
def test_enqueue_refuses_unknown_name():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.tugas_enqueue(nama="tidak.ada")
    assert not Tugas.objects.exists()


@pytest.mark.django_db
def test_job_runs_records_progress_and_result(personas, only_test_periodics):
    job = services.tugas_enqueue(
        nama="uji.jumlah",
        kwargs={"a": 2, "b": 3},
        acting_user=personas.operator,
        kode_wilayah="62.10",
    )
    assert job.status == Tugas.Status.ANTRI and job.kode_wilayah == "62.10"
    assert Worker().run(until_idle=True) == 1
    job.refresh_from_db()
    assert job.status == Tugas.Status.SELESAI
    assert job.hasil == {"jumlah": 5, "progres_tengah": 50}
    assert job.progres == 100 and job.percobaan == 1
    assert job.dimulai and job.diselesaikan and job.diminta_oleh == personas.operator


@pytest.mark.django_db
def test_failure_retries_with_backoff_then_fails(only_test_periodics):
    job = services.tugas_enqueue(nama="uji.gagal")
    worker = Worker()
    assert worker.step() is True
    job.refresh_from_db()
    assert job.status == Tugas.Status.ANTRI and job.percobaan == 1
    assert "sengaja gagal" in job.galat
    assert job.jalan_setelah > timezone.now() + datetime.timedelta(seconds=25)
    # Not due yet: the worker leaves it alone.
    assert worker.step() is False
    for attempt in (2, 3):
        Tugas.objects.filter(pk=job.pk).update(jalan_setelah=timezone.now())
        assert worker.step() is True
        job.refresh_from_db()
        assert job.percobaan == attempt
    assert job.status == Tugas.Status.GAGAL and job.diselesaikan is not None
    assert services.backoff(2) == datetime.timedelta(seconds=120)


@pytest.mark.django_db
def test_stale_running_job_is_requeued(only_test_periodics):
    job = services.tugas_enqueue(nama="uji.jumlah", kwargs={"a": 1, "b": 1})
    Tugas.objects.filter(pk=job.pk).update(
        status=Tugas.Status.BERJALAN,
        percobaan=1,
        detak=timezone.now() - datetime.timedelta(hours=1),
    )
    assert services.tugas_requeue_stale(seconds=900) == 1
    job.refresh_from_db()
    assert job.status == Tugas.Status.ANTRI and "Pekerja berhenti" in job.galat


@pytest.mark.django_db
def test_periodic_job_enqueued_once_per_period(monkeypatch):
    from wahana.tugas.registry import Periodic

    monkeypatch.setattr(
        "wahana.tugas.services.PERIODIC", {"uji.jumlah": Periodic("uji.jumlah", 300)}
    )
    first = services.berkala_enqueue_due()
    assert len(first) == 1
    # A second worker looking at the same moment finds nothing due.
    assert services.berkala_enqueue_due() == []
    jadwal = Jadwal.objects.get(nama="uji.jumlah")
    assert jadwal.berikutnya > timezone.now() + datetime.timedelta(seconds=290)
    Jadwal.objects.filter(pk=jadwal.pk).update(berikutnya=timezone.now())
    assert len(services.berkala_enqueue_due()) == 1


def test_registry_knows_the_apps_jobs():
    assert "tugas.bersihkan" in JOBS and PERIODIC["tugas.bersihkan"].seconds == 86400


@pytest.mark.django_db
def test_job_pages_are_personal(client, personas, only_test_periodics):
    job = services.tugas_enqueue(
        nama="uji.jumlah", kwargs={"a": 1, "b": 2}, acting_user=personas.operator
    )
    client.force_login(personas.operator)
    page = client.get(f"/tugas/{job.pk}/")
    assert page.status_code == 200 and b'hx-trigger="every 2s"' in page.content
    partial = client.get(f"/tugas/{job.pk}/", headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b"tugas-status" in partial.content
    client.force_login(personas.pimpinan)
    assert client.get(f"/tugas/{job.pk}/").status_code == 404
    Worker().run(until_idle=True)
    client.force_login(personas.operator)
    done = client.get(f"/tugas/{job.pk}/")
    assert b"every 2s" not in done.content and b'data-status="selesai"' in done.content
    job.refresh_from_db()
    assert job.dilihat is not None
    # No file produced: nothing to download.
    assert client.get(f"/tugas/{job.pk}/unduh/").status_code == 404


def _worker_env() -> dict:
    """The environment of a `wahana worker` process on the test database of this run."""
    env = dict(os.environ)
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{name}"
    else:
        s = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
        )
    return env


def _wahana() -> list[str]:
    return [sys.executable, "-m", "wahana.manage"]


@pytest.mark.django_db(transaction=True, available_apps=AVAILABLE_APPS)
def test_separate_worker_process_runs_queued_job():
    job = services.tugas_enqueue(nama="tugas.bersihkan")
    old = Tugas.objects.create(
        nama="uji.jumlah",
        status=Tugas.Status.SELESAI,
        diselesaikan=timezone.now() - datetime.timedelta(days=120),
    )
    done = subprocess.run(  # noqa: S603 - our own command
        [*_wahana(), "worker", "--until-idle"],
        env=_worker_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    job.refresh_from_db()
    assert job.status == Tugas.Status.SELESAI, job.galat
    assert job.hasil == {"dihapus": 1} and job.pekerja.endswith(tuple("0123456789"))
    assert not Tugas.objects.filter(pk=old.pk).exists()
    assert "Pekerja berhenti" in done.stdout


@pytest.mark.django_db(transaction=True, available_apps=AVAILABLE_APPS)
def test_worker_process_stops_cleanly_on_sigterm():
    proc = subprocess.Popen(  # noqa: S603 - our own command
        [*_wahana(), "worker", "--interval", "0.2"],
        env=_worker_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # It is polling once its periodic schedule rows exist.
        deadline = time.monotonic() + 60
        while not Jadwal.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert Jadwal.objects.exists()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Pekerja berhenti" in out
