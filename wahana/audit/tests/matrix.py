"""Permission matrix: the audit page and the account-security pages (two-step verification,
password reset). The suite runs with two-step verification off (wahana/conftest.py); its
enforcement is walked over every route in wahana/akun/tests/test_otp.py."""

from wahana.akun import otp
from wahana.akun.testing import PENGELOLA, PERSONA_NAMES, Case, expect

EVERYONE = PERSONA_NAMES


def build(world):
    # An authenticator being enrolled, so its QR code can be served to its owner.
    for _name, user in world.personas.items():
        otp.otp_device_start(user=user)


CASES = [
    Case("audit page", "GET", "/audit/", expect(ok=PENGELOLA)),
    Case(
        "audit page filtered",
        "GET",
        "/audit/?aksi=login&dari=2026-01-01",
        expect(ok=PENGELOLA),
    ),
    Case("keamanan akun", "GET", "/akun/keamanan/", expect(ok=EVERYONE)),
    Case("2fa enrol", "GET", "/akun/keamanan/2fa/daftar/", expect(ok=EVERYONE)),
    Case("2fa qr code (own device only)", "GET", "/akun/keamanan/2fa/qr.svg", expect(ok=EVERYONE)),
    # Not enrolled yet: the verification step sends to the enrolment.
    Case("2fa verify", "GET", "/akun/keamanan/2fa/verifikasi/", expect(default=302)),
    Case(
        "2fa new backup codes (not enrolled)",
        "POST",
        "/akun/keamanan/2fa/kode-cadangan/",
        expect(default=302),
    ),
    Case(
        "2fa disable with a wrong code",
        "POST",
        "/akun/keamanan/2fa/nonaktifkan/",
        expect(default=302),
        data={"kode": "000000"},
    ),
    Case("password reset form", "GET", "/akun/sandi/lupa/", expect(ok=EVERYONE, anonymous=200)),
    Case(
        "password reset request",
        "POST",
        "/akun/sandi/lupa/",
        expect(default=302, anonymous=302),
        data={"email": "tidak.ada@desa.example"},
    ),
    Case(
        "password reset sent",
        "GET",
        "/akun/sandi/lupa/terkirim/",
        expect(ok=EVERYONE, anonymous=200),
    ),
    Case(
        "password reset link (invalid)",
        "GET",
        "/akun/sandi/atur/MQ/salah-token/",
        expect(ok=EVERYONE, anonymous=200),
    ),
    Case(
        "password reset complete",
        "GET",
        "/akun/sandi/atur/selesai/",
        expect(ok=EVERYONE, anonymous=200),
    ),
]
