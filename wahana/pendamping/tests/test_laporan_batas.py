"""Each monthly report's deadline on the report pages: set per kabupaten (the WKSBM registry's
`BatasLaporan`), read for a whole page at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from wahana.conftest import KABUPATEN, KABUPATEN_LAIN, KECAMATAN_A
from wahana.pendamping.models import LaporanBulanan, Pendamping
from wahana.pendamping.tests.factories import last_month, make_pendamping
from wahana.wilayah.models import Wilayah
from wahana.wksbm.models import BatasLaporan

pytestmark = pytest.mark.django_db


def _lapor(pendamping, bulan) -> LaporanBulanan:
    """A report first submitted on the 4th of the next month, midday local time."""
    dikirim = timezone.make_aware(
        datetime.datetime.combine(
            (bulan + datetime.timedelta(days=31)).replace(day=4), datetime.time(12)
        )
    )
    return LaporanBulanan.objects.create(
        pendamping=pendamping,
        wilayah_id=pendamping.wilayah_id,
        bulan=bulan,
        status=LaporanBulanan.Status.DIAJUKAN,
        ringkasan="Laporan bulanan",
        diajukan_pertama=dikirim,
        diajukan_pada=dikirim,
    )


def _pages(client, bulan) -> dict:
    """The report list, its API and the recap of `bulan`: (queries, answer) each."""
    found = {}
    for url in (
        f"/pendamping/laporan/?bulan={bulan:%Y-%m}",
        f"/api/v1/pendamping/laporan?bulan={bulan:%Y-%m}&limit=50",
        f"/pendamping/laporan/rekap/?bulan={bulan:%Y-%m}",
    ):
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(url)
        assert answer.status_code == 200, url
        found[url] = (len(queries), answer)
    return found


def test_report_pages_show_each_kabupatens_deadline_at_a_cost_independent_of_the_rows(
    client, personas
):
    """Gunung Mas gives until the 10th, Kotawaringin Barat until the 3rd: a report sent on the
    4th is on time in one and late in the other, on the list, in the API and in the recap, and
    the pages cost the same queries with one report per kabupaten as with three."""
    bulan = last_month()
    BatasLaporan.objects.create(wilayah_id=KABUPATEN, berlaku_mulai=bulan, hari=10)
    BatasLaporan.objects.create(wilayah_id=KABUPATEN_LAIN, berlaku_mulai=bulan, hari=3)
    kecamatan_lain = list(
        Wilayah.objects.filter(kode__startswith=f"{KABUPATEN_LAIN}.", tingkat=3).order_by("kode")
    )
    desa_a = list(
        Wilayah.objects.filter(kode__startswith=f"{KECAMATAN_A}.", tingkat=4).order_by("kode")
    )
    batas = {
        KABUPATEN: (bulan + datetime.timedelta(days=31)).replace(day=10),
        KABUPATEN_LAIN: (bulan + datetime.timedelta(days=31)).replace(day=3),
    }
    client.force_login(personas.provinsi)
    # The first page after sign-in starts the session clocks (a write): count from the second.
    client.get("/pendamping/laporan/")

    def tambah(n):
        for i in range(n):
            for kode in (kecamatan_lain[i].kode, desa_a[i].kode):
                _lapor(
                    make_pendamping(
                        user=personas.provinsi, kode_wilayah=kode, jenis=Pendamping.Jenis.PSM
                    ),
                    bulan,
                )

    tambah(1)
    sedikit = _pages(client, bulan)
    tambah(2)
    banyak = _pages(client, bulan)
    assert {url: n for url, (n, _a) in banyak.items()} == {
        url: n for url, (n, _a) in sedikit.items()
    }

    daftar, api, rekap = (answer for _n, answer in banyak.values())
    items = api.json()["items"]
    assert len(items) == 6
    for item in items:
        kabupaten = item["kode_wilayah"][:5]
        assert item["batas"] == batas[kabupaten].isoformat()
        assert item["tepat_waktu"] is (kabupaten == KABUPATEN)
    halaman = daftar.content.decode()
    assert halaman.count("tepat waktu") == 3 and halaman.count("terlambat") == 3
    teks = rekap.content.decode()
    assert (
        f"Batas pengajuan {date_format(batas[KABUPATEN_LAIN])}, {date_format(batas[KABUPATEN])}."
        in teks
    )
    assert "3 tepat waktu, 3 terlambat" in teks
