"""Sessions end after a period without activity and a fixed time after the login."""

import time

import pytest

from wahana.akun.sesi import LOGIN_AT, SEEN_AT
from wahana.audit.models import AuditLog
from wahana.conftest import PASSWORD


def _login(client, user):
    client.post("/akun/masuk/", {"username": user.username, "password": PASSWORD})
    session = client.session
    assert session.get(LOGIN_AT) and session.get(SEEN_AT), "the login starts both clocks"


def _age(client, key, seconds):
    session = client.session
    session[key] = time.time() - seconds
    session.save()


@pytest.mark.django_db
def test_active_session_goes_on(client, personas, settings):
    _login(client, personas.tksk)
    _age(client, SEEN_AT, settings.WAHANA_SESSION_IDLE_TIMEOUT - 120)

    response = client.get("/")

    assert response.status_code == 200
    assert time.time() - client.session[SEEN_AT] < 5, "activity moves the idle clock"


@pytest.mark.django_db
def test_idle_session_ends(client, personas, settings):
    _login(client, personas.tksk)
    _age(client, SEEN_AT, settings.WAHANA_SESSION_IDLE_TIMEOUT + 1)

    response = client.get("/wilayah/")
    after = client.get("/akun/masuk/")

    assert response.status_code == 302
    assert response.url.startswith("/akun/masuk/?next=/wilayah/")
    assert "lama tidak aktif" in after.content.decode()
    assert AuditLog.objects.filter(aksi="sesi_berakhir", pelaku=personas.tksk).count() == 1


@pytest.mark.django_db
def test_absolute_timeout_ends_even_an_active_session(client, personas, settings):
    _login(client, personas.operator)
    _age(client, LOGIN_AT, settings.WAHANA_SESSION_ABSOLUTE_TIMEOUT + 1)

    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_timeouts_follow_the_settings(client, personas, settings):
    settings.WAHANA_SESSION_IDLE_TIMEOUT = 5
    _login(client, personas.psm)
    _age(client, SEEN_AT, 6)

    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_bearer_token_requests_make_no_session(client, personas):
    token = client.post(
        "/api/v1/auth/token",
        {"username": personas.psm.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    client.cookies.clear()

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_logout_ends_the_cached_session_for_every_worker(client, personas, settings):
    """Sessions are read from a cache (settings.SESSION_ENGINE, cached_db): a per-process cache
    would keep a logged-out session alive in the other gunicorn workers, so the cache is one
    every worker reads, and the logout removes the session from it and from the database."""
    from django.contrib.sessions.models import Session
    from django.core.cache import caches
    from django.test import Client

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    backend = settings.CACHES[settings.SESSION_CACHE_ALIAS]["BACKEND"]
    assert "locmem" not in backend.lower(), "a per-process cache is not shared by the workers"
    _login(client, personas.psm)
    key = client.cookies["sessionid"].value
    cache_key = client.session.cache_key
    # Another browser holding the same cookie (or the same browser on another worker).
    other = Client()
    other.cookies["sessionid"] = key
    assert other.get("/").status_code == 200
    assert caches[settings.SESSION_CACHE_ALIAS].get(cache_key) is not None

    client.post("/akun/keluar/")

    assert caches[settings.SESSION_CACHE_ALIAS].get(cache_key) is None
    assert not Session.objects.filter(session_key=key).exists()
    assert other.get("/").status_code == 302
