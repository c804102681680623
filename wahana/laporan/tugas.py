"""The background job that makes a report (run by `wahana worker`)."""

import datetime

from wahana.config.routers import dari_replika
from wahana.tugas.registry import tugas

from . import bundel, isi
from .render import to_pdf, to_xlsx
from .services import JENIS, berkas_generated


def build(
    jenis: str,
    fmt: str,
    *,
    kode: str,
    bulan=None,
    wksbm_id=None,
    bimtek_id=None,
    situs="",
    user=None,
    progress=lambda pct, pesan: None,
) -> tuple[bytes, str, int]:
    """(file bytes, extension, number of rows or documents) of one report."""
    bulan = datetime.date.fromisoformat(bulan) if isinstance(bulan, str) else bulan
    if jenis == "laporan_pendamping":
        data, n = bundel.laporan_pendamping_zip(kode, bulan, fmt, progress)
        return data, "zip", n
    if jenis == "buku_kas":
        data, n = bundel.buku_kas_zip(kode, bulan, fmt, progress)
        return data, "zip", n
    if jenis == "bimtek":
        from wahana.bimtek.models import Bimtek

        data, n = bundel.bimtek_zip(Bimtek.objects.get(pk=bimtek_id), user, situs, fmt, progress)
        return data, "zip", n
    if jenis == "rekap_wksbm":
        content = isi.rekap_wksbm(kode, bulan)
    elif jenis == "profil_wksbm":
        from wahana.wksbm.models import Wksbm

        content = isi.profil_wksbm(Wksbm.objects.select_related("wilayah").get(pk=wksbm_id), bulan)
    elif jenis == "rekap_ppks":
        content = isi.rekap_ppks(kode)
    elif jenis == "rekap_psks":
        content = isi.rekap_psks(kode)
    else:
        raise LookupError(jenis)
    data, n = (to_pdf if fmt == "pdf" else to_xlsx)(content, progress)
    return data, fmt, n


def nama_berkas(jenis: str, kode: str, bulan, ext: str) -> str:
    bagian = [jenis.replace("_", "-"), kode or "id"]
    if bulan:
        bagian.append(str(bulan)[:7])
    return "-".join(bagian) + f".{ext}"


@tugas("laporan.buat")
def buat(job, *, jenis, format, kode, bulan=None, wksbm_id=None, bimtek_id=None, situs=""):
    job.set_progress(1, "Mengumpulkan data")
    # A report only reads: from the replica when there is one (the progress is a write, and
    # writes always go to the primary).
    with dari_replika():
        data, ext, n = build(
            jenis,
            format,
            kode=kode,
            bulan=bulan,
            wksbm_id=wksbm_id,
            bimtek_id=bimtek_id,
            situs=situs,
            user=job.diminta_oleh,
            progress=job.set_progress,
        )
    berkas = berkas_generated(
        owner=job.diminta_oleh,
        data=data,
        nama=nama_berkas(jenis, kode, bulan, ext),
        ext=ext,
        kode_wilayah=kode,
    )
    satuan = "dokumen" if JENIS[jenis].zip else "baris"
    job.set_progress(100, f"Selesai: {n} {satuan}")
    return {"berkas": berkas, "jumlah": n, "satuan": satuan}
