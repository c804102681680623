"""The one way Wahana lays out a PDF document (fpdf2, pure Python, built-in Helvetica): the
office letterhead, the title block (period, scope, when made), label/value lines, tables whose
header row repeats on every page, a row-count line, photo grids, one or two signature blocks,
and "Halaman n dari N" on every page. Reports (render.py) and the letters and certificates of
other apps are all laid out here."""

import datetime
import io
import logging
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

logger = logging.getLogger(__name__)

# Helvetica covers Latin-1 only (Indonesian needs nothing beyond it); typographic marks fold.
_FOLD = str.maketrans(
    {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "-", "·": "-"}
)
HEADING = FontFace(emphasis="BOLD", fill_color=(220, 235, 225))


def latin1(text) -> str:
    return (
        str("" if text is None else text)
        .translate(_FOLD)
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


@dataclass
class Penandatangan:
    """One signature block: the line above (place and date, or "Mengetahui,"), the office held,
    the name (left blank for a hand-written one) and the NIP when there is one."""

    jabatan: str
    nama: str = ""
    nip: str = ""
    atas: str = ""

    @classmethod
    def dari_kop(cls, kop, tempat_tanggal: str = "") -> "Penandatangan":
        return cls(
            jabatan=kop.penandatangan_jabatan or "Kepala Dinas Sosial",
            nama=kop.penandatangan_nama,
            nip=kop.penandatangan_nip,
            atas=tempat_tanggal,
        )

    def baris(self) -> list[str]:
        """The block as plain lines (for a spreadsheet)."""
        lines = [self.atas, self.jabatan, self.nama or "(.............................)"]
        return [*lines, f"NIP. {self.nip}"] if self.nip else lines


@dataclass
class Gambar:
    """A stored picture (a Berkas) with its caption, for a photo grid."""

    berkas: object
    keterangan: str = ""


def _bytes_of(berkas) -> io.BytesIO | None:
    """The stored file's content, or None when it cannot be read (a document still comes out)."""
    try:
        with berkas.berkas.open("rb") as handle:
            return io.BytesIO(handle.read())
    except (OSError, ValueError, RuntimeError):
        logger.warning("berkas %s tidak dapat dibaca", getattr(berkas, "pk", None))
        return None


class Dokumen(FPDF):
    """An A4 page set: `kop` lines on the first page, footer (text and page n of N) on every
    page unless `nomor_halaman=False` (a certificate)."""

    def __init__(self, *, footer: str = "", orientation: str = "P", nomor_halaman: bool = True):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.footer_text = footer
        self.nomor_halaman = nomor_halaman
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=16)
        self.alias_nb_pages()
        self.set_font("Helvetica", size=10)

    def footer(self):
        if not self.nomor_halaman:
            return
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
            data = _bytes_of(kop.logo)
            if data is not None:
                self.image(data, x=self.l_margin, y=top, h=22)
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

    def butir(self, rows, *, lebar_label: float = 35, size: float = 10) -> None:
        """Label : value lines (a letter's Nomor/Perihal, a report's identity block)."""
        for label, value in rows:
            self.set_font("Helvetica", size=size)
            self.cell(lebar_label, 5.5, latin1(label))
            self.cell(4, 5.5, ":")
            self.multi_cell(0, 5.5, latin1(teks(value)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def tabel(self, kolom, baris, *, lebar=None, rata=None, jumlah=(), size=8) -> int:
        """A table with its header row repeated on each page; the `jumlah` rows (totals) are
        bold and not counted. Answers the number of data rows written."""
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
                table.row([latin1(teks(v)) for v in row])
                n += 1
            for row in jumlah:
                table.row([latin1(teks(v)) for v in row], style=FontFace(emphasis="BOLD"))
        return n

    def foto(self, gambar: list[Gambar], *, tinggi: float = 60) -> None:
        """Pictures two to a row, each with its caption; an unreadable file leaves an empty
        frame (the caption still says what it was)."""
        box_w, gap = (self.epw - 6) / 2, 6
        for index, item in enumerate(gambar):
            column = index % 2
            if column == 0 and self.get_y() + tinggi + 10 > self.page_break_trigger:
                self.add_page()
            x = self.l_margin + column * (box_w + gap)
            y = self.get_y()
            data = _bytes_of(item.berkas)
            if data is not None:
                self.image(data, x=x, y=y, w=box_w, h=tinggi, keep_aspect_ratio=True)
            else:
                self.rect(x, y, box_w, tinggi)
            self.set_font("Helvetica", size=8)
            self.set_xy(x, y + tinggi + 1)
            self.cell(box_w, 5, latin1(item.keterangan)[:80], align="C")
            if column == 1 or index == len(gambar) - 1:
                self.set_xy(self.l_margin, y + tinggi + 8)

    def tanda_tangan(self, penandatangan: list[Penandatangan], *, size: float = 10) -> None:
        """One block on the right half, or several side by side."""
        if not penandatangan:
            return
        if self.will_page_break(45):
            self.add_page()
        self.ln(6)
        n = len(penandatangan)
        width = self.epw / 2 if n == 1 else self.epw / n
        xs = (
            [self.l_margin + self.epw / 2]
            if n == 1
            else [self.l_margin + i * width for i in range(n)]
        )
        align = "L" if n == 1 else "C"
        top = self.get_y()
        bottom = top
        for x, blok in zip(xs, penandatangan, strict=True):
            self.set_xy(x, top)
            for text in (blok.atas, blok.jabatan):
                self.set_x(x)
                self.set_font("Helvetica", size=size)
                self.multi_cell(
                    width, 5, latin1(text), align=align, new_x=XPos.LEFT, new_y=YPos.NEXT
                )
            self.ln(16)
            self.set_x(x)
            self.set_font("Helvetica", style="BU" if blok.nama else "", size=size)
            self.multi_cell(
                width,
                5,
                latin1(blok.nama or "(.............................)"),
                align=align,
                new_x=XPos.LEFT,
                new_y=YPos.NEXT,
            )
            if blok.nip:
                self.set_x(x)
                self.set_font("Helvetica", size=size)
                self.multi_cell(
                    width,
                    5,
                    latin1(f"NIP. {blok.nip}"),
                    align=align,
                    new_x=XPos.LEFT,
                    new_y=YPos.NEXT,
                )
            bottom = max(bottom, self.get_y())
        self.set_xy(self.l_margin, bottom)

    def hasil(self) -> bytes:
        return bytes(self.output())


def teks(value) -> str:
    """A cell as Indonesians write it: 1.250.000, 05/09/2026, Ya/Tidak, '-' for nothing."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H.%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)
