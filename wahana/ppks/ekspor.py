"""Export of the PPKS list as the user's filters show it: CSV streamed row by row, XLSX written with
XlsxWriter's constant_memory mode to a temporary file. NIK and No KK are masked unless a role that
needs them asks for the full export, which is audited with its reason."""

import csv
import tempfile
from collections.abc import Iterator

from django.db.models import QuerySet

from . import crypto

BATCH = 2000
HEADER = [
    "id",
    "nik",
    "no_kk",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "kode_wilayah",
    "desa",
    "dusun",
    "rt",
    "rw",
    "alamat",
    "jenis_ppks",
    "kebutuhan",
    "ragam_disabilitas",
    "status_dtsen",
    "desil_dtsen",
    "perlu_dicek",
    "status",
    "tanggal_ditemukan",
]


def rows(qs: QuerySet, *, full: bool) -> Iterator[list]:
    """Export rows in primary-key order, fetched in keyset batches: constant memory and no
    OFFSET scans however large the list."""
    qs = qs.select_related("wilayah").order_by("pk")
    last = 0
    while True:
        chunk = list(qs.filter(pk__gt=last).prefetch_related("jenis")[:BATCH])
        if not chunk:
            return
        for p in chunk:
            if full:
                nik = crypto.decrypt(p.nik_sandi, purpose="nik")
                no_kk = crypto.decrypt(p.no_kk_sandi, purpose="no_kk")
            else:
                nik, no_kk = p.nik_samaran, p.no_kk_samaran
            yield [
                p.pk,
                nik,
                no_kk,
                p.nama,
                p.jenis_kelamin,
                p.tempat_lahir,
                p.tanggal_lahir.isoformat() if p.tanggal_lahir else "",
                p.wilayah_id,
                p.wilayah.nama,
                p.dusun,
                p.rt,
                p.rw,
                p.alamat,
                "; ".join(sorted(j.kode for j in p.jenis.all())),
                p.kebutuhan,
                p.disabilitas_ragam,
                p.status_dtsen,
                p.desil_dtsen or "",
                "ya" if p.perlu_dicek else "",
                p.status,
                p.tanggal_ditemukan.isoformat() if p.tanggal_ditemukan else "",
            ]
        last = chunk[-1].pk


class _Echo:
    def write(self, value):
        return value


def csv_stream(qs: QuerySet, *, full: bool) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that spreadsheets open the file as UTF-8
    yield writer.writerow(HEADER)
    for row in rows(qs, full=full):
        yield writer.writerow(row)


def xlsx_file(qs: QuerySet, *, full: bool):
    """A temporary file holding the XLSX (constant_memory: one row in memory at a time)."""
    import xlsxwriter

    # Closed by the FileResponse that streams it.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    book = xlsxwriter.Workbook(handle, {"constant_memory": True})
    sheet = book.add_worksheet("PPKS")
    text = book.add_format({"num_format": "@"})
    sheet.write_row(0, 0, HEADER, book.add_format({"bold": True}))
    for index, row in enumerate(rows(qs, full=full), start=1):
        for column, value in enumerate(row):
            if isinstance(value, int) and not isinstance(value, bool):
                sheet.write_number(index, column, value)
            else:
                # Strings stay strings: a NIK written as a number would lose its 16th digit.
                sheet.write_string(index, column, str(value), text if column in (1, 2) else None)
    book.close()
    handle.seek(0)
    return handle
