"""Two-step verification in Chromium, as an operator meets it: the password alone opens nothing,
the enrolment page shows a key the test types into its own authenticator (TOTP computed here
from the key on the page), the backup codes are shown once, and the next login asks for the
code of the app. A PSM, whose role does not require it, goes straight to the home page."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.e2e.pages import HomePage, LoginPage, OtpEnrolPage, OtpVerifyPage
from wahana.conftest import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def required(settings):
    # Production turns it on (WAHANA_2FA_REQUIRED defaults to production); the suite's default is
    # off (wahana/conftest.py). The live server runs in this process and reads these settings.
    settings.WAHANA_2FA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code does not delay the next try here


def authenticator(key_text: str, steps_ahead: int = 0) -> str:
    """The 6-digit code an authenticator app shows for the key typed from the page."""
    totp = TOTP(b32decode(key_text.replace(" ", "")), step=30, t0=0, digits=6)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def password_step(page, server_url, username):
    login_page = LoginPage(page, server_url).open()
    login_page.login(username, PASSWORD)


def test_operator_enrols_then_logs_in_with_the_second_factor(page, server_url, personas):
    password_step(page, server_url, personas.operator.username)
    enrol = OtpEnrolPage(page, server_url)
    expect(page).to_have_url(enrol.url() + "?next=%2F")
    expect(enrol.heading).to_have_text("Aktifkan verifikasi dua langkah")
    expect(page.locator("main")).to_contain_text("wajib memakai verifikasi dua langkah")
    # Forced: any other page, and the API with the session, lead back to the enrolment.
    page.goto(server_url + "/wilayah/")
    expect(page).to_have_url(enrol.url() + "?next=%2Fwilayah%2F")
    assert page.request.get(server_url + "/api/v1/me").status == 403
    key = enrol.key.inner_text()
    assert page.request.get(server_url + "/akun/keamanan/2fa/qr.svg").ok

    enrol.confirm("000000" if authenticator(key) != "000000" else "111111")
    expect(page.locator("main form [role='alert']")).to_contain_text("Kode tidak cocok")
    expect(enrol.key).to_have_text(key)  # the same authenticator, not a new one

    enrol.confirm(authenticator(key))
    expect(enrol.heading).to_have_text("Kode cadangan")
    expect(enrol.backup_codes()).to_have_count(10)
    enrol.go_on()  # on to the page first asked for
    expect(page).to_have_url(server_url + "/wilayah/")
    expect(page.locator("main h1").first).to_have_text("Wilayah Indonesia")
    home = HomePage(page, server_url).open()
    expect(home.heading).to_have_text("Selamat datang, Operator Gumas")

    home.logout()
    password_step(page, server_url, personas.operator.username)
    verify = OtpVerifyPage(page, server_url)
    expect(page).to_have_url(verify.url() + "?next=%2F")
    page.goto(server_url + OtpEnrolPage.path)  # the password alone cannot replace the app
    expect(page).to_have_url(re.compile(re.escape(verify.url())))
    verify.verify("123456" if authenticator(key, 1) != "123456" else "654321")
    expect(verify.errors()).to_contain_text("Kode verifikasi salah")
    # The code of the enrolment's time step is spent; the app's next code is accepted.
    verify.verify(authenticator(key, steps_ahead=1))
    expect(home.heading).to_have_text("Selamat datang, Operator Gumas")
    assert page.request.get(server_url + "/api/v1/me").status == 200


def test_admin_is_forced_to_enrol_and_psm_is_not(browser, page, server_url, personas):
    password_step(page, server_url, personas.admin.username)
    expect(page).to_have_url(OtpEnrolPage(page, server_url).url() + "?next=%2F")
    page.goto(server_url + "/akun/pengguna/")
    expect(page).to_have_url(OtpEnrolPage(page, server_url).url() + "?next=%2Fakun%2Fpengguna%2F")

    other = browser.new_context(locale="id-ID")
    try:
        psm_page = other.new_page()
        password_step(psm_page, server_url, personas.psm.username)
        expect(psm_page).to_have_url(server_url + "/")
        # Available to every role: the security page offers the enrolment.
        psm_page.goto(server_url + "/akun/keamanan/")
        expect(psm_page.get_by_role("link", name="Aktifkan verifikasi dua langkah")).to_be_visible()
    finally:
        other.close()
