"""The one way Wahana writes an XLSX document: XlsxWriter in `constant_memory` mode (rows are
flushed to disk as they are written, so memory stays flat however many rows), written to a
temporary file. Each sheet starts with the letterhead lines, title, period, scope, time made and
any (label, value) identity lines; then any paragraphs, the header row (frozen), the data rows,
and a closing "Jumlah baris: N" line."""

import datetime
import tempfile

import xlsxwriter


class Buku:
    """A workbook being written; `close()` answers the finished file's bytes."""

    def __init__(self):
        # constant_memory writes each row to a temporary file once the next row starts: rows
        # must be written top to bottom, which every report here does.
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self.book = xlsxwriter.Workbook(
            self._file, {"constant_memory": True, "tmpdir": tempfile.gettempdir()}
        )
        self.bold = self.book.add_format({"bold": True})
        self.title = self.book.add_format({"bold": True, "font_size": 13})
        self.head = self.book.add_format(
            {"bold": True, "border": 1, "bg_color": "#DCEBE1", "text_wrap": True}
        )
        self.money = self.book.add_format({"num_format": "#,##0"})
        self.date = self.book.add_format({"num_format": "dd/mm/yyyy"})
        self.total = self.book.add_format({"bold": True, "top": 1, "num_format": "#,##0"})

    def lembar(self, nama: str, *, kepala: list, kolom, lebar=None, teks=()) -> "Lembar":
        return Lembar(self, nama[:31], kepala, kolom, lebar, teks)

    def close(self) -> bytes:
        handle = self.berkas()
        data = handle.read()
        handle.close()
        return data

    def berkas(self):
        """The finished file, open at its start, for a response to stream and close (an
        export of any size without holding the document in memory)."""
        self.book.close()
        self._file.seek(0)
        return self._file


class Lembar:
    def __init__(self, buku: Buku, nama, kepala, kolom, lebar, teks=()):
        self.buku = buku
        self.sheet = buku.book.add_worksheet(nama)
        for index, width in enumerate(lebar or []):
            self.sheet.set_column(index, index, width)
        for row, line in enumerate(kepala):
            if isinstance(line, tuple):
                # An identity line: its label, then its value in the next column.
                self.sheet.write_string(row, 0, str(line[0]), buku.bold)
                self._cell(row, 1, line[1])
            else:
                self.sheet.write_string(row, 0, line, buku.title if row == 1 else buku.bold)
        self.row = len(kepala)
        for line in teks:
            self.row += 1
            self.sheet.write_string(self.row, 0, line)
        if kepala or teks:
            self.row += 1  # a blank line before the header; a bare table starts on row 0
        if kolom:
            self.sheet.write_row(self.row, 0, list(kolom), buku.head)
            self.sheet.freeze_panes(self.row + 1, 0)
        self.header_row = self.row
        self.count = 0

    def tulis(self, values) -> None:
        self.row += 1
        self.count += 1
        row, write_string, cell = self.row, self.sheet.write_string, self._cell
        for col, value in enumerate(values):
            # Text first and directly: most cells of a large list are text (the per-cell
            # dispatch was a third of a 100k-row export); an empty one is left empty.
            if type(value) is str:
                if value:
                    write_string(row, col, value)
            else:
                cell(row, col, value)

    def _cell(self, row, col, value, fmt=None):
        sheet, buku = self.sheet, self.buku
        if value is None or (value == "" and fmt is None):
            # A blank cell without a format is no cell at all in the file (XlsxWriter's rule).
            sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            sheet.write_string(row, col, "Ya" if value else "Tidak", fmt)
        elif isinstance(value, int | float):
            sheet.write_number(row, col, value, fmt or buku.money)
        elif isinstance(value, datetime.datetime):
            sheet.write_datetime(row, col, value.replace(tzinfo=None), fmt or buku.date)
        elif isinstance(value, datetime.date):
            sheet.write_datetime(
                row, col, datetime.datetime.combine(value, datetime.time()), fmt or buku.date
            )
        else:
            sheet.write_string(row, col, str(value), fmt)

    def jumlah(self, values) -> None:
        """A totals row (bold), not counted as a data row."""
        self.row += 1
        for col, value in enumerate(values):
            self._cell(self.row, col, value, self.buku.total)

    def penutup(self, lines=(), *, hitung: bool = True) -> None:
        """The row count (unless `hitung` is false), then any closing lines (notes, signature)."""
        self.row += 1
        if hitung:
            self.row += 1
            self.sheet.write_string(self.row, 0, f"Jumlah baris: {self.count}", self.buku.bold)
        for text in lines:
            self.row += 1
            self.sheet.write_string(self.row, 0, text)
