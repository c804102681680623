"""A report's content (`Isi`: title, period, scope, sections of rows) written as PDF or XLSX
through the shared layouts of pdf.py and xlsx.py. Rows may come from a generator, so a large
section is streamed into the XLSX without being held in memory."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import formats, timezone, translation

from .pdf import Dokumen
from .xlsx import Buku


@dataclass
class Bagian:
    judul: str
    kolom: list[str]
    baris: Iterable[tuple]
    lebar_pdf: tuple | None = None
    rata: tuple | None = None
    lebar_xlsx: tuple | None = None
    # A totals row, computed by the caller (rows of a generator are not kept here).
    jumlah: tuple | None = None
    catatan: list[str] = field(default_factory=list)
    # Estimated number of rows, for progress only.
    perkiraan: int = 0


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
    pdf.add_page()
    pdf.kop(isi.kop)
    pdf.judul(isi.judul, isi.keterangan())
    total = 0
    span = 90 // max(1, len(isi.bagian))
    for index, bagian in enumerate(isi.bagian):
        pdf.subjudul(bagian.judul)
        rows = _counted(bagian.baris, progress, index * span, span, bagian.perkiraan, bagian.judul)
        n = pdf.tabel(
            bagian.kolom, rows, lebar=bagian.lebar_pdf, rata=bagian.rata, jumlah=bagian.jumlah
        )
        total += n
        pdf.line_text(f"Jumlah baris: {n}", size=8, style="I")
        for line in bagian.catatan:
            pdf.line_text(line, size=8)
    for line in isi.catatan:
        pdf.line_text(line, size=8)
    pdf.tanda_tangan(isi.kop, isi.tempat_tanggal())
    progress(95, "Menyimpan PDF")
    return pdf.hasil(), total


def to_xlsx(isi: Isi, progress: Progress = _noop) -> tuple[bytes, int]:
    """The XLSX (one sheet per section) and its number of data rows."""
    buku = Buku()
    kepala = [
        f"{isi.kop.nama_instansi.upper()} {isi.kop.pemerintah.upper()}",
        isi.judul.upper(),
        *isi.keterangan(),
    ]
    total = 0
    span = 90 // max(1, len(isi.bagian))
    used = set()
    for index, bagian in enumerate(isi.bagian):
        nama = _sheet_name(bagian.judul, used)
        lembar = buku.lembar(nama, kepala=kepala, kolom=bagian.kolom, lebar=bagian.lebar_xlsx)
        for row in _counted(
            bagian.baris, progress, index * span, span, bagian.perkiraan, bagian.judul
        ):
            lembar.tulis(row)
        if bagian.jumlah is not None:
            lembar.jumlah(bagian.jumlah)
        penutup = [*bagian.catatan]
        if index == len(isi.bagian) - 1:
            penutup += [
                *isi.catatan,
                "",
                isi.tempat_tanggal(),
                isi.kop.penandatangan_jabatan or "Kepala Dinas Sosial",
                isi.kop.penandatangan_nama or "",
                f"NIP. {isi.kop.penandatangan_nip}" if isi.kop.penandatangan_nip else "",
            ]
        lembar.penutup(penutup)
        total += lembar.count
    progress(95, "Menyimpan XLSX")
    return buku.close(), total


def _sheet_name(judul: str, used: set) -> str:
    base = "".join(c for c in judul if c not in "[]:*?/\\")[:28] or "Data"
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base[:26]} {n}", n + 1
    used.add(name.lower())
    return name
