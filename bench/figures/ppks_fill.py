"""Runs inside `wahana shell`: writes `count` fictional PPKS (and their kinds) straight into the
database — COPY on PostgreSQL, executemany on SQLite — for the list-page figure. The import
path is measured by its own figure; this only has to be fast and realistic in shape (encrypted
NIK and No KK, blind indexes, masked numbers, one or two kinds each)."""

from __future__ import annotations

import datetime
import sys
import time

from django.db import connection, transaction
from django.utils import timezone

from bench.figures.ppks_data import people
from wahana.lib.nik import mask
from wahana.ppks import crypto
from wahana.ppks.models import JenisPpks, Ppks
from wahana.ppks.nama import nama_kunci

CHUNK = 20000


def fill(count: int) -> None:
    started = time.perf_counter()
    jenis = dict(JenisPpks.objects.values_list("kode", "pk"))
    fields = list(Ppks._meta.concrete_fields)
    template = Ppks(tanggal_ditemukan=datetime.date(2026, 1, 5))
    now = timezone.now()
    defaults = {f.attname: getattr(template, f.attname) for f in fields}
    defaults["dibuat"] = defaults["diubah"] = now
    table = Ppks._meta.db_table
    through = Ppks.jenis.through._meta.db_table
    columns = [f.column for f in fields]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        next_id = cursor.fetchone()[0] + 1
        rows, links = [], []
        for person in people(count):
            nik, no_kk = person["nik"], person["no_kk"]
            values = {
                **defaults,
                "id": next_id,
                "nik_sandi": crypto.encrypt(nik, purpose="nik"),
                "nik_indeks": crypto.blind_index(nik, purpose="nik"),
                "nik_samaran": mask(nik),
                "no_kk_sandi": crypto.encrypt(no_kk, purpose="no_kk"),
                "no_kk_indeks": crypto.blind_index(no_kk, purpose="no_kk"),
                "no_kk_samaran": mask(no_kk),
                "nama": person["nama"],
                "nama_kunci": nama_kunci(person["nama"]),
                "jenis_kelamin": person["jenis_kelamin"],
                "tempat_lahir": person["tempat_lahir"],
                "tanggal_lahir": person["tanggal_lahir"],
                "wilayah_id": person["kode"],
                "dusun": person["dusun"],
                "rt": person["rt"],
                "rw": person["rw"],
                "desil_dtsen": int(person["desil_dtsen"]),
            }
            rows.append([values[f.attname] for f in fields])
            links += [(next_id, jenis[k.strip()]) for k in person["jenis_ppks"].split(";")]
            next_id += 1
            if len(rows) >= CHUNK:
                _write(cursor, table, columns, rows, through, links)
        _write(cursor, table, columns, rows, through, links)
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}"  # noqa: S608
            )
    with connection.cursor() as cursor:
        # Statistics, and on PostgreSQL the visibility map that lets a count read an index
        # alone, as a running server has them (autovacuum would catch up within minutes).
        analyze = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        cursor.execute(f"{analyze} {table}")
        cursor.execute(f"{analyze} {through}")
    sys.stdout.write(f"{count} PPKS ditulis ({time.perf_counter() - started:.1f} s)\n")


def _write(cursor, table, columns, rows, through, links) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        with cursor.cursor.copy(f"COPY {through} (ppks_id, jenisppks_id) FROM STDIN") as copy:
            for link in links:
                copy.write_row(link)
    else:
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
            [[_sqlite(v) for v in r] for r in rows],
        )
        cursor.executemany(
            f"INSERT INTO {through} (ppks_id, jenisppks_id) VALUES (%s, %s)",  # noqa: S608
            links,
        )
    rows.clear()
    links.clear()


def _sqlite(value):
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value
