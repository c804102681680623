"""Query budgets of the busiest pages and API lists (PRODUCT.md: at most 10 SQL queries a page).

Each URL is counted twice over synthetic data (`wahana demo --scale`, wahana/config/skala.py):
with one kecamatan built, then with a second, larger one beside it. A page that runs a query
per row (an N+1) costs more the second time and fails here, even while under the budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wahana.config import skala
from wahana.conftest import KABUPATEN, KECAMATAN_A, KECAMATAN_B
from wahana.pantau import services as pantau_services
from wahana.pantau.bulan import bulan_ini

BUDGET = 10
# Of which the page shell takes 2: the user (with whether it has enrolled an authenticator,
# wahana/akun/backends.py) and the header's counts in one query
# (wahana/config/context_processors.py); the session is read from the session cache
# (settings.SESSION_ENGINE), not the database; a session verified by a second factor adds its
# device.
SHELL = 2
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
    over = {key: n for key, n in large.items() if n > BUDGET}
    assert not over, f"over the query budget: {over}"
    grew = {key: (small[key], n) for key, n in large.items() if n != small[key]}
    assert not grew, f"queries grow with the data (N+1?): {grew}"


def _shell_queries(queries) -> list[str]:
    """The page shell's queries among a page's: the session (none while it is cached), the
    user, the header's counts."""
    shell = ("django_session", "akun_user", "pantau_notifikasi", "tugas_tugas")
    return [q["sql"] for q in queries.captured_queries if any(t in q["sql"] for t in shell)]


@pytest.mark.django_db
def test_page_shell_costs_two_queries_and_shows_the_counts(client, personas):
    """The shell of a page is two queries whatever the header shows, with the bells' counts
    right: two unread notifications of the operator (one read, one of another user left out)
    and one finished report not yet opened (whose link is then read: one more)."""
    from wahana.laporan.tests.test_laporan import _bell
    from wahana.pantau.models import Notifikasi
    from wahana.tugas.models import Tugas

    client.force_login(personas.operator)
    client.get("/akun/keamanan/")  # starts the session clocks (a session write)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/akun/keamanan/").content.decode()
    shell = _shell_queries(queries)
    assert len(shell) == SHELL, shell
    # Whether the user enrolled an authenticator is read with the user, not on its own.
    assert "otp_totp_totpdevice" in shell[0] and "akun_user" in shell[0]
    assert "pantau_notifikasi" in shell[1] and "tugas_tugas" in shell[1]
    assert '<span class="jumlah">0</span></a>' in page and 'data-baru="0"' in _bell(page)

    for n, (penerima, dibaca) in enumerate(
        [
            (personas.operator, None),
            (personas.operator, None),
            (personas.operator, timezone.now()),
            (personas.tksk, None),
        ]
    ):
        Notifikasi.objects.create(
            penerima=penerima,
            wilayah_id=penerima.wilayah_id,
            jenis=Notifikasi.Jenis.TURUN,
            judul="Uji",
            kunci=n,
            dibaca=dibaca,
        )
    Tugas.objects.create(
        nama="laporan.buat",
        judul="Rekap uji",
        diminta_oleh=personas.operator,
        status=Tugas.Status.SELESAI,
    )
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/akun/keamanan/").content.decode()
    assert len(_shell_queries(queries)) == SHELL + 1
    assert '<span class="jumlah">2</span></a>' in page
    assert 'data-baru="1"' in _bell(page) and "Rekap uji" in _bell(page)
