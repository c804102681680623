"""Export of the PPKS list as the user's filters show it: CSV streamed row by row, XLSX written
by the shared writer (wahana/laporan/xlsx.py) to a temporary file. NIK and No KK are masked
unless a role that needs them asks for the full export, which is audited with its reason."""

import csv
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import QuerySet

from wahana.laporan.xlsx import Buku

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
    """A temporary file holding the XLSX, written by the shared writer (wahana/laporan/xlsx.py,
    constant_memory: one row in memory at a time) as a bare table: the header on the first row,
    so the file reads back through the import. Closed by the FileResponse that streams it."""
    buku = Buku()
    lembar = buku.lembar("PPKS", kepala=[], kolom=HEADER)
    for row in rows(qs, full=full):
        lembar.tulis(row)
    return buku.berkas()
