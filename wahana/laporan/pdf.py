"""The one way Wahana lays out a PDF report (fpdf2, pure Python, built-in Helvetica): the
office letterhead, the title block (period, scope, when made), tables whose header row repeats
on every page, a row-count line, the signature block, and "Halaman n dari N" on every page."""

import io
import logging

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

logger = logging.getLogger(__name__)

# Helvetica covers Latin-1 only (Indonesian needs nothing beyond it); typographic marks fold.
_FOLD = str.maketrans(
    {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "-"}
)
HEADING = FontFace(emphasis="BOLD", fill_color=(220, 235, 225))


def latin1(text) -> str:
    return (
        str("" if text is None else text)
        .translate(_FOLD)
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


class Dokumen(FPDF):
    """An A4 report page set: `kop` lines on the first page, footer on every page."""

    def __init__(self, *, footer: str = "", orientation: str = "P"):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.footer_text = footer
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=16)
        self.alias_nb_pages()
        self.set_font("Helvetica", size=10)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "I", 8)
        self.cell(self.epw / 2, 5, latin1(self.footer_text), align="L")
        self.cell(self.epw / 2, 5, f"Halaman {self.page_no()} dari {{nb}}", align="R")

    def line_text(self, text, *, size=10, style="", align="L", height=5):
        self.set_font("Helvetica", style=style, size=size)
        self.multi_cell(0, height, latin1(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def kop(self, kop) -> None:
        """The letterhead: logo (when configured and readable), government, office, address."""
        top = self.get_y()
        if kop.logo is not None:
            try:
                with kop.logo.berkas.open("rb") as handle:
                    self.image(io.BytesIO(handle.read()), x=self.l_margin, y=top, h=22)
            except (OSError, ValueError, RuntimeError):
                # A missing logo file must not stop a report.
                logger.warning("logo kop %s tidak dapat dibaca", kop.logo_id)
        self.line_text(kop.pemerintah.upper(), size=12, style="B", align="C", height=6)
        self.line_text(kop.nama_instansi.upper(), size=14, style="B", align="C", height=7)
        if kop.alamat:
            self.line_text(kop.alamat, size=9, align="C")
        self.set_y(max(self.get_y(), top + 23))
        self.set_line_width(0.7)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.set_line_width(0.2)
        self.ln(4)

    def judul(self, judul: str, keterangan: list[str]) -> None:
        self.line_text(judul.upper(), size=12, style="B", align="C", height=6)
        for line in keterangan:
            self.line_text(line, size=9, align="C")
        self.ln(3)

    def subjudul(self, text: str) -> None:
        if self.will_page_break(20):
            self.add_page()
        self.ln(2)
        self.line_text(text, size=10.5, style="B", height=6)

    def tabel(self, kolom, baris, *, lebar=None, rata=None, jumlah=None, size=8) -> int:
        """A table with its header row repeated on each page; `jumlah` (a totals row) is bold.
        Answers the number of data rows written."""
        self.set_font("Helvetica", size=size)
        n = 0
        with self.table(
            col_widths=lebar,
            text_align=rata or "LEFT",
            headings_style=HEADING,
            line_height=4.6,
            repeat_headings=1,
        ) as table:
            table.row([latin1(k) for k in kolom])
            for row in baris:
                table.row([latin1(_teks(v)) for v in row])
                n += 1
            if jumlah is not None:
                table.row([latin1(_teks(v)) for v in jumlah], style=FontFace(emphasis="BOLD"))
        return n

    def tanda_tangan(self, kop, tempat_tanggal: str) -> None:
        if self.will_page_break(45):
            self.add_page()
        self.ln(6)
        x = self.w / 2 + 10
        lines = [tempat_tanggal, kop.penandatangan_jabatan or "Kepala Dinas Sosial"]
        for text in lines:
            self.set_x(x)
            self.line_text(text, size=10)
        self.ln(16)
        self.set_x(x)
        self.line_text(kop.penandatangan_nama or "(.............................)", style="BU")
        if kop.penandatangan_nip:
            self.set_x(x)
            self.line_text(f"NIP. {kop.penandatangan_nip}")

    def hasil(self) -> bytes:
        return bytes(self.output())


def _teks(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)
