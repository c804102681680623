"""Report completeness of TKSK and PSM (DHIS2 reporting rates) from their monthly reports:
who is expected, received and on time, summed per region, on the page (with drill-down to each
worker) and in the API, kept fresh when a report is submitted."""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from wahana.conftest import DESA_A, KABUPATEN, KECAMATAN_A, KECAMATAN_B, PROVINSI
from wahana.pantau import services
from wahana.pantau.bulan import bulan_berikut, bulan_ini, bulan_sebelum
from wahana.pantau.models import BOBOT_BAWAAN, LaporanPendampingBulanan, RekapWilayah
from wahana.pendamping.models import LaporanBulanan, Pendamping
from wahana.pendamping.tests.factories import DESA_A2, make_pendamping
from wahana.wksbm.models import BatasLaporan

pytestmark = pytest.mark.django_db
BULAN = bulan_sebelum(bulan_ini())


def _diajukan(bulan: datetime.date, hari: int) -> datetime.datetime:
    """Noon (local time) of day `hari` of the month after `bulan`."""
    tanggal = bulan_berikut(bulan).replace(day=hari)
    return timezone.make_aware(datetime.datetime.combine(tanggal, datetime.time(12)))


def _lapor(pendamping, bulan, hari, versi=1) -> LaporanBulanan:
    return LaporanBulanan.objects.create(
        pendamping=pendamping,
        wilayah_id=pendamping.wilayah_id,
        bulan=bulan,
        versi=versi,
        status=LaporanBulanan.Status.DIAJUKAN,
        ringkasan="Laporan bulanan",
        diajukan_pertama=_diajukan(bulan, hari),
        diajukan_pada=_diajukan(bulan, hari),
    )


@pytest.fixture
def pekerja(personas):
    op = personas.operator
    psm = Pendamping.Jenis.PSM
    w = {
        "tksk_a": make_pendamping(user=op, kode_wilayah=KECAMATAN_A, nama="TKSK Kurun"),
        "tksk_b": make_pendamping(user=op, kode_wilayah=KECAMATAN_B, nama="TKSK Sepang"),
        "psm_a": make_pendamping(user=op, kode_wilayah=DESA_A, jenis=psm, nama="PSM Tanjung Riu"),
        "psm_a2": make_pendamping(user=op, kode_wilayah=DESA_A2, jenis=psm, nama="PSM Tampang"),
        # Not expected: a term that ended before the month, an inactive PSM with no known end,
        # a term that starts after it, and Dinsos staff (they send no monthly report).
        "selesai": make_pendamping(
            user=op,
            kode_wilayah=DESA_A,
            jenis=psm,
            nama="PSM lama",
            masa_mulai=datetime.date(2020, 1, 1),
            masa_selesai=bulan_sebelum(BULAN),
        ),
        "nonaktif": make_pendamping(
            user=op,
            kode_wilayah=DESA_A2,
            jenis=psm,
            nama="PSM berhenti",
            masa_selesai=None,
            aktif=False,
        ),
        "belum": make_pendamping(
            user=op,
            kode_wilayah=DESA_A,
            jenis=psm,
            nama="PSM baru",
            masa_mulai=bulan_berikut(BULAN),
        ),
        "staf": make_pendamping(
            user=op, kode_wilayah=KABUPATEN, jenis=Pendamping.Jenis.STAF, nama="Staf Dinsos"
        ),
    }
    _lapor(w["tksk_a"], BULAN, 3)  # on time (by the 5th)
    _lapor(w["tksk_b"], BULAN, 5)  # on time, on the deadline itself
    _lapor(w["psm_a"], BULAN, 20)  # late
    # psm_a2: nothing
    return w


def _rekap(kode, bulan=BULAN) -> RekapWilayah:
    return RekapWilayah.objects.get(kode=kode, bulan=bulan)


def _angka(r: RekapWilayah) -> tuple:
    return (
        (r.tksk_diharapkan, r.tksk_diterima, r.tksk_tepat),
        (r.psm_diharapkan, r.psm_diterima, r.psm_tepat),
    )


def test_expected_received_on_time_per_region(pekerja):
    services.indeks_refresh(bulan=BULAN, prefix=KABUPATEN, alert=False)
    rows = {r.pendamping_id: r for r in LaporanPendampingBulanan.objects.filter(bulan=BULAN)}
    assert set(rows) == {pekerja[k].pk for k in ("tksk_a", "tksk_b", "psm_a", "psm_a2")}
    assert (rows[pekerja["psm_a"].pk].diterima, rows[pekerja["psm_a"].pk].tepat) == (True, False)
    assert rows[pekerja["psm_a"].pk].batas == bulan_berikut(BULAN).replace(day=5)
    assert (rows[pekerja["psm_a2"].pk].diterima, rows[pekerja["psm_a2"].pk].diajukan) == (
        False,
        None,
    )
    assert _angka(_rekap(DESA_A)) == ((0, 0, 0), (1, 1, 0))
    assert _angka(_rekap(KECAMATAN_A)) == ((1, 1, 1), (2, 1, 0))
    assert _angka(_rekap(KECAMATAN_B)) == ((1, 1, 1), (0, 0, 0))
    for kode in (KABUPATEN, PROVINSI, ""):
        assert _angka(_rekap(kode)) == ((2, 2, 2), (2, 1, 0))
    assert _rekap(KABUPATEN).kelengkapan()[2] | {"label": ""} == {
        "jenis": "psm",
        "label": "",
        "diharapkan": 2,
        "diterima": 1,
        "tepat": 0,
        "persen_diterima": 50,
        "persen_tepat": 0,
    }


def test_first_submission_counts_and_amendments_do_not_make_it_late(pekerja):
    # The TKSK's amendment (version 2) came weeks later: the month still came on time.
    _lapor(pekerja["tksk_a"], BULAN, 25, versi=2)
    services.indeks_refresh(bulan=BULAN, prefix=KABUPATEN, alert=False)
    row = LaporanPendampingBulanan.objects.get(pendamping=pekerja["tksk_a"], bulan=BULAN)
    assert (row.diterima, row.tepat) == (True, True)
    assert row.diajukan == _diajukan(BULAN, 3)


def test_deadline_is_the_kabupaten_setting(pekerja, personas):
    BatasLaporan.objects.create(wilayah_id=KABUPATEN, berlaku_mulai=BULAN, hari=25)
    services.indeks_refresh(bulan=BULAN, prefix=KABUPATEN, alert=False)
    assert _angka(_rekap(KABUPATEN)) == ((2, 2, 2), (2, 1, 1))
    row = LaporanPendampingBulanan.objects.get(pendamping=pekerja["psm_a"], bulan=BULAN)
    assert row.batas == bulan_berikut(BULAN).replace(day=25)


def test_submission_updates_the_figures_on_commit(pekerja, django_capture_on_commit_callbacks):
    services.indeks_refresh(bulan=BULAN, prefix=KABUPATEN, alert=False)
    assert _angka(_rekap(KECAMATAN_A))[1] == (2, 1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        _lapor(pekerja["psm_a2"], BULAN, 4)
    assert _angka(_rekap(KECAMATAN_A))[1] == (2, 2, 1)
    assert _angka(_rekap(""))[1] == (2, 2, 1)
    # A worker whose term is ended (and who sent nothing) stops being expected.
    with django_capture_on_commit_callbacks(execute=True):
        LaporanBulanan.objects.filter(pendamping=pekerja["psm_a"]).delete()
        Pendamping.objects.filter(pk=pekerja["psm_a"].pk).update(
            masa_selesai=bulan_sebelum(BULAN), aktif=False
        )
    services.kelengkapan_refresh(bulan=BULAN, pendamping_ids=[pekerja["psm_a"].pk])
    assert _angka(_rekap(DESA_A)) == ((0, 0, 0), (0, 0, 0))
    assert _angka(_rekap(KABUPATEN))[1] == (1, 1, 1)


def test_page_drills_down_from_kabupaten_to_each_worker(client, personas, pekerja):
    services.indeks_refresh(bulan=BULAN, prefix=KABUPATEN, alert=False)
    client.force_login(personas.operator)
    bulan = BULAN.strftime("%Y-%m")
    html = client.get(f"/pantau/kelengkapan/{KABUPATEN}/?bulan={bulan}").content.decode()
    assert f'href="/pantau/kelengkapan/{KECAMATAN_A}/?bulan={bulan}"' in html
    assert '<tr data-jenis="psm"><td>PSM</td><td>2</td><td>1</td><td>0</td><td>50%</td>' in html
    html = client.get(f"/pantau/kelengkapan/{KECAMATAN_A}/?bulan={bulan}").content.decode()
    assert "PSM Tampang" in html and "Belum masuk" in html
    assert "PSM Tanjung Riu" in html and "Terlambat" in html
    assert "TKSK Sepang" not in html
    assert "PSM lama" not in html
    client.force_login(personas.tksk)
    assert client.get(f"/pantau/kelengkapan/{KECAMATAN_B}/").status_code == 404


def test_api_gives_completeness_per_month_and_kind(client, personas, pekerja):
    services.indeks_refresh(bulan=BULAN, prefix=KABUPATEN, alert=False)
    client.force_login(personas.tksk)
    body = client.get(f"/api/v1/pantau/kelengkapan?kode={KECAMATAN_A}").json()
    items = {(i["bulan"], i["jenis"]): i for i in body["items"]}
    psm = items[(BULAN.isoformat(), "psm")]
    assert (psm["diharapkan"], psm["diterima"], psm["tepat_waktu"]) == (2, 1, 0)
    assert (psm["persen_diterima"], psm["persen_tepat_waktu"]) == (50, 0)
    assert items[(BULAN.isoformat(), "tksk")]["tepat_waktu"] == 1
    assert "PSM Tampang" not in str(body)  # aggregate only
    rekap = client.get(f"/api/v1/pantau/rekap/anak?kode={KECAMATAN_A}").json()["items"]
    assert all("psm_diharapkan" in r for r in rekap)
    assert client.get(f"/api/v1/pantau/kelengkapan?kode={KABUPATEN}").status_code == 404


def test_changed_deadline_is_the_same_on_the_report_pages_and_in_completeness(
    pekerja, personas, client
):
    """One deadline rule: Gunung Mas moves its deadline to the 10th from this month on; a report
    of this month first submitted on the 8th of the next is on time for the social workers'
    report pages, their API and the completeness figures alike. Last month keeps the 5th."""
    services.bobot_update(
        acting_user=personas.operator,
        kabupaten=KABUPATEN,
        nilai=dict(BOBOT_BAWAAN),
        batas_hari_laporan=10,
    )
    bulan = bulan_ini()
    batas = bulan_berikut(bulan).replace(day=10)
    laporan = _lapor(pekerja["psm_a"], bulan, 8)
    services.indeks_refresh(bulan=bulan, prefix=KABUPATEN, alert=False)
    row = LaporanPendampingBulanan.objects.get(pendamping=pekerja["psm_a"], bulan=bulan)
    assert (row.batas, row.tepat) == (batas, True)

    laporan = LaporanBulanan.objects.get(pk=laporan.pk)
    assert (laporan.batas, laporan.tepat_waktu) == (batas, True)
    lalu = LaporanBulanan.objects.get(pendamping=pekerja["psm_a"], bulan=BULAN)
    assert (lalu.batas, lalu.tepat_waktu) == (bulan_berikut(BULAN).replace(day=5), False)

    client.force_login(personas.operator)
    rekap = client.get(f"/pendamping/laporan/rekap/?bulan={bulan:%Y-%m}").content.decode()
    assert f"Batas pengajuan {date_format(batas)}." in rekap
    assert "1 tepat waktu, 0 terlambat" in rekap
    daftar = client.get(f"/pendamping/laporan/?bulan={bulan:%Y-%m}").content.decode()
    assert "tepat waktu" in daftar and "terlambat" not in daftar
    api = client.get(f"/api/v1/pendamping/laporan/{laporan.pk}").json()
    assert (api["batas"], api["tepat_waktu"]) == (batas.isoformat(), True)
