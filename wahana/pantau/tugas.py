"""Periodic job of the watching app, run by the background worker (wahana/tugas)."""

from wahana.tugas.registry import berkala

from . import services

# Time alone changes figures (month rollover, the 6-month dormancy window, report deadlines):
# recompute the current month of every WKSBM this often, so nothing is older than 5 minutes.
SWEEP_SECONDS = 5 * 60


@berkala("pantau.sapu", seconds=SWEEP_SECONDS)
def sapu(tugas, **_kwargs):
    """The current month's index and roll-ups for every WKSBM, and late-report alerts."""
    hasil = services.sweep()
    tugas.set_progress(100, f"{hasil['indeks']} indeks, {hasil['terlambat']} notifikasi")
    return hasil
