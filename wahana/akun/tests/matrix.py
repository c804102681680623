"""Permission matrix: the shell (home, health, language, API docs), accounts and the API base."""

from wahana.akun.testing import (
    PERSONA_NAMES,
    Case,
    expect,
    expect_api,
)

EVERYONE = PERSONA_NAMES
# Managers whose scope covers the TKSK of Kurun (62.10.02).
MANAGE_TKSK = ("admin", "provinsi", "operator")
PENGELOLA = ("admin", "provinsi", "operator", "operator_lain")

CASES = [
    Case("beranda", "GET", "/", expect(ok=EVERYONE)),
    Case("healthz", "GET", "/healthz", expect(ok=EVERYONE, anonymous=200)),
    Case(
        "set language",
        "POST",
        "/bahasa/",
        expect(default=302, anonymous=302),
        data={"language": "en", "next": "/"},
    ),
    Case("login page", "GET", "/akun/masuk/", expect(default=302, anonymous=200)),
    Case("logout", "POST", "/akun/keluar/", expect(default=302, anonymous=302)),
    Case("user list", "GET", "/akun/pengguna/", expect(ok=PENGELOLA)),
    Case("user create form", "GET", "/akun/pengguna/baru/", expect(ok=PENGELOLA)),
    Case(
        "user edit (TKSK Kurun)",
        "GET",
        "/akun/pengguna/{personas.tksk.pk}/",
        expect(ok=MANAGE_TKSK),
    ),
    Case(
        "api root (no page: 404 outside DEBUG)",
        "GET",
        "/api/v1/",
        expect(default=404, anonymous=404),
    ),
    Case("api docs", "GET", "/api/v1/docs", expect(ok=EVERYONE, anonymous=200)),
    Case("api openapi", "GET", "/api/v1/openapi.json", expect(ok=EVERYONE, anonymous=200)),
    Case(
        "api token, wrong password",
        "POST",
        "/api/v1/auth/token",
        expect_api(default=401),
        data={"username": "tksk.kurun", "password": "salah"},
        json=True,
    ),
    Case("api me", "GET", "/api/v1/me", expect_api(ok=EVERYONE)),
]
