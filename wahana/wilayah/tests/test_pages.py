"""Region pages, the HTMX search partial, the picker endpoint and the API."""

import pytest

from wahana.conftest import DESA_A, KABUPATEN, KECAMATAN_A
from wahana.wilayah.models import Wilayah


@pytest.fixture
def pengurus_client(client, personas):
    client.force_login(personas.pengurus)
    return client


@pytest.mark.django_db
def test_browse_needs_a_login(client):
    response = client.get("/wilayah/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


@pytest.mark.django_db
def test_browse_a_kabupaten_lists_its_kecamatan(pengurus_client):
    response = pengurus_client.get(f"/wilayah/{KABUPATEN}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Kabupaten Gunung Mas <small>62.10</small></h1>" in html  # kind not repeated
    assert "Sub-wilayah (12)" in html
    assert f'href="/wilayah/{KECAMATAN_A}/"' in html
    assert 'href="/wilayah/62/"' in html  # breadcrumb to the province


@pytest.mark.django_db
def test_search_page_and_htmx_partial(pengurus_client):
    full = pengurus_client.get(f"/wilayah/{KABUPATEN}/", {"q": "riu"}).content.decode()
    assert "<html" in full
    assert f'href="/wilayah/{DESA_A}/"' in full
    assert "1 hasil" in full

    partial = pengurus_client.get(f"/wilayah/{KABUPATEN}/", {"q": "riu"}, HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert partial.status_code == 200
    assert "<html" not in html
    assert html.strip().startswith('<div id="hasil">')
    assert f'href="/wilayah/{DESA_A}/"' in html
    assert "Sub-wilayah" not in html

    nothing = pengurus_client.get("/wilayah/", {"q": "zzzz"}, HTTP_HX_REQUEST="true")
    assert "Tidak ada wilayah dengan nama itu." in nothing.content.decode()


@pytest.mark.django_db
def test_unknown_area_is_404_and_a_retired_one_says_so(pengurus_client):
    assert pengurus_client.get("/wilayah/62.10.99/").status_code == 404
    Wilayah.objects.filter(kode=DESA_A).update(aktif=False)
    html = pengurus_client.get(f"/wilayah/{DESA_A}/").content.decode()
    assert "sudah tidak berlaku" in html
    assert "<h1>Desa Tanjung Riu <small>" in html
    kecamatan = pengurus_client.get(f"/wilayah/{KECAMATAN_A}/").content.decode()
    assert "<h1>Kecamatan Kurun <small>" in kecamatan


@pytest.mark.django_db
def test_picker_searches_inside_an_area_at_one_level(pengurus_client):
    response = pengurus_client.get(
        "/wilayah/cari/", {"q": "tanjung", "dalam": KABUPATEN, "tingkat": "4"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.count('class="pilih-wilayah"') == 3
    assert f'data-kode="{DESA_A}" data-nama="Tanjung Riu"' in html
    # Desa are the level asked for: nothing below them to step into.
    assert "turun-wilayah" not in html


@pytest.mark.django_db
def test_picker_without_words_steps_down_one_level(pengurus_client):
    html = pengurus_client.get("/wilayah/cari/", {"dalam": KECAMATAN_A}).content.decode()
    desa = Wilayah.objects.filter(induk_id=KECAMATAN_A).count()
    assert html.count('class="pilih-wilayah"') == desa
    assert html.count('class="turun-wilayah"') == desa
    top = pengurus_client.get("/wilayah/cari/", {"tingkat": "x"}).content.decode()
    assert 'data-kode="62"' in top


@pytest.mark.django_db
def test_api_lists_children_with_limit_and_offset(pengurus_client):
    body = pengurus_client.get("/api/v1/wilayah", {"induk": KABUPATEN}).json()
    assert body["count"] == 12
    assert len(body["items"]) == 12
    first = body["items"][0]
    assert set(first) == {"kode_wilayah", "nama", "tingkat", "jenis", "induk", "aktif"}
    assert first["induk"] == KABUPATEN

    page = pengurus_client.get(
        "/api/v1/wilayah", {"induk": KABUPATEN, "limit": 5, "offset": 10}
    ).json()
    assert page["count"] == 12
    assert [i["kode_wilayah"] for i in page["items"]] == [
        i["kode_wilayah"] for i in body["items"][10:]
    ]


@pytest.mark.django_db
def test_api_search_and_detail(pengurus_client):
    found = pengurus_client.get(
        "/api/v1/wilayah", {"q": "tanjung", "induk": KABUPATEN, "tingkat": 4}
    ).json()
    assert found["count"] == 3
    assert DESA_A in [i["kode_wilayah"] for i in found["items"]]

    detail = pengurus_client.get(f"/api/v1/wilayah/{DESA_A}").json()
    assert detail == {
        "kode_wilayah": DESA_A,
        "nama": "Tanjung Riu",
        "tingkat": 4,
        "jenis": "desa",
        "induk": KECAMATAN_A,
        "aktif": True,
    }
    missing = pengurus_client.get("/api/v1/wilayah/62.10.99")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Tidak ditemukan."}


@pytest.mark.django_db
def test_api_needs_authentication(client):
    response = client.get("/api/v1/wilayah")
    assert response.status_code == 401
    assert response.json() == {"detail": "Autentikasi diperlukan."}
