"""Factories for PPKS tests: plain functions (STYLE.md)."""

import datetime
import itertools

from wahana.conftest import DESA_A

from ..models import JenisPpks, LayananPpks, Ppks, RujukanPpks
from ..nama import nama_kunci
from ..services import identitas_prepare, rujukan_create

_serial = itertools.count(1)


def make_nik(
    *,
    kecamatan: str = "621002",
    birth: datetime.date = datetime.date(1980, 8, 5),
    sex: str = "L",
    serial: int | None = None,
) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{kecamatan}{day:02d}{birth:%m%y}{next(_serial) if serial is None else serial:04d}"


def make_no_kk(*, kecamatan: str = "621002", serial: int | None = None) -> str:
    return f"{kecamatan}0101{next(_serial) if serial is None else serial:06d}"


def ppks_make(
    *,
    kode: str = DESA_A,
    nama: str = "Budi Santoso",
    nik: str | None = "",
    no_kk: str = "",
    jenis: tuple[str, ...] = ("24",),
    **fields,
) -> Ppks:
    """A PPKS stored directly (no duplicate check): `nik=""` makes a fresh valid NIK from the
    birth date and sex, `nik=None` none at all."""
    born = fields.setdefault("tanggal_lahir", datetime.date(1980, 8, 5))
    sex = fields.setdefault("jenis_kelamin", "L")
    if nik == "":
        nik = make_nik(birth=born or datetime.date(1980, 8, 5), sex=sex or "L")
    identitas = identitas_prepare(
        nik=nik or "", no_kk=no_kk, tanggal_lahir=born, jenis_kelamin=sex or ""
    )
    assert not identitas.errors, identitas.errors
    ppks = Ppks.objects.create(
        nama=nama,
        nama_kunci=nama_kunci(nama),
        wilayah_id=kode,
        **identitas.fields,
        **fields,
    )
    ppks.jenis.set(JenisPpks.objects.filter(kode__in=jenis))
    return ppks


def layanan_make(ppks: Ppks, **fields) -> LayananPpks:
    values = {
        "jenis": LayananPpks.Jenis.PERLINDUNGAN,
        "tanggal": datetime.date(2026, 1, 10),
        "penyedia": LayananPpks.Penyedia.WKSBM,
        "keterangan": "Paket sembako",
    }
    values.update(fields)
    return LayananPpks.objects.create(ppks=ppks, wilayah_id=ppks.wilayah_id, **values)


def rujukan_make(ppks: Ppks, user, **fields) -> RujukanPpks:
    return rujukan_create(
        acting_user=user,
        ppks=ppks,
        lembaga=fields.get("lembaga", "RSUD Kuala Kurun"),
        tanggal=fields.get("tanggal", datetime.date(2026, 1, 12)),
        alasan=fields.get("alasan", "Pemeriksaan kesehatan"),
    )
