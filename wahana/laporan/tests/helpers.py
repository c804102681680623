import io
import re

import openpyxl
import pypdf

from wahana.laporan.services import laporan_request
from wahana.tugas.models import Tugas
from wahana.tugas.worker import Worker


def make_report(user, jenis, fmt, **kwargs) -> tuple[Tugas, bytes]:
    """Ask for a report as `user`, let the worker make it, answer the job and the file."""
    tugas = laporan_request(acting_user=user, jenis=jenis, format=fmt, **kwargs)
    Worker().run(until_idle=True)
    tugas.refresh_from_db()
    assert tugas.status == Tugas.Status.SELESAI, tugas.galat
    with tugas.berkas.berkas.open("rb") as handle:
        return tugas, handle.read()


def xlsx_rows(data: bytes, sheet: int = 0) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [tuple(row) for row in book.worksheets[sheet].iter_rows(values_only=True)]


def table(rows: list[tuple], first_header: str) -> tuple[tuple, list[tuple], tuple | None, int]:
    """(header, data rows, totals row or None, stated row count) of a report sheet."""
    start = next(i for i, r in enumerate(rows) if r and r[0] == first_header)
    data, jumlah, stated = [], None, None
    for row in rows[start + 1 :]:
        if row and isinstance(row[0], str) and row[0].startswith("Jumlah baris: "):
            stated = int(row[0].removeprefix("Jumlah baris: "))
            break
        if row and row[0] == "Jumlah":
            jumlah = row
        elif row and any(v is not None for v in row):
            data.append(row)
    return rows[start], data, jumlah, stated


def pdf_text(data: bytes) -> tuple[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def rp(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def page_numbers(text: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r"Halaman (\d+) dari (\d+)", text)]
