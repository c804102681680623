"""Export rows (wahana/ppks/ekspor.py `rows`): the list's columns from plain values, the kinds of
a batch read in one query, masked or decrypted numbers, keyset batches without a gap."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wahana.akun.scope import visible_to
from wahana.conftest import DESA_A, DESA_B

from .. import ekspor
from ..models import Ppks
from .factories import make_nik, ppks_make

NIK = make_nik(birth=datetime.date(1975, 2, 1), sex="P")


@pytest.fixture
def people(personas):
    first = ppks_make(
        nama="Siti Aminah",
        nik=NIK,
        jenis_kelamin="P",
        jenis=("24", "09"),
        desil_dtsen=3,
        perlu_dicek=True,
        tanggal_lahir=datetime.date(1975, 2, 1),
    )
    second = ppks_make(nama="Warga Sepang", kode=DESA_B, jenis=("08",), nik=None)
    return first, second


def _by_column(row):
    return dict(zip(ekspor.HEADER, row, strict=True))


@pytest.mark.django_db
def test_a_row_holds_the_lists_columns_masked(personas, people):
    first, second = people
    found = [_by_column(r) for r in ekspor.rows(Ppks.objects.all(), full=False)]
    assert [r["id"] for r in found] == [first.pk, second.pk]
    row = found[0]
    assert row["nik"] == first.nik_samaran and "*" in row["nik"]
    assert row["no_kk"] == first.no_kk_samaran
    assert row["nama"] == "Siti Aminah"
    assert row["tanggal_lahir"] == "1975-02-01"
    assert row["kode_wilayah"] == DESA_A and row["desa"] == first.wilayah.nama
    assert row["jenis_ppks"] == "09; 24"  # sorted, one cell
    assert (row["desil_dtsen"], row["perlu_dicek"], row["status"]) == (3, "ya", "aktif")
    assert found[1]["jenis_ppks"] == "08" and found[1]["nik"] == ""


@pytest.mark.django_db
def test_the_full_export_decrypts_the_numbers(personas, people):
    first, _ = people
    row = _by_column(next(ekspor.rows(Ppks.objects.filter(pk=first.pk), full=True)))
    assert row["nik"] == NIK


@pytest.mark.django_db
def test_batches_cost_two_queries_each_and_miss_no_row(personas, monkeypatch):
    for n in range(7):
        ppks_make(nama=f"Warga {n}", kode=DESA_A if n % 2 else DESA_B, jenis=("24", "23"))
    monkeypatch.setattr(ekspor, "BATCH", 3)
    qs = visible_to(Ppks.objects.all(), personas.operator)
    with CaptureQueriesContext(connection) as queries:
        ids = [r[0] for r in ekspor.rows(qs, full=False)]
    assert ids == sorted(qs.values_list("pk", flat=True)) and len(ids) == 7
    # Three batches of rows and their kinds, then the empty read that ends it.
    assert len(queries) == 3 * 2 + 1


@pytest.mark.django_db
def test_the_xlsx_is_the_shared_writers_bare_table(personas, people):
    import io

    import openpyxl

    first, second = people
    handle = ekspor.xlsx_file(Ppks.objects.all(), full=False)
    try:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True)
    finally:
        handle.close()
    sheet = book.worksheets[0]
    found = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert sheet.title == "PPKS" and found[0] == tuple(ekspor.HEADER)  # header on the first row
    assert [r[0] for r in found[1:]] == [first.pk, second.pk]  # ids stay numbers
    row = dict(zip(ekspor.HEADER, found[1], strict=True))
    assert row["nik"] == first.nik_samaran  # text, not a number losing its 16th digit
    assert (row["desil_dtsen"], row["perlu_dicek"], row["jenis_ppks"]) == (3, "ya", "09; 24")
    assert dict(zip(ekspor.HEADER, found[2], strict=True))["nik"] is None  # empty stays empty
