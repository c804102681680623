"""The report deadline of a kabupaten (`BatasLaporan`): the one rule every monthly report uses
(WKSBM, TKSK, PSM), its history, and who may change it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wahana.audit.models import AuditLog
from wahana.conftest import (
    DESA_A,
    DESA_B,
    KABUPATEN,
    KABUPATEN_LAIN,
    KECAMATAN_A,
    KECAMATAN_B,
)
from wahana.wksbm import services
from wahana.wksbm.models import BatasLaporan
from wahana.wksbm.selectors import batas_laporan_for

pytestmark = pytest.mark.django_db
DESA_LAIN = "62.01.01.2001"  # a desa of Kotawaringin Barat


def bulan_ini() -> datetime.date:
    return timezone.localdate().replace(day=1)


def test_each_month_takes_the_deadline_its_kabupaten_set_for_it_in_one_query(
    personas, django_assert_num_queries
):
    BatasLaporan.objects.create(
        wilayah_id=KABUPATEN, berlaku_mulai=datetime.date(2026, 3, 1), hari=10
    )
    BatasLaporan.objects.create(
        wilayah_id=KABUPATEN, berlaku_mulai=datetime.date(2026, 7, 1), hari=20
    )
    BatasLaporan.objects.create(
        wilayah_id=KABUPATEN_LAIN, berlaku_mulai=datetime.date(2026, 1, 1), hari=3
    )
    pasangan = {
        (DESA_A, datetime.date(2026, 2, 1)): datetime.date(2026, 3, 5),  # before any: the 5th
        (KECAMATAN_A, datetime.date(2026, 3, 1)): datetime.date(2026, 4, 10),
        (KABUPATEN, datetime.date(2026, 6, 1)): datetime.date(2026, 7, 10),
        (DESA_B, datetime.date(2026, 7, 1)): datetime.date(2026, 8, 20),
        (KECAMATAN_B, datetime.date(2026, 12, 1)): datetime.date(2027, 1, 20),
        (DESA_LAIN, datetime.date(2026, 7, 1)): datetime.date(2026, 8, 3),
        (DESA_LAIN, datetime.date(2025, 12, 1)): datetime.date(2026, 1, 5),
    }
    with django_assert_num_queries(1):
        assert batas_laporan_for(pasangan) == pasangan
    with django_assert_num_queries(0):
        assert batas_laporan_for([]) == {}


def test_manager_sets_it_from_this_month_and_earlier_months_keep_theirs(personas):
    bulan = bulan_ini()
    lalu = (bulan - datetime.timedelta(days=1)).replace(day=1)
    kunci = [(KABUPATEN, bulan), (KABUPATEN, lalu), (DESA_LAIN, bulan)]
    sebelum = batas_laporan_for(kunci)

    row = services.batas_laporan_set(acting_user=personas.operator, kabupaten=KABUPATEN, hari=10)
    assert (row.wilayah_id, row.berlaku_mulai, row.hari) == (KABUPATEN, bulan, 10)
    sesudah = batas_laporan_for(kunci)
    assert sesudah[KABUPATEN, bulan].day == 10
    assert sesudah[KABUPATEN, lalu] == sebelum[KABUPATEN, lalu]
    assert sesudah[DESA_LAIN, bulan] == sebelum[DESA_LAIN, bulan]  # another kabupaten: untouched
    log = AuditLog.objects.get(aksi="batas_laporan_diubah")
    assert (log.pelaku, log.kode_wilayah, log.perubahan) == (
        personas.operator,
        KABUPATEN,
        {"hari": ["5", "10"]},
    )

    # The same day again writes nothing; another change within the month replaces the first.
    assert (
        services.batas_laporan_set(acting_user=personas.operator, kabupaten=KABUPATEN, hari=10)
        is None
    )
    assert AuditLog.objects.filter(aksi="batas_laporan_diubah").count() == 1
    services.batas_laporan_set(acting_user=personas.provinsi, kabupaten=KABUPATEN, hari=12)
    assert list(BatasLaporan.objects.values_list("berlaku_mulai", "hari")) == [(bulan, 12)]
    assert AuditLog.objects.filter(aksi="batas_laporan_diubah").latest("id").perubahan == {
        "hari": ["10", "12"]
    }


def test_refused_to_others_and_outside_1_to_28(personas):
    for user, kode in (
        (personas.pimpinan, KABUPATEN),
        (personas.tksk, KABUPATEN),
        (personas.pengurus, KABUPATEN),
        (personas.operator_lain, KABUPATEN),
        (personas.operator, KECAMATAN_A),  # a deadline is a kabupaten's
    ):
        with pytest.raises(PermissionDenied):
            services.batas_laporan_set(acting_user=user, kabupaten=kode, hari=10)
    for hari in (0, 29):
        with pytest.raises(ValidationError):
            services.batas_laporan_set(
                acting_user=personas.operator, kabupaten=KABUPATEN, hari=hari
            )
    # Allowed to the same roles, the same way, on the other side of each boundary.
    services.batas_laporan_set(acting_user=personas.operator_lain, kabupaten=KABUPATEN_LAIN, hari=1)
    services.batas_laporan_set(acting_user=personas.operator, kabupaten=KABUPATEN, hari=28)
    assert sorted(BatasLaporan.objects.values_list("wilayah_id", "hari")) == [
        (KABUPATEN_LAIN, 1),
        (KABUPATEN, 28),
    ]
