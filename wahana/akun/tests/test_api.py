"""The API foundation: bearer tokens, /api/v1/me, errors as {"detail": ...} in the user's
language, lockout shared with the login page."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from wahana.akun.models import Token
from wahana.audit.models import AuditLog
from wahana.conftest import KECAMATAN_A, PASSWORD


def token_for(client, username, password=PASSWORD, **headers):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
        **headers,
    )


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.django_db
def test_a_token_for_the_right_password_opens_me(client, personas):
    response = token_for(client, "tksk.kurun")
    assert response.status_code == 200
    token = response.json()["token"]
    assert len(token) >= 40

    me = Client().get("/api/v1/me", **bearer(token))
    assert me.status_code == 200
    assert me.json() == {
        "username": "tksk.kurun",
        "nama": "Tksk Kurun",
        "peran": "tksk",
        "peran_label": "TKSK",
        "kode_wilayah": KECAMATAN_A,
        "nama_wilayah": "Kurun",
    }
    # Only the digest is stored, and issuing is audited.
    stored = Token.objects.get(user=personas.tksk)
    assert stored.digest == Token.digest_of(token) != token
    assert stored.terakhir_dipakai is not None
    assert AuditLog.objects.filter(aksi="token_dibuat", pelaku=personas.tksk).exists()


@pytest.mark.django_db
def test_me_for_the_whole_country_and_through_a_session(client, personas):
    client.force_login(personas.admin)
    body = client.get("/api/v1/me").json()
    assert (body["peran"], body["kode_wilayah"], body["nama_wilayah"]) == (
        "admin_sistem",
        "",
        "Indonesia",
    )


@pytest.mark.django_db
def test_a_wrong_password_is_401_with_a_detail(client, personas):
    response = token_for(client, "tksk.kurun", "salah")
    assert response.status_code == 401
    assert response.json() == {"detail": "Nama pengguna atau kata sandi salah."}
    english = token_for(client, "tksk.kurun", "salah", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "Wrong username or password."}
    assert not Token.objects.exists()


@pytest.mark.django_db
def test_repeated_failures_lock_the_token_endpoint_too(personas):
    client = Client(REMOTE_ADDR="10.9.8.7")
    answers = [token_for(client, "tksk.kurun", "salah") for _ in range(5)]
    assert [a.status_code for a in answers] == [401, 401, 401, 401, 429]
    assert answers[-1].json() == {"detail": "Terlalu banyak percobaan gagal. Coba lagi nanti."}
    locked = token_for(client, "tksk.kurun")
    assert locked.status_code == 429
    assert locked.json() == {"detail": "Terlalu banyak percobaan gagal. Coba lagi nanti."}
    english = token_for(client, "tksk.kurun", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "Too many failed attempts. Try again later."}
    assert token_for(client, "psm.tanjungriu").status_code == 200


@pytest.mark.django_db
def test_a_malformed_body_is_422(client, personas):
    response = client.post(
        "/api/v1/auth/token", {"username": "tksk.kurun"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "detail" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["expired", "inactive", "unknown", "missing"])
def test_refused_tokens(client, personas, case):
    token = token_for(client, "psm.tanjungriu").json()["token"]
    if case == "expired":
        Token.objects.update(kedaluwarsa=timezone.now() - timedelta(seconds=1))
    elif case == "inactive":
        personas.psm.is_active = False
        personas.psm.save()
    elif case == "unknown":
        token = token + "x"
    headers = bearer(token) if case != "missing" else {}

    response = Client().get("/api/v1/me", **headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "Autentikasi diperlukan."}
    english = Client().get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en", **headers)
    assert english.json() == {"detail": "Authentication required."}


@pytest.mark.django_db
def test_not_found_in_both_languages(client, personas):
    client.force_login(personas.pengurus)
    assert client.get("/api/v1/wilayah/62.99").json() == {"detail": "Tidak ditemukan."}
    english = client.get("/api/v1/wilayah/62.99", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 404
    assert english.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_session_language_choice_applies_to_the_api(client, personas):
    client.force_login(personas.pengurus)
    client.post("/bahasa/", {"language": "en", "next": "/"})
    assert client.get("/api/v1/wilayah/62.99").json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_a_bearer_token_writes_without_a_csrf_cookie(personas):
    # Programs send no CSRF cookie: a token request must not fall into the session's CSRF check
    # (the Django test client skips CSRF unless asked, which once hid exactly this).
    strict = Client(enforce_csrf_checks=True)
    token = token_for(strict, personas.tksk.username).json()["token"]
    # An empty body reaches validation (422), not the CSRF refusal (403).
    response = strict.post(
        "/api/v1/luring/kirim", {}, content_type="application/json", **bearer(token)
    )
    assert response.status_code == 422
    session = Client(enforce_csrf_checks=True)
    session.force_login(personas.tksk)
    # A browser session without the CSRF token is still refused on a write.
    refused = session.post("/api/v1/luring/kirim", {}, content_type="application/json")
    assert refused.status_code in (401, 403)
