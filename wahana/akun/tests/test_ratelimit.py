"""Rate limits on the token endpoint and the region search (page and API)."""

import pytest
from django.test import Client

from wahana.akun.ratelimit import parse_rate
from wahana.conftest import PASSWORD


def test_parse_rate():
    assert parse_rate("120/m") == (120, 60)
    assert parse_rate("5/h") == (5, 3600)
    assert parse_rate("1/s") == (1, 1)


@pytest.mark.django_db
def test_token_endpoint_answers_429_past_the_limit(personas, settings):
    settings.WAHANA_RATE_LIMITS = {**settings.WAHANA_RATE_LIMITS, "token": "3/m"}
    client = Client(REMOTE_ADDR="10.1.2.3")
    other_address = Client(REMOTE_ADDR="10.1.2.4")
    body = {"username": personas.psm.username, "password": PASSWORD}

    statuses = [
        client.post("/api/v1/auth/token", body, content_type="application/json").status_code
        for _ in range(4)
    ]
    limited = client.post("/api/v1/auth/token", body, content_type="application/json")
    elsewhere = other_address.post("/api/v1/auth/token", body, content_type="application/json")

    assert statuses == [200, 200, 200, 429]
    assert limited.status_code == 429
    assert limited.json()["detail"].startswith("Terlalu banyak permintaan.")
    assert 0 < int(limited["Retry-After"]) <= 60
    assert elsewhere.status_code == 200


@pytest.mark.django_db
def test_region_search_page_and_api_are_limited_per_user(client, personas, settings):
    settings.WAHANA_RATE_LIMITS = {**settings.WAHANA_RATE_LIMITS, "cari": "2/m"}
    client.force_login(personas.tksk)

    pages = [client.get("/wilayah/", {"q": "kurun"}).status_code for _ in range(3)]
    limited_page = client.get("/wilayah/cari/", {"q": "kurun"})
    api = client.get("/api/v1/wilayah", {"q": "kurun"})
    other = Client()
    other.force_login(personas.psm)

    assert pages == [200, 200, 429]
    assert limited_page.status_code == 429
    assert "Terlalu banyak permintaan" in limited_page.content.decode()
    assert "<html" in limited_page.content.decode()
    assert api.status_code == 429 and "detail" in api.json()
    assert other.get("/api/v1/wilayah", {"q": "kurun"}).status_code == 200


@pytest.mark.django_db
def test_default_limits_leave_normal_use_alone(client, personas):
    client.force_login(personas.tksk)

    statuses = {client.get("/wilayah/cari/", {"q": f"ku{n}"}).status_code for n in range(30)}

    assert statuses == {200}
