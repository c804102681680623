"""PPKS search (list filters, NIK search) and export are rate-limited per user, pages and API."""

import pytest

from wahana.akun.services import token_issue


@pytest.fixture
def tight(settings):
    settings.WAHANA_RATE_LIMITS = {
        **settings.WAHANA_RATE_LIMITS,
        "cari": "2/m",
        "ppks_cari_nik": "2/m",
        "ekspor": "2/m",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/ppks/", {"q": "Dewi"}),
        ("post", "/ppks/cari-nik/", {"nik": "6210020101900001"}),
        ("get", "/ppks/ekspor/", {}),
    ],
)
def test_ppks_search_and_export_pages_answer_429_past_the_limit(
    client, personas, tight, method, path, data
):
    client.force_login(personas.operator)
    call = getattr(client, method)
    first = [call(path, data).status_code for _ in range(2)]
    assert 429 not in first and all(code < 500 for code in first)
    refused = call(path, data)
    assert refused.status_code == 429
    assert "Terlalu banyak permintaan" in refused.content.decode()
    # The counter is per user: a colleague is not held back.
    client.force_login(personas.admin)
    assert call(path, data).status_code != 429


@pytest.mark.django_db
def test_ppks_api_list_and_nik_search_answer_429_past_the_limit(client, personas, tight):
    headers = {"Authorization": f"Bearer {token_issue(user=personas.operator)}"}
    for _ in range(2):
        assert client.get("/api/v1/ppks/", headers=headers).status_code == 200
    refused = client.get("/api/v1/ppks/", headers=headers)
    assert refused.status_code == 429
    assert "detail" in refused.json()

    nik = {"nik": "6210020101900001"}
    for _ in range(2):
        response = client.post(
            "/api/v1/ppks/cari-nik", nik, content_type="application/json", headers=headers
        )
        assert response.status_code == 404
    refused = client.post(
        "/api/v1/ppks/cari-nik", nik, content_type="application/json", headers=headers
    )
    assert refused.status_code == 429
