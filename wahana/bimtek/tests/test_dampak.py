"""Impact counts on hand-made data: an event on 10 July 2018 in Kurun, Tanjung Riu trained,
Tampang Tumbang Anjir targeted but absent, Petak Bahandang not targeted."""

import datetime

import pytest

from wahana.bimtek.selectors import add_months, dampak_for
from wahana.conftest import DESA_A
from wahana.dana.services import entri_kas_receive
from wahana.kegiatan import services as kegiatan_services
from wahana.ppks.tests.factories import layanan_make, ppks_make
from wahana.wksbm import services as wksbm_services
from wahana.wksbm.tests.factories import make_wksbm

from .factories import DESA_A2, DESA_A3, attend_all, make_bimtek, make_peserta

pytestmark = pytest.mark.django_db
D = datetime.date


def _rapat(user, wksbm, tanggal):
    wksbm_services.rapat_create(
        acting_user=user, wksbm=wksbm, tanggal=tanggal, tempat="Balai desa", agenda="Rapat rutin"
    )


@pytest.fixture
def world(personas):
    operator = personas.operator
    bimtek = make_bimtek(user=operator)  # 10 July 2018, Tanjung Riu and Tampang Tumbang Anjir
    attend_all(user=operator, peserta=make_peserta(user=personas.tksk, bimtek=bimtek))
    make_peserta(user=personas.tksk, bimtek=bimtek, kode=DESA_A2, nama="Tidak Datang")
    riu = make_wksbm(user=operator, kode_wilayah=DESA_A)
    petak = make_wksbm(user=operator, kode_wilayah=DESA_A3)
    for tanggal in (D(2016, 1, 5), D(2017, 8, 1), D(2018, 3, 1), D(2018, 8, 1), D(2018, 12, 1)):
        _rapat(operator, riu, tanggal)
    _rapat(operator, riu, D(2019, 5, 1))
    _rapat(operator, petak, D(2018, 2, 1))
    # Two services to one person count once; a service outside the windows not at all.
    orang = ppks_make(kode=DESA_A)
    layanan_make(orang, tanggal=D(2018, 9, 1))
    layanan_make(orang, tanggal=D(2018, 10, 1))
    layanan_make(orang, tanggal=D(2020, 1, 1))
    entri_kas_receive(
        acting_user=operator,
        wksbm=riu,
        tanggal=D(2018, 8, 15),
        sumber="jimpitan",
        jumlah=100_000,
        uraian="Jimpitan",
    )
    entri_kas_receive(
        acting_user=operator,
        wksbm=riu,
        tanggal=D(2019, 2, 1),
        sumber="iuran",
        jumlah=50_000,
        uraian="Iuran",
    )
    # Petak Bahandang: one verified activity after the event, one draft (not counted).
    for judul, verify in (("Bantuan lansia", True), ("Draf", False)):
        kegiatan = kegiatan_services.kegiatan_create(
            acting_user=operator,
            wksbm=petak,
            judul=judul,
            jenis="perlindungan",
            tanggal=D(2018, 9, 20),
            tempat="Petak Bahandang",
            sumber_dana="kas_wksbm",
        )
        if verify:
            kegiatan_services.kegiatan_report(acting_user=operator, kegiatan=kegiatan)
            kegiatan_services.kegiatan_verify(acting_user=personas.tksk, kegiatan=kegiatan)
    return bimtek


def _rows(dampak):
    return {
        row["desa"].kode: row
        for group in dampak["kecamatan"]
        for side in ("dilatih", "belum")
        for row in group[side]
    }


def test_trained_desa_beside_untrained(personas, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        dampak = dampak_for(personas.operator, world)
    [kurun] = dampak["kecamatan"]
    assert kurun["kecamatan"].nama == "Kurun"
    assert [r["desa"].kode for r in kurun["dilatih"]] == [DESA_A]
    rows = _rows(dampak)
    assert len(rows) == 15  # every desa/kelurahan of Kurun
    riu = rows[DESA_A]["nilai"]
    assert riu["rapat"] == {"sebelum_12": 2, "sebelum_6": 1, "sesudah_6": 2, "sesudah_12": 3}
    assert riu["layanan_ppks"] == {"sebelum_12": 0, "sebelum_6": 0, "sesudah_6": 1, "sesudah_12": 1}
    assert riu["dana_rp"]["sesudah_6"] == 100_000 and riu["dana_rp"]["sesudah_12"] == 150_000
    assert riu["kegiatan"]["sesudah_12"] == 0
    assert rows[DESA_A]["naik"] is True

    petak = rows[DESA_A3]
    assert not petak["dilatih"] and not petak["sasaran"]
    assert petak["nilai"]["rapat"]["sebelum_6"] == 1
    assert petak["nilai"]["kegiatan"] == {
        "sebelum_12": 0,
        "sebelum_6": 0,
        "sesudah_6": 1,
        "sesudah_12": 1,
    }
    anjir = rows[DESA_A2]
    assert anjir["sasaran"] and not anjir["dilatih"] and anjir["naik"] is False
    # Averages of the trained side equal Tanjung Riu's own values (alone there).
    assert kurun["rata_dilatih"][0] == [2.0, 1.0, 2.0, 3.0]


def test_scope_narrows_the_impact(personas, world):
    rows = _rows(dampak_for(personas.pengurus, world))
    assert list(rows) == [DESA_A]
    assert dampak_for(personas.tksk, world)["kecamatan"][0]["dilatih"][0]["desa"].kode == DESA_A


def test_impact_page_and_api(client, personas, world):
    client.force_login(personas.pimpinan)
    page = client.get(f"/bimtek/{world.pk}/dampak/").content.decode()
    assert "Kecamatan Kurun" in page and "Petak Bahandang" in page and "Rapat WKSBM" in page
    data = client.get(f"/api/v1/bimtek/{world.pk}/dampak").json()
    assert data["jendela"]["sebelum_12"] == ["2017-07-10", "2018-07-10"]
    riu = next(d for d in data["desa"] if d["kode_wilayah"] == DESA_A)
    assert riu["dilatih"] and riu["bangun"] and riu["nilai"]["rapat"]["sesudah_12"] == 3


def test_add_months_clamps_to_month_end():
    assert add_months(D(2018, 8, 31), 6) == D(2019, 2, 28)
    assert add_months(D(2018, 7, 10), -12) == D(2017, 7, 10)
    assert add_months(D(2018, 1, 31), -2) == D(2017, 11, 30)
