"""Signing in and out: lockout after repeated failures (per username *and* address), audit."""

import pytest
from django.test import Client

from wahana.audit.models import AuditLog
from wahana.conftest import KECAMATAN_A, PASSWORD

OFFICE = "10.20.30.40"  # one village office: several people behind one public address
ELSEWHERE = "10.20.30.41"


def attempt(username, password, ip=OFFICE):
    # A fresh client per attempt: a browser that keeps no cookies, as a scripted attack would.
    return Client(REMOTE_ADDR=ip).post("/akun/masuk/", {"username": username, "password": password})


@pytest.mark.django_db
def test_login_and_logout_are_audited(client, personas):
    response = client.post(
        "/akun/masuk/", {"username": "tksk.kurun", "password": PASSWORD}, REMOTE_ADDR=OFFICE
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    login = AuditLog.objects.get(aksi="login")
    assert (login.pelaku, login.kode_wilayah, login.alamat_ip) == (
        personas.tksk,
        KECAMATAN_A,
        OFFICE,
    )

    assert client.post("/akun/keluar/").status_code == 302
    assert AuditLog.objects.get(aksi="logout").pelaku == personas.tksk
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_a_wrong_password_is_explained_and_audited_without_the_password(personas):
    response = attempt("tksk.kurun", "rahasia-salah")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah. Periksa lalu coba lagi." in html
    failed = AuditLog.objects.get(aksi="login_gagal")
    assert failed.pelaku is None
    assert failed.keterangan == "tksk.kurun"
    assert failed.kode_wilayah == KECAMATAN_A  # the operator of that area can see it
    assert "rahasia-salah" not in str(failed.perubahan) + failed.keterangan
    attempt("tidak.ada", "x")
    assert AuditLog.objects.get(aksi="login_gagal", keterangan="tidak.ada").kode_wilayah == ""


@pytest.mark.django_db
def test_five_failures_lock_that_username_from_that_address_only(personas):
    for _ in range(4):
        assert attempt("tksk.kurun", "salah").status_code == 200
    locked = attempt("tksk.kurun", "salah")
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan gagal" in locked.content.decode()

    # Even the right password is refused now, from that address.
    again = attempt("tksk.kurun", PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in again.client.session
    assert AuditLog.objects.filter(aksi="login_terkunci", keterangan="tksk.kurun").exists()

    # The village office case: a colleague behind the same address still signs in.
    colleague = attempt("psm.tanjungriu", PASSWORD)
    assert colleague.status_code == 302
    # And the locked user can sign in from another address.
    assert attempt("tksk.kurun", PASSWORD, ip=ELSEWHERE).status_code == 302


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(personas):
    for _ in range(4):
        attempt("tksk.kurun", "salah")
    assert attempt("tksk.kurun", PASSWORD).status_code == 302
    for _ in range(4):
        assert attempt("tksk.kurun", "salah").status_code == 200


@pytest.mark.django_db
def test_an_inactive_account_cannot_sign_in(personas):
    personas.psm.is_active = False
    personas.psm.save()
    response = attempt("psm.tanjungriu", PASSWORD)
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


@pytest.mark.django_db
def test_signed_in_users_skip_the_login_page_and_next_is_honoured(client, personas):
    response = client.post(
        "/akun/masuk/?next=/wilayah/62.10/",
        {"username": "tksk.kurun", "password": PASSWORD, "next": "/wilayah/62.10/"},
    )
    assert response["Location"] == "/wilayah/62.10/"
    assert client.get("/akun/masuk/").status_code == 302
    evil = Client().post(
        "/akun/masuk/",
        {"username": "psm.tanjungriu", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert evil["Location"] == "/"
