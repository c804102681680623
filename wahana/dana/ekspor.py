"""The cash book of one month as a document, XLSX and PDF, laid out by the shared report layer
(wahana/laporan/render.py): letterhead, page numbers, period, scope, time made and row count
as on every report; the bendahara and the ketua sign it."""

from django.utils import translation

from wahana.laporan.kop import kop_for
from wahana.laporan.render import Bagian, Isi, Penandatangan, to_pdf, to_xlsx

from .selectors import BukuBulan, pengurus_penandatangan

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
KOLOM = ["No", "Tanggal", "Uraian", "Kategori", "Penerimaan", "Pengeluaran", "Saldo"]


def nama_bulan(buku: BukuBulan) -> str:
    return f"{BULAN[buku.bulan.month - 1]} {buku.bulan.year}"


def nama_file(buku: BukuBulan, ext: str) -> str:
    return f"buku-kas-{buku.wksbm.kode_wilayah}-{buku.bulan:%Y-%m}.{ext}"


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


def isi(buku: BukuBulan, penandatangan: dict | None = None) -> Isi:
    """The book's content: the opening balance (an identity line), the entries, the month's
    totals and closing balance (totals rows, not counted), its closing status, and the two
    signatures."""
    penandatangan = pengurus_penandatangan(buku.wksbm) if penandatangan is None else penandatangan
    catatan = [f"Status bulan: {buku.tutup.get_status_display()}"] if buku.tutup else []
    return Isi(
        judul="Buku Kas WKSBM",
        periode=f"Bulan {nama_bulan(buku)}",
        wilayah=_wilayah(buku),
        kop=kop_for(buku.wksbm.kode_wilayah),
        identitas=[("WKSBM", buku.wksbm.nama), ("Saldo awal (Rp)", buku.saldo_awal)],
        bagian=[
            Bagian(
                "Buku kas",
                KOLOM,
                rows(buku),
                lebar_pdf=(9, 19, 58, 30, 22, 22, 22),
                rata=("RIGHT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"),
                lebar_xlsx=(6, 12, 44, 22, 15, 15, 15),
                jumlah=[
                    ("", "", "Jumlah", "", buku.total_masuk, buku.total_keluar, None),
                    ("", "", "Saldo akhir", "", None, None, buku.saldo_akhir),
                ],
                catatan=catatan,
            )
        ],
        tanda_tangan=[
            Penandatangan(
                atas="Dibuat oleh,", jabatan="Bendahara", nama=penandatangan["bendahara"]
            ),
            Penandatangan(atas="Mengetahui,", jabatan="Ketua", nama=penandatangan["ketua"]),
        ],
    )


def buku_xlsx(buku: BukuBulan, penandatangan: dict | None = None) -> bytes:
    return to_xlsx(isi(buku, penandatangan))[0]


def buku_pdf(buku: BukuBulan, penandatangan: dict | None = None) -> bytes:
    return to_pdf(isi(buku, penandatangan))[0]
