"""The monthly report as a document: PDF (fpdf2) and XLSX (XlsxWriter), both pure Python."""

import datetime
import io
import logging

import xlsxwriter
from django.utils import formats, timezone, translation
from fpdf import FPDF
from fpdf.fonts import FontFace

from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah

from .models import LaporanBulanan, Pendamping
from .selectors import laporan_baris, laporan_foto

logger = logging.getLogger(__name__)

# The PDF uses the built-in Helvetica (no font file to ship); it covers Latin-1 only.
_GANTI = {"\u2014": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}


def _latin1(text) -> str:
    text = "" if text is None else str(text)
    for old, new in _GANTI.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def _tanggal(value, fmt: str = "DATE_FORMAT") -> str:
    # Official documents are in Indonesian whatever the reader's interface language.
    with translation.override("id"):
        return formats.date_format(value, fmt)


def _kabupaten(laporan: LaporanBulanan) -> str:
    kode = ".".join(laporan.wilayah_id.split(".")[:2])
    wilayah = Wilayah.objects.filter(kode=kode).first()
    return wilayah.nama if wilayah else kode


def judul(laporan: LaporanBulanan) -> str:
    return f"LAPORAN BULANAN {laporan.pendamping.get_jenis_display().upper()}"


def _wilayah_tugas(laporan: LaporanBulanan) -> str:
    wilayah = laporan.wilayah
    if kodelib.tingkat(wilayah.kode) == kodelib.TINGKAT_DESA:
        return f"{wilayah.get_jenis_display()} {wilayah.nama}, Kecamatan {wilayah.induk.nama}"
    return f"{wilayah.get_jenis_display()} {wilayah.nama}"


def header_rows(laporan: LaporanBulanan) -> list[tuple[str, str]]:
    pendamping = laporan.pendamping
    status = laporan.get_status_display()
    if laporan.versi > 1:
        status += f" (perubahan ke-{laporan.versi - 1})"
    return [
        ("Nama", pendamping.nama),
        ("Nomor anggota", pendamping.nomor_anggota or "-"),
        ("Wilayah tugas", _wilayah_tugas(laporan)),
        ("Bulan", _tanggal(laporan.bulan, "YEAR_MONTH_FORMAT")),
        ("Status", status),
    ]


def _jabatan(laporan: LaporanBulanan) -> str:
    pendamping = laporan.pendamping
    if pendamping.jenis == Pendamping.Jenis.TKSK:
        return f"TKSK Kecamatan {laporan.wilayah.nama}"
    return f"{pendamping.get_jenis_display()} {laporan.wilayah.nama}"


class _Pdf(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=18)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 5, _latin1(self.footer_text), align="L")
        self.cell(0, 5, f"Halaman {self.page_no()}/{{nb}}", align="R")


def laporan_pdf(laporan: LaporanBulanan) -> bytes:
    baris = laporan_baris(laporan)
    kabupaten = _kabupaten(laporan)
    pdf = _Pdf(f"{judul(laporan)} - {laporan.pendamping.nama} - {laporan.bulan:%m/%Y}")
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.epw

    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(
        width,
        7,
        _latin1(f"DINAS SOSIAL {kabupaten.upper()}"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(width, 8, _latin1(judul(laporan)), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.l_margin + width, pdf.get_y() + 1)
    pdf.set_line_width(0.2)
    pdf.ln(5)

    pdf.set_font("Helvetica", "", 10)
    with pdf.table(
        col_widths=(35, width - 35), first_row_as_headings=False, line_height=6
    ) as table:
        for label, value in header_rows(laporan):
            row = table.row()
            row.cell(_latin1(label), style=FontFace(emphasis="BOLD"))
            row.cell(_latin1(value))
    pdf.ln(4)

    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(width, 7, "A. Kegiatan", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    heading = FontFace(emphasis="BOLD", fill_color=(220, 235, 225))
    with pdf.table(
        col_widths=(8, 22, 38, 56, 46),
        headings_style=heading,
        line_height=5,
        repeat_headings=1,
        text_align=("CENTER", "LEFT", "LEFT", "LEFT", "LEFT"),
    ) as table:
        table.row(["No", "Tanggal", "Tempat", "Kegiatan", "Permasalahan"])
        for nomor, row in enumerate(baris, start=1):
            table.row(
                [
                    str(nomor),
                    row.tanggal.strftime("%d/%m/%Y"),
                    _latin1(row.tempat),
                    _latin1(row.kegiatan),
                    _latin1(row.masalah or "-"),
                ]
            )
    if not baris:
        pdf.cell(
            width, 6, "Tidak ada kegiatan tercatat pada bulan ini.", new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(4)

    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(width, 7, "B. Ringkasan", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(width, 5, _latin1(laporan.ringkasan or "-"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    fotos = laporan_foto(laporan, baris)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(width, 7, "C. Dokumentasi Foto", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    if not fotos:
        pdf.cell(width, 6, "Tidak ada foto.", new_x="LMARGIN", new_y="NEXT")
    _photos(pdf, fotos, width)

    _signatures(pdf, laporan, kabupaten, width)
    return bytes(pdf.output())


def _photos(pdf: FPDF, fotos, width: float) -> None:
    box_w, box_h, gap = (width - 6) / 2, 60, 6
    for index, foto in enumerate(fotos):
        column = index % 2
        if column == 0 and pdf.get_y() + box_h + 10 > pdf.page_break_trigger:
            pdf.add_page()
        x = pdf.l_margin + column * (box_w + gap)
        y = pdf.get_y()
        try:
            with foto.berkas.berkas.open("rb") as handle:
                data = io.BytesIO(handle.read())
            pdf.image(data, x=x, y=y, w=box_w, h=box_h, keep_aspect_ratio=True)
        except (OSError, ValueError, RuntimeError):
            # A missing or unreadable file must not stop the report; the caption says so.
            logger.warning("foto %s tidak dapat dibaca", foto.berkas_id)
            pdf.rect(x, y, box_w, box_h)
        caption = f"{foto.kunjungan.tanggal:%d/%m/%Y} - {foto.kunjungan.wilayah.nama}"
        if foto.keterangan:
            caption += f": {foto.keterangan}"
        pdf.set_xy(x, y + box_h + 1)
        pdf.cell(box_w, 5, _latin1(caption)[:80], align="C")
        if column == 1 or index == len(fotos) - 1:
            pdf.set_xy(pdf.l_margin, y + box_h + 8)


def _signatures(pdf: FPDF, laporan: LaporanBulanan, kabupaten: str, width: float) -> None:
    if pdf.get_y() + 50 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(8)
    tempat = kabupaten.removeprefix("Kabupaten ").removeprefix("Kota ")
    tanggal = timezone.localdate(laporan.diajukan_pada) if laporan.diajukan_pada else None
    half = width / 2
    pdf.set_font("Helvetica", "", 10)
    left = [
        "Mengetahui,",
        f"Kepala Dinas Sosial {kabupaten}",
        "",
        "",
        "",
        "(.................................)",
    ]
    right = [
        f"{tempat}, {_tanggal(tanggal) if tanggal else '.................'}",
        _jabatan(laporan),
        "",
        "",
        "",
        f"({laporan.pendamping.nama})",
    ]
    x0 = pdf.l_margin
    for a, b in zip(left, right, strict=True):
        pdf.set_x(x0)
        pdf.cell(half, 5, _latin1(a), align="C")
        pdf.cell(half, 5, _latin1(b), align="C", new_x="LMARGIN", new_y="NEXT")


def laporan_xlsx(laporan: LaporanBulanan) -> bytes:
    baris = laporan_baris(laporan)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Laporan")
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#DCEBE1", "text_wrap": True})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    date = book.add_format({"border": 1, "num_format": "dd/mm/yyyy", "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 12)
    sheet.set_column(2, 2, 30)
    sheet.set_column(3, 4, 45)

    sheet.write(0, 0, f"DINAS SOSIAL {_kabupaten(laporan).upper()}", bold)
    sheet.write(1, 0, judul(laporan), title)
    row = 3
    for label, value in header_rows(laporan):
        sheet.write(row, 0, label, bold)
        sheet.write(row, 2, value)
        row += 1
    row += 1
    sheet.write_row(row, 0, ["No", "Tanggal", "Tempat", "Kegiatan", "Permasalahan"], head)
    sheet.freeze_panes(row + 1, 0)
    for nomor, item in enumerate(baris, start=1):
        row += 1
        sheet.write_number(row, 0, nomor, cell)
        sheet.write_datetime(row, 1, _as_datetime(item.tanggal), date)
        sheet.write_string(row, 2, item.tempat, cell)
        sheet.write_string(row, 3, item.kegiatan, cell)
        sheet.write_string(row, 4, item.masalah, cell)
    row += 2
    sheet.write(row, 0, "Ringkasan", bold)
    sheet.merge_range(row + 1, 0, row + 1, 4, laporan.ringkasan, wrap)

    fotos = book.add_worksheet("Foto")
    fotos.write_row(0, 0, ["Tanggal", "Tempat", "Keterangan", "Berkas"], head)
    for index, foto in enumerate(laporan_foto(laporan, baris), start=1):
        fotos.write_datetime(index, 0, _as_datetime(foto.kunjungan.tanggal), date)
        fotos.write_string(index, 1, foto.kunjungan.wilayah.nama, cell)
        fotos.write_string(index, 2, foto.keterangan, cell)
        fotos.write_string(index, 3, str(foto.berkas_id), cell)
    book.close()
    return out.getvalue()


def _as_datetime(value):
    return datetime.datetime.combine(value, datetime.time())


def nama_berkas(laporan: LaporanBulanan, ext: str) -> str:
    nama = "".join(c if c.isalnum() else "-" for c in laporan.pendamping.nama.lower()).strip("-")
    # The region code keeps namesakes apart (two PSM called alike in different villages).
    return (
        f"laporan-{laporan.pendamping.jenis}-{laporan.wilayah_id}-{nama}"
        f"-{laporan.bulan:%Y-%m}-v{laporan.versi}.{ext}"
    )
