"""The XLSX writer's data rows (wahana/laporan/xlsx.py `Lembar.tulis`): each value keeps its
type, text stays text however it looks, an empty value leaves the cell empty."""

import datetime

from wahana.laporan.xlsx import Buku

from .helpers import table, xlsx_rows


def test_a_row_keeps_each_values_type_and_leaves_empty_cells_empty():
    buku = Buku()
    lembar = buku.lembar("Data", kepala=["KOP", "JUDUL"], kolom=["a", "b", "c", "d", "e", "f"])
    lembar.tulis(["6210**********01", "", None, 1500, True, datetime.date(2026, 1, 5)])
    lembar.tulis(["0812", "x", "", 0, False, None])
    lembar.penutup()
    header, rows, _jumlah, stated = table(xlsx_rows(buku.close()), "a")
    assert header == ("a", "b", "c", "d", "e", "f")
    assert rows == [
        ("6210**********01", None, None, 1500, "Ya", datetime.datetime(2026, 1, 5)),
        ("0812", "x", None, 0, "Tidak", None),
    ]
    assert stated == 2


def test_a_bare_table_starts_on_the_first_row_and_its_file_stays_open_for_streaming():
    import io

    import openpyxl

    buku = Buku()
    lembar = buku.lembar("Data", kepala=[], kolom=["a", "b"])
    lembar.tulis(["x", 1])
    handle = buku.berkas()
    try:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True)
    finally:
        handle.close()
    assert [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)] == [
        ("a", "b"),
        ("x", 1),
    ]
