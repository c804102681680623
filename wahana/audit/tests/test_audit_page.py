"""The audit page: managers read the log of their own scope, filtered and paginated."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wahana.audit.models import AuditLog
from wahana.audit.services import audit_record
from wahana.conftest import DESA_A, KABUPATEN_LAIN

URL = "/audit/"


@pytest.fixture
def rows(personas):
    return {
        "desa_a": audit_record(
            actor=personas.psm, aksi="uji_desa_a", kode_wilayah=DESA_A, keterangan="di Desa A"
        ),
        "kobar": audit_record(
            actor=personas.operator_lain, aksi="uji_kobar", kode_wilayah=KABUPATEN_LAIN
        ),
        "tanpa_wilayah": audit_record(actor=None, aksi="uji_tanpa_wilayah", kode_wilayah=""),
    }


def _aksi_shown(response) -> set[str]:
    return {row.aksi for row in response.context["page"].object_list}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "seen", "hidden"),
    [
        ("admin", {"uji_desa_a", "uji_kobar", "uji_tanpa_wilayah"}, set()),
        ("provinsi", {"uji_desa_a", "uji_kobar"}, {"uji_tanpa_wilayah"}),
        ("operator", {"uji_desa_a"}, {"uji_kobar", "uji_tanpa_wilayah"}),
        ("operator_lain", {"uji_kobar"}, {"uji_desa_a", "uji_tanpa_wilayah"}),
    ],
)
def test_managers_see_their_scope_only(client, personas, rows, persona, seen, hidden):
    client.force_login(getattr(personas, persona))

    response = client.get(URL)

    assert response.status_code == 200
    shown = _aksi_shown(response)
    assert seen <= shown
    assert not hidden & shown


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["pimpinan", "tksk", "psm", "pengurus", "outsider"])
def test_other_roles_get_404(client, personas, rows, persona):
    client.force_login(getattr(personas, persona))

    assert client.get(URL).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, rows):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith("/akun/masuk/")


@pytest.mark.django_db
def test_page_shows_changes_before_and_after(client, personas):
    audit_record(
        actor=personas.operator,
        aksi="uji_ubah",
        kode_wilayah=DESA_A,
        perubahan={"nama": ["Lama", "Baru"]},
    )
    client.force_login(personas.operator)

    html = client.get(URL, {"aksi": "uji_ubah"}).content.decode()

    assert "uji_ubah" in html
    assert "Lama" in html and "Baru" in html
    assert "operator.gumas" in html


@pytest.mark.django_db
def test_filter_by_action_user_and_dates(client, personas, rows):
    client.force_login(personas.admin)

    by_action = client.get(URL, {"aksi": "uji_kobar"})
    by_user = client.get(URL, {"pelaku": "psm.tanjung"})
    today = timezone.localdate()
    by_dates_today = client.get(URL, {"dari": today.isoformat(), "sampai": today.isoformat()})
    tomorrow = (today + timedelta(days=1)).isoformat()
    by_dates_future = client.get(URL, {"dari": tomorrow})

    assert _aksi_shown(by_action) == {"uji_kobar"}
    assert _aksi_shown(by_user) == {"uji_desa_a"}
    assert {"uji_desa_a", "uji_kobar", "uji_tanpa_wilayah"} <= _aksi_shown(by_dates_today)
    assert _aksi_shown(by_dates_future) == set()


@pytest.mark.django_db
def test_dates_accept_day_month_year_and_refuse_reversed_range(client, personas, rows):
    client.force_login(personas.admin)
    today = timezone.localdate()

    typed = client.get(URL, {"dari": today.strftime("%d/%m/%Y"), "aksi": "uji_kobar"})
    reversed_range = client.get(URL, {"dari": "2026-02-10", "sampai": "2026-02-01"})

    assert _aksi_shown(typed) == {"uji_kobar"}
    assert reversed_range.status_code == 200
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in reversed_range.content.decode()
    assert _aksi_shown(reversed_range) == set()


@pytest.mark.django_db
def test_pagination_keeps_the_filter(client, personas):
    for number in range(55):
        audit_record(
            actor=personas.tksk, aksi="uji_banyak", kode_wilayah=DESA_A, keterangan=str(number)
        )
    client.force_login(personas.operator)

    first = client.get(URL, {"aksi": "uji_banyak"})
    second = client.get(URL, {"aksi": "uji_banyak", "halaman": 2})

    assert first.context["page"].paginator.count == 55
    assert len(first.context["page"].object_list) == 50
    assert "aksi=uji_banyak&amp;halaman=2" in first.content.decode()
    assert len(second.context["page"].object_list) == 5
    assert _aksi_shown(second) == {"uji_banyak"}


@pytest.mark.django_db
def test_htmx_request_gets_the_results_only(client, personas, rows):
    client.force_login(personas.operator)

    response = client.get(URL, {"aksi": "uji_desa_a"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert 'id="hasil-audit"' in html
    assert "<html" not in html
    assert "di Desa A" in html


@pytest.mark.django_db
def test_menu_entry_for_managers_only(client, personas):
    client.force_login(personas.operator)
    assert 'href="/audit/"' in client.get("/").content.decode()

    client.force_login(personas.tksk)
    assert 'href="/audit/"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_row_count_matches_the_database(client, personas, rows):
    client.force_login(personas.admin)

    response = client.get(URL)

    assert response.context["page"].paginator.count == AuditLog.objects.count()
