"""The names of the job functions: `@tugas("nama")` and `@berkala("nama", seconds=...)`."""

from collections.abc import Callable
from dataclasses import dataclass

JOBS: dict[str, Callable] = {}


@dataclass(frozen=True)
class Periodic:
    nama: str
    seconds: int


PERIODIC: dict[str, Periodic] = {}


def tugas(nama: str):
    """Register `fn(tugas, **kwargs)` as the job called `nama`."""

    def register(fn):
        if nama in JOBS and JOBS[nama] is not fn:
            raise ValueError(f"Tugas {nama!r} sudah terdaftar.")
        JOBS[nama] = fn
        return fn

    return register


def berkala(nama: str, *, seconds: int):
    """Register a job that the worker enqueues every `seconds` (with no arguments)."""

    def register(fn):
        tugas(nama)(fn)
        PERIODIC[nama] = Periodic(nama, seconds)
        return fn

    return register
