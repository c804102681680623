"""Export of the PPKS list as the user's filters show it: CSV streamed row by row, XLSX written with
XlsxWriter's constant_memory mode to a temporary file. NIK and No KK are masked unless a role that
needs them asks for the full export, which is audited with its reason."""

import csv
import tempfile
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import QuerySet

from . import crypto
from .models import Ppks

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


# The columns read for a row, in HEADER order; the identity numbers (sealed or masked) and the
# kinds are filled in apart.
_COLUMNS = (
    "pk",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "wilayah_id",
    "wilayah__nama",
    "dusun",
    "rt",
    "rw",
    "alamat",
    "kebutuhan",
    "disabilitas_ragam",
    "status_dtsen",
    "desil_dtsen",
    "perlu_dicek",
    "status",
    "tanggal_ditemukan",
)


def rows(qs: QuerySet, *, full: bool) -> Iterator[list]:
    """Export rows in primary-key order, fetched in keyset batches: constant memory and no
    OFFSET scans however large the list. Plain values, not model instances, and the kinds of a
    batch in one query: a 100k-row export spends its time writing, not building objects."""
    numbers = ("nik_sandi", "no_kk_sandi") if full else ("nik_samaran", "no_kk_samaran")
    qs = qs.order_by("pk").values_list(*numbers, *_COLUMNS)
    through = Ppks.jenis.through.objects.using(qs.db)
    last = 0
    while True:
        chunk = list(qs.filter(pk__gt=last)[:BATCH])
        if not chunk:
            return
        kinds = defaultdict(list)
        for ppks_id, kode in (
            through.filter(ppks_id__in=[r[2] for r in chunk])
            .order_by("jenisppks__kode")
            .values_list("ppks_id", "jenisppks__kode")
        ):
            kinds[ppks_id].append(kode)
        for (
            nik,
            no_kk,
            pk,
            nama,
            jenis_kelamin,
            tempat_lahir,
            tanggal_lahir,
            kode_wilayah,
            desa,
            dusun,
            rt,
            rw,
            alamat,
            kebutuhan,
            disabilitas_ragam,
            status_dtsen,
            desil_dtsen,
            perlu_dicek,
            status,
            tanggal_ditemukan,
        ) in chunk:
            if full:
                nik = crypto.decrypt(nik, purpose="nik")
                no_kk = crypto.decrypt(no_kk, purpose="no_kk")
            yield [
                pk,
                nik,
                no_kk,
                nama,
                jenis_kelamin,
                tempat_lahir,
                tanggal_lahir.isoformat() if tanggal_lahir else "",
                kode_wilayah,
                desa,
                dusun,
                rt,
                rw,
                alamat,
                "; ".join(kinds[pk]),
                kebutuhan,
                disabilitas_ragam,
                status_dtsen,
                desil_dtsen or "",
                "ya" if perlu_dicek else "",
                status,
                tanggal_ditemukan.isoformat() if tanggal_ditemukan else "",
            ]
        last = chunk[-1][2]


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
