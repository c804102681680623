"""Writes to the region list: loading official Kemendagri codes from CSV files."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from wahana.lib import kode as kodelib

from .models import Wilayah

DATA_DIR = Path(__file__).resolve().parent / "data"
# One file per level, as published by the idn-area-data package (ODbL).
FILES = (
    ("provinces.csv", None),
    ("regencies.csv", "province_code"),
    ("districts.csv", "regency_code"),
    ("villages.csv", "district_code"),
)


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # kode, old, new
    retired: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.renamed or self.retired or self.reactivated)


def _jenis(kode: str, nama: str) -> str:
    level = kodelib.tingkat(kode)
    if level == kodelib.TINGKAT_PROVINSI:
        return Wilayah.Jenis.PROVINSI
    if level == kodelib.TINGKAT_KABUPATEN:
        return Wilayah.Jenis.KOTA if nama.lower().startswith("kota") else Wilayah.Jenis.KABUPATEN
    if level == kodelib.TINGKAT_KECAMATAN:
        return Wilayah.Jenis.KECAMATAN
    return Wilayah.Jenis.KELURAHAN if kodelib.is_kelurahan(kode) else Wilayah.Jenis.DESA


def read_official_files(*, directory: Path = DATA_DIR, prefix: str = "") -> dict[str, tuple]:
    """Rows of the official files for the area `prefix` and the areas above it:
    {kode: (nama, induk_kode)}. Raises ValueError on a malformed file."""
    wanted_above = set(kodelib.leluhur(prefix))
    rows: dict[str, tuple] = {}
    for filename, parent_column in FILES:
        path = directory / filename
        with path.open(newline="", encoding="utf-8") as handle:
            # csv.reader with column positions: DictReader costs a dict per row, 83,762 times.
            reader = csv.reader(handle)
            header = [column.strip() for column in next(reader, [])]
            wanted = ("code", "name", parent_column) if parent_column else ("code", "name")
            missing = [column for column in wanted if column not in header]
            if missing:
                raise ValueError(f"{filename}: kolom {', '.join(missing)} tidak ada.")
            positions = [header.index(column) for column in wanted]
            for line_number, row in enumerate(reader, start=2):
                if len(row) < len(header):
                    raise ValueError(f"{filename}:{line_number}: kolom kurang: {row}")
                code, name, *parent = (row[i].strip() for i in positions)
                if not kodelib.is_valid(code) or not name:
                    raise ValueError(f"{filename}:{line_number}: kode atau nama tidak sah: {row}")
                if kodelib.covers(prefix, code) or code in wanted_above:
                    rows[code] = (name, parent[0] if parent else None)
    if prefix and prefix not in rows:
        raise ValueError(f"Kode wilayah {prefix} tidak ada di berkas resmi.")
    return rows


# Columns written for a new area, in the order of the tuples `_insert_new` receives.
INSERT_FIELDS = ("kode", "nama", "nama_cari", "tingkat", "jenis", "induk", "aktif", "diubah")


def _insert_new(rows: list[tuple]) -> None:
    """Insert new areas, parents before children, without building model instances: for a
    national first load, instantiating 83,762 models and compiling bulk_create's SQL took about
    four fifths of the time. PostgreSQL gets COPY, SQLite one prepared INSERT via executemany."""
    fields = [Wilayah._meta.get_field(name) for name in INSERT_FIELDS]
    quote = connection.ops.quote_name
    table = quote(Wilayah._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Identifiers come from the model; the rows travel as COPY data, never as SQL.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - as above
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


@transaction.atomic
def wilayah_load(*, directory: Path = DATA_DIR, prefix: str = "") -> LoadReport:
    """Bring the region table in line with the official files for `prefix` ('' = Indonesia).

    Adds new areas, renames changed ones, and retires areas that left the official list:
    an area is never deleted, because WKSBM, PPKS and other records may point to it."""
    official = read_official_files(directory=directory, prefix=prefix)
    existing_qs = Wilayah.objects.all()
    if prefix:
        existing_qs = existing_qs.filter(kode__in=kodelib.leluhur(prefix)) | existing_qs.filter(
            kode__startswith=prefix + "."
        )
    existing = {
        k: (n, p, a) for k, n, p, a in existing_qs.values_list("kode", "nama", "induk_id", "aktif")
    }

    report = LoadReport()
    to_create, to_update = [], []
    # auto_now is not applied to raw rows: stamp them as the ORM would, in the database's format.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for code in sorted(official, key=lambda c: (kodelib.tingkat(c), c)):
        name, parent = official[code]
        if code not in existing:
            report.added.append(code)
            to_create.append(
                (
                    code,
                    name,
                    name.lower(),
                    kodelib.tingkat(code),
                    _jenis(code, name),
                    parent,
                    True,
                    now,
                )
            )
            continue
        old_name, old_parent, active = existing[code]
        if old_name == name and old_parent == parent and active:
            report.unchanged += 1
            continue
        if old_name != name:
            report.renamed.append((code, old_name, name))
        if not active:
            report.reactivated.append(code)
        to_update.append(
            Wilayah(
                kode=code,
                nama=name,
                nama_cari=name.lower(),
                induk_id=parent,
                aktif=True,
                jenis=_jenis(code, name),
            )
        )
    for code, (_name, _parent, active) in existing.items():
        if active and code not in official and kodelib.covers(prefix, code):
            report.retired.append(code)

    _insert_new(to_create)
    Wilayah.objects.bulk_update(
        to_update, ["nama", "nama_cari", "induk", "aktif", "jenis"], batch_size=2000
    )
    if report.retired:
        for start in range(0, len(report.retired), 2000):
            Wilayah.objects.filter(kode__in=report.retired[start : start + 2000]).update(
                aktif=False
            )
    return report
