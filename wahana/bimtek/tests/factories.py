"""Plain factory functions for bimtek (they go through the services, as users do)."""

import datetime

from django.utils import timezone

from wahana.bimtek import services
from wahana.bimtek.models import Bimtek, SasaranBimtek
from wahana.conftest import DESA_A, KABUPATEN

# Another desa of Kecamatan Kurun (Kelurahan Tampang Tumbang Anjir), also targeted.
DESA_A2 = "62.10.02.1001"
# A desa of Kurun that is not targeted (Petak Bahandang).
DESA_A3 = "62.10.02.2002"
TANGGAL = datetime.date(2018, 7, 10)


def make_bimtek(
    *,
    user,
    kode_wilayah=KABUPATEN,
    judul="Bimtek Penguatan WKSBM",
    tanggal_mulai=TANGGAL,
    tanggal_selesai=None,
    sasaran=(DESA_A, DESA_A2),
    kuota=2,
    **extra,
) -> Bimtek:
    fields = {
        "tempat": "Aula Dinas Sosial Kabupaten Gunung Mas, Kuala Kurun",
        "topik": "Peran WKSBM\nPenggalangan dana",
        "nomor_surat": "460/123/Dinsos/VII/2018",
        "penandatangan_nama": "Drs. Yulius Agau",
        "penandatangan_jabatan": "Kepala Dinas Sosial",
        "jam_mulai": datetime.time(8, 0),
        "jam_selesai": datetime.time(16, 0),
    }
    fields.update(extra)
    bimtek = services.bimtek_create(
        acting_user=user,
        kode_wilayah=kode_wilayah,
        judul=judul,
        tanggal_mulai=tanggal_mulai,
        tanggal_selesai=tanggal_selesai,
        **fields,
    )
    for kode in sasaran:
        services.sasaran_set(acting_user=user, bimtek=bimtek, kode_wilayah=kode, kuota=kuota)
    return bimtek


def sasaran_of(bimtek, kode) -> SasaranBimtek:
    return bimtek.sasaran_set.get(wilayah_id=kode)


def make_peserta(*, user, bimtek, kode=DESA_A, nama="Maria Ulina", **extra):
    return services.peserta_register(
        acting_user=user,
        sasaran=sasaran_of(bimtek, kode),
        nama=nama,
        telepon=extra.pop("telepon", "081234567890"),
        jenis_kelamin=extra.pop("jenis_kelamin", "P"),
        peran_wksbm=extra.pop("peran_wksbm", "Sekretaris"),
        **extra,
    )


def attend_all(*, user, peserta):
    for hari in peserta.bimtek.hari_set.all():
        services.kehadiran_set(acting_user=user, peserta=peserta, hari=hari, hadir=True)


def make_trained_event(personas, tanggal: datetime.date) -> Bimtek:
    """An event of the kabupaten operator on `tanggal` that both its Kurun desa attended: Tanjung
    Riu's WKSBM meets 40 days later (it woke up), Tampang Tumbang Anjir does nothing (its TKSK
    gets a follow-up once six months are over)."""
    from wahana.wksbm import services as wksbm_services
    from wahana.wksbm.models import Wksbm
    from wahana.wksbm.tests.factories import make_wksbm

    operator = personas.operator
    bimtek = make_bimtek(user=operator, tanggal_mulai=tanggal, judul=f"Bimtek {tanggal:%Y-%m}")
    for kode, nama in ((DESA_A, "Maria Ulina"), (DESA_A2, "Yohanes Ajai")):
        peserta = make_peserta(user=personas.tksk, bimtek=bimtek, kode=kode, nama=nama)
        attend_all(user=operator, peserta=peserta)
    riu = Wksbm.objects.filter(wilayah_id=DESA_A).first() or make_wksbm(
        user=operator, kode_wilayah=DESA_A
    )
    wksbm_services.rapat_create(
        acting_user=operator,
        wksbm=riu,
        tanggal=min(tanggal + datetime.timedelta(days=40), timezone.localdate()),
        tempat="Balai desa",
        agenda="Rapat sesudah bimtek",
    )
    return bimtek
