"""A document's content (`Isi`: title, period, scope, identity lines, sections of rows or text,
signatures) written as PDF or XLSX through the shared layouts of pdf.py and xlsx.py. Every
report of `laporan` and the documents of other apps (monthly TKSK/PSM report, cash book,
attendance list) go through here, so all carry the letterhead, page numbers, period, scope,
time made and row count the same way. Rows may come from a generator, so a large section is
streamed into the XLSX without being held in memory."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import formats, timezone, translation

from .pdf import Dokumen, Gambar, Penandatangan
from .xlsx import Buku

__all__ = ["Bagian", "Gambar", "Isi", "Penandatangan", "to_pdf", "to_xlsx"]


@dataclass
class Bagian:
    """One section: a table (`kolom` and `baris`), or text alone when `kolom` is empty."""

    judul: str
    kolom: list[str]
    baris: Iterable[tuple]
    lebar_pdf: tuple | None = None
    rata: tuple | None = None
    lebar_xlsx: tuple | None = None
    # Totals row(s), computed by the caller (rows of a generator are not kept here); a single
    # tuple or a list of them. Bold, after the data, not counted as data rows.
    jumlah: tuple | list | None = None
    catatan: list[str] = field(default_factory=list)
    # Estimated number of rows, for progress only.
    perkiraan: int = 0
    # Paragraphs before the table (or the whole section when there is no table).
    teks: list[str] = field(default_factory=list)
    # Said under the table when it has no row.
    kosong: str = ""
    # Pictures: the PDF shows them (with captions) instead of the table; the XLSX lists rows.
    gambar: list[Gambar] = field(default_factory=list)

    def baris_jumlah(self) -> list[tuple]:
        if self.jumlah is None:
            return []
        return [self.jumlah] if isinstance(self.jumlah, tuple) else list(self.jumlah)


@dataclass
class Isi:
    judul: str
    periode: str
    wilayah: str
    kop: object
    bagian: list[Bagian]
    catatan: list[str] = field(default_factory=list)
    dibuat: object = field(default_factory=timezone.now)
    landscape: bool = False
    # (label, value) lines under the title: whose document it is (name, task area, status...).
    identitas: list[tuple[str, str]] = field(default_factory=list)
    # Who signs; None = the office's official from the letterhead, dated today.
    tanda_tangan: list[Penandatangan] | None = None

    def keterangan(self) -> list[str]:
        with translation.override("id"):
            dibuat = formats.date_format(timezone.localtime(self.dibuat), "j F Y H.i")
        return [
            f"Wilayah: {self.wilayah}",
            f"Periode: {self.periode}",
            f"Dibuat: {dibuat} WIB",
        ]

    def tempat_tanggal(self) -> str:
        with translation.override("id"):
            tanggal = formats.date_format(timezone.localdate(self.dibuat), "j F Y")
        return f"{self.kop.kota or '........'}, {tanggal}"

    def penandatangan(self) -> list[Penandatangan]:
        if self.tanda_tangan is not None:
            return self.tanda_tangan
        return [Penandatangan.dari_kop(self.kop, self.tempat_tanggal())]


Progress = Callable[[int, str], None]


def _noop(pct: int, pesan: str) -> None:
    return None


def _counted(rows, progress: Progress, start: int, span: int, perkiraan: int, label: str):
    """Pass rows through, reporting progress every 500 rows."""
    for n, row in enumerate(rows, start=1):
        if n % 500 == 0:
            share = min(1.0, n / perkiraan) if perkiraan else 0.5
            progress(start + int(span * share), f"{label}: {n} baris")
        yield row


def to_pdf(isi: Isi, progress: Progress = _noop) -> tuple[bytes, int]:
    """The PDF and its number of data rows."""
    pdf = Dokumen(
        footer=f"{isi.judul} - {isi.wilayah} - {isi.periode}",
        orientation="L" if isi.landscape else "P",
    )
    pdf.set_title(isi.judul)
    pdf.add_page()
    pdf.kop(isi.kop)
    pdf.judul(isi.judul, isi.keterangan())
    if isi.identitas:
        pdf.butir(isi.identitas)
        pdf.ln(2)
    total = 0
    span = 90 // max(1, len(isi.bagian))
    for index, bagian in enumerate(isi.bagian):
        pdf.subjudul(bagian.judul)
        for paragraph in bagian.teks:
            pdf.line_text(paragraph)
        if bagian.gambar:
            pdf.foto(bagian.gambar)
            total += len(bagian.gambar)
        elif bagian.kolom:
            rows = _counted(
                bagian.baris, progress, index * span, span, bagian.perkiraan, bagian.judul
            )
            n = pdf.tabel(
                bagian.kolom,
                rows,
                lebar=bagian.lebar_pdf,
                rata=bagian.rata,
                jumlah=bagian.baris_jumlah(),
            )
            total += n
            if not n and bagian.kosong:
                pdf.line_text(bagian.kosong, size=9)
            pdf.line_text(f"Jumlah baris: {n}", size=8, style="I")
        for line in bagian.catatan:
            pdf.line_text(line, size=8)
    for line in isi.catatan:
        pdf.line_text(line, size=8)
    pdf.tanda_tangan(isi.penandatangan())
    progress(95, "Menyimpan PDF")
    return pdf.hasil(), total


def to_xlsx(isi: Isi, progress: Progress = _noop) -> tuple[bytes, int]:
    """The XLSX (one sheet per table; a text-only section is written on the sheet before it,
    or on its own when it comes first) and its number of data rows."""
    buku = Buku()
    kepala = [
        f"{isi.kop.nama_instansi.upper()} {isi.kop.pemerintah.upper()}",
        isi.judul.upper(),
        *isi.keterangan(),
        *isi.identitas,
    ]
    total = 0
    span = 90 // max(1, len(isi.bagian))
    used = set()
    lembar = None
    for index, bagian in enumerate(isi.bagian):
        if not bagian.kolom and lembar is not None:
            lembar.penutup([bagian.judul, *bagian.teks, *bagian.catatan], hitung=False)
            continue
        nama = _sheet_name(bagian.judul, used)
        lembar = buku.lembar(
            nama, kepala=kepala, kolom=bagian.kolom, lebar=bagian.lebar_xlsx, teks=bagian.teks
        )
        for row in _counted(
            bagian.baris, progress, index * span, span, bagian.perkiraan, bagian.judul
        ):
            lembar.tulis(row)
        for row in bagian.baris_jumlah():
            lembar.jumlah(row)
        lembar.penutup(bagian.catatan, hitung=bool(bagian.kolom))
        total += lembar.count
    if lembar is None:
        lembar = buku.lembar(_sheet_name(isi.judul, used), kepala=kepala, kolom=[])
    penutup = [*isi.catatan, ""]
    for blok in isi.penandatangan():
        penutup += [*blok.baris(), ""]
    lembar.penutup(penutup, hitung=False)
    progress(95, "Menyimpan XLSX")
    return buku.close(), total


def _sheet_name(judul: str, used: set) -> str:
    base = "".join(c for c in judul if c not in "[]:*?/\\")[:28] or "Data"
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base[:26]} {n}", n + 1
    used.add(name.lower())
    return name
