"""Plain factory functions for the watching app: hand-made WKSBM histories written straight to
the tables the index reads (the index must follow the records, however they were made)."""

import datetime

from django.utils import timezone

from wahana.berkas.models import Berkas
from wahana.kegiatan.models import Kegiatan
from wahana.wksbm.models import (
    JenisLembaga,
    LembagaAnggota,
    PengurusWksbm,
    RapatWksbm,
    TahapWksbm,
    Wksbm,
)


def make_wksbm(kode: str, nama: str | None = None) -> Wksbm:
    wksbm, _created = Wksbm.objects.get_or_create(
        wilayah_id=kode, tingkat=Wksbm.Tingkat.DESA, defaults={"nama": nama or f"WKSBM {kode}"}
    )
    return wksbm


def make_pengesahan(wksbm, tanggal=datetime.date(2014, 6, 2)) -> TahapWksbm:
    scan = Berkas.objects.create(
        wilayah_id=wksbm.wilayah_id,
        jenis=Berkas.Jenis.DOKUMEN,
        nama_asli="sk.pdf",
        tipe_mime="application/pdf",
        ekstensi="pdf",
        ukuran=1,
        sha256="0" * 64,
        berkas="uji/sk.pdf",
        diunggah=timezone.now(),
    )
    return TahapWksbm.objects.create(
        wksbm=wksbm,
        wilayah_id=wksbm.wilayah_id,
        tahap=TahapWksbm.Tahap.PENGESAHAN,
        tanggal=tanggal,
        sk_nomor="141/05/2014",
        sk_tanggal=tanggal,
        sk_penandatangan_nama="Yohanes Ringkai",
        sk_penandatangan_jabatan="Kepala Desa",
        sk_berkas=scan,
    )


def make_pengurus_inti(wksbm, mulai=datetime.date(2014, 6, 2)) -> list[PengurusWksbm]:
    return [
        PengurusWksbm.objects.create(
            wksbm=wksbm,
            wilayah_id=wksbm.wilayah_id,
            nama=f"{jabatan.title()} Uji",
            jabatan=jabatan,
            mulai=mulai,
        )
        for jabatan in ("ketua", "sekretaris", "bendahara")
    ]


def make_lembaga(wksbm, n=3, bergabung=datetime.date(2014, 6, 2)) -> list[LembagaAnggota]:
    jenis = JenisLembaga.objects.order_by("urutan").first()
    return [
        LembagaAnggota.objects.create(
            wksbm=wksbm,
            wilayah_id=wksbm.wilayah_id,
            jenis=jenis,
            nama=f"Lembaga {i}",
            tanggal_bergabung=bergabung,
        )
        for i in range(n)
    ]


def make_rapat(wksbm, tanggal: datetime.date) -> RapatWksbm:
    return RapatWksbm.objects.create(
        wksbm=wksbm,
        wilayah_id=wksbm.wilayah_id,
        tanggal=tanggal,
        tempat="Balai desa",
        agenda="Rapat rutin",
    )


def make_kegiatan(wksbm, tanggal: datetime.date, *, oleh) -> Kegiatan:
    return Kegiatan.objects.create(
        wksbm=wksbm,
        wilayah_id=wksbm.wilayah_id,
        judul="Kunjungan lansia",
        jenis=Kegiatan.Jenis.PERLINDUNGAN,
        tanggal=tanggal,
        tempat="Balai desa",
        sumber_dana=Kegiatan.SumberDana.TANPA_BIAYA,
        status=Kegiatan.Status.DIVERIFIKASI,
        dilaporkan_pada=timezone.now(),
        diverifikasi_pada=timezone.now(),
        dicatat_oleh=oleh,
        diverifikasi_oleh=oleh,
    )


def make_terbentuk(wksbm) -> Wksbm:
    """Legalised, with its three officers and three member institutions (30 of 100 points)."""
    make_pengesahan(wksbm)
    make_pengurus_inti(wksbm)
    make_lembaga(wksbm)
    return wksbm
