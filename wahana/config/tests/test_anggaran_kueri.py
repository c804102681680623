"""Query budgets of the busiest pages and API lists (PRODUCT.md: at most 10 SQL queries a page).

Each URL is counted twice over synthetic data (`wahana demo --scale`, wahana/config/skala.py):
with one kecamatan built, then with a second, larger one beside it. A page that runs a query
per row (an N+1) costs more the second time and fails here, even while under the budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wahana.config import skala
from wahana.conftest import KABUPATEN, KECAMATAN_A, KECAMATAN_B
from wahana.pantau import services as pantau_services
from wahana.pantau.bulan import bulan_ini

BUDGET = 10
# Pages above PRODUCT.md's 10, held where they stand so they cannot grow further. The page
# shell alone costs 5 (session, user, second-factor device, unread notifications, running
# jobs); these two add the region filter's choices (WKSBM list) and the map and plans
# (dashboard). Lower a figure here when a page gets cheaper.
BUDGET_PAGE = {"/wksbm/": 11, "/pantau/": 11}
PPKS_PER_DESA = 8  # enough for full list pages; the count per page must not depend on it

# (persona, url): what an operator, the province and a TKSK open most.
URLS = [
    ("operator", "/ppks/"),
    ("operator", "/ppks/?hal=2"),
    ("operator", "/ppks/?jenis=24"),
    ("operator", f"/ppks/?wilayah={KECAMATAN_B}"),
    ("operator", "/api/v1/ppks/?limit=50"),
    ("operator", "/wksbm/"),
    ("operator", "/api/v1/wksbm?limit=50"),
    ("operator", "/kegiatan/"),
    ("operator", "/api/v1/kegiatan?limit=50"),
    ("operator", "/dana/"),
    ("operator", "/pendamping/"),
    ("operator", "/api/v1/pendamping/?limit=50"),
    ("operator", "/pantau/"),
    ("provinsi", "/pantau/"),
    ("operator", f"/api/v1/pantau/rekap/anak?kode={KABUPATEN}"),
    ("operator", f"/api/v1/pantau/indeks?kode={KABUPATEN}"),
    ("tksk", "/kegiatan/"),
    ("tksk", "/pantau/"),
    ("operator", "/wilayah/cari/?q=tum&tingkat=4"),
    ("operator", "/api/v1/wilayah?q=tum&limit=20"),
]


def _build(kode):
    skala.build(ukuran="kabupaten", kode=kode, ppks_per_desa=PPKS_PER_DESA)
    pantau_services.indeks_refresh(bulan=bulan_ini(), prefix=kode)


def _count(client, personas) -> dict:
    found = {}
    clients = {}
    for persona, url in URLS:
        if persona not in clients:
            client.logout()
            client.force_login(getattr(personas, persona))
            # The first page after sign-in also starts the session clocks (one write every
            # few minutes): the budget is for someone already browsing.
            client.get("/ppks/?hal=3")
            clients[persona] = True
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(url)
        assert answer.status_code == 200, (persona, url, answer.status_code)
        found[persona, url] = len(queries)
    return found


@pytest.mark.django_db
def test_busiest_pages_within_budget_and_independent_of_size(client, personas):
    _build(KECAMATAN_B)  # Sepang: 7 desa
    small = _count(client, personas)
    _build(KECAMATAN_A)  # Kurun: 15 desa beside it
    large = _count(client, personas)
    over = {key: n for key, n in large.items() if n > BUDGET_PAGE.get(key[1], BUDGET)}
    assert not over, f"over the query budget: {over}"
    grew = {key: (small[key], n) for key, n in large.items() if n != small[key]}
    assert not grew, f"queries grow with the data (N+1?): {grew}"
