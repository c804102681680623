"""Demo: the index and roll-ups of Gunung Mas for the last 24 months and each July since 2014
(the long view of the 2018 bimtek), and a revival plan the TKSK of Kurun started for a trained
village that did not wake up."""

import datetime

from wahana.akun.models import User
from wahana.wksbm.models import Wksbm

from . import services
from .bulan import bulan_ini, geser
from .models import LangkahRevitalisasi, RencanaRevitalisasi

KABUPATEN = "62.10"
PETAK_BAHANDANG = "62.10.02.2002"


def load(*, stdout) -> None:
    sekarang = bulan_ini()
    jumlah = services.indeks_refresh_riwayat(prefix=KABUPATEN, bulan_akhir=sekarang)
    for tahun in range(2014, sekarang.year - 1):
        services.indeks_refresh(bulan=datetime.date(tahun, 7, 1), prefix=KABUPATEN, alert=False)
    hasil = services.sweep()
    stdout.write(
        f"Pantau demo: {jumlah} indeks bulanan (24 bulan) dan Juli tiap tahun sejak 2014, "
        f"{hasil['terlambat']} notifikasi laporan terlambat"
    )
    _rencana()


def _rencana() -> None:
    wksbm = Wksbm.objects.filter(wilayah_id=PETAK_BAHANDANG).first()
    tksk = User.objects.filter(username="tksk.kurun").first()
    if not wksbm or not tksk:
        return
    judul = "Menghidupkan kembali WKSBM Desa Petak Bahandang"
    rencana = RencanaRevitalisasi.objects.filter(wksbm=wksbm, judul=judul).first()
    if rencana is None:
        rencana = services.rencana_create(
            acting_user=tksk,
            wksbm=wksbm,
            judul=judul,
            tujuan="Desa ikut bimtek 10 Juli 2018 tetapi WKSBM belum bergerak: rapat pengurus, "
            "jimpitan rutin, dan satu kegiatan untuk PPKS dalam tiga bulan.",
        )
    if LangkahRevitalisasi.objects.filter(rencana=rencana).exists():
        return
    mulai = bulan_ini()
    langkah = [
        ("Temui kepala desa dan ketua WKSBM", "TKSK Kurun", mulai + datetime.timedelta(days=6)),
        (
            "Rapat pengurus: bagi tugas dan jadwal jimpitan",
            "Ketua WKSBM",
            mulai + datetime.timedelta(days=20),
        ),
        ("Kegiatan pertama untuk lansia terlantar", "PSM desa", geser(mulai, 2)),
    ]
    for i, (uraian, pj, batas) in enumerate(langkah):
        item = services.langkah_add(
            acting_user=tksk, rencana=rencana, uraian=uraian, penanggung_jawab=pj, batas_waktu=batas
        )
        if i == 0:
            services.langkah_toggle(acting_user=tksk, langkah=item)
