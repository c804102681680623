"""Two-step verification: required of operators and admins, optional for the other roles."""

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wahana.akun.tests.test_permission_matrix import CASES, build_world
from wahana.audit.models import AuditLog
from wahana.conftest import PASSWORD

from .otp_helpers import current_code, enrol

ENROL = "/akun/keamanan/2fa/daftar/"
VERIFY = "/akun/keamanan/2fa/verifikasi/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.WAHANA_2FA_REQUIRED = True
    # A wrong code delays the next try (tested on its own below); the other tests retry at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def login(client, user):
    response = client.post("/akun/masuk/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password step must succeed"
    return response


@pytest.mark.django_db
def test_operator_is_sent_to_enrol_after_the_password(client, personas):
    login(client, personas.operator)

    response = client.get("/wilayah/")

    assert response.status_code == 302
    assert response.url == ENROL + "?next=%2Fwilayah%2F"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin", "provinsi", "operator", "operator_lain"])
def test_every_page_and_api_refuses_an_unverified_manager(personas, persona):
    """Walk every GET case of the permission matrix: nothing but the second step is served."""
    world = build_world(personas)
    client = Client()
    client.force_login(getattr(personas, persona))
    wrong = []
    for case in CASES:
        if case.method != "GET":
            continue
        url = case.resolved_url(world)
        path = url.split("?")[0]
        if path in ("/healthz", ENROL, "/akun/keamanan/2fa/qr.svg"):
            continue
        response = client.get(url, case.payload(world) or {})
        if path.startswith("/api/"):
            ok = response.status_code == 403 and "detail" in response.json()
        else:
            ok = response.status_code == 302 and response.url.startswith(ENROL)
        if not ok:
            wrong.append(f"{url}: {response.status_code}")
    assert not wrong, "served before the second step: " + "; ".join(wrong)


@pytest.mark.django_db
def test_other_roles_are_not_asked(client, personas):
    login(client, personas.psm)

    assert client.get("/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200


@pytest.mark.django_db
def test_enrolment_with_qr_code_and_backup_codes(client, personas):
    operator = personas.operator
    login(client, operator)

    page = client.get(ENROL + "?next=/wilayah/")
    qr = client.get("/akun/keamanan/2fa/qr.svg")
    device = TOTPDevice.objects.get(user=operator, confirmed=False)
    wrong = client.post(ENROL, {"kode": "000000", "next": "/wilayah/"})
    right = client.post(ENROL, {"kode": current_code(device), "next": "/wilayah/"})

    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="/akun/keamanan/2fa/qr.svg"' in html
    assert "<script" not in html.split("</head>")[1]
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<?xml") and b"<svg" in qr.content
    assert "no-store" in qr["Cache-Control"]
    assert "Kode tidak cocok" in wrong.content.decode()
    assert right.status_code == 200
    assert len(right.context["codes"]) == 10
    assert right.context["next"] == "/wilayah/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/wilayah/").status_code == 200
    assert AuditLog.objects.filter(aksi="2fa_diaktifkan", pelaku=operator).exists()


@pytest.mark.django_db
def test_enrolled_operator_verifies_with_a_code(client, personas):
    device, _codes = enrol(personas.operator)
    login(client, personas.operator)

    sent = client.get("/")
    no_reenrol = client.get(ENROL)
    wrong = client.post(VERIFY, {"kode": "123456", "next": "/"})
    right = client.post(VERIFY, {"kode": current_code(device, 1), "next": "/wilayah/"})

    assert sent.url == VERIFY + "?next=%2F"
    assert no_reenrol.status_code == 302 and no_reenrol.url == VERIFY
    assert "Kode verifikasi salah" in wrong.content.decode()
    assert AuditLog.objects.filter(aksi="2fa_gagal", pelaku=personas.operator).count() == 1
    assert right.status_code == 302 and right.url == "/wilayah/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_code_is_not_accepted_twice(personas):
    device, _codes = enrol(personas.operator)
    code = current_code(device, offset_steps=1)
    first, second = Client(), Client()
    login(first, personas.operator)
    login(second, personas.operator)

    assert first.post(VERIFY, {"kode": code}).status_code == 302
    assert "Kode verifikasi salah" in second.post(VERIFY, {"kode": code}).content.decode()


@pytest.mark.django_db
def test_a_backup_code_works_once(personas):
    _device, codes = enrol(personas.operator)
    first, second = Client(), Client()
    login(first, personas.operator)
    login(second, personas.operator)

    used = first.post(VERIFY, {"kode": codes[0].upper(), "next": "/"})
    again = second.post(VERIFY, {"kode": codes[0], "next": "/"})

    assert used.status_code == 302
    assert again.status_code == 200
    assert StaticToken.objects.filter(device__user=personas.operator).count() == 9


@pytest.mark.django_db
def test_next_never_leaves_the_site(client, personas):
    device, _codes = enrol(personas.operator)
    login(client, personas.operator)

    response = client.post(
        VERIFY, {"kode": current_code(device, 1), "next": "https://jahat.example/"}
    )

    assert response.url == "/"


@pytest.mark.django_db
def test_unverified_api_session_is_403_then_200(client, personas):
    device, _codes = enrol(personas.admin)
    login(client, personas.admin)

    before = client.get("/api/v1/me")
    client.post(VERIFY, {"kode": current_code(device, 1)})
    after = client.get("/api/v1/me")

    assert before.status_code == 403
    assert before.json() == {
        "detail": "Verifikasi dua langkah diperlukan. Masuk lewat halaman web."
    }
    assert after.status_code == 200


def _token(client, user, **extra):
    return client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD, **extra},
        content_type="application/json",
    )


@pytest.mark.django_db
def test_token_for_managers_needs_a_code(client, personas):
    operator = personas.operator
    not_enrolled = _token(client, operator)
    device, codes = enrol(operator)
    missing = _token(client, operator)
    wrong = _token(client, operator, otp="000000")
    right = _token(client, operator, otp=current_code(device, 1))
    backup = _token(client, operator, otp=codes[1])
    other_role = _token(client, personas.psm)

    assert not_enrolled.status_code == 403
    assert "Keamanan akun" in not_enrolled.json()["detail"]
    assert missing.status_code == 403
    assert missing.json() == {"detail": "Kode verifikasi dua langkah (otp) wajib diisi."}
    assert wrong.status_code == 403
    assert right.status_code == 200 and right.json()["token"]
    assert backup.status_code == 200
    assert other_role.status_code == 200


@pytest.mark.django_db
def test_optional_enrolment_for_other_roles_and_disabling(client, personas):
    psm = personas.psm
    login(client, psm)
    security = client.get("/akun/keamanan/")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=psm, confirmed=False)
    codes = client.post(ENROL, {"kode": current_code(device)}).context["codes"]

    fresh = Client()
    login(fresh, psm)
    asked = fresh.get("/")
    fresh.post(VERIFY, {"kode": current_code(device, offset_steps=1)})
    bad_disable = fresh.post("/akun/keamanan/2fa/nonaktifkan/", {"kode": "000000"})
    still_on = TOTPDevice.objects.filter(user=psm).exists()
    disabled = fresh.post("/akun/keamanan/2fa/nonaktifkan/", {"kode": codes[0]})

    assert "Aktifkan verifikasi dua langkah" in security.content.decode()
    assert asked.url.startswith(VERIFY)
    assert bad_disable.status_code == 302 and still_on
    assert disabled.status_code == 302
    assert not TOTPDevice.objects.filter(user=psm).exists()
    assert AuditLog.objects.filter(aksi="2fa_dinonaktifkan", pelaku=psm).exists()
    assert fresh.get("/").status_code == 200


@pytest.mark.django_db
def test_managers_cannot_disable(client, personas):
    device, _codes = enrol(personas.operator)
    login(client, personas.operator)
    client.post(VERIFY, {"kode": current_code(device, 1)})

    response = client.post("/akun/keamanan/2fa/nonaktifkan/", {"kode": "abcdefgh"})

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=personas.operator, confirmed=True).exists()


@pytest.mark.django_db
def test_new_backup_codes_replace_the_old(client, personas):
    device, old = enrol(personas.operator)
    login(client, personas.operator)
    client.post(VERIFY, {"kode": current_code(device, 1)})

    response = client.post("/akun/keamanan/2fa/kode-cadangan/")

    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert "Tersisa 10 kode cadangan" in client.get("/akun/keamanan/").content.decode()


@pytest.mark.django_db
def test_switched_off_for_a_demo(client, personas, settings):
    settings.WAHANA_2FA_REQUIRED = False
    login(client, personas.operator)

    assert client.get("/").status_code == 200
    assert _token(Client(), personas.operator).status_code == 200


@pytest.mark.django_db
def test_qr_code_only_while_enrolling(client, personas):
    login(client, personas.psm)

    assert client.get("/akun/keamanan/2fa/qr.svg").status_code == 404


@pytest.mark.django_db
def test_wrong_codes_slow_down_guessing(client, personas, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    device, _codes = enrol(personas.operator)
    login(client, personas.operator)

    client.post(VERIFY, {"kode": "000000"})
    right_too_soon = client.post(VERIFY, {"kode": current_code(device, offset_steps=1)})

    assert right_too_soon.status_code == 200
    assert "Kode verifikasi salah" in right_too_soon.content.decode()
