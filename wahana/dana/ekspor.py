"""The cash book of one month as a document: XLSX (XlsxWriter) and PDF (fpdf2, A4)."""

import io

import xlsxwriter
from django.utils import formats, translation
from fpdf import FPDF
from fpdf.fonts import FontFace

from .selectors import BukuBulan

BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
KOLOM = ("No", "Tanggal", "Uraian", "Kategori", "Penerimaan", "Pengeluaran", "Saldo")
# The PDF uses the built-in Helvetica (no font file to ship); it covers Latin-1 only.
_GANTI = {"\u2014": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}


def nama_bulan(buku: BukuBulan) -> str:
    return f"{BULAN[buku.bulan.month - 1]} {buku.bulan.year}"


def nama_file(buku: BukuBulan, ext: str) -> str:
    return f"buku-kas-{buku.wksbm.kode_wilayah}-{buku.bulan:%Y-%m}.{ext}"


def _tanggal(value) -> str:
    # Documents are in Indonesian whatever the reader's interface language.
    with translation.override("id"):
        return formats.date_format(value, "d/m/Y")


def _rp(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _latin1(text) -> str:
    text = "" if text is None else str(text)
    for old, new in _GANTI.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def _wilayah(buku: BukuBulan) -> str:
    wilayah = buku.wksbm.wilayah
    induk = wilayah.induk
    teks = f"{wilayah.get_jenis_display()} {wilayah.nama}"
    return f"{teks}, Kecamatan {induk.nama}" if induk and wilayah.tingkat == 4 else teks


def rows(buku: BukuBulan) -> list[tuple]:
    """(no, date, description, category, in, out, balance) in the book's order."""
    with translation.override("id"):
        return [
            (
                e.urutan,
                e.tanggal,
                e.uraian,
                str(e.kategori) + (" (koreksi)" if e.membalik_id else ""),
                e.masuk,
                e.keluar,
                e.saldo_setelah,
            )
            for e in buku.entri
        ]


def buku_xlsx(buku: BukuBulan) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Buku kas")
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 13})
    money = book.add_format({"num_format": "#,##0"})
    money_bold = book.add_format({"num_format": "#,##0", "bold": True, "top": 1})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    head = book.add_format({"bold": True, "bg_color": "#E6F2EE", "border": 1})
    sheet.write(0, 0, "BUKU KAS WKSBM", title)
    sheet.write(1, 0, buku.wksbm.nama, bold)
    sheet.write(2, 0, _wilayah(buku))
    sheet.write(3, 0, f"Bulan {nama_bulan(buku)}")
    sheet.write(5, 0, "Saldo awal", bold)
    sheet.write_number(5, 6, buku.saldo_awal, money)
    sheet.write_row(6, 0, KOLOM, head)
    r = 7
    for no, tanggal, uraian, kategori, masuk, keluar, saldo in rows(buku):
        sheet.write_number(r, 0, no)
        sheet.write_datetime(r, 1, tanggal, date)
        sheet.write(r, 2, uraian)
        sheet.write(r, 3, kategori)
        sheet.write_number(r, 4, masuk, money)
        sheet.write_number(r, 5, keluar, money)
        sheet.write_number(r, 6, saldo, money)
        r += 1
    sheet.write(r, 0, "Jumlah", bold)
    sheet.write_number(r, 4, buku.total_masuk, money_bold)
    sheet.write_number(r, 5, buku.total_keluar, money_bold)
    sheet.write(r + 1, 0, "Saldo akhir", bold)
    sheet.write_number(r + 1, 6, buku.saldo_akhir, money_bold)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 12)
    sheet.set_column(2, 2, 44)
    sheet.set_column(3, 3, 22)
    sheet.set_column(4, 6, 15)
    book.close()
    return out.getvalue()


def buku_pdf(buku: BukuBulan, penandatangan: dict) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(f"Buku kas {buku.wksbm.nama} {nama_bulan(buku)}"))
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, "BUKU KAS WKSBM", new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("Helvetica", "", 10)
    for line in (buku.wksbm.nama, _wilayah(buku), f"Bulan {nama_bulan(buku)}"):
        pdf.cell(0, 5, _latin1(line), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 8.5)
    widths = (9, 19, 58, 30, 22, 22, 22)
    align = ("R", "L", "L", "L", "R", "R", "R")
    with pdf.table(
        col_widths=widths,
        text_align=align,
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 242, 238)),
        line_height=5,
    ) as table:
        table.row(KOLOM)
        table.row(["", "", "Saldo awal", "", "", "", _rp(buku.saldo_awal)])
        for no, tanggal, uraian, kategori, masuk, keluar, saldo in rows(buku):
            table.row(
                [
                    str(no),
                    _tanggal(tanggal),
                    _latin1(uraian),
                    _latin1(kategori),
                    _rp(masuk) if masuk else "",
                    _rp(keluar) if keluar else "",
                    _rp(saldo),
                ]
            )
        table.row(
            ["", "", "Jumlah", "", _rp(buku.total_masuk), _rp(buku.total_keluar), ""],
            style=FontFace(emphasis="BOLD"),
        )
        table.row(
            ["", "", "Saldo akhir", "", "", "", _rp(buku.saldo_akhir)],
            style=FontFace(emphasis="BOLD"),
        )
    if buku.tutup:
        pdf.ln(2)
        status = buku.tutup.get_status_display()
        pdf.cell(0, 5, _latin1(f"Status bulan: {status}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    if pdf.will_page_break(40):
        pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    half = (pdf.w - 30) / 2
    y = pdf.get_y()
    for i, (jabatan, nama) in enumerate(
        (("Bendahara", penandatangan.get("bendahara")), ("Ketua", penandatangan.get("ketua")))
    ):
        x = 15 + i * half
        pdf.set_xy(x, y)
        pdf.cell(half, 5, "Mengetahui," if jabatan == "Ketua" else "Dibuat oleh,", align="C")
        pdf.set_xy(x, y + 5)
        pdf.cell(half, 5, jabatan, align="C")
        pdf.set_xy(x, y + 28)
        pdf.cell(half, 5, _latin1(f"( {nama or '.' * 30} )"), align="C")
    return bytes(pdf.output())
