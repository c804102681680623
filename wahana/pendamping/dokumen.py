"""The monthly report as a document, PDF and XLSX, laid out by the shared report layer
(wahana/laporan/render.py): the office letterhead, page numbers, period, task area, time made
and row count come from there, like every other report."""

from django.utils import formats, timezone, translation

from wahana.laporan.kop import kop_for
from wahana.laporan.render import Bagian, Gambar, Isi, Penandatangan, to_pdf, to_xlsx
from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah

from .models import LaporanBulanan, Pendamping
from .selectors import laporan_baris, laporan_foto

KOLOM = ["No", "Tanggal", "Tempat", "Kegiatan", "Permasalahan"]


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


def isi(laporan: LaporanBulanan) -> Isi:
    """The report's content: identity lines, activities, summary, photos, two signatures (the
    head of the Dinas acknowledges, the pendamping signs on the day the report was sent)."""
    baris = laporan_baris(laporan)
    fotos = laporan_foto(laporan, baris)
    kabupaten = _kabupaten(laporan)
    kop = kop_for(laporan.wilayah_id)
    tanggal = timezone.localdate(laporan.diajukan_pada) if laporan.diajukan_pada else None
    tempat = kop.kota or kabupaten.removeprefix("Kabupaten ").removeprefix("Kota ")
    foto_rows = [
        (f.kunjungan.tanggal, f.kunjungan.wilayah.nama, f.keterangan, str(f.berkas_id))
        for f in fotos
    ]
    return Isi(
        judul=judul(laporan),
        periode=_tanggal(laporan.bulan, "YEAR_MONTH_FORMAT"),
        wilayah=_wilayah_tugas(laporan),
        kop=kop,
        identitas=header_rows(laporan),
        bagian=[
            Bagian(
                "A. Kegiatan",
                KOLOM,
                [
                    (nomor, row.tanggal, row.tempat, row.kegiatan, row.masalah or "-")
                    for nomor, row in enumerate(baris, start=1)
                ],
                lebar_pdf=(8, 22, 38, 56, 46),
                rata=("CENTER", "LEFT", "LEFT", "LEFT", "LEFT"),
                lebar_xlsx=(5, 12, 30, 45, 45),
                kosong="Tidak ada kegiatan tercatat pada bulan ini.",
            ),
            Bagian("B. Ringkasan", [], [], teks=[laporan.ringkasan or "-"]),
            Bagian(
                "C. Dokumentasi Foto",
                ["Tanggal", "Tempat", "Keterangan", "Berkas"],
                foto_rows,
                lebar_xlsx=(12, 30, 45, 10),
                kosong="Tidak ada foto.",
                gambar=[
                    Gambar(
                        f.berkas,
                        f"{f.kunjungan.tanggal:%d/%m/%Y} - {f.kunjungan.wilayah.nama}"
                        + (f": {f.keterangan}" if f.keterangan else ""),
                    )
                    for f in fotos
                ],
            ),
        ],
        tanda_tangan=[
            Penandatangan(
                atas="Mengetahui,",
                jabatan=kop.penandatangan_jabatan or f"Kepala Dinas Sosial {kabupaten}",
                nama=kop.penandatangan_nama,
                nip=kop.penandatangan_nip,
            ),
            Penandatangan(
                atas=f"{tempat}, {_tanggal(tanggal) if tanggal else '.................'}",
                jabatan=_jabatan(laporan),
                nama=laporan.pendamping.nama,
            ),
        ],
    )


def laporan_pdf(laporan: LaporanBulanan) -> bytes:
    return to_pdf(isi(laporan))[0]


def laporan_xlsx(laporan: LaporanBulanan) -> bytes:
    return to_xlsx(isi(laporan))[0]


def nama_berkas(laporan: LaporanBulanan, ext: str) -> str:
    nama = "".join(c if c.isalnum() else "-" for c in laporan.pendamping.nama.lower()).strip("-")
    # The region code keeps namesakes apart (two PSM called alike in different villages).
    return (
        f"laporan-{laporan.pendamping.jenis}-{laporan.wilayah_id}-{nama}"
        f"-{laporan.bulan:%Y-%m}-v{laporan.versi}.{ext}"
    )
