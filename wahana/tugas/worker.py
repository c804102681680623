"""The polling loop of `wahana worker`."""

import logging
import os
import signal
import socket
import threading

from django.db import close_old_connections, connection

from . import services

log = logging.getLogger("wahana.tugas")


class Worker:
    def __init__(self, *, interval: float = 2.0, stale_seconds: int = 900, stdout=None):
        self.interval = interval
        self.stale_seconds = stale_seconds
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self.stop = threading.Event()
        self.stdout = stdout

    def _say(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(text)

    def install_signals(self) -> None:
        # SIGTERM (systemd, `make run`'s trap) and Ctrl+C: finish the job at hand, then leave.
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: self.stop.set())

    def step(self) -> bool:
        """One round: requeue dead jobs, queue due periodic jobs, run one job. True if a job ran."""
        _refresh_connection()
        services.tugas_requeue_stale(seconds=self.stale_seconds)
        services.berkala_enqueue_due()
        job = services.tugas_claim(pekerja=self.name)
        if job is None:
            return False
        job = services.tugas_run(job)
        self._say(f"{job.nama} #{job.pk}: {job.status}")
        return True

    def run(self, *, once: bool = False, until_idle: bool = False) -> int:
        ran = 0
        while not self.stop.is_set():
            if self.step():
                ran += 1
                if once:
                    break
                continue
            if once or until_idle:
                break
            self.stop.wait(self.interval)
        return ran


def _refresh_connection() -> None:
    # A long-lived process drops broken or expired connections between jobs, as Django does
    # between requests; inside a transaction (the loop run by a test) the connection is kept.
    if not connection.in_atomic_block:
        close_old_connections()
