"""Plain factory functions for the money of a WKSBM."""

import datetime

from wahana.conftest import DESA_A, DESA_B
from wahana.dana.models import EntriKas
from wahana.dana.services import entri_kas_disburse, entri_kas_receive
from wahana.wksbm.models import Wksbm


def make_wksbm(kode: str = DESA_A, nama: str | None = None) -> Wksbm:
    wksbm, _created = Wksbm.objects.get_or_create(
        wilayah_id=kode,
        tingkat=Wksbm.Tingkat.DESA,
        defaults={"nama": nama or f"WKSBM {kode}"},
    )
    return wksbm


def make_wksbm_a() -> Wksbm:
    return make_wksbm(DESA_A, "WKSBM Tanjung Riu")


def make_wksbm_b() -> Wksbm:
    return make_wksbm(DESA_B, "WKSBM Sepang Kota")


def make_receipt(
    *,
    acting_user,
    wksbm,
    jumlah: int = 100_000,
    tanggal: datetime.date | None = None,
    sumber: str = EntriKas.Sumber.JIMPITAN,
    uraian: str = "Jimpitan RT 01",
) -> EntriKas:
    return entri_kas_receive(
        acting_user=acting_user,
        wksbm=wksbm,
        tanggal=tanggal or datetime.date.today(),
        sumber=sumber,
        jumlah=jumlah,
        uraian=uraian,
    )


def make_disbursement(
    *,
    acting_user,
    wksbm,
    jumlah: int = 50_000,
    tanggal: datetime.date | None = None,
    tujuan: str = EntriKas.Tujuan.OPERASIONAL,
    uraian: str = "Fotokopi formulir",
) -> EntriKas:
    return entri_kas_disburse(
        acting_user=acting_user,
        wksbm=wksbm,
        tanggal=tanggal or datetime.date.today(),
        tujuan=tujuan,
        jumlah=jumlah,
        uraian=uraian,
    )
