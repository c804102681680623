"""Writes of the job table: enqueue, and the worker's claim / finish / retry steps."""

import datetime
import traceback

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Jadwal, Tugas
from .registry import JOBS, PERIODIC

# Seconds to wait before attempt n+1 after attempt n failed: 30 s, 2 min, 8 min, ...
BACKOFF_BASE = 30
BACKOFF_FACTOR = 4


def tugas_enqueue(
    *, nama: str, kwargs: dict | None = None, acting_user=None, kode_wilayah="", judul=""
):
    """Queue the registered job `nama` with JSON-serialisable `kwargs`."""
    if nama not in JOBS:
        raise ValidationError(_("Tugas %(nama)s tidak dikenal.") % {"nama": nama})
    return Tugas.objects.create(
        nama=nama,
        judul=judul[:200],
        kwargs=kwargs or {},
        diminta_oleh=acting_user if getattr(acting_user, "pk", None) else None,
        wilayah_id=kode_wilayah or None,
    )


def backoff(percobaan: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=BACKOFF_BASE * BACKOFF_FACTOR ** max(0, percobaan - 1))


def tugas_claim(*, pekerja: str) -> Tugas | None:
    """Take the oldest due job for this worker, or None.

    PostgreSQL: the row is locked with SKIP LOCKED, so concurrent workers take different jobs.
    SQLite: select_for_update is ignored, but every transaction starts with BEGIN IMMEDIATE
    (settings), so claims are serialised by the database's write lock. The conditional UPDATE
    is a second guard either way: a job is only taken while it is still queued."""
    now = timezone.now()
    with transaction.atomic():
        qs = Tugas.objects.filter(status=Tugas.Status.ANTRI, jalan_setelah__lte=now)
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        job = qs.order_by("jalan_setelah", "id").first()
        if job is None:
            return None
        taken = Tugas.objects.filter(pk=job.pk, status=Tugas.Status.ANTRI).update(
            status=Tugas.Status.BERJALAN,
            dimulai=now,
            detak=now,
            pekerja=pekerja,
            percobaan=job.percobaan + 1,
            progres=0,
            pesan="",
        )
        if not taken:
            return None
    job.refresh_from_db()
    return job


def tugas_run(job: Tugas) -> Tugas:
    """Run a claimed job; record its result, or its failure and the retry after a back-off."""
    fn = JOBS.get(job.nama)
    try:
        if fn is None:
            raise LookupError(f"Tugas {job.nama!r} tidak terdaftar di pekerja ini.")
        if connection.in_atomic_block:
            # Called inside a transaction (a test, a caller's atomic block): a savepoint, so
            # a database error of the job does not spoil the transaction around it. The
            # worker runs jobs in autocommit, so their progress is seen at once.
            with transaction.atomic():
                result = fn(job, **job.kwargs)
        else:
            result = fn(job, **job.kwargs)
    except Exception:  # noqa: BLE001 - any failure of a job is recorded, never fatal
        _record_failure(job, traceback.format_exc())
    else:
        _record_success(job, result)
    job.refresh_from_db()
    return job


def _record_success(job: Tugas, result) -> None:
    from wahana.berkas.models import Berkas

    fields = {
        "status": Tugas.Status.SELESAI,
        "progres": 100,
        "diselesaikan": timezone.now(),
        "galat": "",
    }
    # A job may answer a Berkas, or a dict whose "berkas" is one: the file is linked to the job.
    if isinstance(result, Berkas):
        result = {"berkas": result}
    if isinstance(result, dict) and isinstance(result.get("berkas"), Berkas):
        fields["berkas"] = result["berkas"]
        result = {**result, "berkas": str(result["berkas"].pk)}
    fields["hasil"] = result
    Tugas.objects.filter(pk=job.pk).update(**fields)


def _record_failure(job: Tugas, trace: str) -> None:
    now = timezone.now()
    if job.percobaan < job.maks_percobaan:
        Tugas.objects.filter(pk=job.pk).update(
            status=Tugas.Status.ANTRI,
            jalan_setelah=now + backoff(job.percobaan),
            galat=trace[-5000:],
            pesan=_("Gagal, dicoba lagi nanti."),
        )
    else:
        Tugas.objects.filter(pk=job.pk).update(
            status=Tugas.Status.GAGAL,
            diselesaikan=now,
            galat=trace[-5000:],
            pesan=_("Gagal setelah %(n)s percobaan.") % {"n": job.percobaan},
        )


def tugas_requeue_stale(*, seconds: int) -> int:
    """Jobs left running by a worker that died (no sign of life for `seconds`) go back to the
    queue; their attempt counts, so a job that kills its worker ends as failed."""
    cutoff = timezone.now() - datetime.timedelta(seconds=seconds)
    stale = Tugas.objects.filter(status=Tugas.Status.BERJALAN, detak__lt=cutoff)
    count = 0
    for job in stale:
        _record_failure(job, _("Pekerja berhenti tanpa menyelesaikan tugas ini."))
        count += 1
    return count


def berkala_enqueue_due() -> list[Tugas]:
    """Queue every periodic job whose time has come, once across all workers: the schedule row
    is moved forward with a conditional UPDATE and only the worker whose UPDATE hit enqueues."""
    now = timezone.now()
    queued = []
    for periodic in PERIODIC.values():
        jadwal, _created = Jadwal.objects.get_or_create(
            nama=periodic.nama, defaults={"berikutnya": now}
        )
        if jadwal.berikutnya > now:
            continue
        moved = Jadwal.objects.filter(nama=periodic.nama, berikutnya=jadwal.berikutnya).update(
            berikutnya=now + datetime.timedelta(seconds=periodic.seconds), terakhir=now
        )
        if moved:
            queued.append(tugas_enqueue(nama=periodic.nama))
    return queued
