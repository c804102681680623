"""Reports that other apps already lay out, gathered for a region and month into one ZIP: the
monthly TKSK/PSM reports (pendamping's builders), the cash books (dana's) and a bimtek's
attendance list and certificates (bimtek's). Nothing is laid out twice; each ZIP also carries a
daftar-isi table (render.py) that states how many documents it holds."""

import io
import zipfile

from django.db.models import Q

from wahana.akun.scope import region_q

from .isi import nama_bulan, nama_wilayah
from .kop import kop_for
from .render import Bagian, Isi, to_pdf, to_xlsx


def _zip(files, isi: Isi, fmt: str, progress) -> tuple[bytes, int]:
    out = io.BytesIO()
    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
            count += 1
        daftar, _n = (to_pdf if fmt == "pdf" else to_xlsx)(isi)
        archive.writestr(f"00-daftar-isi.{fmt}", daftar)
    progress(95, f"{count} dokumen dikemas")
    return out.getvalue(), count


def laporan_pendamping_zip(kode: str, bulan, fmt: str, progress) -> tuple[bytes, int]:
    from wahana.pendamping import dokumen
    from wahana.pendamping.models import LaporanBulanan

    laporan = list(
        LaporanBulanan.objects.filter(region_q(kode), bulan=bulan)
        .exclude(status=LaporanBulanan.Status.DRAFT)
        .select_related("pendamping", "wilayah__induk")
        .order_by("pendamping__jenis", "wilayah_id", "pendamping__nama", "-versi")
    )
    # The latest version of each pendamping's report.
    latest = {}
    for item in laporan:
        latest.setdefault(item.pendamping_id, item)
    rows, files = [], []
    for index, item in enumerate(latest.values(), start=1):
        build = dokumen.laporan_pdf if fmt == "pdf" else dokumen.laporan_xlsx
        files.append((dokumen.nama_berkas(item, fmt), build(item)))
        rows.append(
            (
                item.pendamping.get_jenis_display(),
                item.pendamping.nama,
                item.wilayah.nama,
                item.get_status_display(),
                item.versi,
            )
        )
        progress(int(90 * index / max(1, len(latest))), f"{index} dari {len(latest)} laporan")
    isi = Isi(
        judul="Daftar Laporan Bulanan TKSK/PSM",
        periode=nama_bulan(bulan),
        wilayah=nama_wilayah(kode),
        kop=kop_for(kode),
        bagian=[
            Bagian(
                "Laporan bulanan",
                ["Jenis", "Nama", "Wilayah tugas", "Status", "Versi"],
                rows,
                lebar_pdf=(20, 55, 45, 45, 15),
            )
        ],
        catatan=["Draf yang belum diajukan tidak disertakan."],
    )
    return _zip(files, isi, fmt, progress)


def buku_kas_zip(kode: str, bulan, fmt: str, progress) -> tuple[bytes, int]:
    from wahana.dana import ekspor
    from wahana.dana.models import EntriKas
    from wahana.dana.selectors import buku_kas_bulan, pengurus_penandatangan
    from wahana.wksbm.models import Wksbm

    ids = (
        EntriKas.objects.filter(region_q(kode), bulan=bulan)
        .values_list("wksbm_id", flat=True)
        .distinct()
    )
    wksbm_list = list(
        Wksbm.objects.filter(Q(pk__in=list(ids)))
        .select_related("wilayah__induk")
        .order_by("wilayah_id")
    )
    rows, files = [], []
    for index, wksbm in enumerate(wksbm_list, start=1):
        buku = buku_kas_bulan(wksbm, bulan)
        if fmt == "pdf":
            data = ekspor.buku_pdf(buku, pengurus_penandatangan(wksbm))
        else:
            data = ekspor.buku_xlsx(buku)
        files.append((ekspor.nama_file(buku, fmt), data))
        rows.append(
            (wksbm.nama, buku.saldo_awal, buku.total_masuk, buku.total_keluar, buku.saldo_akhir)
        )
        progress(int(90 * index / max(1, len(wksbm_list))), f"{index} dari {len(wksbm_list)} buku")
    isi = Isi(
        judul="Daftar Buku Kas WKSBM",
        periode=nama_bulan(bulan),
        wilayah=nama_wilayah(kode),
        kop=kop_for(kode),
        bagian=[
            Bagian(
                "Buku kas",
                ["WKSBM", "Saldo awal", "Penerimaan", "Pengeluaran", "Saldo akhir"],
                rows,
                rata=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
                lebar_pdf=(60, 30, 30, 30, 30),
                jumlah=(
                    "Jumlah",
                    sum(r[1] for r in rows),
                    sum(r[2] for r in rows),
                    sum(r[3] for r in rows),
                    sum(r[4] for r in rows),
                ),
            )
        ],
        catatan=["Hanya WKSBM yang memiliki entri kas pada bulan ini."],
    )
    return _zip(files, isi, fmt, progress)


def bimtek_zip(bimtek, user, situs: str, fmt: str, progress) -> tuple[bytes, int]:
    """The attendance list as seen by `user` (its scope) and every issued certificate in it."""
    from wahana.bimtek import dokumen
    from wahana.bimtek.selectors import hari_list, lembar_hadir, peserta_list_for

    hari, rows = lembar_hadir(user, bimtek)
    build = dokumen.daftar_hadir_pdf if fmt == "pdf" else dokumen.daftar_hadir_xlsx
    files = [(f"daftar-hadir-bimtek-{bimtek.pk}.{fmt}", build(bimtek=bimtek, hari=hari, rows=rows))]
    peserta = [p for p in peserta_list_for(user, bimtek) if p.kode_sertifikat]
    daftar = []
    for index, item in enumerate(peserta, start=1):
        url = f"{situs.rstrip('/')}/bimtek/sertifikat/{item.kode_sertifikat}/"
        files.append(
            (
                f"sertifikat-{item.pk}.pdf",
                dokumen.sertifikat_pdf(peserta=item, hari=hari_list(bimtek), verify_url=url),
            )
        )
        daftar.append((item.nama, item.kode_sertifikat))
        progress(int(90 * index / max(1, len(peserta))), f"{index} dari {len(peserta)} sertifikat")
    isi = Isi(
        judul=f"Dokumen Bimtek: {bimtek.judul}",
        periode=nama_bulan(hari[0].tanggal) if hari else "-",
        wilayah=nama_wilayah(bimtek.kode_wilayah),
        kop=kop_for(bimtek.kode_wilayah),
        bagian=[
            Bagian("Sertifikat", ["Nama peserta", "Kode sertifikat"], daftar, lebar_pdf=(110, 70))
        ],
        catatan=["Berkas daftar hadir disertakan dalam paket ini."],
    )
    return _zip(files, isi, fmt, progress)
