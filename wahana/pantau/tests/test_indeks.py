"""The index rules on hand-made facts: each component, the status thresholds at their boundary
values (39/40, 69/70), the 6-month dormancy rule and the weights."""

import datetime

from wahana.pantau.indeks import BAWAAN, Bobot, Fakta, nilai
from wahana.wksbm.models import BATAS_HARI_BAWAAN, batas_laporan

BULAN = datetime.date(2026, 10, 1)
# The deadline of the September report where the kabupaten set none: 5 October.
BATAS = batas_laporan(datetime.date(2026, 9, 1), BATAS_HARI_BAWAAN)


def fakta(
    *,
    sk=True,
    pengurus=True,
    lembaga=3,
    rapat=0,
    rapat6=None,
    dana=0,
    kegiatan=0,
    bantuan=0,
    laporan=None,
):
    f = Fakta()
    f.sk = {"id": 1, "tanggal": "2014-06-02"} if sk else None
    f.pengurus = {"ketua": 1, "sekretaris": 2, "bendahara": 3} if pengurus else {"ketua": 1}
    f.lembaga = {"jumlah": lembaga}
    f.rapat = {"n3": rapat, "n6": rapat if rapat6 is None else rapat6}
    f.dana = {"n3": dana, "n6": dana, "masuk_bulan": 0}
    f.bantuan_kas = {"n6": bantuan}
    f.kegiatan = {"n3": kegiatan, "n6": kegiatan, "bantuan_n6": 0}
    if laporan:
        f.laporan = {datetime.date(2026, 9, 1): laporan}
    return f


def bobot(**nilai_):
    base = dict.fromkeys(BAWAAN.nilai, 0)
    base.update(nilai_)
    return Bobot(versi=7, nilai=base)


def test_each_component_earns_its_weight_when_met():
    skor, status, komponen = nilai(
        fakta(
            rapat=1,
            dana=2,
            kegiatan=1,
            bantuan=1,
            laporan=datetime.datetime(2026, 10, 3, 3, tzinfo=datetime.UTC),
        ),
        BAWAAN,
        BULAN,
        batas_lalu=BATAS,
    )
    assert skor == 100
    assert status == "aktif"
    assert {k: v["poin"] for k, v in komponen.items() if isinstance(v, dict)} == BAWAAN.nilai


def test_nothing_recorded_scores_only_the_legal_basis():
    skor, status, komponen = nilai(
        fakta(lembaga=2, pengurus=False), BAWAAN, BULAN, batas_lalu=BATAS
    )
    assert skor == 10
    assert status == "mati_suri"
    assert komponen["pengurus"]["kurang"] == ["sekretaris", "bendahara"]
    assert komponen["lembaga"]["ok"] is False


def test_without_pengesahan_it_is_belum_terbentuk_whatever_the_score():
    skor, status, _k = nilai(
        fakta(sk=False, rapat=1, dana=1, kegiatan=1, bantuan=1), BAWAAN, BULAN, batas_lalu=BATAS
    )
    assert skor == 80
    assert status == "belum"


def test_boundary_39_is_mati_suri_and_40_is_kurang_aktif():
    # A meeting keeps the WKSBM moving, so only the score decides.
    w39 = bobot(sk=9, rapat=30, laporan=61)
    w40 = bobot(sk=10, rapat=30, laporan=60)
    assert nilai(fakta(rapat=1), w39, BULAN, batas_lalu=BATAS)[:2] == (39, "mati_suri")
    assert nilai(fakta(rapat=1), w40, BULAN, batas_lalu=BATAS)[:2] == (40, "kurang")


def test_boundary_69_is_kurang_aktif_and_70_is_aktif():
    w69 = bobot(sk=39, rapat=30, laporan=31)
    w70 = bobot(sk=40, rapat=30, laporan=30)
    assert nilai(fakta(rapat=1), w69, BULAN, batas_lalu=BATAS)[:2] == (69, "kurang")
    assert nilai(fakta(rapat=1), w70, BULAN, batas_lalu=BATAS)[:2] == (70, "aktif")


def test_no_movement_in_six_months_is_mati_suri_even_with_a_high_score():
    w = bobot(sk=40, pengurus=30, lembaga=20, rapat=10)
    skor, status, komponen = nilai(fakta(), w, BULAN, batas_lalu=BATAS)
    assert skor == 90
    assert status == "mati_suri"
    assert komponen["bergerak_6_bulan"] is False
    # A meeting four months ago earns no meeting points, but the WKSBM is not dormant.
    skor, status, komponen = nilai(fakta(rapat=0, rapat6=1), w, BULAN, batas_lalu=BATAS)
    assert (skor, status) == (90, "aktif")
    assert komponen["rapat"]["ok"] is False


def test_report_counts_only_when_received_by_the_deadline():
    on_time = datetime.datetime(2026, 10, 5, 9, tzinfo=datetime.UTC)
    late = datetime.datetime(2026, 10, 6, 9, tzinfo=datetime.UTC)
    assert (
        nilai(fakta(rapat=1, laporan=on_time), BAWAAN, BULAN, batas_lalu=BATAS)[2]["laporan"]["ok"]
        is True
    )
    komponen = nilai(fakta(rapat=1, laporan=late), BAWAAN, BULAN, batas_lalu=BATAS)[2]["laporan"]
    assert komponen["ok"] is False
    assert komponen["batas"] == "2026-10-05"
    # A kabupaten that allows until the 10th.
    sepuluh = datetime.date(2026, 10, 10)
    komponen = nilai(fakta(rapat=1, laporan=late), BAWAAN, BULAN, batas_lalu=sepuluh)[2]["laporan"]
    assert (komponen["ok"], komponen["batas"]) == (True, "2026-10-10")


def test_weights_scale_to_100_and_are_recorded():
    w = bobot(sk=1, rapat=1)
    skor, _s, komponen = nilai(fakta(), w, BULAN, batas_lalu=BATAS)
    assert skor == 50
    assert komponen["sk"]["maks"] == 1
